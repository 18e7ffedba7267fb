"""Acceptance QA: what a user sees on the command line and in the report at the edges (issue 12).

Invented stories only; each test is the reproducer of something found by trying fabula as a user.
"""

from __future__ import annotations

import errno
import json
import re
import tempfile

import pytest
from click.testing import CliRunner

from fabula.cli import main

STORY = ("The Clock\n\nOdile wound the clock in the hall. \"Late again,\" said Bram.\n\n"
         "\"Always,\" Odile said. Bram laughed at her and she laughed back at him.\n\n"
         "\"Then we leave at dawn,\" said Bram.\n\n\"At dawn,\" said Odile.\n")


def one_line_error(result) -> str:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("fabula: error: "), result.output
    return lines[0]


@pytest.mark.parametrize("args, where", [
    (["analyze", "story.txt", "--formats"], "fabula analyze"),
    (["batch", "fics", "-o"], "fabula batch"),
    (["eval", "stories", "--loso=3", "x"], "fabula eval stories"),
])
def test_an_option_missing_its_value_points_to_the_subcommands_help(args, where):
    # click gives no context for these; the line once said "see `fabula --help`" whatever the command
    line = one_line_error(CliRunner().invoke(main, args))
    assert f"(see `{where} --help`)" in line


def test_an_unknown_top_level_option_still_points_to_fabulas_help():
    assert "(see `fabula --help`)" in one_line_error(CliRunner().invoke(main, ["--bogus"], prog_name="fabula"))


@pytest.fixture()
def analysed(tmp_path):
    story = tmp_path / "clock.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["analyze", str(story), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    return out


def test_report_on_a_read_only_folder_says_why_like_every_other_os_error(analysed, monkeypatch):
    def read_only(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    line = one_line_error(CliRunner().invoke(main, ["report", str(analysed)]))
    assert line == f"fabula: error: cannot write {analysed / 'report.html'}: read-only file system"


def test_a_pair_with_one_exchange_reads_in_the_singular(analysed):
    doc = json.loads((analysed / "analysis.json").read_text(encoding="utf-8"))
    assert doc["relationships"], "the invented story has two people talking"
    doc["relationships"] = doc["relationships"][:1]
    doc["relationships"][0].update(exchanges=1, words=1)
    (analysed / "analysis.json").write_text(json.dumps(doc), encoding="utf-8")
    r = CliRunner().invoke(main, ["report", str(analysed)])
    assert r.exit_code == 0, r.output
    page = (analysed / "report.html").read_text(encoding="utf-8")
    assert re.search(r"\b1 exchange · 1 word · tone", page)
    assert "1 exchanges" not in page and "1 words" not in page


def test_top_level_help_lists_every_command_without_importing_the_lazy_ones():
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from fabula.cli import main\n"
        "try:\n"
        "    main(['--help'], prog_name='fabula')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED', sorted(m for m in ('fabula.corpus', 'fabula.batch', 'fabula.eval.cli', 'fabula.train', 'pyarrow') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    for name in ("analyze", "batch", "eval", "report", "train"):
        assert re.search(rf"^\s+{name}\s+\S", out, re.MULTILINE), name
    assert "LOADED []" in out


def test_every_lazy_command_resolves_to_a_command():
    import click

    from fabula.cli import LAZY_COMMANDS

    for name in LAZY_COMMANDS:
        assert isinstance(main.get_command(click.Context(main), name), click.Command), name

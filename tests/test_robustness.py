"""Robustness: inputs at the edges of what a user can hand `fabula analyze` still give a complete
result (or one clear error line), and nothing in the flow grows faster than the story does.

Each test here is the small reproducer of a failure once found by running the whole CLI over real
novels and over deliberately nasty files (the sweep of the robustness issue)."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

import fabula
from fabula import ingest
from fabula.cli import main
from fabula.errors import FabulaError

# Invented names, so the cast stage has nothing to lean on but the text itself.
CROWD = [f"{a}{b}" for a in ["Ar", "Bel", "Cor", "Dan", "Fen", "Gar", "Hal", "Jor", "Kel", "Lor", "Mir", "Quin"]
         for b in ["an", "ek", "wyn", "ith", "us", "os"]]


def crowd_scene(names: list[str]) -> str:
    """One scene (no breaks) in which every one of ``names`` speaks to the next."""
    paras = []
    for i, a in enumerate(names):
        b = names[(i + 1) % len(names)]
        paras.append(f'{a} turned to {b}. "Have you seen the key?" asked {a}. {b} shook his head.')
    return "\n\n".join(paras)


def test_a_scene_naming_a_crowd_does_not_join_every_pair_of_it():
    # 72 people named in one scene would be 2,556 co-presence edges, and a chapter-long scene of a
    # novel like Ulysses names hundreds (197,000 edges, 80 MB of graph files); co-presence keeps the
    # scene's 40 most mentioned people, so at most 40 * 39 / 2 pairs.
    a = fabula.analyze(crowd_scene(CROWD))
    assert len(a.cast.characters) == len(CROWD)
    assert len(a.network.words_spoken) == len(CROWD)  # every character is still a node
    copresent = [e for e in a.network.edges if e.copresence]
    assert 0 < len(copresent) <= 40 * 39 // 2
    talking = {(e.a, e.b) for e in a.network.edges if e.conversation}
    assert len(talking) >= len(CROWD) - 1  # who talks to whom is kept whatever the crowd


def test_a_small_scene_keeps_every_pair():
    a = fabula.analyze(crowd_scene(CROWD[:5]))
    assert len([e for e in a.network.edges if e.copresence]) == 5 * 4 // 2


STORY = 'The kettle boiled over while Odile was reading. "Leave it," said Bram.\n'


def test_output_folder_holding_the_users_own_files_is_never_replaced(tmp_path):
    # `fabula analyze drafts/story.txt -o drafts` once replaced the folder, deleting the story itself
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "story.txt").write_text(STORY)
    (drafts / "notes.md").write_text("my notes")
    r = CliRunner().invoke(main, ["analyze", str(drafts / "story.txt"), "-o", str(drafts), "-q"])
    assert r.exit_code == 2
    assert r.output.startswith("fabula: error: ") and r.output.count("\n") == 1
    assert sorted(p.name for p in drafts.iterdir()) == ["notes.md", "story.txt"]
    assert (drafts / "story.txt").read_text() == STORY


def test_an_earlier_output_folder_or_an_empty_one_is_replaced(tmp_path):
    (tmp_path / "story.txt").write_text(STORY)
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):  # first into an empty folder, then over its own earlier output
        r = CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o", str(out), "-q"])
        assert r.exit_code == 0, r.output
        assert (out / "analysis.json").is_file() and (out / "report.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial left


def test_the_summary_prints_on_a_terminal_that_cannot_show_the_storys_characters(tmp_path, monkeypatch):
    # an ASCII (or cp1252) console and a story named with letters it lacks: the summary once died
    # with an "internal error" after the output had been written
    from rich.console import Console

    from fabula import terminal
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(terminal, "console", Console(file=out, width=80))
    a = fabula.analyze('Zoë and the Dragon 🐉\n\n"Hola, señor," said Zoë. Chloé laughed.\n\nZoë ran after Chloé.\n')
    terminal.summary(a, tmp_path)
    out.flush()
    shown = raw.getvalue().decode("ascii")
    assert "Zo? and the Dragon ?" in shown
    assert "Chlo?" in shown


def test_an_error_naming_a_path_with_a_line_break_is_still_one_line(tmp_path):
    (tmp_path / "story.txt").write_text(STORY)
    odd = tmp_path / "two\nlines"
    odd.write_text("a file, not a folder")
    r = CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o", str(odd), "-q"])
    assert r.exit_code == 2
    assert r.output.startswith("fabula: error: ") and r.output.count("\n") == 1
    assert "not a folder" in r.output


def test_html_nested_past_the_parsers_limit_is_refused_not_cut_short():
    # libxml2 stops at 256 levels of nesting and hands back what it had: chapter two vanished and
    # the output looked complete
    deep = "<div>" * 300 + "<p>A sidebar.</p>" + "</div>" * 300
    page = f"<html><body><p>Chapter one.</p>{deep}<p>Chapter two.</p></body></html>"
    with pytest.raises(FabulaError, match="nested"):
        ingest.read(page)


def test_html_nested_within_the_limit_reads_whole():
    deep = "<div>" * 200 + "<p>A sidebar.</p>" + "</div>" * 200
    page = f"<html><body><p>Chapter one.</p>{deep}<p>Chapter two.</p></body></html>"
    assert ingest.read(page).text.endswith("Chapter two.")

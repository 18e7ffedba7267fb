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


# --------------------------------------------------------------------------- Ctrl-C at any moment

def long_story(paragraphs: int = 1500) -> str:
    """An invented story long enough that analysing it outlasts the first Ctrl-C delays."""
    names = ["Odile", "Bram", "Tamsin", "Ewart"]
    out = ["The Long Night\n"]
    for i in range(paragraphs):
        a, b = names[i % 4], names[(i + 1) % 4]
        out.append(f'"Is the lamp still lit?" {a} asked {b} at the {i}th hour. {b} looked at the window '
                   f"and said nothing for a while, then {a} went down the stairs to see for herself.")
    return "\n\n".join(out)


# the child loads the entry point as the `fabula` script does (a Ctrl-C before this point is the
# test's own start-up), says so, then runs the command, whose first act is to import the stages
CHILD = ("import sys; import fabula.__main__ as m; sys.stderr.write('ready\\n'); sys.stderr.flush(); m.run()")


def interrupt_at(args: list[str], delay: float, cwd, sig: int | None = None) -> tuple[int, str]:
    """Run `fabula ARGS` in its own process group; ``delay`` s after it is up, Ctrl-C the whole group
    (as a terminal does; or send it ``sig``); return its exit code and what it wrote on stderr after
    'ready'."""
    import os
    import signal
    import subprocess
    import sys
    import time

    p = subprocess.Popen([sys.executable, "-c", CHILD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         cwd=cwd, start_new_session=True)
    assert p.stderr.readline() == b"ready\n"
    time.sleep(delay)
    os.killpg(p.pid, signal.SIGINT if sig is None else sig)
    err = p.stderr.read().decode()
    return p.wait(timeout=120), err


def test_ctrl_c_at_any_moment_of_analyze_says_interrupted_and_leaves_nothing_half_written(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(long_story(), encoding="utf-8")
    codes = []
    for delay in (0.0, 0.05, 0.2, 0.6, 1.5):  # importing, reading, analysing, writing...
        out = tmp_path / f"out{delay}"
        code, err = interrupt_at(["analyze", str(story), "-o", str(out), "-q"], delay, tmp_path)
        codes.append(code)
        if code == 130:  # before the output was complete, or just after (then it stays complete)
            assert err == "fabula: interrupted\n", (delay, err)
            assert not out.exists() or (out / "analysis.json").is_file()
        else:  # it finished before the Ctrl-C came
            assert (code, err) == (0, ""), (delay, err)
            assert (out / "analysis.json").is_file()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert codes[0] == 130


def test_ctrl_c_at_any_moment_of_batch_gives_one_line_and_no_worker_noise(tmp_path):
    src = tmp_path / "fics"
    src.mkdir()
    for i in range(3):
        (src / f"story{i}.txt").write_text(long_story(300 + 50 * i), encoding="utf-8")
    for delay in (0.0, 0.4, 1.2):  # importing, starting the workers, analysing
        code, err = interrupt_at(["batch", str(src), "-o", str(tmp_path / "corpus"), "-j", "2", "-q"], delay,
                                 tmp_path)
        if code == 0:
            assert err == ""
            continue
        assert code == 130, (delay, err)
        assert err in ("fabula: interrupted\n",) or (
            err.startswith("fabula batch: interrupted after ") and err.count("\n") == 1), err


def test_a_batch_pool_cut_short_leaves_no_resource_tracker_warning_on_stderr():
    # a Ctrl-C can stop the batch before its pool frees a semaphore; multiprocessing's resource
    # tracker then frees it itself and must not add its warnings to the batch's one line
    import subprocess
    import sys

    code = ("import os\nfrom multiprocessing import resource_tracker\nfrom fabula.corpus.runner import LocalPool\n"
            "LocalPool(1)\nresource_tracker.register('/fabula-test-sem', 'semaphore')\nos._exit(0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_kill_of_analyze_or_batch_says_terminated_exits_143_and_leaves_nothing_half_written(tmp_path):
    import signal

    story = tmp_path / "story.txt"
    story.write_text(long_story(), encoding="utf-8")
    out = tmp_path / "out"
    code, err = interrupt_at(["analyze", str(story), "-o", str(out), "-q"], 0.3, tmp_path, signal.SIGTERM)
    assert (code, err) == (143, "fabula: terminated\n")
    assert not out.exists() or (out / "analysis.json").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    src = tmp_path / "fics"
    src.mkdir()
    for i in range(3):
        (src / f"story{i}.txt").write_text(long_story(300 + 50 * i), encoding="utf-8")
    code, err = interrupt_at(["batch", str(src), "-o", str(tmp_path / "corpus"), "-j", "2", "-q"], 0.5, tmp_path,
                             signal.SIGTERM)
    assert code == 143, err
    assert err == "fabula: terminated\n" or (
        err.startswith("fabula batch: terminated after ") and err.count("\n") == 1), err


def test_the_entry_point_handles_ctrl_c_before_it_imports_click():
    import subprocess
    import sys

    code = ("import signal, sys; import fabula.__main__ as m, fabula.interrupt as i; "
            "sys.exit(0 if signal.getsignal(signal.SIGINT) is i.exit_interrupted else 1)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    # and a program that only imports the library keeps its own handler
    code = "import signal, sys, fabula.cli; sys.exit(0 if signal.getsignal(signal.SIGINT) is signal.default_int_handler else 1)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --------------------------------------------------------------------------- full disk, long names, read-only

def one_error_line(r) -> str:
    assert r.exit_code == 2, r.output
    assert r.output.startswith("fabula: error: ") and r.output.count("\n") == 1, r.output
    return r.output


def test_a_full_disk_while_writing_is_one_line_naming_the_folder_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    from fabula.outputs import report

    (tmp_path / "story.txt").write_text(STORY)

    def full(analysis, folder):
        (folder / "report.html").write_text("<!DOCTYPE html><p>half")
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "report.html"))

    monkeypatch.setattr(report, "write", full)
    out = tmp_path / "out"
    line = one_error_line(CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o", str(out), "-q"]))
    assert "no space left" in line and f"{out}/report.html" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]  # no out, no .out.*.partial


def test_a_read_only_target_is_one_line(tmp_path, monkeypatch):
    import errno
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", kwargs.get("dir"))

    (tmp_path / "story.txt").write_text(STORY)
    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    line = one_error_line(CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o",
                                                    str(tmp_path / "out"), "-q"]))
    assert "read-only file system" in line and str(tmp_path) in line


def test_a_300_character_name_is_one_line_both_as_input_and_as_output(tmp_path):
    (tmp_path / "story.txt").write_text(STORY)
    long_name = "a" * 300 + ".txt"
    line = one_error_line(CliRunner().invoke(main, ["analyze", str(tmp_path / long_name), "-q"]))
    assert "file name too long" in line
    line = one_error_line(CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o",
                                                    str(tmp_path / ("o" * 300)), "-q"]))
    assert "file name too long" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_a_path_over_4096_characters_is_one_short_line(tmp_path):
    (tmp_path / "story.txt").write_text(STORY)
    deep = tmp_path.joinpath(*["d" * 200] * 25)  # 5,000+ characters, every name within the limit
    line = one_error_line(CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o", str(deep), "-q"]))
    assert "too long" in line and len(line) < 400


def test_leftovers_of_a_killed_analyze_are_removed_by_the_next_run(tmp_path):
    import subprocess
    import sys

    (tmp_path / "story.txt").write_text(STORY)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that is gone
    for suffix in ("partial", "old"):
        left = tmp_path / f".out.{dead.pid}.k3j2h1x_.{suffix}"
        left.mkdir()
        (left / "analysis.json").write_text("{")
    import os
    import time

    stale = tmp_path / ".out.h7gq2c_x.partial"  # an older fabula's name, without the pid: left an hour ago
    stale.mkdir()
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    fresh = tmp_path / ".out.a1b2c3d4.partial"  # without a pid and recent: maybe a run still going
    fresh.mkdir()
    r = CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.a1b2c3d4.partial", "out", "story.txt"]


# --------------------------------------------------------------------------- usage errors, tampered files

@pytest.mark.parametrize("args", [["analyze"], ["analyze", "x.txt", "--bogus"], ["nope"],
                                  ["batch", "x", "-j", "0", "-o", "y"], ["analyze", "x.txt", "--formats", "pdf"]])
def test_usage_errors_are_one_line(args):
    r = CliRunner().invoke(main, args)
    line = one_error_line(r)
    assert "Usage:" not in line and "Try " not in line


def test_a_tampered_analysis_json_of_nested_lists_is_one_line(tmp_path):
    (tmp_path / "text.txt").write_text(STORY)
    (tmp_path / "analysis.json").write_text('{"schema": "fabula.analysis/1", "work": ' + "[" * 100_000
                                            + "]" * 100_000 + "}")
    line = one_error_line(CliRunner().invoke(main, ["report", str(tmp_path)]))
    assert "nested too deeply" in line
    assert not (tmp_path / "report.html").exists()


def test_a_reader_that_leaves_early_does_not_fail_the_analysis(tmp_path):
    # `fabula analyze story.txt | head -1`: the summary meets a closed pipe after the output is written
    import subprocess
    import sys

    (tmp_path / "story.txt").write_text(STORY)
    p = subprocess.Popen([sys.executable, "-m", "fabula", "analyze", str(tmp_path / "story.txt"), "-o",
                          str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()  # the reader is gone before anything is printed
    err = p.stderr.read().decode()
    assert (p.wait(), err) == (0, "")
    assert (tmp_path / "out" / "report.html").is_file()


def test_a_ctrl_c_python_wraps_in_another_error_is_still_an_interruption(tmp_path, monkeypatch):
    # Python 3.11 turns a KeyboardInterrupt raised while a class is made (an import, mid-way) into
    # "RuntimeError: Error calling __set_name__ ..." caused by it: once reported as an internal error
    from fabula import pipeline

    def import_cut_short(path):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as e:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from e

    (tmp_path / "story.txt").write_text(STORY)
    monkeypatch.setattr(pipeline, "analyze", import_cut_short)
    r = CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o", str(tmp_path / "out"), "-q"])
    assert (r.exit_code, r.output) == (130, "fabula: interrupted\n")

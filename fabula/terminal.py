"""What `fabula analyze` shows in the terminal: a progress bar on long works and a closing summary
(the work, the cast table, and where the report is).

The progress bar does not slow the analysis or need hooks in it: the analysis runs in a worker
thread and the bar looks, ten times a second, at which stage module that thread is in.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fabula.model import Analysis

T = TypeVar("T")


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """`fabula analyze ... | head -1`: the reader left; the output folder is written, so the rest
        of the summary goes nowhere and the command still succeeds (rich's default exits with 1)."""
        self.quiet = True
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


console = _Console(stderr=False)

# the stages in pipeline order: (module prefix, what the bar says while it runs)
STAGES = (
    ("fabula.ingest", "reading the file"),
    ("fabula.text", "paragraphs and sentences"),
    ("fabula.quotes", "finding quotations"),
    ("fabula.cast", "finding the cast"),
    ("fabula.names", "finding the cast"),
    ("fabula.speakers", "who says what"),
    ("fabula.scenes", "scenes and point of view"),
    ("fabula.feelings", "feelings and relationships"),
    ("fabula.network", "the character network"),
    ("fabula.craft", "writer warnings"),
)
STEPS = tuple(dict.fromkeys(label for _, label in STAGES))  # distinct labels, in order
SHOW_AFTER = 0.4  # seconds: short works finish before any bar appears


def clean(value: object) -> str:
    """Story text made safe to print: no control characters (terminal escapes), no rich markup, and
    only characters the terminal's encoding has (others print as ?)."""
    s = "".join(ch if ch.isprintable() else " " for ch in str(value))
    enc = console.encoding or "utf-8"
    return escape(s.encode(enc, "replace").decode(enc, "replace"))


def current_stage(thread: threading.Thread) -> int | None:
    """Index into STAGES of the stage ``thread`` is running now (the outermost one on its stack)."""
    frame = sys._current_frames().get(thread.ident or -1)
    found = None
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        for i, (prefix, _) in enumerate(STAGES):
            if name == prefix or name.startswith(prefix + "."):
                found = i
                break
        frame = frame.f_back
    return found


def with_progress(job: Callable[[], T], quiet: bool = False) -> T:
    """Run ``job`` (the analysis); on a terminal, show a progress bar by stage if it takes a while."""
    if quiet or not console.is_terminal:
        return job()
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = job()
        except BaseException as e:  # noqa: BLE001 - handed back to the calling thread as is
            box["error"] = e

    worker = threading.Thread(target=run, name="fabula-analysis", daemon=True)
    worker.start()
    worker.join(SHOW_AFTER)
    if worker.is_alive():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # only when shown

        steps = len(STEPS)
        with Progress(TextColumn("[bold]{task.description:<28}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("reading the story", total=steps)
            while worker.is_alive():
                i = current_stage(worker)
                if i is not None:
                    label = STAGES[i][1]
                    bar.update(task, completed=STEPS.index(label), description=label)
                worker.join(0.1)
            bar.update(task, completed=steps)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]


def summary(a: Analysis, outdir: Path) -> None:
    """The work in one line, its cast as a table, and where the output and the report are."""
    w = a.work
    console.print(f"[bold]{clean(w.title or '(untitled)')}[/bold]"
                  + (f" by {clean(', '.join(w.authors))}" if w.authors else ""))
    console.print(f"{a.text.words:,} words, {len(w.chapters)} chapter(s), {len(a.quotes):,} quotations, "
                  f"{len(a.cast.characters)} characters, {len(a.scenes)} scenes")
    console.print(cast_table(a))
    report = outdir / "report.html"
    console.print(f"output: {clean(outdir)}/")
    if report.exists():
        console.print(f"report: [bold]{clean(report)}[/bold]  (open it in a browser)")


def cast_table(a: Analysis, rows: int = 10) -> Table | str:
    """The main characters: who they are, what they are called, how much they say, whose eyes."""
    n = len(a.cast.characters)
    lines, words = [0] * n, [0] * n
    text = a.text.text
    for q, att in zip(a.quotes, a.speakers):
        if att.speaker is not None and 0 <= att.speaker < n:
            lines[att.speaker] += 1
            words[att.speaker] += sum(len(text[p.start:p.end].split()) for p in q.pieces)
    pov = [0] * n
    for s in a.scenes:
        if s.pov is not None and 0 <= s.pov < n:
            pov[s.pov] += 1
    top = sorted(a.cast.characters, key=lambda c: (-words[c.index], -lines[c.index], -c.mentions))[:rows]
    if not top:
        return "no characters found"
    t = Table(title="cast" + (f" (top {rows} of {n})" if n > rows else ""), show_edge=False, title_justify="left")
    t.add_column("name", style="bold")
    t.add_column("also called", overflow="fold", max_width=40)
    t.add_column("pronouns")
    t.add_column("lines", justify="right")
    t.add_column("words", justify="right")
    t.add_column("POV scenes", justify="right")
    attributed = sum(lines)
    for c in top:
        aka = ", ".join(x for x in c.aliases if x != c.name)
        t.add_row(clean(c.name) + (" (narrator)" if c.narrator else ""), clean(aka[:80]), clean(c.pronouns or ""),
                  f"{lines[c.index]:,}", f"{words[c.index]:,}", str(pov[c.index]) if len(a.scenes) else "")
    if len(a.quotes):
        t.caption = f"{attributed:,} of {len(a.quotes):,} quotations have a speaker"
    return t

"""What `fabula analyze` shows in the terminal: a progress indicator and a short summary."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from rich.console import Console
from rich.table import Table

from fabula.model import Analysis

T = TypeVar("T")
console = Console(stderr=False)


def with_progress(job: Callable[[], T], quiet: bool = False) -> T:
    if quiet or not console.is_terminal:
        return job()
    with console.status("reading the story..."):
        return job()


def summary(a: Analysis, outdir: Path) -> None:
    w = a.work
    console.print(f"[bold]{w.title or '(untitled)'}[/bold]" + (f" by {', '.join(w.authors)}" if w.authors else ""))
    console.print(f"{a.text.words:,} words, {len(w.chapters)} chapter(s), {len(a.quotes):,} quotations, "
                  f"{len(a.cast.characters)} characters, {len(a.scenes)} scenes")
    counts = [0] * len(a.cast.characters)
    for att in a.speakers:
        if att.speaker is not None:
            counts[att.speaker] += 1
    top = sorted(a.cast.characters, key=lambda c: (-counts[c.index], -c.mentions))[:10]
    if top:
        t = Table(title="cast", show_edge=False)
        t.add_column("id")
        t.add_column("name")
        t.add_column("aliases")
        t.add_column("pronouns")
        t.add_column("lines", justify="right")
        t.add_column("mentions", justify="right")
        for c in top:
            t.add_row(c.id, c.name, ", ".join(a for a in c.aliases if a != c.name)[:60], c.pronouns or "",
                      str(counts[c.index]), str(c.mentions))
        console.print(t)
    report = outdir / "report.html"
    console.print(f"output: {outdir}/" + (f"  report: {report}" if report.exists() else ""))

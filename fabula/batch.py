"""`fabula batch INPUT... -o OUTDIR`: a whole corpus, resumable, on local processes or a Dask cluster.

The work is done by ``fabula.corpus`` (discovery, resume, workers, tables, runner); this module is
the command: its options, the progress bar and the summary.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Self

import click

from fabula import interrupt
from fabula.corpus.runner import DEFAULT_WORKER_MEMORY_MB, BatchResult, run_batch
from fabula.outputs import formats


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


class _Progress:
    """Works done, words/s and ETA on stderr (a rich progress bar; off when stderr is not a terminal)."""

    def __init__(self, quiet: bool):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        self.enabled = not quiet and console.is_terminal
        self.bar = Progress(
            TextColumn("[bold]fabula batch"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[works]} works, {task.fields[failed]} failed"),
            TextColumn("{task.fields[wps]} words/s"), TextColumn("ETA"), TimeRemainingColumn(),
            console=console, disable=not self.enabled,
        )
        self.task = None
        self.start_time = 0.0

    def __enter__(self) -> Self:
        import time

        self.bar.__enter__()
        self.start_time = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, event: str, info: dict[str, Any]) -> None:
        import time

        if not self.enabled:
            return
        if event == "start":
            self.task = self.bar.add_task("batch", total=max(1, info["total_bytes"]), works=0, failed=0, wps="-")
            return
        if event == "tables":
            self.bar.console.print("writing the Parquet tables...", style="dim")
            return
        r: BatchResult = info["result"]
        elapsed = time.perf_counter() - self.start_time
        fields = {"works": r.works, "failed": r.failed, "wps": f"{r.words / elapsed:,.0f}" if elapsed else "-"}
        if event == "shrink":  # already done: out of the total, so the ETA counts only what is left
            total = self.bar.tasks[0].total or 1
            self.bar.update(self.task, total=max(1, total - info["bytes"]), **fields)
        else:
            self.bar.update(self.task, advance=info["bytes"], **fields)


def summary_lines(r: BatchResult, how: str) -> list[str]:
    lines = [f"{r.works:,} works: {r.done:,} analysed, {r.skipped:,} already done, {r.failed:,} failed"
             + (f"; {r.duplicates:,} duplicate inputs (same content) skipped" if r.duplicates else "")]
    lines.append(f"{r.words:,} words analysed in {r.seconds:,.1f} s ({r.words_per_second:,.0f} words/s) {how}")
    if r.peak_rss_kb:
        lines.append(f"peak memory per worker: {max(r.peak_rss_kb.values()) / 1024:,.0f} MB")
    if r.failed:
        lines.append(f"errors: {r.outdir / 'errors.jsonl'}")
    if r.tables:
        lines.append(f"works: {r.outdir / 'works'}/<work_id>/   tables: "
                     + ", ".join(str(p) for p in r.tables.values()))
    return lines


@click.command("batch")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Output folder: works/<work_id>/ per work, Parquet tables, errors.jsonl.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Local worker processes (default: the number of cores).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Run on this Dask distributed scheduler instead of local processes.")
@click.option("--worker-memory", type=click.IntRange(min=0), default=DEFAULT_WORKER_MEMORY_MB,
              show_default=True, metavar="MB",
              help="Address-space cap per local worker; a work over it fails alone (0: no cap).")
@formats.option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def batch_command(inputs: tuple[str, ...], outdir: Path, jobs: int | None, scheduler: str | None,
                  worker_memory: int, formats_: str, quiet: bool) -> None:
    """Analyse many works: files, folders (recursively), globs, AO3-scraper CSVs (one work per row).

    A rerun of the same command skips the works already complete and finishes the rest. Exit code 0
    when every work was analysed, 1 when some failed (listed in OUTDIR/errors.jsonl), 130 when
    interrupted.
    """
    jobs = jobs or _default_jobs()
    chosen = formats.parse(formats_)
    with _Progress(quiet) as progress:
        result = run_batch(list(inputs), outdir, processes=jobs, scheduler=scheduler,
                           worker_memory_mb=worker_memory, progress=progress, formats=chosen)
    if result.interrupted:
        said = interrupt.message().removeprefix("fabula: ")
        click.echo(f"fabula batch: {said} after {result.works:,} work(s); run the same command again "
                   "to finish the rest", err=True)
        sys.exit(interrupt.exit_code())
    if not quiet:
        how = f"on {scheduler}" if scheduler else f"with {jobs} process{'es' if jobs > 1 else ''}"
        try:
            for line in summary_lines(result, how):
                click.echo(line)
        except BrokenPipeError:  # `fabula batch ... | head -1`: the reader left; the run itself is done
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(result.exit_code)

"""Workers: one job in, one work folder out, a small summary back.

Reads: a ``Job`` (a file path, or a CSV path and the byte range of its row). Adds: OUTDIR/works/<id>/
(the files of `fabula analyze`, written atomically by ``fabula.outputs.write_all``) and its done-marker.
The same function runs in a local process pool and on Dask workers; it reads its input itself and
returns only a few numbers, so no process ever holds more than the work it is analysing.
"""

from __future__ import annotations

import ast
import dataclasses
import errno
import os
import resource
import signal
import threading
import time
from pathlib import Path
from typing import Any

from fabula.corpus import fanfictionnlp
from fabula.corpus.discovery import Job, read_csv_row, text_column
from fabula.corpus.resume import is_done, work_folder, write_marker
from fabula.errors import FabulaError, os_error_message
from fabula.model import Work

# CSV column (case-insensitive) -> Work field holding a tuple of tags (AO3 joins tags with ", ";
# AO3 tags cannot contain commas).
TAG_COLUMNS = {
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships",
    "character": "characters", "characters": "characters",
    "additional tags": "tags", "freeform": "tags", "freeforms": "tags", "tags": "tags",
    "category": "categories", "categories": "categories",
    "archive warning": "warnings", "archive warnings": "warnings", "warnings": "warnings",
    "series": "series",
}
STAT_COLUMNS = ("published", "updated", "status", "status date", "words", "chapters", "comments",
                "kudos", "bookmarks", "hits")
LANGUAGES = {"english": "en"}
FATAL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})  # every later work would fail alike


def init_worker(memory_limit_mb: int = 0, batch_pid: int | None = None) -> None:
    """Process-pool initializer: die with the batch process (a ``kill -9`` of the batch must not leave
    workers writing into OUTDIR behind a rerun), and cap the worker's address space so one huge work
    fails alone (MemoryError, recorded) instead of taking the machine down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch process's to handle
    if batch_pid is not None:
        _die_with(batch_pid)
    if memory_limit_mb > 0:
        limit = memory_limit_mb * 1024 * 1024
        try:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):
            pass


def _die_with(pid: int) -> None:
    """Exit as soon as process ``pid`` is gone. (A pool worker otherwise outlives a killed batch: it
    waits on a queue whose write end it holds itself, and a forkserver worker's parent is the
    forkserver, so PR_SET_PDEATHSIG would not fire either.)"""

    def watch() -> None:
        while True:
            time.sleep(0.2)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="fabula-batch-watchdog", daemon=True).start()


def _tags(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(", ") if t.strip())


def _authors(value: str) -> tuple[str, ...]:
    """AO3Scraper writes authors as a Python list literal ("['a', 'b']"); others write "a, b"."""
    v = value.strip()
    if v.startswith("[") and v.endswith("]") and len(v) < 10_000:
        try:
            parsed = ast.literal_eval(v)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            parsed = None
        if isinstance(parsed, list) and all(isinstance(x, str) for x in parsed):
            return tuple(x.strip() for x in parsed if x.strip())
    return _tags(v)


def _stat(value: str) -> int | str:
    v = value.strip().replace(",", "")
    return int(v) if v.isdigit() else value.strip()


def work_from_row(row: dict[str, str], ingested: Work) -> Work:
    """``ingested`` (the row's text, read by ingest) with the row's metadata merged in."""
    cols = {k.strip().casefold(): v for k, v in row.items() if k is not None and v is not None}
    changes: dict[str, Any] = {}
    title = cols.get("title", "").strip()
    if title:
        changes["title"] = title
        if ingested.title != title:
            changes["title_span"] = None
    for key in ("author", "authors"):
        if cols.get(key, "").strip():
            changes["authors"] = _authors(cols[key])
    for col, fieldname in TAG_COLUMNS.items():
        if cols.get(col, "").strip():
            changes[fieldname] = _tags(cols[col])
    if cols.get("rating", "").strip():
        changes["rating"] = cols["rating"].strip()
    if cols.get("language", "").strip():
        lang = cols["language"].strip()
        changes["language"] = LANGUAGES.get(lang.casefold(), lang)
    if cols.get("summary", "").strip() and not ingested.summary:
        changes["summary"] = cols["summary"].strip()
    wid = cols.get("work_id", "").strip()
    if cols.get("url", "").strip():
        changes["url"] = cols["url"].strip()
    elif wid.isdigit():
        changes["url"] = f"https://archiveofourown.org/works/{int(wid)}"
    stats = dict(ingested.stats)
    stats.update({c: _stat(cols[c]) for c in STAT_COLUMNS if cols.get(c, "").strip() not in ("", "null")})
    if stats != ingested.stats:
        changes["stats"] = stats
    return dataclasses.replace(ingested, **changes)


def analyse(job: Job):
    """The analysis of one job, exactly as `fabula analyze` would make it for a file."""
    from fabula import ingest, pipeline

    if job.fic_id is not None:  # a FanfictionNLP fic: its paragraph rows from its CSV files
        return pipeline.analyze_work(fanfictionnlp.read_work(job.fic_id, job.parts))
    if job.row is None:
        return pipeline.analyze(Path(job.input))
    row = read_csv_row(job)
    body = row.get(text_column(job.header) or "", "")
    if not body.strip():
        raise FabulaError("the text column is empty")
    work = ingest.read(body.encode("utf-8"))
    return pipeline.analyze_work(work_from_row(row, work))


def one_line(e: BaseException) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    if isinstance(e, FabulaError):
        return msg[:500] or "cannot analyse this input"
    if isinstance(e, MemoryError):
        return "out of memory (raise --worker-memory, or split the work)"
    return f"{type(e).__name__}: {msg}"[:500]


def run_job(job: Job, outdir: str, version: str, formats: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Analyse one job and write its work folder with ``formats`` (None: the default outputs); never
    raises for a bad input. A failure to write that every other work would meet too (a full disk, a
    read-only OUTDIR) is flagged ``fatal``: the run stops there rather than fail every work alike."""
    from fabula.outputs import formats as fmt
    from fabula.outputs import write_all

    chosen = fmt.DEFAULT if formats is None else tuple(formats)

    t0, cpu0 = time.perf_counter(), time.thread_time()
    out = Path(outdir)
    summary: dict[str, Any] = {"work_id": job.work_id, "pid": os.getpid(), "words": 0}
    try:
        if is_done(out, job.work_id, job.content_hash, version, chosen):
            summary["status"] = "skipped"
            return summary
        analysis = analyse(job)
        folder = work_folder(out, job.work_id)
        try:
            write_all(analysis, folder, chosen)
            write_marker(folder, {
                "work_id": job.work_id, "content_hash": job.content_hash, "fabula_version": version,
                "input": job.input, "row": job.row, "words": analysis.text.words, "formats": list(chosen),
            })
        except OSError as e:
            raise FabulaError(os_error_message(e, "cannot write", e.filename or folder)) from e
        summary.update(status="done", words=analysis.text.words)
        del analysis
    except Exception as e:  # noqa: BLE001 a bad work (or MemoryError) is recorded, never the end of the run
        summary.update(status="failed", error=one_line(e))
        cause = e.__cause__ if isinstance(e, FabulaError) else e
        if isinstance(cause, OSError) and cause.errno in FATAL_ERRNOS:
            summary["fatal"] = True
    summary["seconds"] = time.perf_counter() - t0
    summary["cpu"] = time.thread_time() - cpu0  # this thread's CPU time (right for Dask threads too)
    summary["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return summary

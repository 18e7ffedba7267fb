"""Resume: what is already done, what failed, and who may write OUTDIR.

Reads: OUTDIR/works/<id>/batch.json (the done-marker). Adds: nothing to the analysis; it decides which
jobs run. A work is done when its folder holds a done-marker with the same content hash and the same
fabula version. The marker is written last, after the folder itself was renamed into place, so a
crash, ``kill -9`` or Ctrl-C at any moment leaves either a complete work or one that is redone.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Self

from fabula.errors import FabulaError, os_error_message

MARKER = "batch.json"
WORKS = "works"
ERRORS = "errors.jsonl"
LOCK = ".batch.lock"
PARTS = ".tables"  # OUTDIR/.tables/: the table parts while the tables are built


def work_folder(outdir: Path, work_id: str) -> Path:
    return Path(outdir) / WORKS / work_id


def read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        with open(folder / MARKER, encoding="utf-8") as f:
            marker = json.load(f)
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def is_done(outdir: Path, work_id: str, content_hash: str, version: str, formats: Iterable[str] = ()) -> bool:
    """True when the work's folder is complete for this content and version, and holds at least the
    outputs named in ``formats`` (a marker written before formats were recorded had every output)."""
    m = read_marker(work_folder(outdir, work_id))
    if not (m and m.get("content_hash") == content_hash and m.get("fabula_version") == version
            and (work_folder(outdir, work_id) / "analysis.json").is_file()):
        return False
    had = m.get("formats")
    return had is None or (isinstance(had, list) and set(formats) <= set(had))


def write_marker(folder: Path, marker: dict[str, Any]) -> None:
    """Write the done-marker atomically (temp file + rename): it exists complete or not at all."""
    tmp = folder / f".{MARKER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(marker, f, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, folder / MARKER)


def clean_leftovers(outdir: Path) -> int:
    """Remove what a killed run left half-written (called under the run lock, so no live run owns
    any of it): work folders ``works/.<id>.*.partial`` / ``.old``, table files
    ``.<table>.parquet.*.tmp`` and the table parts folder ``.tables/``."""
    outdir = Path(outdir)
    works = outdir / WORKS
    n = 0
    if works.is_dir():
        for p in works.iterdir():
            if p.name.startswith(".") and (p.name.endswith(".partial") or p.name.endswith(".old")):
                shutil.rmtree(p, ignore_errors=True)
                n += 1
    for p in outdir.glob(".*.parquet.*.tmp"):
        p.unlink(missing_ok=True)
        n += 1
    if (outdir / PARTS).is_dir():
        shutil.rmtree(outdir / PARTS, ignore_errors=True)
        n += 1
    return n


class RunLock:
    """One batch at a time per OUTDIR (an flock, released by the OS even after ``kill -9``)."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / LOCK
        self.fd: int | None = None

    def __enter__(self) -> Self:
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise FabulaError(os_error_message(e, "cannot write", self.path)) from e
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise FabulaError(f"another `fabula batch` is writing to {self.path.parent}") from None
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class ErrorLog:
    """OUTDIR/errors.jsonl: one JSON object per failed work of this run, flushed as it happens.

    Started afresh by every run: failed works are retried by a rerun, so after a complete run the file
    lists exactly the works that still fail."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / ERRORS
        try:
            self.f = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 (open for the whole run)
        except OSError as e:
            raise FabulaError(os_error_message(e, "cannot write", self.path)) from e
        self.count = 0

    def add(self, input: str, error: str, work_id: str | None = None, row: int | None = None) -> None:
        rec: dict[str, Any] = {"input": input, "work_id": work_id, "error": error}
        if row is not None:
            rec["row"] = row
        try:
            self.f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            self.f.flush()
        except OSError as e:
            raise FabulaError(os_error_message(e, "cannot write", self.path)) from e
        self.count += 1

    def close(self) -> None:
        try:
            self.f.close()
        except OSError:  # a full disk: the error that says so is already on its way up
            pass

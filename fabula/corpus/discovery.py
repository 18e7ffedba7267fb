"""Discovery: command-line inputs -> one ``Job`` per work.

Reads: files, folders (recursively), globs, AO3-scraper style CSVs (one work per row, with a
"body"/"text"/"content" column) and FanfictionNLP CSVs (one paragraph per row: one work per
``fic_id``, gathered over all its files, see ``fanfictionnlp``). Adds: for every work, where a worker reads it (a path, or a CSV path
plus the byte range of its row), its content hash and its stable work id.

Nothing here holds the corpus: files are hashed in 1 MB chunks and CSVs are streamed row by row; a
``Job`` carries only a location, never the text.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fabula.corpus import fanfictionnlp
from fabula.errors import FabulaError

# Story files taken from folders and globs; a file named explicitly is always taken (formats are
# sniffed by content). ".csv" files are read as one work per row.
STORY_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".epub", ".csv"}
TEXT_COLUMNS = ("body", "text", "content")  # in order of preference, case-insensitive
ID_COLUMNS = ("work_id", "id")

csv.field_size_limit(2**31 - 1)  # a novel in one cell is normal here


@dataclass(frozen=True, slots=True)
class Job:
    """One work to analyse: where to read it and what it is called. Small and picklable."""

    input: str  # the file, as found (for CSV rows, the CSV file)
    work_id: str  # names OUTDIR/works/<work_id>/
    content_hash: str  # blake2b-128 of the input bytes (file) or of the row's fields (CSV)
    size: int  # bytes to read (progress and ETA are measured in bytes)
    row: int | None = None  # 1-based data row of a CSV
    start: int = 0  # byte range of the row in the CSV
    end: int = 0
    header: tuple[str, ...] = ()
    duplicate_of: str | None = None  # same content as an earlier input: not analysed twice
    fic_id: str | None = None  # a FanfictionNLP fic: its rows, gathered from the CSV files in ``parts``
    parts: tuple[str, ...] = ()
    part_ranges: tuple[tuple[int, int], ...] = ()  # the byte range of its rows in each of those files


@dataclass(frozen=True, slots=True)
class Failed:
    """An input that could not even be turned into a job (unreadable file, CSV without a text column)."""

    input: str
    error: str
    row: int | None = None


def _not_regular(p: Path) -> str | None:
    """Why ``p`` must not be opened (a FIFO, socket or device would block or never end), else None.
    A symlink counts as what it points to."""
    try:
        mode = os.stat(p).st_mode
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"skipped: {kind}, not a regular file"


def expand_inputs(inputs: list[str], exclude: Path | None = None,
                  skipped: list[Failed] | None = None) -> list[Path]:
    """Regular files named by ``inputs`` (files, folders read recursively, globs), sorted within each
    input, each file once. Anything under ``exclude`` (the output folder) is left out. A FIFO, socket or
    device met in a folder or a glob is never opened: it goes to ``skipped`` (when given) instead."""
    excluded = exclude.resolve() if exclude is not None else None
    seen: set[Path] = set()
    files: list[Path] = []

    def add(p: Path, explicit: bool) -> None:
        r = p.resolve()
        if r in seen or (excluded is not None and r.is_relative_to(excluded)):
            return
        if not explicit and (p.suffix.lower() not in STORY_SUFFIXES or p.name.startswith(".")):
            return
        seen.add(r)
        why = _not_regular(p)
        if why is not None:
            if skipped is not None:
                skipped.append(Failed(str(p), why))
            return
        files.append(p)

    def unreadable(e: OSError) -> None:  # a folder os.walk cannot list is recorded, never dropped silently
        if skipped is not None:
            skipped.append(Failed(str(e.filename), f"cannot read the folder: {e.strerror or e}"))

    def walk(d: Path) -> None:
        for root, dirs, names in os.walk(d, onerror=unreadable):
            dirs[:] = sorted(x for x in dirs if not x.startswith("."))
            if excluded is not None and Path(root).resolve().is_relative_to(excluded):
                dirs[:] = []
                continue
            for name in sorted(names):
                add(Path(root) / name, explicit=False)

    for item in inputs:
        p = Path(item)
        if p.is_dir():
            walk(p)
        elif p.is_file():
            add(p, explicit=True)
        elif _GLOB.search(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise FabulaError(f"{item}: no file matches")
            for m in matches:
                mp = Path(m)
                walk(mp) if mp.is_dir() else add(mp, explicit=False)
        elif p.exists():
            raise FabulaError(f"{item}: not a regular file")
        else:
            raise FabulaError(f"{item}: no such file or folder")
    return files


def file_hash(path: Path) -> str:
    """blake2b-128 of the file's bytes. Opened without blocking and checked again once open, so a file
    swapped for a FIFO since it was listed raises OSError instead of hanging the run."""
    h = hashlib.blake2b(digest_size=16)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def row_hash(header: tuple[str, ...], row: list[str]) -> str:
    data = json.dumps([list(header), row], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def text_column(header: tuple[str, ...]) -> str | None:
    names = {h.strip().casefold(): h for h in header}
    for name in TEXT_COLUMNS:
        if name in names:
            return names[name]
    return None


def is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


_GLOB = re.compile(r"[*?\[]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def _row_work_id(header: tuple[str, ...], row: list[str]) -> str | None:
    """``ao3-<id>`` when the row carries an AO3-style numeric work id, else None."""
    lowered = [h.strip().casefold() for h in header]
    for col in ID_COLUMNS:
        if col in lowered:
            i = lowered.index(col)
            value = row[i].strip() if i < len(row) else ""
            if value.isdigit():
                return f"ao3-{int(value)}"
            if value:
                return "id-" + _SAFE_ID.sub("_", value)[:64]
    return None


class _TrackedLines:
    """Lines of a binary file, decoded, with the byte offset just past the last line handed out."""

    def __init__(self, f):
        self.f = f
        self.pos = 0
        self.first = True

    def __iter__(self):
        return self

    def __next__(self) -> str:
        raw = self.f.readline()
        if not raw:
            raise StopIteration
        self.pos += len(raw)
        line = raw.decode("utf-8", errors="replace")
        if self.first:
            self.first = False
            line = line.removeprefix("\ufeff")
        return line


def csv_rows(path: Path) -> Iterator[tuple[int, int, int, tuple[str, ...], list[str]]]:
    """(row number, byte start, byte end, header, fields) for every data row of a CSV, streamed."""
    with open(path, "rb") as f:
        lines = _TrackedLines(f)
        reader = csv.reader(lines)
        try:
            header = tuple(next(reader))
        except StopIteration:
            raise FabulaError(f"{path}: empty CSV file") from None
        except csv.Error as e:
            raise FabulaError(f"{path}: not a readable CSV ({e})") from None
        if text_column(header) is None:
            raise FabulaError(f"{path}: CSV has no text column (one of: {', '.join(TEXT_COLUMNS)})")
        n = 0
        while True:
            start = lines.pos
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise FabulaError(f"{path}: CSV broken after row {n} ({e})") from None
            if not fields:
                continue
            n += 1
            yield n, start, lines.pos, header, fields


def read_csv_row(job: Job) -> dict[str, str]:
    """The fields of ``job``'s row, read from its byte range (worker side)."""
    with open(job.input, "rb") as f:
        f.seek(job.start)
        data = f.read(job.end - job.start)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))
    rows = [r for r in rows if r]
    if len(rows) != 1:
        raise FabulaError(f"row {job.row} changed since it was listed; rerun the batch")
    return dict(zip(job.header, rows[0]))


class Discovery:
    """Turns the inputs into jobs, lazily; a work met twice (same content) is marked a duplicate."""

    def __init__(self, inputs: list[str], exclude: Path | None = None):
        self.skipped: list[Failed] = []  # FIFOs, sockets, devices met while walking: never opened
        files = expand_inputs(inputs, exclude, self.skipped)
        sizes = {}
        for p in files:
            try:
                sizes[p] = p.stat().st_size
            except OSError:
                sizes[p] = 0
        self.total_bytes = sum(sizes.values())
        # Largest first: the long works start early instead of finishing alone at the end of the run
        # (stable sort, so equal sizes keep input order and the first of two identical files wins).
        self.files = sorted(files, key=lambda p: -sizes[p])
        self._ids: dict[str, str] = {}  # work id -> content hash (ids and hashes only, never text)

    def _claim(self, work_id: str, content_hash: str) -> tuple[str, str | None]:
        """The id to use for this content, and the id it duplicates (if the same content was seen)."""
        known = self._ids.get(work_id)
        if known is None:
            self._ids[work_id] = content_hash
            return work_id, None
        if known == content_hash:
            return work_id, work_id
        return self._claim(f"{work_id}-{content_hash[:8]}", content_hash)

    def jobs(self) -> Iterator[Job | Failed]:
        yield from self.skipped
        ffnlp = [p for p in self.files if is_csv(p) and fanfictionnlp.is_header(fanfictionnlp.peek_header(p))]
        yield from self._fic_jobs(ffnlp)
        taken = set(ffnlp)
        for path in self.files:
            if path in taken:
                continue
            if is_csv(path):
                yield from self._csv_jobs(path)
                continue
            try:
                h = file_hash(path)
                size = path.stat().st_size
            except OSError as e:
                yield Failed(str(path), f"cannot read: {e.strerror or e}")
                continue
            work_id, dup = self._claim(h[:16], h)
            yield Job(str(path), work_id, h, size, duplicate_of=dup)

    def _fic_jobs(self, paths: list[Path]) -> Iterator[Job | Failed]:
        """One job per FanfictionNLP ``fic_id``, over every CSV file that holds its paragraphs."""
        if not paths:
            return
        fics, failed = fanfictionnlp.scan(sorted(paths))
        for path, error in failed:
            yield Failed(path, error)
        for fic in fics:
            work_id, dup = self._claim(fic.work_id, fic.content_hash)
            yield Job(fic.parts[0], work_id, fic.content_hash, fic.size, duplicate_of=dup, fic_id=fic.fic_id,
                      parts=tuple(fic.parts), part_ranges=tuple(fic.ranges))

    def _csv_jobs(self, path: Path) -> Iterator[Job | Failed]:
        n = 0
        try:
            for n, start, end, header, fields in csv_rows(path):
                h = row_hash(header, fields)
                work_id, dup = self._claim(_row_work_id(header, fields) or h[:16], h)
                yield Job(str(path), work_id, h, end - start, row=n, start=start, end=end, header=header,
                          duplicate_of=dup)
        except FabulaError as e:
            yield Failed(str(path), str(e), row=n + 1 if n else None)
        except OSError as e:
            yield Failed(str(path), f"cannot read: {e.strerror or e}")

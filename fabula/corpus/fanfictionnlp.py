"""FanfictionNLP's input format: CSVs of one paragraph a row (``fic_id, chapter_id, para_id, text``,
sometimes a ``text_tokenized`` column), often one file per chapter, sometimes cp1252.

Reads: the CSV files. Adds: for discovery, one group per ``fic_id`` over all the files that hold its
rows (with a content hash of those rows, whatever the files are called); for a worker, that fic as one
``Work``: its chapters in ``chapter_id`` order, paragraphs in ``para_id`` order, separated by a blank
line in text.txt; a paragraph that is a scene-break line (``* * *``) is a scene break.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fabula import language
from fabula.errors import FabulaError
from fabula.ingest import markers
from fabula.ingest.decode import CP1252_FALLBACK
from fabula.model import Chapter, SceneBreak, Span, Work

COLUMNS = ("fic_id", "chapter_id", "para_id", "text")
_CHANGED = "fic {}: its CSV files changed since they were listed; rerun the batch"
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def is_header(header: Iterable[str]) -> bool:
    """True for a FanfictionNLP header (its four columns, in any case, any order)."""
    names = {h.strip().casefold() for h in header}
    return all(c in names for c in COLUMNS)


def peek_header(path: Path) -> tuple[str, ...]:
    """The first row of a CSV (read from its first 64 KB only)."""
    with open(path, "rb") as f:
        return header_of(f.read(65536))


def header_of(data: bytes) -> tuple[str, ...]:
    """The first row of the CSV whose bytes begin ``data`` (looked for in its first 64 KB)."""
    line = data[:65536].split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        return tuple(next(csv.reader([line]), []))
    except csv.Error:
        return ()


def read_file(path: Path) -> Work:
    """The one fic of a FanfictionNLP CSV file, for `fabula analyze`; a file of several fics is a
    FabulaError pointing to `fabula batch` (one work per fic)."""
    fics, failed = scan([path])
    if failed:
        raise FabulaError(failed[0][1])
    if not fics:
        raise FabulaError(f"{path}: a FanfictionNLP CSV with no rows")
    if len(fics) > 1:
        raise FabulaError(f"{path}: a FanfictionNLP CSV of {len(fics)} fics; `fabula analyze` takes one story "
                          f"(`fabula batch {path}` makes one work per fic)")
    return read_work(fics[0].fic_id, fics[0].parts, fics[0].ranges)


class _Lines:
    """Decoded lines of a binary file from byte ``start`` to ``end``, with the byte offset just past the
    last line handed out. A byte UTF-8 cannot decode is read as cp1252 (``decode``'s rule, per line)."""

    def __init__(self, f, start: int = 0, end: int | None = None):
        self.f, self.pos, self.end = f, start, end
        f.seek(start)

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.end is not None and self.pos >= self.end:
            raise StopIteration
        raw = self.f.readline()
        if not raw:
            raise StopIteration
        first = self.pos == 0
        self.pos += len(raw)
        line = raw.decode("utf-8", errors=CP1252_FALLBACK)
        return line.removeprefix("\ufeff") if first else line


def _rows(path: Path, start: int | None = None, end: int | None = None
          ) -> Iterator[tuple[int, int, tuple[str, str, str, str]]]:
    """(byte start, byte end, (fic_id, chapter_id, para_id, text)) of every data row, streamed; only
    the rows in bytes [start, end) when given (the header is always read from the top)."""
    try:
        with open(path, "rb") as f:
            lines = _Lines(f)
            reader = csv.reader(lines)
            header = [h.strip().casefold() for h in next(reader)]
            at = [header.index(c) for c in COLUMNS]
            if start is not None:
                lines = _Lines(f, start, end)
                reader = csv.reader(lines)
            while True:
                a = lines.pos
                row = next(reader, None)
                if row is None:
                    return
                if not row:
                    continue
                if len(row) <= max(at):
                    raise FabulaError(f"{path}: a row has {len(row)} fields, not {len(header)}")
                yield a, lines.pos, tuple(row[i] for i in at)  # type: ignore[misc]
    except OSError as e:
        raise FabulaError(f"{path}: cannot read ({e.strerror or e})") from None
    except StopIteration:
        raise FabulaError(f"{path}: empty CSV file") from None
    except ValueError:
        raise FabulaError(f"{path}: not a FanfictionNLP CSV (columns {', '.join(COLUMNS)})") from None
    except csv.Error as e:
        raise FabulaError(f"{path}: not a readable CSV ({e})") from None


@dataclass
class Fic:
    """One fic met while scanning: its files with the byte range of its rows in each, its size in
    bytes of text, its rows' digests per file."""

    fic_id: str
    parts: list[str] = field(default_factory=list)
    ranges: list[tuple[int, int]] = field(default_factory=list)
    size: int = 0
    digests: list[str] = field(default_factory=list)

    @property
    def work_id(self) -> str:
        v = self.fic_id.strip()
        return f"fic-{int(v)}" if v.isdigit() else "fic-" + _SAFE_ID.sub("_", v)[:64]

    @property
    def content_hash(self) -> str:
        return _combine(self.digests)


def _combine(digests: list[str]) -> str:
    """One hash for a fic's rows over its files, whatever the files' names or order."""
    return hashlib.blake2b("".join(sorted(digests)).encode(), digest_size=16).hexdigest()


def scan(paths: Iterable[Path]) -> tuple[list[Fic], list[tuple[str, str]]]:
    """The fics in ``paths`` (in order of first appearance) and the files that could not be read
    (path, one-line error). Streams each file; holds ids, byte ranges and digests only, never text."""
    fics: dict[str, Fic] = {}
    failed: list[tuple[str, str]] = []
    for path in paths:
        hashers: dict[str, hashlib.blake2b] = {}
        spans: dict[str, list[int]] = {}
        try:
            for a, b, (fic_id, chapter, para, text) in _rows(path):
                h = hashers.get(fic_id)
                if h is None:
                    h = hashers[fic_id] = hashlib.blake2b(digest_size=16)
                    spans[fic_id] = [a, b]
                spans[fic_id][1] = b
                h.update(json.dumps([chapter, para, text], ensure_ascii=False).encode("utf-8"))
                fics.setdefault(fic_id, Fic(fic_id)).size += len(text)
        except FabulaError as e:
            failed.append((str(path), str(e)))
            continue
        for fic_id, h in hashers.items():
            fic = fics[fic_id]
            fic.parts.append(str(path))
            fic.ranges.append((spans[fic_id][0], spans[fic_id][1]))
            fic.digests.append(h.hexdigest())
    return [f for f in fics.values() if f.parts], failed


def _key(v: str) -> tuple[int, int | str]:
    v = v.strip()
    return (0, int(v)) if v.isdigit() else (1, v)


def read_work(fic_id: str, parts: Iterable[str], ranges: Iterable[tuple[int, int]] | None = None,
              expect_hash: str | None = None) -> Work:
    """The fic ``fic_id`` from the files ``parts`` (only the byte ``ranges`` its rows lie in, when
    given): chapters by ``chapter_id``, paragraphs by ``para_id``. With ``expect_hash`` (the job's
    content hash), files edited since discovery raise FabulaError instead of giving another text."""
    parts = list(parts)
    spans = list(ranges) if ranges is not None else [(None, None)] * len(parts)
    rows, digests = [], []
    for path, (a, b) in zip(parts, spans):
        h = hashlib.blake2b(digest_size=16)
        try:
            for _, _, (f, c, p, t) in _rows(Path(path), a, b):
                if f == fic_id:
                    rows.append((_key(c), _key(p), t))
                    h.update(json.dumps([c, p, t], ensure_ascii=False).encode("utf-8"))
        except FabulaError:
            if a is None:
                raise
            raise FabulaError(_CHANGED.format(fic_id)) from None  # the range now cuts rows in two
        digests.append(h.hexdigest())
    if expect_hash is not None and _combine(digests) != expect_hash:
        raise FabulaError(_CHANGED.format(fic_id))
    if not rows:
        raise FabulaError(f"fic {fic_id}: no rows left in its CSV files; rerun the batch")
    rows.sort(key=lambda r: (r[0], r[1]))
    out: list[str] = []
    pos = 0
    story: list[Span] = []
    chapters: list[Chapter] = []
    breaks: list[SceneBreak] = []
    current = None
    for chapter, _para, raw in rows:
        para = " ".join(raw.split())  # a paragraph is one line of text.txt
        if not para:
            continue
        if chapter != current:
            if chapters:
                pos += 2
                out.append("\n\n")
            current = chapter
            chapters.append(Chapter(len(chapters) + 1, None, pos, pos))
            story.append(Span(pos, pos))
        elif out:
            pos += 2
            out.append("\n\n")
        if markers.break_marker(para) is not None:
            breaks.append(SceneBreak(pos, pos + len(para), para))
        out.append(para)
        pos += len(para)
        chapters[-1] = Chapter(chapters[-1].index, None, chapters[-1].start, pos)
        story[-1] = Span(story[-1].start, pos)
    if not chapters:
        raise FabulaError(f"fic {fic_id}: every paragraph is empty")
    return language.settle(Work(text="".join(out), source_format="fanfictionnlp-csv", story=tuple(story),
                                chapters=tuple(chapters), breaks=tuple(breaks), stats={"chapters": len(chapters)}))

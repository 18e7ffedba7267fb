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
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fabula import language
from fabula.errors import FabulaError
from fabula.ingest import markers
from fabula.ingest.decode import decode
from fabula.model import Chapter, SceneBreak, Span, Work

COLUMNS = ("fic_id", "chapter_id", "para_id", "text")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def is_header(header: Iterable[str]) -> bool:
    """True for a FanfictionNLP header (its four columns, in any case, any order)."""
    names = {h.strip().casefold() for h in header}
    return all(c in names for c in COLUMNS)


def peek_header(path: Path) -> tuple[str, ...]:
    """The first row of a CSV (read from its first 64 KB only)."""
    with open(path, "rb") as f:
        head = f.read(65536)
    line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        return tuple(next(csv.reader([line]), []))
    except csv.Error:
        return ()


def _rows(path: Path) -> Iterator[tuple[str, str, str, str]]:
    """(fic_id, chapter_id, para_id, text) of every data row."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise FabulaError(f"{path}: cannot read ({e.strerror or e})") from None
    text, _ = decode(data)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().casefold() for h in next(reader)]
        at = [header.index(c) for c in COLUMNS]
        for row in reader:
            if not row:
                continue
            if len(row) <= max(at):
                raise FabulaError(f"{path}: row {reader.line_num} has {len(row)} fields, not {len(header)}")
            yield tuple(row[i] for i in at)  # type: ignore[misc]
    except StopIteration:
        raise FabulaError(f"{path}: empty CSV file") from None
    except ValueError:
        raise FabulaError(f"{path}: not a FanfictionNLP CSV (columns {', '.join(COLUMNS)})") from None
    except csv.Error as e:
        raise FabulaError(f"{path}: not a readable CSV ({e})") from None


@dataclass
class Fic:
    """One fic met while scanning: its files, its size in bytes of text, its rows' digests per file."""

    fic_id: str
    parts: list[str] = field(default_factory=list)
    size: int = 0
    digests: list[str] = field(default_factory=list)

    @property
    def work_id(self) -> str:
        v = self.fic_id.strip()
        return f"fic-{int(v)}" if v.isdigit() else "fic-" + _SAFE_ID.sub("_", v)[:64]

    @property
    def content_hash(self) -> str:
        return hashlib.blake2b("".join(sorted(self.digests)).encode(), digest_size=16).hexdigest()


def scan(paths: Iterable[Path]) -> tuple[list[Fic], list[tuple[str, str]]]:
    """The fics in ``paths`` (in order of first appearance) and the files that could not be read
    (path, one-line error). Holds ids and digests only, never the text."""
    fics: dict[str, Fic] = {}
    failed: list[tuple[str, str]] = []
    for path in paths:
        hashers: dict[str, hashlib.blake2b] = {}
        try:
            for fic_id, chapter, para, text in _rows(path):
                fic = fics.get(fic_id)
                if fic is None:
                    fic = fics[fic_id] = Fic(fic_id)
                if not fic.parts or fic.parts[-1] != str(path):
                    fic.parts.append(str(path))
                h = hashers.get(fic_id)
                if h is None:
                    h = hashers[fic_id] = hashlib.blake2b(digest_size=16)
                h.update(json.dumps([chapter, para, text], ensure_ascii=False).encode("utf-8"))
                fic.size += len(text)
        except FabulaError as e:
            failed.append((str(path), str(e)))
            continue
        for fic_id, h in hashers.items():
            fics[fic_id].digests.append(h.hexdigest())
    return list(fics.values()), failed


def _key(v: str) -> tuple[int, int | str]:
    v = v.strip()
    return (0, int(v)) if v.isdigit() else (1, v)


def read_work(fic_id: str, parts: Iterable[str]) -> Work:
    """The fic ``fic_id`` from the files ``parts``: chapters by ``chapter_id``, paragraphs by ``para_id``."""
    rows = [(_key(c), _key(p), t) for path in parts for f, c, p, t in _rows(Path(path)) if f == fic_id]
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

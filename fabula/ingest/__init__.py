"""Stage 1, ingest: any input file -> ``Work`` (text.txt, metadata, chapters, notes, scene breaks).

Reads: a path, raw bytes, or a story as a str. Adds: the ``Work`` layer.
Formats are sniffed from content, not from the file name.
"""

from __future__ import annotations

from pathlib import Path

from fabula.errors import FabulaError
from fabula.model import Chapter, Span, Work


def read(source: str | Path | bytes) -> Work:
    """Read one story. A ``str`` that is not an existing path is taken as the story text itself."""
    # placeholder until the ingest readers land: UTF-8 plain text only
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and Path(source).exists()):
        p = Path(source)
        if p.is_dir():
            raise FabulaError(f"{p} is a directory, not a story file")
        data = p.read_bytes()
    else:
        data = source.encode("utf-8")
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    if not text.strip():
        raise FabulaError("the file is empty")
    return Work(text=text, source_format="text", story=(Span(0, len(text)),),
                chapters=(Chapter(1, None, 0, len(text)),))

"""Stage 1, ingest: any input file -> ``Work`` (text.txt, metadata, chapters, notes, scene breaks).

Reads: a path, raw bytes, or a story as a str. Adds: the ``Work`` layer.
Formats are sniffed from content, not from the file name (``sniff``):

- plain text (``plaintext``): UTF-8 with or without BOM, UTF-16 with BOM, cp1252/Latin-1 fallback
  (``decode``); text.txt is the file with CRLF -> LF and nothing else changed; front matter, chapter
  headings, notes and disclaimers are marked by spans and left out of ``Work.story``;
- AO3 HTML and AO3 EPUB as served (Calibre-built: split files, renamed classes) and the older AO3
  EPUB, AO3 work pages saved from a browser (``ao3``), fanfiction.net chapter pages saved from a
  browser (``ffnet``), FanFicFare EPUB/HTML/TXT (``fanficfare``), generic EPUB 2/3 (``epub``) and
  generic HTML (``html``): text.txt is the chapters' text, paragraphs and chapters separated by a
  blank line, titles and notes kept out of it;
- explicit scene breaks in all of them -> ``Work.breaks``.

Hostile or broken input (binary data, zip bombs, entity expansion, corrupt archives, empty files)
raises ``FabulaError`` with one line (``safety``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fabula import language
from fabula.errors import FabulaError
from fabula.ingest import fanficfare, html, plaintext, safety, sniff
from fabula.ingest.decode import decode
from fabula.model import Work

__all__ = ["FabulaError", "read", "read_text"]


def _load(source: str | Path | bytes | bytearray) -> bytes | str:
    """Bytes of a file, the bytes given, or the str given (a story as text)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        safety.check_size(len(data))
        return data
    if isinstance(source, Path) or (isinstance(source, str) and _is_path(source)):
        p = Path(source)
        try:
            if p.is_dir():
                raise FabulaError(f"{p} is a directory, not a story file")
            if not p.exists():
                raise FabulaError(f"{p}: no such file")
            if not p.is_file():
                raise FabulaError(f"{p} is not a regular file (a device or a pipe?)")
            safety.check_size(p.stat().st_size)
            with p.open("rb") as f:
                data = f.read(safety.MAX_INPUT_BYTES + 1)  # bounded even if the file grows meanwhile
            safety.check_size(len(data))
            return data
        except FabulaError:
            raise
        except (OSError, ValueError) as e:
            raise FabulaError(f"{p}: cannot read ({e.strerror or e})") from None
    if isinstance(source, str):
        if _looks_like_a_path(source):
            raise FabulaError(f"{source}: no such file")
        safety.check_size(len(source))
        return source
    raise FabulaError(f"cannot read a story from a {type(source).__name__}")


def _is_path(s: str) -> bool:
    """A str with no newline that names an existing file or folder is a path; anything else is text."""
    if "\n" in s or "\r" in s or not s.strip() or len(s) > 4096 or "\x00" in s:
        return False
    try:
        return os.path.exists(s)
    except (OSError, ValueError):
        return False


_PATHLIKE = re.compile(r"\S*[/\\]\S*|\S+\.(?:txt|text|md|html?|xhtml|epub|zip)", re.IGNORECASE)


def _looks_like_a_path(s: str) -> bool:
    """A one-word str such as "story.txt" or "fics/story" names a file that is not there; a typo in a
    path should not be analysed as a one-word story."""
    return len(s) < 4096 and "\n" not in s and "\r" not in s and _PATHLIKE.fullmatch(s.strip()) is not None


def read(source: str | Path | bytes) -> Work:
    """Read one story. A ``str`` that is not an existing path is taken as the story text itself."""
    try:
        data = _load(source)
        if isinstance(source, (str, Path)) and isinstance(data, bytes) and _is_fanfictionnlp(data):
            from fabula.corpus import fanfictionnlp

            return language.settle(fanfictionnlp.read_file(Path(source)))
        return language.settle(_read(data))  # no language in the metadata: the script's
    except FabulaError as e:
        if "\n" in str(e) or "\r" in str(e):  # a file name with a newline in it: still one line
            raise FabulaError(" ".join(str(e).split())) from None
        raise
    except RecursionError:
        raise FabulaError("the input is nested too deeply to read") from None
    except MemoryError:
        raise FabulaError("the input is too large to read in memory") from None


def _is_fanfictionnlp(data: bytes) -> bool:
    """True when the file's first line is FanfictionNLP's CSV header (fic_id, chapter_id, para_id, text)."""
    if b"fic_id" not in data[:4096].lower():
        return False
    from fabula.corpus import fanfictionnlp

    return fanfictionnlp.is_header(fanfictionnlp.header_of(data))


def _read(data: bytes | str) -> Work:
    if isinstance(data, bytes):
        if not data.strip():
            raise FabulaError("the input is empty")
        if sniff.is_zip(data):
            from fabula.ingest import epub  # loaded for an archive only (lxml with it)

            return epub.read(data)
        text, _encoding = decode(data)
    else:
        text = data.lstrip("\ufeff")
        safety.check_text(text)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise FabulaError("the text holds lone surrogate code points (not valid Unicode text)") from None
    return read_text(text)


def read_text(text: str) -> Work:
    """A Work from already-decoded text of any text format (plain, HTML, FanFicFare TXT)."""
    if not text.strip():
        raise FabulaError("the input is empty")
    if sniff.is_html(text):
        return _read_html(text)
    text = text.replace("\r\n", "\n")
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # a classic Mac file: CR line ends and no LF at all
    if sniff.sniff_text(text) == "fanficfare-txt":
        return fanficfare.read_txt(text)
    return plaintext.read(text)


def _read_html(text: str) -> Work:
    from fabula.ingest import ao3, ffnet

    root = safety.parse_html(text)
    if ao3.is_ao3_page(root):
        return ao3.read_ao3_page(root)
    if ao3.is_ao3(root):
        return ao3.read_ao3([root], "ao3-html")
    if ffnet.is_ffnet(root):
        return ffnet.read_ffnet(root)
    body = root.find(".//body")
    if body is not None and root.find(".//table") is not None and \
            any((a.get("name") or "").startswith("section") for a in root.iter("a")):
        return fanficfare.read_html(root)
    return html.read_generic(root, "html")

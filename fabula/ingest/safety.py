"""Bounds and safe parsers for untrusted input: sizes, binary sniffing, zip and XML hygiene.

Everything a hostile or broken file can do to us is stopped here with a one-line ``FabulaError``:
too big, not text, a zip bomb, XML entity expansion, a corrupt archive.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING

from fabula.errors import FabulaError

if TYPE_CHECKING:
    import lxml.html
    from lxml import etree

MAX_INPUT_BYTES = 200 * 1024 * 1024  # a story file (text, HTML, EPUB) larger than this is refused
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # total uncompressed size of an EPUB
MAX_MEMBERS = 5000  # files inside an EPUB
MAX_CONTENT_BYTES = 48 * 1024 * 1024  # the spine's documents together (a 4-million-word book is ~30 MB)
MAX_PACKAGE_BYTES = 8 * 1024 * 1024  # container.xml, the OPF, the NCX and nav together (real ones: < 1 MB)
MAX_RATIO = 200  # uncompressed/compressed size of one member, past which it is a bomb
RATIO_FLOOR = 1024 * 1024  # members smaller than this are never judged by ratio

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"RIFF", "a RIFF (audio/video/WebP) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", None),  # Windows executables; only with NULs (checked below), "MZ" starts words too
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"BOOKMOBI", "a MOBI ebook"),
]


def not_a_story(what: str = "binary data") -> FabulaError:
    return FabulaError(f"the input does not look like a story ({what})")


def check_size(n: int) -> None:
    if n > MAX_INPUT_BYTES:
        raise FabulaError(f"the input is too large ({n / 2**20:.0f} MB; the limit is "
                          f"{MAX_INPUT_BYTES // 2**20} MB)")


def check_magic(data: bytes) -> None:
    """Refuse well-known binary formats by their first bytes."""
    for magic, what in _MAGIC:
        if data.startswith(magic) and what:
            raise not_a_story(what)
    if data[60:68] == b"BOOKMOBI":
        raise not_a_story("a MOBI/AZW ebook; please use the EPUB or HTML download")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")


def check_text(text: str) -> None:
    """Refuse decoded text that is really binary data: NULs, or many control characters."""
    if "\x00" in text:
        raise not_a_story()
    sample = text[:65536]
    n = len(_CONTROL.findall(sample))
    if n and n > max(2, len(sample) // 200):
        raise not_a_story()


# ----------------------------------------------------------------------------- zip (EPUB)


class SafeZip:
    """A zip archive whose size was checked before any member is read; members are read bounded."""

    def __init__(self, data: bytes):
        try:
            self.zf = zipfile.ZipFile(BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError,
                IndexError, OverflowError, NotImplementedError) as e:
            raise FabulaError(f"the EPUB is not a readable zip archive ({_short(e)})") from None
        if len(infos) > MAX_MEMBERS:
            raise FabulaError(f"the EPUB holds {len(infos)} files (limit {MAX_MEMBERS}); refused")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise FabulaError(f"the EPUB member {info.filename!r} expands {info.file_size // max(1, info.compress_size)}"
                                  " times (a zip bomb?); refused")
        if total > MAX_UNZIPPED_BYTES:
            raise FabulaError(f"the EPUB would unpack to {total / 2**20:.0f} MB (limit "
                              f"{MAX_UNZIPPED_BYTES // 2**20} MB); refused")
        self.names = {info.filename: info for info in infos}
        self.budget = MAX_UNZIPPED_BYTES
        self.package_budget = MAX_PACKAGE_BYTES

    def has(self, name: str) -> bool:
        return name in self.names

    def check_content(self, names) -> None:
        """Refuse, before any is unpacked, content documents that together declare more than
        ``MAX_CONTENT_BYTES`` (text past that is no story but a way to spend memory: parsed trees take
        ten times the bytes)."""
        total = sum(self.names[n].file_size for n in names if n in self.names)
        if total > MAX_CONTENT_BYTES:
            raise FabulaError(f"the EPUB's story documents unpack to {total / 2**20:.0f} MB (limit "
                              f"{MAX_CONTENT_BYTES // 2**20} MB); refused")

    def read_package(self, name: str, what: str) -> bytes:
        """Read a package document (container.xml, OPF, NCX, nav), refusing it, before it is unpacked,
        when the package documents read so far and it together declare more than
        ``MAX_PACKAGE_BYTES``: a 100 MB OPF of made-up manifest items zips to 7 MB and takes 40 s and
        2 GB to parse, yet no real book's package documents reach 1 MB."""
        info = self.names.get(name)
        size = info.file_size if info is not None else 0
        if size > self.package_budget:
            raise FabulaError(f"{what} unpacks to {size / 2**20:.1f} MB, more than an EPUB's package "
                              f"files can need (limit {MAX_PACKAGE_BYTES // 2**20} MB); refused")
        self.package_budget -= size
        return self.read(name)

    def read(self, name: str) -> bytes:
        info = self.names.get(name)
        if info is None:
            raise FabulaError(f"the EPUB is missing {name!r}")
        if info.flag_bits & 0x1:
            raise FabulaError("the EPUB is encrypted (DRM?); fabula cannot read it")
        try:
            with self.zf.open(info) as f:
                data = f.read(info.file_size + 1)  # a member that lies about its size is caught here
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError,
                ValueError) as e:
            raise FabulaError(f"the EPUB member {name!r} is corrupt ({_short(e)})") from None
        if len(data) > info.file_size:
            raise FabulaError(f"the EPUB member {name!r} is larger than it declares; refused")
        self.budget -= len(data)
        if self.budget < 0:
            raise FabulaError("the EPUB unpacks to more than the size limit; refused")
        return data


def _short(e: BaseException) -> str:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    return msg[:120]


# ----------------------------------------------------------------------------- XML and HTML

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


# lxml is loaded by the first (X)HTML or EPUB input, not by every run: a plain-text story needs none of it
@cache
def _xml_parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True, recover=False)


def parse_xml(data: bytes, what: str) -> etree._Element:
    """Parse package XML (container.xml, OPF, NCX) with no entity expansion, DTD or network."""
    if _ENTITY_DECL.search(data):
        raise FabulaError(f"{what} declares XML entities (an entity-expansion attack?); refused")
    from lxml import etree

    try:
        root = etree.fromstring(data, _xml_parser())
    except (etree.XMLSyntaxError, ValueError) as e:
        raise FabulaError(f"{what} is not well-formed XML ({_short(e)})") from None
    if root is None:
        raise FabulaError(f"{what} is empty")
    return root


_PROLOGUE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)?", re.IGNORECASE | re.DOTALL)


@cache
def _html_parser() -> lxml.html.HTMLParser:
    import lxml.html

    return lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=False, remove_pis=True,
                                default_doctype=False)


def parse_html(text: str, what: str = "the HTML") -> lxml.html.HtmlElement:
    """Parse (X)HTML text leniently. The XML declaration and any DOCTYPE (with its internal subset,
    where entity bombs live) are cut off first; the HTML parser never expands custom entities."""
    if "<!ENTITY" in text[:200000] or "<!entity" in text[:200000]:
        raise FabulaError(f"{what} declares XML entities (an entity-expansion attack?); refused")
    m = _PROLOGUE.match(text)
    if m and m.end():
        text = text[m.end():]
    if not text.strip():
        raise FabulaError(f"{what} is empty")
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(text, parser=_html_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise FabulaError(f"{what} could not be parsed ({_short(e)})") from None
    # past libxml2's limits (elements nested over 255 deep, a text run over 10 MB) the parser stops
    # there and returns what it had: a story cut short, or nothing, with no exception
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _html_parser().error_log):
        raise FabulaError(f"{what} is too deeply nested or holds too long a text run to read whole; refused")
    return root

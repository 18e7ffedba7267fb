"""EPUB 2/3: container.xml -> OPF (metadata, manifest, spine) -> content documents in spine order.

The archive is bounded before anything is unpacked (``safety.SafeZip``); package XML is parsed with
no entity expansion; content documents are parsed leniently as HTML. Then the flavour decides how the
documents are read: AO3 (``dc:publisher`` "Archive of Our Own", or an AO3 preface in the first
document), FanFicFare (``dc:contributor`` FanFicFare, ``fanficfare-uid:`` identifier, or a
``title_page.xhtml``), or a generic EPUB (chapters at headings, titles from the NCX/nav when a
document has none).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from fabula.errors import FabulaError
from fabula.ingest import ao3, fanficfare, markers
from fabula.ingest.decode import decode
from fabula.ingest.html import Block, WorkBuilder, blocks, classes, norm, text_of
from fabula.ingest.safety import SafeZip, parse_html, parse_xml
from fabula.model import Work

_SKIP_NAME = re.compile(r"(?:^|[/_\-])(cover|toc|nav|contents|titlepage|title_page|copyright|colophon|"
                        r"log_page|toc_page|about)[^/]*$", re.IGNORECASE)


def _local(el) -> str:
    t = el.tag if isinstance(el.tag, str) else ""
    return t.rsplit("}", 1)[-1].lower()


def _children(el, name: str):
    return [c for c in el.iter() if _local(c) == name]


class _Docs:
    """The spine's content documents, parsed one at a time as they are walked (a long book is never
    held as trees all at once). The first few, which the readers sniff, are parsed once and kept."""

    KEEP = 3

    def __init__(self, z: SafeZip, spine: list[tuple[str, str]]):
        self.z, self.spine = z, spine
        self.kept: dict[int, object] = {}

    def _parse(self, i: int):
        if i in self.kept:
            return self.kept[i]
        href = self.spine[i][0]
        text, _enc = decode(self.z.read(href))
        root = parse_html(text, f"the EPUB document {href!r}")
        if i < self.KEEP:
            self.kept[i] = root
        return root

    def __iter__(self):
        for i, (href, props) in enumerate(self.spine):
            yield href, self._parse(i), props

    def head(self) -> list:
        return [(h, self._parse(i), p) for i, (h, p) in enumerate(self.spine[: self.KEEP])]


def read(data: bytes) -> Work:
    z = SafeZip(data)
    opf_path = _package_path(z)
    opf = parse_xml(z.read_package(opf_path, f"the EPUB's package file {opf_path!r}"),
                    f"the EPUB's package file {opf_path!r}")
    base = posixpath.dirname(opf_path)
    dc = _dublin_core(opf)
    manifest = _manifest(opf, base)
    spine = _spine(opf, manifest)
    for href, _props in spine:
        if not z.has(href):
            raise FabulaError(f"the EPUB's spine names {href!r}, which is missing from the archive")
    z.check_content(href for href, _p in spine)
    docs = _Docs(z, spine)
    meta = _opf_metadata(dc)
    subjects = meta.pop("subjects")
    flavour = _flavour(dc, spine)

    if flavour == "ao3" or (flavour == "generic" and any(ao3.is_ao3(d) for _h, d, _p in docs.head())):
        return ao3.read_ao3((d for _h, d, _p in docs), "ao3-epub", meta)
    toc_titles = _toc_titles(z, manifest)
    if flavour == "fanficfare":
        return _read_fanficfare(docs, meta, subjects, toc_titles)
    if subjects:
        meta["tags"] = subjects
    return _generic(docs, toc_titles, "epub").build(**meta)


def _package_path(z: SafeZip) -> str:
    """The OPF named by META-INF/container.xml (refusing zips that are not EPUBs)."""
    if not z.has("META-INF/container.xml"):
        if z.has("word/document.xml"):
            raise FabulaError("the input is a Word document (.docx); save it as plain text, HTML or EPUB first")
        if z.has("content.xml") and z.has("mimetype"):
            raise FabulaError("the input is an OpenDocument file; save it as plain text, HTML or EPUB first")
        raise FabulaError("the input is a zip archive but not an EPUB (no META-INF/container.xml)")
    container = parse_xml(z.read_package("META-INF/container.xml", "the EPUB's container.xml"),
                          "the EPUB's container.xml")
    rootfiles = [rf.get("full-path") for rf in _children(container, "rootfile") if rf.get("full-path")]
    if not rootfiles:
        raise FabulaError("the EPUB's container.xml names no package (OPF) file")
    if not z.has(rootfiles[0]):
        raise FabulaError(f"the EPUB's package file {rootfiles[0]!r} is missing")
    return rootfiles[0]


def _dublin_core(opf) -> dict[str, list]:
    """Local name -> elements of the OPF <metadata> (dc:title, dc:creator, meta...)."""
    meta_el = next(iter(_children(opf, "metadata")), None)
    dc: dict[str, list] = {}
    if meta_el is not None:
        for el in meta_el.iter():
            name = _local(el)
            if name and el is not meta_el:
                dc.setdefault(name, []).append(el)
    return dc


def _dc_text(dc: dict, name: str) -> list[str]:
    return [norm(e.text) for e in dc.get(name, []) if norm(e.text)]


def _manifest(opf, base: str) -> dict[str, tuple[str, str, str]]:
    """id -> (path in the zip, media type, properties)."""
    manifest = {}
    for item in _children(opf, "item"):
        if item.get("id") and item.get("href"):
            href = posixpath.normpath(posixpath.join(base, unquote(item.get("href").split("#")[0])))
            manifest[item.get("id")] = (href, item.get("media-type") or "", item.get("properties") or "")
    return manifest


def _spine(opf, manifest: dict) -> list[tuple[str, str]]:
    """(path, properties) of the content documents in reading order."""
    spine_el = next(iter(_children(opf, "spine")), None)
    if spine_el is None:
        raise FabulaError("the EPUB's package file has no spine (no reading order)")
    spine = []
    seen: set[str] = set()
    for ref in _children(spine_el, "itemref"):
        item = manifest.get(ref.get("idref"))
        if item is None or item[0] in seen:
            continue  # a document listed again is read once (a spine naming one file 3,000 times)
        href, media, props = item
        seen.add(href)
        if media and "html" not in media and "xml" not in media:
            continue
        spine.append((href, props))
    if not spine:
        raise FabulaError("the EPUB's spine lists no content documents")
    return spine


def _opf_metadata(dc: dict) -> dict:
    """Work fields from the OPF (plus "subjects", the uncategorised dc:subject list)."""
    meta: dict = {}
    if _dc_text(dc, "title"):
        meta["title"] = _dc_text(dc, "title")[0]
    if _dc_text(dc, "creator"):
        meta["authors"] = tuple(_dc_text(dc, "creator"))
    if _dc_text(dc, "language"):
        meta["language"] = markers.language_code(_dc_text(dc, "language")[0])
    if _dc_text(dc, "description"):
        desc = _dc_text(dc, "description")[0]
        meta["summary"] = text_of(parse_html(desc)) if "<" in desc else desc
    for ident in _dc_text(dc, "identifier") + _dc_text(dc, "source"):
        if ident.startswith("http"):
            meta["url"] = ident
            break
    series = [m.get("content") for m in dc.get("meta", []) if m.get("name") == "calibre:series" and m.get("content")]
    if series:
        meta["series"] = tuple(series)
    meta["subjects"] = tuple(s for s in _dc_text(dc, "subject") if s != "Fanworks")
    return meta


def _read_fanficfare(docs, opf_meta: dict, subjects: tuple, toc_titles: dict) -> Work:
    meta: dict = {}
    for href, d, _p in docs.head():
        body = d.find(".//body")
        if posixpath.basename(href) == "title_page.xhtml" or (body is not None and "fff_titlepage" in classes(body)):
            fanficfare.title_page_epub(d, meta)
            break
    for k, v in opf_meta.items():
        meta.setdefault(k, v)
    if "tags" not in meta and subjects:
        meta["tags"] = subjects
    b = WorkBuilder("fanficfare-epub")
    fanficfare.read_epub_chapters(((h, d) for h, d, _p in docs), meta, b)
    if not b.chapters:  # not the chapter files we know: read it like any EPUB
        b = _generic(docs, toc_titles, "fanficfare-epub")
    return b.build(**meta)


def _flavour(dc: dict, spine) -> str:
    if any("fanficfare" in c.lower() for c in _dc_text(dc, "contributor")) or \
            any(i.startswith("fanficfare-uid") for i in _dc_text(dc, "identifier")) or \
            any(posixpath.basename(h) == "title_page.xhtml" for h, _p in spine):
        return "fanficfare"
    if any("archive of our own" in p.lower() for p in _dc_text(dc, "publisher")) or \
            any("archiveofourown.org/works/" in i for i in _dc_text(dc, "identifier")):
        return "ao3"
    return "generic"


def _toc_titles(z: SafeZip, manifest: dict) -> dict[str, str]:
    """href -> title from the EPUB 2 NCX or the EPUB 3 nav document (first entry per file)."""
    titles: dict[str, str] = {}
    seen: set[str] = set()
    for (href, media, props) in manifest.values():
        if href in seen:
            continue  # a table of contents listed again under other ids is read once
        seen.add(href)
        try:
            if media == "application/x-dtbncx+xml" and z.has(href):
                what = "the EPUB's table of contents (toc.ncx)"
                ncx = parse_xml(z.read_package(href, what), what)
                d = posixpath.dirname(href)
                for point in _children(ncx, "navpoint"):
                    label = next((norm(t.text) for t in _children(point, "text")), "")
                    content = next(iter(_children(point, "content")), None)
                    if content is not None and content.get("src") and label:
                        target = posixpath.normpath(posixpath.join(d, unquote(content.get("src").split("#")[0])))
                        titles.setdefault(target, label)
            elif "nav" in props.split() and z.has(href):
                text, _ = decode(z.read_package(href, "the EPUB's navigation document"))
                nav = parse_html(text, "the EPUB's navigation document")
                d = posixpath.dirname(href)
                for a in nav.iter("a"):
                    if a.get("href") and norm(a.text_content()):
                        target = posixpath.normpath(posixpath.join(d, unquote(a.get("href").split("#")[0])))
                        titles.setdefault(target, norm(a.text_content()))
        except FabulaError:
            continue  # a broken table of contents is not fatal: titles then come from headings
    return titles


def _generic(docs, toc_titles: dict[str, str], source_format: str) -> WorkBuilder:
    """Chapters of a generic EPUB: each document, split at its top-level headings."""
    b = WorkBuilder(source_format)
    pending: list = []  # text before the first heading of a document continues the previous chapter
    pending_title: str | None = None
    for href, root, props in docs:
        if "nav" in props.split():
            continue
        body = root.find(".//body")
        items = blocks(body if body is not None else root)
        if not any(x.kind == "p" for x in items):
            continue
        if _SKIP_NAME.search(href) and sum(len(x.text) for x in items if x.kind == "p") < 3000:
            continue  # cover, title page, table of contents, copyright page
        chapters = _split_doc(items)
        for i, (title, body_blocks) in enumerate(chapters):
            if i == 0 and title is None:
                if pending and not toc_titles.get(href):
                    pending.extend(body_blocks)  # a file split mid-chapter
                    continue
                title = toc_titles.get(href)
            if pending or pending_title is not None:
                b.chapter(pending_title, pending)
            pending, pending_title = list(body_blocks), title
    if pending or pending_title is not None:
        b.chapter(pending_title, pending)
    return b



def _split_doc(items: list[Block]) -> list[tuple[str | None, list[Block]]]:
    """One EPUB document -> [(chapter title, blocks)], split at its top heading level. A heading right
    under a chapter heading is its subtitle ("Chapter 1" + "The Beginning"); deeper headings further
    down stay inside the chapter (and out of the text)."""
    levels = [b.level for b in items if b.kind == "h"]
    if not levels:
        return [(None, items)]
    top = min(levels)
    out: list[tuple[str | None, list[Block]]] = [(None, [])]
    for b in items:
        if b.kind == "h" and b.level == top:
            out.append((b.text, []))
        elif b.kind == "h" and out[-1][0] is not None and not out[-1][1]:
            out[-1] = (f"{out[-1][0]}: {b.text}", [])
        else:
            out[-1][1].append(b)
    if not out[0][1]:
        out.pop(0)
    return out

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
from fabula.ingest.html import Block, WorkBuilder, blocks, norm, text_of
from fabula.ingest.safety import SafeZip, parse_html, parse_xml
from fabula.model import Work

_SKIP_NAME = re.compile(r"(?:^|[/_\-])(cover|toc|nav|contents|titlepage|title_page|copyright|colophon|"
                        r"log_page|toc_page|about)[^/]*$", re.IGNORECASE)


def _local(el) -> str:
    t = el.tag if isinstance(el.tag, str) else ""
    return t.rsplit("}", 1)[-1].lower()


def _children(el, name: str):
    return [c for c in el.iter() if _local(c) == name]


def read(data: bytes) -> Work:
    z = SafeZip(data)
    if not z.has("META-INF/container.xml"):
        if z.has("word/document.xml"):
            raise FabulaError("the input is a Word document (.docx); save it as plain text, HTML or EPUB first")
        if z.has("content.xml") and z.has("mimetype"):
            raise FabulaError("the input is an OpenDocument file; save it as plain text, HTML or EPUB first")
        raise FabulaError("the input is a zip archive but not an EPUB (no META-INF/container.xml)")
    container = parse_xml(z.read("META-INF/container.xml"), "the EPUB's container.xml")
    rootfiles = [rf.get("full-path") for rf in _children(container, "rootfile") if rf.get("full-path")]
    if not rootfiles:
        raise FabulaError("the EPUB's container.xml names no package (OPF) file")
    opf_path = rootfiles[0]
    if not z.has(opf_path):
        raise FabulaError(f"the EPUB's package file {opf_path!r} is missing")
    opf = parse_xml(z.read(opf_path), f"the EPUB's package file {opf_path!r}")
    base = posixpath.dirname(opf_path)

    meta_el = next(iter(_children(opf, "metadata")), None)
    dc: dict[str, list] = {}
    if meta_el is not None:
        for el in meta_el.iter():
            name = _local(el)
            if name and el is not meta_el:
                dc.setdefault(name, []).append(el)
    manifest = {}
    for item in _children(opf, "item"):
        if item.get("id") and item.get("href"):
            href = posixpath.normpath(posixpath.join(base, unquote(item.get("href").split("#")[0])))
            manifest[item.get("id")] = (href, item.get("media-type") or "", item.get("properties") or "")
    spine_el = next(iter(_children(opf, "spine")), None)
    if spine_el is None:
        raise FabulaError("the EPUB's package file has no spine (no reading order)")
    spine = []
    for ref in _children(spine_el, "itemref"):
        item = manifest.get(ref.get("idref"))
        if item is None:
            continue
        href, media, props = item
        if media and "html" not in media and "xml" not in media:
            continue
        spine.append((href, props))
    if not spine:
        raise FabulaError("the EPUB's spine lists no content documents")

    def dc_text(name: str) -> list[str]:
        return [norm(e.text) for e in dc.get(name, []) if norm(e.text)]

    toc_titles = _toc_titles(z, opf, manifest, base)
    flavour = _flavour(dc_text, spine)
    docs = []
    for href, props in spine:
        if not z.has(href):
            raise FabulaError(f"the EPUB's spine names {href!r}, which is missing from the archive")
        text, _enc = decode(z.read(href))
        docs.append((href, parse_html(text, f"the EPUB document {href!r}"), props))

    opf_meta: dict = {}
    if dc_text("title"):
        opf_meta["title"] = dc_text("title")[0]
    creators = [norm(e.text) for e in dc.get("creator", []) if norm(e.text)]
    if creators:
        opf_meta["authors"] = tuple(creators)
    if dc_text("language"):
        opf_meta["language"] = markers.language_code(dc_text("language")[0])
    if dc_text("description"):
        desc = dc_text("description")[0]
        opf_meta["summary"] = text_of(parse_html(desc)) if "<" in desc else desc
    subjects = tuple(s for s in dc_text("subject") if s != "Fanworks")
    for ident in dc_text("identifier") + dc_text("source"):
        if ident.startswith("http"):
            opf_meta["url"] = ident
            break
    series = [m.get("content") for m in dc.get("meta", []) if m.get("name") == "calibre:series" and m.get("content")]
    if series:
        opf_meta["series"] = tuple(series)

    if flavour == "ao3" or (flavour == "generic" and any(ao3.is_ao3(d) for _h, d, _p in docs[:3])):
        work = ao3.read_ao3([d for _h, d, _p in docs], "ao3-epub", opf_meta)
        return work
    if flavour == "fanficfare":
        meta: dict = {}
        for _h, d, _p in docs:
            if "title_page" in _h or "fff_titlepage" in (d.find(".//body").get("class") or "" if d.find(".//body") is not None else ""):
                fanficfare.title_page_epub(d, meta)
                break
        for k, v in opf_meta.items():
            meta.setdefault(k, v)
        if "tags" not in meta and subjects:
            meta["tags"] = subjects
        b = WorkBuilder("fanficfare-epub")
        fanficfare.read_epub_chapters([(h, d) for h, d, _p in docs], meta, b)
        if not b.chapters:
            b = _generic(docs, toc_titles, "fanficfare-epub")
        return b.build(**meta)
    if subjects:
        opf_meta["tags"] = subjects
    return _generic(docs, toc_titles, "epub").build(**opf_meta)


def _flavour(dc_text, spine) -> str:
    if any("fanficfare" in c.lower() for c in dc_text("contributor")) or \
            any(i.startswith("fanficfare-uid") for i in dc_text("identifier")) or \
            any(posixpath.basename(h) == "title_page.xhtml" for h, _p in spine):
        return "fanficfare"
    if any("archive of our own" in p.lower() for p in dc_text("publisher")) or \
            any("archiveofourown.org/works/" in i for i in dc_text("identifier")):
        return "ao3"
    return "generic"


def _toc_titles(z: SafeZip, opf, manifest: dict, base: str) -> dict[str, str]:
    """href -> title from the EPUB 2 NCX or the EPUB 3 nav document (first entry per file)."""
    titles: dict[str, str] = {}
    for (href, media, props) in manifest.values():
        try:
            if media == "application/x-dtbncx+xml" and z.has(href):
                ncx = parse_xml(z.read(href), "the EPUB's table of contents (toc.ncx)")
                d = posixpath.dirname(href)
                for point in _children(ncx, "navpoint"):
                    label = next((norm(t.text) for t in _children(point, "text")), "")
                    content = next(iter(_children(point, "content")), None)
                    if content is not None and content.get("src") and label:
                        target = posixpath.normpath(posixpath.join(d, unquote(content.get("src").split("#")[0])))
                        titles.setdefault(target, label)
            elif "nav" in props.split() and z.has(href):
                text, _ = decode(z.read(href))
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

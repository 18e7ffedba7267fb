"""Archive of Our Own downloads: the HTML file, and the EPUBs made from it (Calibre, 2019 on) or
before it (AO3's own EPUB: preface.xhtml, chapterN_M.xhtml, afterword.xhtml).

Parsed on structure, not on label text (labels changed over the years): ``#preface`` holds
``p.message`` (title, work URL), ``dl.tags`` (rating, warnings, categories, fandoms, relationships,
characters, additional tags, language, series, stats), ``h1``, ``div.byline`` and the summary and
notes (a ``<p>`` label followed by ``blockquote.userstuff``). Chapters are ``div.meta.group`` (with
``h2.heading``, chapter summary and notes) followed by a ``div.userstuff`` body and an optional
``div#endnotesN``; a one-chapter work has just the body. ``#afterword #endnotes`` holds the end notes.
The EPUB readers hand in their spine documents in order; chapters are rebuilt from this structure,
not from file boundaries (Calibre splits files wherever it likes).
"""

from __future__ import annotations

import itertools
import re

from fabula.ingest import markers
from fabula.ingest.html import WorkBuilder, blocks, classes, norm, text_of
from fabula.model import Note, Work


def is_ao3(root) -> bool:
    """An AO3 download (HTML, or one document of its EPUB), told by content rather than by class names
    (Calibre renames them): the preface's tag list (a ``dl`` with AO3 labels such as Rating, Fandom,
    Stats), or a paragraph pointing at an archiveofourown.org work, or the ``#preface`` + ``dl`` pair."""
    if root.find(".//div[@id='preface']") is not None and root.find(".//dl") is not None:
        return True
    for p in root.iterfind(".//p"):
        if any(_WORK_URL.search(a.get("href") or "") for a in p.iterfind(".//a")) and \
                "Archive of Our Own" in norm(p.text_content()):
            return True
    return any(_is_tag_list(dl) for dl in root.iterfind(".//dl"))


_WORK_URL = re.compile(r"archiveofourown\.org/works/(\d+)")


def _is_tag_list(dl) -> bool:
    """A ``dl`` whose labels are AO3's: at least two of rating, fandom, stats, warning, character..."""
    labels = {_LABEL_FIELDS.get(_label(dt)) for dt in dl.iterfind("dt")}
    labels.discard(None)
    return len(labels) >= 2 and bool(labels & {"rating", "fandoms", "stats", "warnings"})


_LABEL_FIELDS = {
    "rating": "rating", "archive warning": "warnings", "warning": "warnings", "category": "categories",
    "fandom": "fandoms", "relationship": "relationships", "character": "characters",
    "additional tag": "tags", "freeform": "tags", "language": "language", "series": "series",
    "collection": "collections", "stat": "stats",
}
_STAT = re.compile(r"(Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits):\s*([^\s]+)")


def _label(dt) -> str:
    t = norm(dt.text_content()).rstrip(":").strip().lower()
    for suffix, repl in (("ies", "y"), ("s", "")):
        if t.endswith(suffix) and t[: -len(suffix)] + repl in _LABEL_FIELDS:
            return t[: -len(suffix)] + repl
    return t


def _values(dd) -> tuple[str, ...]:
    links = [norm(a.text_content()) for a in dd.iterfind(".//a")]
    links = [x for x in links if x]
    return tuple(links) if links else markers.split_list(norm(dd.text_content()))


def _preface(el, meta: dict, notes: list[Note]) -> None:
    for p in el.iter("p"):
        # "<b>Title</b> Posted originally on the Archive of Our Own at <a>work URL</a>" (class "message")
        links = [a.get("href") or "" for a in p.iter("a")]
        if "message" in classes(p) or any(re.search(r"/works/\d+/?$", h) for h in links):
            b = p.find(".//b")
            if b is not None and norm(b.text_content()):
                meta.setdefault("title", norm(b.text_content()))
            for href in links:
                if re.search(r"/works/\d+", href):
                    meta.setdefault("url", href)
    for dl in el.iterfind(".//dl"):
        dts = [c for c in dl if isinstance(c.tag, str) and c.tag.lower() in ("dt", "dd")]
        for dt, dd in itertools.pairwise(dts):
            if dt.tag.lower() != "dt" or dd.tag.lower() != "dd":
                continue
            field = _LABEL_FIELDS.get(_label(dt))
            if field is None:
                continue
            if field == "rating":
                meta["rating"] = ", ".join(_values(dd)) or None
            elif field == "language":
                meta["language"] = markers.language_code(norm(dd.text_content()))
            elif field == "stats":
                for k, v in _STAT.findall(norm(" ".join(dd.itertext()))):
                    v = v.replace(",", "")
                    meta.setdefault("stats", {})[k.lower()] = int(v) if v.isdigit() else v
            elif field == "series":
                meta["series"] = tuple(norm(a.text_content()) for a in dd.iterfind(".//a")) or \
                    (norm(dd.text_content()),)
            elif field == "collections":
                meta.setdefault("stats", {})["collections"] = list(_values(dd))
            else:
                meta[field] = _values(dd)
    h1 = el.find(".//h1")
    if h1 is not None and norm(h1.text_content()):
        meta["title"] = norm(h1.text_content())
    for div in el.iter("div", "p"):
        # the byline: class "byline", or the block after the h1 that reads "by <a rel=author>..."
        after_h1 = h1 is not None and div.getprevious() is h1
        if "byline" in classes(div) or (after_h1 and norm(div.text_content()).startswith("by ")):
            authors = [norm(a.text_content()) for a in div.iterfind(".//a")]
            authors = [a for a in authors if a]
            if not authors:
                authors = [a.strip() for a in re.sub(r"^\s*by\s+", "", norm(div.text_content())).split(",")]
            meta["authors"] = tuple(a for a in authors if a)
            break
    for label, bq in _labelled_blockquotes(el):
        if label.startswith("summary"):
            meta["summary"] = text_of(bq)
        elif label.startswith("note"):
            notes.append(Note("notes", text_of(bq)))


def _labelled_blockquotes(el):
    """(label, blockquote) pairs: a <p>Summary</p> (or Notes...) followed by a blockquote."""
    for p in el.iterfind(".//p"):
        nxt = p.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None and nxt.tag.lower() == "blockquote":
            label = norm(p.text_content()).rstrip(":").strip().lower()
            if label and len(label) < 40:
                yield label, nxt


def _tag(el) -> str:
    t = el.tag if isinstance(el.tag, str) else ""
    return t.rsplit("}", 1)[-1].lower()


def _elements(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _own_text(el) -> bool:
    """Text standing directly in ``el`` (not inside a child element)."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def _is_meta_group(el, kids: list) -> bool:
    """A chapter's meta block: a heading first, then only labelled blockquotes ("Chapter Notes" +
    blockquote), a byline or an end-notes link; not a chapter body that opens with its own heading."""
    if not kids or _tag(kids[0]) != "h2" or "toc-heading" in classes(kids[0]) or el.get("id") == "chapters":
        return False
    if any(_tag(k) == "div" and k.find(".//p") is not None for k in kids[1:]):
        return False  # a chapter body inside: a container, not the meta block
    loose = [k for k in kids[1:] if _tag(k) == "p" and (k.getnext() is None or _tag(k.getnext()) != "blockquote")]
    short = sum(len(norm(k.text_content())) for k in kids[1:] if _tag(k) != "blockquote") < 500
    followed = any(_tag(k) == "blockquote" for k in kids) or (el.getnext() is not None and _tag(el.getnext()) == "div")
    return len(loose) <= 1 and short and followed


def _is_site_message(el) -> bool:
    """Only AO3's own lines ("Please drop by the Archive and comment"): short paragraphs that each
    link to archiveofourown.org."""
    paras = [p for p in el.iter("p") if norm(p.text_content())]
    return bool(paras) and len(norm(el.text_content())) < 400 and all(
        any("archiveofourown.org" in (a.get("href") or "") for a in p.iter("a")) for p in paras)


_MARK = "data-fabula-holds"


def _mark(root) -> None:
    """Mark every element holding a tag list ("t"), the chapters or the afterword ("c") or the work's
    end notes ("e") in an attribute, so that ``_kind`` need not search each element's subtree."""
    found = [(dl, "t") for dl in root.iter("dl") if _is_tag_list(dl)]
    for el in root.iter():
        el_id = el.get("id") if isinstance(el.tag, str) else None
        if el_id in ("chapters", "afterword"):
            found.append((el, "c"))
        elif el_id == "endnotes":
            found.append((el, "e"))
    for el, flag in found:
        p = el.getparent()
        while p is not None:
            if flag not in (p.get(_MARK) or ""):
                p.set(_MARK, (p.get(_MARK) or "") + flag)
            p = p.getparent()


def _kind(el) -> str | None:
    """What an element of an AO3 download is, from ids and structure only (Calibre renames classes:
    ``userstuff`` -> ``userstuff2``, ``meta group`` -> ``calibre8``)."""
    tag = _tag(el)
    if tag not in ("div", "h2", "section"):
        return None
    el_id = el.get("id") or ""
    if el_id == "preface":
        return "preface"
    if el_id in ("afterword", "endnotes"):
        return "afterword"
    if re.fullmatch(r"endnotes\d+", el_id):
        return "endnotes"
    if tag == "h2":
        return None if "toc-heading" in classes(el) else "heading"
    content = el.text_content()
    if not content.strip():
        return None  # Calibre's page-break markers, empty clones of the split containers
    # Calibre leaves empty marker divs (id="calibre_pb_N") where it split; they do not count
    kids = [k for k in _elements(el) if len(k) or (k.text or "").strip() or _tag(k) != "div"]
    holds = el.get(_MARK) or ""  # what the element holds, marked once per document by _mark()
    if "t" in holds and "c" not in holds:
        return "preface"  # the preface's meta block, when the preface lost its id
    if "e" in holds and "c" not in holds:
        return "afterword"  # the afterword, when it lost its id
    if any(_tag(k) == "h1" and k.getnext() is not None and norm(k.getnext().text_content()).startswith("by ")
           for k in kids):
        return "preface"  # the preface's second half (title, byline, summary), cut off by a split
    if _is_meta_group(el, kids):
        return "meta"
    if len(content) < 2000 and _is_site_message(el):
        return None
    if kids and not _own_text(el) and all(_tag(k) in ("div", "h2", "section") for k in kids):
        return "container"  # #chapters (cloned into every split file), or a body made of divs
    return "body"


def read_ao3(docs, source_format: str, extra: dict | None = None) -> Work:
    """A Work from AO3 markup spread over one or more documents (``docs``: parsed roots, in order).
    The documents are one stream: a chapter split across files by Calibre joins up again."""
    meta: dict = {}
    notes: list[Note] = []
    b = WorkBuilder(source_format)
    chapters: list[dict] = []  # {"title", "notes": [(kind, text)], "body": [Block], "end": [(kind, text)]}

    def open_chapter(title=None):
        chapters.append({"title": title, "notes": [], "body": [], "end": []})
        return chapters[-1]

    for root in docs:
        _mark(root)
        body = root.find(".//body")
        stack = list(reversed(_elements(body if body is not None else root)))
        while stack:
            el = stack.pop()
            kind = _kind(el)
            if kind is None:
                if _tag(el) not in ("h2", "script", "style"):
                    stack.extend(reversed(_elements(el)))
            elif kind == "container":
                stack.extend(reversed(_elements(el)))
            elif kind == "preface":
                _preface(el, meta, notes)
            elif kind == "afterword":
                end = el if el.get("id") == "endnotes" else el.find(".//*[@id='endnotes']")
                if end is not None:
                    for _label_text, bq in _labelled_blockquotes(end):
                        notes.append(Note("end_notes", text_of(bq)))
            elif kind in ("meta", "heading"):
                h2 = el if kind == "heading" else next(k for k in _elements(el) if _tag(k) == "h2")
                ch = open_chapter(norm(h2.text_content()) or None)
                if kind == "meta":
                    for label, bq in _labelled_blockquotes(el):
                        k = "chapter_summary" if "summary" in label else "chapter_notes"
                        ch["notes"].append((k, text_of(bq)))
            elif kind == "endnotes":
                ch = chapters[-1] if chapters else open_chapter()
                for _label_text, bq in _labelled_blockquotes(el):
                    ch["end"].append(("chapter_end_notes", text_of(bq)))
            else:
                ch = chapters[-1] if chapters and not chapters[-1]["end"] else open_chapter()
                ch["body"].extend(blocks(el))

    for ch in chapters:
        b.chapter(ch["title"], ch["body"], ch["notes"] + ch["end"])
    for k, v in (extra or {}).items():
        if v:
            meta.setdefault(k, v)
    _work_id(meta)
    meta["notes"] = notes
    return b.build(**meta)


def _work_id(meta: dict) -> None:
    """``work_id`` from the work's archiveofourown.org URL."""
    m = _WORK_URL.search(meta.get("url") or "")
    if m:
        meta.setdefault("work_id", m.group(1))


# ----------------------------------------------------------------------------- a saved AO3 work page

def is_ao3_page(root) -> bool:
    """A work page saved from the browser (not the download): ``dl.work.meta`` or ``div#workskin``."""
    return root.find(".//div[@id='workskin']") is not None or any(
        {"work", "meta"} <= classes(dl) for dl in root.iterfind(".//dl"))


_PAGE_FIELDS = {"rating": "rating", "warning": "warnings", "category": "categories", "fandom": "fandoms",
                "relationship": "relationships", "character": "characters", "freeform": "tags",
                "language": "language", "series": "series", "collections": "collections", "stats": "stats"}


def _blockquote_in(el) -> str | None:
    bq = el.find(".//blockquote")
    return text_of(bq) if bq is not None else None


def read_ao3_page(root) -> Work:
    """The AO3 work page as a browser saves it: ``dl.work.meta`` (dd classes name the fields),
    ``div.preface`` (h2.title, h3.byline, summary and notes modules), ``#chapters > div.chapter``
    (h3.title, chapter summary/notes, ``div.userstuff.module`` with its "Chapter Text" landmark,
    end notes), ``#work_endnotes``. Navigation, kudos and comments are left out."""
    meta: dict = {}
    notes: list[Note] = []
    for dl in root.iterfind(".//dl"):
        if not {"work", "meta"} <= classes(dl):
            continue
        for dd in dl.iterfind("dd"):
            field = next((_PAGE_FIELDS[c] for c in classes(dd) if c in _PAGE_FIELDS), None)
            if field == "rating":
                meta["rating"] = ", ".join(_values(dd)) or None
            elif field == "language":
                meta["language"] = markers.language_code(norm(dd.text_content()))
            elif field == "series":
                names = [norm(a.text_content()) for a in dd.iterfind(".//a") if "/series/" in (a.get("href") or "")]
                meta["series"] = tuple(dict.fromkeys(n for n in names if n))
            elif field == "stats":
                for k, v in _STAT.findall(norm(" ".join(dd.itertext()))):
                    v = v.replace(",", "")
                    meta.setdefault("stats", {})[k.lower()] = int(v) if v.isdigit() else v
            elif field == "collections":
                meta.setdefault("stats", {})["collections"] = list(_values(dd))
            elif field:
                meta[field] = _values(dd)
        break
    chapters_el = root.find(".//div[@id='chapters']")
    for div in root.iter("div"):
        if "preface" not in classes(div) or "chapter" in classes(div) or _inside(div, chapters_el):
            continue
        h2 = div.find(".//h2")
        if h2 is not None and "title" not in meta:
            meta["title"] = norm(h2.text_content())
        authors = [norm(a.text_content()) for a in div.iterfind(".//a") if a.get("rel") == "author"]
        if authors and "authors" not in meta:
            meta["authors"] = tuple(authors)
        for mod in div.iter("div", "blockquote"):
            cls = classes(mod)
            if "summary" in cls and "summary" not in meta:
                meta["summary"] = _module_text(mod)
            elif "notes" in cls and "end" not in cls and not _inside(mod, root.find(".//*[@id='work_endnotes']")):
                text = _module_text(mod)
                if text:
                    notes.append(Note("notes", text))
    end = root.find(".//*[@id='work_endnotes']")
    if end is not None and _blockquote_in(end):
        notes.append(Note("end_notes", _blockquote_in(end)))
    b = WorkBuilder("ao3-html")
    if chapters_el is None:
        chapters_el = root
    chapter_divs = [d for d in chapters_el if isinstance(d.tag, str) and d.tag.lower() == "div"
                    and "chapter" in classes(d)]
    if not chapter_divs:
        body = next((d for d in chapters_el.iter("div") if "userstuff" in classes(d)), None)
        if body is not None:
            b.chapter(None, blocks(body, _landmark))
    for ch in chapter_divs:
        h3 = next((h for h in ch.iter("h3") if "title" in classes(h)), None)
        ch_notes: list[tuple[str, str]] = []
        body = None
        for d in ch.iter("div"):
            cls = classes(d)
            if "userstuff" in cls and ("module" in cls or d.get("role") == "article"):
                body = d if body is None else body
            elif "summary" in cls and "module" in cls:
                ch_notes.append(("chapter_summary", _module_text(d)))
            elif "notes" in cls and "module" in cls:
                ch_notes.append(("chapter_end_notes" if "end" in cls else "chapter_notes", _module_text(d)))
        b.chapter(norm(h3.text_content()) if h3 is not None else None,
                  blocks(body, _landmark) if body is not None else [], [x for x in ch_notes if x[1]])
    meta.update(_page_url(root))
    meta["notes"] = notes
    return b.build(**meta)


_PAGE_WORK = re.compile(r"(?:^|archiveofourown\.org|ao3\.org)/(?:works|downloads)/(\d+)(?:[/?#.]|$)")


def _page_url(root) -> dict:
    """The work's URL and id on a saved page: a canonical link or the browser's "saved from url" note
    when there is one, else the work id most of the page's own links and forms point at (Entire Work,
    comments, share, kudos, downloads; a related work is linked once or twice)."""
    for el in itertools.chain(root.itersiblings(preceding=True), root.iter()):
        if not isinstance(el.tag, str):
            m = re.search(r"saved from url=\(\d+\)(\S+)", el.text or "")
            if m and _WORK_URL.search(m.group(1)):
                return {"url": m.group(1), "work_id": _WORK_URL.search(m.group(1)).group(1)}
        elif el.tag in ("link", "meta") and (el.get("rel") == "canonical" or el.get("property") == "og:url"):
            m = _WORK_URL.search(el.get("href") or el.get("content") or "")
            if m:
                return {"url": f"https://archiveofourown.org/works/{m.group(1)}", "work_id": m.group(1)}
    counts: dict[str, int] = {}
    for el in root.iter("a", "form"):
        m = _PAGE_WORK.search(el.get("href") or el.get("action") or "")
        if m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return {}
    work_id = max(counts, key=counts.__getitem__)
    return {"url": f"https://archiveofourown.org/works/{work_id}", "work_id": work_id}


def _landmark(el) -> bool:
    return isinstance(el.tag, str) and el.tag.lower() == "h3" and "landmark" in classes(el)


def _inside(el, ancestor) -> bool:
    if ancestor is None:
        return False
    p = el
    while p is not None:
        if p is ancestor:
            return True
        p = p.getparent()
    return False


def _module_text(mod) -> str:
    bq = mod if mod.tag.lower() == "blockquote" else mod.find(".//blockquote")
    if bq is None:
        return ""
    return text_of(bq, skip=lambda e: isinstance(e.tag, str) and e.tag.lower() in ("h3", "h2"))

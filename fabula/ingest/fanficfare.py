"""FanFicFare output: EPUB (title_page.xhtml + fileNNNN.xhtml), the one-file HTML, and the TXT writer.

- Title page: ``<h3><a href=URL>Title</a> by <a>Author</a></h3>`` then ``<b>Label:</b> value<br/>``
  entries (EPUB) or ``<table class="full">`` rows (HTML). For AO3 stories FanFicFare puts the fandoms
  under "Category" and additional tags plus AO3 categories under "Genre".
- Chapters: ``body.fff_chapter`` with ``h3.fff_chapter_title`` (EPUB); ``<a name="sectionNNNN"><h2>``
  (HTML). AO3 notes come in ``div.fff_head_notes`` / ``div.fff_foot_notes`` as ``<b>Label:</b>`` +
  blockquote ("Author's Note:", "Summary for the Chapter:", "Notes for the Chapter:", or AO3's own
  "Chapter Summary"/"Chapter Notes"/"Chapter End Notes").
- TXT: title, "by Author", "Label: value" lines, "TABLE OF CONTENTS", chapters opening with a
  tab-indented title line, "End file." at the end; CRLF, wrapped at 78 columns. Read as plain text
  (offsets into the user's file) with those landmarks as front matter, headings and notes.
"""

from __future__ import annotations

import re

from fabula.ingest import markers
from fabula.ingest.html import Block, WorkBuilder, blocks, classes, norm, text_of
from fabula.model import Chapter, Note, SceneBreak, Span, Work

# ----------------------------------------------------------------------------- title page

_FIELDS = {
    "category": "fandoms", "categories": "fandoms", "fandom": "fandoms", "fandoms": "fandoms",
    "genre": "tags", "genres": "tags", "freeform tags": "tags", "additional tags": "tags",
    "characters": "characters", "relationships": "relationships", "pairings": "relationships",
    "ships": "relationships", "rating": "rating", "warnings": "warnings", "language": "language",
    "series": "series", "summary": "summary", "description": "summary", "status": "status",
    "published": "published", "updated": "updated", "packaged": "packaged", "created": "packaged",
    "chapters": "chapters", "words": "words", "publisher": "publisher", "site": "publisher",
    "ao3 categories": "categories", "story url": "url", "storyurl": "url", "author": "authors",
}


def _apply(meta: dict, label: str, value: str) -> None:
    field = _FIELDS.get(label.strip().rstrip(":").strip().lower())
    value = value.strip()
    if not field or not value:
        return
    if field in ("fandoms", "characters", "relationships", "warnings", "authors"):
        meta[field] = markers.split_list(value)
    elif field == "tags":
        tags = markers.split_list(value)
        cats = tuple(t for t in tags if t in markers.AO3_CATEGORIES)
        meta["tags"] = tuple(t for t in tags if t not in markers.AO3_CATEGORIES)
        if cats:
            meta["categories"] = tuple(dict.fromkeys(meta.get("categories", ()) + cats))
    elif field == "categories":
        meta["categories"] = markers.split_list(value)
    elif field == "series":
        meta["series"] = (re.sub(r"\s*\[\d+\]\s*$", "", value),)
    elif field == "language":
        meta["language"] = markers.language_code(value)
    elif field == "summary":  # its paragraphs kept apart, each on one line
        meta[field] = "\n\n".join(norm(p) for p in re.split(r"\n[ \t]*\n", value) if p.strip())
    elif field in ("rating", "url"):
        meta[field] = value
        m = re.search(r"archiveofourown\.org/works/(\d+)|fanfiction\.net/s/(\d+)", value) if field == "url" else None
        if m:
            meta["work_id"] = m.group(1) or m.group(2)
    else:
        v = value.replace(",", "")
        meta.setdefault("stats", {})[field] = int(v) if v.isdigit() else value
        if field == "status":  # FanFicFare's "Completed" / "In-Progress"
            low = value.lower()
            meta["status"] = "complete" if low.startswith("complete") else "in progress" if "progress" in low else low


def _heading(h, meta: dict) -> None:
    """<h3><a href=URL>Title</a> by <a>Author</a>, <a>Author</a></h3>"""
    links = [a for a in h.iterfind(".//a")]
    if links:
        meta["title"] = norm(links[0].text_content())
        if links[0].get("href"):
            meta["url"] = links[0].get("href")
        authors = [norm(a.text_content()) for a in links[1:] if norm(a.text_content())]
        if authors:
            meta["authors"] = tuple(authors)
    full = norm(h.text_content())
    if " by " in full:
        title, _, by = full.rpartition(" by ")
        meta.setdefault("title", title.strip())
        meta.setdefault("authors", tuple(a.strip() for a in by.split(",") if a.strip()))
    elif full:
        meta.setdefault("title", full)


def title_page_epub(root, meta: dict) -> None:
    body = root.find(".//body")
    body = body if body is not None else root
    for h in body.iter("h1", "h2", "h3"):
        _heading(h, meta)
        break
    # <div><b>Label:</b> value<br/><b>Label:</b> <a>x</a>, <a>y</a><br/>...</div>
    first = next((el for el in body.iter("b") if norm(el.text_content()).endswith(":")), None)
    if first is None:
        return
    label: str | None = None
    value: list = []  # the label's tail, then the elements up to the next label
    for el in first.getparent():
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "b" and norm(el.text_content()).endswith(":"):
            if label is not None:
                _apply(meta, label, _entry_text(value))
            label, value = norm(el.text_content()), [el.tail or ""]
        elif label is not None and tag:
            value.append(el)
    if label is not None:
        _apply(meta, label, _entry_text(value))


def _entry_text(value: list) -> str:
    """A title-page entry's text: the label's tail, then its elements' paragraphs (a <div> or <p> of a
    summary stays a paragraph of its own; a lone <br> is a space)."""
    head, els = value[0], value[1:]
    paragraphs = [b.text for b in blocks(els) if b.kind != "break"] if els else []
    return "\n\n".join(p for p in [norm(head), *paragraphs] if p)


def title_page_html(root, meta: dict) -> None:
    h1 = root.find(".//h1")
    if h1 is not None:
        _heading(h1, meta)
    for table in root.iterfind(".//table"):
        if "full" not in classes(table) and table.find(".//b") is None:
            continue
        for tr in table.iterfind(".//tr"):
            tds = [td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]
            if len(tds) >= 2:
                _apply(meta, norm(tds[0].text_content()), "\n\n".join(text_of(td) for td in tds[1:]))
        break


# ----------------------------------------------------------------------------- chapters

def _note_kind(label: str, foot: bool) -> str:
    label = label.lower()
    if "summary" in label:
        return "chapter_summary"
    if "end notes" in label:
        return "chapter_end_notes"
    if "author" in label:
        return "end_notes" if foot else "notes"
    return "chapter_end_notes" if foot else "chapter_notes"


def chapter_notes(container) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(head notes, foot notes) of a chapter, from div.fff_head_notes / div.fff_foot_notes."""
    head: list[tuple[str, str]] = []
    foot: list[tuple[str, str]] = []
    for div in container.iter("div"):
        cls = classes(div)
        if "fff_head_notes" not in cls and "fff_foot_notes" not in cls:
            continue
        is_foot = "fff_foot_notes" in cls
        label = ""
        for child in div:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "b":
                label = norm(child.text_content())
            elif tag == "blockquote":
                (foot if is_foot else head).append((_note_kind(label, is_foot), text_of(child)))
    return head, foot


def _is_notes(el) -> bool:
    cls = classes(el)
    return "fff_head_notes" in cls or "fff_foot_notes" in cls or "fff_chapter_notes" in cls or \
        el.get("id") == "children"


def chapter_body(nodes, title: str | None) -> list[Block]:
    """Blocks of a chapter's nodes without its title heading and its notes."""
    def skip(el) -> bool:
        if _is_notes(el):
            return True
        return "fff_chapter_title" in classes(el)
    return blocks(nodes, skip)


def read_epub_chapters(docs: list[tuple[str, object]], meta: dict, b: WorkBuilder) -> None:
    """Add FanFicFare EPUB chapter files (``docs``: (name, root) in spine order) to ``b``."""
    for _name, root in docs:
        body = root.find(".//body")
        body = body if body is not None else root
        if "fff_titlepage" in classes(body) or root.find(".//meta[@name='chapterurl']") is None and \
                "fff_chapter" not in classes(body):
            continue
        title_el = next((h for h in body.iter("h1", "h2", "h3") if "fff_chapter_title" in classes(h)), None)
        title = norm(title_el.text_content()) if title_el is not None else None
        if title is None:
            m = root.find(".//meta[@name='chaptertitle']")
            title = m.get("content") if m is not None else norm(root.findtext(".//title"))
        head, foot = chapter_notes(body)
        items = chapter_body(body, title)
        _add(b, title, items, head, foot, meta)


def _add(b: WorkBuilder, title, items, head, foot, meta) -> None:
    index = b.next_index
    work_notes = []
    ch_notes = []
    for kind, text in head + foot:
        if kind in ("notes", "end_notes"):
            work_notes.append(Note(kind, text, None, index))
        else:
            ch_notes.append((kind, text))
    meta.setdefault("notes", []).extend(work_notes)
    b.chapter(title, items, ch_notes)


def read_html(root) -> Work:
    """FanFicFare's one-file HTML: <h1> heading, table.full, then <a name="sectionNNNN"><h2>."""
    meta: dict = {}
    title_page_html(root, meta)
    body = root.find(".//body")
    body = body if body is not None else root
    b = WorkBuilder("fanficfare-html")
    # cut the body's top-level nodes at the chapter anchors
    chapters: list[tuple[str | None, list]] = []
    for el in body:
        if not isinstance(el.tag, str):
            if chapters:
                chapters[-1][1].append(el)
            continue
        tag = el.tag.lower()
        anchor = el if tag == "a" and (el.get("name") or "").startswith("section") else None
        if anchor is None and tag != "a":
            anchor = next((a for a in el.iterfind(".//a") if (a.get("name") or "").startswith("section")), None) \
                if tag in ("div", "p") and len(el) <= 2 and not norm(el.text) else None
        if anchor is not None:
            h = anchor.find(".//h2")
            title = norm(h.text_content() if h is not None else anchor.text_content()) or None
            chapters.append((title, []))
            if el.tail and el.tail.strip():
                chapters[-1][1].append(el)  # keep the tail text; the anchor itself holds only the title
            continue
        if tag == "h2" and chapters and not chapters[-1][1] and chapters[-1][0] is None:
            chapters[-1] = (norm(el.text_content()), [])
            continue
        if chapters:
            chapters[-1][1].append(el)
    if not chapters:
        from fabula.ingest.html import read_generic
        return read_generic(root, "fanficfare-html")
    def skip(el) -> bool:  # notes are read apart; a section anchor holds only the chapter title
        return _is_notes(el) or (el.tag.lower() == "a" and (el.get("name") or "").startswith("section"))

    for title, nodes in chapters:
        head, foot = [], []
        for n in nodes:
            if isinstance(n.tag, str):
                h, f = chapter_notes(n)
                head += h
                foot += f
        _add(b, title, blocks(nodes, skip), head, foot, meta)
    return b.build(**meta)


# ----------------------------------------------------------------------------- TXT

_TXT_HEAD = re.compile(r"\A\s*(?P<title>[^\n]{1,300})\n[ \t]*\n[ \t]*by (?P<author>[^\n]{1,300})\n")
# a chapter starts at "\n\n\t{title}\n\n": FanFicFare wraps these lines at 78 columns with textwrap,
# which turns the tab into 8 spaces and may carry a long title onto the next lines (not indented)
_TXT_CHAPTER = re.compile(r"(?<=\n\n)(?:\t| {8})(?P<title>[^\s][^\n]*(?:\n[^\s\n][^\n]*){0,3})$", re.MULTILINE)
# the title page ends at "\n\n\n" after its last entry: two blank lines in a row
_TXT_HEAD_END = re.compile(r"\n[ \t]*\n[ \t]*\n")
_TXT_END = re.compile(r"\n[ \t]*End file\.[ \t]*\n?\s*\Z")
_TXT_NOTE = re.compile(r"^[ \t]*\*\*(?P<label>[^*\n]{2,60}?):?\*\*:?[ \t]*$", re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")
_TXT_MD_HEADING = re.compile(r"(?<=\n\n)#{1,6}[ \t]+\S[^\n]{0,200}(?=\n[ \t]*\n)")
_TOC = re.compile(r"^TABLE OF CONTENTS[ \t]*$", re.MULTILINE)


# html2text writes each <br> as a line end of two spaces: a run of <br> between paragraphs becomes
# lines holding only spaces. Three or more of them are the HTML's run of <br>s that FanFicFare (and
# our HTML reader) read as a scene break; the two spaces-only lines after a block are two <br>s, no break.
_BR_RUN = re.compile(r"^(?:[ \t]+\n){3,}", re.MULTILINE)


def looks_like_txt(text: str) -> bool:
    m = _TXT_HEAD.match(text)
    if not m:
        return False
    head = text[: 20000]
    return bool(_TXT_END.search(text[-200:]) or _TOC.search(head) or
                sum(1 for x in re.finditer(r"^(Published|Updated|Packaged|Status|Words|Chapters|Rating|Summary):",
                                           head, re.MULTILINE)) >= 2)


def read_txt(text: str) -> Work:
    """FanFicFare TXT, already decoded with CRLF -> LF: offsets point into the user's file."""
    meta: dict = {}
    notes: list[Note] = []
    m = _TXT_HEAD.match(text)
    meta["title"] = m.group("title").strip()
    meta["title_span"] = Span(m.start("title"), m.start("title") + len(m.group("title").rstrip()))
    meta["authors"] = tuple(a.strip() for a in m.group("author").split(",") if a.strip())
    pos = m.end()
    # Label: value lines (continuation lines of a wrapped value are indented by nothing: they are the
    # lines up to the next label or blank line)
    chapters = list(_TXT_CHAPTER.finditer(text, pos))
    front_end = chapters[0].start() if chapters else None
    toc = _TOC.search(text, pos, front_end if front_end is not None else len(text))
    labels_end = _labels_end(text, pos, toc.start() if toc else front_end)
    labels = list(markers.LABEL_LINE.finditer(text, pos, labels_end))
    for i, lm in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else labels_end
        label = lm.group("label")
        summary = label.lower() in ("summary", "description")
        blank = re.search(r"\n[ \t]*\n", text[lm.start():end])
        if blank and not summary:  # a summary keeps its paragraphs, up to the end of the title page
            end = lm.start() + blank.start()
        value = "\n\n".join(" ".join(p.split()) for p in _BLANK.split(text[lm.start("value"):end]) if p.strip())
        if summary:
            s0 = lm.start("value")
            meta["summary"] = value
            meta["summary_span"] = Span(s0, s0 + len(text[s0:end].rstrip()))
        else:
            _apply(meta, label, value)
    end_m = _TXT_END.search(text)
    text_end = end_m.start() if end_m else len(text.rstrip())
    if front_end is None:  # no chapter lines: everything after the labels is one chapter
        front_end = labels_end
        heads = [(None, front_end, front_end)]
    else:
        heads = [(" ".join(c.group("title").split()), c.start(), c.end()) for c in chapters]
    story: list[Span] = []
    out_chapters: list[Chapter] = []
    breaks: list[SceneBreak] = []
    for i, (title, h0, h1) in enumerate(heads):
        c_end = heads[i + 1][1] if i + 1 < len(heads) else text_end
        index = i + 1
        regions = _txt_regions(text, h1, c_end, index, notes)
        regions = [r for r in regions if text[r[0]:r[1]].strip()]
        if not regions:
            continue
        for r0, r1 in regions:
            story.append(Span(r0, r1))
            for _ls, bm in markers.BREAK_LINES.finditer(text, r0, r1):
                breaks.append(SceneBreak(bm.start(1), bm.end(1), bm.group(1)))
            breaks.extend(SceneBreak(bm.start(), bm.end(), "<br><br><br>") for bm in _BR_RUN.finditer(text, r0, r1))
        breaks.sort(key=lambda b: b.start)
        out_chapters.append(Chapter(len(out_chapters) + 1, title, h0, regions[-1][1]))
    if not story:
        from fabula.errors import FabulaError
        raise FabulaError("no story text found in the FanFicFare TXT file")
    meta["notes"] = tuple(notes)
    return Work(text=text, source_format="fanficfare-txt", story=tuple(story), chapters=tuple(out_chapters),
                breaks=tuple(breaks), **meta)


def _labels_end(text: str, pos: int, limit: int | None) -> int:
    """Where the title page's ``Label: value`` entries end: at the table of contents or the first
    chapter line when there is one, else (a one-chapter file with no chapter line) at the two blank
    lines that close the title page."""
    first = markers.LABEL_LINE.search(text, pos, limit if limit is not None else min(len(text), pos + 2000))
    if first is None or text[pos:first.start()].strip():
        return limit if limit is not None else pos
    end = _TXT_HEAD_END.search(text, first.end())
    if end is None:
        return limit if limit is not None else pos
    return min(end.start(), limit) if limit is not None else end.start()


def _txt_regions(text: str, start: int, end: int, chapter: int, notes: list[Note]) -> list[tuple[int, int]]:
    """Story regions of one chapter: its text minus the **Label:** note blocks (label + > quoted lines)."""
    regions: list[tuple[int, int]] = []
    cuts: list[tuple[int, int]] = []
    pos = start
    # A/N and disclaimer paragraphs typed into the chapter text (fanfiction.net stories)
    for a0, am in markers.NOTE_LINES.finditer(text, start, end):
        if a0 > start and text.rfind("\n", start, a0 - 1) >= 0 and text[text.rfind("\n", start, a0 - 1):a0].strip():
            continue  # not the first line of a paragraph
        if _TXT_NOTE.match(text, a0, end):
            continue  # a **Label:** note block, read below
        blank = _BLANK.search(text, a0, end)
        a1 = blank.start() if blank else end
        kind = markers.note_kind_at(text, a0, am, a1, near_edge=a0 - start < 1500 or end - a1 < 1500)
        if kind:
            n0, n1 = markers.trim(text, a0, a1)
            notes.append(Note(kind, text[n0:n1], Span(n0, n1), chapter))
            cuts.append((n0, n1))
    for nm in _TXT_NOTE.finditer(text, start, end):
        # the note runs over the following blank and "> " quoted lines
        q = re.compile(r"(?:[ \t]*\n|[ \t]*>[^\n]*\n)*").match(text, nm.end() + 1 if nm.end() < end else nm.end())
        n_end = min(q.end() if q else nm.end(), end)
        body = re.sub(r"^[ \t]*> ?", "", text[nm.end():n_end], flags=re.MULTILINE).strip()
        kind = _note_kind(nm.group("label"), foot=_after_story(text, start, nm.start()))
        n0, n1 = markers.trim(text, nm.start(), n_end)
        notes.append(Note(kind, body, Span(n0, n1), chapter))
        cuts.append((nm.start(), n_end))
    for hm in _TXT_MD_HEADING.finditer(text, start, end):
        cuts.append((hm.start(), hm.end()))  # an <h3> of the chapter, as html2text writes it: not story
    for c0, c1 in sorted(cuts):
        if c0 >= pos:
            regions.append(markers.trim(text, pos, c0))
        pos = max(pos, c1)
    regions.append(markers.trim(text, pos, end))
    return [r for r in regions if r[1] > r[0]]


def _after_story(text: str, start: int, at: int) -> bool:
    """A note after some story text in its chapter is a foot note."""
    seg = text[start:at]
    seg = _TXT_NOTE.sub("", seg)
    seg = re.sub(r"^[ \t]*>[^\n]*$", "", seg, flags=re.MULTILINE)
    return bool(seg.strip())



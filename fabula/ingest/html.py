"""HTML -> paragraphs, and paragraphs -> a ``Work``: the machinery every HTML and EPUB reader shares,
plus the reader for generic HTML pages.

``blocks()`` flattens an element tree into paragraphs (inline markup flattened, ``<br>`` -> "\\n"),
scene breaks (``<hr>``, centred ``***`` ...) and headings. ``WorkBuilder`` lays chapters out as
text.txt: paragraphs separated by a blank line, chapters separated by a blank line, chapter titles
and notes kept out of the text (titles in ``Chapter.title``, notes in ``Work.notes`` with span None),
each scene break written as its own paragraph so that it has offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fabula.errors import FabulaError
from fabula.ingest import markers
from fabula.model import Chapter, Note, SceneBreak, Span, Work

_BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"]
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP_TAGS = frozenset(["script", "style", "head", "title", "noscript", "template", "svg", "math", "iframe", "object", "embed", "button", "select", "option", "textarea", "map", "area", "audio", "video", "canvas"])
_BR = "\x00"  # stands for <br> while a paragraph is collected (decoded input never holds NUL)
HR_TEXT = "* * *"
_BR_RUNS = re.compile(r"(\n{3,})|\n\n")


@dataclass(slots=True)
class Block:
    kind: str  # "p", "break", "h"
    text: str
    marker: str = ""  # for breaks: the marker as written ("* * *", "xXx", "<hr>")
    level: int = 0  # for headings: 1-6


def _tag(el) -> str:
    t = el.tag
    if not isinstance(t, str):
        return ""
    if "}" in t:
        t = t.rsplit("}", 1)[1]
    return t.lower()


def blocks(roots, skip=None) -> list[Block]:
    """Paragraphs, breaks and headings of ``roots`` (an element or a list of sibling elements, whose
    tails are included), in document order. ``skip(el)`` -> True leaves an element's subtree out."""
    if not isinstance(roots, (list, tuple)):
        roots = [roots]
        tails = False
    else:
        tails = True
    out: list[Block] = []
    pieces: list[str] = []
    heading = [0]

    def flush() -> None:
        if not pieces:
            return
        raw = "".join(pieces)
        pieces.clear()
        level = heading[0]
        lines = [" ".join(line.split()) for line in raw.split(_BR)]  # str.split: any Unicode space
        if level:
            text = " ".join(x for x in lines if x)
            if text:
                out.append(Block("h", text, level=level))
            return
        joined = "\n".join(lines).strip("\n")
        # <br><br> inside a <p> parts paragraphs; three or more in a row are a scene break (as
        # FanFicFare's replace_xbr_with_hr reads them)
        for para in (_BR_RUNS.split(joined) if "\n\n" in joined else (joined,)):
            if para is None:
                continue
            if para.startswith("\n\n\n"):
                out.append(Block("break", HR_TEXT, "<br><br><br>"))
                continue
            para = para.strip("\n")
            if not para.strip():
                continue
            marker = markers.break_marker(para)
            if marker is not None:
                out.append(Block("break", marker, marker))
            else:
                out.append(Block("p", para))

    stack = [(r, False, tails) for r in reversed(roots)]
    while stack:
        el, done, with_tail = stack.pop()
        tag = _tag(el)
        if done:
            if tag in _HEADINGS:
                flush()
                heading[0] = 0
            elif tag in _BLOCK_TAGS:
                flush()
            if with_tail and el.tail:
                pieces.append(el.tail)
            continue
        skipped = bool(tag) and skip is not None and skip(el)
        if not tag or tag in _SKIP_TAGS or skipped:
            if skipped or tag in _BLOCK_TAGS:
                flush()  # what follows a left-out block is a new paragraph
            if with_tail and el.tail:
                pieces.append(el.tail)
            continue
        if tag == "br":
            pieces.append(_BR)
            if with_tail and el.tail:
                pieces.append(el.tail)
            continue
        if tag == "hr":
            flush()
            out.append(Block("break", HR_TEXT, "<hr>"))
            if with_tail and el.tail:
                pieces.append(el.tail)
            continue
        if tag in _HEADINGS:
            flush()
            heading[0] = _HEADINGS[tag]
        elif tag in _BLOCK_TAGS:
            flush()
        if el.text:
            pieces.append(el.text)
        stack.append((el, True, with_tail))
        stack.extend((c, False, True) for c in reversed(el))
    flush()
    return out


def text_of(el, skip=None) -> str:
    """The plain text of an element: its paragraphs joined by a blank line (headings included)."""
    return "\n\n".join(b.text for b in blocks(el, skip) if b.kind != "break" or b.marker != "<hr>").strip()


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def norm(s: str | None) -> str:
    return " ".join((s or "").split())


# ----------------------------------------------------------------------------- building the Work


@dataclass
class WorkBuilder:
    """Collects chapters (as blocks) and notes, then lays them out as text.txt."""

    source_format: str
    parts: list[str] = field(default_factory=list)
    pos: int = 0
    chapters: list[Chapter] = field(default_factory=list)
    breaks: list[SceneBreak] = field(default_factory=list)
    story: list[Span] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def _write(self, s: str) -> tuple[int, int]:
        if self.pos:
            self.parts.append("\n\n")
            self.pos += 2
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def note(self, kind: str, text: str, chapter: int | None = None) -> None:
        text = text.strip()
        if text:
            self.notes.append(Note(kind, text, None, chapter))

    @property
    def next_index(self) -> int:
        return len(self.chapters) + 1

    def chapter(self, title: str | None, body: list[Block], notes: list[tuple[str, str]] = ()) -> bool:
        """Add one chapter; ``notes`` are (kind, text) pairs that belong to it. False if it had no
        text (its notes are then kept with no chapter number: an "A/N: not an update" chapter)."""
        title = norm(title) or None
        found: list[tuple[str, str]] = []
        items: list[Block] = []
        has_text = False
        paras = [b.text for b in body if b.kind == "p"]
        n_paras = len(paras)
        seen = 0
        note_at = -1  # number of the paragraph that was the last note
        for b in body:
            if b.kind == "h":
                # a heading inside a chapter body: the chapter's own title repeated, or a section title
                if title is None and not items:
                    title = b.text
                continue
            if b.kind == "p":
                seen += 1
                kind = markers.note_kind(b.text, near_edge=seen <= 3 or seen > n_paras - 3)
                if kind:
                    found.append((kind, b.text))
                    note_at = seen
                    continue
                if note_at == seen - 1 and found[-1][0] == "author_note" and seen > n_paras / 2 and \
                        sum(len(x) for x in paras[seen - 1:]) <= 600:
                    # short paragraphs after an end-of-chapter A/N belong to it ("Thanks for reading!")
                    found[-1] = (found[-1][0], found[-1][1] + "\n\n" + b.text)
                    note_at = seen
                    continue
                if not has_text and _repeats_title(b.text, title):
                    if title is None:
                        m = markers.heading_match(b.text)
                        title = markers.heading_text(m) if m else title
                    continue
                has_text = True
            elif items and items[-1].kind == "break":
                if markers.is_pov_label(b.marker):  # "* * *" then "Marcus POV": the label says more
                    items[-1] = b
                continue  # two breaks in a row are one break
            items.append(b)
        if items and items[0].kind == "break" and not markers.is_pov_label(items[0].marker):
            items.pop(0)
        if items and items[-1].kind == "break":
            items.pop()
        index = self.next_index if has_text else None
        for kind, text in found + list(notes):
            self.note(kind, text, index)
        if not has_text:
            return False
        start = None
        for b in items:
            s, e = self._write(b.text)
            if start is None:
                start = s
            if b.kind == "break":
                self.breaks.append(SceneBreak(s, e, b.marker))
        self.chapters.append(Chapter(index, title, start, self.pos))
        self.story.append(Span(start, self.pos))
        return True

    def build(self, **meta) -> Work:
        if not self.chapters:
            raise FabulaError("no story text found in the input (only metadata, notes or markup)")
        text = "".join(self.parts)
        meta.setdefault("notes", ())
        meta["notes"] = tuple(meta["notes"]) + tuple(self.notes)
        return Work(text=text, source_format=self.source_format, story=tuple(self.story),
                    chapters=tuple(self.chapters), breaks=tuple(self.breaks), **meta)


def _repeats_title(text: str, title: str | None) -> bool:
    """The chapter body opens by repeating its heading ("Chapter 1", or the title itself)."""
    if len(text) > 120 or "\n" in text:
        return False
    if title and norm(text).casefold().strip(" .:") == title.casefold().strip(" .:"):
        return True
    return markers.heading_match(text) is not None


# ----------------------------------------------------------------------------- generic HTML


def split_by_headings(items: list[Block]) -> tuple[str | None, list[tuple[str | None, list[Block]]]]:
    """(work title, [(chapter title, blocks)]) for a page whose chapters start at headings.

    The top heading level that occurs once, first, is the work's title; chapters start at the next
    level down (or at the top level when it repeats). Deeper headings stay inside their chapter.
    """
    heads = [b for b in items if b.kind == "h"]
    if not heads:
        return None, [(None, items)]
    levels = sorted({b.level for b in heads})
    first = next((b for b in items if b.kind != "break"), None)
    work_title = None
    chapter_level: int | None = levels[0]
    if first is not None and first.kind == "h" and first.level == levels[0] and \
            sum(1 for b in heads if b.level == levels[0]) == 1:
        work_title = first.text
        chapter_level = levels[1] if len(levels) > 1 else None
    chapters: list[tuple[str | None, list[Block]]] = []
    current: list[Block] = []
    title: str | None = None
    for b in items:
        if b is first and work_title is not None:
            continue
        if b.kind == "h" and chapter_level is not None and b.level <= chapter_level:
            if current or title is not None:
                chapters.append((title, current))
            title, current = b.text, []
            continue
        current.append(b)
    chapters.append((title, current))
    return work_title, chapters


def front_matter(items: list[Block]) -> tuple[dict, list[Block]]:
    """Leading "by X", "Summary: ...", "Rating: ..." paragraphs of a generic page -> metadata."""
    meta: dict = {}
    rest = list(items)
    while rest and rest[0].kind == "p" and len(rest[0].text) < 2000:
        t = rest[0].text
        m = re.fullmatch(r"(?i:by)\s+(.{1,120})", t)
        lm = markers.LABEL_LINE.match(t)
        if m and "\n" not in t:
            meta.setdefault("authors", m.group(1))
        elif lm:
            field_ = markers.LABELS[lm.group("label").lower()]
            value = (lm.group("value") + t[lm.end():]).strip()
            meta.setdefault(field_, value)
        else:
            break
        rest.pop(0)
    return meta, rest


def apply_labels(meta: dict, labelled: dict) -> None:
    """Fold label -> value pairs (from front matter lines) into Work keyword arguments."""
    for field_, value in labelled.items():
        if not value:
            continue
        if field_ in ("title", "summary", "rating", "url"):
            meta.setdefault(field_, value)
        elif field_ == "language":
            meta.setdefault("language", markers.language_code(value))
        elif field_ == "authors":
            meta.setdefault("authors", tuple(a.strip() for a in re.split(r",| and | & ", value) if a.strip()))
        elif field_ in ("fandoms", "warnings", "relationships", "characters", "tags", "series",
                        "categories"):
            meta.setdefault(field_, markers.split_list(value))
        elif field_ in ("disclaimer", "notes"):
            meta.setdefault("notes", [])
            meta["notes"].append(Note("disclaimer" if field_ == "disclaimer" else "notes", value))
        else:
            meta.setdefault("stats", {})[field_] = value


def read_generic(root, source_format: str = "html") -> Work:
    """A web page or any other HTML: chapters at headings, title from the first heading or <title>."""
    body = root.find(".//body")
    if body is None:
        body = root
    items = blocks(body)
    page_title = norm(root.findtext(".//title")) or None
    work_title, chapters = split_by_headings(items)
    b = WorkBuilder(source_format)
    meta: dict = {}
    if chapters and chapters[0][0] is None:
        labelled, rest = front_matter(chapters[0][1])
        apply_labels(meta, labelled)
        chapters[0] = (None, rest)
    for title, body_blocks in chapters:
        b.chapter(title, body_blocks)
    meta.setdefault("title", work_title or page_title)
    return b.build(**meta)

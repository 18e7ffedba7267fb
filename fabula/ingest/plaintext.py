"""Plain-text stories: front matter, chapter headings, notes, disclaimers and scene breaks, by line rules.

The text is the user's file decoded with CRLF -> LF and nothing else changed, so every offset points
into their own file. What is not story is marked by spans instead of being cut out:

- front matter at the top: a title line (optionally underlined, or "Title: ..."), a byline ("by X"),
  "Label: value" header lines (Author, Rating, Fandom, Pairing, Summary, Disclaimer...), and a summary
  paragraph ("Summary: ..." or a short paragraph right after the title);
- chapter headings ("Chapter 3", "Chapter Three: The Caves", "CHAPTER IV", "Prologue") anywhere;
- author's notes ("A/N:", "Author's Note:") and disclaimers ("Disclaimer: ...", "I don't own ...")
  as whole paragraphs (or lines, when the file has one paragraph per line).

``Work.story`` is everything else. Scene-break lines (``* * *``, ``~~~``, ``xXx``...) stay inside the
story regions and are listed in ``Work.breaks``. One linear pass of a few compiled regexes; no
per-character Python loop.
"""

from __future__ import annotations

import bisect
import re

from fabula.errors import FabulaError
from fabula.ingest import blurb, markers
from fabula.model import Chapter, Note, SceneBreak, Span, Work

_BLANK = re.compile(r"\n[ \t]*\n")
_LINE_END = re.compile(r"\n|\Z")
_NONBLANK = re.compile(r"\S")
_BYLINE = re.compile(r"(?P<how>(?:written[ \t]+|translated[ \t]+|edited[ \t]+)?by|author:)(?:[ \t]+(?P<author>[^\n]{1,120}))?",
                     re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^[ \t]{0,80}(?P<num>(?=[IVXLC])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|\d{1,5})"
                          r"\.?[ \t]{0,80}$", re.MULTILINE)
_UNDERLINE = re.compile(r"[ \t]*(?:={3,}|-{3,})[ \t]*")
_NUMBERED = re.compile(r"(?:[IVXLC]+|\d+)\.?(?:\s|$)")  # "I", "IV. The Caves", "12 Title": a numbered heading
_RATED = re.compile(r"[ \t]*(?i:rated)[ \t]+(?P<value>K\+?|T|M|MA|G|PG-?13|PG|R|NC-17|(?i:explicit|mature|teen))\b[^\n]*")
_DEDICATION = re.compile(r"(?:(?:Dedicated )?To|For)[ \t]+[A-Z]")  # "To Ambrose Hale": not a summary
_QUOTE_START = tuple("\"'“‘«—–-(")
_SUMMARY_WORDS = 120
_STORY_SAMPLE = 5000  # characters of story a summary candidate is measured against
_NOTE_TAIL = 600  # characters of short paragraphs after an end-of-chapter A/N that still belong to it
_EDGE = 1500  # an unlabelled disclaimer must lie this close (in characters) to a chapter's start or end
# Past these a file is not one work (the longest fics run to a few thousand chapters and ~200,000
# paragraphs; the later stages take ~10 KB of memory a paragraph): refused with one line instead of
# hours of analysis and gigabytes of output.
MAX_CHAPTERS = 20_000
MAX_PARAGRAPHS = 250_000


class _Text:
    """The text with its paragraph rule: blank-line paragraphs, or one paragraph per line."""

    def __init__(self, text: str):
        self.text = text
        nl = text.count("\n")
        blank = text.count("\n\n") + text.count("\n \n") + text.count("\n\t\n")
        # one paragraph per line: (almost) no blank lines; hard-wrapped prose has one every few lines
        self.line_mode = nl > 0 and blank * 40 < nl
        self.paragraphs = nl if self.line_mode else blank  # about how many, counted cheaply

    def para_end(self, start: int, limit: int | None = None) -> int:
        """End (exclusive, trailing whitespace trimmed) of the paragraph starting at ``start``."""
        text = self.text
        limit = len(text) if limit is None else limit
        if self.line_mode:
            e = text.find("\n", start, limit)
        else:
            m = _BLANK.search(text, start, limit)
            e = m.start() if m else -1
        e = limit if e < 0 else e
        while e > start and text[e - 1].isspace():
            e -= 1
        return e

    def next_para(self, pos: int) -> int:
        """Start of the next non-blank character at or after ``pos`` (len(text) if none)."""
        m = _NONBLANK.search(self.text, pos)
        if not m:
            return len(self.text)
        # back up to the start of its line
        ls = self.text.rfind("\n", 0, m.start()) + 1
        return ls if not self.text[ls:m.start()].strip() else m.start()

    def starts_para(self, line_start: int) -> bool:
        """True if the line at ``line_start`` opens a paragraph (file start, after a blank line, or
        any line in one-paragraph-per-line files)."""
        if line_start == 0 or self.line_mode:
            return True
        prev_end = line_start - 1  # the "\n" ending the previous line
        prev_start = self.text.rfind("\n", 0, prev_end) + 1
        return not self.text[prev_start:prev_end].strip()

    def ends_para(self, line_end: int) -> bool:
        if self.line_mode or line_end >= len(self.text):
            return True
        nxt_end = self.text.find("\n", line_end + 1)
        nxt_end = len(self.text) if nxt_end < 0 else nxt_end
        return not self.text[line_end + 1:nxt_end].strip()

    def line_at(self, pos: int) -> tuple[int, int]:
        e = self.text.find("\n", pos)
        return pos, len(self.text) if e < 0 else e


def _check_paragraphs(t: _Text) -> None:
    """Refuse a text with more paragraphs than ``MAX_PARAGRAPHS`` (counted by its paragraph rule)."""
    count = t.paragraphs
    if count > MAX_PARAGRAPHS:
        raise FabulaError(f"the input has about {count:,} paragraphs (limit {MAX_PARAGRAPHS:,}); "
                          "split it into several works")


# ----------------------------------------------------------------------------- front matter


def _title_like(line: str, strict: bool) -> bool:
    s = line.strip().lstrip("#").strip()
    if not s or len(s) > 150 or len(s.split()) > 15:
        return False
    if s.startswith(_QUOTE_START) or markers.break_marker(s) is not None:
        return False
    if markers.heading_match(s) or markers.note_kind(s) or markers.LABEL_LINE.match(s) or _NUMBERED.match(s):
        return False
    if s.endswith((",", ";", ":", "。", "，", "；", "：", "、", "」", "』")) or (s.endswith(".") and not s.endswith("...")):
        return False  # a sentence (CJK full stops and commas too), not a title
    if strict and s.endswith(("!", "?")):
        return False
    return any(c.isalpha() for c in s)


def _front_matter(t: _Text, start: int = 0) -> tuple[int, dict]:
    """(offset where the story may start, Work keyword arguments for the front matter at ``start``)."""
    text = t.text
    meta: dict = {}
    notes: list[Note] = []
    pos = t.next_para(start)
    n = len(text)
    if pos >= n:
        return start, meta
    consumed = False
    ls, le = t.line_at(pos)
    line = text[ls:le]
    labels_first = markers.LABEL_LINE.match(text, ls, le) is not None
    if not labels_first:
        # a title line, maybe underlined, maybe followed by a byline and header lines
        after = t.next_para(le)
        nls, nle = t.line_at(after) if after < n else (n, n)
        follow_up = _BYLINE.fullmatch(text[nls:nle].strip()) is not None or \
            markers.LABEL_LINE.match(text, nls, nle) is not None or markers.SHIP_LINE.fullmatch(text, nls, nle) is not None
        underline = le + 1 < n and _UNDERLINE.fullmatch(text[le + 1:t.line_at(le + 1)[1]]) is not None
        subtitle = heading_next = False
        if not t.line_mode and not underline and le < n and not t.ends_para(le):
            sls, sle = t.line_at(le + 1)
            byline_next = _BYLINE.fullmatch(text[sls:sle].strip()) is not None  # "Title" then "by X"
            subtitle = t.ends_para(sle) and _title_like(text[sls:sle], strict=False) and not byline_next
            heading_next = byline_next or markers.heading_match(text[sls:sle]) is not None  # or "Chapter 1"
        title_ok = _title_like(line, strict=not (follow_up or underline)) and \
            (t.line_mode or t.ends_para(le) or underline or subtitle or heading_next or follow_up) and after < n
        if not title_ok:
            return start, meta
        s0, s1 = markers.trim(text, ls, le)
        hashes = re.match(r"#+[ \t]*", text[s0:s1])
        if hashes:
            s0 += hashes.end()
        meta["title"] = text[s0:s1]
        meta["title_span"] = Span(s0, s1)
        pos = t.line_at(le + 1)[1] if underline else le
        consumed = True
        if subtitle:  # a subtitle line right under the title ("A NIGHTMARE"): front matter too
            pos = t.line_at(le + 1)[1]
        # byline: "by X", or "by" alone with the name below it
        nxt = t.next_para(pos)
        if nxt < n:
            bls, ble = t.line_at(nxt)
            bm = _BYLINE.fullmatch(text[bls:ble].strip())
            if bm:
                author = bm.group("author")
                if author is None:
                    nn = t.next_para(ble)
                    if nn < n:
                        ale = t.line_at(nn)[1]
                        author = text[nn:ale].strip() if ale - nn <= 120 else None
                        if author:
                            ble = ale
                if author:
                    pos = ble
                    if bm.group("how").lower() in ("by", "author:", "written by"):
                        meta["authors"] = tuple(a.strip() for a in re.split(r",|\band\b|&", author) if a.strip())
    # "Label: value" header lines (a value runs on over following non-label lines of its paragraph)
    pos, got_labels = _label_block(t, pos if consumed else ls, meta, notes)
    consumed = consumed or got_labels
    if not consumed:
        return start, meta
    # an unlabelled summary: the short paragraph right after the title
    if "summary" not in meta and "title" in meta:
        sp = t.next_para(pos)
        if sp < n:
            se = t.para_end(sp)
            para = text[sp:se]
            after = t.next_para(se)
            rest_start = text[after:after + 400]
            first_rest_line = rest_start.split("\n", 1)[0]
            cues = {"break_after": markers.break_marker(first_rest_line.strip()) is not None,
                    "heading_after": markers.heading_match(first_rest_line) is not None,
                    "note_after": markers.note_kind(rest_start) is not None,
                    "gap_after": _gap_after(text, se)}
            words = len(para.split())
            first_line = para.strip().split("\n", 1)[0]
            if para and not para.lstrip().startswith(_QUOTE_START + ("_", "[")) and markers.note_kind(para) is None and \
                    markers.heading_match(first_line) is None and markers.break_marker(para.strip()) is None and \
                    not _NUMBER_LINE.match(first_line) and not para.isupper() and \
                    not _BYLINE.match(para.strip()) and not (_DEDICATION.match(para.strip()) and words <= 12) and \
                    words <= _SUMMARY_WORDS and after < n and \
                    blurb.is_summary(para, text[after:after + _STORY_SAMPLE], **cues):
                meta["summary"] = para.strip()
                meta["summary_span"] = Span(*markers.trim(text, sp, se))
                pos = se
    # a break line right after the front matter separates it from the story
    nxt = t.next_para(pos)
    if nxt < n:
        bls, ble = t.line_at(nxt)
        if markers.break_marker(text[bls:ble].strip()) is not None:
            pos = ble
    if notes:
        meta["notes"] = notes
    return pos, meta


def _gap_after(text: str, end: int) -> bool:
    """Two or more blank lines after a paragraph set it apart from what follows."""
    return re.match(r"[ \t]*\n[ \t]*\n[ \t]*\n", text[end:end + 40]) is not None


def _label_block(t: _Text, pos: int, meta: dict, notes: list[Note]) -> tuple[int, bool]:
    text = t.text
    n = len(text)
    got = False
    while True:
        start = t.next_para(pos)
        if start >= n:
            break
        ls, le = t.line_at(start)
        m = markers.LABEL_LINE.match(text, ls, le)
        if not m:
            if markers.SHIP_LINE.fullmatch(text, ls, le):  # "Orla x Reader" alone on its line
                got = True
                v0, v1 = markers.trim(text, ls, le)
                meta.setdefault("relationships", (text[v0:v1],))
                meta.setdefault("meta_spans", {}).setdefault("relationships", Span(v0, v1))
                pos = le
                continue
            r = _RATED.match(text, ls, le)  # "Rated M for language."
            if r:
                got = True
                meta.setdefault("rating", r.group("value"))
                pos = le
                continue
            break
        got = True
        field = markers.LABELS[m.group("label").lower()]
        # the value continues over the following lines of the same paragraph that are not labels
        end = le
        while end < n:
            nls, nle = t.line_at(end + 1)
            if nls >= n or not text[nls:nle].strip() or markers.LABEL_LINE.match(text, nls, nle):
                break
            end = nle
        v0, v1 = markers.trim(text, m.start("value"), end)
        value = re.sub(r"\s+", " ", text[v0:v1])
        if v1 > v0 and field not in ("title", "summary", "disclaimer", "notes"):  # those have spans of their own
            meta.setdefault("meta_spans", {}).setdefault(field, Span(v0, v1))
        if field == "summary":
            if v1 <= v0:  # "Summary:" alone on its line: the paragraph below is the summary
                sp = t.next_para(end)
                if sp < n:
                    v0, v1 = markers.trim(text, sp, t.para_end(sp))
                    value = re.sub(r"\s+", " ", text[v0:v1])
                    end = v1
            meta.setdefault("summary", value)
            meta.setdefault("summary_span", Span(v0, v1))
        elif field == "title":
            meta.setdefault("title", value)
            meta.setdefault("title_span", Span(v0, v1))
        elif field in ("disclaimer", "notes"):
            n0, n1 = markers.trim(text, ls, end)
            notes.append(Note("disclaimer" if field == "disclaimer" else "author_note", text[n0:n1], Span(n0, n1)))
        elif field in ("authors", "fandoms", "warnings", "relationships", "characters", "tags", "series",
                       "categories"):
            meta.setdefault(field, markers.split_list(value) if field != "series" else (value,))
        elif field == "language":
            meta.setdefault("language", markers.language_code(value))
        elif field in ("rating", "url"):
            meta.setdefault(field, value)
        else:
            v = value.replace(",", "")
            meta.setdefault("stats", {})[field] = int(v) if v.isdigit() else value
        pos = end
    return pos, got


# ----------------------------------------------------------------------------- the whole text


def read(text: str, source_format: str = "text") -> Work:
    """A Work from decoded plain text (CRLF already turned into LF)."""
    if not text.strip():
        raise FabulaError("the input is empty (no story text)")
    if not any(c.isalnum() for c in text[:100000]) and not re.search(r"\w", text):
        raise FabulaError("the input holds no words (not a story)")
    t = _Text(text)
    _check_paragraphs(t)
    n = len(text)
    start, limit, meta = _gutenberg(text)
    front_end, found = _front_matter(t, start)
    for k, v in found.items():
        meta.setdefault(k, v)
    notes: list[Note] = list(meta.pop("notes", ()))

    first_line = t.next_para(front_end)  # the first line after the front matter may be a heading
    # chapter headings: (start, end, title)
    headings: list[tuple[int, int, str]] = []
    for ls, m in markers.HEADING_LINES.finditer(text, front_end, limit):
        if not markers.heading_ok(m):
            continue
        le = m.end()
        if not t.starts_para(ls) and ls != first_line:
            continue
        title = markers.heading_text(m)
        end = le
        if not t.ends_para(le):
            extra = _title_lines(t, le) if not m.group("title") else None
            if extra is None:
                # a bare "CHAPTER III." line on its own after a blank line is a heading even when the
                # story follows without a blank line; a heading with a title must end its paragraph
                if m.group("title"):
                    continue
            else:
                end, sub = extra
                title = f"{title}{' ' if title.endswith(('.', ':')) else ': '}{sub}"
        headings.append((ls + (len(text[ls:le]) - len(text[ls:le].lstrip())), end, title))
    if not t.line_mode:
        for ls, m in _SPLIT_HEADINGS.finditer(text, front_end, limit):  # "CHAPTER" / "1" on two lines
            if t.starts_para(ls) and t.ends_para(m.end()):
                headings.append((m.start("word"), m.end(), f"{m.group('word')} {m.group('num')}"))
        for ls, m in _NUMBER_LINES.finditer(text, front_end, limit):
            if t.starts_para(ls) and t.ends_para(m.end()):
                headings.append((m.start("num"), m.end(), m.group(0).strip()))
        headings.sort()
    if len(headings) > MAX_CHAPTERS:
        raise FabulaError(f"the input has {len(headings):,} chapter headings (limit {MAX_CHAPTERS:,}); "
                          "split it into several works")

    # notes and disclaimers: whole paragraphs
    head_starts = [h[0] for h in headings]
    for ls, m in markers.NOTE_LINES.finditer(text, front_end, limit):
        if not t.starts_para(ls):
            continue
        hi = bisect.bisect_right(head_starts, ls)
        para_limit = head_starts[hi] if hi < len(head_starts) else limit
        end = t.para_end(ls, para_limit)
        prev_boundary = max(front_end, headings[hi - 1][1]) if hi > 0 else front_end
        near_edge = ls - prev_boundary < _EDGE or para_limit - end < _EDGE
        kind = markers.note_kind_at(text, ls, m, end, near_edge)
        if kind is None:
            continue
        if kind == "author_note" and ls - prev_boundary > para_limit - end:
            # a note near the end of a chapter takes the short paragraphs after it ("Thanks for reading!")
            rest = text[end:para_limit]
            if len(rest.strip()) <= _NOTE_TAIL and not any(True for _ in markers.BREAK_LINES.finditer(rest)):
                end = markers.trim(text, end, para_limit)[1] if rest.strip() else end
        s0, s1 = markers.trim(text, ls, end)
        if notes and notes[-1].span and s0 < notes[-1].span.end:
            continue
        notes.append(Note(kind, text[s0:s1], Span(s0, s1)))

    # story = everything after the front matter that is not a heading or a note
    cuts = sorted([(h[0], h[1]) for h in headings] + [(x.span.start, x.span.end) for x in notes
                                                         if x.span and x.span.start >= front_end])
    story: list[Span] = []
    pos = front_end
    for c0, c1 in cuts:
        if c0 > pos:
            s0, s1 = markers.trim(text, pos, c0)
            if s1 > s0:
                story.append(Span(s0, s1))
        pos = max(pos, c1)
    s0, s1 = markers.trim(text, pos, limit)
    if s1 > s0:
        story.append(Span(s0, s1))
    if not story:
        if front_end > 0 or notes or headings:
            # a file that is all front matter: read it all as story rather than refuse it
            meta, notes, headings = {}, [], []
            s0, s1 = markers.trim(text, 0, n)
            story = [Span(s0, s1)]
        else:
            raise FabulaError("the input is empty (no story text)")

    # chapters: from each heading to the next; story before the first heading is an untitled chapter
    chapters: list[Chapter] = []
    story_end = story[-1].end
    bounds: list[tuple[int, str | None]] = []
    if not headings or story[0].start < headings[0][0]:
        bounds.append((story[0].start, None))
    bounds += [(h0, title) for h0, _h1, title in headings]
    for i, (c0, title) in enumerate(bounds):
        c1 = bounds[i + 1][0] if i + 1 < len(bounds) else max(story_end, c0)
        c1 = markers.trim(text, c0, c1)[1] if c1 > c0 else c1
        chapters.append(Chapter(len(chapters) + 1, title, c0, max(c0, c1)))
    chapter_starts = [c.start for c in chapters]
    notes = [Note(x.kind, x.text, x.span,
                  chapters[max(0, bisect.bisect_right(chapter_starts, x.span.start) - 1)].index
                  if x.span and x.span.start >= front_end else None) for x in notes]

    # scene breaks inside the story regions; a break line at the very start or end of a chapter, or
    # right after another, marks no scene change and is cut out of the story instead
    breaks: list[SceneBreak] = []
    dropped: list[tuple[int, int]] = []
    story_starts = [s.start for s in story]
    for ls, m in markers.BREAK_LINES.finditer(text, front_end, limit):
        b0, b1 = m.start(1), m.end(1)
        if not (t.starts_para(ls) and t.ends_para(m.end())):
            continue  # a symbol line inside a paragraph (a table border, a signature rule)
        i = bisect.bisect_right(story_starts, b0) - 1
        if i < 0 or b1 > story[i].end:
            continue
        region = story[i]
        ci = bisect.bisect_right(chapter_starts, b0) - 1
        ch = chapters[ci] if ci >= 0 else chapters[0]
        first_in_chapter = i == 0 or story[i - 1].end <= ch.start
        last_in_chapter = i == len(story) - 1 or story[i + 1].start >= ch.end
        # regions are trimmed, so a break opens (closes) its region exactly when it starts (ends) it
        edge = (first_in_chapter and b0 == region.start) or (last_in_chapter and b1 == region.end)
        double = bool(breaks) and not text[breaks[-1].end:b0].strip()
        pov = markers.is_pov_label(m.group(1))
        if double and pov:  # "* * *" then "Marcus POV": one break, both lines
            prev = breaks.pop()
            breaks.append(SceneBreak(prev.start, b1, text[prev.start:b1]))
            continue
        if (edge or double) and not pov:
            dropped.append((b0, b1))
            continue
        breaks.append(SceneBreak(b0, b1, m.group(1)))
    if dropped:
        story = _subtract(text, story, dropped) or story

    return Work(text=text, source_format=source_format, story=tuple(story), chapters=tuple(chapters),
                breaks=tuple(breaks), notes=tuple(notes), **meta)


def _subtract(text: str, regions: list[Span], cuts: list[tuple[int, int]]) -> list[Span]:
    """``regions`` minus the sorted ``cuts`` (each inside one region), trimmed, empty ones dropped."""
    out: list[Span] = []
    j = 0
    for r in regions:
        pos = r.start
        while j < len(cuts) and cuts[j][0] < r.end:
            c0, c1 = cuts[j]
            if c0 >= pos:
                s0, s1 = markers.trim(text, pos, c0)
                if s1 > s0:
                    out.append(Span(s0, s1))
                pos = max(pos, c1)
            j += 1
        s0, s1 = markers.trim(text, pos, r.end)
        if s1 > s0:
            out.append(Span(s0, s1))
    return out


_NUMBER_LINES = markers.LinePattern(_NUMBER_LINE)
_SPLIT_HEADINGS = markers.LinePattern(re.compile(
    r"^[ \t]{0,80}(?P<word>(?i:chapter|book|part|letter))[ \t]{0,8}\n[ \t]{0,80}(?P<num>[IVXLC]{1,8}|\d{1,12})\.?[ \t]{0,8}$",
    re.MULTILINE))
_GUTENBERG_START = re.compile(r"^\*{3}[ \t]*START OF (?:THE|THIS) PROJECT GUTENBERG[^\n]*$", re.MULTILINE | re.IGNORECASE)
_GUTENBERG_END = re.compile(r"^\*{3}[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG[^\n]*$", re.MULTILINE | re.IGNORECASE)
_GUTENBERG_LABEL = re.compile(r"^(?P<label>Title|Author|Language):[ \t]*(?P<value>[^\n]*\S)[ \t]*$", re.MULTILINE)


def _gutenberg(text: str) -> tuple[int, int, dict]:
    """(story may start at, story ends before, metadata) for a Project Gutenberg file: its licence
    header and footer are front and back matter; "Title:", "Author:", "Language:" come from the header."""
    g = _GUTENBERG_START.search(text, 0, 200000)
    if g is None:
        return 0, len(text), {}
    meta: dict = {}
    for m in _GUTENBERG_LABEL.finditer(text, 0, g.start()):
        label, value = m.group("label"), m.group("value")
        if label == "Title" and "title" not in meta:
            meta["title"] = value
            meta["title_span"] = Span(m.start("value"), m.end("value"))
        elif label == "Author" and "authors" not in meta:
            meta["authors"] = tuple(a.strip() for a in re.split(r",| and ", value) if a.strip())
        elif label == "Language":
            meta["language"] = markers.language_code(value)
    end = _GUTENBERG_END.search(text, g.end())
    return g.end(), end.start() if end else len(text), meta


def _title_lines(t: _Text, le: int) -> tuple[int, str] | None:
    """After a bare "Chapter 1" line: up to three short title lines, then a blank line."""
    if t.line_mode or le >= len(t.text):
        return None
    pos, lines = le, []
    for _ in range(3):
        nls, nle = t.line_at(pos + 1)
        line = t.text[nls:nle].strip()
        if not line or len(line) > 80:
            return None
        lines.append(line)
        pos = nle
        if t.ends_para(nle):
            title = " ".join(lines)
            return (nle, title) if _title_like(lines[0], strict=False) or title.isupper() else None
    return None

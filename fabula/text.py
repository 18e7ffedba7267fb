"""Stage 2, text: paragraphs, sentences and tokens of the story regions.

Reads: ``Work`` (text, story regions, chapters, scene breaks). Adds: ``Text``.

Paragraphs are blank-line separated blocks; when a file puts one paragraph per line with no blank
lines between them, each line is a paragraph. Sentence splitting is a single regular-expression pass
(no library we measured splits fiction at the speed target: syntok ~244k words/s, pysbd ~59k) that
keeps ``"Are you crying?" she asked.`` together and does not split after Mr./Mrs./Dr. and initials.
Tokens are computed on first use, as offset arrays.
"""

from __future__ import annotations

import bisect
import re

import numpy as np

from fabula import language
from fabula.model import Paragraph, Sentence, Text, Tokens, Work

_BLOCK = re.compile(r"[^\n]+(?:\n[ \t]*[^\s\n][^\n]*)*")  # runs of non-blank lines
_LINE = re.compile(r"[^\n]*\S[^\n]*")
WORD = re.compile(r"\w+(?:['’]\w+)*")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

# A sentence ends at . ! ? … (with any closing quotes/brackets) followed by space, unless the word
# before the dot is a title or an initial. A quotation ending in ?/! followed by a lower-case tag
# ("Are you crying?" she asked.) does not end the sentence because the next word is lower case.
_ABBREV = (
    "Mr|Mrs|Ms|Mx|Dr|St|Sr|Jr|Prof|Rev|Hon|Capt|Col|Gen|Lt|Sgt|Mt|Messrs|Mme|Mlle|vs|etc|viz|cf|No|Vol|Ch"
)
# Python's lookbehind needs a fixed width, so each title gets its own; (?<!\b[A-Z]\.) keeps initials.
_NOT_AFTER_TITLE = "".join(rf"(?<!\b{a}\.)" for a in _ABBREV.split("|")) + r"(?<!\b[A-Z]\.)"
_END = re.compile(
    r"(?:\." + _NOT_AFTER_TITLE + r"\.*|[!?]+[.!?]*|…)"  # the end mark(s), checked after the dot
    r"[\"'”’»)\]*_]*"  # closing quotes and brackets belong to the sentence
    r"(\s+)(?=[\"'“‘«(\[*_]*[A-Z0-9])"  # space, then what starts a new sentence
)


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    s = start
    for m in _END.finditer(text, start, end):
        out.append((s, m.start(1)))
        s = m.end()
    if s < end:
        out.append((s, end))
    return out


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraph spans in text[start:end], by blank lines, or by lines if the text has no blank lines."""
    seg = text[start:end]
    blocks = [(m.start(), m.end()) for m in _BLOCK.finditer(seg)]
    nlines = seg.count("\n") + 1
    if blocks and len(blocks) * 3 < nlines - len(blocks) and _one_paragraph_per_line(seg, blocks):
        blocks = [(m.start(), m.end()) for m in _LINE.finditer(seg)]
    out = []
    for b0, b1 in blocks:
        # trim surrounding whitespace so offsets point at the paragraph's first and last character
        while b0 < b1 and seg[b0].isspace():
            b0 += 1
        while b1 > b0 and seg[b1 - 1].isspace():
            b1 -= 1
        if b1 > b0:
            out.append((start + b0, start + b1))
    return out


def _one_paragraph_per_line(seg: str, blocks: list[tuple[int, int]]) -> bool:
    """True when lines inside blocks are paragraphs rather than hard-wrapped prose: their ends
    mostly close a sentence (hard-wrapped prose breaks lines mid-sentence), or they are very long."""
    lines = [line.rstrip() for line in seg.split("\n") if line.strip()]
    if not lines:
        return False
    if sorted(len(x) for x in lines)[int(len(lines) * 0.9)] > 100:
        return True
    ends = sum(1 for x in lines if x[-1] in _CLOSERS)
    return ends >= 0.6 * len(lines)


_CLOSERS = frozenset(".!?\"”’')…—:*_")


def segment(work: Work) -> Text:
    text = work.text
    chapter_starts = [c.start for c in work.chapters]
    break_spans = sorted((b.start, b.end) for b in work.breaks)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    words = 0
    for region in work.story:
        for p0, p1 in _blocks(text, region.start, region.end):
            if _inside_break(break_spans, p0, p1):
                continue  # a scene-break line is not a paragraph of story
            ch = bisect.bisect_right(chapter_starts, p0)
            chapter = work.chapters[ch - 1].index if ch > 0 else (work.chapters[0].index if work.chapters else 1)
            pi = len(paragraphs)
            paragraphs.append(Paragraph(pi, p0, p1, chapter))
            for s0, s1 in _split_sentences(text, p0, p1):
                sentences.append(Sentence(len(sentences), s0, s1, pi))
        words += language.count_words(text, region.start, region.end)  # CJK characters count one each
    return Text(text=text, paragraphs=tuple(paragraphs), sentences=tuple(sentences), words=words)


def _inside_break(breaks: list[tuple[int, int]], p0: int, p1: int) -> bool:
    i = bisect.bisect_right(breaks, (p0, 1 << 62)) - 1
    return i >= 0 and breaks[i][0] <= p0 and p1 <= breaks[i][1]


def tokenize(text: str, paragraphs: tuple[Paragraph, ...]) -> Tokens:
    find = _TOKEN.finditer
    spans = [m.span() for p in paragraphs for m in find(text, p.start, p.end)]
    arr = np.array(spans, dtype=np.int64).reshape(-1, 2)
    return Tokens(arr[:, 0].copy(), arr[:, 1].copy())

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
_END = re.compile(  # each alternative opens with its mark ("!" and "?" apart), so the engine skips to them
    r"(?:\." + _NOT_AFTER_TITLE + r"\.*|![!?]*[.!?]*|\?[!?]*[.!?]*|…)"  # the end mark(s), checked after the dot
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
    spans = [(r.start, r.end) for r in work.story]
    words = count_words(text, spans) + language.extra_words(text, spans)  # each CJK character is a word
    return Text(text=text, paragraphs=tuple(paragraphs), sentences=tuple(sentences), words=words)


def _inside_break(breaks: list[tuple[int, int]], p0: int, p1: int) -> bool:
    i = bisect.bisect_right(breaks, (p0, 1 << 62)) - 1
    return i >= 0 and breaks[i][0] <= p0 and p1 <= breaks[i][1]


def tokenize(text: str, paragraphs: tuple[Paragraph, ...]) -> Tokens:
    """The tokens of the paragraphs: what ``_TOKEN`` (a word with inner apostrophes, or one mark)
    finds in each paragraph, as two offset arrays. Computed on the character classes of a stretch
    of text at once (numpy), not match by match: ~10x faster, and no object per token."""
    parts = [_tokens_in(text, chunk) for chunk in _chunks([(p.start, p.end) for p in paragraphs])]
    if not parts:
        return Tokens(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    return Tokens(np.concatenate([a for a, _, _ in parts]), np.concatenate([b for _, b, _ in parts]))


def count_words(text: str, regions: list[tuple[int, int]]) -> int:
    """How many times ``WORD`` matches in the regions (sorted, not overlapping)."""
    return sum(_tokens_in(text, chunk)[2] for chunk in _chunks(regions))


CHUNK_CHARS = 1 << 20  # characters classified at a time: bounds the arrays at a few MB


def _chunks(spans: list[tuple[int, int]]):
    """``spans`` in groups covering at most ~CHUNK_CHARS characters each (a longer span alone)."""
    group: list[tuple[int, int]] = []
    for s0, s1 in spans:
        if s1 <= s0:
            continue
        if group and s1 - group[0][0] > CHUNK_CHARS:
            yield group
            group = []
        group.append((s0, s1))
    if group:
        yield group


_LUT: list[np.ndarray] = []  # the regex class of each code point, filled for the ones met
_OTHER, _W, _S, _UNSEEN = 0, 1, 2, 255


def _classes(cp: np.ndarray) -> np.ndarray:
    """The regex class of each code point: \\w is str.isalnum() or "_", \\s is str.isspace() (the
    definitions of Python's re for str patterns), else other."""
    if not _LUT:
        _LUT.append(np.full(0x110000, _UNSEEN, dtype=np.uint8))
    lut = _LUT[0]
    cls = lut[cp]
    if (cls == _UNSEEN).any():
        # the code points not met before (bincount: np.unique sorts them all, and loads numpy.ma)
        for c in np.flatnonzero(np.bincount(cp[cls == _UNSEEN])).tolist():
            ch = chr(c)
            lut[c] = _W if (ch.isalnum() or ch == "_") else (_S if ch.isspace() else _OTHER)
        cls = lut[cp]
    return cls


def _tokens_in(text: str, spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, int]:
    """Token starts and ends in the segments ``spans`` (sorted, not overlapping) of ``text``, and
    how many of them are words: exactly ``_TOKEN.finditer(text, s, e)`` for each segment. Words are
    runs of \\w joined by a single ' or ’ between two \\w, marks the other non-space characters,
    one each; no token crosses a segment's bounds."""
    base, n = spans[0][0], spans[-1][1] - spans[0][0]
    cp = np.frombuffer(text[base:spans[-1][1]].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _classes(cp)
    sp = np.array(spans, dtype=np.int64) - base
    bound = np.zeros(n + 1, dtype=bool)  # a segment starts or ends here: no token runs across
    bound[sp[:, 0]] = True
    bound[sp[:, 1]] = True
    inside = np.zeros(n + 1, dtype=np.int8)
    np.add.at(inside, sp[:, 0], 1)
    np.add.at(inside, sp[:, 1], -1)
    inside = np.cumsum(inside[:n], dtype=np.int8) > 0
    w = np.zeros(n + 2, dtype=bool)  # \w inside a segment, padded with False on both sides
    w[1:-1] = (cls == _W) & inside
    apos = (cp == 0x27) | (cp == 0x2019)
    ww = w[1:-1] | (apos & w[:-2] & w[2:] & ~bound[:n] & ~bound[1:])  # inner apostrophes join
    cont = np.zeros(n + 1, dtype=bool)  # character i continues the word of character i - 1
    cont[1:n] = ww[1:] & ww[:-1] & ~bound[1:n]
    starts = np.flatnonzero(ww & ~cont[:n])
    ends = np.flatnonzero(ww & ~cont[1:]) + 1
    marks = np.flatnonzero(inside & ~ww & (cls != _S))
    all_starts = np.concatenate([starts, marks])
    order = np.argsort(all_starts, kind="stable")
    return (all_starts[order] + base, np.concatenate([ends, marks + 1])[order] + base, len(starts))

"""Speech tags: the narration right beside a quotation read for who says it.

``said Marcus`` / ``Marcus said`` / ``asked the old man`` / ``she whispered`` / ``I said``, with adverbs
and fillers allowed in between (lexicon in ``fabula.speech_verbs``). A name tag makes the quote
*explicit*; a pronoun or description tag makes it *anaphoric* (PDNC's types); no tag: *implicit*.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from fabula.model import Quote, Span
from fabula.speakers.document import Document
from fabula.speakers.lexicon import (
    DET,
    FEMALE,
    HEAD_ALIASES,
    ITEM,
    MALE,
    NOT_VERB,
    PREPOSITIONS,
    PRON,
    QUOTE_MARKS,
)
from fabula.speech_verbs import FILLERS, SPEECH, TAG_VERBS


@dataclass(frozen=True, slots=True)
class Tag:
    """A speech tag found beside a quote."""

    kind: str  # "name", "pron", "desc", "unknown"
    character: int | None  # for "name" (and descriptions that are a known alias)
    gender: str | None  # "m", "f", "n", "I" for pronouns; from the noun for descriptions
    span: Span
    to: int | None = None  # ``said X to Y``: Y
    head: str | None = None  # a description's last word, lower case ("the old doctor" -> "doctor")



def _items(doc: Document, a: int, b: int) -> list[tuple[str, object, int, int]]:
    """Words, punctuation and character mentions of s[a:b] in order: (kind, value, start, end)
    with kind "M" (value: character), "W" (value: word), "P" (value: punctuation)."""
    s = doc.s
    out: list[tuple[str, object, int, int]] = []
    i = bisect.bisect_left(doc.mention_starts, a)
    pos = a
    ms = doc.mentions
    while True:
        nxt = ms[i] if i < len(ms) and ms[i].start < b else None
        stop = nxt.start if nxt is not None else b
        for m in ITEM.finditer(s, pos, stop):
            t = m.group()
            out.append(("W" if t[0].isalnum() else "P", t, m.start(), m.end()))
        if nxt is None:
            break
        if nxt.start >= pos:
            out.append(("M", nxt.character, nxt.start, min(nxt.end, b)))
            pos = nxt.end
        i += 1
    return out


def _subject(doc: Document, items, j: int) -> tuple[Tag | None, int]:
    """Parse a subject starting at items[j]: a mention, a pronoun, or a description."""
    if j >= len(items):
        return None, j
    kind, val, a, b = items[j]
    if kind == "M":
        k = j + 1
        # "Mr. Bennet's wife" would not be Mr. Bennet; rare in tags, ignore
        return Tag("name", val, doc.gender[val], Span(a, b)), k
    if kind != "W":
        return None, j
    lw = val.lower()
    if (lw == "i" and doc.person == "I") or (lw == "you" and doc.person == "you"):
        return Tag("pron", doc.narrator, "I", Span(a, b)), j + 1  # "I said", a reader insert's "you ask"
    if lw in PRON:
        return Tag("pron", None, PRON[lw], Span(a, b)), j + 1
    if lw in DET:
        # "the Professor", "the old Jew": a determiner before a known name
        for k in range(j + 1, min(j + 4, len(items))):
            if items[k][0] == "M":
                c = items[k][1]
                return Tag("name", c, doc.gender[c], Span(a, items[k][3])), k + 1
            if items[k][0] != "W" or items[k][1].lower() in TAG_VERBS or items[k][1].lower() in FILLERS:
                break
    if lw in DET or val[0].isupper():
        # a description ("the old man", "his wife") or a name the cast does not know
        k = j + 1
        words = [val]
        while k < len(items) and k - j < 5 and items[k][0] == "W" and items[k][1].lower() not in TAG_VERBS \
                and items[k][1].lower() not in FILLERS and items[k][1].lower() not in ("and", "to", "with"):
            words.append(items[k][1])
            k += 1
        if lw in DET and len(words) == 1:
            return None, j
        if lw not in DET and not all(x[0].isupper() for x in words):
            return None, j
        g = None
        for x in reversed(words):
            xl = x.lower().rstrip(".")
            if xl in MALE:
                g = "m"
                break
            if xl in FEMALE:
                g = "f"
                break
        phrase = " ".join(words)
        c = doc.cast.alias_of(phrase) if doc.nchar else None
        end = items[k - 1][3]
        if c is not None:
            return Tag("name", c.index, doc.gender[c.index], Span(a, end)), k
        head = words[-1].lower().rstrip(".")
        return Tag("unknown" if lw not in DET else "desc", None, g, Span(a, end), None,
                   HEAD_ALIASES.get(head, head)), k
    return None, j


def _after_tag(doc: Document, a: int, b: int, comma: bool, end_ch: str = "") -> Tag | None:
    """A tag at the start of the narration s[a:b] right after a piece: `said he`, `Marcus said`."""
    items = _items(doc, a, min(b, a + 120))
    j = 0
    while j < len(items) and items[j][0] == "P" and items[j][1] in ",—–-":
        j += 1
    if j < len(items) and items[j][0] == "P":
        return None
    # inverted: [fillers] VERB SUBJ
    k = j
    while k < len(items) and items[k][0] == "W" and (items[k][1].lower() in FILLERS
                                                     or items[k][1].lower().endswith("ly")) and k - j < 2:
        k += 1
    if k < len(items) and items[k][0] == "W" and (
            items[k][1].lower() in SPEECH
            or (items[k][1].lower() in TAG_VERBS and k + 1 < len(items) and items[k + 1][0] == "M")):
        k2 = k + 1
        while k2 < len(items) and items[k2][0] == "W" and (items[k2][1].lower().endswith("ly")
                                                           or items[k2][1].lower() in FILLERS):
            k2 += 1
        tag, end = _subject(doc, items, k2)
        if tag is not None:
            return _with_to(tag, items, end)
    # normal order: SUBJ [fillers/adverbs] VERB
    tag, k = _subject(doc, items, j)
    if tag is None:
        return None
    n = 0
    # right after a quote ending in , ! ? or a dash, a lower-case "he"/"she" (or, after a comma, a
    # name) followed by any verb is a tag: "she owned", "he pronounced", "Archer conceded"
    loose = end_ch in ",!?—–-" and (
        (tag.kind == "pron" and items[j][1] in ("he", "she")) or (tag.kind == "name" and end_ch == ","))
    while k < len(items) and items[k][0] == "W" and n < 3:
        lw = items[k][1].lower()
        if lw in SPEECH or ((comma or tag.kind == "pron") and lw in TAG_VERBS):
            return _with_to(tag, items, k + 1)
        if lw in FILLERS or lw.endswith("ly"):
            k += 1
            n += 1
            continue
        if loose and items[k][1].islower() and lw not in NOT_VERB:
            return _with_to(tag, items, k + 1)
        break
    return None


def _with_to(tag: Tag, items, k: int) -> Tag:
    # `said Marcus to Ivy` / `she said to him`
    for j in range(k, min(k + 4, len(items))):
        if items[j][0] == "P":
            break
        if items[j][0] == "W" and items[j][1].lower() == "to" and j + 1 < len(items) and items[j + 1][0] == "M":
            return Tag(tag.kind, tag.character, tag.gender, tag.span, items[j + 1][1], tag.head)
    return tag


def _before_tag(doc: Document, a: int, b: int) -> Tag | None:
    """A tag ending the narration s[a:b] just before a piece: `Marcus said:`, `she asked him,`."""
    items = _items(doc, max(a, b - 200), b)
    # keep the last sentence only
    for j in range(len(items) - 1, -1, -1):
        if items[j][0] == "P" and items[j][1] in ".!?;":
            if j == len(items) - 1:
                continue
            items = items[j + 1:]
            break
    while items and items[-1][0] == "P":
        items = items[:-1]
    if not items:
        return None
    # the speech verb within the last 4 words
    for v in range(len(items) - 1, max(-1, len(items) - 5), -1):
        if items[v][0] == "W" and items[v][1].lower() in SPEECH:
            break
    else:
        return None
    j = v - 1
    while j >= 0 and items[j][0] == "W" and (items[j][1].lower() in FILLERS or items[j][1].lower().endswith("ly")):
        j -= 1
    if j < 0:
        return None
    if items[j][0] == "M":
        return Tag("name", items[j][1], doc.gender[items[j][1]], Span(items[j][2], items[j][3]))
    # a pronoun or the last word of a description ("the old man said"), not a prepositional
    # object ("rose to her feet, exclaiming")
    if items[j][0] == "W" and (items[j][1].lower() in PRON or (doc.person == "you" and items[j][1].lower() == "you")):
        tag, _ = _subject(doc, items, j)
        return tag
    for k in range(max(0, j - 4), j + 1):
        if items[k][0] == "W" and (items[k][1].lower() in DET or items[k][1][0].isupper()):
            if k > 0 and items[k - 1][0] == "W" and items[k - 1][1].lower() in PREPOSITIONS:
                break
            tag, end = _subject(doc, items, k)
            if tag is not None and end == j + 1:
                return tag
    # "Marcus turned to her and said", "Lucy, who had not ..., rose to her feet, exclaiming":
    # the sentence's subject
    j = 0
    while j < v and items[j][0] == "P":
        j += 1
    if j < v and items[j][0] == "W" and items[j][1].lower() in ("then", "and", "but", "so", "at", "now"):
        j += 1
        while j < v and items[j][0] != "M" and not (items[j][0] == "W" and items[j][1].lower() in PRON) \
                and j < 4:
            j += 1
    tag, _ = _subject(doc, items, j)
    if tag is not None and tag.kind in ("name", "pron"):
        return tag
    return None


def find_tag(doc: Document, q: Quote) -> Tag | None:
    s = doc.s
    pieces = q.pieces
    # gaps after each piece (within the piece's paragraph), then before the first piece
    for n, p in enumerate(pieces):
        a = p.end
        pend = doc.para_end(p.start)
        b = pieces[n + 1].start if n + 1 < len(pieces) else pend
        b = min(b, pend)
        comma = s[max(p.start, p.end - 1):p.end] in (",", "—", "-", "–") or s[p.end:p.end + 1] in ",—"
        while a < b and s[a] in QUOTE_MARKS:
            a += 1
        if a < b:
            t = _after_tag(doc, a, b, comma, s[p.end - 1:p.end] if p.end > p.start else "")
            if t is not None:
                return t
            if n + 1 < len(pieces) and b == pieces[n + 1].start and s[a:b].rstrip(QUOTE_MARKS).endswith((":", ",")):
                # "... Then, with a look, she added: "Though ..."": a tag before the next piece
                bb = b
                while bb > a and s[bb - 1] in QUOTE_MARKS:
                    bb -= 1
                t = _before_tag(doc, a, bb)
                if t is not None:
                    return t
        if n == 0:
            pstart = doc.para_start(p.start)
            bb = p.start
            while bb > pstart and s[bb - 1] in QUOTE_MARKS:
                bb -= 1
            if bb > pstart:
                t = _before_tag(doc, pstart, bb)
                if t is not None:
                    return t
    # "...and then she said:" closing the paragraph before, with the speech in its own paragraph
    first = q.pieces[0].start
    pstart = doc.para_start(first)
    k = pstart
    while k < first and s[k] in QUOTE_MARKS:
        k += 1
    if k == first and q.paragraph > 0:
        prev = doc.text.paragraphs[q.paragraph - 1]
        raw = s[max(prev.start, prev.end - 3):prev.end]
        tail = raw.rstrip(" -—–")
        if (tail.endswith((":", ",")) or raw.endswith(("-", "—", "–"))) and \
                doc.quote_paras.get(q.paragraph - 1) is None:
            return _before_tag(doc, prev.start, prev.end)
    return None

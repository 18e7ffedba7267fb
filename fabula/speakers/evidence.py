"""Per-quote evidence that does not depend on who spoke before: the tag, the names inside the
quote (vocatives), the characters named in the paragraph's narration (action beats), whether the
paragraph is nothing but the quote, a pronoun opening a narration sentence, whether the paragraph
goes on in narration after the quote and its tag (``trails``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fabula.model import Quote
from fabula.speakers.document import Document
from fabula.speakers.lexicon import (
    BEAT_PRON,
    CROWDED_MENTIONS,
    FIRST_PERSON,
    NARRATION_WINDOW,
    QUOTE_MARKS,
    SECOND_PERSON,
)
from fabula.speakers.tags import Tag, find_tag
from fabula.speakers.vocatives import in_quote


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one quote's paragraph says about its speaker, before any decision."""

    tag: Tag | None
    voc: set[int]  # vocatives inside the quote (its addressees)
    named: set[int]  # other names inside the quote
    before: set[int]  # named in the paragraph's narration before the quote
    after: set[int]  # ... from the quote's start on
    first: int | None  # the first character named in the paragraph's narration
    subj: set[int]  # named at the start of a narration sentence
    prev_narr: set[int]  # named in the previous paragraph's narration
    prev_noquote: bool  # the previous paragraph has no quote
    fp_para: bool  # the paragraph's narration says "I" (first-person narration)
    pure: bool  # the paragraph is nothing but the quote
    beat_g: str | None  # untagged, and a narration sentence opens with He/She: its gender
    trail: bool = False  # the quote's last paragraph goes on in narration of its own after it (``trails``)


def evidence(doc: Document, q: Quote) -> Evidence:
    """What the quote's features need that does not depend on earlier decisions."""
    s = doc.s
    paras = doc.text.paragraphs
    pi = q.paragraph
    tag = find_tag(doc, q)
    voc, named = in_quote(doc, q)
    narr_here = list(doc.narr.get(pi, []))
    for pj in range(pi + 1, q.last_paragraph + 1):
        narr_here += doc.narr.get(pj, [])
    if len(narr_here) > CROWDED_MENTIONS:
        # a huge paragraph (line breaks lost): only the narration near the quote speaks to it
        lo, hi = q.start - NARRATION_WINDOW, q.end + NARRATION_WINDOW
        narr_here = [m for m in narr_here if lo <= m[0] < hi]
    before = {c for a, _, c in narr_here if a < q.start}
    after = {c for a, _, c in narr_here if a >= q.start}
    first = narr_here[0][2] if narr_here else None
    subj = set()
    for a, _, c in narr_here:
        k = a - 1
        while k >= 0 and s[k] in " \t":
            k -= 1
        if k < 0 or s[k] in ".!?\n“”\"'’" or a == paras[pi].start:
            subj.add(c)
    prev_narr = {c for _, _, c in doc.narr.get(pi - 1, [])} if pi > 0 else set()
    prev_noquote = (pi - 1) not in doc.quote_paras
    # narration left in the quote's first paragraph once its pieces are taken out
    para = paras[pi]
    # (only its first ~1,000 characters matter: a paragraph whose line breaks were lost can be a
    # whole chapter, and copying it per quote made the stage quadratic)
    parts: list[str] = []
    pos = para.start
    for p in q.pieces:
        if para.start <= p.start < para.end:
            parts.append(s[pos:p.start])
            pos = p.end
            if p.start - para.start > NARRATION_WINDOW:
                break
    else:
        parts.append(s[pos:min(para.end, pos + NARRATION_WINDOW)])
    rest = " ".join(parts).strip(QUOTE_MARKS + ".,;:!?")
    pure = len(rest) < 3
    person = FIRST_PERSON if doc.person == "I" else SECOND_PERSON
    fp_para = doc.narrator is not None and bool(person.search(rest[:400]))
    bm = BEAT_PRON.search(rest[:600]) if tag is None else None
    beat_g = ("m" if bm.group(1) == "He" else "f") if bm else None
    end = min(paras[q.last_paragraph].end, q.end + NARRATION_WINDOW)
    trail = trails(s[q.end:end], s[q.pieces[-1].end - 1:q.pieces[-1].end] if q.pieces else "")
    return Evidence(tag, voc, named, before, after, first, subj, prev_narr, prev_noquote, fp_para, pure, beat_g,
                    trail)


_SENTENCE_END = re.compile(r"[.!?;:]+[\s\"”’']")
TRAIL_MIN = 15  # characters of narration after the quote's own sentence for it to count


def trails(after: str, last_char: str) -> bool:
    """The narration ``after`` a quote, to its paragraph's end, holds a sentence of its own, beyond
    the tag and its asides that finish the quote's sentence ("said Ann, turning away." does not;
    "said Ann. The clock struck." and "He stood by the door, waiting." do). ``last_char``: the quote's
    last spoken character (a comma or dash there: the sentence goes on after the closing mark).
    After such a paragraph the next line is often the same speaker's again: the listener's reply
    was told, not quoted, or the speaker went on after a pause."""
    t = after.lstrip(QUOTE_MARKS + ".,;:!?")
    if not t:
        return False
    if t[0].islower() or last_char in ",—–-":  # the tag (or an aside) finishes the quote's sentence
        m = _SENTENCE_END.search(t + " ")
        t = t[m.end():] if m else ""
    return len(t.strip(QUOTE_MARKS)) >= TRAIL_MIN

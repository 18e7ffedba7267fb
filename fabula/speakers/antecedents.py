"""Who a he/she speech tag points back to, read from the narration before the quote the way a reader
follows a pronoun: the subject of the narration carries on until another subject takes over.

Read backwards, sentence by sentence, through the narration of the quote's paragraph (before the
quote) and the three paragraphs before it (five gave PDNC CV-15 78.17% against 77.99%, with the
same fold models, but cost the fan fiction 2 quotes of one story, below 0.90; eight, 78.10%):

* a sentence opening with a name of the pronoun's gender ("Marcus knew the road") gives its subject:
  the antecedent, unless ruled out below;
* a sentence opening with the same pronoun ("He knew the road", "And he knew") continues the chain,
  and rules out every name of that gender inside it: "He waited until Marcus had gone" is not
  Marcus (a pronoun and a name in one clause are seldom the same person);
* any other sentence offers the first name of that gender in it that is not ruled out (a possessive,
  "Marcus's hands", only if nothing better turns up), unless a he/him/his (she/her) of that gender
  comes before it in the sentence: "Bent over the map, he showed Marcus the pass" is not Marcus
  either, so the chain reads on past the sentence (when the name opens a clause of its own, "When
  he came in, Marcus sat down", the pronoun looks ahead to it and the name stands);
* a sentence naming two people of that gender (not ruled out) leaves it undecided: None;
* an earlier quote's pronoun tag ("..., he said") ends the search: that is the conversation's turn,
  which the ranker's turn-taking reads.

When the narration names nobody of that gender, or only someone named once or twice in the whole
story (in passing), the pronoun goes to its holder when the story has one (``salience``: a reader
insert's partner); else None (then the ranker's recency rule stands). When the search stops at an
earlier turn's tag, None and no holder: turn-taking decides.
On the 15 PDNC development novels, end to end: 77.65% without the two-names rule, 77.69% with it
(one novel had lost 2 points to sentences like "Wren was met by friends, which made Odile
laugh", then "she cried" is Odile's); fan fiction 0.868 / 0.866. The pronoun-before-the-name
rule (three paragraphs back): of 3,829 he/she-tagged anaphoric quotes found, wrong antecedents
504 -> 416, right ones 1,663 -> 1,680. Splitting sentences at "Mrs." too (kept as is) helps by
accident: "Mr. Ash left; but Mr. Roe stayed" reads as two clauses, where the whole sentence would
name two men and decide nothing (not splitting there, even with ";" as a clause end: 77.97%).
"""

from __future__ import annotations

import bisect
import re

from fabula.model import Quote
from fabula.speakers.document import Document
from fabula.speakers.salience import holder, in_passing

LOOKBACK = 3  # paragraphs before the quote's own read for the antecedent
_SENT = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_OWN = re.compile(r"\b(?:(he|him|his|himself)|(she|her|hers|herself))\b", re.IGNORECASE)
_OPENER = re.compile(r"[\s“”\"‘’'(—–-]*(?:(?:and|but|then|so|now|still|yet)\s+)?([A-Za-z]+)", re.IGNORECASE)
_PRONOUN = {"he": "m", "she": "f"}
_TURN = -1  # the search reached an earlier turn's he/she tag: no antecedent, and no holder either


def _narration(doc: Document, pi: int, until: int) -> list[tuple[int, int]]:
    """The paragraph's stretches outside quotation pieces, up to offset ``until``."""
    p = doc.text.paragraphs[pi]
    end = min(p.end, until)
    segs: list[tuple[int, int]] = []
    pos = p.start
    k = bisect.bisect_right(doc.piece_starts, p.start) - 1
    k = max(k, 0)
    while k < len(doc.pieces) and doc.pieces[k][0] < end:
        a, b, _ = doc.pieces[k]
        if b > pos:
            if a > pos:
                segs.append((pos, a))
            pos = b
        k += 1
    if end > pos:
        segs.append((pos, end))
    return segs


def _sentences(doc: Document, q: Quote) -> list[tuple[int, int, bool]]:
    """The narration sentences before the quote, latest first: (start, end, right after a quotation,
    i.e. an earlier quote's speech tag)."""
    out: list[tuple[int, int, bool]] = []
    ends = doc.piece_ends
    for pi in range(q.paragraph, max(-1, q.paragraph - LOOKBACK - 1), -1):
        for a, b in reversed(_narration(doc, pi, q.start)):
            sents = [(m.start(), m.end()) for m in _SENT.finditer(doc.s, a, b) if doc.s[m.start():m.end()].strip()]
            out.extend((x, y, x == a and a in ends) for x, y in reversed(sents))
    return out


def antecedent(doc: Document, q: Quote, g: str) -> int | None:
    """The character (of gender ``g``, "m" or "f") a he/she tag of quote ``q`` refers to, or None."""
    cache = doc.__dict__.setdefault("_antecedents", {})
    key = (q.index, g)
    if key not in cache:
        got = _antecedent(doc, q, g)
        if got == _TURN:  # the conversation's turn-taking decides, not the narration
            got = None
        elif got is None or in_passing(doc, got):  # the narration names no one who counts
            held = holder(doc, q, g)
            got = held if held is not None else got
        cache[key] = got
    return cache[key]


def _names(doc: Document, a: int, b: int, g: str) -> list[tuple[int, int]]:
    """(start, character) of the narration's name mentions of gender ``g`` in s[a:b]."""
    out: list[tuple[int, int]] = []
    i = bisect.bisect_left(doc.mention_starts, a)
    while i < len(doc.mentions) and doc.mentions[i].start < b:
        m = doc.mentions[i]
        if doc.gender[m.character] == g and doc.quote_at(m.start) is None:
            out.append((m.start, m.character))
        i += 1
    return out


def _antecedent(doc: Document, q: Quote, g: str) -> int | None:
    ruled_out: set[int] = set()
    fallback: int | None = None  # a possessive ("Marcus's face"), if nothing better turns up
    for a, b, tag in _sentences(doc, q):
        names = _names(doc, a, b, g)
        om = _OPENER.match(doc.s, a, b)
        if om is None:
            continue
        if len({c for _, c in names} - ruled_out) > 1:
            return None  # two people of that gender in one sentence: the narration does not decide
        if names and names[0][0] == om.start(1):  # a name opens the sentence: its subject
            if names[0][1] not in ruled_out:
                return names[0][1]
            continue
        if _PRONOUN.get(om.group(1).lower()) == g:
            if tag:  # "..., he said": an earlier turn of the conversation, not the narration's subject
                return fallback if fallback is not None else _TURN
            ruled_out |= {c for _, c in names}
            continue
        for start, c in names:
            if c in ruled_out:
                continue
            if _pronoun_before(doc, a, start, g):
                ruled_out |= {c for _, c in names}  # "she patted Ann's arm": the chain goes on past Ann
                break
            if not _possessive(doc, start):
                return c
            fallback = c if fallback is None else fallback
    return fallback


def _pronoun_before(doc: Document, a: int, start: int, g: str) -> bool:
    """The sentence from ``a`` says he/him/his (``g`` "m") or she/her (``g`` "f") before the name at
    ``start``, and the name does not open a clause of its own ("When she came in, Ann sat": there
    the pronoun looks ahead to Ann); a pronoun right before the name is not counted: it is named
    by it ("nobody called him Tobin")."""
    if doc.s[max(a, start - 3):start].rstrip().endswith((",", ";", "—")):
        return False
    return any((m.group(1) if g == "m" else m.group(2)) and doc.s[m.end():start].strip()
               for m in _OWN.finditer(doc.s, a, start))


def _possessive(doc: Document, start: int) -> bool:
    """The name mention at ``start`` is a possessive ("Marcus's hands"): not a subject."""
    i = bisect.bisect_left(doc.mention_starts, start)
    end = doc.mentions[i].end if i < len(doc.mentions) and doc.mentions[i].start == start else start
    return doc.s[end:end + 2] in ("'s", "’s") or doc.s[end:end + 1] in ("'", "’") and doc.s[end - 1:end] == "s"

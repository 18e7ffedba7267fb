"""Who holds a pronoun over a stretch of the story: the person a he/she with no name of that gender
nearby refers to.

In a second-person reader insert the narration follows the Reader and one other person, the one the
story pairs the Reader with; that person is "he" (or "she") for whole scenes while everyone else of
that gender gets named. So when the story declares the pairing ("Pairing: Marcus x Reader", read by
the cast stage into ``Cast.partners``), that partner holds the pronoun of their gender. When it does
not, the one of that gender the story's lines address most ("Kell, wait"), the Reader's partner in
talk, when they clearly lead; else the one the stretch before the quote names most, when they
clearly lead (a man named once in passing holds nothing).
"""

from __future__ import annotations

import bisect

from fabula.model import Quote
from fabula.speakers.document import Document

MINOR = 2  # a character named this few times in the whole story is named in passing, not followed
STRETCH = 40  # paragraphs before the quote whose names say who holds the pronoun
LEAD = 2.0  # the holder is named at least this many times as often as the next one of that gender
AT_LEAST = 3  # ... and at least this many times in the stretch


def holder(doc: Document, q: Quote, g: str) -> int | None:
    """The character a bare he/she (``g``: "m" or "f") of quote ``q`` goes to when the narration
    nearby names no one of that gender, or None when the story does not say."""
    if doc.person != "you":
        return None  # in novels this costs PDNC CV-15 0.3 points (77.3 -> 77.0): recency serves them better
    mine = [c for c in getattr(doc.cast, "partners", ()) if doc.gender[c] == g]
    if mine:
        return mine[0] if len(mine) == 1 else None
    addressed = _most_addressed(doc, g)
    return addressed if addressed is not None else _most_named(doc, q, g)


def _leader(counts: dict[int, int]) -> int | None:
    """The character counted most, when they clearly lead the others."""
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= AT_LEAST and (len(ranked) == 1 or ranked[0][1] >= LEAD * ranked[1][1]):
        return ranked[0][0]
    return None


def _most_addressed(doc: Document, g: str) -> int | None:
    """The person of gender ``g`` the story's quotes address by name most often, when they lead."""
    cache = doc.__dict__.setdefault("_most_addressed", {})
    if g not in cache:
        counts: dict[int, int] = {}
        for m in doc.mentions:
            if m.kind == "vocative" and doc.gender[m.character] == g and m.character != doc.narrator:
                counts[m.character] = counts.get(m.character, 0) + 1
        cache[g] = _leader(counts)
    return cache[g]


def _most_named(doc: Document, q: Quote, g: str) -> int | None:
    """The person of gender ``g`` named most (narration and speech) in the stretch before ``q``,
    when they clearly lead."""
    cache = doc.__dict__.setdefault("_most_named", {})
    p0 = max(0, q.paragraph - STRETCH)
    key = (q.paragraph, g)
    if key in cache:
        return cache[key]
    lo = doc.text.paragraphs[p0].start
    i = bisect.bisect_left(doc.mention_starts, lo)
    counts: dict[int, int] = {}
    while i < len(doc.mentions) and doc.mentions[i].start < q.start:
        c = doc.mentions[i].character
        if doc.gender[c] == g and c != doc.narrator:
            counts[c] = counts.get(c, 0) + 1
        i += 1
    got = cache[key] = _leader(counts)
    return got


def in_passing(doc: Document, c: int) -> bool:
    """The character is named only once or twice in the whole story (not one the narration follows)."""
    return doc.cast.characters[c].mentions <= MINOR

"""Names inside a quotation: vocatives (the addressee: "Marcus, come here", "Oh Marcus!") and other
names mentioned in the speech. A shouted quotation in capitals ("MARCUS, GET DOWN!") is searched for
the cast's names in capitals too, since the cast's mentions are read in their usual case."""

from __future__ import annotations

import re

from fabula.model import Quote
from fabula.speakers.document import Document
from fabula.speakers.lexicon import VOC_BEFORE


def _is_vocative(s: str, start: int, end: int, a: int, b: int) -> bool:
    """The name at s[a:b], inside the quotation piece s[start:end], stands as an address."""
    i = a - 1
    while i >= start and s[i] == " ":
        i -= 1
    before_ok = i < start or s[i] in ",!?;—-–(" or s[i] == "."
    if not before_ok:
        # "Oh Marcus", "my dear Marcus", "Yes Marcus"
        wm = re.search(r"(\w+)\s*$", s[max(start, a - 20):a])
        before_ok = bool(wm and wm.group(1).lower() in VOC_BEFORE)
    j = b
    while j < end and s[j] == " ":
        j += 1
    return before_ok and (j >= end or s[j] in ",.!?;—-–:)")


def _shouted_names(doc: Document, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, character) of the cast's names written in capitals in a piece that is itself
    in capitals (at least two thirds of its letters, and four letters or more)."""
    piece = doc.s[start:end]
    letters = sum(map(str.isalpha, piece))  # counted in C: this runs on every piece of every quote
    if letters < 4 or sum(map(str.isupper, piece)) * 3 < letters * 2:
        return []
    out: list[tuple[int, int, int]] = []
    for upper, index in doc.capital_names:
        if upper in piece:  # most names are not in the piece: looked for as a substring first
            for m in re.finditer(r"(?<![\w])" + re.escape(upper) + r"(?![\w])", piece):
                out.append((start + m.start(), start + m.end(), index))
    return out


def in_quote(doc: Document, q: Quote) -> tuple[set[int], set[int]]:
    """(vocatives, other names) inside the quote's pieces."""
    voc: set[int] = set()
    named: set[int] = set()
    s = doc.s
    found = list(doc.inq.get(q.index, ()))
    for p in q.pieces:
        found.extend(_shouted_names(doc, p.start, p.end))
    for a, b, c in found:
        piece = next((p for p in q.pieces if p.start <= a < p.end), None)
        if piece is None:
            continue
        if _is_vocative(s, piece.start, piece.end, a, b):
            voc.add(c)
        else:
            named.add(c)
    return voc, named - voc

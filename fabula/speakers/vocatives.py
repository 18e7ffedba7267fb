"""Names inside a quotation: vocatives (the addressee: "Marcus, come here", "Oh Marcus!") and other
names mentioned in the speech."""

from __future__ import annotations

import re

from fabula.model import Quote
from fabula.speakers.document import Document
from fabula.speakers.lexicon import VOC_BEFORE


def in_quote(doc: Document, q: Quote) -> tuple[set[int], set[int]]:
    """(vocatives, other names) inside the quote's pieces."""
    voc: set[int] = set()
    named: set[int] = set()
    s = doc.s
    for a, b, c in doc.inq.get(q.index, ()):
        piece = None
        for p in q.pieces:
            if p.start <= a < p.end:
                piece = p
                break
        if piece is None:
            continue
        i = a - 1
        while i >= piece.start and s[i] == " ":
            i -= 1
        before_ok = i < piece.start or s[i] in ",!?;—-–(" or s[i] == "."
        if not before_ok:
            # "Oh Marcus", "my dear Marcus", "Yes Marcus"
            wm = re.search(r"(\w+)\s*$", s[max(piece.start, a - 20):a])
            before_ok = bool(wm and wm.group(1).lower() in VOC_BEFORE)
        j = b
        while j < piece.end and s[j] == " ":
            j += 1
        after_ok = j >= piece.end or s[j] in ",.!?;—-–:)"
        if before_ok and after_ok:
            voc.add(c)
        else:
            named.add(c)
    return voc, named - voc

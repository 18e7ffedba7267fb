"""The Reader of a second-person reader insert.

A story whose narration (outside quotations) addresses "you" as its protagonist ("You say nothing.
He grins at you.") or that uses the fill-in placeholders of reader inserts (Y/N "your name", F/N,
L/N "last name") has a Reader character: named "Reader", its aliases the placeholders used and
"you", its mentions the placeholders and the narration's you/your/yourself. Its pronouns come from
the text (a "she" after "Y/N"), else None.
"""

from __future__ import annotations

import re

# \b(?:[Yy]ou|[Yy]our|[Yy]ours|[Yy]ourself)\b and \bI\b, opening with a letter (see patterns._READER)
_YOU = re.compile(r"[Yy](?<=\b.)(?:ou|our|ours|ourself)\b")
_I = re.compile(r"I(?<=\bI)\b")


def _narration_segments(s: str, paragraphs, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of the paragraphs outside quotation pieces."""
    segs: list[tuple[int, int]] = []
    k = 0
    for p in paragraphs:
        while k < len(pieces) and pieces[k][1] <= p.start:
            k += 1
        pos = p.start
        j = k
        while j < len(pieces) and pieces[j][0] < p.end:
            if pieces[j][0] > pos:
                segs.append((pos, pieces[j][0]))
            pos = max(pos, pieces[j][1])
            j += 1
        if p.end > pos:
            segs.append((pos, p.end))
    return segs


def reader_spans(s: str, paragraphs, pieces: list[tuple[int, int]], placeholders: int) -> list[tuple[int, int]] | None:
    """The narration's "you" spans when the story is a second-person reader insert, else None.

    Second person when "you" is at least 1% of the narration's words and more frequent there than
    "I" (letters and first-person stories address someone now and then, but say "I" more), or when
    the story uses reader-insert placeholders (``placeholders`` > 0)."""
    segs = _narration_segments(s, paragraphs, pieces)
    spans = [(m.start(), m.end()) for a, b in segs for m in _YOU.finditer(s, a, b)]
    if placeholders:
        return spans
    you = len(spans)
    if you < 5 or you <= sum(len(_I.findall(s, a, b)) for a, b in segs):
        return None
    words = sum(len(s[a:b].split()) for a, b in segs)  # counted only when the rest holds
    return spans if words and you >= 0.01 * words else None


# the Reader's side of a relationship tag: "X x Reader", "X/You", "X & Y/N"
_READER_TAG = re.compile(r"^(?:(?:the\s+)?reader|you|y/n|[a-z]*\s*!?reader)$", re.IGNORECASE)
_PAIR_SPLIT = re.compile(r"\s*(?:/|&| x | X |×)\s*")


def reader_partners(relationships, cast) -> tuple[int, ...]:
    """The characters a declared pairing puts with the Reader ("Pairing: Marcus x Reader",
    "Marcus/You"): in a reader insert they are the "he" or "she" the narration follows. Empty when
    the story has no Reader or no such tag."""
    if cast.reader is None:
        return ()
    from fabula.cast.resolve import resolve

    out: list[int] = []
    for rel in relationships:
        rel = re.sub(r"\s*\([^)]*\)\s*$", "", rel)
        people = [p.strip() for p in _PAIR_SPLIT.split(rel) if p.strip()]
        if len(people) < 2 or not any(_READER_TAG.match(p) for p in people):
            continue
        for p in people:
            if _READER_TAG.match(p):
                continue
            c = resolve(cast, p)
            if c is not None and c != cast.reader and c not in out:
                out.append(c)
    return tuple(out)

"""The first-person narrator: its I/me/my mentions outside quotations and its name when the text gives it."""

from __future__ import annotations

import bisect
from collections import Counter

from fabula.cast.patterns import (
    _I_SPEAK,
    _NAME_IS,
    _NARRATOR,
    _TO_ME,
)
from fabula.cast.working import (
    _Occ,
)


def _narrator(s: str, paragraphs, pieces, occs: list[_Occ]) -> tuple[list[tuple[int, int]], str | None]:
    """First-person narration outside quotations: the I/me/my spans, and the narrator's name if the
    text gives it."""
    spans: list[tuple[int, int]] = []
    words = 0
    k = 0
    para_narration: list[tuple[int, list[tuple[int, int]]]] = []
    for pi, p in enumerate(paragraphs):
        while k < len(pieces) and pieces[k][1] <= p.start:
            k += 1
        pos = p.start
        segs = []
        j = k
        while j < len(pieces) and pieces[j][0] < p.end:
            segs.append((pos, max(pos, pieces[j][0])))
            pos = max(pos, pieces[j][1])
            j += 1
        segs.append((pos, p.end))
        para_narration.append((pi, segs))
        for a, b in segs:
            if b > a:
                words += s.count(" ", a, b) + s.count("\n", a, b) + 1
                spans.extend((m.start(), m.end()) for m in _NARRATOR.finditer(s, a, b))
    n_i = sum(1 for a, b in spans if s[a:b] == "I")
    if words == 0 or n_i < 3 or n_i < 0.01 * words:
        return [], None
    # the narrator's name: vocatives addressed "to me", "my name is X", "call me X"
    votes: Counter = Counter()
    occ_starts = [o.start for o in occs]
    for pi, segs in para_narration:
        p = paragraphs[pi]
        narration = " ".join(s[a:b] for a, b in segs)
        to_me = bool(_TO_ME.search(narration))
        i_speak = bool(_I_SPEAK.search(narration))
        for m in _NAME_IS.finditer(s, p.start, p.end):
            inside = any(a <= m.start() < b for a, b in segs) is False
            if not inside or i_speak:
                votes[m.group("name")] += 3
        if to_me and not i_speak:
            i = bisect.bisect_left(occ_starts, p.start)
            while i < len(occs) and occs[i].start < p.end:
                o = occs[i]
                if o.vocative and not o.epithet:
                    votes[" ".join(o.surface.split())] += 2
                i += 1
    for o in occs:
        if o.vocative and not o.epithet:
            votes[" ".join(o.surface.split())] += 1
    if not votes:
        return spans, None
    # the narrator's own name is hardly ever used in the narration, which says "I"
    in_narration: Counter = Counter()
    total: Counter = Counter()
    for o in occs:
        key = " ".join(o.surface.split())
        if key in votes:
            total[key] += 1
            in_narration[key] += not o.in_quote
    ranked = [(n, name) for name, n in votes.items() if in_narration[name] <= 0.1 * total[name] + 1 and n >= 3]
    if not ranked:
        return spans, None
    return spans, max(ranked)[1]

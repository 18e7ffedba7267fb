"""Matching gold quotations to fabula's: shared by the PDNC and LitBank evaluations."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from fabula.model import Quotes

# how far back (in characters) to look for a long predicted piece that still covers a gold span
_REACH = 5000


def overlapping_quotes(gold_spans: Iterable[tuple[int, int]], qs: Quotes) -> list[int | None]:
    """For each gold span, the index of the predicted quote one of whose pieces overlaps it, or None."""
    ps = sorted((p.start, p.end, q.index) for q in qs for p in q.pieces)
    starts = [p[0] for p in ps]
    out: list[int | None] = []
    for a, b in gold_spans:
        i = bisect.bisect_right(starts, b - 1) - 1
        hit = None
        while i >= 0 and ps[i][1] > a - _REACH:
            if ps[i][0] < b and ps[i][1] > a:
                hit = ps[i][2]
                break
            i -= 1
        out.append(hit)
    return out

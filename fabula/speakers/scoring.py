"""The ranker's scores of several hypotheses' feature rows at once, shared by the beam (``decode``)
and the runs' re-reading (``reread``)."""

from __future__ import annotations

import numpy as np

from fabula.speakers.ranker import score


def hyp_scores(Xs: list[np.ndarray], w) -> list[np.ndarray]:
    """The ranker's scores of each hypothesis' feature rows (one matrix per hypothesis, one row per
    candidate), in one scoring call. Hypotheses that agree on the recent past give a candidate the
    same row, and a row's score depends on that row alone: each row that repeats the first
    hypothesis' row is scored once."""
    if len(Xs) == 1:
        return [score(Xs[0], w)]
    base = Xs[0]
    new = [None if X is base else ~(X == base).all(1) for X in Xs[1:]]
    scored = score(np.concatenate([base] + [X[m] for X, m in zip(Xs[1:], new, strict=True) if m is not None]), w)
    out = [scored[:len(base)]]
    at = len(base)
    for m in new:
        s = out[0].copy()
        if m is not None:
            k = int(m.sum())
            s[m] = scored[at:at + k]
            at += k
        out.append(s)
    return out

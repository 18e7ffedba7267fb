"""The ranker's scores of several hypotheses' feature rows at once, shared by the beam (``decode``)
and the runs' re-reading (``reread``)."""

from __future__ import annotations

import numpy as np

from fabula.speakers.ranker import score

CHUNK = 512  # rows per scoring call: the tree walk's index arrays of a few hundred rows stay in cache


def hyp_scores(Xs: list[np.ndarray], w) -> list[np.ndarray]:
    """The ranker's scores of each hypothesis' feature rows (one matrix per hypothesis, one row per
    candidate), in one scoring call. Hypotheses that agree on the recent past give a candidate the
    same row, and a row's score depends on that row alone: each row that repeats the first
    hypothesis' row is scored once."""
    if len(Xs) == 1:
        return [score(Xs[0], w)]
    return group_scores([Xs], w)[0]


def group_scores(groups: list[list[np.ndarray]], w) -> list[list[np.ndarray]]:
    """``hyp_scores`` of several quotes (a group of hypotheses' matrices each) in as few scoring calls
    as ``CHUNK`` allows: a row's score does not depend on the rows scored with it."""
    parts: list[np.ndarray] = []
    plans: list[list[np.ndarray | None]] = []
    for Xs in groups:
        base = Xs[0]
        masks = [None if X is base else ~(X == base).all(1) for X in Xs[1:]]
        parts.append(base)
        parts += [X[m] for X, m in zip(Xs[1:], masks, strict=True) if m is not None]
        plans.append(masks)
    rows = np.concatenate(parts) if len(parts) > 1 else parts[0]
    scored = np.concatenate([score(rows[k:k + CHUNK], w) for k in range(0, len(rows), CHUNK)])
    out: list[list[np.ndarray]] = []
    at = 0
    for Xs, masks in zip(groups, plans, strict=True):
        first = scored[at:at + len(Xs[0])]
        at += len(Xs[0])
        group = [first]
        for m in masks:
            s = first.copy()
            if m is not None:
                k = int(m.sum())
                s[m] = scored[at:at + k]
                at += k
            group.append(s)
        out.append(group)
    return out

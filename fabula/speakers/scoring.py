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
    return list(group_scores([np.stack(Xs)], w)[0])


def group_scores(groups: list[np.ndarray], w) -> list[np.ndarray]:
    """``hyp_scores`` of several quotes, each a (hypotheses x candidates x features) array, in as
    few scoring calls as ``CHUNK`` allows (a row's score does not depend on the rows scored with it);
    per quote, its (hypotheses x candidates) scores."""
    parts: list[np.ndarray] = []
    masks: list[np.ndarray | None] = []
    for X3 in groups:
        parts.append(X3[0])
        m = (X3[1:] != X3[0]).any(2) if len(X3) > 1 else None  # the rows unlike the first hypothesis' own
        if m is not None:
            parts.append(X3[1:][m])
        masks.append(m)
    rows = np.concatenate(parts) if len(parts) > 1 else parts[0]
    scored = np.concatenate([score(rows[k:k + CHUNK], w) for k in range(0, len(rows), CHUNK)])
    out: list[np.ndarray] = []
    at = 0
    for X3, m in zip(groups, masks, strict=True):
        n = X3.shape[1]
        S = np.repeat(scored[None, at:at + n], len(X3), axis=0)
        at += n
        if m is not None:
            k = int(m.sum())
            S[1:][m] = scored[at:at + k]
            at += k
        out.append(S)
    return out

"""Conversation logic over whole runs of dialogue: the speakers of an unbroken run (quotes in
consecutive paragraphs) re-read together, so that a sure line (a name tag, a vocative answered)
fixes the turns on both sides of it.

The ranker scores each quote left to right, knowing only who spoke before. Here each run is decoded
again exactly (a second-order Viterbi over speaker pairs) with the ranker's per-quote distribution
as the emission and a turn-taking prior as the transition: a new paragraph of an unbroken run is
seldom said by the previous speaker (``SAME``); a bonus for the speaker two turns back (A B A,
``ALTERNATE``) is there but off. Weights chosen on the 15 PDNC development novels (never the
lockbox): end to end there, SAME 0 / 0.25 / 0.5 / 0.75 give 77.57 / 77.62 / 77.54 / 77.46%, i.e.
flat up to 0.5 (the shipped ranker was trained on those novels, so it already knows their
turn-taking), and ALTERNATE > 0 only loses; 0.5 is the largest weight that costs PDNC nothing
measurable, and it is what text with long untagged two-person runs (fan fiction) needs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

SAME = 0.5  # log-odds penalty: a new paragraph of an unbroken run said by the previous speaker
ALTERNATE = 0.0  # log-odds bonus: said by the speaker two turns back (A B A), a third unbroken turn
TOP = 4  # candidates per quote kept for the run decoding (the ranker's best)


def runs(linked: Sequence[bool]) -> list[tuple[int, int]]:
    """[start, end) index ranges of the maximal runs of quotes, each linked to the one before it
    (``linked[i]``: quote i is in the paragraph right after quote i-1's)."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(linked) + 1):
        if i == len(linked) or not linked[i]:
            if i - start >= 2:
                out.append((start, i))
            start = i
    return out


def _trans(a: int | None, b: int, c: int, same: float, alternate: float) -> float:
    """The turn-taking log-score of speaker ``c`` after ``b`` (after ``a`` before that)."""
    if c == b:
        return -same
    if a is not None and c == a:
        return alternate
    return 0.0


def decode_run(emissions: list[tuple[list[int], np.ndarray]], *, same: float | None = None,
               alternate: float | None = None, top: int = TOP) -> list[int]:
    """The best speaker sequence of one run: ``emissions[i]`` = (candidates, their log-probabilities
    from the ranker) for the run's i-th quote. Exact second-order Viterbi over each quote's ``top``
    candidates (weights ``SAME``, ``ALTERNATE`` unless given); returns one candidate per quote."""
    alternate = ALTERNATE if alternate is None else alternate
    cands: list[list[int]] = []
    logp: list[list[float]] = []
    for union, lp in emissions:
        order = np.argsort(-lp)[:top]
        cands.append([union[int(r)] for r in order])
        logp.append([float(lp[int(r)]) for r in order])
    # state: (previous speaker, this speaker) -> (score, backpointer state)
    delta: dict[tuple[int | None, int], tuple[float, tuple | None]] = {
        (None, c): (lp, None) for c, lp in zip(cands[0], logp[0])}
    history: list[dict] = [delta]
    for i in range(1, len(cands)):
        nxt: dict[tuple[int | None, int], tuple[float, tuple | None]] = {}
        w_same = SAME if same is None else same
        w_alt = ALTERNATE if alternate is None else alternate
        for c, lp in zip(cands[i], logp[i]):
            for (a, b), (sc, _) in delta.items():
                v = sc + lp + _trans(a, b, c, w_same, w_alt)
                key = (b, c)
                if key not in nxt or v > nxt[key][0]:
                    nxt[key] = (v, (a, b))
        delta = nxt
        history.append(delta)
    state = max(delta, key=lambda k: delta[k][0])
    out: list[int] = []
    for i in range(len(cands) - 1, -1, -1):
        out.append(state[1])
        back = history[i][state][1]
        if back is None:
            break
        state = back
    out.reverse()
    return out


def log_softmax(scores: np.ndarray) -> np.ndarray:
    """Log-probabilities of a score vector (ruled-out candidates at -1e9 stay at about -1e9)."""
    m = float(scores.max())
    return scores - (m + math.log(float(np.exp(scores - m).sum())))

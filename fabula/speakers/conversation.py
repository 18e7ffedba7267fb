"""Conversation logic over whole runs of dialogue: the speakers of an unbroken run (quotes in
consecutive paragraphs) re-read together, so that a sure line (a name tag, a vocative answered)
fixes the turns on both sides of it.

The ranker scores each quote left to right, knowing only who spoke before. Here each run (quotes
at most two paragraphs apart) is decoded again exactly (a second-order Viterbi over speaker pairs)
with the ranker's per-quote distribution as the emission and a turn-taking prior as the transition:
the next paragraph of a run is seldom said by the previous speaker again (``SAME``); a line's
vocative names whoever spoke the line before it, and the one addressed answers (``VOCATIVE``); a
bonus for the speaker two turns back (A B A, ``ALTERNATE``) is there but off. And a paragraph holds
one speaker: a second quotation in the same paragraph (after a long beat) is likely the first one's
speaker again (``PARAGRAPH``, applied in the left-to-right beam, so that the turns after it follow).

The weights were chosen on the 15 PDNC development novels (never the lockbox), end to end: SAME
0 / 0.25 / 0.5 / 0.75 give 77.57 / 77.62 / 77.54 / 77.46% (flat up to 0.5: the shipped ranker was
trained on those novels and already knows their turn-taking); ALTERNATE > 0 only loses; VOCATIVE
0 / 1 give 77.47 / 77.51%; then PARAGRAPH 0 / 1 / 2 / 3 / 5 give 77.51 / 77.59 / 77.65 / 77.57 /
77.38%. SAME = 0.5 is the largest weight that costs PDNC nothing measurable, and
what text with long untagged two-person runs (fan fiction) needs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

SAME = 0.5  # log-odds penalty: a new paragraph of an unbroken run said by the previous speaker
ALTERNATE = 0.0  # log-odds bonus: said by the speaker two turns back (A B A), a third unbroken turn
VOCATIVE = 1.0  # log-odds bonus: the vocative of a line names the speaker of the line before / after
PARAGRAPH = 2.0  # log-odds bonus: a second quote in the same paragraph said by the same speaker
TOP = 4  # candidates per quote kept for the run decoding (the ranker's best)


def runs(linked: Sequence[bool]) -> list[tuple[int, int]]:
    """[start, end) index ranges of the maximal runs of quotes, each linked to the one before it
    (``linked[i]``: quote i is near enough to quote i-1 to answer it)."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(linked) + 1):
        if i == len(linked) or not linked[i]:
            if i - start >= 2:
                out.append((start, i))
            start = i
    return out


def decode_run(emissions: list[tuple[list[int], np.ndarray]], gaps: Sequence[int] | None = None,
               vocs: Sequence[frozenset] | None = None, *, top: int = TOP) -> list[int]:
    """The best speaker sequence of one run: ``emissions[i]`` = (candidates, their log-probabilities
    from the ranker) for the run's i-th quote, ``gaps[i]`` the paragraphs from the quote before (1:
    the next paragraph), ``vocs[i]`` its vocatives (characters addressed). Exact second-order Viterbi
    over each quote's ``top`` candidates; returns one candidate per quote."""
    n = len(emissions)
    gaps = gaps if gaps is not None else [1] * n
    vocs = vocs if vocs is not None else [frozenset()] * n
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
    for i in range(1, n):
        nxt: dict[tuple[int | None, int], tuple[float, tuple | None]] = {}
        # the turn-taking log-score t of speaker c after b (after a before that): SAME, ALTERNATE,
        # and VOCATIVE once if the quote is addressed to b, once if c was addressed by the quote before
        same, voc, voc_prev = SAME if gaps[i] == 1 else 0.0, vocs[i], vocs[i - 1]
        states = [(a, b, sc, b in voc) for (a, b), (sc, _) in delta.items()]
        for c, lp in zip(cands[i], logp[i]):
            answers = c in voc_prev
            for a, b, sc, addressed in states:
                t = 0.0
                if c == b:
                    t -= same
                elif a is not None and c == a:
                    t += ALTERNATE
                if addressed:
                    t += VOCATIVE
                if answers:
                    t += VOCATIVE
                v = sc + lp + t
                key = (b, c)
                old = nxt.get(key)
                if old is None or v > old[0]:
                    nxt[key] = (v, (a, b))
        delta = nxt
        history.append(delta)
    state = max(delta, key=lambda k: delta[k][0])
    out: list[int] = []
    for i in range(n - 1, -1, -1):
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

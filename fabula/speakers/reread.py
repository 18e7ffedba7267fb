"""A run of dialogue read again by the ranker under each order of turns, so that a sure line
anywhere in it fixes the turns on both sides.

The beam reads left to right and keeps two hypotheses. In a long untagged exchange between two
people both soon share the choice made for an early line, and each later line's features (who spoke
the line before, who it was addressed to, who spoke two lines back) follow that choice: one wrong
line flips the whole run, and a sure line further on (a name beat, a vocative, a tag) can only
disagree with its neighbours, not turn them round. Here each run (quotes in consecutive paragraphs
or one narration paragraph apart) is decoded again exactly: a second-order Viterbi over each quote's
best candidates in which every quote's distribution is the ranker's own, computed with the history
of the state (the previous two speakers, the previous line's addressees, the run's speakers), so
that the sequence chosen is the one the ranker finds most probable as a whole (``viterbi``). One
turn-taking prior is added (the ranker's features under each history say most of it already:
``prev1_adj``, ``voc_prev``, ``addressed_prev``): ``SAME``, what a new paragraph of the run said by
the previous speaker again costs (``same_costs``). After a paragraph whose narration goes on after
the quote and its tag (``evidence.trails``: "'...,' said A. B looked away and did not answer."),
the same speaker is some 20 times likelier than after a bare quote (development novels, in-sample:
13% of the untagged lines that follow, against 0.6%); there the line said by the previous speaker
again gains ``TRAIL`` instead. Measured on 2026-12-03 (PDNC CV-15, the same fold models): SAME
there 79.85%, no cost 80.02%, TRAIL 0.5 80.07%, 1.0 80.08%, 0.5 of SAME 79.89%; fan fiction 928/988
either way. Tried and not kept: the same condition as a ranker feature (``prev1_trail``, the model
retrained per fold: 79.7%), no SAME for an untagged line after a beat in its own paragraph, a
bonus after a paragraph of silence ("did not answer", "was silent") or after any narration
paragraph between the two lines. The ranker learnt its turn-taking from gold histories; the lines
a larger ``SAME`` mends had gone to the previous line's speaker again. Measured on 2026-12-02: 1.0
against 0.25, CV-15 78.4% vs 78.3% and fan fiction (shipped model) 925 vs 921 of 988 quotes (0.5:
921; 1.25: 928, but the development novels lower). Tried and not kept
(docs/benchmarks.md): the speakers of the highest marginal probability (forward-backward) instead
of the best path, ``TOP`` 3, runs split at a narration paragraph, tagged lines weighted twice.

Only the run's quotes are scored again, each under at most ``TOP``² states.
"""

from __future__ import annotations

import math

import numpy as np

from fabula.model import Attribution
from fabula.speakers import conversation
from fabula.speakers.addressees import addressees_of
from fabula.speakers.context import Turn
from fabula.speakers.conversation import runs
from fabula.speakers.document import Document
from fabula.speakers.scoring import group_scores
from fabula.speakers.turns import Hyp, turn_rows

SAME = 1.0  # log-odds penalty: a new paragraph of the run said by the previous speaker again (see above)
TRAIL = 0.5  # log-odds bonus: the same, after the previous quote's paragraph went on in narration (see above)
TOP = 2  # candidates per quote (the ranker's best under the first reading, and that reading's choice)
HISTORY = 8  # speakers kept in a hypothesis's history (as in the beam)


def reread(doc: Document, w, out: list[Attribution], ems: list, turns: list[Turn], cache: list) -> list[Attribution]:
    """``out`` with each run's speakers decoded again (``cache[i]``: the quote's rows and ruled-out rows)."""
    link = [i > 0 and turns[i].gap <= 2 and ems[i] is not None and ems[i - 1] is not None
            for i in range(len(out))]
    ls = np.full(doc.nchar, -(10**9), dtype=np.int64)  # when each character last spoke, along ``out``
    done = 0
    for a, b in runs(link):
        for j in range(done, a):
            if out[j].speaker is not None:
                ls[out[j].speaker] = doc.quotes[j].last_paragraph
        best, confs = _decode(doc, w, out, ems, turns, cache, a, b, ls)
        for i, spk in zip(range(a, b), best):
            old = out[i]
            prev_spk = out[i - 1].speaker if i > 0 else None
            addr = addressees_of(turns[i], spk, prev_spk)
            if spk != old.speaker or addr != old.addressees:
                out[i] = Attribution(old.quote, spk, addr, old.type, round(confs[i - a], 4), old.cue)
        done = a
    return out


def _candidates(em, keep: int | None) -> list[int]:
    union, lp = em
    order = [union[int(r)] for r in np.argsort(-lp)[:TOP]]
    if keep is not None and keep not in order and keep in union:
        order.append(keep)
    return order


def _decode(doc, w, out, ems, turns, cache, a: int, b: int, ls0: np.ndarray) -> tuple[list[int], list[float]]:
    """The best speakers of quotes a..b-1 and the probability of each under its chosen history."""
    prev0 = out[a - 1].speaker if a > 0 else None
    cands = [_candidates(ems[i], out[i].speaker) for i in range(a, b)]
    union, lp = ems[a]
    start = {(prev0, c): float(lp[union.index(c)]) for c in cands[0]}
    steps = []
    for i, (states, em) in zip(range(a + 1, b), _emissions(doc, w, out, turns, cache, a, b, cands, prev0, ls0)):
        pos = cache[i][0].pos
        steps.append({((p, q), c): float(lps[pos[c]]) for (p, q), lps in zip(states, em, strict=True)
                      for c in cands[i - a]})
    return viterbi(start, steps, same_costs(turns, a, b))


def same_costs(turns: list[Turn], a: int, b: int) -> list[float]:
    """Per quote a+1..b-1, what it costs said by the previous quote's speaker again: ``SAME`` for a
    new paragraph straight after the previous quote's, a gain of ``TRAIL`` when that paragraph went
    on in narration after the quote and its tag (``evidence.trails``), nothing after a paragraph of
    narration between them or in the previous quote's own paragraph."""
    return [(-TRAIL if turns[i].prev_trail else SAME) if turns[i].gap == 1 else 0.0 for i in range(a + 1, b)]


def viterbi(start: dict, steps: list[dict], same: list[float]) -> tuple[list[int], list[float]]:
    """The best speaker sequence through a run's lattice, and each speaker's probability under its
    chosen history. ``start``: (speaker before the run, first quote's speaker) -> log-probability;
    ``steps[k]``: per later quote, ((speaker two back, speaker one back), speaker) -> the ranker's
    log-probability; ``same[k]``: what that quote costs said by the speaker one back again."""
    delta = {k: (v, None, math.exp(v)) for k, v in start.items()}
    history = [delta]
    for step, pen in zip(steps, same, strict=True):
        nxt: dict = {}
        for ((p, q), c), e in step.items():
            v = delta[(p, q)][0] + e - (pen if c == q else 0.0)
            if (q, c) not in nxt or v > nxt[(q, c)][0]:
                nxt[(q, c)] = (v, (p, q), math.exp(e))
        delta = nxt
        history.append(delta)
    state = max(delta, key=lambda k: delta[k][0])
    best: list[int] = []
    confs: list[float] = []
    for h in reversed(history):
        _, back, conf = h[state]
        best.append(state[1])
        confs.append(conf)
        state = back
    return best[::-1], confs[::-1]


def _emissions(doc, w, out, turns, cache, a: int, b: int, cands, prev0, ls0: np.ndarray):
    """Per quote i of a+1..b-1: its Viterbi states (speaker of quote i-2, of quote i-1), in the order
    the decoding meets them, and under each the ranker's log-probabilities of the quote's candidate
    rows. The states follow from the candidates alone, so the whole run (two quotes or more: ``runs``)
    is scored in one go."""
    groups, statess = [], []
    ls_i = ls0.copy()  # when each character last spoke, along the first reading, before quote i
    for i in range(a + 1, b):
        prev = out[i - 1].speaker
        if prev is not None:
            ls_i[prev] = doc.quotes[i - 1].last_paragraph
        twos = [prev0] if i == a + 1 else cands[i - a - 2]
        states = [(p, q) for p in twos for q in cands[i - a - 1]]
        statess.append(states)
        groups.append(_state_rows(doc, out, turns, cache, i, a, states, ls_i))
    em = []
    for i, states, scored in zip(range(a + 1, b), statess, group_scores(groups, w), strict=True):
        rows, ruled_out = cache[i]
        S = scored  # (states, candidates)
        if ruled_out:
            S[:, ruled_out] = -1e9
        for (_, q), scores in zip(states, S, strict=True):
            conversation.adjust(scores, turns[i], rows.pos, q)
        em.append(_log_softmax_rows(S))
    return zip(statess, em, strict=True)


def _log_softmax_rows(S: np.ndarray) -> np.ndarray:
    """``log_softmax`` of each row of ``S``, in a handful of array operations for all the rows (a
    quote's states) rather than per row; each row's max, exponentials and sum are the ones
    ``log_softmax`` computes for it alone, so the values are the same to the last bit."""
    m = S.max(1)
    total = np.exp(S - m[:, None]).sum(1)
    shift = np.array([float(x) + math.log(float(t)) for x, t in zip(m, total, strict=True)])
    return S - shift[:, None]


def _state_rows(doc, out, turns, cache, i: int, a: int, states, ls_i: np.ndarray) -> np.ndarray:
    """The feature rows of quote i's candidates under each state, states x candidates x features
    (a state's history: the first reading up to quote i-2 (``ls_i``: when each character last
    spoke), then the state's two speakers)."""
    rows = cache[i][0]
    qs = doc.quotes
    path = [out[j].speaker for j in range(max(0, i - HISTORY), i)]
    run_before = {out[j].speaker for j in range(a, max(a, i - 2)) if out[j].speaker is not None}
    hyps = []
    for p, q in states:
        ls = ls_i.copy()
        if q is not None:
            ls[q] = qs[i - 1].last_paragraph
        if p is not None and p != q and i >= 2:
            ls[p] = qs[i - 2].last_paragraph
        hist = tuple(path[:-2]) + ((p,) if i >= 2 else ()) + (q,)
        addr = addressees_of(turns[i - 1], q, p) if q is not None else ()
        run_spk = frozenset(run_before | {x for x in (p, q) if x is not None})
        hyps.append(Hyp(0.0, hist[-HISTORY:], ls, addr, run_spk, -1))
    return turn_rows(doc, turns[i], rows, hyps)

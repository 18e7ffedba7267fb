"""Features that depend on who spoke before (one decoding hypothesis): turn-taking (A B A), the
previous line's addressee speaking next, recency of speaking, the run's speakers, and which
same-gender character a he/she tag most recently points to (the narration's subject when it names
one, ``antecedents``; else the most recently active)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from fabula.speakers.antecedents import antecedent
from fabula.speakers.candidates import Rows
from fabula.speakers.context import Turn
from fabula.speakers.document import Document
from fabula.speakers.features import CONJ_COLS, NONE_COLS, PRON_COLS, F


class Hyp(NamedTuple):
    """A decoding hypothesis: its log-probability, the last speakers, when each character last
    spoke (paragraph), the previous quote's addressees, this run's speakers, and a backpointer."""

    lp: float
    hist: tuple
    last_spoke: np.ndarray
    addr_prev: tuple
    run_spk: frozenset
    back: int


def _pronoun_turns(doc: Document, turn: Turn, rows: Rows, X: np.ndarray, act: np.ndarray, prev_spk,
                   run_now) -> None:
    tag, pos, gap, pron_g = turn.ev.tag, rows.pos, turn.gap, rows.pron_g
    best = best_np = -(10**9)
    pr = pr_np = None
    for c in rows.same_g:
        a_c = max(int(act[pos[c]]), turn.q.paragraph if c in turn.ev.before else -(10**9))
        if a_c > best:
            best, pr = a_c, c
        if not (gap <= 2 and c == prev_spk) and a_c > best_np:
            best_np, pr_np = a_c, c
    ante = antecedent(doc, turn.q, pron_g) if tag.kind == "pron" else None
    if ante is not None and ante in rows.same_g:  # the narration's subject, when it names one
        pr = ante
        if not (gap <= 2 and ante == prev_spk):
            pr_np = ante
    if pr is not None:
        X[pos[pr], F["tag_pron_recent"]] = 1
    if pr_np is not None:
        X[pos[pr_np], F["tag_pron_recent_np"]] = 1
    parts = [c for c in (set(run_now) | turn.run_intro) if c in pos and doc.gender[c] == pron_g
             and c not in turn.ev.voc]
    if len(parts) == 1:
        X[pos[parts[0]], F["pron_run_unique"]] = 1
    if tag.kind == "pron":
        for c in parts:
            if not (gap <= 1 and c == prev_spk):
                X[pos[c], F["pron_run_other"]] = 1
        if gap <= 1 and prev_spk in pos and doc.gender[prev_spk] == pron_g:
            X[pos[prev_spk], F["pron_prev_same"]] = 1


_RECENCY, _ABSENT, _BEAT_NP, _BEAT_MATCH = F["recency"], F["absent"], F["beat_pron_np"], F["beat_pron_match"]
# the history columns, looked up once (``_history_features`` runs ~10,000 times a 100k-word story)
_DESC_PREV, _PREV1_ADJ, _PURE_PREV1, _PREV1_NEAR = (F["desc_prev_spk"], F["prev1_adj"], F["pure_prev1"],
                                                    F["prev1_near"])
_PREV2_NEAR, _PREV2_ADJ, _PURE_PREV2 = F["prev2_near"], F["prev2_adj"], F["pure_prev2"]
_RECENT, _ADDRESSED, _RUN, _PURE_RUN = F["recent_speaker"], F["addressed_prev"], F["run_speaker"], F["pure_run_other"]


def _block(cols: np.ndarray) -> slice | np.ndarray:
    """``cols`` as a slice when they are consecutive (assigning to a slice is about twice as fast
    as to a list of columns)."""
    a, b = int(cols[0]), int(cols[-1]) + 1
    return slice(a, b) if b - a == len(cols) and bool(np.all(np.diff(cols) == 1)) else cols


_CONJ_DEST = ((PRON_COLS, _block(PRON_COLS)), (NONE_COLS, _block(NONE_COLS)))


def turn_rows(doc: Document, turn: Turn, rows: Rows, hyps: list[Hyp]) -> np.ndarray:
    """The full feature matrices of the quote's candidates under each hypothesis of ``hyps``
    (hypotheses x candidates x features): what is shared is worked out once for all of them."""
    pi = turn.q.paragraph
    if len(hyps) == 1:  # the beam's usual call: no stacking of one array
        X = rows.S[None].copy()
        act = hyps[0].last_spoke.take(rows.uidx)[None]
    else:
        X = np.repeat(rows.S[None], len(hyps), axis=0)
        act = np.array([h.last_spoke.take(rows.uidx) for h in hyps])
    np.maximum(act, rows.active, out=act)
    X[:, :, _RECENCY] = 1.0 / (1 + np.maximum(0, pi - act))
    X[:, :, _ABSENT] = act < pi - 10
    if turn.ev.beat_g is not None:
        X[:, :, _BEAT_NP] = rows.S[:, _BEAT_MATCH]
    for k, h in enumerate(hyps):
        _history_features(doc, turn, rows, h, X[k], act[k])
    if rows.conj is not None:
        dest = next((block for cols, block in _CONJ_DEST if cols is rows.conj), rows.conj)
        X[:, :, dest] = X.take(CONJ_COLS, axis=2)
    return X


def _history_features(doc: Document, turn: Turn, rows: Rows, h: Hyp, X: np.ndarray, act: np.ndarray) -> None:
    """The features of one hypothesis' history, set in its matrix ``X`` (``act``: each candidate's
    last activity, narration or speech)."""
    pos, gap, ev = rows.pos, turn.gap, turn.ev
    hist = h.hist
    prev_spk = hist[-1] if hist else None
    prev2_spk = hist[-2] if len(hist) > 1 else None
    run_now = h.run_spk if gap <= 2 else frozenset()
    if rows.pron_g is not None and rows.same_g:
        _pronoun_turns(doc, turn, rows, X, act, prev_spk, run_now)
    r = pos.get(prev_spk) if prev_spk is not None else None
    if r is not None:
        if ev.beat_g is not None and gap <= 1:
            X[r, _BEAT_NP] = 0
        if gap == 1:
            if ev.tag is not None and ev.tag.kind == "desc":
                X[r, _DESC_PREV] = 1
            X[r, _PREV1_ADJ] = 1
            X[r, _PURE_PREV1] = ev.pure
        elif 1 < gap <= 3:
            X[r, _PREV1_NEAR] = 1
    r2 = pos.get(prev2_spk) if prev2_spk is not None and prev2_spk != prev_spk else None
    if r2 is not None:
        if turn.near2:
            X[r2, _PREV2_NEAR] = 1
        if turn.unbroken2:
            X[r2, _PREV2_ADJ] = 1
            X[r2, _PURE_PREV2] = ev.pure
    _recent_and_run(doc, turn, pos, h, X, prev_spk, run_now)


def _recent_and_run(doc: Document, turn: Turn, pos: dict[int, int], h: Hyp, X: np.ndarray, prev_spk,
                    run_now) -> None:
    """The last six speakers who spoke in this scene, the previous line's addressees (near it), and
    this run's speakers."""
    scene = doc.scene_start[turn.q.paragraph]
    last_spoke = h.last_spoke
    for c in dict.fromkeys(h.hist[-6:]):  # each speaker once: "A B A B" reads A and B
        r = pos.get(c) if c is not None else None
        if r is not None and last_spoke[c] >= scene:
            X[r, _RECENT] = 1
    if turn.gap <= 2:
        for c in h.addr_prev:
            if c in pos:
                X[pos[c], _ADDRESSED] = 1
    other = turn.ev.pure and turn.ev.tag is None
    for c in run_now:
        if c in pos:
            X[pos[c], _RUN] = 1
            if other and c != prev_spk:
                X[pos[c], _PURE_RUN] = 1

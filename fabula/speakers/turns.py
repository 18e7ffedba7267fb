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
from fabula.speakers.features import CONJ_COLS, F


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


def turn_rows(doc: Document, turn: Turn, rows: Rows, hyps: list[Hyp]) -> np.ndarray:
    """The full feature matrices of the quote's candidates under each hypothesis of ``hyps``
    (hypotheses x candidates x features): what is shared is worked out once for all of them."""
    pi = turn.q.paragraph
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
        X[:, :, rows.conj] = X[:, :, CONJ_COLS]
    return X


def _history_features(doc: Document, turn: Turn, rows: Rows, h: Hyp, X: np.ndarray, act: np.ndarray) -> None:
    """The features of one hypothesis' history, set in its matrix ``X`` (``act``: each candidate's
    last activity, narration or speech)."""
    pos, gap, ev = rows.pos, turn.gap, turn.ev
    hist = h.hist
    prev_spk = hist[-1] if hist else None
    prev2_spk = hist[-2] if len(hist) > 1 else None
    run_now = h.run_spk if gap <= 2 else frozenset()
    scene = doc.scene_start[turn.q.paragraph]
    if rows.pron_g is not None and rows.same_g:
        _pronoun_turns(doc, turn, rows, X, act, prev_spk, run_now)
    if ev.beat_g is not None and gap <= 1 and prev_spk is not None and prev_spk in pos:
        X[pos[prev_spk], _BEAT_NP] = 0
    if prev_spk is not None and prev_spk in pos:
        r = pos[prev_spk]
        if gap == 1 and ev.tag is not None and ev.tag.kind == "desc":
            X[r, F["desc_prev_spk"]] = 1
        if gap == 1:
            X[r, F["prev1_adj"]] = 1
            X[r, F["pure_prev1"]] = ev.pure
        elif 1 < gap <= 3:
            X[r, F["prev1_near"]] = 1
    if turn.near2 and prev2_spk is not None and prev2_spk != prev_spk and prev2_spk in pos:
        X[pos[prev2_spk], F["prev2_near"]] = 1
    if turn.unbroken2 and prev2_spk is not None and prev2_spk != prev_spk and prev2_spk in pos:
        X[pos[prev2_spk], F["prev2_adj"]] = 1
        X[pos[prev2_spk], F["pure_prev2"]] = ev.pure
    for c in hist[-6:]:
        if c is not None and c in pos and h.last_spoke[c] >= scene:
            X[pos[c], F["recent_speaker"]] = 1
    if gap <= 2:
        for c in h.addr_prev:
            if c in pos:
                X[pos[c], F["addressed_prev"]] = 1
    for c in run_now:
        if c in pos:
            X[pos[c], F["run_speaker"]] = 1
            if ev.pure and ev.tag is None and c != prev_spk:
                X[pos[c], F["pure_run_other"]] = 1

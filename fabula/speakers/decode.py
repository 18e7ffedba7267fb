"""Decoding: the speakers of all quotes in reading order, by a beam search over speaker sequences
(the turn-taking features of a quote depend on who spoke before), then the addressees."""

from __future__ import annotations

import bisect
import math

import numpy as np

from fabula.model import Attribution
from fabula.speakers.addressees import addressees_of, fill_two_person_runs
from fabula.speakers.candidates import candidates, excluded, static_rows
from fabula.speakers.context import run_of, turn_of
from fabula.speakers.document import Document
from fabula.speakers.evidence import evidence
from fabula.speakers.ranker import score
from fabula.speakers.turns import Hyp, turn_rows

BEAM = 2  # hypotheses kept by the beam search over speaker sequences


def decode(doc: Document, w, gold: list[int | None] | None = None, collect=None, collect_gold=None,
           beam: int | None = None) -> list[Attribution]:
    """Attribute every quote. ``gold`` forces the history (teacher forcing, for training);
    ``collect`` receives (quote, candidates, features, gold row) for each quote with a gold speaker."""
    nq = len(doc.quotes)
    if doc.nchar == 0:
        return [Attribution(q.index, None, (), "implicit", 0.0, None) for q in doc.quotes]
    beam = BEAM if beam is None else beam
    if gold is not None or collect is not None:
        beam = 1
    doc.arrays()
    narr_items = sorted((a, c) for lst in doc.narr.values() for a, _, c in lst)
    ni = 0
    run_intro: set[int] = set()
    hyps = [Hyp(0.0, (), np.full(doc.nchar, -(10**9), dtype=np.int64), (), frozenset(), -1)]
    steps: list[list[tuple]] = []
    if doc.evidence is None:  # read once, shared by the readings
        doc.evidence = [evidence(doc, q) for q in doc.quotes]
    evs = doc.evidence
    run = run_of(doc, evs)
    for q in doc.quotes:
        qi = q.index
        while ni < len(narr_items) and narr_items[ni][0] < q.start:
            a, c = narr_items[ni]
            doc.last_active_arr[c] = bisect.bisect_right(doc.para_starts, a) - 1
            ni += 1
        turn = turn_of(doc, evs, qi, run_intro)
        run_intro = turn.run_intro
        g = collect_gold[qi] if collect_gold is not None else None
        union = candidates(doc, turn, set().union(*({c for c in h.hist[-6:] if c is not None} for h in hyps)), g)
        tag = turn.ev.tag
        cue = tag.span if tag else None
        step: list[tuple] = []
        new_hyps: list[Hyp] = []
        if not union:
            for hi, h in enumerate(hyps):
                step.append((None, (), 0.0, turn.qtype, cue, hi))
                new_hyps.append(Hyp(h.lp, (h.hist + (None,))[-8:], h.last_spoke, (),
                                    h.run_spk if turn.gap <= 2 else frozenset(), len(step) - 1))
            hyps = new_hyps[:beam]
            steps.append(step)
            continue
        rows = static_rows(doc, turn, run, union)
        ruled_out = excluded(doc, turn, rows)
        Xs = [turn_rows(doc, turn, rows, h) for h in hyps]
        all_scores = score(np.concatenate(Xs), w) if len(Xs) > 1 else score(Xs[0], w)  # one call per quote
        for hi, h in enumerate(hyps):
            X = Xs[hi]
            scores = all_scores[hi * len(union):(hi + 1) * len(union)].copy()
            scores[ruled_out] = -1e9
            m = scores.max()
            logz = m + math.log(np.exp(scores - m).sum())
            if collect is not None and g is not None:
                collect.append((qi, union, X, union.index(g)))
            order = np.argsort(-scores)[:beam] if beam > 1 else [int(np.argmax(scores))]
            for r in order:
                spk = union[int(r)]
                if gold is not None and gold[qi] is not None:
                    spk = gold[qi]
                prev_spk = h.hist[-1] if h.hist else None
                addr = addressees_of(turn, spk, prev_spk)
                step.append((spk, addr, float(math.exp(scores[r] - logz)), turn.qtype, cue, hi))
                ls = h.last_spoke.copy()
                ls[spk] = q.last_paragraph
                run_now = h.run_spk if turn.gap <= 2 else frozenset()
                new_hyps.append(Hyp(h.lp + float(scores[r] - logz), (h.hist + (spk,))[-8:], ls, addr,
                                    run_now | {spk}, len(step) - 1))
                if gold is not None:
                    break
        new_hyps.sort(key=lambda h: -h.lp)
        hyps = new_hyps[:beam]
        steps.append(step)
    return fill_two_person_runs(doc, _backtrace(steps, hyps, nq))


def _backtrace(steps, hyps, nq: int) -> list[Attribution]:
    """Follow the best hypothesis back to the first quote."""
    out: list[Attribution | None] = [None] * nq
    k = hyps[0].back if hyps else -1
    for qi in range(nq - 1, -1, -1):
        spk, addr, conf, qtype, cue, parent = steps[qi][k]
        out[qi] = Attribution(qi, spk, addr, qtype, round(conf, 4), cue)
        k = parent
    return out

"""Decoding: the speakers of all quotes in reading order, by a beam search over speaker sequences
(the turn-taking features of a quote depend on who spoke before), then the addressees."""

from __future__ import annotations

import bisect
import math

import numpy as np

from fabula.model import Attribution
from fabula.speakers import conversation
from fabula.speakers.addressees import addressees_of, fill_two_person_runs
from fabula.speakers.candidates import candidates, excluded, static_rows
from fabula.speakers.context import Turn, run_of, turn_of
from fabula.speakers.conversation import decode_run, log_softmax, runs
from fabula.speakers.document import Document
from fabula.speakers.evidence import evidence
from fabula.speakers.ranker import score
from fabula.speakers.reread import reread
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
    turns: list[Turn] = []
    cache: list = [None] * nq  # per quote, its rows and ruled-out rows, for the runs' re-reading
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
        turns.append(turn)
        g = collect_gold[qi] if collect_gold is not None else None
        union = candidates(doc, turn, set().union(*({c for c in h.hist[-6:] if c is not None} for h in hyps)), g)
        tag = turn.ev.tag
        cue = tag.span if tag else None
        step: list[tuple] = []
        new_hyps: list[Hyp] = []
        if not union:
            for hi, h in enumerate(hyps):
                step.append((None, (), 0.0, turn.qtype, cue, hi, None))
                new_hyps.append(Hyp(h.lp, (h.hist + (None,))[-8:], h.last_spoke, (),
                                    h.run_spk if turn.gap <= 2 else frozenset(), len(step) - 1))
            hyps = new_hyps[:beam]
            steps.append(step)
            continue
        rows = static_rows(doc, turn, run, union)
        ruled_out = excluded(doc, turn, rows)
        cache[qi] = (rows, ruled_out)
        Xs = [turn_rows(doc, turn, rows, h) for h in hyps]
        all_scores = score(np.concatenate(Xs), w) if len(Xs) > 1 else score(Xs[0], w)  # one call per quote
        for hi, h in enumerate(hyps):
            X = Xs[hi]
            scores = all_scores[hi * len(union):(hi + 1) * len(union)].copy()
            scores[ruled_out] = -1e9
            if collect is not None and g is not None:
                collect.append((qi, union, X, union.index(g)))
            if gold is None and collect is None:
                conversation.adjust(scores, turn, rows.pos, h.hist[-1] if h.hist else None)
            lp = log_softmax(scores)
            em = (union, lp)
            order = np.argsort(-scores)[:beam] if beam > 1 else [int(np.argmax(scores))]
            for r in order:
                spk = union[int(r)]
                if gold is not None and gold[qi] is not None:
                    spk = gold[qi]
                prev_spk = h.hist[-1] if h.hist else None
                addr = addressees_of(turn, spk, prev_spk)
                step.append((spk, addr, float(math.exp(lp[r])), turn.qtype, cue, hi, em))
                ls = h.last_spoke.copy()
                ls[spk] = q.last_paragraph
                run_now = h.run_spk if turn.gap <= 2 else frozenset()
                new_hyps.append(Hyp(h.lp + float(lp[r]), (h.hist + (spk,))[-8:], ls, addr,
                                    run_now | {spk}, len(step) - 1))
                if gold is not None:
                    break
        new_hyps.sort(key=lambda h: -h.lp)
        hyps = new_hyps[:beam]
        steps.append(step)
    out, ems = _backtrace(steps, hyps, nq)
    if gold is None and collect is None:
        out = reread(doc, w, out, ems, turns, cache)
    return fill_two_person_runs(doc, out)


def _backtrace(steps, hyps, nq: int) -> tuple[list[Attribution], list]:
    """Follow the best hypothesis back to the first quote: its Attributions, and per quote the
    ranker's (candidates, log-probabilities) under that hypothesis (None: no candidate)."""
    out: list[Attribution | None] = [None] * nq
    ems: list = [None] * nq
    k = hyps[0].back if hyps else -1
    for qi in range(nq - 1, -1, -1):
        spk, addr, conf, qtype, cue, parent, em = steps[qi][k]
        out[qi] = Attribution(qi, spk, addr, qtype, round(conf, 4), cue)
        ems[qi] = em
        k = parent
    return out, ems


def _reread_runs(out: list[Attribution], ems: list, turns: list[Turn]) -> list[Attribution]:
    """Each unbroken run of dialogue decoded again as a whole (``conversation``): the speakers
    change where the run's turn-taking outweighs the ranker's left-to-right choice; a changed
    quote gets the ranker's probability of its new speaker and addressees read anew."""
    link = [i > 0 and 1 <= turns[i].gap <= 2 and ems[i] is not None and ems[i - 1] is not None
            for i in range(len(out))]
    for a, b in runs(link):
        best = decode_run(ems[a:b], [turns[i].gap for i in range(a, b)],
                          [frozenset(turns[i].ev.voc) for i in range(a, b)])
        before = [out[i].speaker for i in range(a, b)]
        for i, spk in zip(range(a, b), best):
            old = out[i]
            prev_spk = out[i - 1].speaker if i > 0 else None
            if spk == old.speaker and (i == a or best[i - a - 1] == before[i - a - 1]):
                continue
            union, lp = ems[i]
            conf = round(float(math.exp(lp[union.index(spk)])), 4)
            out[i] = Attribution(old.quote, spk, addressees_of(turns[i], spk, prev_spk), old.type, conf, old.cue)
    return out

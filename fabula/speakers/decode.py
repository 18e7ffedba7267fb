"""Decoding: the speakers of all quotes in reading order, by a beam search over speaker sequences
(the turn-taking features of a quote depend on who spoke before), then the addressees."""

from __future__ import annotations

import bisect
import math

import numpy as np

from fabula.model import Attribution
from fabula.speakers import conversation
from fabula.speakers.addressees import addressees_of, fill_two_person_runs
from fabula.speakers.candidates import candidates, excluded, pronoun_holder, static_rows
from fabula.speakers.context import Turn, run_of, turn_of
from fabula.speakers.conversation import log_softmax
from fabula.speakers.document import Document
from fabula.speakers.evidence import evidence
from fabula.speakers.reread import reread
from fabula.speakers.scoring import hyp_scores
from fabula.speakers.turns import Hyp, turn_rows

BEAM = 1  # hypotheses kept by the beam search over speaker sequences


def decode(doc: Document, w, gold: list[int | None] | None = None, collect=None, collect_gold=None,
           beam: int | None = None) -> list[Attribution]:
    """Attribute every quote. ``gold`` forces the history (teacher forcing, for training);
    ``collect`` receives (quote, candidates, features, gold row) for each quote whose gold speaker is
    among its candidates."""
    if doc.nchar == 0:
        return [Attribution(q.index, None, (), "implicit", 0.0, None) for q in doc.quotes]
    beam = BEAM if beam is None else beam
    if gold is not None or collect is not None:
        beam = 1
    doc.arrays()
    narr_items = sorted((a, c) for lst in doc.narr.values() for a, _, c in lst)
    ni = 0
    hyps = [Hyp(0.0, (), np.full(doc.nchar, -(10**9), dtype=np.int64), (), frozenset(), -1)]
    steps: list[list[tuple]] = []
    cache: list = [None] * len(doc.quotes)  # per quote, its rows and ruled-out rows, for the runs' re-reading
    if doc.evidence is None:  # read once, shared by the readings
        doc.evidence = [evidence(doc, q) for q in doc.quotes]
    if doc.turns is None:
        doc.turns = _turns(doc, doc.evidence)
    evs, turns = doc.evidence, doc.turns
    run = run_of(doc, evs)
    for q in doc.quotes:
        qi = q.index
        while ni < len(narr_items) and narr_items[ni][0] < q.start:
            a, c = narr_items[ni]
            doc.last_active_arr[c] = bisect.bisect_right(doc.para_starts, a) - 1
            ni += 1
        turn = turns[qi]
        g = collect_gold[qi] if collect_gold is not None else None
        recent = set().union(*({c for c in h.hist[-6:] if c is not None} for h in hyps))
        union = candidates(doc, turn, recent, members=run.members[qi])
        tag = turn.ev.tag
        cue = tag.span if tag else None
        step: list[tuple] = []
        new_hyps: list[Hyp] = []
        if not union:
            for hi, h in enumerate(hyps):
                step.append((None, None, 0.0, turn.qtype, cue, h.back, None))
                new_hyps.append(Hyp(h.lp, (h.hist + (None,))[-8:], h.last_spoke, (),
                                    h.run_spk if turn.gap <= 2 else frozenset(), len(step) - 1))
            hyps = new_hyps[:beam]
            steps.append(step)
            continue
        rows = static_rows(doc, turn, run, union)
        ruled_out = excluded(doc, turn, rows)
        held = pronoun_holder(doc, turn)
        cache[qi] = (rows, ruled_out)
        Xs = _hyp_rows(doc, turn, rows, hyps)
        expansions: list[tuple] = []  # (log-probability in all, hypothesis, speaker, its step)
        last = None  # the last (scores, log-probabilities, emission, best rows) worked out
        for hi, (h, scores) in enumerate(zip(hyps, hyp_scores(Xs, w), strict=True)):
            if ruled_out:
                scores[ruled_out] = -1e9
            if collect is not None and g is not None and g in rows.pos:
                collect.append((qi, union, Xs[hi], union.index(g)))
            if gold is None and collect is None:
                conversation.adjust(scores, turn, rows.pos, h.hist[-1] if h.hist else None, held)
            if last is not None and np.array_equal(scores, last[0]):  # the same scores as the hypothesis before
                lp, em, order = last[1:]
            else:
                lp = log_softmax(scores)
                em = (union, lp)
                order = np.argsort(-scores)[:beam] if beam > 1 else [int(np.argmax(scores))]
                last = (scores, lp, em, order)
            prev_spk = h.hist[-1] if h.hist else None
            for r in order:
                spk = union[int(r)]
                if gold is not None and gold[qi] is not None:
                    spk = gold[qi]
                step.append((spk, prev_spk, float(math.exp(lp[r])), turn.qtype, cue, h.back, em))
                expansions.append((h.lp + float(lp[r]), h, spk, len(step) - 1))
                if gold is not None:
                    break
        expansions.sort(key=lambda e: -e[0])
        hyps = [_extend(turn, q, *e) for e in expansions[:beam]]
        steps.append(step)
    out, ems = _backtrace(steps, hyps, turns)
    if gold is None and collect is None:
        out = reread(doc, w, out, ems, turns, cache)
    return fill_two_person_runs(doc, out)


def _turns(doc: Document, evs: list) -> list[Turn]:
    """Every quote in its conversation, in reading order (each turn carries the run's
    introduced characters on to the next)."""
    out: list[Turn] = []
    run_intro: set[int] = set()
    for qi in range(len(doc.quotes)):
        out.append(turn_of(doc, evs, qi, run_intro))
        run_intro = out[-1].run_intro
    return out


def _hyp_rows(doc: Document, turn: Turn, rows, hyps: list[Hyp]) -> list[np.ndarray]:
    """Each hypothesis' feature rows; a hypothesis in the first one's state (all but its score) has
    the first one's matrix itself (the same object: ``hyp_scores`` scores it once)."""
    own = [hi for hi, h in enumerate(hyps) if hi == 0 or not _same_state(h, hyps[0])]
    X3 = turn_rows(doc, turn, rows, [hyps[hi] for hi in own])
    mats = dict(zip(own, X3, strict=True))
    return [mats.get(hi, mats[0]) for hi in range(len(hyps))]


def _same_state(h: Hyp, h0: Hyp) -> bool:
    """``h`` and ``h0`` differ at most in their log-probability and backpointer, so that the
    feature rows, which read the rest of a hypothesis, are the same (every other field compared,
    whatever fields a hypothesis has)."""
    for name, a, b in zip(Hyp._fields, h, h0, strict=True):
        if name in _BOOKKEEPING:
            continue
        if not (np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b):
            return False
    return True


_BOOKKEEPING = frozenset(("lp", "back"))


def _extend(turn: Turn, q, lp: float, h: Hyp, spk: int, back: int) -> Hyp:
    """The hypothesis ``h`` with ``spk`` saying quote ``q`` (log-probability ``lp`` in all; its
    step at ``back``), the addressees read."""
    prev_spk = h.hist[-1] if h.hist else None
    ls = h.last_spoke.copy()
    ls[spk] = q.last_paragraph
    run_now = h.run_spk if turn.gap <= 2 else frozenset()
    return Hyp(lp, (h.hist + (spk,))[-8:], ls, addressees_of(turn, spk, prev_spk), run_now | {spk}, back)


def _backtrace(steps, hyps, turns: list[Turn]) -> tuple[list[Attribution], list]:
    """Follow the best hypothesis back to the first quote: its Attributions (the addressees read
    here, for the steps taken only), and per quote the ranker's (candidates, log-probabilities)
    under that hypothesis (None: no candidate)."""
    nq = len(turns)
    out: list[Attribution | None] = [None] * nq
    ems: list = [None] * nq
    k = hyps[0].back if hyps else -1
    for qi in range(nq - 1, -1, -1):
        spk, prev_spk, conf, qtype, cue, parent, em = steps[qi][k]
        addr = () if spk is None else addressees_of(turns[qi], spk, prev_spk)
        out[qi] = Attribution(qi, spk, addr, qtype, round(conf, 4), cue)
        ems[qi] = em
        k = parent
    return out, ems


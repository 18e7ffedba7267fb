"""Addressees: vocatives in the quote, ``said X to Y``, else the other participant of a two-person
run of dialogue (the previous speaker, or whoever answers the quote)."""

from __future__ import annotations

from fabula.model import Attribution
from fabula.speakers.context import Turn
from fabula.speakers.document import Document


def addressees_of(turn: Turn, spk: int, prev_spk: int | None) -> tuple[int, ...]:
    """The addressees of a quote said by ``spk`` right after a quote by ``prev_spk``."""
    tag = turn.ev.tag
    addr = [c for c in sorted(turn.ev.voc) if c != spk]
    if not addr and tag is not None and tag.to is not None and tag.to != spk:
        addr = [tag.to]
    if not addr and turn.gap <= 2 and prev_spk is not None and prev_spk != spk:
        addr = [prev_spk]
    return tuple(addr)


def fill_two_person_runs(doc: Document, out: list[Attribution]) -> list[Attribution]:
    """A quote with no addressee, answered within two paragraphs by someone else, is addressed to them."""
    nq = len(out)
    for i, att in enumerate(out):
        if att.addressees or att.speaker is None or i + 1 >= nq:
            continue
        if doc.quotes[i + 1].paragraph - doc.quotes[i].last_paragraph <= 2:
            nxt = out[i + 1].speaker
            if nxt is not None and nxt != att.speaker:
                out[i] = Attribution(att.quote, att.speaker, (nxt,), att.type, att.confidence, att.cue)
    return out

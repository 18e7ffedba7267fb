"""The one place that runs the stages in order. Read top to bottom, this is the flow of DESIGN.md."""

from __future__ import annotations

from pathlib import Path

from fabula import cast, craft, feelings, ingest, language, network, quotes, scenes, speakers, text
from fabula.model import Analysis, Work


def analyze(source: str | Path | bytes) -> Analysis:
    """Analyse one story: a path to a file in any supported format, or the story itself as a str."""
    return analyze_work(ingest.read(source))  # text.txt, metadata, chapters, notes, scene breaks


def analyze_work(work: Work) -> Analysis:
    """Run every stage after ingest on a ``Work`` (e.g. one built from a CSV row by `fabula batch`)."""
    txt = text.segment(work)  #                paragraphs, sentences, tokens
    txt = language.gate(work, txt)  #          a language the stages cannot read (CJK): nothing to read
    qs = quotes.find(txt)  #                   every quotation
    cs = cast.build(work, txt, qs)  #          characters, aliases, mentions, pronouns, narrator
    sp = speakers.attribute(txt, qs, cs)  #    speaker + addressees per quote
    sc = scenes.segment(work, txt, qs, cs, sp)  # scenes, person, POV
    fe = feelings.measure(txt, qs, cs, sp, sc)  # valence, arcs, relationships
    nw = network.build(work, txt, qs, cs, sp, sc, fe)  # interaction graph
    cr = craft.review(work, txt, qs, cs, sp, sc, fe)  # writer warnings, suggested tags
    return Analysis(work, txt, qs, cs, sp, sc, fe, nw, cr)

"""The project's own annotated sample story: every scene start and every POV must be found.

The gold (tests/fixtures/sample_gold.json) lists each scene's start offset, boundary kind, person and
POV character. The first test gives the scene stage the gold cast, so it checks the scene stage alone;
the second runs the whole pipeline, cast and speakers included, as `fabula analyze` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fabula import ingest, quotes, scenes, text
from fabula.model import Attribution, Speakers
from fabula.pipeline import analyze

try:
    from test_scenes_support import cast_of
except ImportError:  # tests run as a package
    from tests.test_scenes_support import cast_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "the-lantern-keepers.txt"
GOLD = ROOT / "tests" / "fixtures" / "sample_gold.json"

pytestmark = pytest.mark.skipif(not (SAMPLE.exists() and GOLD.exists()), reason="sample story not present")


def _gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _gold_id_of(character, gold) -> str | None:
    """The gold id of a predicted character: the gold character one of whose aliases it goes by."""
    names = {character.name.casefold(), *(a.casefold() for a in character.aliases)}
    for g in gold["characters"]:
        if names & {a.casefold() for a in (g["name"], *g["aliases"]) if a[:1].isupper()}:
            return g["id"]
    return None


def test_every_scene_and_pov_of_the_sample_with_the_gold_cast():
    gold = _gold()
    work = ingest.read(SAMPLE)
    txt = text.segment(work)
    qs = quotes.find(txt)
    people = [(c["name"], c["pronouns"], tuple(a for a in c["aliases"] if a[:1].isupper()))
              for c in gold["characters"]]
    cs = cast_of(work.text, people)
    sp = Speakers(tuple(Attribution(q.index, None, (), "implicit", 0.0) for q in qs))
    found = scenes.segment(work, txt, qs, cs, sp)
    ids = [c["id"] for c in gold["characters"]]
    assert [(s.start, s.boundary, s.person, ids[s.pov]) for s in found] == [
        (g["start"], g["boundary"], g["person"], g["pov"]) for g in gold["scenes"]]


def test_every_scene_and_pov_of_the_sample_end_to_end():
    gold = _gold()
    a = analyze(SAMPLE)
    got = [(s.start, s.boundary, s.person, _gold_id_of(a.cast.characters[s.pov], gold) if s.pov is not None else None)
           for s in a.scenes]
    assert got == [(g["start"], g["boundary"], g["person"], g["pov"]) for g in gold["scenes"]]

"""fabula's speakers on the project's own hand-annotated sample story, end to end (its own cast).

A predicted character stands for a gold one when its name is among the gold character's aliases.
The target is every speaker right; the floor below pins what fabula achieves today so that it can
only go up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "the-lantern-keepers.txt"
GOLD = ROOT / "tests" / "fixtures" / "sample_gold.json"

pytestmark = pytest.mark.skipif(not (SAMPLE.exists() and GOLD.exists()), reason="sample story not written yet")


@pytest.fixture(scope="module")
def scored():
    from fabula.pipeline import analyze

    a = analyze(SAMPLE)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    aliases = {c["id"]: {x.casefold() for x in c["aliases"]} | {c["name"].casefold()} for c in gold["characters"]}

    def gold_id(index):
        if index is None:
            return None
        name = a.cast.characters[index].name.casefold()
        return next((k for k, al in aliases.items() if name in al), None)

    rows = []
    for g in gold["quotes"]:
        q = next((q for q in a.quotes if q.start < g["end"] and q.end > g["start"]), None)
        att = a.speakers[q.index] if q is not None else None
        rows.append((g, gold_id(att.speaker) if att else None,
                     sorted(gold_id(x) for x in att.addressees) if att else None))
    return rows


def test_every_gold_quote_is_found_and_attributed(scored):
    assert all(pred is not None for _, pred, _ in scored)


def test_most_speakers_are_right(scored):
    right = sum(1 for g, pred, _ in scored if pred == g["speaker"])
    assert right / len(scored) >= 0.75


def test_explicitly_tagged_speakers_are_all_right(scored):
    wrong = [g["n"] for g, pred, _ in scored if g["type"] == "explicit" and pred != g["speaker"]]
    assert len(wrong) <= 2, wrong


@pytest.mark.xfail(reason="target: every speaker right (scenes whose speaker is only 'he' before his name is "
                          "given are still missed)", strict=False)
def test_every_speaker_is_right(scored):
    assert [g["speaker"] for g, _, _ in scored] == [pred for _, pred, _ in scored]

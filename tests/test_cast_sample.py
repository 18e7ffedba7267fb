"""The cast of the project's own sample story matches its hand annotation
(``samples/the-lantern-keepers.txt``, ``tests/fixtures/sample_gold.json``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fabula import cast, ingest, quotes, text

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "samples" / "the-lantern-keepers.txt"
GOLD = ROOT / "tests" / "fixtures" / "sample_gold.json"

pytestmark = pytest.mark.skipif(not (STORY.exists() and GOLD.exists()), reason="sample story not present")


@pytest.fixture(scope="module")
def predicted():
    work = ingest.read(STORY)
    txt = text.segment(work)
    return cast.build(work, txt, quotes.find(txt))


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))["characters"]


def gold_of(alias: str, gold: list[dict]) -> str | None:
    for g in gold:
        if alias.casefold() in {a.casefold() for a in g["aliases"]} | {g["name"].casefold()}:
            return g["id"]
    return None


def test_every_gold_character_is_found_with_its_pronouns(predicted, gold):
    for g in gold:
        found = [c for c in predicted.characters if gold_of(c.name, gold) == g["id"]]
        assert len(found) == 1, f"{g['name']}: {[c.name for c in found]}"
        assert found[0].pronouns == g["pronouns"], g["name"]


def test_no_spurious_characters_and_no_mixed_clusters(predicted, gold):
    for c in predicted.characters:
        ids = {gold_of(a, gold) for a in c.aliases}
        assert None not in ids, f"{c.name}: alias not in the gold cast: {c.aliases}"
        assert len(ids) == 1, f"{c.name} mixes characters: {c.aliases}"


def test_the_names_and_nicknames_the_story_uses_are_clustered(predicted, gold):
    by_id = {g["id"]: g for g in gold}
    for c in predicted.characters:
        g = by_id[gold_of(c.name, gold)]
        proper = [a for a in g["aliases"] if a[:1].isupper() and not a.startswith("Old ")]
        clustered = [a for a in proper if a in c.aliases]
        assert len(clustered) >= 0.6 * len(proper), f"{g['name']}: {clustered} of {proper}"

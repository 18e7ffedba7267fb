"""The sample story and its hand annotation agree with each other.

These are data-integrity checks on ``samples/the-lantern-keepers.txt`` and
``tests/fixtures/sample_gold.json`` (see docs/sample-annotation.md). They do not run fabula: the tests
that measure fabula against the gold live with the stages they test.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STORY_PATH = ROOT / "samples" / "the-lantern-keepers.txt"
GOLD_PATH = ROOT / "tests" / "fixtures" / "sample_gold.json"

OPEN, CLOSE = "“", "”"
SCENE_MARKS = {"* * *", "~~~", "xXx"}


@pytest.fixture(scope="module")
def raw() -> bytes:
    return STORY_PATH.read_bytes()


@pytest.fixture(scope="module")
def story(raw: bytes) -> str:
    return raw.decode("utf-8")


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ids(gold: dict) -> set[str]:
    return {c["id"] for c in gold["characters"]}


def paragraphs(story: str) -> list[tuple[int, str]]:
    """(offset, text) of every paragraph; paragraphs are separated by one blank line."""
    out, pos = [], 0
    for chunk in story.split("\n\n"):
        out.append((pos, chunk.rstrip("\n")))
        pos += len(chunk) + 2
    return out


def body(story: str) -> str:
    """The story proper: everything after the title, summary and author's note."""
    paras = paragraphs(story)
    first = next(i for i, (_, p) in enumerate(paras) if i > 0 and not p.startswith(("Summary:", "A/N:")))
    return story[paras[first][0] :]


# --------------------------------------------------------------------------- the file itself


def test_story_is_utf8_lf_without_bom_and_ends_with_newline(raw: bytes):
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n")


def test_story_opens_with_title_summary_and_note(story: str):
    paras = [p for _, p in paragraphs(story)]
    assert paras[0] == "The Lantern Keepers"
    assert paras[1].startswith("Summary: ")
    assert paras[2].startswith("A/N: ")
    assert "\n" not in "".join(paras[1:3])


def test_one_paragraph_per_line(story: str):
    for _, p in paragraphs(story):
        assert p and "\n" not in p, p[:60]


def test_story_is_2500_to_3500_words(story: str):
    assert 2500 <= len(story.split()) <= 3500


def test_dialogue_uses_curly_double_quotes_and_curly_apostrophes(story: str):
    assert '"' not in story and "'" not in story
    for _, p in paragraphs(story):
        assert p.count(OPEN) >= p.count(CLOSE), p[:60]


def test_story_has_the_dialogue_forms_the_later_stages_are_tested_on(story: str):
    assert "’em" in story and "goin’" in story  # elisions inside dialogue
    assert re.search(r"“[^”]*‘[^’]+’[^”]*”", story)  # a nested quotation
    assert re.search(r"said (Wren|Casimir|Piran|Hesketh|Quill)\b", story)  # inverted tag
    assert re.search(r"(Wren|Casimir) said\b", story)  # plain tag
    assert "asked the old man" in story
    for bookism in ("hissed", "chortled", "crowed", "wheezed"):
        assert bookism in story
    assert re.search(r"(said|ly) (quietly|softly|gently|slowly)|said \w+ (quietly|softly|gently|slowly)", story)


def test_gold_title_summary_and_notes_match_the_file(story: str, gold: dict):
    paras = [p for _, p in paragraphs(story)]
    assert gold["title"] == paras[0]
    assert "Summary: " + gold["summary"] == paras[1]
    assert gold["notes"] == [paras[2]]


# --------------------------------------------------------------------------- cast


def test_characters_have_ids_names_pronouns_and_aliases_the_text_uses(story: str, gold: dict):
    chars = gold["characters"]
    assert len({c["id"] for c in chars}) == len(chars)
    for c in chars:
        assert c["pronouns"] in {"she/her", "he/him", "they/them"}
        assert c["name"] in c["aliases"] or c["name"] == c["aliases"][0]
        for alias in c["aliases"]:
            assert re.search(r"\b" + re.escape(alias) + r"\b", story, re.IGNORECASE), (c["id"], alias)
    all_aliases = [a.lower() for c in chars for a in c["aliases"]]
    assert len(all_aliases) == len(set(all_aliases)), "an alias is given to two characters"


def test_every_speaking_character_has_a_nickname_or_epithet(gold: dict):
    speakers = {q["speaker"] for q in gold["quotes"]}
    for c in gold["characters"]:
        if c["id"] in speakers:
            assert len(c["aliases"]) >= 2, c["id"]


def test_one_character_uses_they_them_and_the_text_says_so(story: str, gold: dict):
    they = [c for c in gold["characters"] if c["pronouns"] == "they/them"]
    assert len(they) == 1
    assert re.search(re.escape(they[0]["name"]) + r" \w+ (down )?their\b|\bQuill\b[^.]*\. They\b", story)


# --------------------------------------------------------------------------- quotations


def test_every_quote_text_occurs_at_its_start_after_an_opening_mark(story: str, gold: dict):
    for q in gold["quotes"]:
        start = q["start"]
        assert story[start - 1] == OPEN, q
        assert story.startswith(q["text"], start), q
        assert q["text"].strip() and len(q["text"]) <= 45


def test_every_quote_end_is_just_after_a_closing_mark(story: str, gold: dict):
    for q in gold["quotes"]:
        assert q["start"] < q["end"] and story[q["end"] - 1] == CLOSE, q


def test_quotes_are_numbered_in_reading_order_and_do_not_overlap(gold: dict):
    quotes = gold["quotes"]
    assert [q["n"] for q in quotes] == list(range(1, len(quotes) + 1))
    for a, b in itertools.pairwise(quotes):
        assert a["end"] < b["start"], (a["n"], b["n"])


def test_every_quotation_in_the_story_is_annotated_exactly_once(story: str, gold: dict):
    """Each paragraph opening a quotation in the body is covered by exactly one gold quotation
    (one speaker per paragraph in this story; pieces interrupted by narration belong to it)."""
    text = body(story)
    offset = len(story) - len(text)
    covered = Counter()
    for q in gold["quotes"]:
        for pos, p in paragraphs(story):
            if pos <= q["end"] and q["start"] - 1 <= pos + len(p):
                covered[pos] += 1
    for pos, p in paragraphs(story):
        if pos >= offset and OPEN in p:
            assert covered[pos] == 1, p[:60]
    assert OPEN not in story[:offset]


def test_speakers_and_addressees_are_listed_characters(gold: dict, ids: set[str]):
    for q in gold["quotes"]:
        assert q["speaker"] in ids, q
        assert q["addressees"] and set(q["addressees"]) <= ids, q
        assert q["speaker"] not in q["addressees"], q
        assert q["type"] in {"explicit", "anaphoric", "implicit"}, q


def test_at_least_three_characters_speak_and_every_type_occurs(gold: dict):
    speakers = Counter(q["speaker"] for q in gold["quotes"])
    assert len(speakers) >= 3
    types = Counter(q["type"] for q in gold["quotes"])
    assert set(types) == {"explicit", "anaphoric", "implicit"}


def test_a_quote_is_explicit_exactly_when_its_paragraph_names_the_speaker(story: str, gold: dict):
    """Explicit: the narration of the quote's paragraph names the speaker (a proper name or a
    capitalised epithet such as "the Pale Lord"); otherwise it is anaphoric or implicit."""
    aliases = {c["id"]: c["aliases"] for c in gold["characters"]}
    for q in gold["quotes"]:
        para_start = story.rfind("\n\n", 0, q["start"]) + 2
        para_end = story.find("\n\n", q["end"])
        para = story[para_start : para_end if para_end >= 0 else len(story)]
        narration = re.sub(r"“[^”]*(”|$)", " ", para)
        names = [a for a in aliases[q["speaker"]] if any(ch.isupper() for ch in a)]
        named = any(re.search(r"\b" + re.escape(n) + r"\b", narration) for n in names)
        assert named == (q["type"] == "explicit"), q


def test_there_is_a_run_of_six_untagged_lines(gold: dict):
    run = best = 0
    for q in gold["quotes"]:
        run = run + 1 if q["type"] == "implicit" else 0
        best = max(best, run)
    assert best >= 6


def test_there_is_a_multi_paragraph_speech_reopening_each_paragraph(story: str, gold: dict):
    multi = [q for q in gold["quotes"] if "\n\n" in story[q["start"] : q["end"]]]
    assert len(multi) == 1
    speech = story[multi[0]["start"] - 1 : multi[0]["end"]]
    parts = speech.split("\n\n")
    assert len(parts) >= 3
    assert all(p.startswith(OPEN) for p in parts)
    assert all(CLOSE not in re.sub(r"‘[^’]*’", "", p) for p in parts[:-1])
    assert parts[-1].endswith(CLOSE)


# --------------------------------------------------------------------------- scenes and POV


def test_every_scene_first_words_sit_at_a_paragraph_start(story: str, gold: dict):
    for s in gold["scenes"]:
        assert story.startswith(s["first_words"], s["start"]), s
        assert story[s["start"] - 2 : s["start"]] == "\n\n", s


def test_scene_boundaries_match_the_break_markers(story: str, gold: dict):
    starts = {pos: p for pos, p in paragraphs(story)}
    order = sorted(starts)
    scenes = gold["scenes"]
    assert [s["n"] for s in scenes] == list(range(1, len(scenes) + 1))
    assert scenes[0]["boundary"] == "start" and story[: scenes[0]["start"]] == story[: len(story) - len(body(story))]
    for s in scenes[1:]:
        before = starts[order[order.index(s["start"]) - 1]]
        if s["boundary"] == "explicit":
            assert before in SCENE_MARKS, s
        else:
            assert s["boundary"] == "implicit" and before not in SCENE_MARKS, s
    # every marker in the story opens a gold scene
    marked = [order[i + 1] for i, pos in enumerate(order) if starts[pos] in SCENE_MARKS]
    assert set(marked) == {s["start"] for s in scenes if s["boundary"] == "explicit"}


def test_scenes_have_enough_marked_and_unmarked_breaks(gold: dict):
    kinds = Counter(s["boundary"] for s in gold["scenes"])
    assert 6 <= len(gold["scenes"]) <= 9
    assert kinds["explicit"] >= 2 and kinds["implicit"] >= 2


def test_two_pov_characters_alternate_by_scene_in_third_person(gold: dict, ids: set[str]):
    povs = [s["pov"] for s in gold["scenes"]]
    assert set(povs) <= ids and len(set(povs)) >= 2
    assert all(a != b for a, b in itertools.pairwise(povs))
    assert {s["person"] for s in gold["scenes"]} == {"third"}
    for s in gold["scenes"]:
        assert s["pov"] in s["present"] and set(s["present"]) <= ids


def test_each_quote_speaker_is_present_in_its_scene(gold: dict):
    scenes = gold["scenes"]
    for q in gold["quotes"]:
        scene = [s for s in scenes if s["start"] <= q["start"]][-1]
        assert q["speaker"] in scene["present"], (q["n"], scene["n"])
        assert set(q["addressees"]) <= set(scene["present"]), (q["n"], scene["n"])

"""`fabula eval stories`: the scoring, on hand-made gold and hand-made predictions."""

from __future__ import annotations

import json
from types import SimpleNamespace

from click.testing import CliRunner

from fabula.eval.stories import StoryGold, map_characters, read_story, score_story
from fabula.model import (
    Attribution,
    Cast,
    Character,
    Mention,
    Paragraph,
    Quote,
    Quotes,
    Scene,
    Span,
    Speakers,
)

# four paragraphs; two quotations in the second
TEXT = ("Mira watched the harbour.\n\n"
        "\"Boats,\" said Mira. \"Late again,\" said Tomas.\n\n"
        "Tomas thought of bread.\n\n"
        "Old Tomas slept.")


def _paras(text: str) -> tuple[Paragraph, ...]:
    out, pos = [], 0
    for i, chunk in enumerate(text.split("\n\n")):
        out.append(Paragraph(i, pos, pos + len(chunk), 1))
        pos += len(chunk) + 2
    return tuple(out)


PARAS = _paras(TEXT)
Q1 = (TEXT.index("\"Boats"), TEXT.index("\"Boats") + len("\"Boats,\""))
Q2 = (TEXT.index("\"Late"), TEXT.index("\"Late") + len("\"Late again,\""))

GOLD = StoryGold(
    "tiny", TEXT,
    quotes=[(*Q1, "Mira Vale"), (*Q2, "Tomas")],
    scenes=[(PARAS[0].start, PARAS[1].end, "Mira Vale"), (PARAS[2].start, PARAS[3].end, "Tomas")],
    characters={"Mira Vale": ["Mira", "Mira Vale"], "Tomas": ["Tomas", "Old Tomas"]},
)


def _analysis(characters, speakers, scene_specs, mentions=()):
    quotes = Quotes(tuple(Quote(i, a, b, (Span(a + 1, b - 1),), 1, 1, "double")
                          for i, (a, b) in enumerate((Q1, Q2))))
    sp = Speakers(tuple(Attribution(i, s, (), "explicit", 1.0) for i, s in enumerate(speakers)))
    scenes = tuple(Scene(i, PARAS[lo].start, PARAS[hi].end, 1, "start" if i == 0 else "implicit", "third", pov, 0.9)
                   for i, (lo, hi, pov) in enumerate(scene_specs))
    return SimpleNamespace(work=SimpleNamespace(text=TEXT), text=SimpleNamespace(paragraphs=PARAS),
                           quotes=quotes, speakers=sp, scenes=scenes, cast=Cast(tuple(characters), tuple(mentions)))


def test_a_perfect_prediction_scores_full_marks():
    cast = [Character(0, "Mira", ("Mira",), "she/her", 2), Character(1, "Tomas", ("Tomas", "Old Tomas"), "he/him", 3)]
    s = score_story(GOLD, _analysis(cast, [0, 1], [(0, 1, 0), (2, 3, 1)]))
    assert (s.speakers_right, s.quotes) == (2, 2)
    assert (s.bounds_hit, s.gold_bounds, s.pred_bounds) == (1, 1, 1)
    assert (s.pov_right, s.scenes) == (2, 2)
    assert (s.found, s.characters) == (2, 2)
    # "Mira Vale" does not occur in the text, so only three aliases count, all held
    assert (s.aliases_found, s.aliases) == (3, 3)
    assert s.merges == []


def test_a_merged_character_is_one_wrong_merge_and_loses_a_speaker():
    cast = [Character(0, "Mira", ("Mira", "Old Tomas"), "she/her", 2), Character(1, "Tomas", ("Tomas",), "he/him", 3)]
    s = score_story(GOLD, _analysis(cast, [0, 0], [(0, 3, 0)]))
    assert len(s.merges) == 1 and "Mira Vale + Tomas" in s.merges[0]
    assert s.speakers_right == 1  # the second line went to Mira
    assert (s.bounds_hit, s.pred_bounds) == (0, 0)  # one predicted scene: the boundary is missed
    assert s.pov_right == 1  # both gold scenes lie in the one predicted scene, told by Mira
    assert s.aliases_found == 2  # "Old Tomas" is held by the wrong character


def test_a_boundary_one_paragraph_either_side_of_gold_counts():
    cast = [Character(0, "Mira", ("Mira",), "she/her", 2), Character(1, "Tomas", ("Tomas",), "he/him", 3)]
    after = score_story(GOLD, _analysis(cast, [0, 1], [(0, 2, 0), (3, 3, 1)]))  # at paragraph 3, gold 2
    assert after.bounds_hit == 1
    before = score_story(GOLD, _analysis(cast, [0, 1], [(0, 0, 0), (1, 3, 1)]))  # at paragraph 1
    assert before.bounds_hit == 1
    far = score_story(GOLD, _analysis(cast, [0, 1], [(0, 3, 0)]))
    assert far.bounds_hit == 0 and far.gold_bounds == 1


def test_an_unknown_character_maps_to_nobody_and_a_name_mention_can_map_one():
    cast = [Character(0, "Harbour", ("Harbour",), None, 1), Character(1, "T.", ("T.",), "he/him", 1)]
    t = TEXT.index("Tomas thought")
    m = [Mention(t, t + len("Tomas"), 1, "name")]
    mapping = map_characters(Cast(tuple(cast), tuple(m)), TEXT, GOLD.characters)
    assert mapping == {0: None, 1: "Tomas"}


def test_read_story_and_the_command_on_a_folder(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "story.txt").write_text(TEXT, encoding="utf-8")
    gold = {"quotes": [{"start": a, "end": b, "speaker": w} for a, b, w in GOLD.quotes],
            "scenes": [{"start": a, "end": b, "pov": p} for a, b, p in GOLD.scenes],
            "characters": GOLD.characters}
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert read_story(folder).quotes == GOLD.quotes
    from fabula.cli import main

    res = CliRunner().invoke(main, ["eval", "stories", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "| tiny |" in res.output and "| **all** |" in res.output


def test_a_folder_without_gold_is_one_error_line(tmp_path):
    from fabula.cli import main

    res = CliRunner().invoke(main, ["eval", "stories", str(tmp_path)])
    assert res.exit_code != 0
    assert "fabula: error:" in res.output and "Traceback" not in res.output


def test_an_unreadable_gold_leaves_no_table_behind(tmp_path):
    from fabula.cli import main

    good = tmp_path / "a"
    good.mkdir()
    (good / "story.txt").write_text(TEXT, encoding="utf-8")
    (good / "gold.json").write_text(json.dumps({"quotes": [], "scenes": [], "characters": {}}), encoding="utf-8")
    bad = tmp_path / "b"
    bad.mkdir()
    (bad / "story.txt").write_text(TEXT, encoding="utf-8")
    (bad / "gold.json").write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", "stories", str(tmp_path)])
    assert res.exit_code != 0
    assert "fabula: error:" in res.output and "| story |" not in res.output

"""Scenes and point of view: where the story changes scene, and whose eyes each scene is told through."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabula import pov, quotes, scenes, text
from fabula.model import Attribution, Cast, Speakers

try:
    from test_scenes_support import analysis_of, scene_starts, work_of
except ImportError:  # tests run as a package
    from tests.test_scenes_support import analysis_of, scene_starts, work_of

IVY = ("Ivy", "she/her", ("Ivy", "Hunter"))
MARCUS = ("Marcus", "he/him", ("Marcus", "Marc"))
TOM = ("Tom", "he/him", ("Tom",))

IVY_IN_THE_CRYPT = """Ivy pressed her back to the cold wall of the crypt. She wondered how long the torch would last. Her heart was pounding so hard she thought the whole graveyard could hear it.

Somewhere below, water dripped. She counted the drops and tried to remember the way out. She felt the damp creep into her boots.

"Come out, little Hunter," a voice called from the dark.

She knew that voice. She hated that she knew it."""

MARCUS_IN_THE_LIBRARY = """Marcus sat in the library with the curtains drawn. He thought of her face in the torchlight and wondered whether she had slept at all. He felt old, older than the stones.

He poured a glass of wine he did not want. He remembered the first time he had seen her, a girl with a stake and a temper.

"You look terrible," said Tom from the doorway.

Marcus did not turn. He knew the boy would not leave until he answered."""


def test_an_explicit_break_starts_a_scene():
    a = analysis_of(IVY_IN_THE_CRYPT + "\n\n* * *\n\n" + MARCUS_IN_THE_LIBRARY, [IVY, MARCUS, TOM])
    assert scene_starts(a) == ["Ivy pressed her", "Marcus sat in"]
    assert [s.boundary for s in a.scenes] == ["start", "explicit"]


def test_a_chapter_start_is_a_scene_start():
    story = "Chapter 1\n\n" + IVY_IN_THE_CRYPT + "\n\nChapter 2\n\n" + MARCUS_IN_THE_LIBRARY
    a = analysis_of(story, [IVY, MARCUS, TOM])
    assert [s.boundary for s in a.scenes] == ["start", "chapter"]
    assert [s.chapter for s in a.scenes] == [1, 2]


def test_an_unmarked_time_jump_starts_a_scene():
    story = IVY_IN_THE_CRYPT + "\n\n" + MARCUS_IN_THE_LIBRARY.replace("Marcus sat", "The next morning, Marcus sat", 1)
    a = analysis_of(story, [IVY, MARCUS, TOM])
    assert scene_starts(a) == ["Ivy pressed her", "The next morning,"]
    assert a.scenes.scenes[1].boundary == "implicit"


def test_a_time_jump_inside_one_point_of_view_starts_a_scene():
    story = IVY_IN_THE_CRYPT + "\n\nThree days later, Ivy stood at the gates of the manor. She wondered if the vampire " \
        "was watching. She felt foolish in her borrowed coat.\n\nThe gates were open. She walked in."
    a = analysis_of(story, [IVY, MARCUS, TOM])
    assert scene_starts(a) == ["Ivy pressed her", "Three days later,"]
    assert [a.cast.characters[s.pov].name for s in a.scenes] == ["Ivy", "Ivy"]


def test_a_switch_of_point_of_view_with_no_marker_starts_a_scene():
    # no break line, no time phrase: only whose thoughts the narration reports changes
    a = analysis_of(IVY_IN_THE_CRYPT + "\n\n" + MARCUS_IN_THE_LIBRARY, [IVY, MARCUS, TOM])
    assert scene_starts(a) == ["Ivy pressed her", "Marcus sat in"]
    assert a.scenes.scenes[1].boundary == "implicit"
    assert [a.cast.characters[s.pov].name for s in a.scenes] == ["Ivy", "Marcus"]


def test_a_blank_line_more_or_less_is_not_a_scene_break():
    tight = analysis_of(IVY_IN_THE_CRYPT, [IVY, MARCUS, TOM])
    loose = analysis_of(IVY_IN_THE_CRYPT.replace("\n\n", "\n\n\n\n"), [IVY, MARCUS, TOM])
    assert len(tight.scenes) == len(loose.scenes) == 1


def test_scene_boundaries_fall_on_paragraph_starts_and_cover_the_story():
    story = IVY_IN_THE_CRYPT + "\n\n* * *\n\n" + MARCUS_IN_THE_LIBRARY + "\n\nLater that night, Ivy slept."
    a = analysis_of(story, [IVY, MARCUS, TOM])
    starts = {p.start for p in a.text.paragraphs}
    assert all(s.start in starts for s in a.scenes)
    assert a.scenes.scenes[0].start == a.text.paragraphs[0].start
    assert a.scenes.scenes[-1].end == a.text.paragraphs[-1].end
    assert all(x.end < y.start for x, y in zip(a.scenes.scenes, a.scenes.scenes[1:]))


def test_point_of_view_is_whose_thoughts_the_narration_reports():
    a = analysis_of(MARCUS_IN_THE_LIBRARY, [IVY, MARCUS, TOM])
    (scene,) = a.scenes
    assert scene.person == "third"
    assert a.cast.characters[scene.pov].name == "Marcus"
    assert scene.confidence > 0.5


def test_each_scene_lists_who_is_present():
    a = analysis_of(IVY_IN_THE_CRYPT + "\n\n* * *\n\n" + MARCUS_IN_THE_LIBRARY, [IVY, MARCUS, TOM])
    names = [{a.cast.characters[i].name for i in s.present} for s in a.scenes]
    assert names == [{"Ivy"}, {"Marcus", "Tom"}]


FIRST_PERSON = """I had never liked the manor. I told myself it was the draughts, but my hands shook as I climbed the steps.

"You came," Marcus said. He held the door open for me.

I walked past him without a word. My heart was a drum."""


def test_first_person_narration_is_told_by_the_narrator():
    a = analysis_of(FIRST_PERSON, [("Ivy", "she/her", ("Ivy",)), MARCUS], narrator=0)
    (scene,) = a.scenes
    assert scene.person == "first"
    assert scene.pov == 0


def test_first_person_in_dialogue_does_not_make_a_first_person_story():
    story = """"I will not go," said Marcus. "I am tired, I am old, and I do not care what my brother wants."

Ivy looked at him for a long moment. She thought he was lying. She wondered why."""
    a = analysis_of(story, [IVY, MARCUS])
    assert [s.person for s in a.scenes] == ["third"]
    assert a.cast.characters[a.scenes.scenes[0].pov].name == "Ivy"


def test_second_person_narration():
    story = """You wake before the alarm. You lie there and listen to the rain, and you wonder if she will call.

Your phone stays dark. You get up anyway and make your coffee too strong, the way you always do."""
    a = analysis_of(story, [])
    assert [s.person for s in a.scenes] == ["second"]
    assert a.scenes.scenes[0].pov is None


HEAD_HOP = """Ivy stepped into the ballroom and scanned the crowd. She wondered whether he would come. She felt the stake against her ribs and was glad of it.

Marcus watched her from the balcony. He thought she had never looked lovelier. He wondered if she would forgive him. He knew she would not.

Ivy took a glass from a passing tray. She decided not to drink it."""


def test_head_hopping_inside_a_scene_is_warned_about():
    a = analysis_of(HEAD_HOP, [IVY, MARCUS])
    assert len(a.scenes) == 1
    assert a.cast.characters[a.scenes.scenes[0].pov].name == "Ivy"
    (hop,) = a.scenes.head_hops
    assert hop.kind == "head_hopping"
    assert "Marcus" in hop.message
    assert a.text.text[hop.start:hop.end].startswith("He thought")
    assert hop in a.craft.warnings


def test_a_break_line_left_in_the_text_is_an_explicit_break():
    # the ingest did not turn "xXx" into a SceneBreak; the scene stage still sees it
    story = IVY_IN_THE_CRYPT + "\n\nxXx\n\n" + MARCUS_IN_THE_LIBRARY
    work = work_of(story)
    work = type(work)(**{**work.__dict__, "breaks": ()})
    txt = text.segment(work)
    qs = quotes.find(txt)
    sp = Speakers(tuple(Attribution(q.index, None, (), "implicit", 0.0) for q in qs))
    sc = scenes.segment(work, txt, qs, Cast((), ()), sp)
    assert [s.boundary for s in sc] == ["start", "explicit"]
    assert story[sc.scenes[1].start:].startswith("Marcus sat")
    assert story[:sc.scenes[0].end].endswith("She hated that she knew it.")  # the break line is no scene's


def test_a_pov_label_names_the_point_of_view_character():
    story = IVY_IN_THE_CRYPT + "\n\n[Tom's POV]\n\nThe kitchen was warm. Somebody had left bread on the table."
    a = analysis_of(story, [IVY, MARCUS, TOM])
    assert len(a.scenes) == 2
    assert a.cast.characters[a.scenes.scenes[1].pov].name == "Tom"
    assert a.scenes.scenes[1].confidence > 0.8


def test_this_evening_inside_the_first_clause_is_the_evening_we_are_in_not_a_jump():
    assert scenes.opener_score("Odo sighed like a man who had known exactly how this evening would go.") == 0.0
    assert scenes.opener_score("Odo wrote to his sister that evening, and posted it at once.") > 0.0


def test_openers_that_announce_a_jump_and_ones_that_do_not():
    assert scenes.opener_score("The next morning, the fog had lifted.") >= scenes.THRESHOLD
    assert scenes.opener_score("Meanwhile, across the river, Tom was running.") >= scenes.THRESHOLD
    assert scenes.opener_score("Back at the house, nobody had noticed.") >= scenes.THRESHOLD
    assert scenes.opener_score("Later that night she could not sleep.") >= scenes.THRESHOLD
    assert scenes.opener_score("Three days later the letter came.") >= scenes.THRESHOLD
    assert scenes.opener_score("She turned to the window.") == 0
    assert scenes.opener_score("\"Next morning?\" he asked.") < scenes.THRESHOLD


def test_narrative_person_counts_narration_only():
    story = '"I am here, I tell you, I am!" Tom shouted. He ran down the lane and she followed him.'
    work = work_of(story)
    txt = text.segment(work)
    ev = pov.evidence(txt, quotes.find(txt), Cast((), ()))
    assert int(ev.first.sum()) == 0
    assert pov.person(ev, 0, len(txt.paragraphs))[0] == "third"


PIECES = ["Ivy ran.", "She wondered why.", "He thought of her.", '"Go," said Marcus.', '"No!"', "* * *", "xXx",
          "Chapter 2", "The next morning, Ivy woke.", "Meanwhile", "“Unclosed quote", "I felt it.", "You see.",
          "[Marcus's POV]", "—", "'", "“", "Marcus kissed her.", "", "   ", "August 3rd, 1899."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4), min_size=1, max_size=25))
def test_any_story_gets_scenes_that_tile_its_paragraphs(paragraphs):
    story = "\n\n".join(" ".join(p) for p in paragraphs)
    if not story.strip():
        return
    a = analysis_of(story, [IVY, MARCUS])
    paras = a.text.paragraphs
    if not paras:
        assert len(a.scenes) == 0
        return
    assert a.scenes.scenes[0].start == paras[0].start
    last = a.text.text[paras[-1].start:paras[-1].end]
    assert a.scenes.scenes[-1].end == paras[-1].end or scenes.marker_kind(last) == "marker"
    starts = {p.start for p in paras}
    assert all(s.start in starts and s.start < s.end for s in a.scenes)
    assert len(a.feelings.scene_valence) == len(a.scenes)
    assert len(a.feelings.paragraph_valence) == len(paras)
    assert all(-1.0 <= v <= 1.0 for v in a.feelings.paragraph_valence)


def test_a_pov_switch_is_seen_even_when_the_cast_missed_one_head():
    # the cast knows Marcus and Tom but not Ivy: "she wondered" still belongs to someone else
    a = analysis_of(IVY_IN_THE_CRYPT + "\n\n" + MARCUS_IN_THE_LIBRARY, [MARCUS, TOM])
    assert scene_starts(a) == ["Ivy pressed her", "Marcus sat in"]
    first, second = a.scenes
    assert first.pov is None  # not Marcus: the narration is in a head the cast does not know
    assert a.cast.characters[second.pov].name == "Marcus"


def test_lines_that_look_like_breaks_and_lines_that_are_prose():
    assert scenes.marker_kind("* * *") == "marker"
    assert scenes.marker_kind("~~~") == "marker"
    assert scenes.marker_kind("oOo") == "marker"
    assert scenes.marker_kind("-scene break-") == "marker"
    assert scenes.marker_kind("[Marcus's POV]") == "pov"
    assert scenes.marker_kind("Ivy POV") == "pov"
    assert scenes.marker_kind("Chapter Three: The Caves") == "heading"
    assert scenes.marker_kind("August 13th, 1899.") == "heading"
    assert scenes.marker_kind("Book it.") is None
    assert scenes.marker_kind("Part of me wanted to stay.") is None
    assert scenes.marker_kind("No.") is None
    assert scenes.marker_kind("Ivy ran.") is None


def test_a_numbered_letter_heading_with_abbreviations_and_a_date_is_a_heading():
    assert scenes.marker_kind("Letter 2 _To Dr. Ashe, Bath._ June 5th, 18—.") == "heading"
    assert scenes.marker_kind("Chapter 4 St. Ives, Oct. 3rd") == "heading"
    assert scenes.marker_kind("Chapter 4 was the one she liked best.") is None
    assert scenes.marker_kind("Part I think was true.") is None


def test_what_a_character_looks_like_from_outside_is_not_head_hopping():
    story = HEAD_HOP.split("\n\n")[0] + (
        "\n\nMarcus looked as if he wanted to speak. He looked as though he knew what she was thinking, "
        "as if he felt every beat of her heart.\n\nIvy took a glass from a passing tray. She decided not to drink it.")
    a = analysis_of(story, [IVY, MARCUS])
    assert a.cast.characters[a.scenes.scenes[0].pov].name == "Ivy"
    assert a.scenes.head_hops == ()


TALE = ("Rain drummed on the roof of the inn.\n\nIvy pulled her chair closer to the hearth.\n\n"
        "Tom sat down by the fire and began his story.\n\n"
        "“I was ten when I first went up to the mill alone. Father had told me never to go near it after dark, "
        "and so of course I went after dark, with a lantern and a heel of bread and no plan at all. The wheel "
        "was still. Nothing moved on the water but the moon.\n\n"
        "“Three days later I went back with my cousin, because nobody believed me. The mill was gone. Not "
        "burned, not fallen: gone, and the stream ran straight through the place where it had stood, as if "
        "it had never been there at all.”\n\n"
        "Ivy said nothing for a while. She thought he was lying, and she thought he knew it.")


def test_a_time_jump_inside_a_tale_told_in_a_long_quotation_starts_a_scene():
    a = analysis_of(TALE, [IVY, TOM])
    assert scene_starts(a) == ["Rain drummed on", "“Three days later"]


def test_a_character_beginning_to_tell_a_tale_is_still_in_the_scene():
    tale = TALE.replace("“I was ten when", "“The next morning, when I was ten and", 1)
    a = analysis_of(tale, [IVY, TOM])
    assert "“The next morning," not in scene_starts(a)


def test_quartiles_are_numpys_linear_quantiles_to_the_last_bit():
    import numpy as np

    from fabula.scenes import quartiles

    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 4, 5, 8, 13, 400, 401):
        values = rng.random(n) * 1e3
        for qs in ((0.25, 0.5), (0.25, 0.75)):
            assert quartiles(values, qs) == [float(x) for x in np.quantile(values, list(qs))]
    assert quartiles([4.0, 1.0, 3.0, 2.0], (0.25, 0.5)) == [1.75, 2.5]  # sorted 1 2 3 4: 1 + 0.75, 2 + 0.5

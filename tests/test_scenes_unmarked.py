"""Scene changes whose break line was lost: found from the whole paragraph sequence at once."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

try:
    from test_scenes_support import analysis_of, cast_of, scene_starts, work_of
except ImportError:  # tests run as a package
    from tests.test_scenes_support import analysis_of, cast_of, scene_starts, work_of

from fabula import craft, feelings, network, pov, quotes, scenes, text
from fabula.model import Analysis

NELL = ("Nell", "she/her", ("Nell",))
ROSA = ("Rosa", "she/her", ("Rosa",))
PIM = ("Pim", "he/him", ("Pim",))
YN = ("Y/N", None, ("Y/N",))
JUDE = ("Jude", "he/him", ("Jude",))

# two women, one "she", no break line between Nell's scene and Rosa's
NELL_AT_THE_STALL = """Nell unlocked the flower stall at six, as she always did. She thought the street looked smaller in the rain. She wondered whether Rosa would come by today.

She set out the buckets of tulips and felt the cold water bite her fingers. Nell knew she should buy gloves. She never did.

"Morning," said the man from the bakery.

"Morning," Nell said. She decided the tulips could go at half price by noon. She hoped nobody would ask her about Rosa."""

ROSA_IN_THE_OFFICE = """Rosa had been at her desk since five. She stared at the spreadsheet until the numbers swam. She thought about the stall, and the tulips, and the look on Nell's face last week.

Rosa wanted to call. She knew exactly what she would say, and she knew she would not say it. Her stomach twisted every time the phone lit up.

"Coffee?" asked Pim, leaning round the partition.

"Please," said Rosa. She realised she had not eaten since yesterday. She wondered if Nell had."""


def test_a_change_of_focal_character_with_no_break_line_is_a_scene_change():
    a = analysis_of(NELL_AT_THE_STALL + "\n\n" + ROSA_IN_THE_OFFICE, [NELL, ROSA, PIM])
    assert scene_starts(a) == ["Nell unlocked the", "Rosa had been"]
    _, second = a.scenes
    assert second.boundary == "implicit"
    assert [a.cast.characters[s.pov].name for s in a.scenes] == ["Nell", "Rosa"]


def test_one_story_in_one_head_is_one_scene():
    a = analysis_of(NELL_AT_THE_STALL, [NELL, ROSA, PIM])
    assert len(a.scenes) == 1


def test_after_breakfast_opens_a_new_scene_in_the_same_head():
    later = ("After breakfast, Nell walked down to the river with the last of the tulips. She thought of throwing "
             "them in. She felt foolish for thinking it.\n\nShe sat on the wall and watched the boats instead.")
    a = analysis_of(NELL_AT_THE_STALL + "\n\n" + later, [NELL, ROSA, PIM])
    assert scene_starts(a) == ["Nell unlocked the", "After breakfast, Nell"]
    assert [a.cast.characters[s.pov].name for s in a.scenes] == ["Nell", "Nell"]


def test_getting_home_was_the_easy_part_is_a_jump():
    assert scenes.opener_score("Getting home was the easy part.") >= scenes.THRESHOLD
    assert scenes.opener_score("Nell woke to the sound of gulls.") >= scenes.THRESHOLD
    assert scenes.opener_score("After lunch the rain stopped.") >= scenes.THRESHOLD
    assert scenes.opener_score("She turned back to the tulips.") == 0


FIRST_PERSON_TRIP = """I had never seen my aunt so angry. She stood in the kitchen with the letter in her hand, and I thought she would tear it in half. I wanted to be anywhere else.

"You knew," she said.

I did know. I had known for a month, and I had said nothing, and I felt every day of that month now.

We drove on to the coast the next day without talking about it. I watched the fields go by and counted the churches. My aunt drove too fast.

The hotel was the same as every summer. I knew the carpet, the smell of the lift, the bell that stuck."""


def test_a_first_person_move_on_is_a_scene_change():
    a = analysis_of(FIRST_PERSON_TRIP, [("Aunt", "she/her", ("Aunt",))], narrator=None)
    assert scene_starts(a) == ["I had never", "We drove on"]
    assert [s.person for s in a.scenes] == ["first", "first"]


def test_a_scene_of_a_reader_insert_in_his_head_starts_where_his_thoughts_do():
    reader = """You get to the café before it opens, because you always do. You wipe the tables and you think about the exam on Friday. You wonder if you will fail it.

You feel the phone buzz in your apron. You know who it is without looking.

"You're early," says the owner, and you smile.

You tie your hair back and you decide not to answer the phone. Not yet."""
    his = """Jude sits in his car across the road for a long time. He thinks about the last thing he said to you. He knows it was the wrong thing.

He watches you wipe the tables through the glass. He wonders if you saw the message. His hands are cold on the wheel.

He decides he will go in. He does not move."""
    a = analysis_of(reader + "\n\n" + his, [YN, JUDE])
    a = _with_reader(a, 0)
    assert scene_starts(a) == ["You get to", "Jude sits in"]
    assert [a.cast.characters[s.pov].name for s in a.scenes] == ["Y/N", "Jude"]


def _with_reader(a: Analysis, reader: int) -> Analysis:
    """The analysis redone from the scene stage on with ``Cast.reader`` set, as the cast stage will."""
    cast = replace(a.cast, reader=reader)
    txt = text.segment(a.work)
    qs = quotes.find(txt)
    sc = scenes.segment(a.work, txt, qs, cast, a.speakers)
    fe = feelings.measure(txt, qs, cast, a.speakers, sc)
    nw = network.build(a.work, txt, qs, cast, a.speakers, sc, fe)
    cr = craft.review(a.work, txt, qs, cast, a.speakers, sc, fe)
    return Analysis(a.work, txt, qs, cast, a.speakers, sc, fe, nw, cr)


def test_a_single_paragraph_in_another_head_is_not_a_scene_change():
    hop = ("Pim, at the next desk, watched her. Pim thought she looked ill. Pim wondered whether he should say "
           "something, and he decided he would not.")
    parts = ROSA_IN_THE_OFFICE.split("\n\n")
    story = "\n\n".join(parts[:2] + [hop] + parts[2:])
    a = analysis_of(story, [NELL, ROSA, PIM])
    assert len(a.scenes) == 1
    assert a.cast.characters[a.scenes.scenes[0].pov].name == "Rosa"
    (hop,) = a.scenes.head_hops
    assert "Pim" in hop.message and a.text.text[hop.start:hop.end].startswith("Pim thought")


def test_a_weekday_meal_or_span_opening_a_paragraph_is_a_time_jump():
    assert scenes.opener_score("Tuesday dinner at the old farmhouse was a battlefield.") >= scenes.THRESHOLD
    assert scenes.opener_score("Saturday night, and the harbour bar was packed.") >= scenes.THRESHOLD
    assert scenes.opener_score("For two years Mara wrote to him every month.") >= scenes.THRESHOLD


def test_after_that_or_a_duration_inside_a_clause_is_not_a_jump():
    # "after that" qualifying a noun, "for a hundred years" as how long someone waited: same scene
    assert scenes.opener_score("The quiet after that lasted so long that Odo began to count.") == 0.0
    assert scenes.opener_score("Pell looked up at last, the way he had been looking for a hundred years.") == 0.0
    # but "after that" closing or opening the clause still moves the story on
    assert scenes.opener_score("It turned into a habit, after that.") >= scenes.THRESHOLD
    assert scenes.opener_score("After that, nobody mentioned the boat.") >= scenes.THRESHOLD


def test_where_the_evidence_leaves_a_pov_change_open_it_lands_where_the_prior_points():
    # two focal characters; paragraphs 6-9 say nothing about either head: the change may fall on
    # any of them, and falls on the one the placement prior marks (else the earliest)
    emit = np.zeros((16, 2))
    emit[:6, 0] = 0.3
    emit[10:, 1] = 0.3
    hard = {0: ("start", 1.0)}
    assert sorted(scenes.decode(hard, [], emit, [0, 1], 0.35)) == [0, 6]
    prior = np.zeros(16)
    prior[8] = scenes.PLACEMENT
    assert sorted(scenes.decode(hard, [], emit, [0, 1], 0.35, prior=prior)) == [0, 8]


def test_the_placement_prior_marks_a_narration_paragraph_where_the_vocabulary_changes():
    harbour = ("The harbour wall was slick with weed, and the gulls screamed over the fishing boats. "
               "Nets lay drying on the quay beside crates of mackerel and coils of rope.")
    orchard = ("The orchard was heavy with apples, and wasps drifted between the branches. "
               "Ladders leaned against the trunks beside baskets of windfalls and bundles of straw.")
    story = "\n\n".join([harbour] * 12 + [orchard] * 12)
    work = work_of(story)
    txt = text.segment(work)
    qs = quotes.find(txt)
    ev = pov.evidence(txt, qs, cast_of(story, []))
    prior = scenes.placement(txt, ev)
    assert prior[12] == scenes.PLACEMENT
    assert prior[5] == 0.0 and prior[18] == 0.0

"""Feelings: valence per paragraph and scene, arcs, and how each pair of characters gets on."""

from __future__ import annotations

from fabula import feelings

try:
    from test_scenes_support import analysis_of
except ImportError:  # tests run as a package
    from tests.test_scenes_support import analysis_of

IVY = ("Ivy", "she/her", ("Ivy",))
MARCUS = ("Marcus", "he/him", ("Marcus",))
TOM = ("Tom", "he/him", ("Tom",))


def test_a_joyful_paragraph_is_positive_and_a_grim_one_negative():
    story = ("The garden was beautiful in the sunshine, and Ivy laughed with delight at the wonderful surprise.\n\n"
             "The house burned. Everyone she loved was dead, and she wept in misery and terror among the ruins.")
    a = analysis_of(story, [IVY])
    happy, grim = a.feelings.paragraph_valence
    assert happy > 0.3
    assert grim < -0.3


def test_negation_turns_valence_around():
    assert feelings.valence("She was happy.") > 0
    assert feelings.valence("She was not happy.") < 0
    assert feelings.valence("He was never cruel to her.") > feelings.valence("He was cruel to her.")


def test_but_and_boosters_weigh_as_in_vader():
    assert feelings.valence("The food was good, but the company was awful.") < 0
    assert feelings.valence("It was extremely good.") > feelings.valence("It was good.")
    assert feelings.valence("It was good!") > feelings.valence("It was good.")


def test_the_story_arc_rises_when_the_story_goes_from_grief_to_joy():
    grief = "Ivy wept at the grave. The loss was terrible and the grief was unbearable.\n\n" * 10
    joy = "Ivy laughed in the sunshine. The wedding was wonderful and everyone was happy.\n\n" * 10
    a = analysis_of(grief + joy, [IVY])
    arc = a.feelings.arc
    assert len(arc) == feelings.ARC_POINTS == 100
    assert arc[5] < 0 < arc[95]
    assert arc.index(max(arc)) > 50 > arc.index(min(arc))


def test_scene_valence_follows_the_scene():
    story = ("Ivy wept at the grave. The loss was terrible.\n\n* * *\n\n"
             "Ivy laughed at the party. It was a wonderful, happy night.")
    a = analysis_of(story, [IVY])
    sad, glad = a.feelings.scene_valence
    assert sad < 0 < glad


def test_each_speaking_character_gets_an_arc_from_what_they_say():
    story = "\n\n".join(['"What a lovely, wonderful day," said Ivy. "I am so happy."',
                         '"This is awful. I hate it, and I hate you," said Tom.'] * 4)
    a = analysis_of(story, [IVY, TOM])
    ivy, tom = 0, 1
    assert set(a.feelings.character_arcs) == {ivy, tom}
    assert len(a.feelings.character_arcs[ivy]) == 100
    assert sum(a.feelings.character_arcs[ivy]) > 0 > sum(a.feelings.character_arcs[tom])


QUARREL_THEN_KISS = """"I hate you," Ivy told Marcus. "You are a liar and a monster."

"You are a foolish, stubborn child," said Marcus.

"Get out of my house," said Ivy.

* * *

"I missed you," Ivy told Marcus. "I love you, you ridiculous man."

"And I love you, darling," said Marcus, and he kissed her.

"Stay," said Ivy. "Please stay."
"""


def test_a_relationship_that_warms_up_is_tender_at_the_end():
    a = analysis_of(QUARREL_THEN_KISS, [IVY, MARCUS])
    (rel,) = a.feelings.relationships
    assert {rel.a, rel.b} == {0, 1}
    assert rel.exchanges == 6
    assert rel.scenes == (0, 1)
    first, last = rel.arc
    assert first < 0 < last
    assert rel.romantic
    cues = {a.text.text[c.start:c.end].lower() for c in rel.cues}
    assert {"darling", "kissed"} <= cues


def test_friends_who_talk_kindly_are_not_marked_romantic():
    story = """"Thank you for the help, Tom," said Ivy. "You are a good friend."

"Any time," said Tom. "I am glad you are safe."

"See you tomorrow," said Ivy."""
    a = analysis_of(story, [IVY, TOM])
    (rel,) = a.feelings.relationships
    assert rel.tone > 0.2
    assert not rel.romantic
    assert rel.cues == ()


def test_the_tone_of_what_each_says_to_the_other():
    story = """"You are wonderful, and I adore you," said Ivy to Marcus.

"Go away. I hate you, you awful girl," said Marcus.

"You are so kind and so lovely," said Ivy.

"Leave me alone. You disgust me," said Marcus."""
    a = analysis_of(story, [IVY, MARCUS])
    (rel,) = a.feelings.relationships
    ivy_to_marcus, marcus_to_ivy = rel.tones  # (a -> b, b -> a), a = Ivy (C1)
    assert (rel.a, rel.b) == (0, 1)
    assert ivy_to_marcus > 0.3 > -0.3 > marcus_to_ivy


def test_a_quote_with_no_addressee_is_said_to_the_other_side_of_the_conversation():
    a = analysis_of(QUARREL_THEN_KISS, [IVY, MARCUS], addressed=False)
    (rel,) = a.feelings.relationships
    assert rel.exchanges == 6


def test_emotions_are_off_by_default():
    a = analysis_of(QUARREL_THEN_KISS, [IVY, MARCUS])
    assert a.feelings.emotions is None


def test_smoothed_arc_keeps_the_shape_of_a_rise():
    values = [-1.0] * 50 + [1.0] * 50
    arc = feelings.smooth_arc(range(100), values, lo=0, hi=100)
    assert len(arc) == 100
    assert arc[0] < -0.5 and arc[-1] > 0.5
    assert all(arc[i] <= arc[i + 1] + 0.2 for i in range(20, 80))


def test_emotions_on_request_count_the_eight_nrc_emotions_per_scene(monkeypatch):
    # a stand-in lexicon: the real NRC EmoLex comes only with the optional NRCLex package
    lexicon = {"wept": ["sadness"], "grave": ["fear", "sadness"], "laughed": ["joy"], "party": ["joy", "anticipation"]}
    monkeypatch.setattr(feelings, "_emolex", lambda: lexicon)
    story = "Ivy wept at the grave.\n\n* * *\n\nIvy laughed at the party."
    a = analysis_of(story, [IVY])
    emo = feelings.scene_emotions(a.text, a.scenes)
    assert set(emo) == set(feelings.EMOTIONS)
    assert emo["sadness"][0] > 0 == emo["sadness"][1]
    assert emo["joy"][1] > 0 == emo["joy"][0]


def test_emotions_are_none_without_the_optional_lexicon(monkeypatch):
    monkeypatch.setattr(feelings, "_emolex", lambda: None)
    a = analysis_of("Ivy wept at the grave.", [IVY])
    assert feelings.scene_emotions(a.text, a.scenes) is None

"""A denied verb of saying ("was not going to mention", "didn't say") closing the narration before a
line is no speech tag: the line stays with the paragraph's speaker."""

from __future__ import annotations

from tests.test_speakers import attribute

ORLA = ("Orla", ("Orla",), "she/her")
WENDEL = ("Wendel", ("Wendel",), "he/him")


def test_a_negated_verb_of_saying_before_a_line_is_not_its_tag():
    story = ('Orla came in out of the rain.\n\n"How many leaks?" Orla asked.\n\n'
             '"Four." Wendel knelt by the bucket. There was mud on his sleeve that Orla was not going '
             'to mention. "Five, if you count the cellar."')
    out = attribute(story, [ORLA, WENDEL])
    assert [s for s, _, _ in out] == ["Orla", "Wendel", "Wendel"]
    assert out[2][2] == "implicit"


def test_an_unnegated_verb_of_saying_before_a_line_still_tags_it():
    story = ('Orla came in out of the rain.\n\n"How many leaks?" Wendel asked.\n\n'
             '"Four." Orla knelt by the bucket, and then Wendel said, "Five, if you count the cellar."')
    out = attribute(story, [ORLA, WENDEL])
    assert out[2][0] == "Wendel"
    assert out[2][2] == "explicit"


def test_a_denied_verb_of_restraint_affirms_the_tag():
    story = ('Orla came in out of the rain.\n\n"How many leaks?" Wendel asked.\n\n'
             '"Four." Orla knelt by the bucket. Wendel could not help saying, "Five, if you count the cellar."')
    out = attribute(story, [ORLA, WENDEL])
    assert out[2][0] == "Wendel"
    assert out[2][2] == "explicit"

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


def test_a_parenthetical_verb_of_saying_inside_a_clause_is_not_the_next_lines_tag():
    story = ('Orla came in out of the rain.\n\n"Was he right?" Orla asked.\n\n'
             '"No," said Wendel, who for once, Orla thought, might have a point. "He was not."')
    out = attribute(story, [ORLA, WENDEL])
    assert [s for s, _, _ in out] == ["Orla", "Wendel", "Wendel"]


def test_a_line_that_names_its_addressee_is_not_given_to_that_addressee():
    from tests.test_speakers import speakers_of

    story = ('Wendel sat on the roof. Orla climbed up beside him.\n\n"You missed supper," Orla said.\n\n'
             '"I was reading."\n\n"Your book is upside down."\n\n"Maybe I like it that way."\n\n'
             '"Maybe you are a liar."\n\n"Oh, Orla, you wound me."')
    assert speakers_of(story, [ORLA, WENDEL])[-1] == "Wendel"

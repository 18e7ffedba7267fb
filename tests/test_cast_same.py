"""Same character or two? Name forms that fit each other but belong to different people
(snippets written for these tests)."""

from __future__ import annotations

from test_cast import cast_of, who

FATHER_AND_SON = """\
Old Edward Pell kept the forge at the end of the lane, and his son Ned Pell kept out of it whenever he could.

"You'll learn the trade," said Edward Pell, "whether you like it or not."

"I won't," said Ned. Ned was seventeen and certain of everything. His father only laughed.

Edward turned back to the fire. "We'll see," he said. Ned slammed the door behind him.

That night Ned Pell walked to the river. He thought about his father, and about Edward Pell's hands, black to the wrist.

"Ned!" his father called from the door. Ned did not answer. Edward sighed and went in.
"""


def test_a_son_is_not_merged_with_his_father_through_a_nickname():
    c = cast_of(FATHER_AND_SON)
    assert who(c, "Ned Pell") is not who(c, "Edward Pell")
    assert who(c, "Ned") is who(c, "Ned Pell")
    assert who(c, "Edward") is who(c, "Edward Pell")


def test_a_titled_given_name_joins_the_titled_person():
    story = """\
Sir Hugh Arden rode in at noon, and the whole house went out to meet him. Sir Hugh was not a patient man.

"Where is the boy?" asked Sir Hugh. Nobody answered him.

Hugh Garnet, the steward's son, was hiding in the loft. Hugh Garnet had broken the gate again.

"Come down, Hugh," called his mother. Hugh came down slowly.

Sir Hugh looked at him for a long moment. "So you are the one," he said. Hugh Garnet said nothing.
"""
    c = cast_of(story)
    assert who(c, "Sir Hugh") is who(c, "Sir Hugh Arden")
    assert who(c, "Sir Hugh") is not who(c, "Hugh Garnet")


def test_a_speaker_who_denies_a_name_is_not_that_person():
    story = """\
Everyone on the river knew Finch. For years Finch had run the ferry; now Finch was gone, and nobody knew where.

"They call me Finch, but I'm not Finch!" cried Wren, when the sergeant grabbed her arm.

The sergeant let go. Wren rubbed her wrist. "Finch is my uncle," she said. "Find him yourself."

They said later that Finch had gone north with the geese, and that Finch laughed about it.
"""
    c = cast_of(story)
    assert who(c, "Wren") is not who(c, "Finch")


def test_a_speaker_who_names_themself_is_that_person():
    story = """\
The stranger at the gate wore a grey hood. "Call me Lark," said the stranger, and the guards let her in.

Lark walked through the market without looking back. Lark knew the way.

"You came," said Osric, when Lark found him. Lark smiled.
"""
    c = cast_of(story)
    assert who(c, "Lark") is not who(c, "Osric")


MOTHER_AND_DAUGHTER = """\
Isolde Marrow came down to breakfast late. Mrs. Marrow had already poured the tea.

"Sit," said Mrs. Marrow, and Isolde sat. Isolde buttered her toast while Mrs. Marrow read the paper.

"Any letters?" asked Isolde. "None for you," said Mrs. Marrow. Isolde frowned and ate her toast.
"""


def test_mrs_named_beside_the_only_given_name_of_her_surname_is_someone_else():
    c = cast_of(MOTHER_AND_DAUGHTER)
    assert who(c, "Mrs. Marrow") is not who(c, "Isolde Marrow")
    assert who(c, "Isolde") is who(c, "Isolde Marrow")


def test_a_mans_given_name_alone_is_not_the_wife_styled_by_it():
    from fabula.cast.clustering import _not_styled_by_him
    from fabula.cast.working import _Cluster

    husband = _Cluster(firsts={"oswald"}, lasts={"thane"}, count=9)
    wife = _Cluster(firsts={"oswald"}, titles={"Mrs"}, count=7)  # "Mrs. Oswald", styled by his name
    assert _not_styled_by_him([husband, wife], "oswald") == [husband]
    assert _not_styled_by_him([wife], "oswald") == [wife]  # no one else: left alone
    jordan_wife = _Cluster(firsts={"jordan"}, titles={"Mrs"}, count=7)
    assert _not_styled_by_him([husband, jordan_wife], "jordan") == [husband, jordan_wife]  # either gender's name

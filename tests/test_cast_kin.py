"""Kin terms used as names ("Mum, you can't", "said Papa") are the parent they name.

Every snippet here is written for these tests.
"""

from __future__ import annotations

from tests.test_cast import cast_of

FAMILY = """\
Tamsin Quorn came home late on Friday. Mrs. Quorn was waiting in the kitchen, and Mr. Quorn was
asleep in his chair by the fire.

"You're late," said Mrs. Quorn. "I kept you some soup."

"Mum, you didn't have to," said Tamsin. She sat down and Mrs. Quorn put the bowl in front of her.

"Dad, wake up," said Tamsin. Mr. Quorn opened one eye. "Your daughter's home."

"So she is," said Mr. Quorn. "Mum says you've got a new job, Tamsin."

"Mum says a lot of things," said Tamsin, and Mrs. Quorn laughed. Tamsin kissed Mrs. Quorn goodnight.
"""


def test_a_kin_term_in_address_is_the_titled_parent_of_the_family() -> None:
    c = cast_of(FAMILY)
    assert "Mum" in c.alias_of("Mrs. Quorn").aliases
    assert "Dad" in c.alias_of("Mr. Quorn").aliases


def test_a_kin_term_after_a_possessive_is_no_name() -> None:
    c = cast_of(FAMILY + "\nShe thought of her mum and her dad, and of my Mum's old kitchen.\n")
    mum = c.alias_of("Mrs. Quorn")
    s = FAMILY + "\nShe thought of her mum and her dad, and of my Mum's old kitchen.\n"
    assert all(s[m.start:m.end] != "Mum" or m.start < len(FAMILY) for m in c.mentions if m.character == mum.index)


NO_PARENT = """\
Wren Ashby came in with the shopping. "Mom, where do these go?" asked Wren.

"On the shelf," said Mom. "And take your boots off."

Wren took her boots off. "Mom, is there tea?"
"""


def test_a_kin_term_with_no_titled_parent_is_a_character_of_its_own() -> None:
    c = cast_of(NO_PARENT)
    mom = c.alias_of("Mom")
    assert mom is not None and mom is not c.alias_of("Wren")


def test_a_possessive_parent_term_is_the_parent_of_the_family_of_a_child_of_that_sex() -> None:
    s = FAMILY + '\nTamsin opened the letter at the table. "Is that the post?" asked her father.\n'
    c = cast_of(s)
    dad = c.alias_of("Mr. Quorn")
    at = s.rindex("her father")
    assert any(m.start == at and m.character == dad.index for m in c.mentions)
    assert dad.name == "Mr. Quorn"
    assert "her father" not in dad.aliases  # a mention relative to someone else is no alias


def test_a_possessive_parent_term_with_no_child_of_that_sex_stays_a_description() -> None:
    s = FAMILY + '\nTamsin opened the letter at the table. "Is that the post?" asked his father.\n'
    c = cast_of(s)
    at = s.rindex("his father")
    assert not any(m.start <= at < m.end for m in c.mentions)


def test_a_possessive_parent_term_with_no_titled_parent_stays_a_description() -> None:
    s = ('Tamsin Quorn came home late. Her brother Ned Quorn was asleep.\n\n'
         '"You are late," said her father, and Tamsin shrugged.\n')
    c = cast_of(s)
    at = s.index("her father")
    assert not any(m.start <= at < m.end for m in c.mentions)

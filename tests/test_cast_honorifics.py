"""A plain honorific on a family's surname ("Miss Quorn", "Mr. Quorn") and the family member it
stands for; one honorific in two languages ("Monsieur Pryce", "Mr. Pryce"). Snippets written for
these tests."""

from __future__ import annotations

from test_cast import cast_of, who

from fabula.cast.forms import sisters_of
from fabula.names import same_honorific

ONE_DAUGHTER = """\
Tamsin Quorn came home from the mill late on Friday. Mrs. Quorn had kept the soup warm, as she always did;
Amos Quorn, her father, was asleep in his chair. Amos Quorn slept most evenings.

"You're late again," said Mrs. Quorn. "Sit down, child."

"The looms broke twice," said Tamsin. She ate in silence while her mother mended a stocking by the fire.

On Sunday the curate called. "Good morning, Miss Quorn," he said at the gate, and Miss Quorn smiled and
asked him in. Miss Quorn poured the tea herself. Tamsin liked the curate, though she would not say so.

"Will Miss Quorn be at the fair?" the curate asked Mrs. Quorn at the door.
"""


def test_miss_and_the_surname_is_the_one_daughter_with_a_full_name():
    c = cast_of(ONE_DAUGHTER)
    assert who(c, "Miss Quorn") is who(c, "Tamsin Quorn")
    assert who(c, "Mrs. Quorn") is not who(c, "Tamsin Quorn")


SISTERS = ONE_DAUGHTER + """
The Miss Quorns were all at the fair, the eldest in her blue bonnet.
"""


def test_with_several_daughters_miss_and_the_surname_is_the_eldest_not_the_one_named_most():
    c = cast_of(SISTERS)
    assert who(c, "Miss Quorn") is not who(c, "Tamsin Quorn")


def test_sisters_are_read_from_the_plural_not_from_a_surname_ending_in_s():
    assert sisters_of("the Miss Quorns and the Misses Harrow came") == {"quorn", "harrow"}
    assert "bates" not in sisters_of("Miss Bates was there.")


ONE_SON = """\
Wilfred Garrow had come back from the city with a cough and a great many books. His mother, Mrs. Garrow,
was glad of him, and so was his sister Brenda Garrow. Wilfred read by the window all afternoon; Brenda Garrow
sewed beside him and she said nothing.

"You will stay till the spring?" said Mrs. Garrow.

"Till the summer, if you will have me," said Wilfred. He smiled at her and went back to his book.

At the vicarage they talked of nothing else. "Mr. Garrow is home," the vicar's wife said. "Mr. Garrow
reads Greek, they say." Mr. Garrow called on them the next week and was found very agreeable.
"""


def test_mister_and_the_surname_is_the_one_man_of_the_family():
    c = cast_of(ONE_SON)
    assert who(c, "Mr. Garrow") is who(c, "Wilfred Garrow")
    assert who(c, "Mrs. Garrow") is not who(c, "Wilfred Garrow")


def test_an_honorific_in_another_language_is_the_same_title():
    assert same_honorific("Mr", "Monsieur") and same_honorific("Miss", "Mlle.") and same_honorific("Mrs", "Madame")
    assert not same_honorific("Mr", "Master") and not same_honorific("Mrs", "Miss") and not same_honorific("Dr", "Mr")


TWO_TONGUES = """\
Aurelien Pryce kept the little hotel by the harbour. Everyone called him Monsieur Pryce, even the English.

"Another room, Monsieur Pryce?" asked the porter. Monsieur Pryce nodded and went up the stairs.

The English visitors were less sure of their French. "Mr. Pryce," said one of them at breakfast, "is the
boat on time?" Mr. Pryce said it never was. Monsieur Pryce laughed about it afterwards.
"""


def test_monsieur_and_mister_on_one_surname_are_one_man():
    c = cast_of(TWO_TONGUES)
    assert who(c, "Mr. Pryce") is who(c, "Monsieur Pryce")

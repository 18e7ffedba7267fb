"""Is this capitalised word a person? Snippets written for these tests."""

from __future__ import annotations

from test_cast import cast_of, names, who


def test_a_lead_named_by_an_interjection_word_is_a_character():
    story = """\
Nobody in the village remembered who had first called the girl Hush. Hush did not mind.

"You're late," said Hush, when Tobin finally came up the hill. Tobin shrugged.

"The ford was up," he said. Hush laughed at him and took the basket.

Later Tobin watched Hush climb the wall. "Careful, Hush," he called. Hush only waved.
"""
    c = cast_of(story)
    hush = who(c, "Hush")
    assert hush is not who(c, "Tobin")
    assert hush.pronouns is None or hush.pronouns == "she/her"


def test_sentence_opening_interjections_and_adverbs_are_not_characters():
    story = """\
Alas, the bridge was out again. Suddenly the rain came down in sheets, and Orla ran for the mill.

"Indeed," said Orla to the miller. "Alas, I have no coin." Meanwhile the river rose.

Nonsense, she told herself. Alas for the harvest. Perhaps tomorrow would be dry.
"""
    c = cast_of(story)
    assert "Orla" in names(c)
    for word in ("Alas", "Suddenly", "Indeed", "Meanwhile", "Nonsense", "Perhaps"):
        assert word not in names(c)


def test_a_hero_name_made_of_ordinary_words_is_one_character():
    story = """\
The alarm went at midnight. Quiet Storm was already on the roof when the others arrived.

"Took you long enough," said Quiet Storm. Renko rolled his eyes.

"Some of us sleep," Renko said. Quiet Storm laughed and stepped off the ledge.

Renko followed Quiet Storm down into the dark, swearing the whole way.
"""
    c = cast_of(story)
    storm = who(c, "Quiet Storm")
    assert storm is not who(c, "Renko")


def test_a_title_word_used_bare_as_a_given_name_is_a_name():
    story = """\
Earl Maddox had driven the same truck for twenty years. Earl liked it that way.

"It runs," said Earl, when Juno asked about the noise. Juno did not believe him.

Earl laughed. "It runs," he said again, and Juno gave up. Earl drove on into the night.
"""
    c = cast_of(story)
    earl = who(c, "Earl")
    assert who(c, "Earl Maddox") is earl
    assert earl.pronouns == "he/him"

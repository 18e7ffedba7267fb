"""The Reader of a second-person reader insert (snippets written for these tests)."""

from __future__ import annotations

from test_cast import cast_of, who

READER_INSERT = """\
You shove the door open with your hip, arms full of groceries, and there he is on your couch again.

"Y/N," Corvin says, not looking up from the game. "You're late."

"I'm not late. You're early," you say. He grins at you, and you roll your eyes at him.

You drop the bags on the counter. Corvin follows you into the kitchen and steals an apple.

"Put that back," you tell him. He takes a bite instead, and you sigh.
"""


def test_reader_insert_has_a_reader_with_its_placeholder_and_you():
    c = cast_of(READER_INSERT)
    assert c.reader is not None
    reader = c.characters[c.reader]
    assert reader.name == "Reader"
    assert {"Y/N", "you", "Reader"} <= set(reader.aliases)
    assert who(c, "Corvin").index != c.reader
    assert any(m.kind == "reader" and m.character == c.reader for m in c.mentions)


def test_reader_without_placeholders_still_found_from_second_person_narration():
    story = READER_INSERT.replace('"Y/N," Corvin says', '"Hey," Corvin says')
    c = cast_of(story)
    assert c.reader is not None
    assert c.characters[c.reader].name == "Reader"


def test_reader_pronouns_from_the_text():
    story = READER_INSERT + "\nY/N shrugs. She never looks back, and Corvin hates that she is right.\n"
    c = cast_of(story)
    assert c.characters[c.reader].pronouns == "she/her"


def test_first_person_story_has_no_reader():
    story = """\
I kept the letter for a week before I opened it. You would think I had learned by then.

"Open it," said Maren. I did. I read it twice, and then I read it to her.

I never answered it. Maren said I was a coward, and I suppose I was.
"""
    c = cast_of(story)
    assert c.reader is None
    assert c.narrator is not None


def test_a_declared_pairing_with_the_reader_names_the_readers_partner():
    c = cast_of(READER_INSERT, relationships=("Corvin x Reader",))
    assert c.partners == (who(c, "Corvin").index,)
    c = cast_of(READER_INSERT, relationships=("Corvin/You (Fandom)",))
    assert c.partners == (who(c, "Corvin").index,)


def test_a_pairing_without_the_reader_names_no_partner():
    assert cast_of(READER_INSERT, relationships=("Corvin/Maren",)).partners == ()
    assert cast_of(READER_INSERT).partners == ()

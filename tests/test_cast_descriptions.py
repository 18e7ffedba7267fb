"""Definite descriptions used as names ("the smith said"), linked to the lead they stand for.

Every snippet here is written for these tests.
"""

from __future__ import annotations

from tests.test_cast import cast_of

TWO_LEADS = """\
Halvard Brisk pushed the forge door open with his shoulder. "You're late," said Osric.

"I'm always late," said Halvard. He set the basket down. "Bread, cheese, and a letter for you."

"Put it there." Osric did not look up from the anvil.

Halvard watched him work. The smith rubbed his jaw with the back of one hand and frowned at the blade.

"It won't take an edge," Osric said. "Three days, and it won't take an edge."

"Then let it rest," said Halvard.

"Rest," said the smith. "Rest, he says."

Osric sighed. Halvard laughed and sat down on the bench, and the smith smiled all the same.

"Read me the letter, Halvard."

Halvard broke the seal. The smith leaned against the anvil and waited.

"It's from your sister," said Halvard. "She wants you home."
"""


def test_a_description_next_to_one_leads_name_is_the_other_lead() -> None:
    c = cast_of(TWO_LEADS)
    smith = c.alias_of("Osric")
    assert smith is not None and "the smith" in smith.aliases
    assert "the smith" not in c.alias_of("Halvard").aliases


def test_the_description_mentions_belong_to_its_lead() -> None:
    c = cast_of(TWO_LEADS)
    osric = c.alias_of("Osric").index
    s = TWO_LEADS
    epithets = [m for m in c.mentions if s[m.start:m.end].lower() == "the smith"]
    assert len(epithets) == 4 and all(m.character == osric and m.kind == "epithet" for m in epithets)


def test_a_thing_that_acts_is_no_description_of_a_person() -> None:
    story = TWO_LEADS + ("\nThe door opened and the door closed. Osric looked at the door, and Halvard "
                         "opened the door again. The door creaked.\n")
    c = cast_of(story)
    assert all("the door" not in ch.aliases for ch in c.characters)


MANY = """\
Wren Ashby met Piran at the gate. "You came," said Wren.

"I said I would," said Piran. Behind them Casimir Vale and Tobin Marsh were arguing, and Lettice Hart
laughed at them both. "Stop it, Tobin," said Lettice.

"He started it," said Tobin. Casimir shrugged. "I always start it," said Casimir.

Wren turned to the stranger by the wall. The stranger smiled and said nothing.

"Who are you?" asked Piran. The stranger shrugged his shoulders.

"A friend of Lettice's," said the stranger.

"Never seen him," said Lettice. Tobin frowned at the stranger, and Casimir frowned too.
"""


def test_no_link_when_the_story_is_not_carried_by_two_leads() -> None:
    c = cast_of(MANY)
    assert all("the stranger" not in ch.aliases for ch in c.characters)


WALK_ON = """\
Tarin Vell walked into the mill yard at dawn, and Edda Brisk came after him with the cart.

"You are late again," said the miller.

"The road was flooded," said Tarin.

"Flooded! Every week it is flooded," said the miller. "Carry the sacks in."

Tarin lifted the first sack. Edda held the horse. The miller watched them from the door.

"Is that all of them?" asked the miller.

"Yes," said Edda.
"""


def test_a_walk_on_who_speaks_and_is_never_named_is_a_character_of_their_own() -> None:
    c = cast_of(WALK_ON)
    miller = c.alias_of("the miller")
    assert miller is not None and miller.name == "the miller"
    assert miller not in (c.alias_of("Tarin"), c.alias_of("Edda"))


def test_the_walk_on_speaks_the_lines_its_tags_give_it() -> None:
    from fabula import cast, ingest, quotes, speakers, text

    w = ingest.read(WALK_ON)
    t = text.segment(w)
    q = quotes.find(t)
    c = cast.build(w, t, q)
    sp = speakers.attribute(t, q, c)
    lines = {t.text[q[a.quote].start:q[a.quote].end].strip("\"“”"): c.characters[a.speaker].name for a in sp}
    assert lines["You are late again,"] == "the miller"
    assert lines["Is that all of them?"] == "the miller"


def test_a_description_in_apposition_with_a_name_is_no_character_of_its_own() -> None:
    c = cast_of(WALK_ON.replace("said the miller.", "said Gorm Hale, the miller.", 1))
    assert c.alias_of("the miller") is None or c.alias_of("the miller").name != "the miller"


def test_a_word_for_anyone_never_becomes_a_character() -> None:
    c = cast_of(WALK_ON.replace("miller", "man"))
    assert c.alias_of("the man") is None


def test_a_walk_on_mostly_talked_about_is_still_a_character_of_their_own() -> None:
    talk = "\n\n".join(f"Edda spoke for a while about the miller and {x}." for x in
                       ("his prices", "his dog", "his brother", "the flood", "the old road", "his debts", "the fair"))
    c = cast_of(WALK_ON + "\n" + talk + "\n")
    miller = c.alias_of("the miller")
    assert miller is not None and miller.name == "the miller"


def test_what_is_said_or_asked_is_no_character() -> None:
    story = """Tarin Vell and Edda Brisk came to the mill, and Gorm Hale, Orla Fenn and Pell Dray came after.

"Will he pay?" Edda asked the question.

"He will," said Tarin. Gorm laughed. Orla nodded. Pell smiled.

"When?" Orla asked the question.

"Tomorrow," said Gorm.
"""
    from fabula import ingest, quotes, text
    from fabula.cast.descriptions import description_occurrences, own_descriptions
    from fabula.cast.mentions import reading

    w = ingest.read(story)
    t = text.segment(w)
    rd = reading(w, t, quotes.find(t), [])
    by_word = description_occurrences(rd.s, t.paragraphs, rd.quote_piece, rd.piece_starts, rd.piece_ends)
    assert len(by_word["question"]) == 2  # both right beside a quotation, after a verb of saying
    assert own_descriptions(rd.s, by_word, [], {}, rd.piece_starts, rd.piece_ends, t.paragraphs, rd.sent_starts) == []


def _far_apart(first: str, second: str) -> str:
    """Two scenes with a long stretch of narration between them (more than a quarter of the story and
    more than a scene's length), in which nobody is named."""
    chores = ("the barley", "the nets", "the roof", "the goats", "the well", "the fence", "the boat",
              "the orchard", "the ledger", "the cellar", "the loom", "the mill wheel")
    between = "\n\n".join(f"The {d} day went on {x}, and nobody said much about it."
                          for d in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
                          for x in chores)
    return first + "\n\n" + between + "\n\n" + second


FERRY_EARLY = """\
Ilse reached the landing before noon. Joran was already there, sitting on his pack.

"Two for the far bank," said Ilse.

"Two it is," said the ferryman. "Mind the rope."

Joran climbed in first. Ilse paid the coins and followed him."""

FERRY_LATE = """\
Years later Maren came down to the same landing with her brother Dov.

"Is the river high today?" asked Maren.

"High enough," said the ferryman. "Sit in the middle."

Dov laughed at that, and Maren pulled him down onto the bench."""


def test_a_walk_on_of_scenes_far_apart_among_other_people_is_a_character_of_their_own() -> None:
    c = cast_of(_far_apart(FERRY_EARLY, FERRY_LATE))
    ferryman = c.alias_of("the ferryman")
    assert ferryman is not None and ferryman.name == "the ferryman"
    assert ferryman not in (c.alias_of("Ilse"), c.alias_of("Maren"), c.alias_of("Joran"))


STUDIO_EARLY = """\
Corvin sat at the wheel all morning. Ilse came in with the bread.

"You have not eaten," said Ilse.

"I have not," said the potter. "The light is too good to waste."

Corvin wiped the clay from his hands. Ilse set the bread beside the jars."""

STUDIO_LATE = """\
Corvin was at the wheel again when the rain came. Ilse brought the lamp.

"Finished?" asked Ilse.

"Never," said the potter. "Not this one."

Corvin laughed and set the bowl on the shelf to dry."""


def test_a_leads_epithet_across_the_story_is_no_character_of_its_own() -> None:
    # the named potter is in every scene where "the potter" speaks and never beside it in a sentence
    c = cast_of(_far_apart(STUDIO_EARLY, STUDIO_LATE))
    found = c.alias_of("the potter")
    assert found is None or found.name != "the potter"
    assert c.alias_of("Corvin") is not None


def test_a_title_nobody_is_named_with_can_be_a_walk_on() -> None:
    c = cast_of(WALK_ON.replace("miller", "sergeant"))
    sergeant = c.alias_of("the sergeant")
    assert sergeant is not None and sergeant.name == "the sergeant"


def test_a_title_someone_is_named_with_is_no_walk_on() -> None:
    story = WALK_ON.replace("miller", "sergeant") + '\n"Sergeant Holm will see you now," said Tarin.\n'
    c = cast_of(story)
    found = c.alias_of("the sergeant")
    assert found is None or found.name != "the sergeant"


def test_a_walk_on_whose_tags_put_the_verb_after_is_a_character_of_their_own() -> None:
    story = WALK_ON.replace("said the miller.", "the miller cried.").replace(
        "said the miller. \"Carry", "the miller cried. \"Carry").replace("asked the miller.", "the miller called.")
    assert "said the miller" not in story and "asked the miller" not in story
    c = cast_of(story)
    miller = c.alias_of("the miller")
    assert miller is not None and miller.name == "the miller"


def test_a_word_for_anyone_made_someone_by_a_qualifier_is_a_walk_on() -> None:
    story = WALK_ON.replace("the miller", "the man in the green hat").replace("The miller", "The man in the green hat")
    c = cast_of(story)
    man = c.alias_of("the man in the green hat")
    assert man is not None and man.name == "the man in the green hat"
    assert c.alias_of("the man") is None


WALK_ON_WITH_PRONOUNS = """\
Tarin Vell walked into the mill yard at dawn, and Edda Brisk came after him with the cart.

"You are late again," said the miller. She wiped her hands on her apron.

"The road was flooded," said Tarin.

"Flooded! Every week it is flooded," said the miller. She pointed at the sacks. "Carry them in."

Tarin lifted the first sack. Edda held the horse.
"""


def test_a_walk_on_gets_the_pronouns_that_follow_its_tags() -> None:
    c = cast_of(WALK_ON_WITH_PRONOUNS)
    miller = c.alias_of("the miller")
    assert miller is not None and miller.pronouns == "she/her"

"""Who a he/she speech tag points back to (fabula.speakers.antecedents): the subject the narration
carries, as a reader follows it, not simply the last name of that gender."""

from __future__ import annotations

from fabula import ingest, quotes, text
from fabula.speakers.antecedents import antecedent
from fabula.speakers.document import Document
from tests.test_speakers import cast_of

TOBIN = ("Tobin", ("Tobin",), "he/him")
ALDO = ("Aldo", ("Aldo",), "he/him")
MIRA = ("Mira", ("Mira",), "she/her")
JUNE = ("June", ("June",), "she/her")


def _ante(story: str, people, g: str, quote: int = 0) -> str | None:
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = cast_of(txt.text, people)
    doc = Document(txt, qs, cast)
    c = antecedent(doc, qs[quote], g)
    return None if c is None else cast.characters[c].name


def test_a_pronoun_chain_carries_its_subject_past_names_inside_it():
    story = ('Aldo sat by the stove with his boots off.\n\n'
             'Tobin came in from the yard. He waited until Aldo looked up from the fire. '
             'And he knew better than to speak first.\n\n"The well is dry," he said.')
    assert _ante(story, [TOBIN, ALDO], "m") == "Tobin"


def test_a_possessive_is_not_the_subject():
    story = ("Mira knew June's moods better than her own. She knew the way June's hands went still "
             'before bad news.\n\n"Tell me," she said.')
    assert _ante(story, [MIRA, JUNE], "f") == "Mira"


def test_the_pronoun_keeps_to_its_own_gender():
    story = 'Mira watched Tobin work.\n\n"Done?" she asked.'
    assert _ante(story, [MIRA, TOBIN], "f") == "Mira"
    assert _ante(story, [MIRA, TOBIN], "m") == "Tobin"


def test_an_earlier_pronoun_tag_leaves_the_turn_to_the_conversation():
    story = 'Tobin and Aldo waited at the gate.\n\n"Ready?" he asked.\n\n"Yes," he said.'
    assert _ante(story, [TOBIN, ALDO], "m", quote=1) is None


def test_nobody_of_that_gender_named_gives_none():
    story = 'Mira shut the door.\n\n"Late again," he said.'
    assert _ante(story, [MIRA, TOBIN], "m") is None


def test_two_people_of_that_gender_in_one_sentence_leave_it_undecided():
    story = 'Mira watched June pack the last of the books.\n\n"Go, then," she said.'
    assert _ante(story, [MIRA, JUNE], "f") is None


def test_a_pronoun_before_the_name_in_its_sentence_is_someone_else():
    story = ('Mira came up the stairs with the lamp.\n\n'
             'At the landing she handed June the key and waited.\n\n"Open it," she said.')
    assert _ante(story, [MIRA, JUNE], "f") == "Mira"
    story = ('Tobin sat at the table.\n\n'
             'Leaning over the map, he showed Aldo the pass through the hills.\n\n"There," he said.')
    assert _ante(story, [TOBIN, ALDO], "m") == "Tobin"


def test_a_name_opening_its_own_clause_after_the_pronoun_stands():
    story = ('Tobin sat at the table.\n\n'
             'When he heard the latch, Aldo stood up.\n\n"Who is it?" he asked.')
    assert _ante(story, [TOBIN, ALDO], "m") == "Aldo"


def test_a_pronoun_the_name_names_does_not_rule_it_out():
    story = ('Mira had left.\n\nNobody had called him Tobin since the war, and the name made him stop.\n\n'
             '"Say it again," he said.')
    assert _ante(story, [TOBIN, MIRA], "m") == "Tobin"

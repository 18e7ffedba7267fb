"""Speaker attribution on the failure patterns seen on unseen novels (issue 9), each as an invented
snippet with what fabula must say. The cast is given (as in tests/test_speakers.py), so that these
pin down the speakers stage alone."""

from __future__ import annotations

from tests.test_speakers import attribute, speakers_of

NELL = ("Nell", ("Nell",), "she/her")
OSRIC = ("Osric", ("Osric",), "he/him")
COLONEL = ("the colonel", ("the colonel", "colonel"), "he/him")
ARTHUR = ("Arthur", ("Arthur",), "he/him")
GRETA = ("Greta", ("Greta",), "she/her")
PIM = ("Pim", ("Pim",), "he/him")
LENA = ("Lena", ("Lena",), "she/her")
BROTHER = ("Tavish", ("Tavish",), "he/him")
NARRATOR = ("Wenna", ("Wenna",), "she/her")
HOLT = ("Holt", ("Holt",), "he/him")


def test_an_untagged_run_after_a_tagged_line_alternates_from_its_anchor():
    story = ('Nell found Osric by the fire, the letter in his hand.\n\n'
             '"You kept it?" Nell asked.\n\n"I did."\n\n"Then burn it."\n\n"I cannot."')
    assert speakers_of(story, [NELL, OSRIC]) == ["Nell", "Osric", "Nell", "Osric"]


def test_the_person_addressed_by_a_vocative_answers_next():
    story = ('Nell and Osric sat at the long table with Greta.\n\n'
             '"Osric, where were you last night?" Greta said.\n\n"Out walking."')
    assert speakers_of(story, [NELL, OSRIC, GRETA]) == ["Greta", "Osric"]


def test_two_speakers_in_one_paragraph_each_get_their_own_line():
    story = ('Lena stood at the door with Tavish behind her.\n\n'
             '"Raining?" asked Lena, and Tavish called back, "Only a little."')
    assert speakers_of(story, [LENA, BROTHER]) == ["Lena", "Tavish"]


def test_a_pronoun_tag_goes_to_the_subject_of_the_narration_before_not_the_last_name():
    story = ('The room was cold.\n\n'
             'The colonel waited until Arthur sat. "Now we talk," he said.')
    assert speakers_of(story, [COLONEL, ARTHUR]) == ["the colonel"]


def test_a_tag_with_a_relative_clause_and_coordinated_verbs_names_its_subject():
    story = ('Pim had talked all evening.\n\n'
             'Greta, who had said nothing, set down her cup and murmured, "It is late."')
    assert speakers_of(story, [PIM, GRETA]) == ["Greta"]


def test_said_my_companion_is_not_the_first_person_narrator():
    story = ('I walked with Holt as far as the bridge, where we stopped.\n\n'
             '"Here we part," said my companion.')
    out = attribute(story, [NARRATOR, HOLT], narrator="Wenna")
    assert out[0][0] == "Holt"
    assert out[0][2] == "anaphoric"


def _reader_insert(story: str):
    from dataclasses import replace

    from fabula import ingest, quotes, speakers, text
    from tests.test_speakers import cast_of

    kell = ("Kell", ("Kell",), "he/him")
    reader = ("Reader", ("Y/N",), "she/her")
    txt = text.segment(ingest.read(story))
    cast = replace(cast_of(txt.text, [kell, reader]), reader=1)
    sp = speakers.attribute(txt, quotes.find(txt), cast)
    return [cast.characters[a.speaker].name if a.speaker is not None else None for a in sp]


def test_in_a_reader_insert_you_say_is_the_reader_speaking():
    story = ('You push the door open. Kell looks up from the bench.\n\n"You\'re late," he says.\n\n'
             '"Traffic," you say, dropping your bag.\n\n"Sure it was," Kell says.')
    assert _reader_insert(story) == ["Kell", "Reader", "Kell"]


def test_in_a_reader_insert_the_reader_answers_untagged_lines_addressed_to_her():
    story = ('You push the door open. Kell looks up from the bench.\n\n"You\'re late," Kell says.\n\n'
             '"Traffic."\n\n"Sure it was."\n\n"It was!" you say.')
    assert _reader_insert(story) == ["Kell", "Reader", "Kell", "Reader"]


def test_i_said_is_the_first_person_narrator():
    story = ('Holt met me at the bridge.\n\n"You came," he said.\n\n"I said I would," I said.')
    assert speakers_of(story, [NARRATOR, HOLT], narrator="Wenna") == ["Holt", "Wenna"]

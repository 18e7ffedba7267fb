"""The speech tag read beside a quotation (``speakers.tags.find_tag``) on invented snippets: which
word of the narration names the speaker.

Every snippet here is written for these tests.
"""

from __future__ import annotations

from fabula import ingest, quotes, text
from fabula.speakers.document import Document
from fabula.speakers.tags import find_tag
from tests.test_speakers import cast_of

PEOPLE = [("Greta", ("Greta",), "she/her"), ("Osric", ("Osric",), "he/him"), ("Pim", ("Pim",), "he/him"),
          ("Lena", ("Lena",), "she/her")]


def tags_of(story: str) -> list[tuple[str, str | None, str] | None]:
    """(kind, character name, tag text) of each quote's tag, None when it has none."""
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = cast_of(txt.text, PEOPLE)
    doc = Document(txt, qs, cast)
    out = []
    for q in qs:
        t = find_tag(doc, q)
        out.append(None if t is None else (t.kind, None if t.character is None else PEOPLE[t.character][0],
                                            txt.text[t.span.start:t.span.end]))
    return out


def test_a_pronoun_in_an_aside_after_the_name_is_not_the_subject():
    assert tags_of('Pim brought the box.\n\nGreta, sighing over it as he opened it, said, "It is empty."') \
        == [("name", "Greta", "Greta")]
    assert tags_of('Pim sat.\n\nOsric laughed, as he knew he must, at the joke, and then added, "Of course."') \
        == [("name", "Osric", "Osric")]


def test_a_clause_after_a_semicolon_with_no_subject_takes_the_one_before():
    story = 'Lena sat.\n\nOsric moved the lamp so that he could see her face; and said, with some impatience, "Well?"'
    assert tags_of(story) == [("name", "Osric", "Osric")]


def test_a_possessive_before_a_gerund_of_saying_names_the_speaker():
    assert tags_of('Lena sat.\n\nShe was roused by Greta\'s suddenly saying, "The coach is here."') \
        == [("name", "Greta", "Greta")]
    assert tags_of('Lena sat.\n\nShe was roused by Greta\'s giving a sigh, and saying, "The coach."') \
        == [("name", "Greta", "Greta")]


def test_an_inverted_tag_before_the_line_names_the_speaker_but_an_object_does_not():
    assert tags_of('Lena sat.\n\nSo, in a low voice, spoke Lena: "Then I will go alone."') == [("name", "Lena", "Lena")]
    # the object is not the speaker: the subject before the verb is ("I told Lena:" is said by "I")
    assert tags_of('Lena sat.\n\nI told Lena: "Go."') == [("pron", None, "I")]


def test_more_verbs_of_saying_and_adverbs_after_a_description():
    assert tags_of('Lena sat.\n\n"Stop!" proclaimed the ferryman.') == [("desc", None, "the ferryman")]
    assert tags_of('Lena sat.\n\n"Stop!" said the lawyer somewhat flatly.') == [("desc", None, "the lawyer")]
    assert tags_of('Lena sat.\n\n"Stop!" said the elderly lady.') == [("desc", None, "the elderly lady")]


def test_a_name_tag_right_before_the_line_beats_a_pronoun_tag_after_it():
    story = 'Greta sat.\n\nThe light was going, and Lena exclaimed, "Look at the pears! So many," she added quickly.'
    assert tags_of(story) == [("name", "Lena", "Lena")]


def test_the_voice_of_a_name_speaks_for_that_name():
    assert tags_of('Lena sat.\n\n"Stop!" called the shattered voice of Osric.') == [("name", "Osric", "Osric")]


def test_a_description_cut_short_by_a_noun_is_no_subject():
    assert tags_of('Lena sat.\n\nGreta, after the little pause which followed, added, "Yes."') \
        == [("name", "Greta", "Greta")]
    assert tags_of('Lena sat.\n\nThe old man, who had waited, said, "Yes."') == [("desc", None, "The old man")]


def test_a_name_inside_the_phrase_before_the_verb_is_read_not_taken_for_a_word():
    # a description's phrase running into a name ("the voice Osric of Pim") once crashed the
    # reading: a name item was lower-cased as if it were a word
    story = 'The night was cold.\n\nAt last the voice Osric of Pim said: "Go home."'
    tag = tags_of(story)[0]
    assert tag is not None and tag[0] == "name" and tag[1] in ("Osric", "Pim")

"""Turns and salience start afresh at a break the text marks (a chapter, a break line "* * *"):
the people talking before it are not answering the first line after it.

Every snippet here is written for these tests."""

from __future__ import annotations

from fabula import ingest, text
from fabula.speakers.document import scene_starts
from tests.test_speakers import speakers_of

MARTA = ("Marta", ("Marta",), "she/her")
IVO = ("Ivo", ("Ivo",), "he/him")
TOBIN = ("Tobin", ("Tobin",), "he/him")
RHEA = ("Rhea", ("Rhea",), "she/her")

TWO_SCENES = ('Marta and Ivo argued at the gate until the lamps were lit.\n\n"You are late," Marta said.\n\n'
              '"I am always late," said Ivo.\n\n"Then stop."\n\n"I cannot."\n\n* * *\n\n'
              'The pier was empty at noon. Tobin sat on a crate.\n\n"Is the boat gone?"\n\n'
              '"Gone since dawn," said Rhea.\n\n"Then we walk."\n\n"You walk. I wait."')


def test_a_break_line_opens_a_scene_for_every_paragraph_after_it():
    txt = text.segment(ingest.read(TWO_SCENES))
    starts = scene_starts(txt)
    first = next(i for i, p in enumerate(txt.paragraphs) if txt.text[p.start:p.end].startswith("The pier"))
    assert starts[:first] == [0] * first
    assert set(starts[first:]) == {first}


def test_the_first_line_after_a_break_is_not_a_turn_of_the_conversation_before_it():
    out = speakers_of(TWO_SCENES, [MARTA, IVO, TOBIN, RHEA])
    assert out == ["Marta", "Ivo", "Marta", "Ivo", "Tobin", "Rhea", "Tobin", "Rhea"]

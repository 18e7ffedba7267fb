"""The people of a conversation are candidates for its lines even when the narration never names
them near it: a talker named only in the other's address ("..., Tobias."), or named by the narration
just after an untagged line (fabula.speakers.context._near). Every snippet is written for these tests."""

from __future__ import annotations

from fabula import ingest, quotes, text
from fabula.speakers.decode import _turns
from fabula.speakers.document import Document
from fabula.speakers.evidence import evidence
from tests.test_speakers import cast_of, speakers_of

CORWIN = ("Corwin", ("Corwin",), "he/him")
TOBIAS = ("Tobias", ("Tobias",), "he/him")
MAREN = ("Maren", ("Maren",), "she/her")

# Tobias is never named in the narration: "the young man", then only in Corwin's address.
ADDRESSED_LATER = (
    'Maren had gone up to bed long before. Downstairs the fire was low, and Corwin sat alone by it.\n\n'
    'The gate banged. A young man came running up the path and through the door, out of breath.\n\n'
    '"Corwin! Have you started without me?"\n\n'
    '"Sit down," said his host. "You are always late."\n\n'
    '"Only by a little. Is the tea still hot?"\n\n'
    '"Hot enough, Tobias. Sit."')


def test_a_talker_named_only_in_the_others_address_speaks_the_lines_before_it():
    out = speakers_of(ADDRESSED_LATER, [CORWIN, TOBIAS, MAREN])
    assert out == ["Tobias", "Corwin", "Tobias", "Corwin"]


def _turns_of(story: str, people):
    txt = text.segment(ingest.read(story))
    doc = Document(txt, quotes.find(txt), cast_of(txt.text, people))
    return doc, _turns(doc, [evidence(doc, q) for q in doc.quotes])


def test_the_conversation_around_a_line_stops_at_a_scene_break_and_at_a_long_gap():
    names = [CORWIN, TOBIAS, MAREN]
    doc, turns = _turns_of(ADDRESSED_LATER, names)
    tobias, maren = (next(c.index for c in doc.cast.characters if c.name == n) for n in ("Tobias", "Maren"))
    assert tobias in turns[0].near_voc  # addressed three lines on
    broken = ADDRESSED_LATER.replace('"Only by a little.', '* * *\n\n"Only by a little.')
    doc, turns = _turns_of(broken, names)
    assert tobias not in turns[0].near_voc and tobias in turns[2].near_voc
    far = ('"Is it late?"\n\n' + "The clock ticked on.\n\n" * 3 + '"Very late, Maren."')
    doc, turns = _turns_of(far, names)
    assert maren not in turns[0].near_voc  # three narration paragraphs between: another conversation
    near = far.replace("The clock ticked on.\n\n" * 3, "The clock ticked on.\n\n")
    doc, turns = _turns_of(near, names)
    assert maren in turns[0].near_voc

"""A quote's paragraph that goes on in narration after the quote and its tag (``evidence.trails``):
after it the next line is often the same speaker's again (the listener's answer told, not quoted,
or the speaker going on after a pause), so the runs' re-reading does not charge that line ``SAME``
but lets it gain ``TRAIL``.

Every snippet here is written for these tests."""

from __future__ import annotations

from fabula import ingest, quotes, text
from fabula.speakers import reread
from fabula.speakers.decode import _turns
from fabula.speakers.document import Document
from fabula.speakers.evidence import evidence, trails
from tests.test_speakers import cast_of

NELL = ("Nell", ("Nell",), "she/her")
OSRIC = ("Osric", ("Osric",), "he/him")


def test_a_tag_and_its_aside_finish_the_quote_s_sentence():
    assert not trails(" said Osric, turning away from the window.", ",")
    assert not trails(" she asked; and waited.", "?")
    assert not trails("", ".")
    assert not trails(" He nodded.", ".")  # too short to be more than a beat


def test_a_sentence_of_narration_after_the_quote_or_its_tag_counts():
    assert trails(" said Osric. The kettle had begun to sing on the stove.", ",")
    assert trails(" Nell looked at the floor and said nothing for a while.", ".")
    assert trails(" he said, and then, when nobody moved: he sat down by the fire again.", ",")


def _turns_of(story: str):
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    doc = Document(txt, qs, cast_of(txt.text, [NELL, OSRIC]))
    evs = [evidence(doc, q) for q in qs]
    return _turns(doc, evs)


STORY = ('Osric and Nell sat on the wall.\n\n'
         '"The boats are late," said Osric. Nell looked out at the grey water and did not answer him.\n\n'
         '"They are always late in the autumn."\n\n'
         '"Not always."')


def test_the_next_turn_knows_the_previous_paragraph_trails_on():
    turns = _turns_of(STORY)
    assert [t.prev_trail for t in turns] == [False, True, False]
    assert [t.ev.trail for t in turns] == [True, False, False]


def test_the_re_reading_favours_the_same_speaker_after_such_a_paragraph():
    turns = _turns_of(STORY)
    assert reread.same_costs(turns, 0, 3) == [-reread.TRAIL, reread.SAME]


def test_after_such_a_paragraph_the_speaker_may_go_on_in_the_next():
    """Two quotes: the first surely 0's; under that history the second is 1's by a log-odds lead
    smaller than TRAIL. After a bare quote it stays 1's; after a trailing paragraph it goes to 0."""
    import math

    p1 = 1 / (1 + math.exp(-reread.TRAIL / 2))
    start = {(None, 0): math.log(0.95), (None, 1): math.log(0.05)}
    em = {(None, 0): (1 - p1, p1), (None, 1): (0.5, 0.5)}
    steps = [{(st, c): math.log(em[st][c]) for st in em for c in (0, 1)}]
    assert reread.viterbi(start, steps, [reread.SAME])[0] == [0, 1]
    assert reread.viterbi(start, steps, [-reread.TRAIL])[0] == [0, 0]

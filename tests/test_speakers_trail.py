"""A quote's paragraph that goes on in narration after the quote and its tag (``evidence.trails``):
after it the next line is often the same speaker's again (the listener's answer told, not quoted,
or the speaker going on after a pause), so the runs' re-reading does not charge that line ``SAME``
and the ranker reads it as a feature (``prev1_trail``).

Every snippet here is written for these tests."""

from __future__ import annotations

from fabula import ingest, quotes, text
from fabula.speakers import reread
from fabula.speakers.decode import _turns
from fabula.speakers.document import Document
from fabula.speakers.evidence import evidence, trails
from fabula.speakers.features import F
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


def test_the_re_reading_does_not_charge_the_same_speaker_after_such_a_paragraph():
    turns = _turns_of(STORY)
    pens = [reread.SAME if t.gap == 1 and not t.prev_trail else 0.0 for t in turns[1:]]
    assert pens == [0.0, reread.SAME]
    assert reread.same_costs(turns, 0, 3) == pens


def test_the_feature_is_set_for_the_previous_speaker_only():
    import numpy as np

    from fabula.speakers.candidates import static_rows
    from fabula.speakers.context import run_of
    from fabula.speakers.turns import Hyp, turn_rows

    txt = text.segment(ingest.read(STORY))
    qs = quotes.find(txt)
    doc = Document(txt, qs, cast_of(txt.text, [NELL, OSRIC]))
    doc.arrays()
    evs = [evidence(doc, q) for q in qs]
    turns = _turns(doc, evs)
    run = run_of(doc, evs)
    union = [0, 1]
    rows = static_rows(doc, turns[1], run, union)
    h = Hyp(0.0, (1,), np.full(doc.nchar, -(10**9), dtype=np.int64), (), frozenset({1}), -1)
    X = turn_rows(doc, turns[1], rows, [h])[0]
    col = F["prev1_trail"]
    assert X[rows.pos[1], col] == 1 and X[rows.pos[0], col] == 0
    assert X[rows.pos[1], F["none:prev1_trail"]] == 1

"""The beam decoder's bookkeeping: hypotheses scored together, and hypotheses in the same state."""

import numpy as np

from fabula.speakers.decode import _same_state
from fabula.speakers.scoring import hyp_scores
from fabula.speakers.trees import Trees
from fabula.speakers.turns import Hyp


def test_the_hypotheses_of_a_quote_are_scored_as_if_each_alone():
    t1 = {"feature": [0, 1], "threshold": [0.5, 2.0], "left": [1, ~0], "right": [~2, ~1], "leaf": [1.0, 2.0, 3.0]}
    trees = Trees([t1], scale=2.0)
    a = np.array([[0.0, 1.0], [0.0, 5.0], [1.0, 0.0]])
    b = np.array([[0.0, 1.0], [1.0, 5.0], [1.0, 0.0]])  # the second candidate's row differs
    got = hyp_scores([a, b, a.copy()], trees)
    assert [s.tolist() for s in got] == [[2.0, 4.0, 6.0], [2.0, 6.0, 6.0], [2.0, 4.0, 6.0]]
    got[0][0] = -1e9  # each hypothesis gets its own array, to rule candidates out in
    assert got[1][0] == 2.0 and got[2][0] == 2.0


def test_hypotheses_that_differ_only_in_score_and_backpointer_share_their_state():
    spoke = np.array([3, -1, 7])
    h0 = Hyp(-1.5, (0, 2), spoke, (2,), frozenset({0, 2}), 4)
    assert _same_state(Hyp(-2.5, (0, 2), spoke.copy(), (2,), frozenset({0, 2}), 1), h0)
    assert not _same_state(Hyp(-1.5, (1, 2), spoke, (2,), frozenset({0, 2}), 4), h0)  # another history
    assert not _same_state(Hyp(-1.5, (0, 2), np.array([3, 5, 7]), (2,), frozenset({0, 2}), 4), h0)
    assert not _same_state(Hyp(-1.5, (0, 2), spoke, (), frozenset({0, 2}), 4), h0)  # other addressees


def test_a_quote_s_rows_keep_the_narration_as_it_stood_at_the_quote():
    """The runs' re-reading scores a quote's rows after the beam has read the whole text: the
    recency of a candidate must be what the narration said before the quote, not after it."""
    from fabula import ingest, quotes, text
    from fabula.speakers.candidates import static_rows
    from fabula.speakers.context import run_of, turn_of
    from fabula.speakers.document import Document
    from fabula.speakers.evidence import evidence
    from fabula.speakers.features import F
    from fabula.speakers.turns import turn_rows
    from tests.test_speakers import cast_of

    story = ('Orla crossed the yard.\n\n' + 'The rain went on.\n\n' * 12 +
             '"Who left the gate open?"\n\nLater that night Brannock came back.')
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = cast_of(txt.text, [("Orla", ("Orla",), "she/her"), ("Brannock", ("Brannock",), "he/him")])
    doc = Document(txt, qs, cast)
    doc.arrays()
    doc.last_active_arr[0] = 0  # Orla named in the first paragraph, before the quote
    evs = [evidence(doc, q) for q in qs]
    turn = turn_of(doc, evs, 0, set())
    rows = static_rows(doc, turn, run_of(doc, evs), [0, 1])
    h = Hyp(0.0, (), np.full(doc.nchar, -(10**9), dtype=np.int64), (), frozenset(), -1)
    before = turn_rows(doc, turn, rows, [h])[0]
    doc.last_active_arr[:] = len(txt.paragraphs) - 1  # the narration read on to the end of the text
    after = turn_rows(doc, turn, rows, [h])[0]
    assert before[rows.pos[0], F["recency"]] < 1.0 and before[rows.pos[1], F["absent"]] == 1
    assert np.array_equal(before, after)

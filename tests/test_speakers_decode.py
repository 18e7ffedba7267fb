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

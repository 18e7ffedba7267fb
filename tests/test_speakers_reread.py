"""A run of dialogue read again by the ranker under each order of turns (fabula.speakers.reread):
a sure line at the end of an untagged run turns the whole run round, back to its first line.

Every snippet here is written for these tests."""

from __future__ import annotations

import math

import pytest

from fabula.speakers import reread
from tests.test_speakers import speakers_of

NELL = ("Nell", ("Nell",), "she/her")
OSRIC = ("Osric", ("Osric",), "he/him")
PIM = ("Pim", ("Pim",), "he/him")

RUN = ('Osric and {other} sat on the wall.\n\n"Cold tonight."\n\n"It is."\n\n"Shall we go in?"\n\n'
       '"Not yet."\n\n"Why not?"\n\nOsric shrugged. "I like the stars."')


def test_a_beat_at_the_end_of_an_untagged_run_fixes_the_turns_before_it():
    out = speakers_of(RUN.format(other="Nell"), [NELL, OSRIC])
    assert out == ["Nell", "Osric", "Nell", "Osric", "Nell", "Osric"]


def test_the_same_holds_between_two_men():
    out = speakers_of(RUN.format(other="Pim"), [PIM, OSRIC])
    assert out == ["Pim", "Osric", "Pim", "Osric", "Pim", "Osric"]


def test_a_tagged_run_keeps_its_tags():
    story = ('Osric and Nell sat on the wall.\n\n"Cold tonight," said Osric.\n\n"It is," said Nell.\n\n'
             '"Shall we go in?" Osric asked.\n\n"Not yet," Nell said.')
    assert speakers_of(story, [NELL, OSRIC]) == ["Osric", "Nell", "Osric", "Nell"]


def test_a_quote_s_states_are_log_softmaxed_together_to_the_same_bits_as_one_by_one():
    import numpy as np

    from fabula.speakers.conversation import log_softmax
    from fabula.speakers.reread import _log_softmax_rows

    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 8, 9, 17, 130):
        S = rng.normal(size=(4, n)) * 6.0
        S[1, 0] = -1e9  # a ruled-out candidate
        together = _log_softmax_rows(S.copy())
        for i in range(len(S)):
            assert together[i].tobytes() == log_softmax(S[i].copy()).tobytes()


def _two_line_lattice(lead: float):
    """Two quotes, speakers 0 and 1: the first is 0's (0.9); under that history the second is 0's
    again with a log-odds lead of ``lead``, and under 1's history surely 0's (the second a new paragraph: the same speaker again costs SAME)."""
    p_same = 1 / (1 + math.exp(-lead))
    start = {(None, 0): math.log(0.9), (None, 1): math.log(0.1)}
    em = {(None, 0): (p_same, 1 - p_same), (None, 1): (0.9, 0.1)}
    return start, [{(s, c): math.log(em[s][c]) for s in em for c in (0, 1)}], [reread.SAME]


def test_the_same_speaker_twice_running_costs_SAME_against_the_alternation():
    start, steps, same = _two_line_lattice(reread.SAME / 2)
    assert reread.viterbi(start, steps, same)[0] == [0, 1]
    start, steps, same = _two_line_lattice(reread.SAME * 2)
    assert reread.viterbi(start, steps, same)[0] == [0, 0]


def test_a_chosen_speaker_s_confidence_is_the_ranker_s_under_its_history():
    start, steps, same = _two_line_lattice(reread.SAME * 2)
    _, confs = reread.viterbi(start, steps, same)
    assert confs[0] == pytest.approx(0.9)
    assert confs[1] == pytest.approx(1 / (1 + math.exp(-reread.SAME * 2)))

"""The conversation re-reading of unbroken runs of dialogue (fabula.speakers.conversation): a run's
turns decoded together, so that a sure line fixes the turns around it."""

from __future__ import annotations

import math

import numpy as np

from fabula.speakers.conversation import log_softmax, runs

A, B, C = 0, 1, 2


def em(**probs: float) -> tuple[list[int], np.ndarray]:
    """An emission: candidates A/B/C with the ranker's probabilities."""
    ids = {"A": A, "B": B, "C": C}
    union = sorted(ids[k] for k in probs)
    return union, np.log(np.array([probs[k] for k in sorted(probs, key=lambda k: ids[k])]))


def test_runs_are_maximal_stretches_of_linked_quotes():
    # quotes 0-2 in consecutive paragraphs, 3 after narration, 4 right after 3, 5 alone
    assert runs([False, True, True, False, True, False]) == [(0, 3), (3, 5)]
    assert runs([False]) == []
    assert runs([]) == []


def test_log_softmax_sums_to_one():
    lp = log_softmax(np.array([2.0, 0.0, -1e9]))
    assert math.isclose(float(np.exp(lp).sum()), 1.0)
    assert lp[2] < -1e8


def test_a_paragraph_holds_one_speaker_across_a_long_beat_naming_someone_else():
    from tests.test_speakers import speakers_of

    tobin, aldo = ("Tobin", ("Tobin",), "he/him"), ("Aldo", ("Aldo",), "he/him")
    story = ('Aldo sat by the stove.\n\n"Cold tonight," said Tobin.\n\n"It is."\n\n'
             '"Cold enough for snow." Tobin rubbed his hands and held them to the fire for a long while, turning '
             'them over as if they belonged to somebody else. He did not do that often. Aldo tried very hard not '
             'to look as though he had noticed, which was difficult, because he had noticed a great deal. '
             '"You should go to bed. You look done in."\n\n"Not yet."')
    assert speakers_of(story, [tobin, aldo]) == ["Tobin", "Aldo", "Tobin", "Tobin", "Aldo"]


def _turn(gap=1, voc=(), tag=None):
    from types import SimpleNamespace

    return SimpleNamespace(gap=gap, ev=SimpleNamespace(voc=set(voc), tag=tag))


def test_nobody_is_the_speaker_of_a_line_that_addresses_them_by_name():
    from fabula.speakers.conversation import SELF_ADDRESS, adjust

    scores = np.array([1.0, 0.5])
    adjust(scores, _turn(voc=[A]), {A: 0, B: 1}, prev_spk=B)
    assert scores[0] == 1.0 - SELF_ADDRESS and scores[1] == 0.5


def test_a_name_tag_outweighs_the_vocative_rule_and_a_lone_candidate_keeps_its_score():
    from types import SimpleNamespace

    from fabula.speakers.conversation import adjust

    scores = np.array([1.0, 0.5])
    tag = SimpleNamespace(kind="name", character=A)  # "'Captain Vell,' Vell repeated"
    adjust(scores, _turn(voc=[A], tag=tag), {A: 0, B: 1}, prev_spk=B)
    assert list(scores) == [1.0, 0.5]
    alone = np.array([1.0])
    adjust(alone, _turn(voc=[A]), {A: 0}, prev_spk=None)
    assert list(alone) == [1.0]


def test_a_second_quote_in_a_paragraph_leans_to_its_first_quotes_speaker():
    from fabula.speakers.conversation import PARAGRAPH, adjust

    scores = np.array([0.0, 0.0])
    adjust(scores, _turn(gap=0), {A: 0, B: 1}, prev_spk=B)
    assert list(scores) == [0.0, PARAGRAPH]

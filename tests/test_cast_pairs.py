"""The same-character pair model: its fitter and its weights file (written for these tests)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fabula.cast import learn, pairs
from fabula.cast.working import _Cluster, _Form


def test_the_fitter_learns_a_separable_rule():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    X = np.column_stack([np.ones(200), x])
    y = (x[:, 0] - x[:, 1] > 0).astype(float)
    w = learn.fit(X, y, l2=0.1)
    pred = (X @ w > 0).astype(float)
    assert (pred == y).mean() >= 0.97
    assert w[1] > 0 > w[2]


def test_weights_for_another_feature_list_are_not_used(tmp_path):
    path = tmp_path / "cast_pairs.json"
    path.write_text(json.dumps({"features": ["bias", "other"], "weights": [0.0, 1.0], "threshold": 0.5}))
    assert pairs.load_weights(path) is None
    path.write_text("not json")
    assert pairs.load_weights(path) is None


def test_a_judge_without_weights_never_vetoes():
    a = _Form((None, ("Ned", "Pell")), None, ("Ned", "Pell"), count=3)
    b = _Form((None, ("Edward", "Pell")), None, ("Edward", "Pell"), count=3)
    forms = {a.key: a, b.key: b}
    judge = pairs.Judge(forms, {})
    judge.w = None  # as when fabula/models/cast_pairs.json is missing
    c = _Cluster(forms=[b.key])
    assert judge.same(a, c)


def test_two_forms_named_as_relatives_in_one_sentence_score_lower_than_apart():
    a = _Form((None, ("Ned", "Pell")), None, ("Ned", "Pell"), count=3)
    b = _Form((None, ("Edward", "Pell")), None, ("Edward", "Pell"), count=3)
    judge = pairs.Judge({a.key: a, b.key: b}, {}, weights=None)
    if judge.w is None:
        pytest.skip("no committed same-character model in this checkout")
    together = ({1, 2}, {1, 2}, {1, 2})
    apart_a, apart_b = ({1}, {1}, set()), ({5}, {5}, set())
    judge.contexts = {a.key: together, b.key: together}
    judge.kin = {frozenset((a.key, b.key)): 2}
    p_together = judge.p(a, b)
    judge.contexts = {a.key: apart_a, b.key: apart_b}
    judge.kin = {}
    assert p_together < judge.p(a, b)

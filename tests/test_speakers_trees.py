"""The tree ranker's numpy evaluator, on trees written by hand (no LightGBM needed)."""

import numpy as np
import pytest

from fabula.speakers.trees import Trees, from_lightgbm


def test_each_row_follows_its_path_and_the_leaves_of_all_trees_add_up():
    # tree 1: x0 <= 0.5 ? (x1 <= 2 ? 1.0 : 2.0) : 3.0 ; tree 2: a single leaf 0.25
    t1 = {"feature": [0, 1], "threshold": [0.5, 2.0], "left": [1, ~0], "right": [~2, ~1], "leaf": [1.0, 2.0, 3.0]}
    t2 = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [0.25]}
    trees = Trees([t1, t2], scale=2.0)
    X = np.array([[0.0, 1.0], [0.0, 5.0], [1.0, 0.0]])
    assert trees.raw(X).tolist() == [1.25, 2.25, 3.25]
    assert trees(X).tolist() == [2.5, 4.5, 6.5]


def test_trees_come_from_a_lightgbm_dump_and_survive_a_feature_renaming():
    dump = {"tree_info": [{"tree_structure": {
        "split_feature": 1, "threshold": 0.5,
        "left_child": {"leaf_index": 0, "leaf_value": -1.0},
        "right_child": {"leaf_index": 1, "leaf_value": 1.0}}}]}
    trees = from_lightgbm(dump)
    stored = {"trees": trees, "scale": 1.0}
    # stored with features (a, b); the code now has (b, c, a): the split on b follows b's new column
    t = Trees.from_json(stored, ["a", "b"], ("b", "c", "a"))
    assert t.raw(np.array([[0.0, 9.0, 9.0], [1.0, 9.0, 9.0]])).tolist() == [-1.0, 1.0]


def test_the_held_out_calibration_is_stored_and_maps_probabilities_monotonically():
    from fabula.speakers.ranker import calibrated

    leaf = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [0.0]}
    t = Trees.from_json(Trees([leaf], calibration=(0.5, -0.25)).to_json(), [], ())
    assert t.calibration == (0.5, -0.25)
    # sigmoid(0.5 * logit(p) - 0.25): logit(0.5) = 0 -> sigmoid(-0.25); logit(0.9) = ln 9
    assert abs(calibrated(t, 0.5) - 1 / (1 + np.exp(0.25))) < 1e-9
    assert abs(calibrated(t, 0.9) - 1 / (1 + np.exp(-(0.5 * np.log(9) - 0.25)))) < 1e-9
    assert calibrated(t, 1.0) < 1.0 and calibrated(t, 0.99) < 0.99  # a = 0.5 pulls confidences in
    assert calibrated(Trees([leaf]), 0.9) == 0.9  # no calibration stored: the probability itself


def test_platt_scaling_recovers_the_map_that_made_the_outcomes():
    from fabula.train import platt

    rng = np.random.default_rng(7)
    p = rng.uniform(0.2, 0.995, 20000)
    z = 0.7 * np.log(p / (1 - p)) - 0.4
    y = (rng.uniform(size=p.size) < 1 / (1 + np.exp(-z))).astype(float)
    a, b = platt(p, y)
    assert abs(a - 0.7) < 0.08 and abs(b + 0.4) < 0.08


def _random_tree(rng, n_features: int, depth: int) -> dict:
    t: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}

    def grow(level: int) -> int:
        if level == depth or (level > 0 and rng.uniform() < 0.2):
            t["leaf"].append(float(rng.normal()))
            return ~(len(t["leaf"]) - 1)
        i = len(t["feature"])
        t["feature"].append(int(rng.integers(n_features)))
        t["threshold"].append(float(rng.uniform()))
        t["left"].append(0)
        t["right"].append(0)
        t["left"][i] = grow(level + 1)
        t["right"][i] = grow(level + 1)
        return i

    grow(0)
    return t


def test_a_rows_score_is_the_same_bits_whether_scored_alone_or_with_others():
    rng = np.random.default_rng(3)
    trees = Trees([_random_tree(rng, 6, 4) for _ in range(60)], scale=0.7, base=0.1)
    X = rng.uniform(size=(9, 6))
    together = trees(X)
    alone = [trees(X[i:i + 1])[0] for i in range(len(X))]
    assert together.tobytes() == np.array(alone).tobytes()
    assert trees(X[::-1])[::-1].tobytes() == together.tobytes()  # a reversed (non-contiguous) view too
    # the walk agrees with following each tree by hand
    for i in (0, 4):
        total = 0.0
        for t in trees.trees:
            node = 0
            while node >= 0:
                node = t["left"][node] if X[i, t["feature"][node]] <= t["threshold"][node] else t["right"][node]
            total += t["leaf"][~node]
        assert abs((total + 0.1) * 0.7 - together[i]) < 1e-9


def test_the_numpy_walk_and_the_compiled_walk_find_the_same_leaves():
    from fabula.speakers import trees as trees_module

    t1 = {"feature": [0, 1], "threshold": [0.5, 2.0], "left": [1, ~0], "right": [~2, ~1], "leaf": [1.0, 2.0, 3.0]}
    hand = Trees([t1])
    X = np.array([[0.0, 1.0], [0.0, 5.0], [1.0, 0.0], [0.5, 2.0]])
    assert hand.leaves(X, compiled=False).ravel().tolist() == [1.0, 2.0, 3.0, 1.0]  # x <= threshold goes left
    if trees_module._compiled is None:
        pytest.skip("the C walk is not built in this checkout")
    assert hand.leaves(X).ravel().tolist() == [1.0, 2.0, 3.0, 1.0]
    rng = np.random.default_rng(11)
    forest = Trees([_random_tree(rng, 7, 4) for _ in range(40)])
    R = rng.uniform(size=(25, 7))
    R[3, 2] = np.nan  # a missing value goes left in both walks
    assert forest.leaves(R).tobytes() == forest.leaves(R, compiled=False).tobytes()


def test_the_compiled_walk_refuses_arrays_that_do_not_fit():
    from fabula.speakers import trees as trees_module

    if trees_module._compiled is None:
        pytest.skip("the C walk is not built in this checkout")
    t = Trees([{"feature": [1], "threshold": [0.0], "left": [~0], "right": [~1], "leaf": [1.0, 2.0]}])
    x = np.zeros((2, 2))
    out = np.empty((2, 1))
    with pytest.raises(ValueError, match="outside"):  # feature 1 of rows with one feature
        trees_module._compiled.leaves(np.zeros((2, 1)), 2, 1, t._feat, t._thr, t._child, t._leaf, 1, 1, out)
    with pytest.raises(ValueError, match="bytes"):  # rows said to be longer than they are
        trees_module._compiled.leaves(x, 3, 2, t._feat, t._thr, t._child, t._leaf, 1, 1, out)


def test_the_compiled_walk_refuses_a_forest_whose_nodes_lead_outside_it():
    from fabula.speakers import trees as trees_module

    if trees_module._compiled is None:
        pytest.skip("the C walk is not built in this checkout")
    t = Trees([{"feature": [0], "threshold": [0.0], "left": [~0], "right": [~1], "leaf": [1.0, 2.0]}])
    child = t._child.copy()
    child[0] = 5  # past the two leaves
    out = np.empty((1, 1))
    with pytest.raises(ValueError, match="outside the arrays"):
        trees_module._compiled.leaves(np.zeros((1, 1)), 1, 1, t._feat, t._thr, child, t._leaf, 1, 1, out)
    trees_module._compiled.leaves(np.zeros((1, 1)), 1, 1, t._feat, t._thr, t._child, t._leaf, 1, 1, out)
    assert out.tolist() == [[1.0]]  # the forest's own arrays are fine


def test_a_shallow_branch_is_padded_to_the_forests_depth_in_heap_order():
    # x0 <= 0.5 ? 7.0 : (x1 <= 2 ? 8.0 : 9.0), beside a tree that is a single leaf
    t = {"feature": [0, 1], "threshold": [0.5, 2.0], "left": [~0, ~1], "right": [1, ~2], "leaf": [7.0, 8.0, 9.0]}
    single = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [0.5]}
    forest = Trees([t, single])
    assert forest.depth == 2
    assert forest.feature.tolist() == [[0, 0, 1], [0, 0, 0]]
    assert forest.threshold.tolist() == [[0.5, np.inf, 2.0], [np.inf, np.inf, np.inf]]
    assert forest.leaf.tolist() == [[7.0, 7.0, 8.0, 9.0], [0.5, 0.5, 0.5, 0.5]]
    assert Trees([single, single]).depth == 0

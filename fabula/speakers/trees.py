"""A gradient-boosted tree ranker. Its trees are walked by a small C loop (``_walk.c``, built by
``pip install``) when it is built, else with numpy, all trees at once, one depth level per step; both
walks give the same leaves, summed here the same way.

The trees are trained by ``fabula train speakers --ranker trees`` (LightGBM, a development-only
dependency) and stored as plain JSON (``Trees.to_json``): per tree, for each internal node its
feature, threshold (go left when x <= threshold) and children (>= 0: internal node, < 0: leaf ~i),
and the leaf values. ``scale`` is the temperature of the softmax of the scores; ``calibration`` the
(a, b) of the map from a speaker's softmax probability p to the confidence reported,
sigmoid(a * logit(p) + b), fitted on novels held out of training, read end to end (see ``fabula.train``).
"""

from __future__ import annotations

import numpy as np

try:  # the compiled walk (``_walk.c``, built by ``pip install``); the numpy walk gives the same leaves
    from fabula.speakers import _walk as _compiled
except ImportError:  # pragma: no cover - a checkout whose extension was not built
    _compiled = None


class Trees:
    """score(X) = sum of the trees' leaf values, times ``scale``.

    For speed each tree is laid out as a complete binary tree of the forest's depth (a leaf above
    the bottom becomes a split that sends both ways to copies of itself), so that scoring is exactly
    ``depth`` steps of index arithmetic over all rows and trees at once."""

    def __init__(self, trees: list[dict], scale: float = 1.0, base: float = 0.0,
                 calibration: tuple[float, float] | None = None):
        self.trees = trees
        self.calibration = calibration
        self.scale = float(scale)
        self.base = float(base)
        self.feature, self.threshold, self.leaf = _complete(trees)
        T = len(trees)
        self.depth = int(np.log2(self.leaf.shape[1]))
        self.rows = np.arange(T)
        # flat layouts, made once: scoring is called per quote, thousands of times a novel. Node g
        # of the flat inner array (tree g // n_inner) has its children at child[g] and child[g] + 1:
        # inner nodes, or (from the last inner level) positions in the flat leaf array.
        n_inner = self.feature.shape[1]
        self._feat, self._thr, self._leaf = self.feature.ravel(), self.threshold.ravel(), self.leaf.ravel()
        local = np.tile(np.arange(n_inner), T)
        tree = np.repeat(self.rows, n_inner)
        self._child = np.where(2 * local + 1 < n_inner, tree * n_inner + 2 * local + 1,
                               tree * self.leaf.shape[1] + 2 * local + 1 - n_inner)
        roots = self.rows * n_inner
        self._root_feat, self._root_thr, self._root_child = self._feat[roots], self._thr[roots], self._child[roots]

    def raw(self, X: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(X, dtype=np.float64)
        if self.depth == 0:  # every tree a single leaf
            return self._leaf[np.broadcast_to(self.rows, (x.shape[0], len(self.rows)))].sum(1) + self.base
        return self.leaves(x).sum(1) + self.base

    def leaves(self, x: np.ndarray, compiled: bool = True) -> np.ndarray:
        """The leaf value of each (row, tree) of the C-ordered float64 rows ``x``: by the compiled
        walk when it is built (``compiled``), else by the numpy walk. Both fill the same (rows,
        trees) array, which ``raw`` sums in the same order."""
        if compiled and _compiled is not None:
            out = np.empty((x.shape[0], len(self.rows)))
            _compiled.leaves(x, x.shape[0], x.shape[1], self._feat, self._thr, self._child, self._leaf,
                             len(self.rows), self.depth, out)
            return out
        r_off = (np.arange(x.shape[0]) * x.shape[1])[:, None]
        # every row starts at every tree's root (one column gather); np.take keeps the (rows,
        # trees) layout C-ordered, so that each row's leaves are summed in the same order however
        # many rows are scored together
        g = self._root_child + (np.take(x, self._root_feat, axis=1) > self._root_thr)
        x = x.ravel()
        feat, thr, child = self._feat, self._thr, self._child
        for _ in range(self.depth - 1):  # (ndarray.take: the fastest gather for small arrays)
            g = child.take(g) + (x.take(r_off + feat.take(g)) > thr.take(g))
        return self._leaf.take(g)

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return self.raw(X) * self.scale

    def to_json(self) -> dict:
        out = {"trees": self.trees, "scale": round(self.scale, 5), "base": round(self.base, 6)}
        if self.calibration is not None:
            out["calibration"] = [round(float(x), 5) for x in self.calibration]
        return out

    @classmethod
    def from_json(cls, data: dict, names: list[str], features: tuple[str, ...]) -> Trees:
        """Trees stored with feature ``names``, re-indexed to the current ``features``; a split on a
        feature the code no longer has always goes right (as if the feature were high)."""
        col = {f: i for i, f in enumerate(features)}
        trees = []
        for t in data["trees"]:
            feats, thr = [], []
            for f, th in zip(t["feature"], t["threshold"], strict=True):
                if names[f] in col:
                    feats.append(col[names[f]])
                    thr.append(th)
                else:
                    feats.append(0)
                    thr.append(-1e300)
            trees.append({"feature": feats, "threshold": thr, "left": t["left"], "right": t["right"],
                          "leaf": t["leaf"]})
        cal = data.get("calibration")
        return cls(trees, data.get("scale", 1.0), data.get("base", 0.0),
                   (float(cal[0]), float(cal[1])) if cal else None)


def _complete(trees: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The forest in complete layout, level by level for all trees at once: per tree its inner
    nodes' features and thresholds in heap order (node p has children 2p + 1 and 2p + 2), and its
    2**depth leaf values; a leaf above the bottom is a split (threshold inf: always left) between
    two copies of itself."""
    T = len(trees)
    width = max([len(t["feature"]) for t in trees] + [1])
    feat, thr = np.zeros((T, width), dtype=np.int64), np.zeros((T, width))
    left, right = np.full((T, width), ~0, dtype=np.int64), np.full((T, width), ~0, dtype=np.int64)
    leaves = np.zeros((T, max([len(t["leaf"]) for t in trees] + [1])))
    for i, t in enumerate(trees):
        n = len(t["feature"])
        feat[i, :n], thr[i, :n], left[i, :n], right[i, :n] = t["feature"], t["threshold"], t["left"], t["right"]
        leaves[i, :len(t["leaf"])] = t["leaf"]
    rows = np.arange(T)[:, None]
    cur = np.array([[0 if t["feature"] else ~0] for t in trees], dtype=np.int64).reshape(T, 1)
    f_levels, t_levels = [], []
    while (cur >= 0).any():  # one more level: some tree still has a split here
        inner, at = cur >= 0, np.maximum(cur, 0)
        f_levels.append(np.where(inner, feat[rows, at], 0))
        t_levels.append(np.where(inner, thr[rows, at], np.inf))
        kids = np.stack((np.where(inner, left[rows, at], cur), np.where(inner, right[rows, at], cur)), axis=2)
        cur = kids.reshape(T, -1)
    if not f_levels:  # every tree a single leaf
        return np.zeros((T, 1), dtype=np.int64), np.full((T, 1), np.inf), leaves[:, :1].copy()
    return np.concatenate(f_levels, axis=1), np.concatenate(t_levels, axis=1), leaves[rows, ~cur]


def from_lightgbm(dump: dict) -> list[dict]:
    """LightGBM's ``Booster.dump_model()`` trees in the compact form above."""
    out = []
    for info in dump["tree_info"]:
        t: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}
        _walk(info["tree_structure"], t)
        out.append(t)
    return out


def _walk(n: dict, t: dict[str, list]) -> int:
    """Append node ``n`` (and its subtree) to ``t``; its index (>= 0), or ~leaf index for a leaf."""
    if "split_feature" not in n:
        t["leaf"].append(round(float(n.get("leaf_value", 0.0)), 6))
        return ~(len(t["leaf"]) - 1)
    i = len(t["feature"])
    t["feature"].append(int(n["split_feature"]))
    t["threshold"].append(float(n["threshold"]))
    t["left"].append(0)
    t["right"].append(0)
    t["left"][i] = _walk(n["left_child"], t)
    t["right"][i] = _walk(n["right_child"], t)
    return i

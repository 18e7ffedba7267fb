"""A gradient-boosted tree ranker, evaluated with numpy: all trees walked at once, one depth level
per step, so that scoring a quote's few candidate rows costs a handful of array operations.

The trees are trained by ``fabula train speakers --ranker trees`` (LightGBM, a development-only
dependency) and stored as plain JSON (``Trees.to_json``): per tree, for each internal node its
feature, threshold (go left when x <= threshold) and children (>= 0: internal node, < 0: leaf ~i),
and the leaf values. ``scale`` is the temperature that calibrates the softmax of the scores.
"""

from __future__ import annotations

import numpy as np


class Trees:
    """score(X) = sum of the trees' leaf values, times ``scale``."""

    def __init__(self, trees: list[dict], scale: float = 1.0, base: float = 0.0):
        self.trees = trees
        self.scale = float(scale)
        self.base = float(base)
        T = len(trees)
        n = max((len(t["feature"]) for t in trees), default=1) or 1
        m = max((len(t["leaf"]) for t in trees), default=1) or 1
        self.feature = np.zeros((T, n), dtype=np.int64)
        self.threshold = np.zeros((T, n))
        self.left = np.full((T, n), -1, dtype=np.int64)
        self.right = np.full((T, n), -1, dtype=np.int64)
        self.leaf = np.zeros((T, m))
        self.root = np.zeros(T, dtype=np.int64)
        for i, t in enumerate(trees):
            k = len(t["feature"])
            if k == 0:  # a single leaf
                self.root[i] = -1
            self.feature[i, :k] = t["feature"]
            self.threshold[i, :k] = t["threshold"]
            self.left[i, :k] = t["left"]
            self.right[i, :k] = t["right"]
            self.leaf[i, :len(t["leaf"])] = t["leaf"]
        self.rows = np.arange(T)

    def raw(self, X: np.ndarray) -> np.ndarray:
        R = X.shape[0]
        node = np.broadcast_to(self.root, (R, len(self.trees))).copy()
        r_idx = np.arange(R)[:, None]
        t_idx = self.rows[None, :]
        while True:
            inner = node >= 0
            if not inner.any():
                break
            nd = np.where(inner, node, 0)
            x = X[r_idx, self.feature[t_idx, nd]]
            nxt = np.where(x <= self.threshold[t_idx, nd], self.left[t_idx, nd], self.right[t_idx, nd])
            node = np.where(inner, nxt, node)
        return self.leaf[t_idx, ~node].sum(1) + self.base

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return self.raw(X) * self.scale

    def to_json(self) -> dict:
        return {"trees": self.trees, "scale": round(self.scale, 5), "base": round(self.base, 6)}

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
        return cls(trees, data.get("scale", 1.0), data.get("base", 0.0))


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

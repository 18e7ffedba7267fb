"""The ranker's weights: a linear scorer (optionally with one hidden layer, ``MLP``) over the
feature rows of ``fabula.speakers.features``, read from ``fabula/models/speakers.json`` (written by
``fabula train speakers``; hand-set ``DEFAULT_WEIGHTS`` if the file is missing or broken)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from fabula.speakers.features import DEFAULT_WEIGHTS, FEATURES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "speakers.json"


def _load_weights(path: Path = MODEL_PATH):
    """The shipped model: linear weights, plus a hidden layer when the file has one (``MLP``).
    Features the file does not know get weight 0; a missing or broken file gives DEFAULT_WEIGHTS."""
    w = dict(DEFAULT_WEIGHTS)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = list(data["features"])
        if "trees" in data:
            from fabula.speakers.trees import Trees

            return Trees.from_json(data, names, FEATURES)
        w = {k: float(v) for k, v in zip(names, data["weights"], strict=True)}
        u = np.array([w.get(f, 0.0) for f in FEATURES], dtype=np.float64)
        hidden = data.get("hidden")
        if hidden:
            rows = {k: r for k, r in zip(names, hidden["W"], strict=True)}
            H = len(hidden["b"])
            W = np.array([rows.get(f, [0.0] * H) for f in FEATURES], dtype=np.float64)
            return MLP(u, W, np.array(hidden["b"], dtype=np.float64), np.array(hidden["v"], dtype=np.float64))
        return u
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return np.array([w.get(f, 0.0) for f in FEATURES], dtype=np.float64)


class MLP:
    """A small scorer with one hidden layer beside the linear term: score = X·u + relu(X·W + b)·v."""

    def __init__(self, u: np.ndarray, W: np.ndarray, b: np.ndarray, v: np.ndarray):
        self.u, self.W, self.b, self.v = u, W, b, v

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return X @ self.u + np.maximum(X @ self.W + self.b, 0.0) @ self.v


def score(X: np.ndarray, w) -> np.ndarray:
    return w(X) if callable(w) else X @ w


_WEIGHTS: np.ndarray | MLP | None = None


def weights():
    global _WEIGHTS
    if _WEIGHTS is None:
        _WEIGHTS = _load_weights()
    return _WEIGHTS



def calibrated(w, p: float) -> float:
    """The confidence reported for a speaker whose softmax probability is ``p``: the model's held-out
    calibration map sigmoid(a * logit(p) + b) when it has one (``Trees.calibration``), else ``p``."""
    cal = getattr(w, "calibration", None)
    if cal is None:
        return p
    q = min(max(p, 1e-6), 1.0 - 1e-6)
    return _sigmoid(cal[0] * math.log(q / (1.0 - q)) + cal[1])


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

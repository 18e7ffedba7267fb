"""`fabula train ...`: fit fabula's small learned parts from the annotated data in ../shared/data.

``fabula train speakers --pdnc DIR`` fits the speaker ranker (a conditional-logit model over candidate
speakers, numpy only) on PDNC novels, with the gold cast list of each novel (so that the ranker learns
attribution, not the cast stage's mistakes), and writes ``fabula/models/speakers.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
import numpy as np

from fabula import speakers


def fit(examples, l2: float = 0.001, epochs: int = 300, lr: float = 0.5, init: np.ndarray | None = None) -> np.ndarray:
    """Weights maximising the softmax likelihood of the gold candidate among each example's candidates
    (full-batch gradient descent with L2; examples from ``speakers.training_examples``)."""
    nf = len(speakers.FEATURES)
    rows = [(X, g) for _, _, X, g in examples if g >= 0 and len(X) > 0]
    if not rows:
        raise ValueError("no training examples")
    Xs = np.concatenate([X for X, _ in rows])
    seg = np.repeat(np.arange(len(rows)), [len(X) for X, _ in rows])
    starts = np.cumsum([0] + [len(X) for X, _ in rows[:-1]])
    gold_rows = starts + np.array([g for _, g in rows])
    n = len(rows)
    w = np.zeros(nf) if init is None else init.copy()
    # Adam for robustness across feature scales
    m = np.zeros(nf)
    v = np.zeros(nf)
    for t in range(1, epochs + 1):
        s = Xs @ w
        smax = np.full(n, -np.inf)
        np.maximum.at(smax, seg, s)
        e = np.exp(s - smax[seg])
        z = np.zeros(n)
        np.add.at(z, seg, e)
        p = e / z[seg]
        grad = (Xs * p[:, None]).sum(0) - Xs[gold_rows].sum(0)
        grad = grad / n + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= lr * 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def novel_examples(folder: Path, predicted_history: np.ndarray | None = None):
    """Training examples of one PDNC novel with its gold cast."""
    from fabula.eval.pdnc import prepare_gold

    prep = prepare_gold(folder)
    return speakers.training_examples(prep.text, prep.quotes, prep.cast, prep.gold_speakers, w=predicted_history)


def train_speakers(folders: list[Path], rounds: int = 2) -> np.ndarray:
    """Fit on gold-history examples, then refit on examples whose history is the model's own."""
    from fabula.eval.pdnc import prepare_gold

    preps = [prepare_gold(f) for f in folders]
    ex = []
    for p in preps:
        ex += speakers.training_examples(p.text, p.quotes, p.cast, p.gold_speakers)
    w = fit(ex)
    for _ in range(rounds - 1):
        ex = []
        for p in preps:
            ex += speakers.training_examples(p.text, p.quotes, p.cast, p.gold_speakers, w=w)
        w = fit(ex, init=w)
    return w


def save(w: np.ndarray, path: Path, note: str) -> None:
    data = {
        "model": "fabula speaker ranker (conditional logit over candidate speakers)",
        "features": list(speakers.FEATURES),
        "weights": [round(float(x), 5) for x in w],
        "data": note,
        "trained": time.strftime("%Y-%m-%d"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


@click.group("train")
def train_command() -> None:
    """Fit fabula's small learned parts from annotated data (development use)."""


@train_command.command("speakers")
@click.option("--pdnc", "pdnc", type=click.Path(exists=True, path_type=Path), required=True,
              help="PDNC data folder (or novel folders) to train on.")
@click.option("--exclude", multiple=True, help="Novel folder names to leave out.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=speakers.MODEL_PATH,
              show_default=True)
def train_speakers_command(pdnc: Path, exclude: tuple[str, ...], output: Path) -> None:
    """Train the speaker ranker on PDNC novels (gold cast lists) and write its weights."""
    from fabula.eval.pdnc_data import novel_dirs

    folders = [f for f in novel_dirs([pdnc]) if f.name not in exclude]
    w = train_speakers(folders)
    names = ", ".join(f.name for f in folders)
    save(w, output, f"PDNC ({len(folders)} novels: {names}); gold character lists; "
         "2 rounds (gold history, then own-prediction history)")
    for f, x in zip(speakers.FEATURES, w, strict=True):
        click.echo(f"{f:22s} {x:+.3f}")
    click.echo(f"wrote {output}")

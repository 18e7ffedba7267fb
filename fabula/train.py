"""`fabula train ...`: fit fabula's small learned parts from the annotated data in ../shared/data.

``fabula train speakers --pdnc DIR`` fits the speaker ranker (a conditional-logit model over candidate
speakers, numpy only) on PDNC novels, with the gold cast list of each novel (so that the ranker learns
attribution, not the cast stage's mistakes), and writes ``fabula/models/speakers.json``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click
import numpy as np

from fabula import speakers


def _stack(examples):
    """The training examples with a gold candidate, stacked: (rows, all candidate features, the
    example each candidate row belongs to, the row index of each example's gold candidate)."""
    rows = [(X, g) for _, _, X, g in examples if g >= 0 and len(X) > 0]
    if not rows:
        raise ValueError("no training examples")
    Xs = np.concatenate([X for X, _ in rows])
    seg = np.repeat(np.arange(len(rows)), [len(X) for X, _ in rows])
    starts = np.cumsum([0] + [len(X) for X, _ in rows[:-1]])
    gold_rows = starts + np.array([g for _, g in rows])
    return rows, Xs, seg, gold_rows


def _softmax_by_example(s: np.ndarray, seg: np.ndarray, n: int) -> np.ndarray:
    """Softmax of candidate scores ``s`` within each of the ``n`` examples (``seg``: a row's example)."""
    smax = np.full(n, -np.inf)
    np.maximum.at(smax, seg, s)
    e = np.exp(s - smax[seg])
    z = np.zeros(n)
    np.add.at(z, seg, e)
    return e / z[seg]


def fit(examples, l2: float = 0.001, epochs: int = 300, lr: float = 0.5, init: np.ndarray | None = None) -> np.ndarray:
    """Weights maximising the softmax likelihood of the gold candidate among each example's candidates
    (full-batch gradient descent with L2; examples from ``speakers.training_examples``)."""
    nf = len(speakers.FEATURES)
    rows, Xs, seg, gold_rows = _stack(examples)
    n = len(rows)
    w = np.zeros(nf) if init is None else init.copy()
    # Adam for robustness across feature scales
    m = np.zeros(nf)
    v = np.zeros(nf)
    for t in range(1, epochs + 1):
        s = Xs @ w
        p = _softmax_by_example(s, seg, n)
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


# Hidden units of the shipped ranker. 0 = linear: in 5-fold leave-novels-out CV a 16-unit hidden layer
# scored the same end to end (76.0% vs 76.2%), so the simpler model ships; `--hidden 16` trains one.
HIDDEN = 0


RANKER = "trees"  # the shipped kind of ranker: "linear" or "trees" (see docs/benchmarks.md)


def train_model(preps, hidden: int = HIDDEN, ranker: str | None = None):
    """Fit on gold-history examples, then refit on examples whose history is the model's own (as at
    run time). ``preps``: ``fabula.eval.pdnc.Prepared`` novels (gold cast lists). ``ranker="trees"``
    then fits gradient-boosted trees on examples whose history is the linear model's predictions."""
    ranker = ranker or RANKER
    ex = [e for p in preps for e in speakers.training_examples(p.text, p.quotes, p.cast, p.gold_speakers)]
    w = fit_mlp(ex, hidden=hidden) if hidden else fit(ex)
    ex = [e for p in preps for e in speakers.training_examples(p.text, p.quotes, p.cast, p.gold_speakers, w=w)]
    w = fit_mlp(ex, hidden=hidden, init=w, epochs=150) if hidden else fit(ex, init=w)
    if speakers.READINGS > 1 or ranker == "trees":
        # the second reading: examples of the first reading and of the second (which sees the first's
        # decisions), both with the model's own history (the first reading's alone when it is the only one)
        by_novel = [[e for second in ((False, True) if speakers.READINGS > 1 else (False,))
                     for e in speakers.training_examples(p.text, p.quotes, p.cast, p.gold_speakers, w=w, second=second)]
                    for p in preps]
        ex = [e for lst in by_novel for e in lst]
    if ranker == "trees":
        trees = fit_trees(ex)
        if len(by_novel) >= CALIBRATION_FOLDS:
            trees.scale, trees.calibration = held_out_calibration(preps, by_novel)
        return trees
    if speakers.READINGS > 1:
        w = fit_mlp(ex, hidden=hidden, init=w, epochs=150) if hidden else fit(ex, init=w)
    return w


# The tree ranker's settings (LightGBM's names on the right). A development option: the environment
# variable FABULA_TREES="rounds=400,leaves=31,depth=6" overrides some of them for an experiment
# (e.g. a `fabula eval pdnc --cv 5` run); the shipped model is trained with the defaults.
# Measured (PDNC 5-fold CV, end to end; these defaults 78.8%, explicit 95.2 / anaphoric 73.7 / implicit
# 72.4, calibration error 0.016): 31 leaves, depth 6 79.3% (95.2 / 74.2 / 73.2, 0.010) but fan fiction
# 924 -> 900 of 988 (three stories under 0.90), so not shipped; 31 / 6 with 400 rounds 79.1%, min_leaf 20
# 78.9%, with objective rank_xendcg 77.9%.
TREE_SETTINGS = {"rounds": 200, "leaves": 15, "depth": 4, "rate": 0.05, "min_leaf": 40, "objective": "lambdarank",
                 "truncation": 3}
_LGB_NAMES = {"leaves": "num_leaves", "depth": "max_depth", "rate": "learning_rate", "min_leaf": "min_data_in_leaf",
              "objective": "objective", "truncation": "lambdarank_truncation_level"}


def tree_settings(spec: str | None = None) -> dict:
    """``TREE_SETTINGS`` with the overrides of ``spec`` ("key=value,..."; default: $FABULA_TREES)."""
    spec = os.environ.get("FABULA_TREES", "") if spec is None else spec
    out = dict(TREE_SETTINGS)
    for item in filter(None, (x.strip() for x in spec.split(","))):
        key, _, value = item.partition("=")
        if key not in out:
            raise click.ClickException(f"FABULA_TREES: unknown setting {key!r} (known: {', '.join(out)})")
        try:
            out[key] = type(out[key])(value)
        except ValueError:
            raise click.ClickException(f"FABULA_TREES: {key}={value!r} is not a {type(out[key]).__name__}") from None
    return out


def fit_trees(examples, calibrate: bool = True, settings: dict | None = None):
    """Gradient-boosted trees ranking each example's candidates (LightGBM's lambdarank), the softmax
    temperature then fitted so that confidences match accuracy on the training examples (``train_model``
    replaces it by one fitted on held-out novels, ``held_out_temperature``). ``settings``: default
    ``tree_settings()`` (``TREE_SETTINGS``, where the settings tried are noted)."""
    try:
        import lightgbm as lgb
    except ImportError as e:
        raise click.ClickException("training the tree ranker needs LightGBM: pip install 'fabula[train]'") from e
    from fabula.speakers.trees import Trees, from_lightgbm

    rows, Xs, seg, gold_rows = _stack(examples)
    y = np.zeros(len(Xs))
    y[gold_rows] = 1
    cfg = settings or tree_settings()
    params = {lgb_name: cfg[key] for key, lgb_name in _LGB_NAMES.items()}
    params.update({"eval_at": [1], "verbose": -1, "num_threads": 1, "feature_fraction": 0.8, "bagging_fraction": 0.8,
                   "bagging_freq": 1, "seed": 0, "deterministic": True})
    data = lgb.Dataset(Xs, y, group=[len(X) for X, _ in rows], free_raw_data=False)
    booster = lgb.train(params, data, num_boost_round=cfg["rounds"])
    trees = Trees(from_lightgbm(booster.dump_model()))
    if calibrate:
        trees.scale = _temperature(trees.raw(Xs), seg, gold_rows, len(rows))
    return trees


CALIBRATION_FOLDS = 3  # the softmax temperature is fitted on novels the trees did not see


def held_out_calibration(preps, by_novel: list[list], folds: int = CALIBRATION_FOLDS):
    """The softmax scale and the confidence map, both fitted on novels held out of training: trees
    fitted on all folds of novels but one score the left-out fold's examples; the scale maximises the
    likelihood of their gold candidates (trees score the examples they were fitted on too
    confidently); then each fold's trees read their left-out novels end to end (fabula's own cast,
    whose mistakes the gold-cast examples never show), and a logistic map of the logit of each
    speaker's probability to whether it was right is fitted on those (Platt scaling)."""
    from fabula.eval.pdnc import confidence_pairs

    raws, segs, golds, n, models = [], [], [], 0, []
    for k in range(folds):
        train = [e for i, lst in enumerate(by_novel) if i % folds != k for e in lst]
        test = [e for i, lst in enumerate(by_novel) if i % folds == k for e in lst]
        rows, Xs, seg, gold_rows = _stack(test)
        off = sum(len(r) for r in raws)
        models.append(fit_trees(train, calibrate=False))
        raws.append(models[-1].raw(Xs))
        segs.append(seg + n)
        golds.append(gold_rows + off)
        n += len(rows)
    scale = _temperature(np.concatenate(raws), np.concatenate(segs), np.concatenate(golds), n)
    pairs = []
    for k, m in enumerate(models):
        m.scale = scale
        pairs += [pc for i, p in enumerate(preps) if i % folds == k for pc in confidence_pairs(p.novel, m)]
    return scale, platt(np.array([c for c, _ in pairs]), np.array([ok for _, ok in pairs], dtype=np.float64))


def platt(p: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> tuple[float, float]:
    """(a, b) of the logistic regression y ~ sigmoid(a * logit(p) + b) (Newton's method)."""
    q = np.clip(p, 1e-6, 1 - 1e-6)
    x = np.log(q / (1 - q))
    X = np.stack([x, np.ones_like(x)], axis=1)
    w = np.array([1.0, 0.0])
    for _ in range(50):
        z = X @ w
        s = 1 / (1 + np.exp(-z))
        grad = X.T @ (s - y) + l2 * w
        H = (X * (s * (1 - s))[:, None]).T @ X + l2 * np.eye(2)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(w[0]), float(w[1])


def _temperature(raw: np.ndarray, seg: np.ndarray, gold_rows: np.ndarray, n: int) -> float:
    """The scale of the scores maximising the softmax likelihood of the gold candidates."""
    def nll(t: float) -> float:
        p = _softmax_by_example(raw * t, seg, n)
        return -float(np.log(np.maximum(p[gold_rows], 1e-12)).sum())

    lo, hi = 0.05, 20.0
    for _ in range(40):  # golden-section search
        a, b = hi - 0.618 * (hi - lo), lo + 0.618 * (hi - lo)
        if nll(a) < nll(b):
            hi = b
        else:
            lo = a
    return (lo + hi) / 2


def train_speakers(folders: list[Path], hidden: int = HIDDEN, ranker: str | None = None):
    from fabula.eval.pdnc import prepare_gold

    return train_model([prepare_gold(f) for f in folders], hidden, ranker)


def save(w, path: Path, note: str) -> None:
    from fabula.speakers.trees import Trees

    if isinstance(w, Trees):
        data = {"model": "fabula speaker ranker (softmax over candidate speakers; score = scale * sum of the "
                         "gradient-boosted trees' leaves)", "features": list(speakers.FEATURES),
                **w.to_json(), "data": note, "trained": time.strftime("%Y-%m-%d")}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        return
    if isinstance(w, speakers.MLP):
        linear, extra = w.u, {"hidden": {"W": [[round(float(x), 5) for x in row] for row in w.W],
                                         "b": [round(float(x), 5) for x in w.b],
                                         "v": [round(float(x), 5) for x in w.v]}}
    else:
        linear, extra = w, {}
    data = {
        "model": "fabula speaker ranker (softmax over candidate speakers; score = X.u"
                 + (" + relu(X.W + b).v)" if extra else ")"),
        "features": list(speakers.FEATURES),
        "weights": [round(float(x), 5) for x in linear],
        **extra,
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
@click.option("--hidden", type=int, default=HIDDEN, show_default=True,
              help="Hidden units beside the linear term (0: linear model).")
@click.option("--ranker", type=click.Choice(["linear", "trees"]), default=RANKER, show_default=True,
              help="Kind of ranker: conditional-logit linear model, or gradient-boosted trees (needs LightGBM).")
def train_speakers_command(pdnc: Path, exclude: tuple[str, ...], output: Path, hidden: int, ranker: str) -> None:
    """Train the speaker ranker on PDNC novels (gold cast lists) and write its weights. Lockbox
    novels (``fabula.eval.pdnc_data.LOCKBOX_POSITIONS``) are never trained on."""
    from fabula.eval.pdnc_data import novel_dirs, split_lockbox

    dev, _box = split_lockbox(novel_dirs([pdnc]))
    folders = [f for f in dev if f.name not in exclude]
    w = train_speakers(folders, hidden, ranker)
    names = ", ".join(f.name for f in folders)
    save(w, output, f"PDNC ({len(folders)} novels: {names}); gold character lists; "
         "2 rounds (gold history, then own-prediction history)")
    if ranker == "trees":
        click.echo(f"{len(w.trees)} trees, softmax scale {w.scale:.3f}")
    else:
        lin = w.u if isinstance(w, speakers.MLP) else w
        for f, x in zip(speakers.FEATURES, lin, strict=True):
            click.echo(f"{f:22s} {x:+.3f}")
    click.echo(f"wrote {output}")


def fit_mlp(examples, hidden: int = 16, l2: float = 0.001, epochs: int = 300, lr: float = 0.01,
            init=None, seed: int = 0):
    """Like ``fit`` with a hidden layer (``speakers.MLP``): score = X·u + relu(X·W + b)·v."""
    rows, Xs, seg, gold_rows = _stack(examples)
    n, nf = len(rows), Xs.shape[1]
    rng = np.random.default_rng(seed)
    if init is not None:
        params = [init.u.copy(), init.W.copy(), init.b.copy(), init.v.copy()]
    else:
        params = [np.zeros(nf), rng.normal(0, 0.3, (nf, hidden)), np.zeros(hidden), rng.normal(0, 0.3, hidden)]
    m = [np.zeros_like(p) for p in params]
    v2 = [np.zeros_like(p) for p in params]
    for t in range(1, epochs + 1):
        u, W, b, v = params
        pre = Xs @ W + b
        h = np.maximum(pre, 0.0)
        s = Xs @ u + h @ v
        ds = _softmax_by_example(s, seg, n)
        ds[gold_rows] -= 1.0
        ds /= n
        dpre = (ds[:, None] * v[None, :]) * (pre > 0)
        grads = [Xs.T @ ds + l2 * u, Xs.T @ dpre + l2 * W, dpre.sum(0), h.T @ ds + l2 * v]
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v2[i] = 0.999 * v2[i] + 0.001 * g * g
            params[i] = params[i] - lr * (m[i] / (1 - 0.9**t)) / (np.sqrt(v2[i] / (1 - 0.999**t)) + 1e-8)
    return speakers.MLP(*params)


# --------------------------------------------------------------------------- cast (same-character model)

_LOCKBOX_POSITIONS = (2, 6, 10, 14, 18)  # of the 20 shared PDNC novels sorted by folder name: never trained on


@train_command.command("cast")
@click.option("--pdnc", "pdnc", type=click.Path(exists=True, path_type=Path), required=True,
              help="PDNC data folder (the lockbox novels are left out).")
@click.option("--exclude", multiple=True, help="More novel folder names to leave out.")
@click.option("--threshold", type=float, default=0.25, show_default=True,
              help="p(same) below which a name form does not join the character the rules chose.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Default: fabula/models/cast_pairs.json.")
def train_cast_command(pdnc: Path, exclude: tuple[str, ...], threshold: float, output: Path | None) -> None:
    """Train the cast stage's same-character model on PDNC alias lists and write its weights."""
    from fabula.cast import learn, pairs
    from fabula.eval.pdnc_data import novel_dirs

    folders = sorted(novel_dirs([pdnc]), key=lambda f: f.name)
    if len(folders) == 20:
        folders = [f for i, f in enumerate(folders) if i not in _LOCKBOX_POSITIONS]
    folders = [f for f in folders if f.name not in exclude]
    if not folders:
        raise click.ClickException("no PDNC novel folders to train on")
    w, pos, neg = learn.train(folders)
    output = output or pairs.MODEL_PATH
    learn.save(w, threshold, output, folders, pos, neg)
    for f, x in zip(pairs.FEATURES, w, strict=True):
        click.echo(f"{f:22s} {x:+.3f}")
    click.echo(f"wrote {output} ({pos} same, {neg} different pairs from {len(folders)} novels)")

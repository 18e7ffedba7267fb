"""Training the same-character model (``pairs.py``) from PDNC alias lists.

For each novel, the cast stage's own name forms (before clustering) are labelled by the gold
character whose alias list holds them (forms that fit no gold character, or several, are left
out). Candidate pairs are the pairs the clustering could join: forms sharing a name token, or whose
given names share their first two letters or are nicknames of each other. A logistic regression
(L2, Newton steps, numpy) is fitted on the pairs of the training novels.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from fabula import ingest, quotes, text
from fabula.cast.forms import build_forms, drop_places
from fabula.cast.mentions import find_mentions, reading
from fabula.cast.pairs import FEATURES, features, form_contexts, kin_links
from fabula.cast.pronouns import _pronoun_votes
from fabula.cast.seeds import _seed_names
from fabula.names import nickname_of


def _norm(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).casefold()


def _form_surface(key: tuple) -> str:
    title, toks = key
    return _norm(" ".join(([title] if title else []) + list(toks)))


def novel_forms(novel_text: str):
    """The cast stage's forms and their contexts for a text (as ``cast.build`` makes them)."""
    work = ingest.read(novel_text)
    txt = text.segment(work)
    qs = quotes.find(txt)
    seeds = _seed_names(work)
    rd = reading(work, txt, qs, seeds)
    occs = find_mentions(work, txt, rd)
    _pronoun_votes(rd.s, occs, rd.piece_starts, rd.piece_ends, rd.sent_starts, rd.sent_ends)
    forms = build_forms(occs)
    occs = drop_places(rd.s, forms, occs)
    return forms, form_contexts(occs, rd.s, rd.sent_starts, txt.paragraphs), kin_links(occs, rd.s)


def candidate_pairs(forms) -> list[tuple]:
    """Pairs of non-epithet form keys the clustering could join."""
    by_tok: dict[str, list[tuple]] = defaultdict(list)
    by_pre: dict[str, list[tuple]] = defaultdict(list)
    keys = [k for k, f in forms.items() if not f.epithet and f.tokens]
    for k in keys:
        toks = [t.casefold() for t in forms[k].tokens]
        for t in set(toks):
            by_tok[t].append(k)
        by_pre[toks[0][:2]].append(k)
    pairs: set[tuple] = set()
    for group in list(by_tok.values()) + list(by_pre.values()):
        if len(group) > 60:
            group = sorted(group, key=lambda k: -forms[k].count)[:60]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a == b:
                    continue
                fa, fb = forms[a].tokens[0].casefold(), forms[b].tokens[0].casefold()
                share = {t.casefold() for t in forms[a].tokens} & {t.casefold() for t in forms[b].tokens}
                if share or nickname_of(fa, fb) or nickname_of(fb, fa) or fa[:2] == fb[:2]:
                    pairs.add((a, b) if str(a) < str(b) else (b, a))
    return sorted(pairs, key=str)


def novel_examples(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and same/different labels for one PDNC novel folder."""
    from fabula.eval.pdnc_data import load_novel

    novel = load_novel(folder)
    forms, ctx, kin = novel_forms(novel.text)
    gold: dict[str, set[str]] = defaultdict(set)
    for g in novel.characters:
        for a in g.aliases | {g.name}:
            gold[_norm(a)].add(g.id)
    label = {}
    for k, f in forms.items():
        if f.epithet:
            continue
        ids = gold.get(_form_surface(k), set())
        if len(ids) == 1:
            label[k] = next(iter(ids))
    rows, ys = [], []
    for a, b in candidate_pairs(forms):
        if a in label and b in label:
            rows.append(features(forms[a], forms[b], ctx.get(a), ctx.get(b), kin.get(frozenset((a, b)), 0)))
            ys.append(1.0 if label[a] == label[b] else 0.0)
    return np.array(rows, dtype=float).reshape(-1, len(FEATURES)), np.array(ys, dtype=float)


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -30, 30)))
        grad = X.T @ (p - y) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def train(folders: list[Path]) -> tuple[np.ndarray, int, int]:
    """Weights from the novels' pairs; also the numbers of positive and negative pairs."""
    Xs, ys = zip(*(novel_examples(f) for f in folders), strict=True)
    X, y = np.vstack(Xs), np.concatenate(ys)
    return fit(X, y), int(y.sum()), int(len(y) - y.sum())


def save(w: np.ndarray, threshold: float, path: Path, folders: list[Path], pos: int, neg: int) -> None:
    path.write_text(json.dumps({
        "model": "same-character pairwise logistic regression (fabula.cast.pairs)",
        "data": f"PDNC alias lists (character_info.csv) of {len(folders)} novels: "
                + ", ".join(sorted(f.name for f in folders)) + f"; {pos} same and {neg} different pairs",
        "made_by": "fabula train cast --pdnc ../shared/data/pdnc/data (lockbox novels left out)",
        "threshold": threshold,
        "features": list(FEATURES),
        "weights": [round(float(x), 4) for x in w],
    }, indent=1) + "\n")

"""`fabula eval scenes FILE.csv...`: scene boundary precision, recall and F1 against gold.

Each CSV is one sentence per row, ``label,sentence``; label 1 where a new scene starts (the format of
the BYU scene-segmentation data in ../shared/data/scenes; an empty label counts as 0). The files have
no paragraphs, so each sentence becomes a paragraph of its own (a sentence inside an open quotation
joins the previous one: a speech is one paragraph), and the whole fabula pipeline after
ingest (text, quotes, cast, speakers, scenes) runs on that text. The first sentence is a boundary by
definition and is left out of the figures on both sides.

Figures: exact (the predicted scene starts at the gold sentence) and within N sentences (default 2;
each gold boundary matches at most one prediction), per text and overall (micro-averaged).
``--loto`` also picks the implicit-boundary threshold on all texts but one and scores the one left
out, for every text in turn: the honest figure when the threshold is tuned on these texts.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np

from fabula import cast, pov, quotes, scenes, speakers, text
from fabula.errors import FabulaError
from fabula.model import Attribution, Cast, Chapter, Quotes, Span, Speakers, Text, Work

THRESHOLDS = tuple(round(0.25 + 0.05 * i, 2) for i in range(14))  # 0.25 .. 0.90


def read_gold(path: Path) -> tuple[list[str], list[int]]:
    """Sentences and the indices of gold scene starts (the first sentence excluded)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f) if r]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise FabulaError(f"{path}: cannot read ({e})") from None
    sentences: list[str] = []
    gold: list[int] = []
    for r in rows:
        if len(r) < 2:
            continue
        label = r[0].strip()
        if label == "1" and sentences:
            gold.append(len(sentences))
        sentences.append(" ".join(r[1].split()))
    if not sentences:
        raise FabulaError(f"{path}: no sentences")
    return sentences, gold


class Layers:
    """The layers up to speakers for a list of sentences, one paragraph each, and a way to map scene
    starts back to sentence indices."""

    def __init__(self, sentences: list[str], with_cast: bool = True):
        # one paragraph per sentence, except that a sentence inside an open quotation joins the one
        # before it (a speech of several sentences is one paragraph, as it was in the book)
        self.sentences = sentences
        parts: list[str] = []
        self.starts: list[int] = []  # offset of each sentence in the rebuilt text
        self.para_first: dict[int, int] = {}  # paragraph start offset -> its first sentence
        pos = 0
        open_quote = False
        joined = 0
        for i, s in enumerate(sentences):
            s = s or "."
            # join only a plain continuation, and never more than a few sentences (a lost closing
            # mark must not swallow a chapter)
            if open_quote and parts and s[:1] not in "“\"" and joined < 5:
                joined += 1
                parts[-1] += " " + s
                self.starts.append(pos + 1)
                pos += len(s) + 1
            else:
                if parts:
                    pos += 2
                joined = 0
                self.para_first[pos] = i
                self.starts.append(pos)
                parts.append(s)
                pos += len(s)
            open_quote = _quote_open(parts[-1])
        story = "\n\n".join(parts)
        self.work = Work(text=story, source_format="text", story=(Span(0, len(story)),),
                         chapters=(Chapter(1, None, 0, len(story)),))
        self.text = text.segment(self.work)
        self.quotes = quotes.find(self.text)
        if with_cast:
            self.cast = cast.build(self.work, self.text, self.quotes)
            self.speakers = speakers.attribute(self.text, self.quotes, self.cast)
        else:
            self.cast = Cast((), ())
            self.speakers = Speakers(tuple(Attribution(q.index, None, (), "implicit", 0.0) for q in self.quotes))

    def predict(self, threshold: float) -> list[int]:
        sc = scenes.segment(self.work, self.text, self.quotes, self.cast, self.speakers, threshold=threshold)
        return sorted({i for i in (self.sentence_of(s.start, s.end) for s in sc) if i > 0})

    def sentence_of(self, start: int, end: int) -> int:
        """The gold sentence index of a scene starting at ``start`` (ending at ``end``)."""
        i = self.para_first.get(start)
        if i is None:
            i = bisect.bisect_right(self.starts, start) - 1
        # the gold marks the first sentence of prose, not a chapter heading above it
        if scenes.marker_kind(self.text.text[start:end].split("\n\n", 1)[0]) == "heading" \
                and scenes.HEADING.match(self.sentences[i]) and i + 1 < len(self.sentences):
            i += 1
        return i


def _quote_open(paragraph: str) -> bool:
    """True when a paragraph leaves a quotation open (more opening than closing marks)."""
    curly = paragraph.count("“") - paragraph.count("”")
    if curly:
        return curly > 0
    return "“" not in paragraph and paragraph.count('"') % 2 == 1


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    near: int = 0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.exact += other.exact
        self.near += other.near

    def prf(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.pred if self.pred else 0.0
        r = hits / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score(gold: list[int], pred: list[int], tolerance: int) -> Score:
    g, p = set(gold), set(pred)
    exact = len(g & p)
    # one-to-one matching within the tolerance, nearest pairs first
    pairs = sorted((abs(a - b), a, b) for a in gold for b in pred if abs(a - b) <= tolerance) \
        if len(gold) * len(pred) < 4_000_000 else []
    used_g, used_p, near = set(), set(), 0
    for _, a, b in pairs:
        if a not in used_g and b not in used_p:
            used_g.add(a)
            used_p.add(b)
            near += 1
    return Score(len(g), len(p), exact, near)


def _row(name: str, s: Score) -> str:
    pe, re_, fe = s.prf(s.exact)
    pn, rn, fn = s.prf(s.near)
    return (f"| {name} | {s.gold} | {s.pred} | {pe:.2f} | {re_:.2f} | {fe:.2f} | {pn:.2f} | {rn:.2f} | {fn:.2f} |")


@click.command("scenes")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tolerance", default=2, show_default=True, help="Sentences a boundary may be off by.")
@click.option("--threshold", default=scenes.THRESHOLD, show_default=True, help="Implicit-boundary score needed.")
@click.option("--loto", is_flag=True, help="Also tune the threshold leaving each text out in turn.")
@click.option("--cast/--no-cast", "with_cast", default=True, show_default=True,
              help="Run the cast and speaker stages (--no-cast: scenes from the text alone).")
@click.option("--fit", "fit_cols", default=None, metavar="FEATURES",
              help="Also fit a logistic regression over these comma-separated signals (or 'all'; see "
                   "FEATURES) leaving each text out in turn, and score the texts left out.")
def scenes_command(files: tuple[Path, ...], tolerance: int, threshold: float, loto: bool, with_cast: bool,
                   fit_cols: str | None) -> None:
    """Scene boundary precision/recall/F1 (exact and within TOLERANCE sentences) on gold CSV files."""
    data = []
    for f in files:
        sentences, gold = read_gold(f)
        data.append((f.stem, gold, Layers(sentences, with_cast)))
    head = (f"| text | gold | predicted | P exact | R exact | F1 exact | P ±{tolerance} | R ±{tolerance} "
            f"| F1 ±{tolerance} |\n|---|---|---|---|---|---|---|---|---|")
    click.echo(f"threshold {threshold}, {'with' if with_cast else 'without'} the cast and speaker stages\n")
    click.echo(head)
    total = Score()
    for name, gold, layers in data:
        s = score(gold, layers.predict(threshold), tolerance)
        total.add(s)
        click.echo(_row(name, s))
    click.echo(_row("**all**", total))
    if fit_cols and len(data) >= 2:
        names = [c.strip() for c in fit_cols.split(",") if c.strip()]
        if names == ["all"]:
            names = list(FEATURES[1:])
        bad = [c for c in names if c not in FEATURES]
        if bad:
            raise FabulaError(f"unknown signal {bad[0]!r}; known: {', '.join(FEATURES[1:])}")
        cols = [0] + [FEATURES.index(c) for c in names if c != "bias"]
        results = loto_fit([table(layers, gold) for _, gold, layers in data], cols, tolerance)
        click.echo(f"\nlogistic regression over {', '.join(FEATURES[c] for c in cols[1:])}, leave-one-text-out "
                   f"(probability threshold chosen by micro F1 ±{tolerance} on the other texts)\n")
        click.echo(head.replace("| text |", "| held-out text (threshold) |"))
        held = Score()
        for (name, _, _), (th, s, _w) in zip(data, results):
            held.add(s)
            click.echo(_row(f"{name} ({th:.3f})", s))
        click.echo(_row("**all, held out**", held))
        w = np.mean([r[2] for r in results], axis=0)
        click.echo("\nmean weights: " + ", ".join(f"{FEATURES[c]} {x:+.2f}" for c, x in zip(cols, w)))
    if not loto or len(data) < 2:
        return
    # every text's score at every threshold, then leave one text out
    grid = {t: [score(gold, layers.predict(t), tolerance) for _, gold, layers in data] for t in THRESHOLDS}
    click.echo(f"\nleave-one-text-out (threshold chosen by micro F1 ±{tolerance} on the other texts)\n")
    click.echo(head.replace("| text |", "| held-out text (threshold) |"))
    held = Score()
    for i, (name, _, _) in enumerate(data):
        def f_without(t: float, i: int = i) -> float:
            agg = Score()
            for j, s in enumerate(grid[t]):
                if j != i:
                    agg.add(s)
            return agg.prf(agg.near)[2]

        best = max(THRESHOLDS, key=lambda t: (f_without(t), -abs(t - scenes.THRESHOLD)))
        s = grid[best][i]
        held.add(s)
        click.echo(_row(f"{name} ({best:.2f})", s))
    click.echo(_row("**all, held out**", held))


# ------------------------------------------------------------------ the learned-scoring experiment (--fit)

FEATURES = ("bias", "opener", "strong_opener", "pov_switch", "cast_change", "new_character",
            "low_cohesion", "cohesion_depth", "after_dialogue", "dialogue", "log_words", "name_first",
            "short_before", "new_words", "dropped_words", "novelty_jump",
            "quoted_opener", "rule_score", "rule_chosen")


def features(text: Text, ev: pov.Evidence, hard: dict[int, tuple[str, float]], speakers: Speakers,
             quotes: Quotes) -> np.ndarray:
    """One row per paragraph, one column per name in ``FEATURES``: the scene stage's signals, taken
    apart and measured at every paragraph, a few more (vocabulary novelty, a new character, dialogue
    around it), and the stage's own implicit score."""
    from fabula.scenes import EMBEDDED_MIN_CHARS, MIN_GAP, _pov_switches, cohesion, opener_score
    paras = text.paragraphs
    n = len(paras)
    s = text.text
    X = np.zeros((n, len(FEATURES)))
    X[:, 0] = 1.0
    told: set[int] = set()
    for q in quotes:
        if q.last_paragraph > q.paragraph:
            told.update(k for k in range(q.paragraph + 1, q.last_paragraph + 1)
                        if paras[k].end - paras[k].start >= EMBEDDED_MIN_CHARS)
    dialogue = np.zeros(n, dtype=bool)
    for i, p in enumerate(paras):
        start = p.start
        if ev.quoted[i] and s[p.start] in "\"“‘'«—–":
            start += 1
            if i not in told:
                dialogue[i] = True
                # a character telling of a time jump ("Soon after this the young man returned")
                X[i, 16] = opener_score(s[start:min(p.end, start + 120)])
                continue
        o = opener_score(s[start:min(p.end, start + 120)])
        X[i, 1] = o
        X[i, 2] = o >= 0.6
    X[:, 9] = dialogue
    X[1:, 8] = dialogue[:-1] & ~dialogue[1:]
    nw = np.fromiter((len(s[p.start:p.end].split()) for p in paras), dtype=np.float64, count=n)
    X[:, 10] = np.log1p(nw)
    X[1:, 12] = nw[:-1] <= 8
    present: list[set[int]] = [set(x) for x in ev.named]
    for q, a in zip(quotes, speakers):
        if a.speaker is not None:
            present[q.paragraph].add(a.speaker)
    hard_idx = sorted(hard) + [n]
    window = 6
    for lo, hi in itertools.pairwise(hard_idx):
        if hi - lo >= 2 * MIN_GAP:
            span_cues = [c for c in ev.cues if lo <= c.paragraph < hi]
            genders = pov.resolve_genders(ev, lo, hi)
            owned = pov.owners(ev, span_cues, genders, keep_unknown=True)
            for i, _ in _pov_switches(owned, lo, hi):
                X[i, 3] = 1.0
        for i in range(lo + 1, hi):
            before: set[int] = set().union(*present[max(lo, i - window):i])
            after: set[int] = set().union(*present[i:min(hi, i + window)])
            if before and after and not (before & after):
                X[i, 4] = 1.0
            # a character named here who was not named in the last 30 paragraphs
            if present[i] and not present[i] <= set().union(*present[max(lo, i - 30):i]):
                X[i, 5] = 1.0
    if n >= 3:
        sims = cohesion(text, list(range(n)))
        ranks = np.argsort(np.argsort(sims)) / max(1, n - 1)
        X[:, 6] = 1.0 - ranks
        # TextTiling depth: how far the similarity dips below the highest points on either side
        k = 5
        pad = np.pad(sims, k, mode="edge")
        left = np.max(np.lib.stride_tricks.sliding_window_view(pad[:-k - 1], k), axis=1)[:n]
        right = np.max(np.lib.stride_tricks.sliding_window_view(pad[k + 1:], k), axis=1)[:n]
        depth = (left - sims) + (right - sims)
        sd = depth.std() or 1.0
        X[:, 7] = np.clip(depth / sd, 0, 4)
    X[:, 13:16] = novelty(text, n)
    for c in scenes.candidates(text, ev, hard, speakers, quotes):
        X[c.paragraph, 17] = c.score
        X[c.paragraph, 18] = c.score >= scenes.THRESHOLD
    # a narration paragraph opening on a character's name: the narration turns to someone
    for i, p in enumerate(paras):
        if dialogue[i] or not ev.named[i]:
            continue
        m = _FIRST_WORD.match(s, p.start, min(p.end, p.start + 40))
        if m and m.group(0) not in pov._NOT_NAMES:
            X[i, 11] = 1.0
    return X


_FIRST_WORD = re.compile(r"[\s(\[*_]*(?:(?:Mr|Mrs|Miss|Dr|Aunt|Uncle|Master|Lady|Sir)\.?\s+)?[A-Z][a-z]+")


def novelty(text: Text, n: int, gap: int = 400, win: int = 80) -> np.ndarray:
    """Per paragraph, three columns measured in content words (so paragraph length does not matter):
    the share of the ``win`` words from the paragraph on that were not used in the ``gap`` words
    before (new vocabulary: a new place, new things), the share of the ``win`` words before it that
    do not come back in the ``gap`` words after (the old scene's vocabulary is dropped), and how much
    more new vocabulary there is after the paragraph than before it. Each column as a rank in the text
    (0..1). One regex pass and numpy sorting."""
    out = np.zeros((n, 3))
    s = text.text
    paras = text.paragraphs
    lo, hi = paras[0].start, paras[-1].end
    toks = [(m.start(), m.group(0)) for m in scenes._CONTENT.finditer(s.lower(), lo, hi)
            if m.group(0) not in scenes._STOP]
    m = len(toks)
    if m < 2 * win or n < 3:
        return out
    pos = np.fromiter((t[0] for t in toks), dtype=np.int64, count=m)
    _, wid = np.unique(np.array([t[1] for t in toks]), return_inverse=True)
    order = np.lexsort((np.arange(m), wid))
    same = np.r_[False, wid[order][1:] == wid[order][:-1]]
    prev = np.full(m, -10**9)
    prev[order[same]] = order[:-1][same[1:]]
    nxt = np.full(m, 10**9)
    nxt[order[:-1][same[1:]]] = order[same]
    idx = np.arange(m)
    new = (idx - prev > gap).astype(np.float64)
    gone = (nxt - idx > gap).astype(np.float64)
    cn = np.r_[0.0, np.cumsum(new)]
    cg = np.r_[0.0, np.cumsum(gone)]
    starts = np.fromiter((p.start for p in paras), dtype=np.int64, count=n)
    t0 = np.searchsorted(pos, starts)  # first content word of each paragraph
    a = np.clip(t0 + win, 0, m)
    b = np.clip(t0 - win, 0, m)
    after_new = (cn[a] - cn[t0]) / np.maximum(1, a - t0)
    before_new = (cn[t0] - cn[b]) / np.maximum(1, t0 - b)
    before_gone = (cg[t0] - cg[b]) / np.maximum(1, t0 - b)
    for j, v in enumerate((after_new, before_gone, after_new - before_new)):
        out[:, j] = np.argsort(np.argsort(v, kind="stable"), kind="stable") / (n - 1)
    return out


@dataclass
class Table:
    """One text's signals for the fit: features, labels (gold starts, by paragraph), hard boundaries."""

    X: np.ndarray
    y: np.ndarray
    hard: dict[int, tuple[str, float]]
    para_sentence: list[int]
    gold: list[int]


def table(layers: Layers, gold: list[int]) -> Table:
    paras = layers.text.paragraphs
    ev = pov.evidence(layers.text, layers.quotes, layers.cast)
    hard, _ = scenes.hard_boundaries(layers.work, layers.text, layers.cast)
    X = features(layers.text, ev, hard, layers.speakers, layers.quotes)
    starts = [p.start for p in paras]
    y = np.zeros(len(paras))
    for g in gold:
        y[bisect.bisect_right(starts, layers.starts[g]) - 1] = 1.0
    return Table(X, y, hard, [layers.sentence_of(p.start, p.end) for p in paras], gold)


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1e-4, epochs: int = 1500, lr: float = 0.05
                 ) -> np.ndarray:
    """Weights of a logistic regression (full-batch Adam, L2 on all but the bias column 0)."""
    w = np.zeros(X.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, epochs + 1):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        g = X.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]]
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def decode(t: Table, w: np.ndarray, cols: list[int], threshold: float, gap: int = scenes.MIN_GAP) -> list[int]:
    """Predicted gold-sentence starts: the hard boundaries, then paragraphs by falling probability while
    it is at least ``threshold``, each at least ``gap`` paragraphs from those taken (peak picking)."""
    p = 1.0 / (1.0 + np.exp(-(t.X[:, cols] @ w)))
    taken = sorted(t.hard)
    for i in np.argsort(-p, kind="stable").tolist():
        if p[i] < threshold:
            break
        if i in t.hard:
            continue
        j = bisect.bisect_left(taken, i)
        if (j < len(taken) and taken[j] - i < gap) or (j > 0 and i - taken[j - 1] < gap):
            continue
        taken.insert(j, i)
    return sorted({t.para_sentence[i] for i in taken if t.para_sentence[i] > 0})


PROBS = tuple(round(0.02 * 1.25 ** k, 4) for k in range(16))  # 0.02 .. 0.57


def loto_fit(tables: list[Table], cols: list[int], tolerance: int) -> list[tuple[float, Score, np.ndarray]]:
    """For each text in turn: fit on the others (non-hard paragraphs), pick the probability threshold
    by micro F1 within ``tolerance`` on the others, score the text left out."""
    out = []
    for i, held in enumerate(tables):
        rest = [t for j, t in enumerate(tables) if j != i]
        keep = [np.array([k not in t.hard for k in range(len(t.y))], dtype=bool) for t in rest]
        w = fit_logistic(np.vstack([t.X[k][:, cols] for t, k in zip(rest, keep)]),
                         np.concatenate([t.y[k] for t, k in zip(rest, keep)]))

        def f_rest(th: float, w: np.ndarray = w, rest: list[Table] = rest) -> float:
            agg = Score()
            for t in rest:
                agg.add(score(t.gold, decode(t, w, cols, th), tolerance))
            return agg.prf(agg.near)[2]

        best = max(PROBS, key=f_rest)
        out.append((best, score(held.gold, decode(held, w, cols, best), tolerance), w))
    return out

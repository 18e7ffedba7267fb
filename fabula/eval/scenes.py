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

import csv
from dataclasses import dataclass
from pathlib import Path

import click

from fabula import cast, quotes, scenes, speakers, text
from fabula.errors import FabulaError
from fabula.model import Attribution, Cast, Chapter, Span, Speakers, Work

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
        import bisect

        out = []
        for s in sc:
            i = self.para_first.get(s.start)
            if i is None:
                i = bisect.bisect_right(self.starts, s.start) - 1
            # the gold marks the first sentence of prose, not a chapter heading above it
            if scenes.marker_kind(self.text.text[s.start:s.end].split("\n\n", 1)[0]) == "heading" \
                    and scenes.HEADING.match(self.sentences[i]) and i + 1 < len(self.sentences):
                i += 1
            if i > 0:
                out.append(i)
        return sorted(set(out))


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
def scenes_command(files: tuple[Path, ...], tolerance: int, threshold: float, loto: bool, with_cast: bool) -> None:
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

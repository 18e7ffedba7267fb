"""`fabula eval pdnc DIR...`: end-to-end speaker accuracy on PDNC novels.

Modes:
- default (end to end): fabula's own pipeline, its own cast; a predicted character counts as the gold
  one by the name rule below.
- ``--gold-cast``: the cast is PDNC's character list (main names and aliases, gender), with name
  mentions found by exact, case-sensitive alias matching in the text; this measures attribution alone.

Name rule (end to end). Each predicted character is mapped to at most one gold character:
1. the gold character one of whose aliases equals the predicted character's name (names compared
   case-insensitively, dots and spacing ignored: "Mrs Quill" = "Mrs. Quill"; the first such gold
   character in character_info.csv order);
2. otherwise, for the predicted first-person narrator, the gold character whose aliases hold PDNC's
   narrator mark "_narr";
3. otherwise the gold character sharing the most aliases with the predicted character's aliases
   (ties: the gold character listed first in character_info.csv);
4. otherwise, when the predicted name is one word that is the first or last word (titles left out)
   of a multi-word alias of exactly one gold character ("Joss" for "Joss Calder"), that character;
   else unmapped.
A quote is right when its gold quote was found (the predicted quote overlapping the gold quote's first
span) and the predicted speaker maps to the gold speaker. Unmatched gold quotes count as wrong.

``--cv K``: leave-novels-out cross-validation over the development novels (lockbox novels left out):
novels (sorted by name) go to fold i % K; the ranker is trained on the other folds' novels (gold cast
lists) and scored on the fold's; no weight ever sees the novel it is scored on.

``--lockbox DIR``: the honest held-out figure. The ranker is trained on the 15 development novels of
DIR (the PDNC data folder) and scored on the 5 lockbox novels (``pdnc_data.LOCKBOX_POSITIONS``).
``--errors`` never shows a lockbox novel's errors.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import click
import numpy as np

from fabula.eval.matching import overlapping_quotes
from fabula.eval.pdnc_data import Novel, is_lockbox, load_novel, novel_dirs, split_lockbox
from fabula.model import Cast, Character, Mention, Quotes, Text

TYPES = ("Explicit", "Anaphoric", "Implicit")


@dataclass
class Prepared:
    novel: Novel
    text: Text
    quotes: Quotes
    cast: Cast
    gold_speakers: list[int | None]  # per predicted quote: gold speaker index (gold cast), or None
    match: list[int | None]  # per gold quote: index of the predicted quote, or None


def _pipeline_front(novel: Novel):
    from fabula import ingest, quotes, text

    work = ingest.read(novel.text)
    txt = text.segment(work)
    qs = quotes.find(txt)
    return work, txt, qs


def match_quotes(novel: Novel, qs: Quotes) -> list[int | None]:
    """For each gold quote, the predicted quote one of whose pieces overlaps its first span."""
    return overlapping_quotes((g.spans[0] for g in novel.quotes), qs)


_FIRST = re.compile(r"\bI\b")


def gold_cast(novel: Novel, text: Text, qs: Quotes) -> Cast:
    """PDNC's character list as a Cast, mentions by exact alias matching (aliases shared by two
    characters are left out), the narrator when the narration is in the first person."""
    owner: dict[str, int] = {}
    shared: set[str] = set()
    listed = {a for c in novel.characters for a in c.aliases}
    derived: dict[str, set[int]] = {}
    for i, c in enumerate(novel.characters):
        for a in c.aliases:
            for d in _derived(a, c.gender):
                if d not in listed:
                    derived.setdefault(d, set()).add(i)
    for i, c in enumerate(novel.characters):
        for a in list(c.aliases) + [d for d, owners in derived.items() if owners == {i}]:
            if not a or not a.strip():
                continue
            if a in owner and owner[a] != i:
                shared.add(a)
            owner[a] = i
    names = sorted((a for a in owner if a not in shared), key=len, reverse=True)
    mentions: list[Mention] = []
    counts = Counter()
    if names:
        rx = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in names) + r")(?![\w])")
        for m in rx.finditer(novel.text):
            c = owner[m.group()]
            mentions.append(Mention(m.start(), m.end(), c, "name"))
            counts[c] += 1
    pron = {"M": "he/him", "F": "she/her"}
    chars = tuple(
        Character(i, c.name, tuple(sorted(c.aliases)), pron.get(c.gender.strip()[:1].upper()) if c.gender else None,
                  counts[i])
        for i, c in enumerate(novel.characters)
    )
    narrator = _gold_narrator(novel, text, qs)
    return Cast(chars, tuple(mentions), narrator)


_TITLES = {"mr", "mrs", "miss", "ms", "dr", "sir", "lady", "lord", "madame", "mme", "monsieur", "aunt", "uncle",
           "captain", "colonel", "professor", "the", "old", "young", "little", "general", "admiral", "count"}


def _derived(alias: str, gender: str = "") -> list[str]:
    """Forms the text uses that PDNC's alias lists often leave out: "Hal" and "Rook" for
    "Hal Rook", "Fenwick" for "Mr. Fenwick", "Miss Pryce" for "Odile Pryce" (by gender),
    "Mr. van der Berg" for "Mr. Van Der Berg". Kept only when no other character has them."""
    words = alias.split()
    out = []
    g = (gender or "").strip()[:1].upper()
    titled = bool(words) and words[0].rstrip(".").lower() in _TITLES
    if len(words) >= 2 and not titled and words[0][:1].isupper():
        out.append(words[0])
        out.append(words[-1])
        if g == "M":
            out.append("Mr. " + words[-1])
        elif g == "F":
            out += ["Miss " + words[-1], "Mrs. " + words[-1]]
    if len(words) >= 2 and titled and g == "M" and words[-1][:1].isupper():
        out.append(words[-1])
    if len(words) >= 2:
        low = [w if i in (0, len(words) - 1) else (w.lower() if w.lower() in ("van", "der", "de", "von", "du", "la")
                                                   else w) for i, w in enumerate(words)]
        if low != words:
            out.append(" ".join(low))
    return [o for o in out if len(o) > 2 and o[:1].isupper()]


def _gold_narrator(novel: Novel, text: Text, qs: Quotes) -> int | None:
    """First-person narration ("I" outside quotes at >= 0.5% of narration words): the narrator is the
    gold speaker most often tagged by "I" in PDNC's referring expressions (part of the gold cast)."""
    s = novel.text
    inside = np.zeros(len(s) + 1, dtype=np.int8)
    for q in qs:
        for p in q.pieces:
            inside[p.start:p.end] = 1
    n_i = sum(1 for m in _FIRST.finditer(s) if not inside[m.start()])
    words = max(1, text.words)
    if n_i / words < 0.005:
        return None
    tally = Counter(g.speaker for g in novel.quotes if g.referring.strip() in ("I", "I said") or
                    g.referring.strip().startswith("I "))
    if not tally:
        return None
    name = tally.most_common(1)[0][0]
    for i, c in enumerate(novel.characters):
        if c.name == name:
            return i
    return None


def speaker_index(novel: Novel) -> dict[str, int]:
    """Gold speaker name -> gold character index. PDNC's quotation files name a speaker by the main
    name or, in some novels, by another alias ("Odile" for "Miss Pryce"); main names win."""
    index: dict[str, int] = {}
    for i, c in enumerate(novel.characters):
        for a in c.aliases:
            index.setdefault(norm_name(a), i)
    for i, c in enumerate(novel.characters):
        index[norm_name(c.name)] = i
    return _NormDict(index)


def norm_name(name: str) -> str:
    """Case, dots and spacing do not count: "Mrs Quill" is "Mrs. Quill"."""
    return " ".join(name.replace(".", " ").casefold().split())


class _NormDict(dict):
    def get(self, key, default=None):
        return super().get(norm_name(key), default)


def prepare_gold(folder: Path) -> Prepared:
    novel = load_novel(folder)
    _, txt, qs = _pipeline_front(novel)
    cast = gold_cast(novel, txt, qs)
    match = match_quotes(novel, qs)
    index = speaker_index(novel)
    gold: list[int | None] = [None] * len(qs)
    for g, m in zip(novel.quotes, match, strict=True):
        if m is not None and gold[m] is None:
            gold[m] = index.get(g.speaker)
    return Prepared(novel, txt, qs, cast, gold, match)


def map_characters(novel: Novel, cast: Cast) -> dict[int, int | None]:
    """Predicted character index -> gold character index by the name rule in this module's docstring."""
    gold_alias = [{norm_name(a) for a in c.aliases} | {norm_name(c.name)} for c in novel.characters]
    narr = next((i for i, c in enumerate(novel.characters) if "_narr" in c.aliases), None)
    words: dict[str, set[int]] = {}
    for i, al in enumerate(gold_alias):
        for a in al:
            ws = [w for w in a.split() if w not in _TITLES]
            if len(ws) >= 2:
                for w in (ws[0], ws[-1]):
                    words.setdefault(w, set()).add(i)
    out: dict[int, int | None] = {}
    for c in cast.characters:
        name = norm_name(c.name)
        hit = next((i for i, al in enumerate(gold_alias) if name in al), None)
        if hit is None and c.narrator and narr is not None:
            hit = narr
        if hit is None:
            mine = {norm_name(a) for a in c.aliases} | {name}
            best, best_n = None, 0
            for i, al in enumerate(gold_alias):
                n = len(mine & al)
                if n > best_n:
                    best, best_n = i, n
            hit = best
        if hit is None and len(words.get(name, ())) == 1:
            hit = next(iter(words[name]))
        out[c.index] = hit
    return out


@dataclass
class NovelScore:
    name: str
    total: Counter
    right: Counter
    found: int
    gold_quotes: int
    cast: dict | None = None
    confidence: list[tuple[float, bool]] = field(default_factory=list)  # per found gold quote: (conf, right)

    def acc(self, t: str | None = None) -> float:
        key = t or "all"
        return self.right[key] / self.total[key] if self.total[key] else float("nan")


def _own_cast(novel: Novel):
    """``novel`` read up to the cast with fabula's own stages: (text, quotes, cast, gold-quote ->
    quote index, character -> gold character)."""
    from fabula import cast as cast_stage

    work, txt, qs = _pipeline_front(novel)
    cast = cast_stage.build(work, txt, qs)
    return txt, qs, cast, match_quotes(novel, qs), map_characters(novel, cast)


def confidence_pairs(novel: Novel, w) -> list[tuple[float, bool]]:
    """(confidence, right) for each found gold quote of ``novel`` read end to end (fabula's own cast)
    with the ranker ``w``: what a calibration of the confidences is fitted on."""
    from fabula import speakers

    txt, qs, cast, match, mapping = _own_cast(novel)
    sp = speakers.attribute(txt, qs, cast, model=w)
    index = speaker_index(novel)
    out = []
    for g, m in zip(novel.quotes, match, strict=True):
        if m is not None:
            spk = sp[m].speaker
            ok = spk is not None and mapping.get(spk) is not None and mapping[spk] == index.get(g.speaker)
            out.append((float(sp[m].confidence), ok))
    return out


def score_novel(folder: Path, gold_mode: bool, w: np.ndarray | None, errors: int = 0) -> NovelScore:
    from fabula import speakers

    if gold_mode:
        prep = prepare_gold(folder)
        novel, txt, qs, cast = prep.novel, prep.text, prep.quotes, prep.cast
        match = prep.match
        mapping = {c.index: c.index for c in cast.characters}
    else:
        novel = load_novel(folder)
        txt, qs, cast, match, mapping = _own_cast(novel)
    sp = speakers.attribute(txt, qs, cast, model=w)
    index = speaker_index(novel)
    lockbox = is_lockbox(folder)  # never show a lockbox novel's errors
    total, right = Counter(), Counter()
    conf: list[tuple[float, bool]] = []
    shown = 0
    for g, m in zip(novel.quotes, match, strict=True):
        t = g.type if g.type in TYPES else "Implicit"
        total["all"] += 1
        total[t] += 1
        ok = False
        if m is not None:
            spk = sp[m].speaker
            ok = spk is not None and mapping.get(spk) is not None and mapping[spk] == index.get(g.speaker)
        if m is not None:
            conf.append((float(sp[m].confidence), ok))
        if ok:
            right["all"] += 1
            right[t] += 1
        elif errors and shown < errors and m is not None and not lockbox:
            shown += 1
            q = qs[m]
            a = max(0, q.start - 300)
            pred = cast.characters[sp[m].speaker].name if sp[m].speaker is not None else None
            click.echo(f"--- {novel.name} {g.id} {t} gold={g.speaker} pred={pred} conf={sp[m].confidence} "
                       f"ref={g.referring!r}")
            click.echo(txt.text[a:q.start].replace("\n", " ")[-300:] + " [[" +
                       txt.text[q.start:q.end][:200].replace("\n", " ") + "]] " +
                       txt.text[q.end:q.end + 120].replace("\n", " "))
    found = sum(1 for m in match if m is not None)
    cast_fig = None
    if not gold_mode:
        try:
            from fabula.eval.cast import cast_scores  # the cast stage's own figures, when written
        except ImportError:
            cast_fig = None
        else:
            try:
                cast_fig = cast_scores(cast, novel.characters, novel.text,
                                       speaking=Counter(g.speaker for g in novel.quotes))
            except Exception:  # noqa: BLE001 - figures of another stage; optional here
                cast_fig = None
    return NovelScore(novel.name, total, right, found, len(novel.quotes), cast_fig, conf)


def cross_validate(folders: list[Path], k: int, gold_mode: bool, errors: int = 0,
                   ranker: str | None = None) -> list[NovelScore]:
    from fabula.train import train_model

    folders, _ = split_lockbox(folders)
    if k > len(folders):
        raise click.BadParameter(f"--cv must be between 2 and {len(folders)} (development novels)")
    preps = {f: prepare_gold(f) for f in folders}
    scores: list[NovelScore] = []
    for fold in range(k):
        test = [f for i, f in enumerate(folders) if i % k == fold]
        train = [f for f in folders if f not in test]
        w = train_model([preps[f] for f in train], ranker=ranker)
        for f in test:
            scores.append(score_novel(f, gold_mode, w, errors))
    return scores


def lockbox_scores(folder: Path, gold_mode: bool, ranker: str | None = None) -> list[NovelScore]:
    """Train on the development novels of the PDNC data folder, score its lockbox novels."""
    from fabula.train import train_model

    dev, box = split_lockbox(novel_dirs([folder]))
    if not box:
        raise click.BadParameter(f"{folder}: not the 20-novel PDNC data folder (no lockbox novels in it)")
    w = train_model([prepare_gold(f) for f in dev], ranker=ranker)
    return [score_novel(f, gold_mode, w) for f in box]


_BINS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def reliability(scores: list[NovelScore]) -> str:
    """Confidence against accuracy (found gold quotes): a reliability table and the expected
    calibration error (the mean |accuracy - confidence| of the bins, weighted by their size)."""
    pairs = np.array([(c, ok) for s in scores for c, ok in s.confidence], dtype=np.float64).reshape(-1, 2)
    lines = ["| confidence | quotes | mean confidence | accuracy |", "|---|---|---|---|"]
    ece = 0.0
    for lo, hi in pairwise(_BINS):
        sel = pairs[(pairs[:, 0] >= lo) & (pairs[:, 0] < hi)]
        if len(sel) == 0:
            continue
        mc, acc = sel[:, 0].mean(), sel[:, 1].mean()
        ece += len(sel) / max(1, len(pairs)) * abs(acc - mc)
        lines.append(f"| {lo:.2f}-{min(hi, 1.0):.2f} | {len(sel)} | {mc:.3f} | {acc:.3f} |")
    lines.append("")
    lines.append(f"expected calibration error: {ece:.3f}")
    return "\n".join(lines)


def report(scores: list[NovelScore]) -> str:
    lines = ["| novel | quotes | found | explicit | anaphoric | implicit | all |", "|---|---|---|---|---|---|---|"]
    tot, rig = Counter(), Counter()
    found = gq = 0
    for s in sorted(scores, key=lambda s: s.name):
        lines.append(f"| {s.name} | {s.gold_quotes} | {100 * s.found / max(1, s.gold_quotes):.1f}% | "
                     + " | ".join(f"{100 * s.acc(t):.1f}%" if s.total[t] else "-" for t in TYPES)
                     + f" | {100 * s.acc():.1f}% |")
        tot += s.total
        rig += s.right
        found += s.found
        gq += s.gold_quotes

    def pct(t):
        return f"{100 * rig[t] / tot[t]:.1f}%" if tot[t] else "-"

    lines.append(f"| **all ({len(scores)} novels)** | {gq} | {100 * found / max(1, gq):.1f}% | "
                 + " | ".join(pct(t) for t in TYPES) + f" | **{pct('all')}** |")
    lines.append("")
    lines.append("quote counts by type, right / all: " + ", ".join(
        f"{t} {rig[t]:,} / {tot[t]:,} ({100 * rig[t] / tot[t]:.2f}%)" if tot[t] else f"{t} 0" for t in TYPES))
    macro = np.mean([s.acc() for s in scores]) if scores else float("nan")
    lines.append(f"macro average over novels: {100 * macro:.1f}%")
    lines.append("")
    lines.append(reliability(scores))
    casts = [s for s in scores if s.cast]
    if casts:
        keys = ["recall", "recall_major", "recall_quotes", "purity", "pronoun_accuracy"]
        lines.append("")
        lines.append("cast figures (fabula.eval.cast.cast_scores; means over novels): " + ", ".join(
            f"{k} {np.mean([s.cast[k] for s in casts if s.cast.get(k) is not None]):.3f}" for k in keys))
        lines.append("")
        lines.append("| novel | gold chars | predicted | recall | recall_major | recall_quotes | purity | merges | splits |")
        lines.append("|---|---|---|---|---|---|---|---|---|")
        for s in sorted(casts, key=lambda s: s.name):
            c = s.cast
            lines.append(f"| {s.name} | {c.get('gold')} | {c.get('predicted')} | {c.get('recall')} | "
                         f"{c.get('recall_major')} | {c.get('recall_quotes')} | {c.get('purity')} | "
                         f"{c.get('merges')} | {c.get('splits')} |")
    return "\n".join(lines)


@click.command("pdnc")
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--gold-cast", is_flag=True, help="Use PDNC's character lists as the cast (attribution alone).")
@click.option("--cv", "cv", type=int, default=0,
              help="Leave-novels-out cross-validation with K folds (retrains the ranker per fold).")
@click.option("--lockbox", "lockbox", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="PDNC data folder: train on its 15 development novels, score its 5 lockbox novels.")
@click.option("--errors", type=int, default=0,
              help="Show up to N wrong attributions per novel (never for lockbox novels).")
@click.option("--ranker", type=click.Choice(["linear", "trees"]), default=None,
              help="Kind of ranker trained for --cv / --lockbox (default: the shipped kind).")
def pdnc_command(dirs: tuple[Path, ...], gold_cast: bool, cv: int, lockbox: Path | None, errors: int,
                 ranker: str | None) -> None:
    """End-to-end speaker accuracy on PDNC novels (DIR: pdnc/data or novel folders)."""
    mode = "gold cast" if gold_cast else "end to end (fabula's own cast)"
    if lockbox is not None:
        if dirs or cv:
            raise click.UsageError("--lockbox takes the data folder alone (no DIRS, no --cv)")
        scores = lockbox_scores(lockbox, gold_cast, ranker)
        click.echo(f"PDNC speaker accuracy, {mode}, lockbox (trained on the development novels)\n")
        click.echo(report(scores))
        return
    if not dirs:
        raise click.UsageError("give DIRS (PDNC novel folders or the data folder), or --lockbox DIR")
    folders = novel_dirs(dirs)
    if errors and any(is_lockbox(f) for f in folders):
        click.echo("note: errors of lockbox novels are not shown", err=True)
    if cv:
        if cv < 2 or cv > len(folders):
            raise click.BadParameter(f"--cv must be between 2 and {len(folders)}")
        scores = cross_validate(folders, cv, gold_cast, errors, ranker)
    else:
        scores = [score_novel(f, gold_cast, None, errors) for f in folders]
    how = f"leave-novels-out {cv}-fold CV over the development novels" if cv else "shipped model"
    click.echo(f"PDNC speaker accuracy, {mode}, {how}\n")
    click.echo(report(scores))



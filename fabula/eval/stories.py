"""`fabula eval stories DIR...`: speakers, scenes, POV and cast against story gold (fan-fiction format).

Each DIR is a folder holding ``story.txt`` and ``gold.json`` (the format of ../shared/data/fanfic,
made by ../shared/tools/fic2gold.py), or a folder of such folders. The whole pipeline runs on
``story.txt``; gold offsets are offsets into that file. Definitions:

* **character mapping**: a predicted character stands for the gold character most of whose aliases
  it holds (its name and aliases compared case-insensitively, curly apostrophes as straight ones);
  its name counts double, its name-mention surfaces in the text count too. No alias, no mapping.
* **speaker accuracy**: gold quotations whose overlapping predicted quotation has a speaker that
  maps to the gold speaker, over all gold quotations (a missed quotation is wrong).
* **scene boundaries**: scene starts other than the first, as paragraph indices; a predicted start
  matches a gold one within one paragraph (each gold start matched at most once). P, R, F1.
* **POV accuracy**: gold scenes whose predicted POV maps to the gold POV; the predicted POV of a
  gold scene is that of the predicted scene overlapping it most (a second-person scene's POV is
  the cast's Reader, a first-person one's the narrator, as the scene stage says).
* **characters found**: gold characters some predicted character maps to.
* **alias recall**: gold aliases that occur in the story (word-bounded, case-insensitive) held by
  a predicted character mapped to their gold character, over all such aliases.
* **wrong merges**: predicted characters holding aliases that belong to two different gold
  characters (aliases shared by two gold characters ignored).

Overall figures pool the counts of every story (micro-averages).
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from fabula.errors import FabulaError
from fabula.eval.matching import overlapping_quotes
from fabula.model import Analysis, Cast


@dataclass
class StoryGold:
    name: str
    text: str
    quotes: list[tuple[int, int, str]]  # start, end, speaker
    scenes: list[tuple[int, int, str | None]]  # start, end, pov
    characters: dict[str, list[str]]  # canonical name -> aliases


@dataclass
class StoryScore:
    name: str
    quotes: int = 0
    speakers_right: int = 0
    gold_bounds: int = 0
    pred_bounds: int = 0
    bounds_hit: int = 0
    scenes: int = 0
    pov_right: int = 0
    characters: int = 0
    found: int = 0
    aliases: int = 0
    aliases_found: int = 0
    merges: list[str] = field(default_factory=list)

    def add(self, o: StoryScore) -> None:
        for k in ("quotes", "speakers_right", "gold_bounds", "pred_bounds", "bounds_hit", "scenes", "pov_right",
                  "characters", "found", "aliases", "aliases_found"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.merges.extend(o.merges)

    def prf(self) -> tuple[float, float, float]:
        p = self.bounds_hit / self.pred_bounds if self.pred_bounds else 0.0
        r = self.bounds_hit / self.gold_bounds if self.gold_bounds else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_story(folder: Path) -> StoryGold:
    """The story text and its gold; FabulaError when the folder does not hold them."""
    try:
        text = (folder / "story.txt").read_text(encoding="utf-8")
        g = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        quotes = [(int(q["start"]), int(q["end"]), str(q["speaker"])) for q in g.get("quotes", [])]
        scenes = [(int(s["start"]), int(s["end"]), s.get("pov")) for s in g.get("scenes", [])]
        chars = {str(k): [str(a) for a in v] for k, v in g.get("characters", {}).items()}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise FabulaError(f"{folder}: cannot read story.txt + gold.json ({e})") from None
    return StoryGold(folder.name, text, quotes, sorted(scenes), chars)


def _key(s: str) -> str:
    return " ".join(s.replace("’", "'").casefold().split())


def _alias_index(gold: dict[str, list[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, aliases in gold.items():
        for a in {name, *aliases}:
            out.setdefault(_key(a), set()).add(name)
    return out


def _held(cast: Cast, text: str) -> list[set[str]]:
    """Per predicted character, the (normalised) strings it goes by: name, aliases, name mentions."""
    held = [{_key(c.name), *(_key(a) for a in c.aliases)} for c in cast.characters]
    for m in cast.mentions:
        if m.kind in ("name", "epithet") and 0 <= m.character < len(held):
            held[m.character].add(_key(text[m.start:m.end]))
    return held


def map_characters(cast: Cast, text: str, gold: dict[str, list[str]]) -> dict[int, str | None]:
    """Predicted character index -> the gold character it stands for, or None (see module doc)."""
    idx = _alias_index(gold)
    out: dict[int, str | None] = {}
    for c, strings in zip(cast.characters, _held(cast, text)):
        votes: Counter[str] = Counter()
        for s in strings:
            for g in idx.get(s, ()):
                votes[g] += 1
        for g in idx.get(_key(c.name), ()):
            votes[g] += 1
        out[c.index] = min(votes, key=lambda g: (-votes[g], g)) if votes else None
    return out


def _para_index(starts: list[int], offset: int) -> int:
    """The paragraph a scene starting at ``offset`` begins with (the first starting at or after it)."""
    return bisect.bisect_left(starts, offset)


def score_story(gold: StoryGold, a: Analysis) -> StoryScore:
    """Every figure of the module docstring for one story."""
    sc = StoryScore(gold.name)
    mapping = map_characters(a.cast, a.work.text, gold.characters)
    # speakers
    hits = overlapping_quotes([(s, e) for s, e, _ in gold.quotes], a.quotes)
    sc.quotes = len(gold.quotes)
    for (_, _, who), q in zip(gold.quotes, hits):
        spk = a.speakers[q].speaker if q is not None else None
        sc.speakers_right += spk is not None and mapping.get(spk) == who
    # scene boundaries, as paragraph indices
    starts = [p.start for p in a.text.paragraphs]
    gb = sorted({_para_index(starts, s) for s, _, _ in gold.scenes[1:]})
    pb = sorted({_para_index(starts, s.start) for s in list(a.scenes)[1:]})
    sc.gold_bounds, sc.pred_bounds = len(gb), len(pb)
    free = list(pb)
    for g in gb:
        near = [p for p in free if abs(p - g) <= 1]
        if near:
            free.remove(min(near, key=lambda p: abs(p - g)))
            sc.bounds_hit += 1
    # POV per gold scene
    pred = list(a.scenes)
    for s, e, who in gold.scenes:
        sc.scenes += 1
        best = max(pred, key=lambda p: min(e, p.end) - max(s, p.start), default=None)
        if best is not None and best.pov is not None and min(e, best.end) > max(s, best.start):
            sc.pov_right += mapping.get(best.pov) == who
    # cast
    mapped = set(mapping.values())
    sc.characters = len(gold.characters)
    sc.found = sum(1 for g in gold.characters if g in mapped)
    held = _held(a.cast, a.work.text)
    by_gold: dict[str, set[str]] = {}
    for i, g in mapping.items():
        if g is not None:
            by_gold.setdefault(g, set()).update(held[i])
    idx = _alias_index(gold.characters)
    low = a.work.text.casefold().replace("’", "'")
    for g, aliases in gold.characters.items():
        for al in {g, *aliases}:
            k = _key(al)
            if not re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", low):
                continue
            sc.aliases += 1
            sc.aliases_found += k in by_gold.get(g, set())
    for c, strings in zip(a.cast.characters, held):
        owners = {next(iter(idx[s])) for s in strings if len(idx.get(s, ())) == 1}
        if len(owners) > 1:
            sc.merges.append(f"{c.name} ({' + '.join(sorted(owners))})")
    return sc


def story_folders(dirs: tuple[Path, ...]) -> list[Path]:
    """DIRs that hold gold.json, and the subfolders of the others that do, sorted by name."""
    out: list[Path] = []
    for d in dirs:
        if (d / "gold.json").is_file():
            out.append(d)
        else:
            out.extend(sorted(p for p in d.iterdir() if (p / "gold.json").is_file()))
    if not out:
        raise FabulaError(f"no story.txt + gold.json under {', '.join(map(str, dirs))}")
    return out


def _pct(k: int, n: int) -> str:
    return f"{k / n:.2f} ({k}/{n})" if n else "-"


def row(s: StoryScore) -> str:
    p, r, f = s.prf()
    return (f"| {s.name} | {_pct(s.speakers_right, s.quotes)} | {p:.2f} / {r:.2f} / {f:.2f} "
            f"({s.bounds_hit}/{s.gold_bounds}) | {_pct(s.pov_right, s.scenes)} | {_pct(s.found, s.characters)} "
            f"| {_pct(s.aliases_found, s.aliases)} | {len(s.merges)}{' ' + '; '.join(s.merges) if s.merges else ''} |")


HEAD = ("| story | speakers | scene P / R / F1 (±1 para) | POV | characters found | alias recall | wrong merges |\n"
        "|---|---|---|---|---|---|---|")


THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
SWITCH_SCALES = (0.1, 0.15, 0.2, 0.3, 0.5)


FOCAL_PRIORS = (0.0, 0.75, 1.5)


def held_out(stories: list[tuple[StoryGold, Analysis]]) -> list[tuple[StoryScore, float, float, float]]:
    """Leave one story out: the scene stage's three fitted settings (implicit-boundary threshold, the
    weight of focal evidence against it, the per-scene prior of the story's focal characters) chosen
    by pooled scene F1, then pooled POV accuracy, on the other stories, then the held out story scored
    with them. One (score, threshold, switch scale, focal prior) per story."""
    from fabula import pov, scenes

    grid: dict[tuple[float, float, float], list[StoryScore]] = {}
    for t in THRESHOLDS:
        for w in SWITCH_SCALES:
            for fp in FOCAL_PRIORS:
                row = []
                for gold, a in stories:
                    sc = scenes.segment(a.work, a.text, a.quotes, a.cast, a.speakers, threshold=t, switch_scale=w,
                                        focal_prior=fp)
                    row.append(score_story(gold, replace(a, scenes=sc)))
                grid[(t, w, fp)] = row
    out = []
    for i in range(len(stories)):
        def rest(key: tuple[float, float, float], i: int = i) -> tuple[float, float]:
            pooled = StoryScore("rest")
            for j, s in enumerate(grid[key]):
                if j != i:
                    pooled.add(s)
            return pooled.prf()[2], pooled.pov_right / max(pooled.scenes, 1)

        best = max(grid, key=lambda k: (*rest(k), -abs(k[0] - scenes.THRESHOLD), -abs(k[1] - scenes.SWITCH_SCALE),
                                        -abs(k[2] - pov.FOCAL_PRIOR)))
        out.append((grid[best][i], *best))
    return out


@click.command("stories")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--loso", is_flag=True, help="Also score scenes and POV leaving each story out of the fit in turn.")
def stories_command(dirs: tuple[Path, ...], loso: bool) -> None:
    """Speakers, scenes, POV and cast on stories with gold (DIR: folders of story.txt + gold.json).

    \b
    speakers: gold quotes whose overlapping predicted quote's speaker maps to the gold speaker.
    scenes: boundary P/R/F1, a predicted scene start within one paragraph of a gold one.
    POV: gold scenes whose most-overlapping predicted scene has a POV mapping to the gold POV.
    characters found: gold characters some predicted character maps to (by most aliases held).
    alias recall: gold aliases present in the text held by a character mapped to their owner.
    wrong merges: predicted characters holding aliases of two gold characters.
    Overall = counts pooled over the stories.
    """
    from fabula import pipeline

    total = StoryScore("**all**")
    golds = [(folder, read_story(folder)) for folder in story_folders(dirs)]  # all readable before any output
    stories, rows = [], []
    for folder, gold in golds:
        a = pipeline.analyze(folder / "story.txt")
        if a.work.text != gold.text:
            raise FabulaError(f"{folder}: the text fabula reads differs from story.txt; gold offsets would not fit")
        s = score_story(gold, a)
        total.add(s)
        rows.append(row(s))
        stories.append((gold, a))
    click.echo("\n".join([HEAD, *rows, row(total)]))
    if loso and len(stories) > 1:
        click.echo("\nleave-one-story-out (scene threshold, focal weight and focal prior chosen on the other stories)\n")
        click.echo("| held-out story (threshold, focal weight, focal prior) | scene P / R / F1 | POV |\n|---|---|---|")
        held = StoryScore("**all, held out**")
        for s, t, w, fp in held_out(stories):
            held.add(s)
            click.echo(_held_row(s, f"{s.name} ({t:.2f}, {w:.2f}, {fp:.2f})"))
        click.echo(_held_row(held, held.name))


def _held_row(s: StoryScore, name: str) -> str:
    p, r, f = s.prf()
    return f"| {name} | {p:.2f} / {r:.2f} / {f:.2f} ({s.bounds_hit}/{s.gold_bounds}) | {_pct(s.pov_right, s.scenes)} |"

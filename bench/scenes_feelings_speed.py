"""Speed of the stages after speakers (scenes + POV, feelings, network, craft, graph files), and of the
whole pipeline, on story files (e.g. the PDNC novels); plus how closely fabula's vectorised VADER
matches vaderSentiment's own SentimentIntensityAnalyzer.

    .venv/bin/python bench/scenes_feelings_speed.py ../shared/data/pdnc/data/*/novel_text.txt
    .venv/bin/python bench/scenes_feelings_speed.py --vader ../shared/data/pdnc/data/*/novel_text.txt

Times are CPU seconds of this process (time.process_time: the machine is shared, so wall time would
measure the neighbours too), the best of ``--runs`` runs per file, summed over files.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from fabula import cast, craft, feelings, ingest, network, quotes, scenes, speakers, text
from fabula.outputs import graphs
from fabula.pipeline import analyze_work


def best(f, runs: int):
    out, t = None, float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        out = f()
        t = min(t, time.process_time() - t0)
    return out, t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--vader", action="store_true", help="compare valences with vaderSentiment")
    ap.add_argument("--memory", action="store_true",
                    help="peak resident memory before and after the stages after speakers, on the files joined")
    args = ap.parse_args()
    if args.memory:
        return memory(args.files)
    stages = ["scenes", "feelings", "network", "craft", "graph files", "whole pipeline"]
    totals = dict.fromkeys(stages, 0.0)
    words = 0
    mine, ref = [], []
    for path in args.files:
        work = ingest.read(path)
        txt = text.segment(work)
        qs = quotes.find(txt)
        cs = cast.build(work, txt, qs)
        sp = speakers.attribute(txt, qs, cs)
        words += txt.words
        sc, t = best(functools.partial(scenes.segment, work, txt, qs, cs, sp), args.runs)
        totals["scenes"] += t
        fe, t = best(functools.partial(feelings.measure, txt, qs, cs, sp, sc), args.runs)
        totals["feelings"] += t
        _, t = best(functools.partial(network.build, work, txt, qs, cs, sp, sc, fe), args.runs)
        totals["network"] += t
        _, t = best(functools.partial(craft.review, work, txt, qs, cs, sp, sc, fe), args.runs)
        totals["craft"] += t
        a, t = best(functools.partial(analyze_work, work), 1)
        totals["whole pipeline"] += t
        with tempfile.TemporaryDirectory() as d:
            _, t = best(functools.partial(graphs.write, a, Path(d)), args.runs)
        totals["graph files"] += t
        print(f"{path.parent.name or path.name}: {txt.words:,} words, {len(sc)} scenes, "
              f"{len(fe.relationships)} pairs", file=sys.stderr)
        if args.vader:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            sia = SentimentIntensityAnalyzer()
            sents = [txt.text[s.start:s.end] for s in txt.sentences[:: max(1, len(txt.sentences) // 500)]]
            mine.extend(feelings.valences(sents).tolist())
            ref.extend(sia.polarity_scores(s)["compound"] for s in sents)
    print(f"\n{len(args.files)} files, {words:,} words (CPU time, best of {args.runs} runs per file)\n")
    print("| stage | CPU seconds | words/s |\n|---|---:|---:|")
    after = 0.0
    for s in stages:
        if s != "whole pipeline":
            after += totals[s]
        print(f"| {s} | {totals[s]:.2f} | {words / totals[s]:,.0f} |")
    print(f"| all stages after speakers | {after:.2f} | {words / after:,.0f} |")
    if args.vader:
        m, r = np.array(mine), np.array(ref)
        print(f"\nvaderSentiment parity on {len(m):,} sentences: Pearson r = {np.corrcoef(m, r)[0, 1]:.3f}, "
              f"mean |difference| = {np.abs(m - r).mean():.3f}, same sign = {np.mean(np.sign(m.round(3)) == np.sign(r.round(3))):.1%}")
    print("\ncommand: .venv/bin/python bench/scenes_feelings_speed.py " + " ".join(sys.argv[1:]))


def memory(files: list[Path]) -> None:
    import resource

    story = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    work = ingest.read(story)
    txt = text.segment(work)
    qs = quotes.find(txt)
    cs = cast.build(work, txt, qs)
    sp = speakers.attribute(txt, qs, cs)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sc = scenes.segment(work, txt, qs, cs, sp)
    fe = feelings.measure(txt, qs, cs, sp, sc)
    network.build(work, txt, qs, cs, sp, sc, fe)
    craft.review(work, txt, qs, cs, sp, sc, fe)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{txt.words:,} words: peak RSS {before:.0f} MB before the stages after speakers, {after:.0f} MB after")
    print("command: .venv/bin/python bench/scenes_feelings_speed.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()

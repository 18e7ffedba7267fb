"""Cast stage on the PDNC novels: gold character recall, purity, merges/splits, pronouns, speed.

    .venv/bin/python bench/cast_eval.py [../shared/data/pdnc/data] [-v]

Runs ingest + text + quotes + cast on each novel, prints figures per novel and overall, and the
words/s of the cast stage alone (CPU time, best of 3 runs per novel).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from fabula import cast, ingest, quotes, text
from fabula.errors import FabulaError
from fabula.eval.cast import cast_scores, match_gold
from fabula.eval.pdnc_data import load_novel, novel_dirs


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", help="pdnc/data or novel folders (default: ../shared/data/pdnc/data)")
    parser.add_argument("-v", action="store_true", help="list missed, merged and split characters")
    opts = parser.parse_args(argv)
    verbose = opts.v
    args = opts.dirs or [str(Path(__file__).resolve().parents[2] / "shared/data/pdnc/data")]
    rows = []
    words_total = secs_total = 0.0
    for d in novel_dirs(args):
        novel = load_novel(d)
        work = ingest.read(novel.text)
        txt = text.segment(work)
        qs = quotes.find(txt)
        best = 1e9
        for _ in range(3):
            t = time.process_time()  # CPU time: other processes on the machine do not count
            cs = cast.build(work, txt, qs)
            best = min(best, time.process_time() - t)
        words_total += txt.words
        secs_total += best
        speaking = Counter(q.speaker for q in novel.quotes)
        sc = cast_scores(cs, novel.characters, work.text, speaking)
        rows.append((novel.name, sc, txt.words / best))
        print(f"{novel.name:28s} gold {sc['gold']:3d} pred {sc['predicted']:3d}  recall {sc['recall']:.2f} "
              f"q-weighted {sc['recall_quotes']:.2f} major {sc['recall_major'] or 0:.2f} "
              f"inter {sc['recall_intermediate'] or 0:.2f} named {sc['recall_named'] or 0:.2f}  "
              f"purity {sc['purity'] or 0:.2f} merges {sc['merges']:2d} splits {sc['splits']:2d} "
              f"pron {sc['pronoun_accuracy'] or 0:.2f}  {txt.words / best:,.0f} w/s")
        if verbose:
            print("   missed:", sc["missed_gold"])
            print("   merged:", sc["merged_names"][:12])
            print("   split:", sc["split_gold"][:12])
            mp = match_gold(cs, novel.characters)
            extra = [(c.name, c.mentions) for c in cs.characters if mp[c.index] is None][:25]
            print("   unmatched predicted:", extra)
    n = len(rows)

    def mean(k):
        vals = [r[1][k] for r in rows if r[1].get(k) is not None]
        return sum(vals) / len(vals) if vals else 0.0

    print(f"\nOVERALL ({n} novels): recall {mean('recall'):.3f}  quote-weighted {mean('recall_quotes'):.3f}  "
          f"major {mean('recall_major'):.3f}  intermediate {mean('recall_intermediate'):.3f}  "
          f"named {mean('recall_named'):.3f}  purity {mean('purity'):.3f}  "
          f"merges {sum(r[1]['merges'] for r in rows)}  splits {sum(r[1]['splits'] for r in rows)}  "
          f"pronouns {mean('pronoun_accuracy'):.3f}")
    print(f"cast stage speed: {words_total / secs_total:,.0f} words/s ({words_total:,.0f} words in {secs_total:.2f} s)")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except FabulaError as e:
        sys.exit(f"cast_eval: {e}")

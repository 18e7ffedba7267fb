"""Cast mention detection against LitBank's entity annotation (98 excerpts of ~2,000 words).

    .venv/bin/python bench/cast_lit_bank.py [../shared/data/litbank/entities/brat] [-v]

Precision: predicted name/vocative/epithet mentions that fall inside a gold PER entity.
Recall: gold PER entities that look like proper names (first word capitalised, not "the"/"a", not
sentence-initial pronoun-like) overlapped by a predicted mention. Short excerpts are the regime of
short fanfics: little capitalisation statistics to go on.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from pathlib import Path

from fabula import cast, ingest, quotes, text

SKIP = {"the", "a", "an", "his", "her", "my", "your", "their", "our", "its", "this", "that", "i", "he", "she",
        "we", "they", "you", "me", "him", "us", "them", "one", "who", "whom", "himself", "herself"}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", help="LitBank's entities/brat folder")
    parser.add_argument("-v", action="store_true", help="print each excerpt's figures")
    opts = parser.parse_args(argv)
    verbose, args = opts.v, opts.dirs
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared/data/litbank/entities/brat"
    tp = fp = hit = gold_n = 0
    words = secs = 0.0
    anns = sorted(root.glob("*.ann"))
    if not anns:
        sys.exit(f"no LitBank .ann files under {root}")
    for ann in anns:
        story = ann.with_suffix(".txt").read_text(encoding="utf-8")
        per = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[1].startswith("PER "):
                continue
            _, a, b = parts[1].split()
            per.append((int(a), int(b), parts[2]))
        per.sort()
        starts = [p[0] for p in per]
        work = ingest.read(story)
        offset = work.text.find(story[:200]) if not work.text.startswith(story[:200]) else 0
        txt = text.segment(work)
        qs = quotes.find(txt)
        t = time.process_time()
        cs = cast.build(work, txt, qs)
        secs += time.process_time() - t
        words += txt.words
        bad = []
        for m in cs.mentions:
            if m.kind == "narrator":
                continue
            a, b = m.start - offset, m.end - offset
            i = bisect.bisect_right(starts, a) - 1
            inside = any(per[j][0] <= a and b <= per[j][1] for j in range(max(0, i - 5), i + 1))
            tp += inside
            fp += not inside
            if not inside:
                bad.append(story[a:b])
        ms = sorted((m.start - offset, m.end - offset) for m in cs.mentions if m.kind != "narrator")
        mstarts = [m[0] for m in ms]
        missed = []
        for a, b, s in per:
            first = s.split()[0]
            if not first[:1].isupper() or first.casefold() in SKIP:
                continue
            gold_n += 1
            i = bisect.bisect_right(mstarts, b) - 1
            found = any(ms[j][0] < b and a < ms[j][1] for j in range(max(0, i - 3), i + 1))
            hit += found
            if not found:
                missed.append(s)
        if verbose:
            print(f"{ann.stem[:40]:40s} false: {sorted(set(bad))[:8]}  missed: {sorted(set(missed))[:8]}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = hit / gold_n if gold_n else 0.0
    print(f"LitBank name mentions: precision {p:.3f} ({tp}/{tp + fp})  recall {r:.3f} ({hit}/{gold_n})  "
          f"F1 {2 * p * r / (p + r) if p + r else 0:.3f}  cast speed {words / secs:,.0f} words/s")


if __name__ == "__main__":
    main(sys.argv[1:])

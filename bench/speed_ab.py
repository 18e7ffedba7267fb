"""CPU time of the whole analysis for two source trees, side by side, on a shared machine.

    git archive main fabula bench | tar -x -C /tmp/before      # the code to compare against
    .venv/bin/python bench/speed_ab.py /tmp/before . ../shared/data/pdnc/data --runs 5

On 2 cores shared with other work a single run's CPU time varies by 20-30% (the neighbours share
the caches and the cores' turbo); a change of 5-10% is only seen by alternating the two trees run
after run and keeping each one's best. Each run is a fresh process that imports the tree's
``fabula`` (its folder first on ``sys.path``), analyses a warm-up slice, then times the stages
(``time.process_time``, as ``bench/speed.py`` runs them, imports excluded) on the input of
``--words`` words made as ``bench/speed.py`` makes it (lockbox novels left out). Printed: per tree,
the best total and the best time of each stage over the runs, and the change of the best total.

Two interpreters on one tree (each one a venv with fabula's dependencies):

    .venv/bin/python bench/speed_ab.py . . ../shared/data/pdnc/data --before-python A/bin/python --after-python B/bin/python
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from speed import STAGES, joined, texts_of

_CHILD = """
import json, sys, tempfile, time
from pathlib import Path
root, story_path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root + "/bench")
sys.path.insert(0, root)
import fabula
assert fabula.__file__.startswith(root), fabula.__file__
from speed import run_stages
story = open(story_path, encoding="utf-8").read()
tmp = Path(tempfile.mkdtemp())
run_stages(story[:20000], tmp / "warm")
best = None
for _ in range(repeat):
    t0 = time.process_time()
    stages, words = run_stages(story, tmp / "out")
    total = time.process_time() - t0
    if best is None or total < best[0]:
        best = (total, stages)
print(json.dumps({"total": best[0], "stages": best[1], "words": words}))
"""


def run(python: str, root: Path, story: Path, repeat: int) -> dict:
    out = subprocess.run([python, "-c", _CHILD, str(root.resolve()), str(story), str(repeat)],
                         check=False, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if out.returncode:
        sys.exit(f"{root}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="source tree holding fabula/ and bench/ (the baseline)")
    ap.add_argument("after", type=Path, help="source tree to compare with it")
    ap.add_argument("paths", nargs="+", help="story files or PDNC folders, as for bench/speed.py")
    ap.add_argument("--runs", type=int, default=5, help="processes per tree, alternating (default 5)")
    ap.add_argument("--repeat", type=int, default=2, help="timed analyses per process (default 2)")
    ap.add_argument("--words", type=int, default=100_000, help="input size in words (default 100,000)")
    for side in ("before", "after"):
        ap.add_argument(f"--{side}-python", default=sys.executable, help=f"interpreter of the {side} side "
                        "(default: this one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "story.txt"
        story.write_text(joined(texts_of(args.paths), args.words), encoding="utf-8")
        results: dict[str, list[dict]] = {"before": [], "after": []}
        for _ in range(args.runs):
            for name, rs in results.items():
                rs.append(run(getattr(args, f"{name}_python"), getattr(args, name), story, args.repeat))
    words = results["before"][0]["words"]
    best = {name: min(r["total"] for r in rs) for name, rs in results.items()}
    print(f"{words:,} words, best of {args.runs} x {args.repeat} analyses, CPU seconds (imports excluded):")
    print("| stage | before | after |")
    print("|---|---|---|")
    for stage in STAGES:
        b, a = (min(r["stages"][stage] for r in results[name]) for name in ("before", "after"))
        print(f"| {stage} | {b:.3f} | {a:.3f} |")
    print(f"| **all** | **{best['before']:.3f}** ({words / best['before']:,.0f} words/s) | "
          f"**{best['after']:.3f}** ({words / best['after']:,.0f} words/s) |")
    print(f"change of the best total: {100 * (best['after'] - best['before']) / best['before']:+.1f}%")


if __name__ == "__main__":
    main()

"""Speed and memory of `fabula analyze`: end to end as a user runs it, stage by stage, and beside spaCy.

    .venv/bin/python bench/speed.py ../shared/data/pdnc/data            # the figures of docs/benchmarks.md
    .venv/bin/python bench/speed.py ../shared/data/pdnc/data --no-stages --repeat 1
    .venv/bin/python bench/speed.py ../shared/data/pdnc/data --sizes 100000 --repeat 2   # the 100k figure only

PATH arguments are story files, PDNC novel folders or folders of them (the lockbox novels are left
out). Three parts:

1. End to end: inputs of ~100,000, ~440,000 and ~500,000 words made by joining the texts (cut at a
   paragraph break), each run as the `fabula analyze FILE -o DIR` command, in a fresh process, with
   the default outputs and with `--formats all`. Printed: wall-clock words/s including start-up
   (best of --repeat runs: other processes only ever slow a run down), CPU words/s (user + system of
   that process) and its peak resident memory. Python's byte-code caches of fabula are written first,
   as `pip install` does (this environment sets PYTHONDONTWRITEBYTECODE). The load average is
   printed: on a shared machine the wall clock says more about the neighbours than CPU time does.
2. Stage by stage (CPU time in this process) on the ~100,000-word input.
3. spaCy en_core_web_sm on the same ~100,000 words, when it is installed: its official releases are
   not on PyPI (the copies there are third-party re-uploads fabula does not use), so without it this
   part says it is skipped.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ["ingest", "text", "quotes", "cast", "speakers", "scenes", "feelings", "network", "craft", "outputs"]
SIZES = (100_000, 440_000, 500_000)
LOCKBOX = (2, 6, 10, 14, 18)  # positions in the sorted PDNC folders: measured on, never tuned on


def texts_of(paths: list[str]) -> list[tuple[str, str]]:
    out = []
    for p in map(Path, paths):
        if (p / "novel_text.txt").exists():
            out.append((p.name, (p / "novel_text.txt").read_text(encoding="utf-8")))
        elif p.is_dir():
            novels = sorted(d for d in p.iterdir() if (d / "novel_text.txt").exists())
            out += [(d.name, (d / "novel_text.txt").read_text(encoding="utf-8"))
                    for i, d in enumerate(novels) if i not in LOCKBOX]
        else:
            out.append((p.name, p.read_text(encoding="utf-8", errors="replace")))
    return out


def joined(texts: list[tuple[str, str]], words: int) -> str:
    """The texts one after the other (again from the first if need be), cut at the first paragraph
    break past ``words`` words."""
    parts, n, i = [], 0, 0
    while n < words:
        for para in texts[i % len(texts)][1].split("\n\n"):
            parts.append(para)
            n += len(para.split())
            if n >= words:
                break
        i += 1
    return "\n\n".join(parts)


def run_cli(story: Path, outdir: Path, formats: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one `fabula analyze` process."""
    cmd = [sys.executable, "-m", "fabula", "analyze", str(story), "-o", str(outdir), "--formats", formats]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        sys.exit(f"{' '.join(cmd)} failed with exit code {p.returncode}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def end_to_end(texts: list[tuple[str, str]], repeat: int, sizes: tuple[int, ...] = SIZES
               ) -> dict[int, tuple[int, float]]:
    """Part 1; returns {size: (words, best wall words/s)} for the default outputs."""
    compileall.compile_dir(str(ROOT / "fabula"), quiet=1)
    from fabula.speakers import trees
    from fabula.text import WORD

    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores; speaker "
          f"ranker's tree walk: {'compiled (fabula/speakers/_walk.c)' if trees._compiled else 'numpy (C walk not built)'}")
    print("| input | outputs | wall words/s (incl. start-up) | CPU words/s | peak RSS |")
    print("|---|---|---|---|---|")
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            story = Path(tmp) / f"story{size}.txt"
            text = joined(texts, size)
            story.write_text(text, encoding="utf-8")
            words = len(WORD.findall(text))
            for formats in ("report", "all"):
                runs = [run_cli(story, Path(tmp) / "out", formats) for _ in range(repeat)]
                wall = min(r[0] for r in runs)
                cpu = min(r[1] for r in runs)
                rss = max(r[2] for r in runs)
                label = "default (report)" if formats == "report" else "--formats all"
                print(f"| {words:,} words | {label} | {words / wall:,.0f} ({wall:.2f} s) | {words / cpu:,.0f} "
                      f"({cpu:.2f} s) | {rss:.0f} MB |")
                if formats == "report":
                    rates[size] = (words, words / wall)
    return rates


def run_stages(story: str, outdir: Path) -> tuple[dict[str, float], int]:
    from fabula import cast, craft, feelings, ingest, network, quotes, scenes, speakers, text
    from fabula.model import Analysis
    from fabula.outputs import write_all

    t: dict[str, float] = {}

    def timed(name, f, *a):
        t0 = time.process_time()
        r = f(*a)
        t[name] = time.process_time() - t0
        return r

    work = timed("ingest", ingest.read, story)
    txt = timed("text", text.segment, work)
    qs = timed("quotes", quotes.find, txt)
    cs = timed("cast", cast.build, work, txt, qs)
    sp = timed("speakers", speakers.attribute, txt, qs, cs)
    sc = timed("scenes", scenes.segment, work, txt, qs, cs, sp)
    fe = timed("feelings", feelings.measure, txt, qs, cs, sp, sc)
    nw = timed("network", network.build, work, txt, qs, cs, sp, sc, fe)
    cr = timed("craft", craft.review, work, txt, qs, cs, sp, sc, fe)
    timed("outputs", write_all, Analysis(work, txt, qs, cs, sp, sc, fe, nw, cr), outdir)
    return t, txt.words


def stages(texts: list[tuple[str, str]]) -> None:
    story = joined(texts, SIZES[0])
    with tempfile.TemporaryDirectory() as tmp:
        run_stages(story[:20_000], Path(tmp) / "warm")  # imports and first-use tables out of the timing
        t, words = run_stages(story, Path(tmp) / "out")
    whole = sum(t.values())
    print(f"\nstage by stage, CPU time in one process, {words:,} words (imports excluded):")
    for k in STAGES:
        print(f"  {k:9s} {t[k]:6.3f} s {words / t[k] if t[k] else float('inf'):>13,.0f} words/s")
    print(f"  {'all':9s} {whole:6.3f} s {words / whole:>13,.0f} words/s")


def spacy_compare(texts: list[tuple[str, str]], fabula_rates: dict[int, tuple[int, float]]) -> None:
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm")
    except (ImportError, OSError):
        print("\nspaCy en_core_web_sm is not installed: comparison skipped (its official releases are not "
              "on PyPI; the PyPI copies are third-party re-uploads, not used here)")
        return
    story = joined(texts, SIZES[0])
    paras = story.split("\n\n")
    words = sum(len(p.split()) for p in paras)
    t0 = time.perf_counter()
    for _ in nlp.pipe(paras, batch_size=256):
        pass
    dt = time.perf_counter() - t0
    print(f"\nspaCy en_core_web_sm {spacy.__version__} (full pipeline, one process): {words / dt:,.0f} words/s")
    for size, (_, rate) in fabula_rates.items():
        print(f"  fabula analyze on {size:,} words, wall incl. start-up: {rate / (words / dt):.1f}x spaCy sm")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=3, help="runs per end-to-end figure (best kept)")
    ap.add_argument("--no-stages", action="store_true", help="skip the stage-by-stage table")
    ap.add_argument("--sizes", type=lambda v: tuple(int(x) for x in v.split(",")), default=SIZES,
                    help="input sizes in words, comma-separated (default: %(default)s)")
    args = ap.parse_args()
    texts = texts_of(args.paths)
    if not texts:
        sys.exit("no texts")
    rates = end_to_end(texts, args.repeat, args.sizes)
    if not args.no_stages:
        stages(texts)
    spacy_compare(texts, rates)


if __name__ == "__main__":
    main()

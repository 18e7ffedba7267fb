"""Speed and memory of the whole `fabula analyze`, stage by stage.

    .venv/bin/python bench/speed.py ../shared/data/pdnc/data            # every PDNC novel
    .venv/bin/python bench/speed.py ../shared/data/pdnc/data --no-memory

PATH arguments are story files, PDNC novel folders or folders of them. For each text: words/s of each
stage (ingest ... craft) and of the outputs (analysis.json, BookNLP TSV, TEI, graphs, report), then
the totals on one core. Then the peak resident memory (RSS) of a fresh process running
`fabula analyze` on a 500,000-word input made by concatenating the texts (target <= 500 MB).
If spaCy is installed, its blank English pipeline (and en_core_web_sm if present) is timed on the
same texts for comparison; otherwise that part is skipped.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ["ingest", "text", "quotes", "cast", "speakers", "scenes", "feelings", "network", "craft", "outputs"]


def texts_of(paths: list[str]) -> list[tuple[str, str]]:
    out = []
    for p in map(Path, paths):
        if (p / "novel_text.txt").exists():
            out.append((p.name, (p / "novel_text.txt").read_text(encoding="utf-8")))
        elif p.is_dir():
            for d in sorted(p.iterdir()):
                if (d / "novel_text.txt").exists():
                    out.append((d.name, (d / "novel_text.txt").read_text(encoding="utf-8")))
        else:
            out.append((p.name, p.read_text(encoding="utf-8", errors="replace")))
    return out


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
    try:
        cr = timed("craft", craft.review, work, txt, qs, cs, sp, sc, fe)
    except TypeError:  # older signature
        cr = timed("craft", craft.review, work, txt, qs, cs, sp, sc)
    analysis = Analysis(work, txt, qs, cs, sp, sc, fe, nw, cr)
    timed("outputs", write_all, analysis, outdir)
    return t, txt.words


def peak_rss_mb(story_file: Path) -> float:
    """Peak RSS (MB) of a child process running the whole analysis and writing every output."""
    code = ("import sys; from fabula.pipeline import analyze; from fabula.outputs import write_all; "
            "write_all(analyze(sys.argv[1]), sys.argv[2])")
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run([sys.executable, "-c", code, str(story_file), str(Path(tmp) / "out")], check=True,
                       cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024.0


def spacy_compare(texts: list[tuple[str, str]]) -> None:
    try:
        import spacy
    except ImportError:
        print("spaCy is not installed: comparison skipped")
        return
    sample = "\n\n".join(t for _, t in texts)[:2_000_000]
    words = len(sample.split())
    nlp = spacy.blank("en")
    nlp.max_length = len(sample) + 1
    t0 = time.process_time()
    n = sum(1 for _ in nlp(sample))
    dt = time.process_time() - t0
    print(f"spaCy blank('en') tokenizer: {words / dt:,.0f} words/s ({n} tokens)")
    try:
        sm = spacy.load("en_core_web_sm")
    except OSError:
        print("spaCy en_core_web_sm is not installed: skipped (fabula does not depend on it)")
        return
    part = sample[:300_000]
    t0 = time.process_time()
    sm(part)
    dt = time.process_time() - t0
    print(f"spaCy en_core_web_sm full pipeline: {len(part.split()) / dt:,.0f} words/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--no-memory", action="store_true", help="skip the 500,000-word peak-RSS run")
    ap.add_argument("--memory-words", type=int, default=500_000)
    args = ap.parse_args()
    texts = texts_of(args.paths)
    if not texts:
        sys.exit("no texts")
    totals = dict.fromkeys(STAGES, 0.0)
    all_words = 0
    print("| text | words | " + " | ".join(STAGES) + " | total words/s |")
    print("|---|---|" + "---|" * len(STAGES) + "---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, story in texts:
            t, words = run_stages(story, Path(tmp) / name)
            all_words += words
            for k in STAGES:
                totals[k] += t.get(k, 0.0)
            tot = sum(t.values())
            print(f"| {name} | {words:,} | " + " | ".join(f"{t.get(k, 0.0):.3f}s" for k in STAGES)
                  + f" | {words / tot:,.0f} |")
    whole = sum(totals.values())
    print()
    print(f"{len(texts)} texts, {all_words:,} words, {whole:.2f} s of CPU")
    for k in STAGES:
        rate = all_words / totals[k] if totals[k] else float("inf")
        print(f"  {k:9s} {totals[k]:7.2f} s  {rate:>14,.0f} words/s")
    print(f"  {'overall':9s} {whole:7.2f} s  {all_words / whole:>14,.0f} words/s (one core, CPU time)")
    if not args.no_memory:
        big = []
        n = 0
        i = 0
        while n < args.memory_words:
            s = texts[i % len(texts)][1]
            big.append(s)
            n += len(s.split())
            i += 1
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write("\n\n".join(big))
            path = Path(f.name)
        try:
            mb = peak_rss_mb(path)
            print(f"peak RSS of `fabula analyze` on a {n:,}-word input ({i} texts concatenated): {mb:.0f} MB")
        finally:
            os.unlink(path)
    spacy_compare(texts)


if __name__ == "__main__":
    main()

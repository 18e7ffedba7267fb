"""How big report.html gets and how fast Chromium opens it, for a ~200,000-word novel.

The input is made by joining PDNC novel texts from ../shared/data (never committed) until it has
--words words; it is analysed once, the report rendered, and the page opened in headless Debian
Chromium --runs times (a fresh page each time). Prints the figures and the command that made them.

    .venv/bin/python bench/report_bench.py [--words 200000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDNC = ROOT.parent / "shared" / "data" / "pdnc" / "data"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def novel(words: int, folder: Path) -> Path:
    texts, n = [], 0
    for f in sorted(PDNC.glob("*/novel_text.txt"), key=lambda p: -p.stat().st_size):
        t = f.read_text(encoding="utf-8")
        have = len(t.split())
        if n + have > words:  # cut the last novel at a paragraph to land near the target
            paras, keep = t.split("\n\n"), []
            for para in paras:
                keep.append(para)
                n += len(para.split())
                if n >= words:
                    break
            texts.append("\n\n".join(keep))
            break
        texts.append(t)
        n += have
    path = folder / "novel.txt"
    path.write_text("\n\n".join(texts), encoding="utf-8")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not PDNC.is_dir():
        print(f"skipped: {PDNC} is not there", file=sys.stderr)
        return 0
    chromium = shutil.which("chromium")
    from fabula.outputs import report
    from fabula.outputs.analysis_json import to_dict
    from fabula.pipeline import analyze

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = novel(args.words, tmp)
        t0 = time.perf_counter()
        a = analyze(src)
        t_analyse = time.perf_counter() - t0
        t0 = time.perf_counter()
        doc = to_dict(a)
        t_dict = time.perf_counter() - t0
        paragraphs = [(p.start, p.end, p.chapter) for p in a.text.paragraphs]
        t0 = time.perf_counter()
        page = report.render(doc, a.work.text, paragraphs)
        t_render = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.render(doc, a.work.text)  # as `fabula report` does: paragraphs recomputed
        t_rerender = time.perf_counter() - t0
        out = tmp / "report.html"
        out.write_text(page, encoding="utf-8")
        size = out.stat().st_size
        print(f"input: {a.text.words:,} words, {len(a.quotes):,} quotations, {len(a.cast.characters)} characters, "
              f"{len(a.scenes)} scenes, {len(doc['warnings'])} warnings")
        print(f"analyse: {t_analyse:.2f} s; analysis dict: {t_dict:.2f} s; render: {t_render:.2f} s "
              f"(with paragraphs recomputed, as `fabula report` does: {t_rerender:.2f} s)")
        print(f"report.html: {size / 1e6:.2f} MB ({size:,} bytes); text.txt: {len(a.work.text.encode()) / 1e6:.2f} MB")
        if chromium is None:
            print("chromium not installed: no load time")
            return 0
        from playwright.sync_api import sync_playwright

        loads, dcl, wall = [], [], []
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium, args=FLAGS)
            for _ in range(args.runs):
                ctx = b.new_context(viewport={"width": 1366, "height": 900})
                pg = ctx.new_page()
                t0 = time.perf_counter()
                pg.goto(out.as_uri(), wait_until="load")
                wall.append(time.perf_counter() - t0)
                nav = pg.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                                  " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()")
                dcl.append(nav[0] / 1000)
                loads.append(nav[1] / 1000)
                ctx.close()
            version = b.version
            b.close()
        print(f"Chromium {version}, {args.runs} runs, fresh page each: DOMContentLoaded median "
              f"{statistics.median(dcl):.2f} s, load event median {statistics.median(loads):.2f} s "
              f"(max {max(loads):.2f} s), goto() wall median {statistics.median(wall):.2f} s")
    print(f"command: .venv/bin/python bench/report_bench.py --words {args.words} --runs {args.runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Words per second (CPU time of this process) of ingest + text + quotations (target: >= 1,000,000 words/s on one core).

    .venv/bin/python bench/ingest_speed.py ../shared/data/pdnc/data/*/novel_text.txt
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from fabula import ingest, quotes, text


def main(paths: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="text files (e.g. PDNC's novel_text.txt)")
    paths = parser.parse_args(paths).paths
    total_words = 0
    t_ingest = t_text = t_quotes = 0.0
    for path in paths:
        data = Path(path).read_bytes()
        t0 = time.process_time()
        work = ingest.read(data)
        t1 = time.process_time()
        txt = text.segment(work)
        t2 = time.process_time()
        quotes.find(txt)
        t3 = time.process_time()
        t_ingest += t1 - t0
        t_text += t2 - t1
        t_quotes += t3 - t2
        total_words += txt.words
    total = t_ingest + t_text + t_quotes
    print(f"files: {len(paths)}  words: {total_words:,}")
    for name, t in [("ingest", t_ingest), ("text", t_text), ("quotes", t_quotes), ("all three", total)]:
        print(f"{name:10s} {t:7.3f} s  {total_words / t:12,.0f} words/s")
    print("command: .venv/bin/python bench/ingest_speed.py " + " ".join(paths[:2]) + (" ..." if len(paths) > 2 else ""))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Words per second of ``fabula.ingest.read`` for each input format, on a ~500,000-word story written
in every shape by tests/formats.py (the story is made up; nothing from ../shared/data).

    .venv/bin/python bench/ingest_formats.py
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import formats as F

from fabula import ingest

PARA = ("\"You're late,\" said Tobias, not looking up from the lamp, and Mara shook the rain from her coat "
        "before she answered him. ") * 3


def main() -> None:
    chapters = [(f"Chapter title {i}", "\n\n".join([PARA] * 100 + ["* * *"] + [PARA] * 60)) for i in range(1, 60)]
    writers = [("text", F.plain_text), ("ao3-html", F.ao3_html), ("ao3-epub", F.ao3_epub),
               ("ao3-epub-legacy", F.ao3_epub_legacy), ("ao3-page", F.ao3_page), ("fanficfare-epub", F.fanficfare_epub),
               ("fanficfare-html", F.fanficfare_html), ("fanficfare-txt", F.fanficfare_txt), ("epub", F.epub)]
    for name, writer in writers:
        data = writer("Big", "bench", chapters, summary="A long one.")
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            work = ingest.read(data)
            best = min(best, time.perf_counter() - t0)
        words = len(work.text.split())
        print(f"{name:16s} {len(data) / 2**20:6.1f} MB in  {words:9,} words  {best:6.3f} s  {words / best:12,.0f} words/s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print("command: .venv/bin/python bench/ingest_formats.py")


if __name__ == "__main__":
    main()

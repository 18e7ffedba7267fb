"""Checks of the summary rule on text it was not tuned on, both ways:

- each of LitBank's 98 novel excerpts put under a made-up title line, as a fan pastes a story under its
  title: none has a summary, so every summary found is an opening paragraph lost from the story;
- the real downloads of ../shared/data/formats that carry a title and a summary, written out as a fan
  pastes them (title, summary paragraph, story): the summary should be found.

    .venv/bin/python bench/summary_rule_held_out.py [../shared/data]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fabula import ingest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default="../shared/data", help="the shared data folder")
    data = Path(parser.parse_args().data)
    root = data / "litbank"
    files = sorted((root / "entities" / "brat").glob("*.txt"))
    if not files:
        sys.exit(f"no LitBank excerpts under {root}")
    lost = 0
    for f in files:
        body = f.read_text(encoding="utf-8").replace("\n", "\n\n")  # one paragraph a line in these files
        title = f.stem.split("_", 1)[1].removesuffix("_brat").replace("_", " ").title()
        lost += ingest.read(f"{title}\n\n{body}").summary is not None
    print(f"{len(files)} excerpts under a title line: {lost} opening paragraphs taken for a summary")
    found = total = 0
    for f in sorted((data / "formats").glob("*.*")):
        if f.suffix not in (".html", ".epub", ".txt"):
            continue
        work = ingest.read(f)
        if not (work.title and work.summary):
            continue
        story = "\n\n".join(work.text[r.start:r.end] for r in work.story)
        pasted = ingest.read(f"{work.title}\n\n{work.summary}\n\n{story}")
        total += 1
        found += pasted.summary is not None and pasted.summary[:40] == work.summary[:40]
    print(f"{total} real downloads pasted as title + summary + story: {found} summaries found")
    print("command: .venv/bin/python bench/summary_rule_held_out.py")


if __name__ == "__main__":
    main()

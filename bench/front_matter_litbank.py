"""Held-out check of the summary rule (text it was not tuned on): each of LitBank's 98 novel excerpts
put under a made-up title line, as a fan pastes a story under its title. None has a summary, so every
summary found is an opening paragraph lost from the story.

    .venv/bin/python bench/front_matter_litbank.py [../shared/data/litbank]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fabula import ingest


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/litbank")
    files = sorted((root / "entities" / "brat").glob("*.txt"))
    if not files:
        sys.exit(f"no LitBank excerpts under {root}")
    lost = 0
    for f in files:
        body = f.read_text(encoding="utf-8").replace("\n", "\n\n")  # one paragraph a line in these files
        title = f.stem.split("_", 1)[1].removesuffix("_brat").replace("_", " ").title()
        lost += ingest.read(f"{title}\n\n{body}").summary is not None
    print(f"{len(files)} excerpts under a title line: {lost} opening paragraphs taken for a summary")
    print("command: .venv/bin/python bench/front_matter_litbank.py")


if __name__ == "__main__":
    main()

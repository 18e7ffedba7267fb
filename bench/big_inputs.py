"""Big plain-text inputs (issue 12): wall time, CPU time and peak memory of `fabula analyze` (a subprocess, all
outputs written) on generated shapes: 100,000 one-line chapters (refused past the chapter cap), 20,000
short chapters (under it), 60,000 paragraphs of dialogue with blank lines and one per line. All text is
generated here; nothing from ../shared/data.

    .venv/bin/python bench/big_inputs.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMES = ["Orla", "Tobin", "Maren", "Quin"]


def _para(rng: random.Random, i: int) -> str:
    a, b = rng.sample(NAMES, 2)
    return rng.choice([f'"Is it day {i}?" {a} asked. {b} shrugged and looked at the sea.',
                       f"{a} walked along the shore. The wind was cold and {b} was late again.",
                       f'"Come on," said {b}. "We have to go before the tide turns."'])


def shapes(quick: bool) -> dict[str, str]:
    rng = random.Random(1)
    n, c = (6000, 2000) if quick else (60000, 20000)
    return {
        "100k chapters": "\n".join(f"Chapter {i}\n\nShe walked on. It was day {i}.\n" for i in range(1, 100001)),
        f"{c // 1000}k chapters": "\n\n".join(f"Chapter {i}\n\n{_para(rng, i)}" for i in range(1, c + 1)),
        f"{n // 1000}k paragraphs": "\n\n".join(_para(rng, i) for i in range(n)),
        f"{n // 1000}k lines": "\n".join(_para(rng, i) for i in range(n)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller shapes")
    quick = parser.parse_args().quick
    fabula = str(Path(sys.executable).with_name("fabula"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in shapes(quick).items():
            src = Path(tmp) / "in.txt"
            src.write_text(text, encoding="utf-8")
            t0 = time.perf_counter()
            r = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", fabula, "analyze", str(src), "-o", str(Path(tmp) / "out")],
                               check=False, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            rss_kb, user, system = r.stderr.strip().splitlines()[-1].split()
            rss_mb, cpu = int(rss_kb) / 1024, float(user) + float(system)
            err = next((x for x in r.stderr.splitlines() if x.startswith("fabula: error")), "")
            print(f"{name:15s} {len(text.encode()) / 2**20:5.1f} MB  exit {r.returncode}  {wall:6.1f} s wall  {cpu:6.1f} s CPU  "
                  f"{rss_mb:6.0f} MB peak  {err}")
            subprocess.run(["rm", "-rf", str(Path(tmp) / "out")], check=False)
    print("command: .venv/bin/python bench/big_inputs.py" + (" --quick" if quick else ""))


if __name__ == "__main__":
    main()

"""Speed of ``fabula.ingest.read`` for each input format, all written by tests/formats.py (made-up text;
nothing from ../shared/data):

- big: a ~500,000-word story in every shape -> MB/s of input (an EPUB: of what it unpacks to) and
  words/s (best of 5);
- small: the small example story in every shape, read over and over -> files/s;
- hostile: the EPUBs of issue 12 (a 2 KB book whose spine lists its one file 3,000 times; 190 story
  files of just under 1 MB each) and a book just under the 48 MB bound on story documents -> the
  seconds until a result or a one-line error.

    .venv/bin/python bench/ingest_formats.py
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import formats as F

from fabula import ingest
from fabula.errors import FabulaError

PARA = ("\"You're late,\" said Tobias, not looking up from the lamp, and Mara shook the rain from her coat "
        "before she answered him. ") * 3
WRITERS = [("text", F.plain_text), ("ao3-html", F.ao3_html), ("ao3-epub", F.ao3_epub),
           ("ao3-epub-legacy", F.ao3_epub_legacy), ("ao3-page", F.ao3_page), ("ffnet-page", F.ffnet_page),
           ("fanficfare-epub", F.fanficfare_epub), ("fanficfare-html", F.fanficfare_html),
           ("fanficfare-txt", F.fanficfare_txt), ("epub", F.epub)]


def _best(data, runs: int = 5):
    best, work = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        work = ingest.read(data)
        best = min(best, time.perf_counter() - t0)
    return best, work


def _unpacked(data) -> int:
    """Bytes of input: an EPUB counts as what it unpacks to (its compressed size says little)."""
    if isinstance(data, bytes) and data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    return len(data.encode("utf-8") if isinstance(data, str) else data)


def big() -> None:
    chapters = [(f"Chapter title {i}", "\n\n".join([PARA] * 100 + ["* * *"] + [PARA] * 60)) for i in range(1, 60)]
    print("big story (~500k words; a fanfiction.net page holds one chapter, so it is one 500k-word chapter)")
    for name, writer in WRITERS:
        if name == "ffnet-page":
            data = writer("Big", "bench", [("One", "\n\n".join(b for _t, b in chapters))], summary="A long one.")
        else:
            data = writer("Big", "bench", chapters, summary="A long one.")
        secs, work = _best(data)
        mb = _unpacked(data) / 2**20
        words = len(work.text.split())
        print(f"  {name:16s} {mb:6.1f} MB  {words:9,} words  {secs:6.3f} s  {mb / secs:6.1f} MB/s  "
              f"{words / secs:11,.0f} words/s")


def small() -> None:
    print("small files (the example story, 2 chapters, ~100 words)")
    for name, writer in WRITERS:
        data = F.example(writer)
        ingest.read(data)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 1.0:
            ingest.read(data)
            n += 1
        secs = time.perf_counter() - t0
        print(f"  {name:16s} {len(data) / 1024:6.1f} KB  {n / secs:7.0f} files/s")


def _epub(docs: dict[str, str], spine: list[str]) -> bytes:
    items = "".join(f'<item id="{k}" href="{k}.xhtml" media-type="application/xhtml+xml"/>' for k in docs)
    refs = "".join(f'<itemref idref="{k}"/>' for k in spine)
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata '
           'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata>'
           f"<manifest>{items}</manifest><spine>{refs}</spine></package>")
    container = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:'
                 'container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>'
                 "</rootfiles></container>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", container)
        z.writestr("content.opf", opf)
        for k, v in docs.items():
            z.writestr(f"{k}.xhtml", v)
    return buf.getvalue()


def hostile() -> None:
    print("hostile EPUBs (issue 12)")
    doc = "<html><body>" + "<p>She ran, and he followed her down to the harbour.</p>" * 20 + "</body></html>"
    big_doc = "<html><body><p>" + "She ran. " * (2**20 // 9 - 10) + "</p></body></html>"
    para = "<p>" + "She ran, and he followed her down to the harbour where the boats were. " * 6 + "</p>"
    long_doc = "<html><body>" + para * 2000 + "</body></html>"
    cases = [("spine lists 1 file x3000", _epub({"c": doc}, ["c"] * 3000)),
             ("190 files of ~1 MB", _epub({f"c{i}": big_doc for i in range(190)}, [f"c{i}" for i in range(190)])),
             ("50 files of 0.8 MB (41 MB)", _epub({f"c{i}": long_doc for i in range(50)}, [f"c{i}" for i in range(50)]))]
    for name, data in cases:
        t0 = time.perf_counter()
        try:
            work = ingest.read(data)
            outcome = f"read: {len(work.text.split()):,} words"
        except FabulaError as e:
            outcome = f"fabula: error: {e}"
        print(f"  {name:26s} {len(data) / 1024:7.1f} KB  {time.perf_counter() - t0:6.2f} s  {outcome}")


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    big()
    small()
    hostile()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print("command: .venv/bin/python bench/ingest_formats.py")


if __name__ == "__main__":
    main()

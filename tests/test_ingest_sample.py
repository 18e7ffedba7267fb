"""The project's sample story, as plain text and in every downloaded shape generated from it: the same
story paragraphs come out of each, and the front matter is read as front matter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from formats import (
    ao3_epub,
    ao3_epub_legacy,
    ao3_html,
    epub,
    fanficfare_epub,
    fanficfare_html,
    fanficfare_txt,
)

from fabula import ingest, text

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "the-lantern-keepers.txt"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the sample story is not there")

BREAK_LINES = {"* * *", "~~~", "***"}


def _parts():
    raw = SAMPLE.read_text(encoding="utf-8")
    paras = [p.strip() for p in re.split(r"\n\s*\n", raw) if p.strip()]
    title = paras[0]
    summary = paras[1].removeprefix("Summary:").strip()
    note = paras[2]
    assert note.startswith("A/N:")
    body = paras[3:]
    return raw, title, summary, note, body


def _flat(s: str) -> str:
    return " ".join(s.split())


def test_the_sample_reads_with_its_title_summary_and_note():
    raw, title, summary, note, body = _parts()
    work = ingest.read(SAMPLE)
    assert work.text == raw
    assert work.title == title == "The Lantern Keepers"
    assert work.summary == summary
    assert [work.text[n.span.start:n.span.end] for n in work.notes] == [note]
    assert work.story_start == raw.index(body[0])
    assert [work.text[b.start:b.end] for b in work.breaks] == [p for p in body if p in BREAK_LINES]


@pytest.mark.parametrize("writer", [None, ao3_html, ao3_epub, ao3_epub_legacy, fanficfare_epub, fanficfare_html,
                                    fanficfare_txt, epub], ids=lambda w: "plain" if w is None else w.__name__)
def test_every_shape_gives_the_same_story_paragraphs(writer):
    _raw, title, summary, note, body = _parts()
    source = SAMPLE if writer is None else writer(title, "lanternfic", [(None, "\n\n".join(body))], summary=summary,
                                                  notes=note.removeprefix("A/N:").strip())
    work = ingest.read(source)
    got = [_flat(work.text[p.start:p.end]) for p in text.segment(work).paragraphs]
    assert got == [_flat(p) for p in body if p not in BREAK_LINES]
    assert len(work.breaks) == sum(1 for p in body if p in BREAK_LINES)
    if writer is not None:
        assert work.title == title and work.summary == summary

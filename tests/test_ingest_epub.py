"""Generic EPUB 2 and 3, and generic HTML pages: chapters from the spine and the headings, titles from
the NCX or nav document when a chapter file has no heading, metadata from the OPF."""

from __future__ import annotations

import pytest
from formats import EXAMPLE_PARAGRAPHS, epub, example

from fabula import ingest, text


@pytest.mark.parametrize("version", [2, 3])
def test_generic_epub(version):
    work = ingest.read(example(epub, version=version))
    assert work.source_format == "epub"
    assert work.title == "Salt and Lamplight" and work.authors == ("quillfeather",)
    assert work.summary == "A keeper, a courier, and a storm that will not end."
    assert work.language == "en"
    assert work.tags == ("Slow Burn", "Storms")
    assert [(c.index, c.title) for c in work.chapters] == [(1, "The Knock"), (2, "After the Storm")]
    assert [work.text[p.start:p.end] for p in text.segment(work).paragraphs] == EXAMPLE_PARAGRAPHS
    assert [b.marker for b in work.breaks] == ["* * *", "<hr>"]
    assert [n.kind for n in work.notes] == ["disclaimer"]


def test_generic_html_page_with_chapters_at_headings():
    page = """<html><head><title>The Ferry</title></head><body>
    <h1>The Ferry</h1>
    <p>by Ana Reyes</p>
    <p>Summary: Two strangers, one crossing.</p>
    <h2>Chapter 1: Departure</h2>
    <p>The ferry <i>groaned</i> away from the dock.</p>
    <p style="text-align:center">~~~</p>
    <p>"Cold?" he asked.<br/>She nodded.</p>
    <h2>Chapter 2: Arrival</h2>
    <div><p>Land, at last.</p></div>
    <script>var x = "<p>not story</p>";</script>
    </body></html>"""
    work = ingest.read(page)
    assert work.source_format == "html"
    assert work.title == "The Ferry" and work.authors == ("Ana Reyes",)
    assert work.summary == "Two strangers, one crossing."
    assert [c.title for c in work.chapters] == ["Chapter 1: Departure", "Chapter 2: Arrival"]
    assert work.text == ("The ferry groaned away from the dock.\n\n~~~\n\n\"Cold?\" he asked.\nShe nodded."
                         "\n\nLand, at last.")
    assert [(b.marker, work.text[b.start:b.end]) for b in work.breaks] == [("~~~", "~~~")]


def test_an_html_page_with_no_headings_is_one_chapter():
    work = ingest.read(b"<!DOCTYPE html><html><body><p>One.</p><hr/><p>Two.</p></body></html>")
    assert work.text == "One.\n\n* * *\n\nTwo."
    assert [(c.index, c.title, c.start, c.end) for c in work.chapters] == [(1, None, 0, len(work.text))]


def test_pov_labels_in_html_are_breaks():
    work = ingest.read("<html><body><p>~Ivy's POV~</p><p>Ivy ran.</p><hr/><p>Marcus POV</p><p>He waited.</p>"
                       "<p>***</p></body></html>")
    assert work.text == "~Ivy's POV~\n\nIvy ran.\n\nMarcus POV\n\nHe waited."
    assert [b.marker for b in work.breaks] == ["~Ivy's POV~", "Marcus POV"]


def test_epub_chapter_heading_with_a_subtitle_and_sections():
    from formats import _container, _opf, _xhtml, _zip

    page = _xhtml("c", "<h2>Chapter 1</h2><h3>The Beginning</h3><p>She ran.</p><h3>Later</h3><p>He ran.</p>")
    opf = _opf("<dc:title>T</dc:title>", [("c1", "c1.xhtml", "application/xhtml+xml")], ["c1"], toc=None)
    work = ingest.read(_zip([("META-INF/container.xml", _container("content.opf")), ("content.opf", opf),
                             ("c1.xhtml", page)]))
    assert [c.title for c in work.chapters] == ["Chapter 1: The Beginning"]
    assert work.text == "She ran.\n\nHe ran."


def test_an_author_note_at_a_chapter_end_in_html():
    work = ingest.read("<html><body><p>She ran to the harbour.</p><p>The boat was gone.</p>"
                       "<p>A/N: Thanks for reading!</p><p>Reviews make my day.</p></body></html>")
    assert work.text == "She ran to the harbour.\n\nThe boat was gone."
    assert [n.text for n in work.notes] == ["A/N: Thanks for reading!\n\nReviews make my day."]


def test_three_line_breaks_in_a_row_are_a_scene_break():
    work = ingest.read("<html><body><p>She ran.<br><br><br>He stayed.<br><br>Later.<br>Much later.</p></body></html>")
    assert work.text == "She ran.\n\n* * *\n\nHe stayed.\n\nLater.\nMuch later."
    assert [(b.marker, work.text[b.start:b.end]) for b in work.breaks] == [("<br><br><br>", "* * *")]

"""AO3 downloads: the HTML file, the Calibre EPUB (2019 on), AO3's own older EPUB, and the work page
saved from a browser. The metadata comes from the preface (or the page's work meta), the chapters from
the chapter groups, the notes stay out of the text."""

from __future__ import annotations

import pytest
from formats import EXAMPLE_PARAGRAPHS, ao3_epub, ao3_epub_legacy, ao3_html, ao3_page, example

from fabula import ingest, text

SHAPES = {
    "ao3-html": lambda **kw: example(ao3_html, **kw),
    "ao3-html-before-2025": lambda **kw: example(ao3_html, heading_style="old", **kw),
    "ao3-epub": lambda **kw: example(ao3_epub, **kw),
    "ao3-epub-before-2025": lambda **kw: example(ao3_epub, heading_style="old", **kw),
    "ao3-epub-before-2019": lambda **kw: example(ao3_epub_legacy, **kw),
    "ao3-saved-web-page": lambda **kw: example(ao3_page, **kw),
}


@pytest.fixture(params=list(SHAPES))
def shape(request):
    return request.param


def _paragraphs(work):
    return [work.text[p.start:p.end] for p in text.segment(work).paragraphs]


def test_the_source_format_is_told_by_content(shape):
    work = ingest.read(SHAPES[shape]())
    assert work.source_format == ("ao3-epub" if "epub" in shape else "ao3-html")


def test_metadata_comes_from_the_preface(shape):
    work = ingest.read(SHAPES[shape]())
    assert work.title == "Salt and Lamplight"
    assert work.authors == ("quillfeather",)
    assert work.rating == "Teen And Up Audiences"
    assert work.warnings == ("No Archive Warnings Apply",)
    assert work.categories == ("F/M",)
    assert work.fandoms == ("Original Work",)
    assert work.relationships == ("Mara/Tobias",)
    assert work.characters == ("Mara (Original Character)", "Tobias")
    assert work.tags == ("Slow Burn", "Storms")
    assert work.language == "en"
    assert work.series == ("Island Nights",)
    assert work.url == "https://archiveofourown.org/works/123456"
    assert work.work_id == "123456"
    assert work.summary == "A keeper, a courier, and a storm that will not end."
    assert work.stats["published"] == "2024-05-01" and work.stats["chapters"] == "2/2"
    assert work.stats["words"] == 104


def test_chapters_have_their_titles_and_the_text_has_none(shape):
    work = ingest.read(SHAPES[shape]())
    titles = [c.title for c in work.chapters]
    if shape in ("ao3-html", "ao3-epub", "ao3-saved-web-page"):
        assert titles == ["Chapter 1: The Knock", "Chapter 2: After the Storm"]
    else:
        assert titles == ["The Knock", "After the Storm"]
    assert "The Knock" not in work.text and "After the Storm" not in work.text
    assert work.text[work.chapters[1].start:].startswith("Morning came grey")


def test_story_paragraphs_come_out_whole_and_in_order(shape):
    work = ingest.read(SHAPES[shape]())
    assert _paragraphs(work) == EXAMPLE_PARAGRAPHS
    assert "\n\n\n" not in work.text


def test_notes_summaries_and_disclaimers_stay_out_of_the_text(shape):
    work = ingest.read(SHAPES[shape]())
    notes = {(n.kind, n.chapter): n for n in work.notes}
    assert notes[("notes", None)].text == "Written for a friend who likes lighthouses."
    assert notes[("end_notes", None)].text == "Thank you for reading!"
    assert notes[("chapter_notes", 2)].text == "A short one, sorry."
    assert notes[("chapter_end_notes", 1)].text == "More soon."
    assert notes[("disclaimer", 1)].text.startswith("Disclaimer: I don't own the sea")
    assert all(n.span is None for n in work.notes)
    for phrase in ("lighthouses", "Thank you for reading", "short one", "More soon", "Disclaimer",
                   "Posted originally", "Archive of Our Own", "Teen And Up", "Chapter Text", "Comments", "Kudos"):
        assert phrase not in work.text


def test_hr_and_centred_stars_are_scene_breaks_with_offsets(shape):
    work = ingest.read(SHAPES[shape]())
    assert [(b.marker, work.text[b.start:b.end]) for b in work.breaks] == [("* * *", "* * *"), ("<hr>", "* * *")]


def test_a_one_chapter_work():
    html = ao3_html("Tidewater", "quillfeather", [(None, "She waited.\n\n* * *\n\nHe came back.")],
                    summary="Short.", fandoms=["Original Work"])
    work = ingest.read(html)
    assert [(c.index, c.title) for c in work.chapters] == [(1, None)]
    assert work.text == "She waited.\n\n* * *\n\nHe came back."
    assert work.summary == "Short."


def test_inline_markup_is_flattened_and_br_is_a_line_break():
    html = ao3_html("Tidewater", "quillfeather", [(None, "She *really* waited.\nThen left.")])
    assert ingest.read(html).text == "She really waited.\nThen left."


def test_the_file_name_does_not_matter(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(example(ao3_html), encoding="utf-8")
    assert ingest.read(path).source_format == "ao3-html"


def test_fabula_analyze_writes_the_extracted_text(tmp_path):
    from click.testing import CliRunner

    from fabula.cli import main

    path = tmp_path / "salt.epub"
    path.write_bytes(example(ao3_epub))
    res = CliRunner().invoke(main, ["analyze", str(path), "-o", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output
    p = EXAMPLE_PARAGRAPHS
    expected = "\n\n".join([p[0], p[1], p[2], "* * *", p[3], p[4], "* * *", p[5], p[6]])
    assert (tmp_path / "out" / "text.txt").read_text(encoding="utf-8") == expected


def test_a_converted_epub_that_lost_the_preface_and_afterword_ids():
    html = example(ao3_html).replace('<div id="preface">', "<div>").replace('<div id="afterword">', "<div>")
    work = ingest.read(html)
    assert work.title == "Salt and Lamplight" and work.relationships == ("Mara/Tobias",)
    assert work.summary == "A keeper, a courier, and a storm that will not end."
    assert {n.kind for n in work.notes} >= {"notes", "end_notes"}
    assert "Archive of Our Own" not in work.text


def test_a_saved_work_page_takes_its_url_from_the_browsers_note_when_there_is_one():
    page = example(ao3_page).replace("<!DOCTYPE html>\n", "<!DOCTYPE html>\n<!-- saved from url=(0050)"
                                     "https://archiveofourown.org/works/765?view_full_work=true -->\n")
    work = ingest.read(page)
    assert work.url == "https://archiveofourown.org/works/765?view_full_work=true" and work.work_id == "765"


def test_a_saved_work_page_with_absolute_links_names_its_own_work_not_a_related_one():
    page = example(ao3_page).replace('href="/works/', 'href="https://archiveofourown.org/works/')
    work = ingest.read(page)
    assert work.work_id == "123456" and "Previous Work" not in work.text and "Kudos" not in work.text


@pytest.mark.parametrize("writer", [ao3_html, ao3_epub])
def test_an_ao3_download_with_every_class_name_changed_reads_the_same(writer):
    # converters rename classes at will: AO3 is told, and its parts found, by ids and structure
    import re
    import zipfile
    from io import BytesIO

    names: dict[str, str] = {}

    def rename(markup: str) -> str:
        return re.sub(r'class="[^"]*"', lambda m: f'class="{names.setdefault(m.group(0), f"k{len(names)}")}"',
                      markup)

    data = example(writer)
    if isinstance(data, bytes):
        src, out = zipfile.ZipFile(BytesIO(data)), BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name in src.namelist():
                body = src.read(name)
                z.writestr(name, rename(body.decode()) if name.endswith(".xhtml") else body)
        changed = out.getvalue()
    else:
        changed = rename(data)
    work, before = ingest.read(changed), ingest.read(data)
    assert work.source_format == before.source_format
    assert [c.title for c in work.chapters] == [c.title for c in before.chapters]
    assert _paragraphs(work) == EXAMPLE_PARAGRAPHS
    assert (work.title, work.authors, work.fandoms, work.relationships, work.tags, work.url) == \
        (before.title, before.authors, before.fandoms, before.relationships, before.tags, before.url)
    assert sorted((n.kind, n.chapter) for n in work.notes) == sorted((n.kind, n.chapter) for n in before.notes)


def test_a_split_preface_whose_second_half_lost_its_id_stays_out_of_the_text():
    import zipfile
    from io import BytesIO

    data = example(ao3_epub)
    src, out = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            body = src.read(name)
            if name.endswith("_split_001.xhtml"):
                body = body.replace(b'<div id="preface">', b"<div>")
            z.writestr(name, body)
    work = ingest.read(out.getvalue())
    assert _paragraphs(work) == EXAMPLE_PARAGRAPHS
    assert work.summary == "A keeper, a courier, and a storm that will not end."
    assert work.authors == ("quillfeather",)

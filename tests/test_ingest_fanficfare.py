"""FanFicFare output: EPUB, one-file HTML and TXT. Metadata from the title page, chapters from the
chapter files or anchors, AO3 notes from the fff_head_notes/fff_foot_notes blocks."""

from __future__ import annotations

import pytest
from formats import EXAMPLE_PARAGRAPHS, example, fanficfare_epub, fanficfare_html, fanficfare_txt

from fabula import ingest, text

SHAPES = {
    "fanficfare-epub": lambda: example(fanficfare_epub),
    "fanficfare-html": lambda: example(fanficfare_html),
    "fanficfare-txt": lambda: example(fanficfare_txt),
}


@pytest.fixture(params=list(SHAPES))
def shape(request):
    return request.param


def _flat(s: str) -> str:
    return " ".join(s.split())


def test_the_source_format_is_told_by_content(shape):
    assert ingest.read(SHAPES[shape]()).source_format == shape


def test_title_page_metadata(shape):
    work = ingest.read(SHAPES[shape]())
    assert work.title == "Salt and Lamplight"
    assert work.authors == ("quillfeather",)
    assert work.url == "https://archiveofourown.org/works/123456"
    assert work.fandoms == ("Original Work",)  # FanFicFare's "Category:" for AO3 stories
    assert work.tags == ("Slow Burn", "Storms")  # its "Genre:", without the AO3 categories
    assert work.categories == ("F/M",)
    assert work.relationships == ("Mara/Tobias",)
    assert work.characters == ("Mara (Original Character)", "Tobias")
    assert work.rating == "Teen And Up Audiences"
    assert work.warnings == ("No Archive Warnings Apply",)
    assert work.language == "en"
    assert work.summary == "A keeper, a courier, and a storm that will not end."
    assert work.stats["status"] == "Completed" and work.stats["chapters"] == 2


def test_chapters_and_their_titles(shape):
    work = ingest.read(SHAPES[shape]())
    assert [(c.index, c.title) for c in work.chapters] == [(1, "The Knock"), (2, "After the Storm")]


def test_story_paragraphs(shape):
    work = ingest.read(SHAPES[shape]())
    got = [_flat(work.text[p.start:p.end]) for p in text.segment(work).paragraphs]
    assert got == [_flat(p) for p in EXAMPLE_PARAGRAPHS]


def test_notes_are_kept_apart(shape):
    work = ingest.read(SHAPES[shape]())
    notes = {(n.kind, n.chapter): n.text for n in work.notes}
    assert notes[("notes", 1)] == "Written for a friend who likes lighthouses."
    assert notes[("end_notes", 2)] == "Thank you for reading!"
    assert notes[("chapter_notes", 2)] == "A short one, sorry."
    assert notes[("chapter_end_notes", 1)] == "More soon."
    assert notes[("disclaimer", 1)].startswith("Disclaimer:")
    story = " ".join(work.text[s.start:s.end] for s in work.story)
    for phrase in ("lighthouses", "Thank you for reading", "short one", "More soon", "Disclaimer", "Packaged"):
        assert phrase not in story


def test_scene_breaks(shape):
    work = ingest.read(SHAPES[shape]())
    assert [work.text[b.start:b.end] for b in work.breaks] == ["* * *", "* * *"]


def test_txt_offsets_point_into_the_users_file():
    data = example(fanficfare_txt)
    work = ingest.read(data)
    assert work.text == data.decode("utf-8").replace("\r\n", "\n")
    assert work.text[work.title_span.start:work.title_span.end] == "Salt and Lamplight"
    assert work.text[work.summary_span.start:work.summary_span.end] == work.summary
    assert "End file." not in " ".join(work.text[s.start:s.end] for s in work.story)


ONE_CHAPTER = {k: v for k, v in __import__("formats").EXAMPLE_META.items()
               if k not in ("chapter_notes", "chapter_end_notes", "end_notes", "notes")}


def _one_chapter_txt(**overrides) -> bytes:
    from formats import EXAMPLE_CHAPTERS

    body = EXAMPLE_CHAPTERS[0][1] + "\n\n" + EXAMPLE_CHAPTERS[1][1]
    return fanficfare_txt("Salt and Lamplight", "quillfeather", [("The Knock", body)], **{**ONE_CHAPTER, **overrides})


def test_a_one_chapter_txt_has_no_table_of_contents_and_its_title_page_is_metadata():
    data = _one_chapter_txt(summary="A keeper, a courier, and a storm.\n\nIt will not end.")
    assert b"TABLE OF CONTENTS" not in data
    work = ingest.read(data)
    assert work.source_format == "fanficfare-txt"
    assert work.fandoms == ("Original Work",) and work.rating == "Teen And Up Audiences"
    assert work.characters == ("Mara (Original Character)", "Tobias") and work.relationships == ("Mara/Tobias",)
    assert work.warnings == ("No Archive Warnings Apply",) and work.tags == ("Slow Burn", "Storms")
    assert work.url == "https://archiveofourown.org/works/123456" and work.work_id == "123456"
    assert work.status == "complete"
    assert work.summary == "A keeper, a courier, and a storm.\n\nIt will not end."
    assert [c.title for c in work.chapters] == ["The Knock"]
    story = "\n".join(work.text[s.start:s.end] for s in work.story)
    for label in ("Category:", "Genre:", "Characters:", "Relationships:", "Rating:", "Warnings:", "Summary:",
                  "Story URL:", "It will not end", "The Knock", "End file."):
        assert label not in story
    assert [_flat(work.text[p.start:p.end]) for p in text.segment(work).paragraphs] == \
        [_flat(p) for p in EXAMPLE_PARAGRAPHS]


def test_a_long_chapter_title_wrapped_onto_two_lines_is_one_title():
    title = "The Knock at the Lighthouse Door in the Middle of the Third Night of the Storm"
    from formats import EXAMPLE_CHAPTERS

    data = fanficfare_txt("Salt and Lamplight", "quillfeather", [(title, EXAMPLE_CHAPTERS[0][1]),
                                                                  ("Two", EXAMPLE_CHAPTERS[1][1])])
    assert b"\r\n        The Knock at the" in data and b"Storm\r\n" in data  # tab -> 8 spaces, title wrapped
    work = ingest.read(data)
    assert [c.title for c in work.chapters] == [title, "Two"]
    assert "Storm" not in work.text[work.story[0].start:work.story[0].start + 40]


def test_a_heading_html2text_wrote_as_markdown_is_not_story():
    data = fanficfare_txt("Salt and Lamplight", "quillfeather",
                          [("One", "### The Knock\n\nThe rain had not stopped.\n\nShe knocked.")]).decode()
    work = ingest.read(data)
    story = " ".join(work.text[s.start:s.end] for s in work.story)
    assert "###" not in story and story.startswith("The rain had not stopped.")


def test_a_one_chapter_txt_without_a_chapter_line_ends_its_title_page_at_the_two_blank_lines():
    data = _one_chapter_txt(summary="A keeper and a storm.\n\nIt will not end.").decode("utf-8")
    data = data.replace("\r\n        The Knock\r\n", "\r\n")
    assert "The Knock" not in data
    work = ingest.read(data)
    assert work.summary == "A keeper and a storm.\n\nIt will not end."
    assert work.rating == "Teen And Up Audiences" and work.url == "https://archiveofourown.org/works/123456"
    story = "\n".join(work.text[s.start:s.end] for s in work.story)
    assert story.startswith("The rain had not stopped") and "Story URL" not in story and "It will not end" not in story


def test_a_txt_run_of_spaces_only_lines_is_the_html_run_of_br_a_scene_break_and_two_are_not():
    # html2text writes each <br> as a line ending in two spaces: the story's <br><br><br>... between
    # two paragraphs comes out as lines holding only spaces, two <br>s after a block as two such lines
    body = ("The harbour lights went out one by one.\n\nShe counted them from the wall.\n\n"
            "Morning found the boats already gone.")
    data = fanficfare_txt("Low Tide", "quillfeather", [("Dusk", body)], **ONE_CHAPTER).decode("utf-8")
    data = data.replace("one by one.\r\n\r\n", "one by one.\r\n\r\n  \r\n  \r\n", 1)
    data = data.replace("from the wall.\r\n\r\n", "from the wall.\r\n" + "  \r\n" * 6, 1)
    work = ingest.read(data.encode("utf-8"))
    assert [b.marker for b in work.breaks] == ["<br><br><br>"]
    before, after = work.text[:work.breaks[0].start], work.text[work.breaks[0].end:]
    assert before.rstrip().endswith("from the wall.") and after.lstrip().startswith("Morning found")
    paragraphs = [work.text[p.start:p.end] for p in text.segment(work).paragraphs]
    assert paragraphs == ["The harbour lights went out one by one.", "She counted them from the wall.",
                          "Morning found the boats already gone."]


@pytest.mark.parametrize("write", [fanficfare_epub, fanficfare_html, fanficfare_txt])
def test_a_summary_of_two_paragraphs_keeps_them_apart_in_every_fanficfare_format(write):
    summary = "Two keepers, one lamp.\n\nA storm that will not end, and a letter that should not exist."
    work = ingest.read(write("Salt and Lamplight", "quillfeather", [("The Knock", "She lit the lamp.")],
                             **{**ONE_CHAPTER, "summary": summary}))
    assert work.summary == summary

"""Plain-text stories: the user's own file comes back as text.txt, with front matter, chapter headings,
notes and disclaimers marked by spans and kept out of the story regions."""

from __future__ import annotations

import pytest

from fabula import ingest
from fabula.errors import FabulaError

STORY = """Salt and Lamplight

by quillfeather

Summary: A keeper, a courier, and a storm that will not end.

Disclaimer: I don't own the sea. Nobody does.

Chapter 1: The Knock

The rain had not stopped for three days when Mara finally knocked on the lighthouse door.

"You're late," said Tobias, not looking up from the lamp.

"The road washed out." She shook the water from her coat. "Again."

* * *

By midnight the storm had found the island.

A/N: More soon, I promise! Reviews feed the lamp.

Chapter Two: After the Storm

Morning came grey and quiet.

xXx

"Do you think it's over?" Mara asked.

CHAPTER III

Tobias shrugged. "It's never over. Not here."
"""


def _at(work, span):
    return work.text[span.start:span.end]


def _story(work) -> str:
    return "\n".join(work.text[s.start:s.end] for s in work.story)


def test_utf8_lf_file_comes_back_byte_for_byte(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode("utf-8"))
    work = ingest.read(path)
    assert work.source_format == "text"
    assert work.text.encode("utf-8") == path.read_bytes()


def test_title_byline_and_summary_are_front_matter():
    work = ingest.read(STORY)
    assert work.title == "Salt and Lamplight"
    assert _at(work, work.title_span) == "Salt and Lamplight"
    assert work.authors == ("quillfeather",)
    assert work.summary == "A keeper, a courier, and a storm that will not end."
    assert _at(work, work.summary_span) == work.summary
    assert work.story_start == work.text.index("The rain had not stopped")


def test_chapter_headings_become_chapters_with_titles():
    work = ingest.read(STORY)
    assert [c.title for c in work.chapters] == ["Chapter 1: The Knock", "Chapter Two: After the Storm", "CHAPTER III"]
    assert [c.index for c in work.chapters] == [1, 2, 3]
    assert work.text[work.chapters[1].start:].startswith("Chapter Two: After the Storm")
    assert "Chapter" not in _story(work) and "CHAPTER" not in _story(work)


def test_notes_and_disclaimers_are_kept_apart_from_the_story():
    work = ingest.read(STORY)
    kinds = {n.kind: n for n in work.notes}
    assert _at(work, kinds["disclaimer"].span) == "Disclaimer: I don't own the sea. Nobody does."
    assert _at(work, kinds["author_note"].span) == "A/N: More soon, I promise! Reviews feed the lamp."
    assert kinds["author_note"].chapter == 1
    story = _story(work)
    assert "A/N" not in story and "Disclaimer" not in story and "Summary" not in story
    assert "By midnight the storm had found the island." in story


def test_scene_break_lines_are_recorded_with_offsets():
    work = ingest.read(STORY)
    assert [(b.marker, _at(work, b)) for b in work.breaks] == [("* * *", "* * *"), ("xXx", "xXx")]
    assert all(any(s.start <= b.start and b.end <= s.end for s in work.story) for b in work.breaks)


def test_crlf_becomes_lf_and_nothing_else_changes():
    work = ingest.read(STORY.replace("\n", "\r\n").encode("utf-8"))
    assert work.text == STORY


def test_utf8_bom_is_dropped():
    assert ingest.read(b"\xef\xbb\xbf" + STORY.encode("utf-8")).text == STORY


def test_utf16_with_bom():
    assert ingest.read(STORY.encode("utf-16")).text == STORY
    assert ingest.read(b"\xfe\xff" + STORY.encode("utf-16-be")).text == STORY


def test_cp1252_file_is_read_with_curly_quotes_and_accents():
    story = "Chez Ren\u00e9e\n\n\u201cCaf\u00e9?\u201d she asked. \u2018Non,\u2019 said Ren\u00e9e \u2014 and left.\n"
    work = ingest.read(story.encode("cp1252"))
    assert work.text == story


def test_mixed_encodings_still_read():
    data = "\u201cHello,\u201d said Zo\u00eb.\n\n".encode() + "It was na\u00efve.\n".encode("cp1252")
    work = ingest.read(data)
    assert work.text == "\u201cHello,\u201d said Zo\u00eb.\n\nIt was na\u00efve.\n"


def test_a_story_with_no_front_matter_is_all_story_in_one_chapter():
    story = "The door opened. Nobody was there.\n\n\"Hello?\" she called.\n"
    work = ingest.read(story)
    assert work.title is None and work.summary is None
    assert [(s.start, s.end) for s in work.story] == [(0, len(story.rstrip()))]
    assert [(c.index, c.title, c.start) for c in work.chapters] == [(1, None, 0)]


def test_a_short_paragraph_after_the_title_is_the_summary():
    story = ("The Long Way Home\n\nTwo runaways, one stolen car, and a road that will not end.\n\n"
             + "The car coughed twice and died on the hill above the town. " * 12 + "\n\n"
             + "\"Well,\" said Jess. \"That's that.\"\n\n" + "They walked. " * 30 + "\n")
    work = ingest.read(story)
    assert work.title == "The Long Way Home"
    assert work.summary == "Two runaways, one stolen car, and a road that will not end."
    assert work.story_start == story.index("The car coughed")


def test_header_block_labels_fill_the_metadata():
    story = ("Title: Ashes\nAuthor: wren\nRating: T\nFandom: Original Work\nPairing: Ivy/Marcus\n"
             "Summary: She hunts him. He lets her.\n\n***\n\nIvy loaded the crossbow.\n\n\"Marky,\" she said.\n")
    work = ingest.read(story)
    assert work.title == "Ashes" and work.authors == ("wren",) and work.rating == "T"
    assert work.fandoms == ("Original Work",) and work.relationships == ("Ivy/Marcus",)
    assert work.summary == "She hunts him. He lets her."
    assert work.story_start == story.index("Ivy loaded")
    assert work.breaks == ()


def test_chapter_title_on_the_line_below_the_heading():
    story = "Chapter 1\nThe Caves\n\nIt was dark.\n\nChapter 2\nThe River\n\nIt was wet.\n"
    work = ingest.read(story)
    assert [c.title for c in work.chapters] == ["Chapter 1: The Caves", "Chapter 2: The River"]
    assert _story(work) == "It was dark.\nIt was wet."


def test_a_sentence_that_starts_like_a_heading_is_story():
    story = "Chapter one of my life began when I was born.\n\nIt went on from there.\n"
    work = ingest.read(story)
    assert len(work.chapters) == 1 and work.chapters[0].title is None
    assert _story(work) == story.rstrip()


def test_many_break_styles():
    markers = ["***", "~~~", "* * *", "xXx", "oOo", "-o-", "=====", "~*~*~", "-----"]
    story = "\n\n".join(f"Scene {i} happens here." + f"\n\n{m}" for i, m in enumerate(markers)) + "\n\nThe end came.\n"
    work = ingest.read(story)
    assert [b.marker for b in work.breaks] == markers


def test_one_paragraph_per_line_files():
    story = "The Visit\nShe knocked.\nA/N: sorry this is short\n\"Come in,\" he said.\n* * *\nLater, they ate.\n"
    work = ingest.read(story)
    assert [n.kind for n in work.notes] == ["author_note"]
    assert _at(work, work.notes[0].span) == "A/N: sorry this is short"
    assert [b.marker for b in work.breaks] == ["* * *"]
    assert "A/N" not in _story(work)


def test_a_short_opening_paragraph_of_narration_is_not_taken_for_a_summary():
    story = ("The Visit\n\nShe knocked twice.\n\n" + "Nobody answered the door for a long time. " * 10
             + "\n\nThen she left.\n")
    work = ingest.read(story)
    assert work.title == "The Visit"
    assert work.summary is None
    assert work.story_start == story.index("She knocked twice.")


def test_a_blurb_in_the_present_tense_under_the_title_is_the_summary():
    story = ("The Visit\n\nHarry finds a kitten. Draco is not amused.\n\n"
             + "Nobody answered the door for a long time. " * 10 + "\n\nThen she left.\n")
    assert ingest.read(story).summary == "Harry finds a kitten. Draco is not amused."


def test_a_one_word_str_is_a_story_but_a_missing_file_name_is_an_error():
    assert ingest.read("Hello").text == "Hello"
    with pytest.raises(FabulaError, match="no such file"):
        ingest.read("chapters/story.txt")


def test_project_gutenberg_header_and_licence_are_not_story():
    pg = ("The Project Gutenberg eBook of The Test, by Ann Author\n\nThis eBook is for the use of anyone.\n\n"
          "Title: The Test\n\nAuthor: Ann Author\n\nLanguage: English\n\n"
          "*** START OF THE PROJECT GUTENBERG EBOOK THE TEST ***\n\nTHE TEST\n\nCHAPTER I.\n\n"
          "It was a dark night.\n\n\"Hello,\" she said.\n\n"
          "*** END OF THE PROJECT GUTENBERG EBOOK THE TEST ***\n\nLicence text. More licence.\n")
    work = ingest.read(pg)
    assert work.title == "The Test" and _at(work, work.title_span) == "The Test"
    assert work.authors == ("Ann Author",) and work.language == "en"
    assert [c.title for c in work.chapters] == ["CHAPTER I."]
    assert _story(work) == "It was a dark night.\n\n\"Hello,\" she said."


def test_pov_labels_are_scene_breaks_that_name_the_pov_character():
    story = ("Chapter 1\n\n~Ivy's POV~\n\nIvy ran.\n\n* * *\n\nMarcus POV\n\nHe waited.\n\n***\n\n"
             "Chapter 2\n\n***\n\nShe came back.\n")
    work = ingest.read(story)
    assert [_at(work, b) for b in work.breaks] == ["~Ivy's POV~", "* * *\n\nMarcus POV"]
    # the stray *** at the end of chapter 1 and the start of chapter 2 mark no scene change: not story
    assert "***" not in _story(work)
    assert _story(work).endswith("She came back.")


def test_a_long_note_line_in_a_one_paragraph_per_line_file():
    note = "A/N: " + "thank you all so much for the reviews, " * 20
    story = f"She knocked.\n{note}\n\"Come in,\" he said.\nShe went in.\nThe door shut.\n"
    work = ingest.read(story)
    assert [_at(work, n.span) for n in work.notes] == [note.rstrip()]


def test_first_person_narration_about_owning_things_is_story():
    middle = "I walked to the shop, the way I always did on a Tuesday, and bought bread. " * 30
    story = (f"{middle}\n\nI don't own anything nice, I thought, not one thing in the whole world.\n\n{middle}\n\n"
             "An\u2014an idea came to me.\n\n" + middle + "\n")
    work = ingest.read(story)
    assert work.notes == ()
    assert _story(work) == story.rstrip()


def test_an_unlabelled_disclaimer_at_the_top_is_a_note():
    story = "I don't own Harry Potter or anything in it.\n\n\"Lumos,\" said Harry.\n"
    work = ingest.read(story)
    assert [(n.kind, _at(work, n.span)) for n in work.notes] == [
        ("disclaimer", "I don't own Harry Potter or anything in it.")]


def test_an_author_note_at_a_chapter_end_takes_the_short_paragraphs_after_it():
    story = ("Chapter 1\n\nShe ran all the way to the harbour and did not look back once.\n\n"
             "A/N: Thank you all for reading!\n\nPlease leave a comment.\n\nNext chapter on Friday.\n\n"
             "Chapter 2\n\nThe boat was gone.\n\nTBC...\n")
    work = ingest.read(story)
    assert [_at(work, n.span) for n in work.notes] == [
        "A/N: Thank you all for reading!\n\nPlease leave a comment.\n\nNext chapter on Friday.", "TBC..."]
    assert _story(work) == ("She ran all the way to the harbour and did not look back once.\n"
                            "The boat was gone.")


def test_title_with_a_subtitle_line_and_chapter_headings_split_over_two_lines():
    story = ("THE LAMP\nA NIGHTMARE\n\n\n                CHAPTER\n                   1\n\n"
             "It was dark in the tower.\n\n                CHAPTER\n                   2\n\nIt was darker still.\n")
    work = ingest.read(story)
    assert work.title == "THE LAMP"
    assert [c.title for c in work.chapters] == ["CHAPTER 1", "CHAPTER 2"]
    assert _story(work) == "It was dark in the tower.\nIt was darker still."


def test_utf16_without_bom_is_recognised():
    assert ingest.read(STORY.encode("utf-16-le")).text == STORY


def test_title_straight_above_the_first_chapter_heading():
    story = "The Long Night\nChapter 1\n\nIt was dark.\n\nChapter 2\n\nIt was light.\n"
    work = ingest.read(story)
    assert work.title == "The Long Night"
    assert [c.title for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert _story(work) == "It was dark.\nIt was light."


def test_a_fanfiction_net_style_header():
    story = ("Broken Wings\nby starlight_writer\n\nSummary: After the war, Draco finds Harry in a muggle bar.\n\n"
             "Rated M for language.\n\nDisclaimer: All characters belong to J.K. Rowling.\n\n~*~*~*~\n\n"
             "Chapter One\n\nThe bar smelled of old beer. Harry had been drinking since noon.\n\n"
             "\"Potter,\" said a voice behind him.\n\n~*~*~*~\n\nLater, Draco walked him home.\n\n"
             "A/N: Please review!\n")
    work = ingest.read(story)
    assert (work.title, work.authors, work.rating) == ("Broken Wings", ("starlight_writer",), "M")
    assert work.summary == "After the war, Draco finds Harry in a muggle bar."
    assert [n.kind for n in work.notes] == ["disclaimer", "author_note"]
    assert [c.title for c in work.chapters] == ["Chapter One"]
    assert [b.marker for b in work.breaks] == ["~*~*~*~"]
    assert _story(work) == ("The bar smelled of old beer. Harry had been drinking since noon.\n\n"
                            "\"Potter,\" said a voice behind him.\n\n~*~*~*~\n\nLater, Draco walked him home.")


def test_chapter_numbers_past_9999_are_headings():
    story = "\n\n".join(f"Chapter {i}\n\nThe lamp burned on night {i}." for i in (10000, 10001, 123456))
    work = ingest.read(story)
    assert [c.title for c in work.chapters] == ["Chapter 10000", "Chapter 10001", "Chapter 123456"]


def test_more_chapters_than_the_cap_is_one_clear_error(monkeypatch):
    from fabula.ingest import plaintext

    monkeypatch.setattr(plaintext, "MAX_CHAPTERS", 50)
    story = "\n\n".join(f"Chapter {i}\n\nThe lamp burned on night {i}." for i in range(1, 61))
    with pytest.raises(FabulaError, match=r"60 chapter headings \(limit 50\)"):
        ingest.read(story)
    assert len(ingest.read(story.split("Chapter 51")[0]).chapters) == 50


def test_more_paragraphs_than_the_cap_is_one_clear_error(monkeypatch):
    from fabula.ingest import plaintext

    monkeypatch.setattr(plaintext, "MAX_PARAGRAPHS", 100)
    with pytest.raises(FabulaError, match=r"paragraphs \(limit 100\)"):
        ingest.read("\n\n".join(f"Step {i} was taken." for i in range(300)))
    assert len(ingest.read("\n\n".join(f"Step {i} was taken." for i in range(80))).story) == 1

"""A fanfiction.net chapter page saved from the browser, current layout and the one before 2011: the
story is #storytext only (no menus, chapter selector, ads, review box or footer); the metadata comes
from the page's breadcrumb, header, "Rated:" line, chapter selector and canonical link."""

from __future__ import annotations

import pytest
from formats import EXAMPLE_PARAGRAPHS, example, ffnet_page

from fabula import ingest, text

META = {"rating": "T", "genres": ["Adventure", "Hurt/Comfort"], "characters": ["Mara W.", "Tobias K."],
        "relationships": ["Mara W./Tobias K."], "fandoms": ["Lighthouse Keepers"], "status": "complete"}


@pytest.fixture(params=["current", "old"])
def layout(request):
    return request.param


def _paragraphs(work):
    return [work.text[p.start:p.end] for p in text.segment(work).paragraphs]


def test_only_the_story_text_is_read(layout):
    work = ingest.read(example(ffnet_page, layout=layout, chapter=1, **META))
    assert work.source_format == "ffnet-html"
    assert _paragraphs(work) == EXAMPLE_PARAGRAPHS[:4]
    for chrome in ("Review this Chapter", "Sign", "Login", "Favorites", "Just In", "Terms of Service", "Advertisement",
                   "3/4", "Next", "After the Storm"):
        assert chrome not in work.text
    assert [n.kind for n in work.notes] == ["disclaimer"]


def test_the_metadata_comes_from_the_page(layout):
    work = ingest.read(example(ffnet_page, layout=layout, chapter=2, **META))
    assert work.title == "Salt and Lamplight" and work.authors == ("quillfeather",)
    assert work.fandoms == ("Lighthouse Keepers",)
    assert work.rating == "T" and work.language == "en"
    assert work.genres == ("Adventure", "Hurt/Comfort")
    assert set(work.characters) == {"Mara W.", "Tobias K."}
    assert work.status == "complete"
    assert work.work_id == "1234567"
    assert work.url == "https://www.fanfiction.net/s/1234567/2/Salt-and-Lamplight"
    assert work.stats["words"] == 104 and work.stats["chapters"] == 2
    assert work.summary == "A keeper, a courier, and a storm that will not end."
    assert [c.title for c in work.chapters] == ["After the Storm"]
    assert _paragraphs(work) == EXAMPLE_PARAGRAPHS[4:]


def test_a_bracketed_group_is_a_pairing():
    work = ingest.read(example(ffnet_page, **{**META, "characters": ["Mara W.", "Tobias K.", "Old Wen"]}))
    assert work.relationships == ("Mara W./Tobias K.",)
    assert work.characters == ("Mara W.", "Tobias K.", "Old Wen")


def test_a_story_in_progress_and_one_without_genres():
    work = ingest.read(example(ffnet_page, **{**META, "status": None, "genres": []}))
    assert work.status == "in progress" and work.genres == ()
    assert set(work.characters) == {"Mara W.", "Tobias K."}


def test_the_authors_own_title_and_label_lines_atop_the_chapter_are_front_matter():
    body = ("Salt and Lamplight\n\nAuthor: quill\n\nPairing/Rating: M/T\n\nA/N: Thanks to my beta.\n\n"
            "The tide came in slowly.\n\nNobody watched it.\n\nThe gulls did.")
    work = ingest.read(ffnet_page("Salt and Lamplight", "quill", [("One", body)], **META))
    assert work.text == "The tide came in slowly.\n\nNobody watched it.\n\nThe gulls did."
    assert [(n.kind, n.chapter) for n in work.notes] == [("author_note", 1)]


def test_a_story_that_opens_with_a_colon_line_keeps_it():
    body = "Rule one: never trust the tide.\n\nShe said it every morning."
    work = ingest.read(ffnet_page("Tides", "quill", [("One", body)], **META))
    assert work.text.startswith("Rule one: never trust the tide.")


def test_the_summary_from_the_pages_script_is_unescaped():
    work = ingest.read(example(ffnet_page, **{**META, "summary": "Mara's storm & Tobias' lamp."}))
    assert work.summary == "Mara's storm & Tobias' lamp."


def test_a_crossover_breadcrumb_gives_both_fandoms():
    page = example(ffnet_page, **META).replace(
        "<a class=xcontrast_txt href='/book/'>Books</a>", "<a class=xcontrast_txt href='/crossovers/book/'>Crossover</a>"
    ).replace('href="/book/Salt-and-Lamplight-Fandom/">Lighthouse Keepers',
              'href="/Lighthouse-Keepers-and-Tide-Tables-Crossovers/12/34/">Lighthouse Keepers + Tide Tables Crossover')
    assert "Crossovers/12/34" in page
    assert ingest.read(page).fandoms == ("Lighthouse Keepers", "Tide Tables")

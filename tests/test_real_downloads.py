"""Real downloads as fans have them (../shared/data/formats, never in this repo): each reads right.

Skipped where ../shared is not beside the project. The expected names (title, author, fandom) are not
copied from the data into this file: they are taken from the raw bytes by an independent route (the
page's <title>, the OPF's dc:title, the script variables of a fanfiction.net page) so that the test
checks the reader against the file, not against itself. Closed-class values (ratings, language,
counts, statuses) are written out.
"""

from __future__ import annotations

import bisect
import re
import zipfile
from pathlib import Path

import pytest

from fabula import ingest, text

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "formats"
pytestmark = pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/data/formats is not beside the project")

AO3_EPUB = FORMATS / "nianeyna_epubTest.epub"
AO3_HTML = FORMATS / "nianeyna_htmlTest.html"
FFN = FORMATS / "ffnet_ambtus_stuck1.html"
FFF = {kind: FORMATS / f"fff_test1_sid12.{kind}" for kind in ("epub", "html", "txt")}


def _story(work) -> str:
    return "\n\n".join(work.text[s.start:s.end] for s in work.story)


def _words(work) -> int:
    return len(_story(work).split())


def _raw(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


# ----------------------------------------------------------------------------- AO3: EPUB as served and HTML


@pytest.fixture(scope="module")
def ao3():
    return ingest.read(AO3_EPUB), ingest.read(AO3_HTML)


def test_the_ao3_epub_as_served_reads(ao3):
    epub, html = ao3
    assert epub.source_format == "ao3-epub" and html.source_format == "ao3-html"
    with zipfile.ZipFile(AO3_EPUB) as z:  # the book really is Calibre's split layout with renamed classes
        names = z.namelist()
        body = "".join(z.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert sum("_split_" in n for n in names) >= 3
    assert body.count('id="chapters"') >= 2 and "userstuff2" in body


def test_ao3_epub_and_html_give_the_same_metadata(ao3):
    epub, html = ao3
    # "Title - author - Fandom" in the HTML download's <title>; the OPF's dc:title
    page_title, author, fandom = re.search(r"<title>(.*?)</title>", _raw(AO3_HTML), re.DOTALL).group(1).strip().split(" - ")
    with zipfile.ZipFile(AO3_EPUB) as z:
        opf_title = re.search(r"<dc:title>(.*?)</dc:title>", z.read("content.opf").decode()).group(1)
    work_id = re.search(r"archiveofourown\.org/works/(\d+)", _raw(AO3_HTML)).group(1)
    for work in (epub, html):
        assert work.title == page_title == opf_title
        assert work.authors == (author,)
        assert work.fandoms == (fandom,)
        assert work.rating == "Teen And Up Audiences"
        assert work.language == "en"
        assert work.categories == ("M/M",)
        assert work.work_id == work_id and work.url == f"https://archiveofourown.org/works/{work_id}"
        assert work.stats["chapters"] == "1/1"
    for field in ("warnings", "relationships", "characters", "tags", "summary", "stats"):
        assert getattr(epub, field) == getattr(html, field) and getattr(epub, field), field
    assert len(epub.characters) == 2 and len(epub.relationships) == 1 and len(epub.tags) == 8


def test_ao3_epub_and_html_give_the_same_story_and_notes(ao3):
    epub, html = ao3
    assert [(c.index, c.title) for c in epub.chapters] == [(c.index, c.title) for c in html.chapters] == [(1, None)]
    assert abs(_words(epub) - _words(html)) <= 0.01 * _words(html)
    assert _words(html) == pytest.approx(html.stats["words"], rel=0.02)  # AO3's own count, its own rules
    e_par = [epub.text[p.start:p.end] for p in text.segment(epub).paragraphs]
    h_par = [html.text[p.start:p.end] for p in text.segment(html).paragraphs]
    assert e_par[:3] == h_par[:3] and e_par[-3:] == h_par[-3:] and len(e_par) == len(h_par)
    for work in (epub, html):
        assert sorted(n.kind for n in work.notes) == ["end_notes", "notes"]
        for n in work.notes:
            assert n.text not in _story(work)
        assert work.summary not in _story(work)
        assert "Posted originally" not in work.text and "drop by the Archive" not in work.text


# ----------------------------------------------------------------------------- fanfiction.net saved page


@pytest.fixture(scope="module")
def ffn():
    return ingest.read(FFN)


def _script_var(name: str) -> str:
    m = re.search(rf"var {name} = '?(.*?)'?;", _raw(FFN))
    return m.group(1)


def test_a_saved_fanfiction_net_page_has_the_storys_metadata(ffn):
    assert ffn.source_format == "ffnet-html"
    assert ffn.title == _script_var("title_t")
    assert ffn.authors == (_script_var("author"),)
    assert ffn.fandoms == (_script_var("cat_title"),)
    assert ffn.rating == "T" and ffn.language == "en" and ffn.status == "complete"
    assert ffn.genres == ("Adventure", "Angst")
    assert len(ffn.characters) == 2
    story_id = _script_var("storyid")
    assert ffn.work_id == story_id and ffn.url.startswith(f"https://www.fanfiction.net/s/{story_id}/1/")
    assert ffn.stats["words"] == int(_script_var("words")) and ffn.stats["chapters"] == 20
    selected = re.search(r"<option\s+value=1 selected>\s*1\.\s*([^<]+)", _raw(FFN)).group(1).strip()
    assert [c.title for c in ffn.chapters] == [selected]


def test_a_saved_fanfiction_net_page_gives_the_story_text_only(ffn):
    story = _story(ffn)
    for chrome in ("Sign In", "Sign Up", "Just In", "Beta Readers", "Review this Chapter", "Return to Top",
                   "Add Story to Favorites", "Author of 3 Stories", "Rated:", "mobile edition", "Browse"):
        assert chrome not in ffn.text
    assert _script_var("title_t") not in ffn.text.split("\n\n")[0]  # the author's title line is front matter
    assert not re.match(r"\w+(?:/\w+)?: ", story)  # so are "Label: value" lines
    assert {(n.kind, n.chapter) for n in ffn.notes} == {("disclaimer", 1), ("author_note", 1)}
    assert 1500 < _words(ffn) < 2200


# ----------------------------------------------------------------------------- FanFicFare EPUB, HTML, TXT


@pytest.fixture(scope="module")
def fff():
    return {kind: ingest.read(path) for kind, path in FFF.items()}


def test_fanficfare_outputs_agree(fff):
    head = _raw(FFF["txt"])
    n = int(re.search(r"^Chapters: (\d+)", head, re.MULTILINE).group(1))
    title = head.strip().split("\n")[0].strip()
    author = re.search(r"^by (.+?)\s*$", head, re.MULTILINE).group(1)
    titles = None
    for kind, work in fff.items():
        assert work.source_format == f"fanficfare-{kind}"
        assert work.title == title and work.authors == (author,)
        assert work.rating and work.fandoms and work.characters and work.relationships and work.warnings
        assert work.url == re.search(r"^Story URL: (\S+)", head, re.MULTILINE).group(1)
        assert work.status == "complete"
        assert len(work.chapters) == n
        titles = titles or [c.title for c in work.chapters]
        assert [c.title for c in work.chapters] == titles
        for chrome in ("TABLE OF CONTENTS", "End file.", "Story URL:", "Summary:", "Packaged:"):
            assert chrome not in _story(work)
    for field in ("fandoms", "characters", "relationships", "warnings", "rating", "tags"):
        assert getattr(fff["epub"], field) == getattr(fff["html"], field) == getattr(fff["txt"], field), field
    assert len({w.summary for w in fff.values()}) == 1  # its paragraphs kept apart in each
    in_txt = _raw(FFF["txt"]).replace("\r\n", "\n").split("Summary:", 1)[1].split("\n\n\n")[0]
    assert fff["epub"].summary.count("\n\n") == in_txt.strip().count("\n\n") > 0
    assert abs(_words(fff["epub"]) - _words(fff["html"])) <= 0.01 * _words(fff["html"])
    # the TXT keeps html2text's markup (_italics_, **bold**, ~~strike~~) as part of the file's text
    assert abs(_words(fff["txt"]) - _words(fff["epub"])) <= 0.02 * _words(fff["epub"])
    # the same scene breaks in each: <hr> and runs of <br> in the HTML, * * * and lines of spaces in the TXT
    placed = {kind: [(bisect.bisect_right([c.start for c in w.chapters], b.start), b.marker != "<br><br><br>")
                     for b in w.breaks] for kind, w in fff.items()}
    assert placed["epub"] == placed["html"] == placed["txt"] and placed["txt"]


def test_a_one_chapter_fanficfare_txt_keeps_its_title_page_out_of_the_story(fff, tmp_path):
    # the one-chapter shape of the same file: no table of contents, one chapter (made here, never stored)
    raw = FFF["txt"].read_bytes().decode("utf-8")
    lines = raw.split("\r\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("        ")]
    toc = lines.index("TABLE OF CONTENTS")
    one = "\r\n".join(lines[:toc - 2] + lines[starts[1] - 2:starts[2] - 2] + ["", "End file.", ""])
    path = tmp_path / "one.txt"
    path.write_text(one.replace("Chapters: 9", "Chapters: 1"), encoding="utf-8", newline="")
    work = ingest.read(path)
    assert work.source_format == "fanficfare-txt"
    assert len(work.chapters) == 1 and work.chapters[0].title == fff["txt"].chapters[1].title
    for field in ("fandoms", "characters", "relationships", "warnings", "rating", "tags", "summary", "url"):
        assert getattr(work, field) == getattr(fff["txt"], field), field
    story = _story(work)
    for label in ("Category:", "Genre:", "Characters:", "Relationships:", "Rating:", "Warnings:", "Summary:",
                  "Story URL:", "Series:", "End file."):
        assert label not in story


def _calibre_signature(data: bytes) -> dict:
    """Structural traits of an AO3 EPUB as Calibre builds it (no text)."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        docs = [z.read(n).decode() for n in sorted(z.namelist()) if n.endswith(".xhtml")]
    return {
        "split files": all("_split_" in n for n in sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
                           if n.endswith(".xhtml")),
        "chapters id in several files": sum('id="chapters"' in d for d in docs) >= 2,
        "preface in two files": sum('id="preface"' in d for d in docs) == 2,
        "renamed body class": bool(re.search(r'<div class="userstuff\d"', "".join(docs))),
        "renamed meta class": 'class="meta' not in "".join(docs),
        "split markers": "calibre_pb_" in "".join(docs),
        "afterword clone": sum('id="afterword"' in d for d in docs) == 2,
    }


def test_the_projects_calibre_fixture_has_the_real_layout():
    from formats import ao3_epub, example

    real = _calibre_signature(AO3_EPUB.read_bytes())
    assert all(real.values()), real
    assert _calibre_signature(example(ao3_epub)) == real


def _ffn_signature(page: str) -> dict:
    """Structural traits of a saved fanfiction.net chapter page in the layout before 2011 (no text)."""
    return {
        "storytext": bool(re.search(r"id=['\"]?storytext\b", page)),
        "breadcrumb with »": bool(re.search(r"</a>\s*(?:&#187;|»)\s*<b>", page)),
        "Rated line": "Rated: <a" in page,
        "author link": bool(re.search(r"href='/u/\d+/", page)),
        "chapter selector twice": len(re.findall(r"<SELECT title='chapter navigation'", page)) == 2,
        "selected chapter": bool(re.search(r"<option\s+value=\d+ selected>", page)),
        "script variables": all(f"var {v} = " in page for v in ("storyid", "words", "title_t", "author")),
        "canonical": bool(re.search(r"<link rel=['\"]?canonical['\"]? href=['\"]?(?://[^/'\"]+)?/s/\d+/\d+/", page)),
    }


def test_the_projects_fanfiction_net_fixture_has_the_real_old_layout():
    from formats import example, ffnet_page

    real = _ffn_signature(_raw(FFN))
    assert all(real.values()), real
    assert _ffn_signature(example(ffnet_page, layout="old")) == real


def _fff_txt_signature(data: bytes) -> dict:
    """Layout traits of a FanFicFare TXT (no text)."""
    t = data.decode("utf-8")
    lines = t.split("\r\n")
    return {
        "CRLF only": "\n" not in t.replace("\r\n", ""),
        "wrapped at 78": max(len(x) for x in lines) <= 78,
        "chapter lines indented by 8 spaces": any(re.fullmatch(r" {8}\S.*", x) for x in lines) and "\t" not in t,
        "title page labels": all(f"\r\n{k}: " in t for k in ("Category", "Genre", "Rating", "Story URL", "Summary")),
        "table of contents": "\r\nTABLE OF CONTENTS\r\n" in t,
        "End file.": t.rstrip().endswith("\r\nEnd file."),
    }


def test_the_projects_fanficfare_txt_fixture_has_the_real_layout():
    from formats import example, fanficfare_txt

    real = _fff_txt_signature(FFF["txt"].read_bytes())
    assert all(real.values()), real
    assert _fff_txt_signature(example(fanficfare_txt, tags=["Slow Burn"])) == real

"""Acceptance QA: hostile EPUBs that are cheap to make and were costly to read (issue 12).

Each EPUB is generated here, with invented text; the bounds are lowered where a real-sized attack
would make the suite slow, so what is tested is the rule, not the machine's speed.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from fabula.cli import main
from fabula.errors import FabulaError
from fabula.ingest import epub, safety

CHAPTER = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title></head><body>'
           '<h1>Chapter One</h1><p>Odile wound the clock in the hall. "Late again," said Bram.</p>'
           '<p>Odile laughed and went out into the rain.</p></body></html>')


def make_epub(n_items: int = 1, ncx: str | None = None) -> bytes:
    """An EPUB of one chapter whose manifest lists ``n_items`` documents (only the first is real)."""
    items = "".join(f'<item id="i{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
                    for i in range(n_items))
    if ncx is not None:
        items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" '
           'unique-identifier="b"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:title>The Clock</dc:title><dc:creator>Nobody</dc:creator><dc:identifier id="b">x'
           f'</dc:identifier></metadata><manifest>{items}</manifest><spine><itemref idref="i0"/>'
           '</spine></package>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
                   'opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" '
                   'media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("content.opf", opf)
        z.writestr("c0.xhtml", CHAPTER)
        if ncx is not None:
            z.writestr("toc.ncx", ncx)
    return buf.getvalue()


def ncx_of(n_points: int) -> str:
    points = "".join(f'<navPoint id="n{i}"><navLabel><text>Part {i}</text></navLabel>'
                     f'<content src="c{i}.xhtml"/></navPoint>' for i in range(n_points))
    return ('<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f'<navMap>{points}</navMap></ncx>')


def test_a_package_file_far_larger_than_any_book_needs_is_refused_before_it_is_parsed(monkeypatch):
    # A 7 MB EPUB whose OPF lists 1.5 million made-up documents (110 MB of XML) took 40 s and 2.1 GB
    # to parse; package files past the bound are refused from their declared size, unread.
    monkeypatch.setattr(safety, "MAX_PACKAGE_BYTES", 64 * 1024)
    data = make_epub(n_items=2000)  # an OPF of about 150 KB
    with pytest.raises(FabulaError, match="package file 'content.opf' unpacks to .* refused"):
        epub.read(data)


def test_an_ordinary_package_file_is_read_under_the_bound(monkeypatch):
    monkeypatch.setattr(safety, "MAX_PACKAGE_BYTES", 64 * 1024)
    work = epub.read(make_epub(n_items=20))
    assert work.title == "The Clock"
    assert "Late again" in work.text


def test_a_table_of_contents_over_the_bound_is_dropped_and_the_story_still_read(monkeypatch):
    # the bound is over all package files together; a table of contents is optional, so past it the
    # story is read with its titles from its headings instead
    monkeypatch.setattr(safety, "MAX_PACKAGE_BYTES", 64 * 1024)
    work = epub.read(make_epub(n_items=1, ncx=ncx_of(2000)))
    assert "Late again" in work.text
    assert [c.title for c in work.chapters] == ["Chapter One"]


def test_the_cli_says_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_PACKAGE_BYTES", 64 * 1024)
    path = tmp_path / "big-opf.epub"
    path.write_bytes(make_epub(n_items=2000))
    r = CliRunner().invoke(main, ["analyze", str(path), "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fabula: error: the EPUB's package file")
    assert not (tmp_path / "out").exists()

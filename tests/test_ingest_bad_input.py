"""Bad input: every file a user can hand fabula gives a Work or one FabulaError line; through the CLI,
exit code 2 and a single `fabula: error: ...` line on stderr, never a traceback. Hostile EPUBs (zip
bombs, XML entity expansion) are refused before they can cost memory or time."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from click.testing import CliRunner
from formats import example, fanficfare_epub
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabula import ingest
from fabula.cli import main
from fabula.errors import FabulaError

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
          + "]>\n")


def _zip(files: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


CONTAINER = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
             "</container>")
OPF = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata '
       'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata><manifest>'
       '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>'
       '<spine><itemref idref="c1"/></spine></package>')
CHAPTER = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>She ran.</p></body></html>'


def _epub(**files) -> bytes:
    base = {"mimetype": "application/epub+zip", "META-INF/container.xml": CONTAINER, "content.opf": OPF,
            "c1.xhtml": CHAPTER}
    base.update({k.replace("__", "/").replace("_xhtml", ".xhtml").replace("_opf", ".opf"): v
                 for k, v in files.items()})
    return _zip({k: v for k, v in base.items() if v is not None})


def test_a_minimal_epub_reads():
    assert ingest.read(_epub()).text == "She ran."


BAD = {
    "empty": (b"", "empty"),
    "whitespace only": (b"  \n\t\r\n  ", "empty"),
    "NUL bytes": (b"She ran.\x00\x00\x00 He followed.\x00", "binary"),
    "PNG image": (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
    "JPEG image": (b"\xff\xd8\xff\xe0" + bytes(200), "JPEG"),
    "GIF image": (b"GIF89a" + bytes(200), "GIF"),
    "PDF": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    "random bytes": (random.Random(7).randbytes(8192), "story"),
    "broken zip": (b"PK\x03\x04" + random.Random(3).randbytes(500), "zip"),
    "zip that is not an EPUB": (_zip({"notes.txt": "hello"}), "container.xml"),
    "Word document": (_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), "Word"),
    "EPUB without its OPF": (_epub(content_opf=None), "missing"),
    "EPUB whose spine file is missing": (_epub(c1_xhtml=None), "missing"),
    "EPUB with a broken OPF": (_epub(content_opf="<package><manifest>"), "well-formed"),
    "EPUB with an empty spine": (_epub(content_opf=OPF.replace('<itemref idref="c1"/>', "")), "spine"),
    "HTML with no story": ((b"<html><head><title>x</title></head><body><script>alert(1)</script>"
                           b"<div><img src='a.png'/></div></body></html>"), "no story"),
    "symbols only": (b"*** --- ***\n", "words"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_one_clear_error(name):
    data, words = BAD[name]
    with pytest.raises(FabulaError) as e:
        ingest.read(data)
    message = str(e.value)
    assert words.lower() in message.lower()
    assert "\n" not in message


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(FabulaError, match="no such file"):
        ingest.read(tmp_path / "nope.txt")
    with pytest.raises(FabulaError, match="directory"):
        ingest.read(tmp_path)
    with pytest.raises(FabulaError, match="directory"):
        ingest.read(str(tmp_path))


def test_zip_bomb_is_refused_before_unpacking():
    bomb = _epub(c1_xhtml=b"<p>" + b"a" * (60 * 2**20) + b"</p>")
    assert len(bomb) < 2**20
    with pytest.raises(FabulaError, match="zip bomb|limit"):
        ingest.read(bomb)


def test_too_many_members_is_refused():
    files = {f"f{i}.xhtml": "x" for i in range(5001)}
    with pytest.raises(FabulaError, match="holds 5005 files"):
        ingest.read(_epub(**{k.replace(".xhtml", "_xhtml"): v for k, v in files.items()}))


def test_billion_laughs_in_a_chapter_is_refused():
    chapter = LAUGHS + '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;</p></body></html>'
    with pytest.raises(FabulaError, match="entit"):
        ingest.read(_epub(c1_xhtml=chapter))


def test_billion_laughs_in_the_package_file_is_refused():
    with pytest.raises(FabulaError, match="entit"):
        ingest.read(_epub(content_opf=LAUGHS + OPF.replace("<dc:title>T", "<dc:title>&lol9;")))


def test_billion_laughs_in_html_is_refused():
    page = LAUGHS + "<html><body><p>&lol9;</p></body></html>"
    with pytest.raises(FabulaError, match="entit"):
        ingest.read(page.encode())


def test_unbalanced_quotes_are_fine():
    work = ingest.read('"Where are you going? she asked.\n\nHe did not answer."\n')
    assert work.text.startswith('"Where')


def _cli(tmp_path, data: bytes | None, name="story.txt"):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    return CliRunner().invoke(main, ["analyze", str(path), "-o", str(tmp_path / "out"), "-q"])


@pytest.mark.parametrize("name", ["empty", "NUL bytes", "PNG image", "random bytes", "broken zip",
                                  "EPUB whose spine file is missing", "HTML with no story"])
def test_cli_gives_exit_code_2_and_one_line(tmp_path, name):
    res = _cli(tmp_path, BAD[name][0], "story.epub")
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fabula: error: ")
    assert "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_cli_zip_bomb_and_missing_file(tmp_path):
    res = _cli(tmp_path, _epub(c1_xhtml=b"<p>" + b"a" * (60 * 2**20) + b"</p>"), "bomb.epub")
    assert res.exit_code == 2 and res.stderr.startswith("fabula: error: ")
    res = _cli(tmp_path, None, "absent.txt")
    assert res.exit_code == 2 and res.stderr.startswith("fabula: error: ")


def _read_or_fabula_error(source) -> None:
    try:
        work = ingest.read(source)
    except FabulaError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert work.story and work.chapters
    assert all(0 <= s.start < s.end <= len(work.text) for s in work.story)
    assert all(0 <= b.start < b.end <= len(work.text) for b in work.breaks)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise_anything_but_fabula_error(data):
    _read_or_fabula_error(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises_anything_but_fabula_error(s):
    _read_or_fabula_error(s if "\n" in s else s + "\n")


_PIECES = st.sampled_from(["<p>", "</p>", "<br/>", "<hr>", "<div class=\"userstuff\">", "</div>", "<h2>", "</h2>",
                           "Chapter 1", "A/N: ", "* * *", "\"Hi,\" she said.", "\n\n", "\n", "&amp;", "<b>", "</b>",
                           "Summary:", "<dl class=\"tags\"><dt>Rating:</dt><dd>", "<div id=\"preface\">",
                           "<p class=\"message\">Archive of Our Own", "<table class=\"full\">", "<a name=\"section1\">",
                           "\t", "by X", "End file.", "xXx", "Disclaimer: I don't own it", "<", ">", "é", "—"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60), st.booleans())
def test_arbitrary_story_shaped_markup_never_crashes(pieces, as_html):
    s = "".join(pieces)
    _read_or_fabula_error((("<html><body>" + s) if as_html else s + "\n").encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=255))
def test_a_damaged_epub_never_crashes(pos, byte):
    data = bytearray(example(fanficfare_epub))
    data[pos % len(data)] = byte
    _read_or_fabula_error(bytes(data))


def test_input_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from fabula.ingest import safety

    monkeypatch.setattr(safety, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "long.txt"
    path.write_text("She ran. " * 200, encoding="utf-8")
    with pytest.raises(FabulaError, match="too large"):
        ingest.read(path)
    with pytest.raises(FabulaError, match="too large"):
        ingest.read(path.read_bytes())


def test_epub_unpacking_past_the_total_bound_is_refused(monkeypatch):
    from fabula.ingest import safety

    monkeypatch.setattr(safety, "MAX_UNZIPPED_BYTES", 10_000)
    with pytest.raises(FabulaError, match="unpack"):
        ingest.read(_epub(c1_xhtml="<p>" + "She ran. " * 2000 + "</p>"))


def test_a_member_that_lies_about_its_size_is_refused():
    data = bytearray(_epub(c1_xhtml="<html><body><p>" + "She ran far away. " * 500 + "</p></body></html>"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("c1.xhtml")
    real = info.file_size.to_bytes(4, "little")
    fake = (100).to_bytes(4, "little")
    # the uncompressed size sits in the local header and in the central directory
    assert bytes(data).count(real) >= 2
    patched = bytes(data).replace(real, fake)
    with pytest.raises(FabulaError):
        ingest.read(patched)


def test_a_device_is_not_read_forever():
    with pytest.raises(FabulaError, match="not a regular file"):
        ingest.read("/dev/zero")


def test_a_str_with_lone_surrogates_is_refused():
    with pytest.raises(FabulaError, match="surrogate"):
        ingest.read("She ran \ud800 away.\n")


# ----------------------------------------------------------------------------- bounds on what an EPUB costs


def _many_docs_epub(n: int, doc: str, repeat: int = 1) -> bytes:
    """An EPUB with ``n`` content documents, the spine listing each ``repeat`` times."""
    items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(n))
    refs = "".join(f'<itemref idref="c{i}"/>' for _ in range(repeat) for i in range(n))
    opf = OPF.replace('<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>', items) \
        .replace('<itemref idref="c1"/>', refs)
    return _zip({"mimetype": "application/epub+zip", "META-INF/container.xml": CONTAINER, "content.opf": opf,
                 **{f"c{i}.xhtml": doc for i in range(n)}})


def _reads_recorded(monkeypatch) -> list[str]:
    from fabula.ingest import safety

    names: list[str] = []
    real = safety.SafeZip.read
    monkeypatch.setattr(safety.SafeZip, "read", lambda self, name: names.append(name) or real(self, name))
    return names


def test_a_spine_listing_one_document_thousands_of_times_reads_it_once(monkeypatch):
    reads = _reads_recorded(monkeypatch)
    work = ingest.read(_many_docs_epub(1, "<html><body><p>She ran.</p><p>He followed.</p></body></html>", repeat=3000))
    assert work.text == "She ran.\n\nHe followed."
    assert reads.count("c0.xhtml") == 1


def test_a_manifest_naming_one_file_under_many_ids_reads_it_once():
    items = "".join(f'<item id="c{i}" href="c1.xhtml" media-type="application/xhtml+xml"/>' for i in range(500))
    opf = OPF.replace('<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>', items) \
        .replace('<itemref idref="c1"/>', "".join(f'<itemref idref="c{i}"/>' for i in range(500)))
    assert ingest.read(_epub(content_opf=opf)).text == "She ran."


def test_story_documents_past_the_content_bound_are_refused_before_any_is_unpacked(monkeypatch):
    # 60 documents of just under 1 MB each: under the per-member ratio floor, under the 200 MB archive bound,
    # over the 48 MB bound on the story documents together
    reads = _reads_recorded(monkeypatch)
    doc = "<html><body><p>" + "She ran. " * (2**20 // 9 - 10) + "</p></body></html>"
    with pytest.raises(FabulaError, match="story documents unpack to 6[0-9] MB") as e:
        ingest.read(_many_docs_epub(60, doc))
    assert "\n" not in str(e.value)
    assert not any(name.endswith(".xhtml") for name in reads)


def test_members_past_the_total_bound_are_refused_before_any_is_unpacked(monkeypatch):
    # the bound is on all members together (pictures too), each one small
    from fabula.ingest import safety

    monkeypatch.setattr(safety, "MAX_UNZIPPED_BYTES", 100_000)
    reads = _reads_recorded(monkeypatch)
    files = {f"images/p{i}.svg": "<svg>" + "x" * 9_000 + "</svg>" for i in range(20)}
    with pytest.raises(FabulaError, match="unpack to 0 MB|unpack"):
        ingest.read(_epub(**{k.replace("/", "__"): v for k, v in files.items()}))
    assert reads == []


def test_a_table_of_contents_listed_under_thousands_of_ids_is_read_once(monkeypatch):
    reads = _reads_recorded(monkeypatch)
    ncx = ('<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint id="n1">'
           '<navLabel><text>One</text></navLabel><content src="c1.xhtml"/></navPoint></navMap></ncx>')
    items = "".join(f'<item id="t{i}" href="toc.ncx" media-type="application/x-dtbncx+xml"/>' for i in range(3000))
    opf = OPF.replace("</manifest>", items + "</manifest>")
    work = ingest.read(_epub(content_opf=opf, **{"toc.ncx": ncx}))
    assert work.text == "She ran." and [c.title for c in work.chapters] == ["One"]
    assert reads.count("toc.ncx") == 1

"""Test helpers that write a story in the shapes fanfic readers actually have.

Every writer takes the same arguments: a title, an author (or a list of authors), the chapters as
``[(chapter title or None, body text)]`` and optional metadata keywords (below). A body text is plain
text: paragraphs separated by a blank line, lines inside a paragraph become ``<br/>``, a paragraph
``<hr>`` becomes a horizontal rule, and any other scene-break line (``* * *``, ``~~~``) becomes a
centred paragraph. ``*word*`` becomes ``<em>word</em>`` in the HTML shapes.

    ao3_html(...) -> str           AO3 "Download HTML" (current templates; heading_style="old" for pre-2025)
    ao3_epub(...) -> bytes         AO3 EPUB as Calibre makes it (2019 on): *_split_NNN.xhtml
    ao3_epub_legacy(...) -> bytes  AO3's own EPUB before 2019: preface.xhtml, chapterN_M.xhtml, afterword.xhtml
    ao3_page(...) -> str           the AO3 work page as a browser saves it
    fanficfare_epub(...) -> bytes  FanFicFare EPUB: title_page.xhtml + OEBPS/fileNNNN.xhtml
    fanficfare_html(...) -> str    FanFicFare one-file HTML
    fanficfare_txt(...) -> bytes   FanFicFare TXT (CRLF, wrapped at 78 columns, "End file.")
    epub(..., version=2|3) -> bytes  a generic EPUB 2 (NCX, <h1> titles) or EPUB 3 (nav, no headings)
    plain_text(...) -> str         title line, "by" line, Summary:, chapters as "Chapter N: Title"

Metadata keywords: summary, notes, end_notes, chapter_notes={n: str}, chapter_end_notes={n: str},
chapter_summaries={n: str}, rating, warnings, categories, fandoms, relationships, characters, tags,
language ("English"), series, url, published, words.

``example(writer, **overrides)`` writes the small original story below (EXAMPLE_*) with any writer;
``EXAMPLE_PARAGRAPHS`` are the story paragraphs every shape must give back.
"""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from html import escape

LAYOUT_KEYS = ("summary", "notes", "end_notes", "chapter_notes", "chapter_end_notes", "chapter_summaries",
               "rating", "warnings", "categories", "fandoms", "relationships", "characters", "tags", "language",
               "series", "url", "published", "words")


def _authors(author) -> list[str]:
    return [author] if isinstance(author, str) else list(author)


def paragraphs(body: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", body.strip()) if p.strip()]


def body_html(body: str) -> str:
    out = []
    for p in paragraphs(body):
        if p.strip() == "<hr>":
            out.append("<hr />")
            continue
        lines = [re.sub(r"\*(\w[^*\n]*?)\*", r"<em>\1</em>", escape(line, quote=False)) for line in p.split("\n")]
        inner = "<br />\n".join(lines)
        if re.fullmatch(r"[\s*~=#\-xXoO•§]+", p) and len(p) < 40:
            out.append(f'<p align="center">{inner}</p>')
        else:
            out.append(f"<p>{inner}</p>")
    return "\n".join(out)


def plain_body(body: str) -> str:
    """The body as fabula should extract it from HTML: <em> flattened, <hr> written as * * *."""
    out = []
    for p in paragraphs(body):
        if p.strip() == "<hr>":
            out.append("* * *")
        else:
            out.append(re.sub(r"\*(\w[^*\n]*?)\*", r"\1", p))
    return "\n\n".join(out)


def _words(chapters) -> int:
    return sum(len(re.findall(r"\w+", b)) for _t, b in chapters)


def _list(v) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def _blockquote(text: str) -> str:
    return '<blockquote class="userstuff">' + "".join(f"<p>{escape(p)}</p>" for p in paragraphs(text)) + "</blockquote>"


# ----------------------------------------------------------------------------- AO3


def _ao3_tags(meta: dict, chapters) -> str:
    def links(kind, values):
        return ", ".join(f'<a href="https://archiveofourown.org/tags/{escape(v)}/works">{escape(v)}</a>'
                         for v in values)
    rows = []
    for label, key in [("Rating", "rating"), ("Archive Warning", "warnings"), ("Category", "categories"),
                       ("Fandom", "fandoms"), ("Relationship", "relationships"), ("Character", "characters"),
                       ("Additional Tags", "tags")]:
        values = _list(meta.get(key))
        if not values:
            continue
        plural = label if label.endswith("s") or len(values) == 1 else label + "s"
        if label == "Category" and len(values) > 1:
            plural = "Categories"
        rows.append(f"<dt>{plural}:</dt>\n<dd>{links(key, values)}</dd>")
    rows.append(f"<dt>Language:</dt>\n<dd>{escape(meta.get('language', 'English'))}</dd>")
    if meta.get("series"):
        rows.append(f'<dt>Series:</dt>\n<dd>Part 1 of <a href="https://archiveofourown.org/series/7">'
                    f'{escape(meta["series"])}</a></dd>')
    n = len(chapters)
    rows.append(f"<dt>Stats:</dt>\n<dd>Published: {meta.get('published', '2024-05-01')} Completed: 2024-06-01 "
                f"Words: {meta.get('words', _words(chapters)):,} Chapters: {n}/{n}</dd>")
    return '<dl class="tags">\n' + "\n".join(rows) + "\n</dl>"


def _ao3_preface(title, authors, chapters, meta, cls="") -> str:
    url = meta.get("url", "https://archiveofourown.org/works/123456")
    byline = ", ".join(f'<a rel="author" href="https://archiveofourown.org/users/{escape(a)}/pseuds/{escape(a)}">'
                       f"{escape(a)}</a>" for a in authors)
    parts = [f'<div id="preface"{cls}>', '<h2 class="toc-heading">Preface</h2>',
             (f'<p class="message"><b>{escape(title)}</b><br />\nPosted originally on the '
             f'<a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="{url}">{url}</a>.</p>'),
             '<div class="meta">', _ao3_tags(meta, chapters), f"<h1>{escape(title)}</h1>",
             f'<div class="byline">by {byline}</div>']
    if meta.get("summary"):
        parts += ["<p>Summary</p>", _blockquote(meta["summary"])]
    if meta.get("notes"):
        parts += ["<p>Notes</p>", _blockquote(meta["notes"])]
        if meta.get("end_notes"):
            parts.append('<div class="endnote-link">See the end of the work for <a href="#endnotes">more notes</a></div>')
    parts += ["</div>", "</div>"]
    return "\n".join(parts)


def _ao3_chapter(i, ctitle, body, meta, heading_style) -> str:
    if heading_style == "new":
        heading = f"Chapter {i}: {ctitle}" if ctitle else f"Chapter {i}"
    else:
        heading = ctitle or f"Chapter {i}"
    parts = ['<div class="meta group">', f'<h2 class="heading">{escape(heading)}</h2>']
    if meta.get("chapter_summaries", {}).get(i):
        parts += ["<p>Chapter Summary</p>", _blockquote(meta["chapter_summaries"][i])]
    if meta.get("chapter_notes", {}).get(i):
        parts += ["<p>Chapter Notes</p>", _blockquote(meta["chapter_notes"][i])]
    parts += ["</div>", "<!--chapter content-->", '<div class="userstuff">', body_html(body), "</div>",
              "<!--/chapter content-->"]
    if meta.get("chapter_end_notes", {}).get(i):
        parts += [f'<div class="meta" id="endnotes{i}">', "<p>Chapter End Notes</p>",
                  _blockquote(meta["chapter_end_notes"][i]), "</div>"]
    return "\n".join(parts)


def _ao3_afterword(meta) -> str:
    parts = ['<div id="afterword">', '<h2 class="toc-heading">Afterword</h2>', '<div class="meta">']
    if meta.get("end_notes"):
        parts += ['<div id="endnotes">', "<p>End Notes</p>", _blockquote(meta["end_notes"]), "</div>"]
    parts += ["</div>", ('<p class="message">Please <a href="https://archiveofourown.org/works/123456/comments/new">'
              "drop by the Archive and comment</a> to let the creator know if you enjoyed their work!</p>"), "</div>"]
    return "\n".join(parts)


def ao3_html(title, author, chapters, heading_style="new", **meta) -> str:
    authors = _authors(author)
    fandom = _list(meta.get("fandoms"))
    fandom_t = "Multifandom" if len(fandom) > 3 else (fandom[0] if fandom else "No fandom specified")
    head = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head>\n<meta charset="utf-8"/>\n'
            f"<title>{escape(title)} - {escape(', '.join(authors))} - {escape(fandom_t)}</title>\n"
            "<style type=\"text/css\">.toc-heading { display: none; }</style></head>\n<body>\n")
    if len(chapters) > 1:
        body = "\n".join(_ao3_chapter(i, t, b, meta, heading_style) for i, (t, b) in enumerate(chapters, 1))
    else:
        body = (f'<h2 class="toc-heading">{escape(title)}</h2>\n<div class="userstuff">\n'
                f"{body_html(chapters[0][1])}\n</div>")
    return (head + _ao3_preface(title, authors, chapters, meta) + '\n<div id="chapters" class="userstuff">\n'
            + body + "\n</div>\n" + _ao3_afterword(meta) + "\n</body>\n</html>\n")


def _xhtml(title: str, body: str, body_class: str = "") -> str:
    cls = f' class="{body_class}"' if body_class else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n'
            f"<head><title>{escape(title)}</title>\n"
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/></head>\n'
            f"<body{cls}>\n{body}\n</body>\n</html>\n")


def _zip(files: list[tuple[str, str | bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # stored, first
        for name, content in files:
            z.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _container(opf_path: str) -> str:
    return ('<?xml version="1.0"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            f'<rootfiles><rootfile full-path="{opf_path}" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>")


def _opf(meta_xml: str, items: list[tuple[str, str, str]], spine: list[str], version="2.0", toc="ncx") -> str:
    manifest = "\n".join(f'<item id="{i}" href="{h}" media-type="{m}"/>' if not m.startswith("nav:") else
                         f'<item id="{i}" href="{h}" media-type="application/xhtml+xml" properties="nav"/>'
                         for i, h, m in items)
    spine_xml = "\n".join(f'<itemref idref="{i}"/>' for i in spine)
    toc_attr = f' toc="{toc}"' if toc else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="{version}" '
            'unique-identifier="uid">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:opf="http://www.idpf.org/2007/opf">\n{meta_xml}\n</metadata>\n<manifest>\n{manifest}\n</manifest>\n'
            f"<spine{toc_attr}>\n{spine_xml}\n</spine>\n</package>\n")


def _ncx(entries: list[tuple[str, str]]) -> str:
    points = "\n".join(f'<navPoint id="n{i}" playOrder="{i}"><navLabel><text>{escape(t)}</text></navLabel>'
                       f'<content src="{h}"/></navPoint>' for i, (t, h) in enumerate(entries, 1))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f"<head/><docTitle><text>t</text></docTitle><navMap>{points}</navMap></ncx>")


def _calibre_classes(html: str) -> str:
    """Class names as Calibre rewrites them when it converts AO3's HTML: every distinct style gets a
    new name (``meta`` -> ``calibre1``, ``meta group`` -> ``calibre8``, the chapter body ``userstuff``
    -> ``userstuff2``); plain tags get a class too."""
    html = html.replace('class="meta group"', 'class="calibre8"').replace('class="meta"', 'class="calibre1"')
    html = html.replace('<div class="userstuff">', '<div class="userstuff2">')
    html = html.replace('class="heading"', 'class="calibre6"')
    for tag, cls in (("p", "calibre7"), ("dt", "calibre3"), ("dd", "calibre4"), ("b", "calibre2"), ("em", "calibre9")):
        html = html.replace(f"<{tag}>", f'<{tag} class="{cls}">')
    return html


def _calibre_doc(title: str, inner: str) -> str:
    return ("<?xml version='1.0' encoding='utf-8'?>\n"
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">\n<head>\n'
            f"<title>{escape(title)}</title>\n"
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n'
            '<link rel="stylesheet" type="text/css" href="stylesheet.css"/>\n</head>\n'
            f'<body class="calibre">\n{_calibre_classes(inner)}\n</body></html>\n')


def ao3_epub(title, author, chapters, heading_style="new", **meta) -> bytes:
    """AO3's EPUB as served (Calibre converts the HTML download): classes renamed, the book split into
    ``*_split_NNN.xhtml`` files wherever Calibre likes: the preface in two (tags | title, byline,
    summary), each chapter in its own file (a long chapter body in two), every file wrapping its part
    in a clone of ``<div id="chapters">`` (the id repeated), the afterword after an empty clone.
    ``heading_style="old"``: chapter headings as AO3 wrote them before 2025 (the title alone)."""
    authors = _authors(author)
    name = re.sub(r"\W+", "_", title)[:24].strip("_") or "Work"
    pre = _ao3_preface(title, authors, chapters, meta)
    cut = pre.index("<h1>")
    head_open = '<div id="preface">\n<div class="meta">\n'
    docs = [pre[:cut] + "</div>\n</div>", head_open + pre[cut:] +
            '\n<div class="userstuff1" id="chapters">\n<div class="calibre8" id="calibre_pb_1"></div>\n</div>']
    docs[0] = docs[0].replace('<h2 class="toc-heading">', '<h2 class="toc-heading" id="calibre_toc_1">')
    for i, (t, b) in enumerate(chapters, 1):
        paras = paragraphs(b)
        halves = [paras] if len(paras) < 6 else [paras[: len(paras) // 2], paras[len(paras) // 2:]]
        for part, ps in enumerate(halves):
            body = "\n\n".join(ps)
            if len(chapters) > 1:
                inner = _ao3_chapter(i, t, body, {**meta, "chapter_end_notes": {}} if part < len(halves) - 1 else meta,
                                     heading_style)
                if part:
                    inner = inner[inner.index("<!--chapter content-->"):]
                else:
                    inner = inner.replace("<!--chapter content-->", "").split("<!--/chapter content-->")[0] \
                        if len(halves) > 1 else inner
                    # the empty marker Calibre leaves where it split, inside the cloned block
                    inner = inner.replace('<div class="meta group">', '<div class="meta group">\n'
                                          f'<div class="calibre8" id="calibre_pb_{i + 2}"></div>', 1)
            else:
                inner = ("" if part else f'<h2 class="toc-heading" id="calibre_toc_{i + 1}">{escape(title)}</h2>\n') + \
                    f'<div class="userstuff">\n{body_html(body)}\n</div>'
            docs.append(f'<div class="userstuff1" id="chapters">\n{inner}\n</div>')
    docs[-1] += '\n<div id="afterword" class="calibre1">\n<div class="calibre8" id="calibre_pb_9"></div>\n</div>'
    docs.append(_ao3_afterword(meta).replace('<div id="afterword">', '<div id="afterword" class="calibre1">'))
    files = [(f"{name}_split_{k:03d}.xhtml", _calibre_doc(title, d)) for k, d in enumerate(docs)]
    subjects = ["Fanworks"] + [meta.get("rating", "")] + _list(meta.get("warnings")) + _list(meta.get("categories")) \
        + _list(meta.get("fandoms")) + _list(meta.get("relationships")) + _list(meta.get("characters")) \
        + _list(meta.get("tags"))
    meta_xml = "\n".join(
        [f"<dc:title>{escape(title)}</dc:title>"]
        + [f'<dc:creator opf:role="aut">{escape(a)}</dc:creator>' for a in authors]
        + ["<dc:publisher>Archive of Our Own</dc:publisher>", "<dc:language>en</dc:language>",
           '<dc:identifier id="uid" opf:scheme="uuid">5a1b2c3d-0000-4000-8000-000000000001</dc:identifier>']
        + ([f"<dc:description>{escape('<p>' + escape(meta['summary']) + '</p>')}</dc:description>"]
           if meta.get("summary") else [])
        + [f"<dc:subject>{escape(s)}</dc:subject>" for s in subjects if s])
    items = [(f"html{len(files) - i}", n, "application/xhtml+xml") for i, (n, _c) in enumerate(files)] + \
        [("css", "stylesheet.css", "text/css"), ("ncx", "toc.ncx", "application/x-dtbncx+xml")]
    ncx = _ncx([("Preface", files[0][0])] + [(t or title, files[i + 1][0]) for i, (t, _b) in enumerate(chapters, 1)]
               + [("Afterword", files[-1][0])])
    return _zip([("META-INF/container.xml", _container("content.opf")),
                 ("content.opf", _opf(meta_xml, items, [i for i, _n, m in items if "html" in m])),
                 ("stylesheet.css", ".userstuff2 { display: block; }"), ("toc.ncx", ncx)] + files)


def ao3_epub_legacy(title, author, chapters, **meta) -> bytes:
    """AO3's own EPUB before 2019: preface.xhtml, chapterN_M.xhtml (long chapters in parts), afterword."""
    authors = _authors(author)
    files = [("OEBPS/preface.xhtml", _xhtml(title, _ao3_preface(title, authors, chapters, meta)))]
    for i, (t, b) in enumerate(chapters, 1):
        paras = paragraphs(b)
        halves = [paras] if len(paras) < 4 else [paras[: len(paras) // 2], paras[len(paras) // 2:]]
        for part, ps in enumerate(halves, 1):
            inner = ""
            if part == 1:
                inner = f'<div class="meta group"><h2 class="heading">{escape(t or f"Chapter {i}")}</h2>'
                if meta.get("chapter_notes", {}).get(i):
                    inner += "<p>Chapter Notes</p>" + _blockquote(meta["chapter_notes"][i])
                inner += "</div>\n"
            inner += f'<div class="userstuff">{body_html(chr(10).join(p + chr(10) for p in ps))}</div>'
            if part == len(halves) and meta.get("chapter_end_notes", {}).get(i):
                inner += (f'<div class="meta" id="endnotes{i}"><p>Chapter End Notes</p>'
                          f'{_blockquote(meta["chapter_end_notes"][i])}</div>')
            files.append((f"OEBPS/chapter{i}_{part}.xhtml", _xhtml(t or title, inner)))
    files.append(("OEBPS/afterword.xhtml", _xhtml(title, _ao3_afterword(meta))))
    url = meta.get("url", "https://archiveofourown.org/works/123456")
    meta_xml = "\n".join([f"<dc:title>{escape(title)}</dc:title>", f"<dc:creator>{escape(', '.join(authors))}</dc:creator>",
                          "<dc:language>en</dc:language>", "<dc:publisher>Archive of Our Own</dc:publisher>",
                          f'<dc:identifier id="uid">{url}</dc:identifier>'])
    items = [(f"f{i}", n.split("/", 1)[1], "application/xhtml+xml") for i, (n, _c) in enumerate(files)] + \
        [("ncx", "toc.ncx", "application/x-dtbncx+xml")]
    ncx = _ncx([(t or f"Chapter {i}", f"chapter{i}_1.xhtml") for i, (t, _b) in enumerate(chapters, 1)])
    return _zip([("META-INF/container.xml", _container("OEBPS/content.opf")),
                 ("OEBPS/content.opf", _opf(meta_xml, items, [f"f{i}" for i in range(len(files))])),
                 ("OEBPS/toc.ncx", ncx)] + files)


# ----------------------------------------------------------------------------- FanFicFare

def _fff_entries(meta: dict, chapters) -> list[tuple[str, str]]:
    e = []
    if meta.get("series"):
        e.append(("Series", f"{meta['series']} [1]"))
    if meta.get("fandoms"):
        e.append(("Category", ", ".join(_list(meta["fandoms"]))))
    genre = _list(meta.get("tags")) + _list(meta.get("categories"))
    if genre:
        e.append(("Genre", ", ".join(genre)))
    e.append(("Language", meta.get("language", "English")))
    if meta.get("characters"):
        e.append(("Characters", ", ".join(_list(meta["characters"]))))
    if meta.get("relationships"):
        e.append(("Relationships", ", ".join(_list(meta["relationships"]))))
    e += [("Status", "Completed"), ("Published", meta.get("published", "2024-05-01")), ("Updated", "2024-06-01"),
          ("Packaged", "2024-07-01 10:00:00")]
    if meta.get("rating"):
        e.append(("Rating", meta["rating"]))
    if meta.get("warnings"):
        e.append(("Warnings", ", ".join(_list(meta["warnings"]))))
    e += [("Chapters", str(len(chapters))), ("Words", f"{meta.get('words', _words(chapters)):,}"),
          ("Publisher", "archiveofourown.org")]
    if meta.get("summary"):
        e.append(("Summary", meta["summary"]))
    return e


def _fff_value(label: str, value: str) -> str:
    """A title-page value as FanFicFare writes it: a summary as the site's HTML, its first paragraph
    bare in a <div> and the others in <p>s; any other value escaped text."""
    if label != "Summary":
        return escape(value)
    first, *rest = paragraphs(value)
    return "<div>" + escape(first) + "".join(f"\n<p>\n{escape(x)}\n</p>" for x in rest) + "</div>"


def _fff_chapter_html(i, n, body, meta) -> str:
    head, foot = [], []
    if i == 1 and meta.get("notes"):
        head.append("<b>Author's Note:</b><blockquote>" + body_html(meta["notes"]) + "</blockquote>")
    if meta.get("chapter_summaries", {}).get(i):
        head.append("<b>Summary for the Chapter:</b><blockquote>" + body_html(meta["chapter_summaries"][i]) + "</blockquote>")
    if meta.get("chapter_notes", {}).get(i):
        head.append("<b>Notes for the Chapter:</b><blockquote>" + body_html(meta["chapter_notes"][i]) + "</blockquote>")
    if meta.get("chapter_end_notes", {}).get(i):
        foot.append("<b>Notes for the Chapter:</b><blockquote>" + body_html(meta["chapter_end_notes"][i]) + "</blockquote>")
    if i == n and meta.get("end_notes"):
        foot.append("<b>Author's Note:</b><blockquote>" + body_html(meta["end_notes"]) + "</blockquote>")
    out = ['<div class="story">']
    if head:
        out.append('<div class="fff_chapter_notes fff_head_notes">' + "".join(head) + "</div>")
    out.append('<div class="userstuff module">' + body_html(body) + "</div>")
    if foot:
        out.append('<div class="fff_chapter_notes fff_foot_notes">' + "".join(foot) + "</div>")
    out.append("</div>")
    return "\n".join(out)


def _fff_chapter_title(i, t) -> str:
    return t or f"Chapter {i}"


def fanficfare_epub(title, author, chapters, **meta) -> bytes:
    authors = _authors(author)
    url = meta.get("url", "https://archiveofourown.org/works/123456")
    by = ", ".join(f'<a href="https://archiveofourown.org/users/{escape(a)}">{escape(a)}</a>' for a in authors)
    entries = "".join(f"<b>{escape(k)}:</b> {_fff_value(k, v)}<br />\n" for k, v in _fff_entries(meta, chapters))
    title_page = _xhtml(title, f'<h3><a href="{url}">{escape(title)}</a> by {by}</h3>\n<div>\n{entries}</div>',
                        "fff_titlepage")
    files = [("OEBPS/title_page.xhtml", title_page)]
    n = len(chapters)
    for i, (t, b) in enumerate(chapters, 1):
        ct = _fff_chapter_title(i, t)
        page = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
                f'<title>{escape(ct)}</title><meta name="chapterurl" content="{url}/chapters/{i}"/>'
                f'<meta name="chaptertitle" content="{escape(ct)}"/></head>\n'
                f'<body class="fff_chapter"><h3 class="fff_chapter_title">{escape(ct)}</h3>\n'
                f"{_fff_chapter_html(i, n, b, meta)}\n</body></html>")
        files.append((f"OEBPS/file{i:04d}.xhtml", page))
    meta_xml = "\n".join(
        [f'<dc:identifier id="fanficfare-uid">fanficfare-uid:archiveofourown.org-u{authors[0]}-s123456</dc:identifier>',
         f"<dc:title>{escape(title)}</dc:title>"]
        + [f'<dc:creator opf:role="aut">{escape(a)}</dc:creator>' for a in authors]
        + ["<dc:contributor opf:role=\"bkp\">FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>",
           "<dc:language>en</dc:language>", "<dc:publisher>archiveofourown.org</dc:publisher>",
           f'<dc:identifier opf:scheme="URL">{url}</dc:identifier>', f"<dc:source>{url}</dc:source>"]
        + ([f"<dc:description>{escape(meta['summary'])}</dc:description>"] if meta.get("summary") else [])
        + [f"<dc:subject>{escape(s)}</dc:subject>" for s in ["FanFiction"] + _list(meta.get("fandoms"))])
    items = [("title_page", "OEBPS/title_page.xhtml", "application/xhtml+xml")] + \
        [(f"file{i:04d}", f"OEBPS/file{i:04d}.xhtml", "application/xhtml+xml") for i in range(1, n + 1)] + \
        [("ncx", "toc.ncx", "application/x-dtbncx+xml")]
    ncx = _ncx([(_fff_chapter_title(i, t), f"OEBPS/file{i:04d}.xhtml") for i, (t, _b) in enumerate(chapters, 1)])
    return _zip([("META-INF/container.xml", _container("content.opf")),
                 ("content.opf", _opf(meta_xml, items, [i for i, _h, _m in items[:-1]])), ("toc.ncx", ncx)] + files)


def fanficfare_html(title, author, chapters, **meta) -> str:
    authors = _authors(author)
    url = meta.get("url", "https://archiveofourown.org/works/123456")
    by = ", ".join(f'<a href="https://archiveofourown.org/users/{escape(a)}">{escape(a)}</a>' for a in authors)
    out = ['<!DOCTYPE html>\n<html>\n<head>\n<meta charset="UTF-8">',
           f"<title>{escape(title)} by {escape(', '.join(authors))}</title>",
           '<style type="text/css">\nbody { margin: 2%; }\n</style>\n</head>\n<body>',
           f'<h1><a href="{url}">{escape(title)}</a> by {by}</h1>', '<table class="full">']
    out += [f"<tr><td><b>{escape(k)}:</b></td><td>{_fff_value(k, v)}</td></tr>" for k, v in _fff_entries(meta, chapters)]
    out.append("</table>")
    n = len(chapters)
    if n > 1:
        out.append('<a name="TOCTOP"><h2>Table of Contents</h2></a>\n<p>')
        out += [f'<a href="#section{i:04d}">{escape(_fff_chapter_title(i, t))}</a><br />'
                for i, (t, _b) in enumerate(chapters, 1)]
        out.append("</p>")
    for i, (t, b) in enumerate(chapters, 1):
        out.append(f'<a name="section{i:04d}"><h2>{escape(_fff_chapter_title(i, t))}</h2></a>')
        out.append(_fff_chapter_html(i, n, b, meta))
    out.append("</body>\n</html>")
    return "\n".join(out)


def _wrap(text: str, width=78) -> str:
    out = []
    for line in text.split("\n"):
        out.extend(textwrap.wrap(line, width, break_on_hyphens=False) or [""])
    return "\n".join(out)


def fanficfare_txt(title, author, chapters, **meta) -> bytes:
    """FanFicFare TXT: the title page's entries (a summary keeps its paragraphs), a TABLE OF CONTENTS
    only when there are two chapters or more, each chapter after an indented title line, everything
    wrapped at 78 columns as FanFicFare's textwrap does, CRLF line ends, "End file." at the end."""
    authors = _authors(author)
    url = meta.get("url", "https://archiveofourown.org/works/123456")
    head = f"\n\n\n{title}\n\nby {', '.join(authors)}\n\n\n"
    entries = _fff_entries(meta, chapters)
    entries.insert(len(entries) - (1 if meta.get("summary") else 0), ("Story URL", url))
    page = "\n" + "".join(f"{k}: {v}\n" for k, v in entries) + "\n\n\n"
    n = len(chapters)
    toc = ""
    if n > 1:
        toc = "\n\nTABLE OF CONTENTS\n\n" + "".join(f"\n{_fff_chapter_title(i, t)}\n" for i, (t, _b) in
                                                   enumerate(chapters, 1)) + "\n"
    out = _wrap(head + page) + toc
    for i, (t, b) in enumerate(chapters, 1):
        # FanFicFare wraps the chapter's start line too: textwrap turns the tab into 8 spaces and carries
        # a long title over to the next line
        out += _wrap(f"\n\n\t{_fff_chapter_title(i, t)}\n\n")
        parts = []
        if i == 1 and meta.get("notes"):
            parts.append("**Author's Note:**\n\n" + "\n>\n".join("> " + _wrap(p, 76).replace("\n", "\n> ")
                                                             for p in paragraphs(meta["notes"])))
        if meta.get("chapter_notes", {}).get(i):
            parts.append("**Notes for the Chapter:**\n\n" + "\n>\n".join(
                "> " + _wrap(p, 76).replace("\n", "\n> ") for p in paragraphs(meta["chapter_notes"][i])))
        for p in paragraphs(plain_body(b)):
            parts.append(_wrap(p))
        if meta.get("chapter_end_notes", {}).get(i):
            parts.append("**Notes for the Chapter:**\n\n" + "\n>\n".join(
                "> " + _wrap(p, 76).replace("\n", "\n> ") for p in paragraphs(meta["chapter_end_notes"][i])))
        if i == n and meta.get("end_notes"):
            parts.append("**Author's Note:**\n\n" + "\n>\n".join("> " + _wrap(p, 76).replace("\n", "\n> ")
                                                             for p in paragraphs(meta["end_notes"])))
        out += "\n\n".join(parts) + "\n"
    out += "\n\nEnd file.\n\n"  # textwrap ends every paragraph with a line break
    return out.replace("\n", "\r\n").encode("utf-8")


# ----------------------------------------------------------------------------- generic


def epub(title, author, chapters, version=2, **meta) -> bytes:
    """A generic EPUB: version 2 with an NCX and an <h1> per chapter file; version 3 with a nav
    document and chapter files with no heading (titles only in the nav)."""
    authors = _authors(author)
    files = []
    for i, (t, b) in enumerate(chapters, 1):
        heading = f"<h1>{escape(t)}</h1>\n" if (t and version == 2) else ""
        files.append((f"OEBPS/Text/chapter{i:02d}.xhtml", _xhtml(t or title, heading + body_html(b))))
    meta_xml = "\n".join([f"<dc:title>{escape(title)}</dc:title>"]
                         + [f"<dc:creator>{escape(a)}</dc:creator>" for a in authors]
                         + ["<dc:language>en</dc:language>", '<dc:identifier id="uid">urn:uuid:1234</dc:identifier>']
                         + ([f"<dc:description>{escape(meta['summary'])}</dc:description>"] if meta.get("summary") else [])
                         + [f"<dc:subject>{escape(s)}</dc:subject>" for s in _list(meta.get("tags"))])
    items = [(f"c{i}", f"Text/chapter{i:02d}.xhtml", "application/xhtml+xml") for i in range(1, len(chapters) + 1)]
    extra = []
    if version == 2:
        items.append(("ncx", "toc.ncx", "application/x-dtbncx+xml"))
        extra.append(("OEBPS/toc.ncx", _ncx([(t or f"Chapter {i}", f"Text/chapter{i:02d}.xhtml")
                                             for i, (t, _b) in enumerate(chapters, 1)])))
        opf = _opf(meta_xml, items, [f"c{i}" for i in range(1, len(chapters) + 1)])
    else:
        items.append(("nav", "nav.xhtml", "nav:"))
        links = "".join(f'<li><a href="Text/chapter{i:02d}.xhtml">{escape(t or f"Chapter {i}")}</a></li>'
                        for i, (t, _b) in enumerate(chapters, 1))
        extra.append(("OEBPS/nav.xhtml", _xhtml("Contents", f'<nav epub:type="toc"><ol>{links}</ol></nav>')))
        opf = _opf(meta_xml, items, ["nav"] + [f"c{i}" for i in range(1, len(chapters) + 1)], version="3.0", toc=None)
    return _zip([("META-INF/container.xml", _container("OEBPS/content.opf")), ("OEBPS/content.opf", opf)]
                + extra + files)


def plain_text(title, author, chapters, **meta) -> str:
    out = [title, "", f"by {', '.join(_authors(author))}", ""]
    if meta.get("summary"):
        out += [f"Summary: {meta['summary']}", ""]
    if meta.get("notes"):
        out += [f"A/N: {meta['notes']}", ""]
    for i, (t, b) in enumerate(chapters, 1):
        if len(chapters) > 1:
            out += [f"Chapter {i}: {t}" if t else f"Chapter {i}", ""]
        out += [plain_body(b), ""]
    return "\n".join(out)


# ----------------------------------------------------------------------------- a small original story

EXAMPLE_TITLE = "Salt and Lamplight"
EXAMPLE_AUTHOR = "quillfeather"
EXAMPLE_CHAPTERS = [
    ("The Knock", """Disclaimer: I don't own the sea, the storm, or anything else in here.

The rain had not stopped for three days when Mara finally knocked on the *lighthouse* door.

"You're late," said Tobias, not looking up from the lamp.

"The road washed out." She shook the water from her coat. "Again."

* * *

By midnight the storm had found the island.
Every shutter rattled at once, and neither of them pretended to sleep."""),
    ("After the Storm", """Morning came grey and quiet, the sea flat as pewter.

<hr>

"Do you think it's over?" Mara asked.

Tobias shrugged. "It's never over. Not here. But it's *quieter*.\""""),
]
EXAMPLE_META = {
    "summary": "A keeper, a courier, and a storm that will not end.",
    "notes": "Written for a friend who likes lighthouses.",
    "end_notes": "Thank you for reading!",
    "chapter_notes": {2: "A short one, sorry."},
    "chapter_end_notes": {1: "More soon."},
    "rating": "Teen And Up Audiences",
    "warnings": ["No Archive Warnings Apply"],
    "categories": ["F/M"],
    "fandoms": ["Original Work"],
    "relationships": ["Mara/Tobias"],
    "characters": ["Mara (Original Character)", "Tobias"],
    "tags": ["Slow Burn", "Storms"],
    "series": "Island Nights",
    "url": "https://archiveofourown.org/works/123456",
}
# The story paragraphs every shape must give back, in order (scene breaks and the disclaimer left out)
EXAMPLE_PARAGRAPHS = [
    "The rain had not stopped for three days when Mara finally knocked on the lighthouse door.",
    "\"You're late,\" said Tobias, not looking up from the lamp.",
    "\"The road washed out.\" She shook the water from her coat. \"Again.\"",
    "By midnight the storm had found the island.\nEvery shutter rattled at once, and neither of them pretended to sleep.",
    "Morning came grey and quiet, the sea flat as pewter.",
    "\"Do you think it's over?\" Mara asked.",
    "Tobias shrugged. \"It's never over. Not here. But it's quieter.\"",
]


def example(writer, **overrides):
    """The example story written by ``writer`` (one of the functions above)."""
    return writer(EXAMPLE_TITLE, EXAMPLE_AUTHOR, EXAMPLE_CHAPTERS, **{**EXAMPLE_META, **overrides})


def ao3_page(title, author, chapters, **meta) -> str:
    """The AO3 work page as a browser saves it ("Entire Work", then Save Page As): the actions menu
    (chapter index, share, downloads), the work meta, the preface, the chapters, a link to the previous
    work of the series, kudos and comments. The page never states its own URL; its links do."""
    authors = _authors(author)
    wid = re.search(r"/works/(\d+)", meta.get("url", "/works/123456")).group(1)

    def tags(cls, label, values):
        if not values:
            return ""
        links = "".join(f'<li><a class="tag" href="/tags/{escape(v)}/works">{escape(v)}</a></li>' for v in values)
        return f'<dt class="{cls} tags">{label}:</dt><dd class="{cls} tags"><ul class="commas">{links}</ul></dd>'
    dl = ['<dl class="work meta group">',
          tags("rating", "Rating", _list(meta.get("rating"))),
          tags("warning", "Archive Warning", _list(meta.get("warnings"))),
          tags("category", "Category", _list(meta.get("categories"))),
          tags("fandom", "Fandom", _list(meta.get("fandoms"))),
          tags("relationship", "Relationship", _list(meta.get("relationships"))),
          tags("character", "Characters", _list(meta.get("characters"))),
          tags("freeform", "Additional Tags", _list(meta.get("tags"))),
          f'<dt class="language">Language:</dt><dd class="language" lang="en">{escape(meta.get("language", "English"))}</dd>']
    if meta.get("series"):
        dl.append('<dt class="series">Series:</dt><dd class="series"><span class="series"><span class="position">'
                  f'Part 1 of <a href="/series/7">{escape(meta["series"])}</a></span></span></dd>')
    n = len(chapters)
    dl.append('<dt class="stats">Stats:</dt><dd class="stats"><dl class="stats">'
              f'<dt class="published">Published:</dt><dd class="published">{meta.get("published", "2024-05-01")}</dd>'
              f'<dt class="words">Words:</dt><dd class="words">{meta.get("words", _words(chapters)):,}</dd>'
              f'<dt class="chapters">Chapters:</dt><dd class="chapters">{n}/{n}</dd>'
              '<dt class="kudos">Kudos:</dt><dd class="kudos">12</dd></dl></dd></dl>')
    byline = ", ".join(f'<a rel="author" href="/users/{escape(a)}/pseuds/{escape(a)}">{escape(a)}</a>' for a in authors)
    pre = ['<div class="preface group">', f'<h2 class="title heading">{escape(title)}</h2>',
           f'<h3 class="byline heading">{byline}</h3>']
    if meta.get("summary"):
        pre.append('<div class="summary module"><h3 class="heading">Summary:</h3>' + _blockquote(meta["summary"]) + "</div>")
    if meta.get("notes"):
        pre.append('<div class="notes module"><h3 class="heading">Notes:</h3>' + _blockquote(meta["notes"]) + "</div>")
    pre.append("</div>")
    body = []
    for i, (t, b) in enumerate(chapters, 1):
        if n == 1:
            body.append(f'<div class="userstuff">{body_html(b)}</div>')
            continue
        heading = f'<a href="/works/{wid}/chapters/{i}">Chapter {i}</a>' + (f": {escape(t)}" if t else "")
        parts = [f'<div class="chapter" id="chapter-{i}">', '<div class="chapter preface group">',
                 f'<h3 class="title">{heading}</h3>']
        if meta.get("chapter_summaries", {}).get(i):
            parts.append('<div id="summary" class="summary module"><h3 class="heading">Summary:</h3>'
                         + _blockquote(meta["chapter_summaries"][i]) + "</div>")
        if meta.get("chapter_notes", {}).get(i):
            parts.append('<div id="notes" class="notes module"><h3 class="heading">Notes:</h3>'
                         + _blockquote(meta["chapter_notes"][i]) + "</div>")
        parts += ["</div>", '<div class="userstuff module" role="article">',
                  '<h3 class="landmark heading" id="work">Chapter Text</h3>', body_html(b), "</div>"]
        if meta.get("chapter_end_notes", {}).get(i):
            parts.append(f'<div class="chapter preface group"><div class="end notes module" id="chapter_{i}_endnotes">'
                         '<h3 class="heading">Notes:</h3>' + _blockquote(meta["chapter_end_notes"][i]) + "</div></div>")
        parts.append("</div>")
        body.append("\n".join(parts))
    end = ""
    if meta.get("end_notes"):
        end = ('<div id="work_endnotes" class="end notes module"><h3 class="heading">Notes:</h3>'
               + _blockquote(meta["end_notes"]) + "</div>")
    name = re.sub(r"\W+", "_", title)
    nav = ('<h3 class="landmark heading">Actions</h3><ul class="work navigation actions" role="menu">'
           f'<li class="chapter entire"><a href="/works/{wid}?view_full_work=true">Entire Work</a></li>'
           f'<li class="chapter next"><a href="/works/{wid}/chapters/2#workskin">Next Chapter &#8594;</a></li>'
           f'<li class="chapter" aria-haspopup="true"><a class="hidden" href="#">Chapter Index</a><ul id="chapter_index" '
           f'class="expandable secondary hidden"><li><form method="get" action="/works/{wid}/chapters"><p>'
           '<select name="selected_id" id="selected_id">'
           + "".join(f'<option value="{i}">{i}. {escape(t or "")}</option>' for i, (t, _b) in enumerate(chapters, 1))
           + '</select><span class="submit actions"><input type="submit" value="Go"/></span></p></form></li></ul></li>'
           '<li class="comments" id="show_comments_link_top"><a href="#comments">Comments</a></li>'
           f'<li class="share hidden"><a href="/works/{wid}/share">Share</a></li>'
           '<li class="download" aria-haspopup="true"><a href="#">Download</a><ul class="expandable secondary">'
           + "".join(f'<li><a href="/downloads/{wid}/{name}.{x}?updated_at=1717200000">{x.upper()}</a></li>'
                     for x in ("azw3", "epub", "mobi", "pdf", "html"))
           + "</ul></li></ul>")
    related = ('<div id="series" class="series module"><ul><li><span class="series"><a href="/works/99887" '
               'class="previous">&#8592; Previous Work</a> Part 1 of <a href="/series/7">the series</a></span></li>'
               "</ul></div>")
    feedback = (f'<div id="feedback" class="feedback"><ul class="actions"><li><form action="/works/{wid}/kudos" '
                'method="post"><input type="submit" value="Kudos &#9829;"/></form></li>'
                f'<li><a href="/works/{wid}/bookmarks/new">Bookmark</a></li></ul>'
                '<p class="kudos">quillfan and 11 more users left kudos on this work!</p>'
                '<h3>Comments</h3><p>Lovely work!</p></div>')
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
            f"<title>{escape(title)} - Chapter 1 - {escape(authors[0])} - Original Work [Archive of Our Own]</title>"
            '</head><body><div id="outer"><ul class="primary navigation"><li><a href="/">Archive of Our Own</a></li>'
            '</ul><div id="main" class="works-show region"><div class="work">' + nav + '<div class="wrapper">'
            + "".join(dl) + "</div>"
            '<div id="workskin">' + "\n".join(pre) + '<div id="chapters" role="article">' + "\n".join(body)
            + "</div>" + end + "</div>" + related + feedback + "</div></div></div></body></html>")


# ----------------------------------------------------------------------------- fanfiction.net

def _ffn_line(meta: dict, chapters, layout: str) -> str:
    chars = _list(meta.get("characters"))
    pair = [c for c in chars if any(c in r.split("/") for r in _list(meta.get("relationships")))]
    if layout == "old":
        people = " & ".join(chars[:2])
    else:
        people = (f"[{', '.join(pair)}] " if pair else "") + ", ".join(c for c in chars if c not in pair)
    fiction = "Fiction  " if layout != "old" else " "
    parts = [f"Rated: <a href='https://www.fictionratings.com/' target='rating'>{fiction}{meta.get('rating', 'T')}</a>",
             escape(meta.get("language", "English"))]
    if meta.get("genres"):
        parts.append("/".join(meta["genres"]))
    if people.strip():
        parts.append(escape(people.strip()))
    if layout != "old":
        parts += [f"Chapters: {len(chapters)}", f"Words: {meta.get('words', _words(chapters)):,}"]
    parts += ["Reviews: <a href='/r/1234567/'>7</a>"]
    if layout != "old":
        parts += ["Favs: 3", "Follows: 5"]
    parts += ["Updated: <span data-xutime='1717200000'>6/1/2024</span>",
              "Published: <span data-xutime='1714500000'>5/1/2024</span>"]
    if meta.get("status") == "complete":
        parts.append("Status: Complete" if layout != "old" else "Complete")
    parts.append("id: 1234567" if layout != "old" else "id:1234567")
    return " - ".join(parts)


def ffnet_page(title, author, chapters, chapter=1, layout="current", **meta) -> str:
    """A fanfiction.net chapter page as a browser saves it, in the current layout (``#profile_top``,
    ``#pre_story_links``) or the one before 2011 (``layout="old"``: breadcrumb with », the metadata
    line loose in a div): site menus, the chapter selector twice, font controls, an ad, the story in
    ``#storytext``, the review box, the page's script variables and the footer."""
    authors = _authors(author)
    fandom = _list(meta.get("fandoms"))[0] if meta.get("fandoms") else "Original Fandom"
    slug = re.sub(r"\W+", "-", title).strip("-")
    ctitle = chapters[chapter - 1][0] or f"Chapter {chapter}"
    options = "".join(f"<option value={i}{' selected' if i == chapter else ''}>{i}. {escape(t or f'Chapter {i}')}"
                      for i, (t, _b) in enumerate(chapters, 1))
    select = (f"<SELECT title='chapter navigation' Name=chapter onChange=\"self.location='/s/1234567/'+"
              f"this.options[this.selectedIndex].value+'/{slug}';\">{options}</select>"
              "<INPUT TYPE=BUTTON Value='Next &gt;' onClick=\"self.location='/s/1234567/2/'\">") if len(chapters) > 1 else ""
    menus = ("<div class='zmenu'><a href='/'>Home</a> <a href='/j/0/0/0/'>Just In</a> <a href='/communities/'>"
             "Communities</a> <a href='/forums/'>Forums</a> <a href='/search.php'>Search</a></div>"
             "<div id='menu-home-c' class='menu-child zhide'>Browse &#187; <a href='/anime/'>Anime</a> . "
             "<a href='/book/'>Books</a> . <a href='/tv/'>TV</a></div>"
             "<div class='ad'><script>google_ad_client = 'x';</script><p>Advertisement</p></div>"
             "<table style='float:right'><tr><td><a href=\"javascript:updateFontSize('u');\">B</a> "
             "<a href='#' onclick='updateFontWidth(75);'>3/4</a></td></tr></table>")
    story = (f"<div id=storytextp class=storytextp><div id=storytext class='storytext xcontrast_txt nocopy'>"
             f"{body_html(chapters[chapter - 1][1])}</div></div>")
    line = _ffn_line(meta, chapters, layout)
    if layout == "old":
        header = (f"<div><img src='script.png'> <a href='/tv/'>TV Shows</a> &#187; <a href=\"/tv/{re.sub(chr(32), '_', fandom)}/\">"
                  f"{escape(fandom)}</a> &#187; <b>{escape(title)}</b></div><div class=sep></div>"
                  f"<table width=100%><tr><td><a href='/u/4242/{escape(authors[0])}'>{escape(authors[0])}</a><br>"
                  f"<small>Author of 3 Stories</small></td><td align=right>{select}</td></tr></table>"
                  f"<div class=sep></div>\n{line} <script>var ad = 1;</script><div class=sep></div>")
        top = "<div style='background-color:#333399' class='menulinks'><a href='/login.php'>Sign In</a></div>"
    else:
        header = ("<div id=pre_story_links><span class=lc-left><a class=xcontrast_txt href='/book/'>Books</a>"
                  f"<span class='xcontrast_txt icon-chevron-right'></span><a class=xcontrast_txt "
                  f"href=\"/book/{slug}-Fandom/\">{escape(fandom)}</a></span></div>"
                  f"<div id=profile_top><span class='xcontrast_txt'><b class='xcontrast_txt'>{escape(title)}</b></span>"
                  f"<span class='xcontrast_txt'><div style='height:5px'></div>By:</span> <a class='xcontrast_txt' "
                  f"href='/u/4242/{escape(authors[0])}'>{escape(authors[0])}</a>"
                  f"<div style='margin-top:2px' class='xcontrast_txt'>{escape(meta.get('summary', ''))}</div>"
                  f"<span class='xgray xcontrast_txt'>{line}</span></div>"
                  f"<span style='float:right'>{select}</span>")
        top = "<div id=top><div class=menulink><a href='/login.php'>Login</a> | <a href='/signup.php'>Sign up</a></div></div>"
    review = ("<div id=review><table><tr><td><a href='#' onclick=\"select_drop('review');\">Review this Chapter</a>"
              "</td></tr></table><textarea name=review>Type your review</textarea></div>"
              f"<form name=myselect><table><tr><td><select name=opt><option value=fs selected>Add Story to Favorites"
              f"</select></td><td align=right>{select}</td></tr></table></form>")
    script = (f"<script>\n  var storyid = 1234567;\n  var chapter = {chapter};\n  var chapters = {len(chapters)};\n"
              f"  var words = {meta.get('words', _words(chapters))};\n  var title = '{slug}';\n"
              f"  var title_t = '{title}';\n  var summary = '{escape(meta.get('summary', ''))}';\n"
              f"  var cat_title = '{fandom}';\n  var author = '{authors[0]}';\n</script>")
    footer = ("<div id=p_footer><a href='/help/'>Help</a> . <a href='/privacy/'>Privacy</a> . "
              "<a href='/tos/'>Terms of Service</a> . <a href='#top'>Top</a></div>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{escape(title)} Chapter {chapter}: {escape(ctitle)}, a {escape(fandom)} fanfic | FanFiction</title>"
            f"<link rel='canonical' href='//www.fanfiction.net/s/1234567/{chapter}/{slug}'></head><body>"
            + top + menus + "<div id=content_wrapper>" + header + story + review + "</div>" + script + footer
            + "</body></html>")

"""TEI P5 XML of the story: ``story.tei.xml``.

- ``teiHeader``: title and authors; the cast as ``listPerson`` (one ``person xml:id="C1"`` per
  character, its name as ``persName type="main"`` and each alias as ``persName type="alias"``).
- ``text/body``: one ``div type="chapter"`` per chapter, one ``p`` per story paragraph. The text of each
  ``p`` is exactly text.txt[start:end] of that paragraph (``@n`` is the paragraph index), so offsets
  into text.txt can be recomputed from the TEI.
- every quotation is in ``said`` elements (``who="#C1"``, ``toWhom="#C2 #C3"``, ``n="Q7"``): one per
  spoken piece with its quote marks; the pieces of an interrupted or multi-paragraph quotation are
  chained with ``xml:id``/``next``/``prev``. Narration between the pieces stays outside.

Built with lxml, so story text is escaped properly; characters XML forbids (control codes) become
U+FFFD one for one, keeping the offsets.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from fabula.model import Analysis

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MARKS = "\"'“”‘’«»„‚"


def _x(s: str) -> str:
    return _BAD_XML.sub("\ufffd", s)


def _el(parent, tag: str, text: str | None = None, **attrs):
    e = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}")
    for k, v in attrs.items():
        e.set(XML_ID if k == "xml_id" else k, v)
    if text is not None:
        e.text = _x(text)
    return e


def build(analysis: Analysis) -> etree._ElementTree:
    a = analysis
    s = a.text.text
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    header = _el(root, "teiHeader")
    fd = _el(header, "fileDesc")
    ts = _el(fd, "titleStmt")
    _el(ts, "title", a.work.title or "Untitled")
    for au in a.work.authors:
        _el(ts, "author", au)
    ps = _el(fd, "publicationStmt")
    _el(ps, "p", "Analysed by fabula; quotations, speakers and cast are automatic annotations.")
    sd = _el(fd, "sourceDesc")
    _el(sd, "p", f"Source format: {a.work.source_format}. Paragraph texts equal text.txt at the same offsets.")
    prof = _el(header, "profileDesc")
    part = _el(prof, "particDesc")
    lp = _el(part, "listPerson")
    for c in a.cast.characters:
        person = _el(lp, "person", xml_id=c.id)
        _el(person, "persName", c.name, type="main")
        for al in c.aliases:
            if al != c.name:
                _el(person, "persName", al, type="alias")
        if c.pronouns:
            _el(person, "trait", None, type="pronouns").text = _x(c.pronouns)

    # said segments per paragraph: (start, end, attrs)
    segs: dict[int, list[tuple[int, int, dict[str, str]]]] = {}
    para_starts = [p.start for p in a.text.paragraphs]
    import bisect

    for q, att in zip(a.quotes, a.speakers):
        attrs: dict[str, str] = {"n": q.id}
        if att.speaker is not None:
            attrs["who"] = "#" + a.cast.characters[att.speaker].id
        if att.addressees:
            attrs["toWhom"] = " ".join("#" + a.cast.characters[x].id for x in att.addressees)
        pieces = []
        for p in q.pieces:
            st, en = p.start, p.end
            pi = bisect.bisect_right(para_starts, st) - 1
            if pi < 0:
                continue
            para = a.text.paragraphs[pi]
            while st > para.start and s[st - 1] in _MARKS:
                st -= 1
            while en < para.end and s[en] in _MARKS:
                en += 1
            en = min(en, para.end)
            pieces.append((pi, st, en))
        for k, (pi, st, en) in enumerate(pieces):
            at = dict(attrs)
            if len(pieces) > 1:
                at["xml_id"] = f"{q.id}.{k + 1}"
                if k > 0:
                    at["prev"] = f"#{q.id}.{k}"
                if k + 1 < len(pieces):
                    at["next"] = f"#{q.id}.{k + 2}"
            segs.setdefault(pi, []).append((st, en, at))

    text_el = _el(root, "text")
    body = _el(text_el, "body")
    div = None
    chapter = None
    for p in a.text.paragraphs:
        if div is None or p.chapter != chapter:
            chapter = p.chapter
            div = _el(body, "div", type="chapter", n=str(chapter))
        pe = _el(div, "p", n=str(p.index))
        pos = p.start
        last = None
        for st, en, at in sorted(segs.get(p.index, ()), key=lambda t: t[0]):
            if st < pos:
                continue  # overlapping pieces (should not happen): keep the first
            chunk = _x(s[pos:st])
            if last is None:
                pe.text = chunk
            else:
                last.tail = chunk
            said = _el(pe, "said", s[st:en], **at)
            last = said
            pos = en
        chunk = _x(s[pos:p.end])
        if last is None:
            pe.text = chunk
        else:
            last.tail = chunk
    return etree.ElementTree(root)


def write(analysis: Analysis, folder: Path) -> None:
    tree = build(analysis)
    tree.write(str(Path(folder) / "story.tei.xml"), xml_declaration=True, encoding="UTF-8", pretty_print=False)

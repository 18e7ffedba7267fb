"""``report.html``: the page a person reads, rendered from the analysis.json dict and text.txt.

Reads: the dict of ``analysis_json.to_dict`` (work, characters, quotes, scenes, feelings,
relationships, network, warnings) and the text every offset points into. Adds: one self-contained
HTML file (inline CSS, JS and SVG; no external resource, no network request) with the work's
metadata, the cast, a scene timeline coloured by point of view, the emotional arcs, the relationship
arcs of the top pairs, the character network, the writer warnings and the full text with every
quotation coloured by its speaker.

Everything that comes from the story (text, title, tags, names, summary) is untrusted: it is
escaped with ``html.escape(..., quote=True)`` wherever it lands, it never goes inside ``<script>``
or ``<style>``, and a Content-Security-Policy allows only this page's own script (by hash) and no
request of any kind, so a slip would still run nothing.

``fabula report OUTDIR`` re-renders the page from OUTDIR/analysis.json and OUTDIR/text.txt.
"""


from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from fabula.errors import FabulaError, os_error_message
from fabula.outputs.report_charts import Charts, Relations
from fabula.outputs.report_parts import (
    CAST_ROWS,
    OTHER,
    PALETTE,
    _asset,
    _int,
    _lang,
    _rgba,
    _safe_id,
    _tint,
    esc,
)
from fabula.outputs.report_text import TextParts


def render(doc: dict[str, Any], text: str, paragraphs: list[tuple[int, int, int]] | None = None) -> str:
    """The report page for ``doc`` (the analysis.json dict) over ``text`` (text.txt).

    ``paragraphs`` are (start, end, chapter) spans of the story paragraphs; when not given they are
    recomputed from the text with the text stage's own rules.
    """
    if not isinstance(doc, dict):
        raise FabulaError("the analysis is not a JSON object")
    try:
        return _Report(doc, text, paragraphs).page()
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
        raise FabulaError(f"malformed analysis ({type(e).__name__}: {e})") from None



class _Report(Charts, Relations, TextParts):
    """The page: its header and cast table here, the figures and the text in the mixins."""

    def __init__(self, doc: dict[str, Any], text: str, paragraphs: list[tuple[int, int, int]] | None):
        self.doc = doc
        self.text = text
        self.work = doc.get("work") or {}
        self.chars: list[dict[str, Any]] = [c for c in doc.get("characters") or [] if isinstance(c, dict)]
        self.by_id = {str(c.get("id")): c for c in self.chars}
        self.quotes = sorted((q for q in doc.get("quotes") or [] if isinstance(q, dict)),
                             key=lambda q: _int(q.get("start")))
        self.scenes = sorted((s for s in doc.get("scenes") or [] if isinstance(s, dict)),
                             key=lambda s: _int(s.get("start")))
        self.warnings = [w for w in doc.get("warnings") or [] if isinstance(w, dict)]
        self.paragraphs = paragraphs if paragraphs is not None else _paragraphs(self.work, text)
        if self.paragraphs:
            self.t0, self.t1 = self.paragraphs[0][0], self.paragraphs[-1][1]
        else:
            self.t0, self.t1 = _int(self.work.get("story_start")), len(text)
        if self.t1 <= self.t0:
            self.t1 = self.t0 + 1
        self._scene_counts()
        self._colours()

    # ---- derived figures

    def _scene_counts(self) -> None:
        self.present: dict[str, int] = {}
        self.pov: dict[str, int] = {}
        for s in self.scenes:
            for cid in set(map(str, s.get("present") or [])):
                self.present[cid] = self.present.get(cid, 0) + 1
            if s.get("pov") is not None:
                cid = str(s["pov"])
                self.pov[cid] = self.pov.get(cid, 0) + 1
                if cid not in set(map(str, s.get("present") or [])):
                    self.present[cid] = self.present.get(cid, 0) + 1

    def _colours(self) -> None:
        """Rank characters by how much they matter; the first eight get a palette colour."""
        def weight(c: dict[str, Any]) -> tuple:
            cid = str(c.get("id"))
            return (-_int(c.get("words_spoken")), -_int(c.get("quotes")), -self.pov.get(cid, 0),
                    -_int(c.get("mentions")))
        self.ranked = sorted(self.chars, key=weight)
        self.slot = {str(c.get("id")): i for i, c in enumerate(self.ranked[:len(PALETTE)])}

    def colour(self, cid: Any) -> str:
        i = self.slot.get(str(cid))
        return OTHER if i is None else PALETTE[i]

    def name(self, cid: Any) -> str:
        c = self.by_id.get(str(cid))
        return str(c.get("name") or cid) if c else str(cid)

    def x(self, offset: Any, width: float = 1000.0) -> float:
        return max(0.0, min(width, (_int(offset) - self.t0) / (self.t1 - self.t0) * width))

    # ---- the whole page

    def page(self) -> str:
        return "".join(self.page_parts())

    def page_parts(self) -> Iterator[str]:
        """The page in pieces (see ``text_parts``)."""
        title = self.work.get("title") or "Untitled story"
        css = _asset("report.css") + self._palette_css()
        js = _asset("report.js")
        js_hash = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
        csp = (f"default-src 'none'; script-src 'sha256-{js_hash}'; style-src 'unsafe-inline'; "
               "img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
               "frame-src 'none'; base-uri 'none'; form-action 'none'")
        sections = [
            ("cast", "Cast", self.cast_section()),
            ("timeline", "Scenes", self.timeline_section()),
            ("feelings", "Feelings", self.feelings_section()),
            ("relationships", "Pairs", self.pairs_section()),
            ("network", "Network", self.network_section()),
            ("warnings", "Warnings", self.warnings_section()),
        ]
        nav = "".join(f'<li><a href="#{sid}">{label}</a></li>' for sid, label, _ in [*sections, ("text", "Text", "")])
        body = "".join(sections_html for _, _, sections_html in sections)
        head = (
            "<!DOCTYPE html>\n"
            '<html lang="' + esc(_lang(self.work.get("language"))) + '">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="fabula">\n'
            f"<title>{esc(title)} · fabula</title>\n"
            f"<style>\n{css}</style>\n</head>\n<body>\n"
            f"{self.header()}"
            f'<nav class="toc" aria-label="Sections"><ul>{nav}</ul></nav>\n'
            f"<main>\n{body}"
        )
        tail = (
            "</main>\n"
            '<footer>Made by fabula from the story alone; every figure is an estimate. '
            'Quotations are coloured by their speaker; a dashed underline marks a guess.</footer>\n'
            '<div id="tip" role="status" hidden></div>\n'
            f"<script>{js}</script>\n</body>\n</html>\n"
        )
        yield head
        yield from self.text_parts()
        yield tail

    def _palette_css(self) -> str:
        rules = [f".k{i}{{--k:{c};--kt:{_tint(c)}}}" for i, c in enumerate(PALETTE)]
        rules.append(f".kx{{--k:{OTHER};--kt:{_tint(OTHER, .18)}}}")
        # on a dark page the tints are the colours themselves, translucent
        rules.append("@media (prefers-color-scheme: dark){" + "".join(
            f".k{i}{{--kt:{_rgba(c, .3)}}}" for i, c in enumerate(PALETTE)) + f".kx{{--kt:{_rgba(OTHER, .3)}}}"
            + ".k7{--k:#d0d0d0}}")
        return "\n".join(rules) + "\n"

    def kclass(self, cid: Any) -> str:
        i = self.slot.get(str(cid))
        return "kx" if i is None else f"k{i}"

    # ---- header: the work's metadata

    def header(self) -> str:
        w = self.work
        title = w.get("title") or "Untitled story"
        authors = [str(a) for a in w.get("authors") or []]
        out = ['<header class="work">', '<p class="kicker">fabula report</p>', f"<h1>{esc(title)}</h1>"]
        if authors:
            out.append(f'<p class="byline">by {esc(", ".join(authors))}</p>')
        rows = []
        for key, label in (("fandoms", "Fandoms"), ("rating", "Rating"), ("warnings", "Archive warnings"),
                           ("categories", "Categories"), ("relationships", "Relationships"),
                           ("characters", "Characters"), ("tags", "Tags"), ("series", "Series")):
            v = w.get(key)
            items = [v] if isinstance(v, str) else list(v or [])
            items = [str(i) for i in items if i not in (None, "")]
            if items:
                rows.append(f"<dt>{label}</dt><dd>" + "".join(f'<span class="tag">{esc(i)}</span>' for i in items)
                            + "</dd>")
        if w.get("url"):
            rows.append(f"<dt>Source</dt><dd>{esc(w['url'])}</dd>")  # shown, never linked
        if rows:
            out.append('<dl class="meta">' + "".join(rows) + "</dl>")
        if w.get("summary"):
            paras = [p for p in re.split(r"\n\s*\n|\n", str(w["summary"])) if p.strip()]
            out.append('<div class="summary"><p>' + "</p><p>".join(esc(p.strip()) for p in paras) + "</p></div>")
        suggested = self.doc.get("suggested_tags") or {}
        if isinstance(suggested, dict) and any(suggested.values()):
            rows = []
            for key, tags in suggested.items():
                items = [str(t) for t in (tags if isinstance(tags, list) else [tags]) if t]
                if items:
                    rows.append(f"<dt>{esc(str(key).replace('_', ' ').capitalize())}</dt><dd>"
                                + "".join(f'<span class="tag">{esc(t)}</span>' for t in items) + "</dd>")
            out.append('<details class="suggested"><summary>Tags fabula suggests</summary><dl class="meta">'
                       + "".join(rows) + "</dl></details>")
        nq = len(self.quotes)
        attributed = sum(1 for q in self.quotes if q.get("speaker"))
        stats = [(f"{_int(w.get('words')):,}", "words"), (f"{len(w.get('chapters') or [])}", "chapters"),
                 (f"{len(self.scenes)}", "scenes"), (f"{len(self.chars)}", "characters"),
                 (f"{nq:,}", "quotations")]
        if nq:
            stats.append((f"{round(100 * attributed / nq)}%", "with a speaker"))
        out.append('<ul class="stats">' + "".join(f"<li><b>{v}</b>{k}</li>" for v, k in stats) + "</ul>")
        notes = [n for n in w.get("notes") or [] if isinstance(n, dict) and n.get("text")]
        if notes:
            out.append(f"<details><summary>Notes from the author ({len(notes)})</summary>")
            for n in notes:
                kind = str(n.get("kind") or "note").replace("_", " ")
                out.append(f'<p class="note"><b>{esc(kind)}</b>: {esc(n.get("text"))}</p>')
            out.append("</details>")
        out.append("</header>\n")
        return "\n".join(out)

    # ---- the cast

    def cast_section(self) -> str:
        out = ['<section id="cast"><h2>Cast</h2>']
        if not self.ranked:
            out.append('<p class="empty">No characters were found.</p></section>\n')
            return "".join(out)
        head = ('<tr><th>Name</th><th class="aka">Also called</th><th class="pro">Pronouns</th>'
                '<th class="n" title="quotations spoken">Lines</th><th class="n" title="words spoken">Words</th>'
                '<th class="n opt" title="times named or referred to">Mentions</th>'
                '<th class="n" title="scenes the character is in">Scenes</th>'
                '<th class="n" title="scenes told from their point of view">POV</th></tr>')

        def row(c: dict[str, Any]) -> str:
            cid = str(c.get("id"))
            name = str(c.get("name") or cid)
            aka = [str(a) for a in c.get("aliases") or [] if str(a) != name]
            badge = '<span class="badge">narrator</span>' if c.get("narrator") else ""
            return (f'<tr id="{_safe_id(cid)}"><td class="name"><span class="sw" style="background:'
                    f'{self.colour(cid)}"></span>{esc(name)}{badge}<span class="pr">{esc(c.get("pronouns") or "")}</span></td>'
                    f'<td class="aka">{esc(", ".join(aka))}</td><td class="pro">{esc(c.get("pronouns") or "")}</td>'
                    f'<td class="n">{_int(c.get("quotes")):,}</td><td class="n">{_int(c.get("words_spoken")):,}</td>'
                    f'<td class="n opt">{_int(c.get("mentions")):,}</td>'
                    f'<td class="n">{self.present.get(cid, 0)}</td><td class="n">{self.pov.get(cid, 0)}</td></tr>')

        shown, rest = self.ranked[:CAST_ROWS], self.ranked[CAST_ROWS:]
        out.append('<div class="scroll"><table class="cast"><thead>' + head + "</thead><tbody>"
                   + "".join(row(c) for c in shown) + "</tbody></table></div>")
        if rest:
            out.append(f"<details><summary>{len(rest)} more characters</summary>"
                       '<div class="scroll"><table class="cast"><tbody>' + "".join(row(c) for c in rest)
                       + "</tbody></table></div></details>")
        out.append("</section>\n")
        return "".join(out)


def _paragraphs(work: dict[str, Any], text: str) -> list[tuple[int, int, int]]:
    """Story paragraphs recomputed with the text stage's own rules (so they match the analysis)."""
    try:
        from fabula import text as text_stage
        from fabula.model import Chapter, SceneBreak, Span, Work

        story = tuple(Span(_int(s["start"]), _int(s["end"])) for s in work.get("story") or [])
        chapters = tuple(Chapter(_int(c["index"]), c.get("title"), _int(c["start"]), _int(c["end"]))
                         for c in work.get("chapters") or [])
        breaks = tuple(SceneBreak(_int(b["start"]), _int(b["end"]), str(b.get("marker")))
                       for b in work.get("scene_breaks") or [])
        w = Work(text=text, source_format=str(work.get("source_format") or "text"),
                 story=story or (Span(0, len(text)),), chapters=chapters or (Chapter(1, None, 0, len(text)),),
                 breaks=breaks)
        return [(p.start, p.end, p.chapter) for p in text_stage.segment(w).paragraphs]
    except Exception:  # noqa: BLE001 - a text stage that disagrees with an old analysis.json: fall back to blank lines
        start = _int(work.get("story_start"))
        return [(start + m.start(), start + m.end(), 1)
                for m in re.finditer(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*", text[start:])]


# --------------------------------------------------------------------------- writing it


def write(analysis, folder: Path) -> None:
    """The exporter called by fabula.outputs.write_all: OUTDIR/report.html."""
    from fabula.outputs.analysis_json import to_dict

    paragraphs = [(p.start, p.end, p.chapter) for p in analysis.text.paragraphs]
    report = _Report(to_dict(analysis), analysis.work.text, paragraphs)  # a failure here is our bug
    with open(Path(folder) / "report.html", "w", encoding="utf-8") as f:
        f.writelines(report.page_parts())




def rerender(outdir: Path) -> Path:
    """Rewrite OUTDIR/report.html from OUTDIR/analysis.json and OUTDIR/text.txt, atomically."""
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise FabulaError(f"{outdir}: no such output folder (run `fabula analyze` first)")
    jpath, tpath = outdir / "analysis.json", outdir / "text.txt"
    for p in (jpath, tpath):
        if not p.is_file():
            raise FabulaError(f"{p}: missing; this is not a fabula output folder (run `fabula analyze` first)")
    try:
        doc = json.loads(jpath.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FabulaError(f"{jpath}: corrupt JSON ({e})") from None
    except RecursionError:  # a tampered file of lists in lists: fabula never nests this deep
        raise FabulaError(f"{jpath}: nested too deeply to be a fabula analysis") from None
    if not isinstance(doc, dict) or not str(doc.get("schema", "")).startswith("fabula.analysis/"):
        raise FabulaError(f"{jpath}: not a fabula analysis (no fabula.analysis schema)")
    try:
        text = tpath.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FabulaError(f"{tpath}: not UTF-8 text") from None
    try:
        page = render(doc, text)
    except FabulaError as e:
        raise FabulaError(f"{jpath}: {e}") from None
    except RecursionError:
        raise FabulaError(f"{jpath}: nested too deeply to be a fabula analysis") from None
    out = outdir / "report.html"
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report.", suffix=".html.partial", dir=outdir)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as e:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise FabulaError(os_error_message(e, "cannot write", out)) from None
    return out


@click.command("report")
@click.argument("outdir", type=click.Path(path_type=Path))
def report_command(outdir: Path) -> None:
    """Re-render OUTDIR/report.html from OUTDIR/analysis.json and text.txt (no re-analysis)."""
    out = rerender(outdir)
    click.echo(f"report: {out}")

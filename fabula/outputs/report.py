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
import bisect
import hashlib
import html
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import click

from fabula.errors import FabulaError, os_error_message

# Okabe & Ito's palette (distinguishable with every common colour-vision deficiency), in the order
# characters get it; characters past the eighth share a neutral grey.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
OTHER = "#8a8a8a"
NO_POV = "#dcdcdc"
LOW_CONFIDENCE = 0.5  # attributions below this are drawn with a dashed underline
CAST_ROWS = 15  # rows shown before the rest of the cast folds away
TOP_PAIRS = 6
TOP_ARCS = 4
NETWORK_NODES = 16
CHUNK = 60  # paragraphs per block of text the browser may leave unrendered until scrolled near
NETWORK_EDGES_PER_NODE = 2.5  # the strongest ties only: a dense novel graph is a hairball otherwise

_ASSETS = Path(__file__).resolve().parent.parent / "report"
_ID = re.compile(r"[^A-Za-z0-9_-]")
_MARKS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a")  # quote marks kept with a piece


def esc(value: Any) -> str:
    """Escape anything for HTML text or a double-quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _safe_id(value: Any) -> str:
    return _ID.sub("_", str(value))[:40] or "_"


def _num(value: Any, default: float = 0.0) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return f if math.isfinite(f) else default


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def _tint(colour: str, amount: float = 0.22) -> str:
    """``colour`` mixed with white (amount = share of the colour)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


@cache
def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the page


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


class _Report:
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

    # ---- scene timeline

    def timeline_section(self) -> str:
        out = ['<section id="timeline"><h2>Scenes and point of view</h2>']
        if not self.scenes:
            out.append('<p class="empty">No scenes were found.</p></section>\n')
            return "".join(out)
        chapters = [c for c in self.work.get("chapters") or [] if isinstance(c, dict)]
        top, bar = (22 if len(chapters) > 1 else 4), 46
        h = top + bar + 6
        parts = [f'<svg viewBox="0 0 1000 {h}" role="img" aria-label="Scene timeline coloured by point of view">']
        for s in self.scenes:
            x0, x1 = self.x(s.get("start")), self.x(s.get("end"))
            pov = s.get("pov")
            fill = self.colour(pov) if pov is not None else NO_POV
            who = f"POV {self.name(pov)}" if pov is not None else "POV unknown"
            tip = (f"{s.get('id')} · chapter {s.get('chapter')} · {who} (confidence "
                   f"{_num(s.get('confidence')):.2f}) · {s.get('person') or '?'} person · {s.get('boundary')} break")
            parts.append(f'<a href="#{_safe_id(s.get("id"))}"><rect x="{x0:.1f}" y="{top}" '
                         f'width="{max(x1 - x0, 1.5):.1f}" height="{bar}" fill="{fill}" stroke="#fff" class="blk" '
                         f'stroke-width="1"><title>{esc(tip)}</title></rect></a>')
            if x1 - x0 >= 34:
                ink = "#000" if _light(fill) else "#fff"
                parts.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{top + bar / 2 + 5:.1f}" font-size="14" '
                             f'text-anchor="middle" fill="{ink}" pointer-events="none" class="lbl">'
                             f'{esc(str(s.get("id", "")))}</text>')
            if s.get("boundary") == "implicit":
                parts.append(f'<line x1="{x0:.1f}" y1="{top}" x2="{x0:.1f}" y2="{top + bar}" stroke="#000" class="imp" '
                             'stroke-width="1" stroke-dasharray="3 3"/>')
        parts.extend(self._chapter_marks(chapters, top - 4, top + bar + 4, labels=True))
        parts.append("</svg>")
        legend = self._legend([s.get("pov") for s in self.scenes], swatch=True,
                              unknown=any(s.get("pov") is None for s in self.scenes))
        notes = ["Each block is a scene, as long as its text, coloured by its point-of-view character."]
        if len(chapters) > 1:
            notes.append("Tall ticks mark chapters.")
        if any(s.get("boundary") == "implicit" for s in self.scenes):
            notes.append("Dashed lines mark scene breaks fabula inferred (the text has no marker there).")
        notes.append("Select a scene to read it.")
        out.append('<figure class="tl">' + "".join(parts) + "<figcaption>" + " ".join(notes)
                   + "</figcaption></figure>" + legend)
        out.append("</section>\n")
        return "".join(out)

    def _chapter_marks(self, chapters: list[dict], y0: float, y1: float, labels: bool,
                       width: float = 1000.0, ink: str = "#333") -> list[str]:
        if len(chapters) < 2:
            return []
        every = max(1, math.ceil(len(chapters) / 25))
        out = []
        for i, c in enumerate(chapters):
            x = self.x(c.get("start"), width)
            out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y1}" stroke="{ink}" stroke-width="1.2"/>')
            if labels and i % every == 0:
                out.append(f'<text x="{x + 2:.1f}" y="{y0 - 4}" font-size="12" fill="#444" class="cl">'
                           f'{_int(c.get("index"), i + 1)}</text>')
        return out

    def _legend(self, cids: list[Any], swatch: bool, unknown: bool = False) -> str:
        seen: list[str] = []
        for cid in cids:
            if cid is not None and str(cid) not in seen:
                seen.append(str(cid))
        seen.sort(key=lambda c: self.slot.get(c, 99))
        items = []
        others = [c for c in seen if c not in self.slot]
        if len(others) > 1:  # they all share the grey: one entry for them
            seen = [c for c in seen if c in self.slot] + ["\x00others"]
        for cid in seen:
            if cid == "\x00others":
                items.append(f'<li><span class="sw" style="background:{OTHER}"></span>others ({len(others)})</li>')
                continue
            mark = (f'<span class="sw" style="background:{self.colour(cid)}"></span>' if swatch
                    else f'<span class="ln" style="border-color:{self.colour(cid)}"></span>')
            items.append(f"<li>{mark}{esc(self.name(cid))}</li>")
        if unknown:
            items.append(f'<li><span class="sw" style="background:{NO_POV}"></span>unknown</li>')
        return '<ul class="legend">' + "".join(items) + "</ul>" if items else ""

    # ---- feelings

    def feelings_section(self) -> str:
        f = self.doc.get("feelings") or {}
        arc = [_num(v) for v in f.get("arc") or []]
        carcs = f.get("character_arcs") or {}
        out = ['<section id="feelings"><h2>Emotional arc</h2>']
        if len(arc) < 2 and not carcs:
            out.append('<p class="empty">No feelings were measured.</p></section>\n')
            return "".join(out)
        top = [str(c.get("id")) for c in self.ranked if str(c.get("id")) in carcs][:TOP_ARCS]
        series: list[tuple[list[float], str, float]] = []  # values, colour, line width
        if len(arc) >= 2:
            series.append((arc, "story", 3.0))
        for cid in top:
            vals = [_num(v) for v in carcs[cid] or []]
            if len(vals) >= 2:
                series.append((vals, self.colour(cid), 1.8))
        w, h = 1000, 300
        amp = min(max([abs(v) for s in series for v in s[0]] + [0.05]), 1e6)  # a tampered arc stays drawable
        amp = math.ceil(amp * 1.08 * 20) / 20  # a little headroom, rounded up to 0.05

        def y(v: float) -> float:
            return (1 - (v + amp) / (2 * amp)) * h

        # stretched to the box's shape (taller on a phone), so it holds no text; strokes keep their width
        ns = 'vector-effect="non-scaling-stroke"'
        parts = [(f'<svg viewBox="0 0 {w} {h}" preserveAspectRatio="none" role="img" '
                  'aria-label="Emotional arc over the story">'),
                 f'<rect x="0" y="0" width="{w}" height="{h / 2}" fill="#0072B2" opacity=".06"/>',
                 f'<rect x="0" y="{h / 2}" width="{w}" height="{h / 2}" fill="#D55E00" opacity=".06"/>',
                 f'<line x1="0" y1="{h / 2}" x2="{w}" y2="{h / 2}" stroke="#999" stroke-width="1" {ns}/>']
        chapters = [c for c in self.work.get("chapters") or [] if isinstance(c, dict)]
        parts.extend(m.replace("/>", f" {ns}/>") for m in self._chapter_marks(chapters, 0, h, labels=False, width=w,
                                                                         ink="#cfcfd4"))
        for vals, colour, width in sorted(series, key=lambda s: s[2]):  # the story's line drawn last
            n = len(vals)
            pts = " ".join(f"{i / (n - 1) * w:.1f},{y(v):.1f}" for i, v in enumerate(vals))
            stroke = '#1d1d1f" class="story' if colour == "story" else colour
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="{width}" '
                         f'stroke-linejoin="round" stroke-linecap="round" {ns}/>')
        parts.append("</svg>")
        box = (f'<div class="arcbox"><span class="up">happier (+{amp:.2f})</span>{"".join(parts)}'
               f'<span class="down">sadder (−{amp:.2f})</span><span class="time">narrative time →</span></div>')
        legend = ['<ul class="legend"><li><span class="ln story"></span>the story</li>']
        legend += [f'<li><span class="ln" style="border-color:{self.colour(c)}"></span>{esc(self.name(c))}</li>'
                   for c in top]
        legend.append("</ul>")
        out.append('<figure class="arc">' + box + "".join(legend) + "<figcaption>Valence (VADER) smoothed over "
                   "the story, and for the main characters what they say and the scenes they are in."
                   + (" Thin lines mark chapters." if len(chapters) > 1 else "") + "</figcaption></figure>")
        out.append(self._emotions(f.get("emotions")))
        out.append("</section>\n")
        return "".join(out)

    def _emotions(self, emotions: Any) -> str:
        """The opt-in NRC emotions, one strip per emotion over the scenes (darker: more of it)."""
        if not isinstance(emotions, dict) or not emotions or not self.scenes:
            return ""
        rows = []
        for name, vals in emotions.items():
            vals = [_num(v) for v in vals or []][:len(self.scenes)]
            top = max(vals + [0.0])
            cells = []
            for sc, v in zip(self.scenes, vals):
                x0, x1 = self.x(sc.get("start")), self.x(sc.get("end"))
                cells.append(f'<rect x="{x0:.1f}" width="{max(x1 - x0, 1):.1f}" y="0" height="10" fill="#0072B2" '
                             f'fill-opacity="{(v / top if top > 0 else 0):.2f}"><title>{esc(sc.get("id"))}: '
                             f"{esc(name)} {v:.3f}</title></rect>")
            rows.append(f'<div class="emo"><span>{esc(name)}</span><svg viewBox="0 0 1000 10" '
                        f'preserveAspectRatio="none" role="img" aria-label="{esc(name)} by scene">'
                        + "".join(cells) + "</svg></div>")
        return ('<h3>Emotions by scene</h3><figure class="emotions">' + "".join(rows) + "<figcaption>NRC Emotion "
                "Lexicon words per scene (research-only licence; opt-in). Darker: more of that emotion, relative "
                "to its own peak.</figcaption></figure>")

    # ---- relationship arcs

    def pairs_section(self) -> str:
        rels = [r for r in self.doc.get("relationships") or [] if isinstance(r, dict)]
        rels.sort(key=lambda r: (-_int(r.get("exchanges")), -_int(r.get("words"))))
        ships = [r for r in rels[:TOP_PAIRS * 2] if r.get("romantic")][:1]
        rels = ships + [r for r in rels if all(r is not x for x in ships)]  # the main couple comes first
        out = ['<section id="relationships"><h2>Relationships</h2>']
        if not rels:
            out.append('<p class="empty">No pair of characters was found talking to each other.</p></section>\n')
            return "".join(out)
        scene_mid = {str(s.get("id")): (_int(s.get("start")) + _int(s.get("end"))) / 2 for s in self.scenes}
        cards = []
        for r in rels[:TOP_PAIRS]:
            a, b = self.name(r.get("a")), self.name(r.get("b"))
            sep = " / " if r.get("romantic") else " & "
            tone = _num(r.get("tone"))
            arc = [_num(v) for v in r.get("arc") or []]
            xs = [self.x(scene_mid.get(str(s), self.t0), 300) for s in r.get("scenes") or []]
            if len(xs) != len(arc):
                xs = [i / max(len(arc) - 1, 1) * 300 for i in range(len(arc))]
            svg = self._spark(xs, arc, r.get("a"), r.get("b"))
            cards.append(f'<div class="pair"><h4><span class="sw" style="background:{self.colour(r.get("a"))}">'
                         f'</span>{esc(a)}{sep}<span class="sw" style="background:{self.colour(r.get("b"))}">'
                         f'</span>{esc(b)}</h4><p>{_count(_int(r.get("exchanges")), "exchange")} · '
                         f'{_count(_int(r.get("words")), "word")} · tone {tone:+.2f}'
                         f'{" · ♥ romantic cues" if r.get("romantic") else ""}</p>{svg}</div>')
        out.append('<div class="pairs">' + "".join(cards) + "</div>")
        out.append('<p class="note">Tone of what the two say to each other, scene by scene, over the story '
                   "(above the line: warmer; below: colder).</p>")
        if len(rels) > TOP_PAIRS:
            out.append(f'<p class="note">{len(rels) - TOP_PAIRS} more pairs are in analysis.json.</p>')
        out.append("</section>\n")
        return "".join(out)

    def _spark(self, xs: list[float], ys: list[float], a: Any, b: Any) -> str:
        w, h = 300, 70
        if not ys:
            return ""
        amp = max([abs(v) for v in ys] + [0.1])

        def y(v: float) -> float:
            return 6 + (1 - (v + amp) / (2 * amp)) * (h - 12)

        parts = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="Tone of the pair over the story">',
                 f'<line x1="0" y1="{y(0):.1f}" x2="{w}" y2="{y(0):.1f}" stroke="#bbb"/>']
        if len(ys) > 1:
            pts = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, ys))
            parts.append(f'<polyline points="{pts}" fill="none" stroke="#555" stroke-width="1.6" class="sp"/>')
        for x, v in zip(xs, ys):
            fill = "#0072B2" if v >= 0 else "#D55E00"
            parts.append(f'<circle cx="{x:.1f}" cy="{y(v):.1f}" r="3.2" fill="{fill}"/>')
        parts.append("</svg>")
        return "".join(parts)

    # ---- network

    def network_section(self) -> str:
        net = self.doc.get("network") or {}
        edges = [e for e in net.get("edges") or [] if isinstance(e, dict) and e.get("chapter") is None
                 and e.get("a") is not None and e.get("b") is not None and str(e.get("a")) != str(e.get("b"))]
        out = ['<section id="network"><h2>Character network</h2>']
        words = {str(n.get("id")): _int(n.get("words_spoken")) for n in net.get("nodes") or [] if isinstance(n, dict)}
        degree: dict[str, float] = {}
        for e in edges:
            wgt = _int(e.get("conversation")) + _int(e.get("copresence"))
            for k in (str(e["a"]), str(e["b"])):
                degree[k] = degree.get(k, 0) + wgt
        nodes = sorted(degree, key=lambda k: (-words.get(k, 0), -degree[k], k))[:NETWORK_NODES]
        keep = set(nodes)
        edges = [e for e in edges if str(e["a"]) in keep and str(e["b"]) in keep]
        edges.sort(key=lambda e: -(_int(e.get("conversation")) + _int(e.get("copresence"))))
        limit = int(NETWORK_EDGES_PER_NODE * len(nodes))
        if len(edges) > limit:
            strongest: dict[str, dict] = {}
            for e in edges:  # every node keeps its strongest tie
                for k in (str(e["a"]), str(e["b"])):
                    strongest.setdefault(k, e)
            chosen = edges[:limit]
            edges = chosen + [e for e in {id(e): e for e in strongest.values()}.values()
                              if all(e is not c for c in chosen)]
        if not edges:
            out.append('<p class="empty">No interactions between characters were found.</p></section>\n')
            return "".join(out)
        pos = _layout(nodes, [(str(e["a"]), str(e["b"]), _int(e.get("conversation")) + _int(e.get("copresence")))
                              for e in edges])
        w, pad = 1000, 190
        h = 300 if len(nodes) <= 2 else 460 if len(nodes) <= 4 else 600 if len(nodes) <= 10 else 720
        P = {k: (pad + x * (w - 2 * pad), 40 + y * (h - 80)) for k, (x, y) in pos.items()}
        maxw = max(_int(e.get("conversation")) + _int(e.get("copresence")) for e in edges) or 1
        maxs = max([words.get(k, 0) for k in nodes] + [1])
        parts = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="Who talks with whom">']
        for e in sorted(edges, key=lambda e: _int(e.get("conversation")) + _int(e.get("copresence"))):
            a, b = str(e["a"]), str(e["b"])
            wgt = _int(e.get("conversation")) + _int(e.get("copresence"))
            tone = _num(e.get("tone"))
            colour = "#0072B2" if tone > 0.05 else "#D55E00" if tone < -0.05 else "#888888"
            (x1, y1), (x2, y2) = P[a], P[b]
            tip = (f"{self.name(a)} – {self.name(b)}: {_int(e.get('conversation'))} quotes exchanged, "
                   f"{_int(e.get('copresence'))} scenes together, tone {tone:+.2f}")
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                         f'stroke-opacity=".55" stroke-width="{1 + 9 * wgt / maxw:.1f}" stroke-linecap="round">'
                         f"<title>{esc(tip)}</title></line>")
        for k in nodes:
            x, y = P[k]
            rad = 7 + 26 * math.sqrt(words.get(k, 0) / maxs)
            anchor = "end" if x < w / 2 - 1 else "start"  # labels face outwards
            lx = x + (rad + 4 if anchor == "start" else -rad - 4)
            parts.append(f'<a href="#{_safe_id(k)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}" '
                         f'fill="{self.colour(k)}" stroke="#fff" stroke-width="2" class="node"><title>{esc(self.name(k))}: '
                         f'{words.get(k, 0):,} words spoken</title></circle></a>'
                         f'<text x="{lx:.1f}" y="{y + 5:.1f}" font-size="17" text-anchor="{anchor}" fill="#1d1d1f" '
                         f'stroke="#fff" stroke-width="4" paint-order="stroke" class="nl">{esc(_short(self.name(k)))}</text>')
        parts.append("</svg>")
        out.append('<figure class="net">' + "".join(parts) + "<figcaption>Circles are characters (size: words spoken); "
                   "lines join characters who talk to each other or share scenes (width: how much; "
                   'colour: tone, <span style="color:#0072B2">■</span> warm, <span style="color:#D55E00">■</span> '
                   f"cold, grey neutral).{' Only the ' + str(NETWORK_NODES) + ' most present characters are drawn.' if len(degree) > NETWORK_NODES else ''}"
                   "</figcaption></figure></section>\n")
        return "".join(out)

    # ---- warnings

    def warnings_section(self) -> str:
        out = ['<section id="warnings"><h2>Writer warnings</h2>']
        if not self.warnings:
            out.append('<p class="empty">No warnings: nothing here for a writer to look at.</p></section>\n')
            return "".join(out)
        counts: dict[str, int] = {}
        for wn in self.warnings:
            counts[str(wn.get("kind"))] = counts.get(str(wn.get("kind")), 0) + 1
        out.append('<p class="note">' + " · ".join(f"{esc(k.replace('_', ' '))}: {n}" for k, n in counts.items())
                   + ". Each links to its place in the text, marked ⚑.</p>")
        items = []
        for i, wn in enumerate(self.warnings):
            kind = str(wn.get("kind") or "warning")
            ws = _int(wn.get("start"))
            while 0 < ws and self.text[ws - 1].isalnum() and _int(wn.get("start")) - ws < 30:
                ws -= 1  # start the excerpt on a word
            snippet = " ".join(self.text[ws:min(_int(wn.get("end")), ws + 90)].split())
            items.append(f'<li id="wl{i + 1}"><span class="wkind">{esc(kind.replace("_", " "))}</span>'
                         f'<a href="#w{i + 1}">{esc(wn.get("message") or kind)}</a>'
                         + (f' <span class="note excerpt">{esc(snippet)}{"…" if len(snippet) >= 80 else ""}</span>'
                            if snippet else "") + "</li>")
        if len(items) > 60:
            out.append('<ol class="warnings">' + "".join(items[:30]) + "</ol>"
                       f"<details><summary>{len(items) - 30} more warnings</summary>"
                       '<ol class="warnings" start="31">' + "".join(items[30:]) + "</ol></details>")
        else:
            out.append('<ol class="warnings">' + "".join(items) + "</ol>")
        out.append("</section>\n")
        return "".join(out)

    # ---- the text

    def text_section(self) -> str:
        return "".join(self.text_parts())

    def text_parts(self) -> Iterator[str]:
        """The text section in pieces, so that the page can be written without ever being whole in
        memory (the story's text is most of the page)."""
        text = self.text
        paras = self.paragraphs
        out = ['<section id="text"><h2>The story</h2>']
        if self.quotes:
            out.append('<p class="note">Quotations are coloured by speaker; hover or tap one to see who says it '
                       "and how sure fabula is. A dashed underline marks a low-confidence guess, a dotted grey "
                       "one a quotation with no speaker.</p>")
        if not paras:
            out.append('<p class="empty">The story has no text.</p></section>\n')
            yield "".join(out)
            return
        chapter_list = [c for c in self.work.get("chapters") or [] if isinstance(c, dict)]
        present = {ch for _, _, ch in paras}
        if len(chapter_list) > 1:
            links = [f'<li><a href="#ch{_int(c.get("index"))}">{esc(c.get("title") or "Chapter " + str(c.get("index")))}'
                     "</a></li>" for c in chapter_list if _int(c.get("index")) in present]
            out.append(f'<details class="chapters"><summary>Chapters ({len(links)})</summary><ol>'
                       + "".join(links) + "</ol></details>")
        speakers = [c for c in self.ranked if _int(c.get("quotes")) > 0]
        if speakers:
            options = "".join(f'<option value="{esc(_safe_id(c.get("id")))}">{esc(c.get("name") or c.get("id"))}</option>'
                              for c in speakers)
            out.append('<p class="only"><label for="only">Show the lines of</label> <select id="only">'
                       f'<option value="">everyone</option>{options}</select></p>')
        out.append('<article class="text">')
        starts = [p[0] for p in paras]

        def para_of(offset: int) -> int:
            i = bisect.bisect_right(starts, offset) - 1
            return max(0, min(i, len(paras) - 1))

        # point markers: warnings, placed at their offset (clamped into the paragraph that holds it)
        marks: dict[int, list[tuple[int, str]]] = {}
        for i, wn in enumerate(self.warnings):
            off = _int(wn.get("start"))
            pi = para_of(off)
            ps, pe, _ = paras[pi]
            off = min(max(off, ps), pe)
            tip = f"{str(wn.get('kind') or '').replace('_', ' ')}: {wn.get('message') or ''}"
            marks.setdefault(pi, []).append(
                (off, f'<a class="wm" id="w{i + 1}" href="#wl{i + 1}" title="{esc(tip)}">⚑</a>'))
        # scene markers go before the paragraph where the scene starts
        scene_at: dict[int, list[dict]] = {}
        for s in self.scenes:
            scene_at.setdefault(para_of(_int(s.get("start"))), []).append(s)
        # chapters: a heading before the first paragraph of each chapter when there are several
        chapters = {_int(c.get("index")): c for c in self.work.get("chapters") or [] if isinstance(c, dict)}
        many = len(chapters) > 1
        # quotation pieces per paragraph, clipped; quotes never overlap (a nested one is skipped)
        qspans: dict[int, list[tuple[int, int, str]]] = {}
        last_end = -1
        for q in self.quotes:
            qs, qe = _int(q.get("start")), _int(q.get("end"))
            if qe <= qs or qs < last_end:
                continue
            last_end = qe
            open_tag = self._quote_tag(q)
            for gs, ge in self._spoken(q, qs, qe):
                pi = para_of(gs)
                while pi < len(paras) and paras[pi][0] < ge:
                    ps, pe, _ = paras[pi]
                    a, b = max(gs, ps), min(ge, pe)
                    if b > a:
                        qspans.setdefault(pi, []).append((a, b, open_tag))
                        open_tag = re.sub(r' id="[^"]*"', "", open_tag, count=1)  # ids are unique: first only
                    pi += 1

        chapter = None
        out.append('<div class="chunk">')
        yield "\n".join(out)
        out = []
        for pi, (ps, pe, ch) in enumerate(paras):
            if pi and pi % CHUNK == 0:
                out.append('</div><div class="chunk">')  # lets the browser skip laying out far-away text
            if ch != chapter:
                chapter = ch
                c = chapters.get(ch)
                if many or (c and c.get("title")):
                    label = (c.get("title") if c else None) or f"Chapter {ch}"
                    out.append(f'<h3 id="ch{_int(ch)}">{esc(label)}</h3>')
            for s in scene_at.get(pi, ()):
                pov = s.get("pov")
                who = f"POV {self.name(pov)}" if pov is not None else "POV unknown"
                sw = f'<span class="sw" style="background:{self.colour(pov) if pov is not None else NO_POV}"></span>'
                out.append(f'<div class="scene" id="{_safe_id(s.get("id"))}">{sw}<span>Scene '
                           f'{esc(str(s.get("id", "")).lstrip("S"))} · {esc(who)}</span></div>')
            events: list[tuple[int, int, str]] = []  # (offset, order, html); closes before marks before opens
            for a, b, tag in qspans.get(pi, ()):
                events.append((a, 2, tag))
                events.append((b, 0, "</span>"))
            for off, tag in marks.get(pi, ()):
                events.append((off, 1, tag))
            events.sort(key=lambda e: (e[0], e[1]))
            buf, pos = ["<p>"], ps
            for off, _, tag in events:
                if off > pos:
                    buf.append(esc(text[pos:off]))
                    pos = off
                buf.append(tag)
            buf.append(esc(text[pos:pe]))
            buf.append("</p>")
            out.append("".join(buf))
            if len(out) >= CHUNK:
                yield "\n" + "\n".join(out)
                out = []
        out.append("</div></article></section>\n")
        yield "\n" + "\n".join(out)

    def _spoken(self, q: dict[str, Any], qs: int, qe: int) -> list[tuple[int, int]]:
        """The spoken pieces of a quotation with their quote marks, so the narration that interrupts
        a quotation ("Yes," said he, "I will.") is not painted in the speaker's colour."""
        text = self.text
        out: list[tuple[int, int]] = []
        for p in q.get("pieces") or []:
            if not isinstance(p, dict):
                continue
            a, b = max(_int(p.get("start")), qs), min(_int(p.get("end")), qe)
            if b <= a or (out and a < out[-1][1]):
                continue
            lo = out[-1][1] if out else qs
            while a > lo and text[a - 1] in _MARKS:
                a -= 1
            while b < qe and text[b] in _MARKS:
                b += 1
            out.append((a, b))
        return out or [(qs, qe)]

    def _quote_tag(self, q: dict[str, Any]) -> str:
        spk = q.get("speaker")
        conf = _num(q.get("confidence"))
        if spk is None:
            return f'<span class="q unk" id="{_safe_id(q.get("id"))}" title="speaker unknown">'
        low = conf < LOW_CONFIDENCE
        to = [self.name(a) for a in q.get("addressees") or [] if a is not None]
        tip = (f"{self.name(spk)}" + (f" to {', '.join(to)}" if to else "")
               + f" · confidence {conf:.2f}" + (f" · {q.get('type')}" if q.get("type") else "")
               + (" · low confidence" if low else "")
               + (" · closing quote mark missing" if q.get("closed") is False else ""))
        return (f'<span class="q {self.kclass(spk)}{" low" if low else ""}" id="{_safe_id(q.get("id"))}" '
                f'data-s="{esc(_safe_id(spk))}" title="{esc(tip)}">')


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _light(colour: str) -> bool:
    """True when black text reads better than white on ``colour``."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b > 150


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _lang(value: Any) -> str:
    v = str(value or "en")
    return v if re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", v) else "en"


def _layout(nodes: list[str], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1]^2: a seeded spring layout (networkx), starting from a circle."""
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    if n == 2:
        return {nodes[0]: (0.0, 0.5), nodes[1]: (1.0, 0.5)}
    # the most present characters (nodes come ranked) take every other place, spread round the circle
    order = nodes[: (n + 1) // 2]
    spread: list[str] = []
    for i, k in enumerate(order):
        spread.append(k)
        if (n + 1) // 2 + i < n:
            spread.append(nodes[(n + 1) // 2 + i])
    circle = {k: (0.5 + 0.5 * math.cos(2 * math.pi * i / n - math.pi / 2),
                  0.5 + 0.5 * math.sin(2 * math.pi * i / n - math.pi / 2)) for i, k in enumerate(spread)}
    if n <= 3 or len(edges) > 0.3 * n * (n - 1) / 2:
        return circle  # dense graphs read better on a circle than in a spring layout's knot
    try:
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(nodes)
        for a, b, w in edges:
            g.add_edge(a, b, weight=math.log1p(w))
        raw = nx.spring_layout(g, pos=circle, seed=7, iterations=120, k=1.6 / math.sqrt(n))
    except Exception:  # noqa: BLE001 - layout is decoration: never fail the report for it
        return circle
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {k: ((p[0] - x0) / ((x1 - x0) or 1), (p[1] - y0) / ((y1 - y0) or 1)) for k, p in raw.items()}


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


def _count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1: "1 exchange", "1,008 words"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


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

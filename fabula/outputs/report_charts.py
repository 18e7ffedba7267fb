"""The report's figures: the scene timeline, the emotional arcs, the relationship arcs of the top
pairs and the character network (methods of the report page, ``report._Report``)."""

from __future__ import annotations

import math
from typing import Any

from fabula.outputs.report_parts import (
    NETWORK_EDGES_PER_NODE,
    NETWORK_NODES,
    NO_POV,
    OTHER,
    TOP_ARCS,
    TOP_PAIRS,
    _count,
    _int,
    _layout,
    _light,
    _num,
    _safe_id,
    _short,
    esc,
)


class Charts:
    """The scene timeline and the emotional arcs; mixed into ``report._Report``, whose state they read."""

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


class Relations:
    """The relationship arcs of the top pairs and the character network; mixed into ``report._Report``."""

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

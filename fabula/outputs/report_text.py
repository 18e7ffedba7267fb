"""The report's writer warnings and full text, every quotation coloured by its speaker (methods of
the report page, ``report._Report``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

from fabula.outputs.report_parts import _MARKS, CHUNK, LOW_CONFIDENCE, NO_POV, _int, _num, _safe_id, esc


class TextParts:
    """The warnings and text sections of the page; mixed into ``report._Report``."""

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

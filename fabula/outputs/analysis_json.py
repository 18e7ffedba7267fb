"""``text.txt`` and ``analysis.json`` (schema "fabula.analysis/1", documented in docs/analysis-json.md)."""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import Any

from fabula.model import Analysis, Span, quote_text

SCHEMA = "fabula.analysis/1"


def _span(s: Span | None) -> dict[str, int] | None:
    return None if s is None else {"start": s.start, "end": s.end}


def spoken_counts(a: Analysis) -> tuple[list[int], list[int]]:
    """Quotes and words spoken per character index."""
    quotes = [0] * len(a.cast.characters)
    words = [0] * len(a.cast.characters)
    for q, att in zip(a.quotes, a.speakers):
        if att.speaker is not None:
            quotes[att.speaker] += 1
            words[att.speaker] += len(quote_text(a.text.text, q).split())
    return quotes, words


_LAST: list[tuple[weakref.ref, dict[str, Any]]] = []  # the dict of the analysis being written


def to_dict(a: Analysis) -> dict[str, Any]:
    """The analysis.json document of ``a``. Made once per analysis being written: analysis.json and
    the report read the same dict (which neither changes); ``forget()`` lets it go."""
    if _LAST and _LAST[0][0]() is a:
        return _LAST[0][1]
    doc = _to_dict(a)
    _LAST[:] = [(weakref.ref(a), doc)]
    return doc


def forget() -> None:
    _LAST.clear()


def _to_dict(a: Analysis) -> dict[str, Any]:
    w = a.work
    ids = [c.id for c in a.cast.characters]
    scene_ids = [s.id for s in a.scenes.scenes]

    def cid(index: int | None) -> str | None:
        return None if index is None else ids[index]

    nq, nw = spoken_counts(a)
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "work": {
            "title": w.title,
            "title_span": _span(w.title_span),
            "authors": list(w.authors),
            "summary": w.summary,
            "summary_span": _span(w.summary_span),
            "notes": [{"kind": n.kind, "text": n.text, "span": _span(n.span), "chapter": n.chapter}
                      for n in w.notes],
            "fandoms": list(w.fandoms),
            "rating": w.rating,
            "warnings": list(w.warnings),
            "categories": list(w.categories),
            "relationships": list(w.relationships),
            "characters": list(w.characters),
            "tags": list(w.tags),
            "language": w.language,
            "url": w.url,
            "series": list(w.series),
            "stats": w.stats,
            "meta_spans": {k: _span(v) for k, v in w.meta_spans.items()},
            "genres": list(w.genres),
            "status": w.status,
            "work_id": w.work_id,
            "source_format": w.source_format,
            "words": a.text.words,
            "story_start": w.story_start,
            "story": [_span(s) for s in w.story],
            "chapters": [{"index": c.index, "title": c.title, "start": c.start, "end": c.end}
                         for c in w.chapters],
            "scene_breaks": [{"start": b.start, "end": b.end, "marker": b.marker} for b in w.breaks],
        },
        "characters": [
            {"id": c.id, "name": c.name, "aliases": list(c.aliases), "pronouns": c.pronouns,
             "mentions": c.mentions, "quotes": nq[c.index], "words_spoken": nw[c.index],
             "narrator": c.narrator, "minor": c.minor}
            for c in a.cast.characters
        ],
        "quotes": [
            {"id": q.id, "start": q.start, "end": q.end, "text": quote_text(a.text.text, q),
             "pieces": [_span(p) for p in q.pieces], "paragraph": q.paragraph,
             "speaker": cid(att.speaker), "addressees": [cid(x) for x in att.addressees],
             "type": att.type, "confidence": round(att.confidence, 3), "cue": _span(att.cue),
             "closed": q.closed, "label": q.label}
            for q, att in zip(a.quotes, a.speakers)
        ],
        "scenes": [
            {"id": s.id, "start": s.start, "end": s.end, "chapter": s.chapter, "boundary": s.boundary,
             "person": s.person, "pov": cid(s.pov), "confidence": round(s.confidence, 3),
             "present": [cid(x) for x in s.present]}
            for s in a.scenes
        ],
        "feelings": {
            "paragraph_valence": [round(v, 4) for v in a.feelings.paragraph_valence],
            "scene_valence": [round(v, 4) for v in a.feelings.scene_valence],
            "arc": [round(v, 4) for v in a.feelings.arc],
            "character_arcs": {cid(k): [round(v, 4) for v in arc]
                               for k, arc in a.feelings.character_arcs.items()},
            "emotions": a.feelings.emotions,
        },
        "relationships": [
            {"a": cid(r.a), "b": cid(r.b), "exchanges": r.exchanges, "words": r.words,
             "tone": round(r.tone, 4), "tones": [round(v, 4) for v in r.tones],
             "arc": [round(v, 4) for v in r.arc],
             "scenes": [scene_ids[i] for i in r.scenes], "romantic": r.romantic,
             "cues": [_span(c) for c in r.cues]}
            for r in a.feelings.relationships
        ],
        "network": {
            "nodes": [{"id": c.id, "label": c.name, "words_spoken": a.network.words_spoken[c.index]}
                      for c in a.cast.characters],
            "edges": [{"a": cid(e.a), "b": cid(e.b), "conversation": e.conversation,
                       "copresence": e.copresence, "tone": round(e.tone, 4), "chapter": e.chapter}
                      for e in (*a.network.edges, *a.network.chapter_edges)],
        },
        "warnings": [{"kind": x.kind, "start": x.start, "end": x.end, "message": x.message}
                     for x in a.craft.warnings],
        "suggested_tags": {k: list(v) for k, v in a.craft.suggested_tags.items()},
    }
    return out


def write(a: Analysis, folder: Path) -> None:
    (folder / "text.txt").write_text(a.work.text, encoding="utf-8", newline="")
    # compact: json's C encoder only runs without indent (pretty-print with `python -m json.tool`)
    doc = json.dumps(to_dict(a), ensure_ascii=False, separators=(",", ":"))
    (folder / "analysis.json").write_text(doc, encoding="utf-8")

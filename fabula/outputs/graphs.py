"""The character network as files Gephi (and networkx, igraph, Cytoscape) users open directly.

Writes into the output folder:

* ``network.gexf`` and ``network.graphml``: the whole-story graph. Nodes are characters (``label``,
  ``words_spoken``, ``quotes``, ``mentions``, ``pronouns``, ``pov_scenes``); edges join characters who
  talk to each other or share scenes, with ``weight`` (quotes exchanged + scenes shared),
  ``conversation``, ``copresence`` and ``tone`` (mean valence of what they say to each other, -1..1).
* ``network_dynamic.gexf``: the same graph over narrative time, one time step per chapter: every node
  and edge has spells for the chapters it is in; ``chapter_weight``, ``conversation``, ``copresence``
  and ``tone`` take their per-chapter values, ``chapter_words`` the words each character speaks per
  chapter (Gephi's timeline plays the story chapter by chapter); ``weight`` stays the total.
* ``nodes.csv`` and ``edges.csv``: Gephi's spreadsheet import (``Id``, ``Label``; ``Source``,
  ``Target``, ``Type``, ``Weight``, then the other attributes), and ``edges_by_chapter.csv`` with a
  ``Chapter`` column.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx

from fabula.model import Analysis, Edge, quote_text


def _node_attrs(a: Analysis) -> dict[str, dict]:
    quotes = Counter(att.speaker for att in a.speakers if att.speaker is not None)
    pov = Counter(s.pov for s in a.scenes if s.pov is not None)
    out = {}
    for c in a.cast.characters:
        words = a.network.words_spoken[c.index] if c.index < len(a.network.words_spoken) else 0
        out[c.id] = {"label": c.name, "words_spoken": int(words), "quotes": int(quotes[c.index]),
                     "mentions": int(c.mentions), "pronouns": c.pronouns or "", "pov_scenes": int(pov[c.index])}
    return out


def _edge_attrs(e: Edge) -> dict:
    return {"weight": float(e.conversation + e.copresence), "conversation": int(e.conversation),
            "copresence": int(e.copresence), "tone": float(round(e.tone, 4))}


def static_graph(a: Analysis) -> nx.Graph:
    g = nx.Graph(name=a.work.title or "story")
    for cid, attrs in _node_attrs(a).items():
        g.add_node(cid, **attrs)
    chars = a.cast.characters
    for e in a.network.edges:
        g.add_edge(chars[e.a].id, chars[e.b].id, **_edge_attrs(e))
    return g


def dynamic_graph(a: Analysis) -> nx.Graph:
    """Chapters as time steps: spells [c, c] and per-chapter attribute values."""
    g = nx.Graph(name=a.work.title or "story", mode="dynamic")
    chars = a.cast.characters
    node_chapters: dict[int, set[int]] = defaultdict(set)
    for s in a.scenes:
        for c in s.present:
            node_chapters[c].add(s.chapter)
    for q, att in zip(a.quotes, a.speakers):
        if att.speaker is not None:
            node_chapters[att.speaker].add(a.text.paragraphs[q.paragraph].chapter)
    words_by_chapter: dict[int, Counter[int]] = defaultdict(Counter)
    for q, att in zip(a.quotes, a.speakers):
        if att.speaker is not None:
            words_by_chapter[att.speaker][a.text.paragraphs[q.paragraph].chapter] += len(
                quote_text(a.text.text, q).split())
    attrs = _node_attrs(a)
    for c in chars:
        spells = sorted(node_chapters.get(c.index, ()))
        data = dict(attrs[c.id])
        if spells:
            data["spells"] = [(ch, ch) for ch in spells]
            data["chapter_words"] = [(int(words_by_chapter[c.index][ch]), ch, ch) for ch in spells]
        g.add_node(c.id, **data)
    per_edge: dict[tuple[int, int], list[Edge]] = defaultdict(list)
    for e in a.network.chapter_edges:
        per_edge[(e.a, e.b)].append(e)
    for (x, y), es in per_edge.items():
        es.sort(key=lambda e: e.chapter)
        g.add_edge(chars[x].id, chars[y].id,
                   spells=[(e.chapter, e.chapter) for e in es],
                   weight=float(sum(e.conversation + e.copresence for e in es)),
                   chapter_weight=[(float(e.conversation + e.copresence), e.chapter, e.chapter) for e in es],
                   conversation=[(int(e.conversation), e.chapter, e.chapter) for e in es],
                   copresence=[(int(e.copresence), e.chapter, e.chapter) for e in es],
                   tone=[(float(round(e.tone, 4)), e.chapter, e.chapter) for e in es])
    return g


def write(a: Analysis, folder: Path) -> None:
    folder = Path(folder)
    g = static_graph(a)
    nx.write_gexf(g, folder / "network.gexf")
    nx.write_graphml(g, folder / "network.graphml")
    nx.write_gexf(dynamic_graph(a), folder / "network_dynamic.gexf")
    chars = a.cast.characters
    with open(folder / "nodes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Id", "Label", "words_spoken", "quotes", "mentions", "pronouns", "pov_scenes"])
        for cid, d in _node_attrs(a).items():
            w.writerow([cid, d["label"], d["words_spoken"], d["quotes"], d["mentions"], d["pronouns"], d["pov_scenes"]])
    with open(folder / "edges.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Source", "Target", "Type", "Weight", "conversation", "copresence", "tone"])
        for e in a.network.edges:
            d = _edge_attrs(e)
            w.writerow([chars[e.a].id, chars[e.b].id, "Undirected", d["weight"], d["conversation"],
                        d["copresence"], d["tone"]])
    with open(folder / "edges_by_chapter.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Source", "Target", "Type", "Weight", "Chapter", "conversation", "copresence", "tone"])
        for e in a.network.chapter_edges:
            d = _edge_attrs(e)
            w.writerow([chars[e.a].id, chars[e.b].id, "Undirected", d["weight"], e.chapter, d["conversation"],
                        d["copresence"], d["tone"]])

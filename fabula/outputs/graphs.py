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
import re
from collections import Counter, defaultdict
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from fabula.model import Analysis, Edge, quote_text

_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # not allowed in XML


def _node_attrs(a: Analysis) -> dict[str, dict]:
    quotes = Counter(att.speaker for att in a.speakers if att.speaker is not None)
    pov = Counter(s.pov for s in a.scenes if s.pov is not None)
    out = {}
    for c in a.cast.characters:
        words = a.network.words_spoken[c.index] if c.index < len(a.network.words_spoken) else 0
        out[c.id] = {"label": _BAD_XML.sub("", c.name), "words_spoken": int(words), "quotes": int(quotes[c.index]),
                     "mentions": int(c.mentions), "pronouns": _BAD_XML.sub("", c.pronouns or ""),
                     "pov_scenes": int(pov[c.index])}
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


# ---------------------------------------------------------------- GEXF
# networkx's GEXF writer builds an ElementTree and takes ~0.3 s per 1,000 edges; this writer emits the
# same GEXF 1.2 text directly (the tests read it back with networkx.read_gexf).

_GEXF_TYPE = {bool: "boolean", int: "integer", float: "double", str: "string"}


def _q(value) -> str:
    """``value`` as a quoted XML attribute (numbers need no escaping: the common case, made fast)."""
    t = type(value)
    if t is int or t is float:
        return f'"{value}"'
    if t is bool:
        return '"true"' if value else '"false"'
    return quoteattr(_BAD_XML.sub("", str(value)))


def _gexf_attrs(kind: str, items) -> tuple[list[str], dict[str, int]]:
    """The <attributes> blocks for ``kind`` ("node"/"edge"), static and dynamic (list-valued), and a
    key -> id map, from the data dicts."""
    types: dict[str, tuple[str, bool]] = {}
    for data in items:
        for k, v in data.items():
            if k in ("label", "spells", "weight") or k in types:
                continue
            is_list = isinstance(v, list)
            sample = (v[0][0] if v else 0) if is_list else v
            types[k] = (_GEXF_TYPE.get(type(sample), "string"), is_list)
    ids = {k: i for i, k in enumerate(types)}
    lines = []
    for mode, dynamic in (("static", False), ("dynamic", True)):
        block = [f'<attribute id="{ids[k]}" title={_q(k)} type="{t}"/>' for k, (t, d) in types.items() if d == dynamic]
        if block:
            lines += [f'<attributes class="{kind}" mode="{mode}">', *block, "</attributes>"]
    return lines, ids


def _gexf_values(data: dict, ids: dict[str, int]) -> str:
    out = []
    for k, v in data.items():
        if k not in ids:
            continue
        if isinstance(v, list):
            out += [f'<attvalue for="{ids[k]}" value={_q(x)} start="{s}" end="{e}"/>' for x, s, e in v]
        else:
            out.append(f'<attvalue for="{ids[k]}" value={_q(v)}/>')
    spells = "".join(f'<spell start="{s}" end="{e}"/>' for s, e in data.get("spells", ()))
    return (f"<attvalues>{''.join(out)}</attvalues>" if out else "") + (f"<spells>{spells}</spells>" if spells else "")


def write_gexf(g: nx.Graph, path: Path) -> None:
    dynamic = g.graph.get("mode") == "dynamic"
    nodes = list(g.nodes(data=True))
    edges = list(g.edges(data=True))
    node_head, node_ids = _gexf_attrs("node", (d for _, d in nodes))
    edge_head, edge_ids = _gexf_attrs("edge", (d for _, _, d in edges))
    mode = 'mode="dynamic" timeformat="integer"' if dynamic else 'mode="static"'
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
             f"<meta><creator>fabula</creator><description>{escape(_BAD_XML.sub('', str(g.graph.get('name', ''))))}</description></meta>",
             f'<graph defaultedgetype="undirected" {mode}>', *node_head, *edge_head, "<nodes>"]
    for n, d in nodes:
        lines.append(f'<node id={_q(n)} label={_q(d.get("label", n))}>{_gexf_values(d, node_ids)}</node>')
    lines.append("</nodes>\n<edges>")
    for i, (u, v, d) in enumerate(edges):
        weight = f' weight="{float(d["weight"])}"' if "weight" in d else ""
        lines.append(f'<edge id="{i}" source={_q(u)} target={_q(v)}{weight}>{_gexf_values(d, edge_ids)}</edge>')
    lines += ["</edges>", "</graph>", "</gexf>"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write(a: Analysis, folder: Path) -> None:
    folder = Path(folder)
    g = static_graph(a)
    write_gexf(g, folder / "network.gexf")
    nx.write_graphml(g, folder / "network.graphml")
    write_gexf(dynamic_graph(a), folder / "network_dynamic.gexf")
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

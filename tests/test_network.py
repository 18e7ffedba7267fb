"""The character network: nodes sized by words spoken, edges for conversation and shared scenes,
and the files Gephi users open (GEXF, GraphML, spreadsheet CSVs)."""

from __future__ import annotations

import csv

import networkx as nx

from fabula.outputs import graphs

try:
    from test_scenes_support import analysis_of
except ImportError:  # tests run as a package
    from tests.test_scenes_support import analysis_of

IVY = ("Ivy", "she/her", ("Ivy",))
MARCUS = ("Marcus", "he/him", ("Marcus",))
TOM = ("Tom", "he/him", ("Tom",))

STORY = """Chapter 1

"You came back," said Ivy to Marcus. "After all this time."

"I always come back," said Marcus.

Tom watched them from the stairs and said nothing.

* * *

Tom found Ivy in the kitchen the next day.

"Is he staying, Ivy?" asked Tom.

"For now," said Ivy.

Chapter 2

Marcus walked alone along the river and thought of her."""


def _story():
    return analysis_of(STORY, [IVY, MARCUS, TOM])


def test_node_size_is_words_spoken():
    a = _story()
    ivy, marcus, tom = a.network.words_spoken
    assert ivy == 9  # "You came back," / "After all this time." / "For now,"
    assert marcus == 4  # "I always come back,"
    assert tom == 4  # "Is he staying, Ivy?"


def test_edges_count_conversation_and_shared_scenes():
    a = _story()
    edges = {(e.a, e.b): e for e in a.network.edges}
    ivy_marcus, ivy_tom, marcus_tom = edges[(0, 1)], edges[(0, 2)], edges[(1, 2)]
    assert ivy_marcus.conversation == 2  # one quotation each (Ivy's is interrupted by its tag)
    assert ivy_tom.conversation == 2
    assert marcus_tom.conversation == 0
    assert ivy_marcus.copresence == 1  # the first scene only
    assert ivy_tom.copresence == 2  # both scenes of chapter 1
    assert marcus_tom.copresence == 1


def test_per_chapter_edges_only_hold_that_chapter():
    a = _story()
    assert {e.chapter for e in a.network.chapter_edges} == {1}  # Marcus is alone in chapter 2
    assert all(e.chapter is None for e in a.network.edges)


def test_gexf_and_graphml_parse_back_with_networkx(tmp_path):
    a = _story()
    graphs.write(a, tmp_path)
    for name, read in (("network.gexf", nx.read_gexf), ("network.graphml", nx.read_graphml)):
        g = read(tmp_path / name)
        assert {g.nodes[n]["label"] for n in g.nodes} == {"Ivy", "Marcus", "Tom"}
        assert g.number_of_edges() == 3
        ivy = next(n for n in g.nodes if g.nodes[n]["label"] == "Ivy")
        marcus = next(n for n in g.nodes if g.nodes[n]["label"] == "Marcus")
        assert int(g.nodes[ivy]["words_spoken"]) == a.network.words_spoken[0]
        assert float(g.edges[ivy, marcus]["weight"]) == 3.0  # 2 quotes exchanged + 1 scene shared


def test_dynamic_gexf_has_a_spell_per_chapter(tmp_path):
    a = _story()
    graphs.write(a, tmp_path)
    g = nx.read_gexf(tmp_path / "network_dynamic.gexf")
    assert g.graph["mode"] == "dynamic"
    marcus = next(n for n in g.nodes if g.nodes[n]["label"] == "Marcus")
    chapters = sorted(start for start, _ in g.nodes[marcus]["spells"])
    assert chapters == [1, 2]
    for _, _, data in g.edges(data=True):
        assert data["spells"]


def test_gephi_spreadsheet_csvs(tmp_path):
    a = _story()
    graphs.write(a, tmp_path)
    with open(tmp_path / "nodes.csv", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "edges.csv", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert [n["Label"] for n in nodes] == ["Ivy", "Marcus", "Tom"]
    assert set(edges[0]) >= {"Source", "Target", "Type", "Weight"}
    assert {e["Type"] for e in edges} == {"Undirected"}
    assert {(e["Source"], e["Target"]) for e in edges} == {("C1", "C2"), ("C1", "C3"), ("C2", "C3")}


def test_a_story_with_no_cast_still_writes_empty_graphs(tmp_path):
    a = analysis_of("The wind blew over the empty moor.", [])
    graphs.write(a, tmp_path)
    assert nx.read_gexf(tmp_path / "network.gexf").number_of_nodes() == 0
    assert nx.read_graphml(tmp_path / "network.graphml").number_of_nodes() == 0


def test_names_with_markup_and_control_characters_still_make_valid_files(tmp_path):
    story = '"Hello," said Ivy.\n\n"Hi," said Tom.'
    a = analysis_of(story, [("Ivy", "she/her", ("Ivy",)), ("Tom", "he/him", ("Tom",))])
    evil = a.cast.characters[0].__class__(0, '<Ivy & "Co">\x01</gexf>', ("Ivy",), "she/her", 1)
    a = a.__class__(**{**a.__dict__, "cast": a.cast.__class__((evil, a.cast.characters[1]), a.cast.mentions)})
    graphs.write(a, tmp_path)
    for name in ("network.gexf", "network_dynamic.gexf"):
        g = nx.read_gexf(tmp_path / name)
        assert '<Ivy & "Co"></gexf>' in {g.nodes[n]["label"] for n in g.nodes}
    assert nx.read_graphml(tmp_path / "network.graphml").number_of_nodes() == 2

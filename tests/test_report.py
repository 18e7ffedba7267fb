"""The report page: what a reader must find in report.html, given an analysis dict and its text.

The dicts here are built by hand (shaped like analysis_json.to_dict) so every view is populated
whatever state the analysis stages are in.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabula.cli import main
from fabula.errors import FabulaError
from fabula.outputs.report import PALETTE, render, rerender

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "the-lantern-keepers.txt"
GOLD = ROOT / "tests" / "fixtures" / "sample_gold.json"

# --------------------------------------------------------------------------- hand-built inputs

STORY = """The Toll Bridge

Summary: Two tolltakers, one bridge, and a goat nobody will claim.

Mags leaned on the rail and watched the river. Tobias came up the road with the goat on a rope.

"It's yours," said Tobias.

"It is not mine," Mags said. "I have never owned a goat in my life, Toby."

"It followed you."

"Goats follow anyone with pockets."

The ferryman, Old Dunne, called across the water: "Keep it! It'll eat the thistles."

* * *

Tobias did not sleep. He lay in the toll hut and listened to the goat chewing the door.

"Mags," he whispered. "Mags, it's eating the ledger."

"Let it," she said.
"""


def _at(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def hand_doc(text: str = STORY) -> dict:
    """An analysis dict for STORY: three characters, quotes, two scenes, arcs, a pair, a warning."""
    story_start = text.index("Mags leaned")
    q_texts = [
        ("\u0022It's yours,\u0022", "C2", ["C1"], 0.95, "explicit"),
        ("\u0022It is not mine,\u0022 Mags said. \u0022I have never owned a goat in my life, Toby.\u0022",
         "C1", ["C2"], 0.97, "explicit"),
        ("\u0022It followed you.\u0022", "C2", ["C1"], 0.62, "implicit"),
        ("\u0022Goats follow anyone with pockets.\u0022", "C1", ["C2"], 0.31, "implicit"),
        ("\u0022Keep it! It'll eat the thistles.\u0022", "C3", [], 0.8, "explicit"),
        ("\u0022Mags,\u0022 he whispered. \u0022Mags, it's eating the ledger.\u0022", "C2", ["C1"], 0.9, "anaphoric"),
        ("\u0022Let it,\u0022", None, [], 0.0, "implicit"),
    ]
    quotes, pos = [], story_start
    for i, (qt, spk, to, conf, kind) in enumerate(q_texts):
        s, e = _at(text, qt, pos)
        pos = e
        pieces = [{"start": s + m.start(1), "end": s + m.end(1)} for m in re.finditer(r'"([^"]*)"', qt)]
        quotes.append({"id": f"Q{i + 1}", "start": s, "end": e, "text": qt.strip('"'), "pieces": pieces,
                       "paragraph": 0, "speaker": spk, "addressees": to, "type": kind, "confidence": conf,
                       "cue": None, "closed": True})
    brk = text.index("* * *")
    s2 = text.index("Tobias did not sleep")
    return {
        "schema": "fabula.analysis/1",
        "work": {
            "title": "The Toll Bridge", "authors": ["gooseberry_fool"], "summary": "Two tolltakers, one bridge, "
            "and a goat nobody will claim.", "notes": [], "fandoms": ["Original Work"], "rating": "General Audiences",
            "warnings": [], "categories": ["Gen"], "relationships": [], "characters": [], "tags": ["Goats", "Humor"],
            "language": "en", "url": None, "series": [], "stats": {}, "source_format": "text", "words": 120,
            "story_start": story_start, "story": [{"start": story_start, "end": len(text)}],
            "chapters": [{"index": 1, "title": None, "start": story_start, "end": len(text)}],
            "scene_breaks": [{"start": brk, "end": brk + 5, "marker": "* * *"}],
        },
        "characters": [
            {"id": "C1", "name": "Mags", "aliases": ["Mags", "Margaret"], "pronouns": "she/her", "mentions": 6,
             "quotes": 2, "words_spoken": 16, "narrator": False},
            {"id": "C2", "name": "Tobias", "aliases": ["Tobias", "Toby"], "pronouns": "he/him", "mentions": 5,
             "quotes": 3, "words_spoken": 12, "narrator": False},
            {"id": "C3", "name": "Old Dunne", "aliases": ["Old Dunne", "The ferryman"], "pronouns": None,
             "mentions": 1, "quotes": 1, "words_spoken": 6, "narrator": False},
        ],
        "quotes": quotes,
        "scenes": [
            {"id": "S1", "start": story_start, "end": brk, "chapter": 1, "boundary": "start", "person": "third",
             "pov": "C1", "confidence": 0.8, "present": ["C1", "C2", "C3"]},
            {"id": "S2", "start": s2, "end": len(text), "chapter": 1, "boundary": "explicit", "person": "third",
             "pov": "C2", "confidence": 0.7, "present": ["C1", "C2"]},
        ],
        "feelings": {
            "paragraph_valence": [0.1] * 9, "scene_valence": [0.2, -0.1],
            "arc": [round(0.3 * math.sin(i / 15), 4) for i in range(100)],
            "character_arcs": {"C1": [round(0.2 * math.cos(i / 20), 4) for i in range(100)],
                               "C2": [round(-0.1 + i / 500, 4) for i in range(100)]},
            "emotions": None,
        },
        "relationships": [
            {"a": "C1", "b": "C2", "exchanges": 5, "words": 28, "tone": 0.12, "arc": [0.3, -0.2],
             "scenes": ["S1", "S2"], "romantic": False, "cues": []},
        ],
        "network": {
            "nodes": [{"id": "C1", "label": "Mags", "words_spoken": 16}, {"id": "C2", "label": "Tobias",
                      "words_spoken": 12}, {"id": "C3", "label": "Old Dunne", "words_spoken": 6}],
            "edges": [{"a": "C1", "b": "C2", "conversation": 5, "copresence": 2, "tone": 0.12, "chapter": None},
                      {"a": "C1", "b": "C3", "conversation": 0, "copresence": 1, "tone": 0.0, "chapter": None},
                      {"a": "C1", "b": "C2", "conversation": 5, "copresence": 2, "tone": 0.12, "chapter": 1}],
        },
        "warnings": [
            {"kind": "untagged_run", "start": quotes[2]["start"], "end": quotes[3]["end"],
             "message": "2 quotations in a row with no speech tag"},
            {"kind": "said_bookism", "start": quotes[5]["start"], "end": quotes[5]["end"],
             "message": "'whispered' used as a speech tag"},
        ],
        "suggested_tags": {},
    }


def sample_doc() -> tuple[dict, str]:
    """The sample story with its hand annotation (tests/fixtures/sample_gold.json) as an analysis dict."""
    text = SAMPLE.read_text(encoding="utf-8")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    cid = {c["id"]: f"C{i + 1}" for i, c in enumerate(gold["characters"])}
    quotes, lines, words = [], {}, {}
    pair: dict[tuple[str, str], int] = {}
    for i, q in enumerate(gold["quotes"]):
        spk = cid[q["speaker"]]
        start = q["start"] - 1 if text[q["start"] - 1] == "\u201c" else q["start"]  # gold starts after the mark
        pieces = [{"start": start + m.start(1), "end": start + m.end(1)}
                  for m in re.finditer("\u201c([^\u201d\n]*)(?:\u201d|$)", text[start:q["end"]], re.MULTILINE)]
        to = [cid[a] for a in q["addressees"]]
        conf = 0.35 if q["type"] == "implicit" and i % 3 == 0 else 0.9
        quotes.append({"id": f"Q{i + 1}", "start": start, "end": q["end"], "text": q["text"], "pieces": pieces,
                       "paragraph": 0, "speaker": spk, "addressees": to, "type": q["type"],
                       "confidence": conf, "cue": None, "closed": True})
        lines[spk] = lines.get(spk, 0) + 1
        words[spk] = words.get(spk, 0) + len(q["text"].split())
        for a in to:
            key = tuple(sorted((spk, a)))
            pair[key] = pair.get(key, 0) + 1
    starts = [s["start"] for s in gold["scenes"]] + [len(text)]
    scenes = [{"id": f"S{s['n']}", "start": s["start"], "end": starts[i + 1], "chapter": 1,
               "boundary": s["boundary"], "person": s["person"], "pov": cid[s["pov"]], "confidence": 0.8,
               "present": [cid[p] for p in s["present"]]} for i, s in enumerate(gold["scenes"])]
    chars = [{"id": cid[c["id"]], "name": c["name"], "aliases": c["aliases"], "pronouns": c["pronouns"],
              "mentions": 10 + i, "quotes": lines.get(cid[c["id"]], 0), "words_spoken": words.get(cid[c["id"]], 0),
              "narrator": False} for i, c in enumerate(gold["characters"])]
    copresence: dict[tuple[str, str], int] = {}
    for s in scenes:
        for a in s["present"]:
            for b in s["present"]:
                if a < b:
                    copresence[(a, b)] = copresence.get((a, b), 0) + 1
    keys = sorted(set(pair) | set(copresence))
    edges = [{"a": a, "b": b, "conversation": pair.get((a, b), 0), "copresence": copresence.get((a, b), 0),
              "tone": round(0.3 * math.sin(i), 4), "chapter": None} for i, (a, b) in enumerate(keys)]
    untagged = quotes[20]
    doc = {
        "schema": "fabula.analysis/1",
        "work": {"title": gold["title"], "authors": ["an exchange writer"], "summary": gold["summary"],
                 "notes": [{"kind": "author_note", "text": gold["notes"][0], "span": None, "chapter": None}],
                 "fandoms": ["Original Work"], "rating": "Teen And Up Audiences", "warnings": [],
                 "categories": ["F/M"], "relationships": ["Wren Ashby/Casimir Vale"], "characters": [],
                 "tags": ["Slow Burn", "Grief/Mourning", "Lighthouses"], "language": "en", "url": None,
                 "series": [], "stats": {}, "source_format": "text", "words": len(text.split()),
                 "story_start": scenes[0]["start"], "story": [{"start": scenes[0]["start"], "end": len(text)}],
                 "chapters": [{"index": 1, "title": None, "start": scenes[0]["start"], "end": len(text)}],
                 "scene_breaks": []},
        "characters": chars,
        "quotes": quotes,
        "scenes": scenes,
        "feelings": {"paragraph_valence": [], "scene_valence": [],
                     "arc": [round(0.25 * math.sin(i / 14) - 0.05, 4) for i in range(100)],
                     "character_arcs": {"C1": [round(0.3 * math.sin(i / 18 + 1), 4) for i in range(100)],
                                        "C2": [round(-0.2 + i / 300, 4) for i in range(100)],
                                        "C3": [round(0.15 * math.cos(i / 10), 4) for i in range(100)]},
                     "emotions": None},
        "relationships": [
            {"a": "C1", "b": "C2", "exchanges": pair.get(("C1", "C2"), 0), "words": 400, "tone": 0.21,
             "arc": [-0.3, -0.1, 0.2, 0.45], "scenes": ["S3", "S4", "S6", "S7"], "romantic": True, "cues": []},
            {"a": "C1", "b": "C3", "exchanges": pair.get(("C1", "C3"), 0), "words": 300, "tone": -0.05,
             "arc": [0.1, -0.2, 0.0, 0.15], "scenes": ["S1", "S3", "S5", "S7"], "romantic": False, "cues": []},
        ],
        "network": {"nodes": [{"id": c["id"], "label": c["name"], "words_spoken": c["words_spoken"]} for c in chars],
                    "edges": edges},
        "warnings": [{"kind": "untagged_run", "start": untagged["start"], "end": untagged["end"],
                      "message": "6 quotations in a row with no speech tag"},
                     {"kind": "head_hopping", "start": scenes[3]["start"] + 400, "end": scenes[3]["start"] + 500,
                      "message": "the point of view moves from Casimir to Wren inside a scene"}],
        "suggested_tags": {},
    }
    return doc, text


# --------------------------------------------------------------------------- reading the page


class Page(HTMLParser):
    """Collects what the tests look at: elements with their attributes and the text inside them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.quote_text: dict[str, list[str]] = {}
        self.scripts: list[str] = []
        self._stack: list[str | None] = []
        self._in_script = False
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"])
        self._in_script = tag == "script"
        if tag == "span":
            self._stack.append(a.get("id") if "q" in (a.get("class") or "").split() else None)

    def handle_endtag(self, tag):
        if tag == "span" and self._stack:
            self._stack.pop()
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
            return
        self.text.append(data)
        for qid in self._stack:
            if qid:
                self.quote_text.setdefault(qid, []).append(data)

    def quote(self, qid: str) -> str:
        return "".join(self.quote_text.get(qid, []))

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


# --------------------------------------------------------------------------- the views


def test_the_page_shows_the_works_metadata_and_its_cast():
    page = render(hand_doc(), STORY)
    p = Page(page)
    body = "".join(p.text)
    assert "<title>The Toll Bridge · fabula</title>" in page
    for shown in ("gooseberry_fool", "Original Work", "Goats", "Humor", "a goat nobody will claim"):
        assert shown in body
    rows = {a["id"] for a in p.find("tr") if a.get("id")}
    assert {"C1", "C2", "C3"} <= rows
    assert "Margaret" in body and "Toby" in body  # aliases
    assert "she/her" in body and "he/him" in body


def test_each_quotation_is_coloured_by_its_speaker_with_name_and_confidence_on_hover():
    p = Page(render(hand_doc(), STORY))
    q1 = p.find("span", id="Q1")[0]
    assert "Tobias" in q1["title"] and "0.95" in q1["title"]
    assert p.quote("Q1") == "\u201cIt's yours,\u201d".replace("\u201c", '"').replace("\u201d", '"')
    # Mags says the most, so she has the first colour of the palette; Tobias the second
    assert "k0" in p.find("span", id="Q2")[0]["class"].split()
    assert "k1" in q1["class"].split()
    assert f".k0{{--k:{PALETTE[0]}" in render(hand_doc(), STORY)
    # the narration that interrupts a quotation is not painted in the speaker's colour
    assert p.quote("Q2") == '"It is not mine,"'
    second = [a for a in p.find("span") if a.get("title") == p.find("span", id="Q2")[0]["title"]]
    assert len(second) == 2 and "id" not in second[1]  # ...but the second piece is, and ids stay unique


def test_low_confidence_and_unattributed_quotations_are_marked():
    p = Page(render(hand_doc(), STORY))
    assert "low" in p.find("span", id="Q4")[0]["class"].split()  # confidence 0.31
    assert "low confidence" in p.find("span", id="Q4")[0]["title"]
    assert "low" not in p.find("span", id="Q1")[0]["class"].split()
    q7 = p.find("span", id="Q7")[0]
    assert "unk" in q7["class"].split() and q7["title"] == "speaker unknown"


def test_every_warning_links_to_an_anchor_in_the_text_and_back():
    p = Page(render(hand_doc(), STORY))
    links = [a["href"] for a in p.find("a") if re.fullmatch(r"#w\d+", a.get("href") or "")]
    assert sorted(links) == ["#w1", "#w2"]
    for href in links:
        assert href[1:] in p.ids
    marks = p.find("a", **{"class": "wm"})
    assert [m["id"] for m in marks] == ["w1", "w2"] and all(m["href"][1:] in p.ids for m in marks)


def test_timeline_scenes_link_to_scene_markers_in_the_text():
    page = render(hand_doc(), STORY)
    p = Page(page)
    assert {"S1", "S2"} <= p.ids
    assert 'href="#S1"' in page and 'href="#S2"' in page
    # the scene of Mags' point of view is drawn in her colour
    assert re.search(r'<a href="#S1"><rect [^>]*fill="' + PALETTE[0], page)


def test_the_network_arcs_and_pairs_are_inline_svg():
    page = render(hand_doc(), STORY)
    for section in ("timeline", "feelings", "relationships", "network"):
        chunk = page.split(f'<section id="{section}">')[1].split("</section>")[0]
        assert "<svg" in chunk, section
    net = page.split('<section id="network">')[1].split("</section>")[0]
    assert net.count("<circle") == 3 and net.count("<line") == 2  # the per-chapter edge is not drawn twice


def test_the_page_asks_for_nothing_from_outside():
    page = render(hand_doc(), STORY)
    p = Page(page)
    for tag, attrs in p.elements:
        for key in ("src", "href", "action", "formaction", "poster", "data", "xlink:href"):
            v = attrs.get(key)
            assert v is None or v.startswith("#"), (tag, key, v)
    assert not re.search(r"https?://", page.replace("http://www.w3.org/2000/svg", ""))
    assert "default-src 'none'" in page  # and the browser is told to refuse anything else


def test_story_text_and_metadata_are_escaped_everywhere():
    evil = '<script>alert(1)</script>'
    text = STORY.replace("The ferryman", "The <img src=x onerror=alert(2)> ferryman").replace(
        "watched the river", "watched the </style><a href=\"javascript:alert(3)\">river</a>")
    doc = hand_doc(text)
    doc["work"]["title"] = evil
    doc["work"]["tags"] = ['"><svg onload=alert(4)>', "it's 'quoted'"]
    doc["work"]["summary"] = "</textarea><iframe src=javascript:alert(5)>"
    doc["characters"][0]["name"] = '<b onmouseover="alert(6)">Mags</b>'
    doc["characters"][0]["aliases"] = ["\" onfocus=\"alert(7)"]
    doc["work"]["url"] = "javascript:alert(8)"
    page = render(doc, text)
    p = Page(page)
    tags = [t for t, _ in p.elements]
    assert tags.count("script") == 1 and "alert" not in "".join(p.scripts)
    assert "img" not in tags and "iframe" not in tags and tags.count("style") == 1
    for _, attrs in p.elements:
        assert not any(k.startswith("on") for k in attrs), attrs
        assert not any("javascript:" in (v or "") for k, v in attrs.items() if k in ("href", "src"))
    body = "".join(p.text)
    assert evil in body and "<img src=x onerror=alert(2)>" in body and "</style>" in body


def test_an_empty_analysis_still_renders_every_section():
    doc = {"schema": "fabula.analysis/1", "work": {"title": None, "words": 0, "chapters": [], "story": []},
           "characters": [], "quotes": [], "scenes": [], "feelings": {}, "relationships": [], "network": {},
           "warnings": []}
    page = render(doc, "Just one line of story.")
    p = Page(page)
    assert {"cast", "timeline", "feelings", "relationships", "network", "warnings", "text"} <= p.ids
    assert "Just one line of story." in "".join(p.text)
    assert "Untitled story" in page


# --------------------------------------------------------------------------- the command


def _analysed(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["analyze", str(tmp_path / "story.txt"), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    return out


def test_fabula_analyze_leaves_a_report(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    out = _analysed(tmp_path)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Tobias did not sleep." in page


def test_fabula_report_rerenders_from_analysis_json(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    out = _analysed(tmp_path)
    (out / "analysis.json").write_text(json.dumps(hand_doc()), encoding="utf-8")
    (out / "text.txt").write_text(STORY, encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(out)])
    assert res.exit_code == 0, res.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="Q2"' in page and "Old Dunne" in page
    assert not list(out.glob(".report.*"))  # no temporary file left behind


@pytest.mark.parametrize("damage, message", [
    ("missing_json", "analysis.json: missing"),
    ("missing_text", "text.txt: missing"),
    ("corrupt_json", "corrupt JSON"),
    ("not_fabula", "not a fabula analysis"),
    ("no_folder", "no such output folder"),
])
def test_fabula_report_refuses_a_broken_folder_in_one_line(tmp_path, damage, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / "analysis.json").write_text(json.dumps(hand_doc()), encoding="utf-8")
    (out / "text.txt").write_text(STORY, encoding="utf-8")
    if damage == "missing_json":
        (out / "analysis.json").unlink()
    elif damage == "missing_text":
        (out / "text.txt").unlink()
    elif damage == "corrupt_json":
        (out / "analysis.json").write_text('{"schema": "fabula.analysis/1", "work": {', encoding="utf-8")
    elif damage == "not_fabula":
        (out / "analysis.json").write_text("[1, 2, 3]", encoding="utf-8")
    else:
        out = tmp_path / "nowhere"
    res = CliRunner().invoke(main, ["report", str(out)])
    assert res.exit_code == 2
    assert message in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_a_malformed_analysis_is_a_fabula_error_not_a_crash(tmp_path):
    doc = hand_doc()
    doc["quotes"][0]["start"] = "soon"
    doc["characters"][1]["aliases"] = 7
    doc["scenes"] = [{"id": "S1", "start": None}]
    (tmp_path / "analysis.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "text.txt").write_text(STORY, encoding="utf-8")
    try:
        rerender(tmp_path)
    except FabulaError:
        pass
    else:
        assert (tmp_path / "report.html").is_file()


@pytest.mark.skipif(not SAMPLE.exists() or not GOLD.exists(), reason="sample story not committed yet")
def test_the_sample_story_annotated_by_hand_renders_every_quote_with_its_speaker():
    doc, text = sample_doc()
    p = Page(render(doc, text))
    spans = [a for a in p.find("span") if "q" in (a.get("class") or "").split()]
    assert len(spans) >= len(doc["quotes"])  # one per quotation, more for multi-paragraph speeches
    names = {c["id"]: c["name"] for c in doc["characters"]}
    for q in doc["quotes"]:
        assert names[q["speaker"]] in p.find("span", id=q["id"])[0]["title"]


def test_every_link_in_the_page_leads_somewhere_in_it():
    page = render(hand_doc(), STORY)
    p = Page(page)
    hrefs = [a["href"] for _, a in p.elements if a.get("href")]
    assert hrefs and all(h.startswith("#") and h[1:] in p.ids for h in hrefs)


def test_chapters_get_headings_and_a_table_of_contents_and_suggested_tags_are_shown():
    text = "Chapter One: The Bridge\n\nMags waited.\n\nChapter Two: The Goat\n\nThe goat waited.\n"
    c2 = text.index("Chapter Two")
    doc = hand_doc()
    doc["work"].update(story=[{"start": 0, "end": len(text)}], story_start=0, chapters=[
        {"index": 1, "title": "Chapter One: The Bridge", "start": 0, "end": c2},
        {"index": 2, "title": "Chapter Two: The Goat", "start": c2, "end": len(text)}])
    doc.update(quotes=[], scenes=[], warnings=[], suggested_tags={"relationships": ["Mags & Tobias"],
                                                                  "additional_tags": ["Mags's POV"]})
    p = Page(render(doc, text, paragraphs=[(25, 37, 1), (c2 + 23, len(text) - 1, 2)]))
    assert {"ch1", "ch2"} <= p.ids
    assert [a["href"] for a in p.find("a") if a.get("href", "").startswith("#ch")] == ["#ch1", "#ch2"]
    body = "".join(p.text)
    assert "Chapter Two: The Goat" in body and "Mags & Tobias" in body and "Mags's POV" in body


def _paths(o, p=()):
    yield p
    if isinstance(o, dict):
        for k, v in o.items():
            yield from _paths(v, (*p, k))
    elif isinstance(o, list):
        for i, v in enumerate(o[:3]):
            yield from _paths(v, (*p, i))


_PATHS = list(_paths(hand_doc()))[1:]
_JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                  st.text(max_size=8), st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=3)), max_size=3),
                  st.dictionaries(st.sampled_from(["start", "end", "id", "a"]), st.integers(), max_size=2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PATHS), _JUNK), min_size=1, max_size=3))
def test_a_damaged_analysis_renders_or_is_refused_in_one_line(damage):
    doc = hand_doc()
    for path, value in damage:
        o = doc
        try:
            for k in path[:-1]:
                o = o[k]
            o[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        page = render(doc, STORY)
    except FabulaError as e:
        assert "\n" not in str(e)
    else:
        assert page.startswith("<!DOCTYPE html>") and page.count("<script>") == 1


def test_opt_in_emotions_are_drawn_per_scene_when_present():
    doc = hand_doc()
    assert 'class="emo"' not in render(doc, STORY)  # off by default
    doc["feelings"]["emotions"] = {"joy": [0.2, 0.0], "fear": [0.05, 0.3], "<anger>": [0.1, 0.1]}
    page = render(doc, STORY)
    assert page.count('class="emo"') == 3 and "&lt;anger&gt;" in page and "<anger>" not in page


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample story not committed yet")
def test_fabula_report_gives_back_the_very_page_fabula_analyze_wrote(tmp_path):
    out = tmp_path / "sample"
    res = CliRunner().invoke(main, ["analyze", str(SAMPLE), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    first = (out / "report.html").read_bytes()
    res = CliRunner().invoke(main, ["report", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "report.html").read_bytes() == first


def test_an_arc_tampered_to_values_near_the_float_limit_still_renders():
    doc = hand_doc()
    doc["feelings"]["arc"] = [9e306, -1.7e308, 0.2]  # 1.08 x 20 x 9e306 is past the float range
    page = render(doc, STORY)
    assert page.startswith("<!DOCTYPE html>") and "Emotional arc" in page

"""BookNLP-compatible TSV/JSON exports and TEI XML, as a researcher's notebook would read them."""

from __future__ import annotations

import csv
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from fabula import ingest, quotes, speakers, text
from fabula.model import Analysis, Cast, Character, Craft, Feelings, Mention, Network, Paragraph, Scenes
from fabula.outputs import booknlp, tei

TEI = "{http://www.tei-c.org/ns/1.0}"

STORY = (
    "The Bridge & the <River>\n\n"
    "Ivy met Marcus at the bridge. Tom & the dog waited.\n\n"
    '"You came," said Ivy. "I did not think you would."\n\n'
    '"I said I would," Marcus said. "Ivy <3, don\'t laugh."\n\n'
    '"Is it over?" asked Tom.\n\n'
    '"It began in the winter," said Marcus. "The river froze.\n\n'
    '"Nobody had bread."'
)
PEOPLE = [("Ivy", ("Ivy",), "she/her"), ("Marcus", ("Marcus", "Marc"), "he/him"), ("Tom", ("Tom",), "he/him")]


def make_analysis(story: str = STORY) -> Analysis:
    work = ingest.read(story)
    txt = text.segment(work)
    qs = quotes.find(txt)
    chars, mentions = [], []
    for i, (name, aliases, pron) in enumerate(PEOPLE):
        n = 0
        for a in aliases:
            for m in re.finditer(rf"\b{a}\b", txt.text):
                mentions.append(Mention(m.start(), m.end(), i, "name"))
                n += 1
        chars.append(Character(i, name, aliases, pron, n))
    cast = Cast(tuple(chars), tuple(sorted(mentions, key=lambda m: m.start)))
    sp = speakers.attribute(txt, qs, cast)
    return Analysis(work, txt, qs, cast, sp, Scenes(()), Feelings((), (), (), {}, ()), Network((), (), ()),
                    Craft((), {}))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    a = make_analysis()
    booknlp.write(a, folder)
    tei.write(a, folder)
    return a, folder


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


def test_tokens_have_booknlp_header_and_offsets_into_the_text(exported):
    a, folder = exported
    header, rows = read_tsv(folder / "story.tokens")
    assert header == ["paragraph_ID", "sentence_ID", "token_ID_within_sentence", "token_ID_within_document", "word",
                      "lemma", "byte_onset", "byte_offset", "POS_tag", "fine_POS_tag", "dependency_relation",
                      "syntactic_head_ID", "event"]
    assert all(len(r) == 13 for r in rows)
    assert [int(r[3]) for r in rows] == list(range(len(rows)))
    for r in rows:
        assert a.text.text[int(r[6]):int(r[7])] == r[4]
    # token ids restart at each sentence
    first_of_sentence = [r for r in rows if r[2] == "0"]
    assert len(first_of_sentence) == len({r[1] for r in rows})


def test_entities_point_at_character_mentions(exported):
    _, folder = exported
    header, rows = read_tsv(folder / "story.entities")
    assert header == ["COREF", "start_token", "end_token", "prop", "cat", "text"]
    _, toks = read_tsv(folder / "story.tokens")
    names = {"1": "Ivy", "2": "Marcus", "3": "Tom"}
    assert rows
    for coref, start, end, prop, cat, phrase in rows:
        assert cat == "PER" and prop == "PROP"
        assert " ".join(t[4] for t in toks[int(start):int(end) + 1]) == phrase
        assert phrase == names[coref]


def test_quotes_have_booknlp_header_and_speaker_ids(exported):
    a, folder = exported
    header, rows = read_tsv(folder / "story.quotes")
    assert header == ["quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id",
                      "quote"]
    assert len(rows) == len(a.quotes) == 4
    assert [r[5] for r in rows] == ["1", "2", "3", "2"]  # Ivy, Marcus, Tom, Marcus
    assert rows[0][4] == "Ivy"
    assert rows[0][6].startswith('" You came')


def test_book_json_lists_the_characters(exported):
    _, folder = exported
    book = json.loads((folder / "story.book").read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in book["characters"]}
    assert by_id[2]["name"] == "Marcus"
    assert by_id[2]["g"]["argmax"] == "he/him/his"
    assert {"c": 3, "n": "Marcus"} in by_id[2]["mentions"]["proper"]


def test_tei_is_well_formed_with_cast_and_every_quote_in_said(exported):
    a, folder = exported
    raw = (folder / "story.tei.xml").read_bytes()
    root = etree.fromstring(raw)  # raises if not well-formed
    assert root.tag == TEI + "TEI"
    assert root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title").text == "The Bridge & the <River>"
    persons = root.findall(f".//{TEI}listPerson/{TEI}person")
    assert [p.get("{http://www.w3.org/XML/1998/namespace}id") for p in persons] == ["C1", "C2", "C3"]
    assert [n.text for n in persons[1].findall(f"{TEI}persName")] == ["Marcus", "Marc"]
    said = root.findall(f".//{TEI}said")
    assert {s.get("n") for s in said} == {q.id for q in a.quotes}
    first = [s for s in said if s.get("n") == "Q1"]
    assert first[0].get("who") == "#C1" and first[0].get("toWhom") == "#C2"
    assert first[0].text == '"You came,"'
    # the multi-paragraph speech: its pieces are chained across paragraphs
    last = [s for s in said if s.get("n") == "Q4"]
    assert len(last) == 3 and last[1].get("prev") == "#Q4.1" and last[1].get("next") == "#Q4.3"


def test_tei_paragraph_text_equals_text_txt(exported):
    a, folder = exported
    root = etree.fromstring((folder / "story.tei.xml").read_bytes())
    ps = root.findall(f".//{TEI}body//{TEI}p")
    assert len(ps) == len(a.text.paragraphs)
    for p, para in zip(ps, a.text.paragraphs):
        assert "".join(p.itertext()) == a.text.text[para.start:para.end]


def test_tei_survives_control_characters():
    a = make_analysis('Ivy waved.\x0b\n\n"Hi\x01," said Ivy.')
    root = etree.fromstring(etree.tostring(tei.build(a)))
    assert root.findall(f".//{TEI}said")


def test_fabula_analyze_writes_the_exports_asked_for(tmp_path):
    from click.testing import CliRunner

    from fabula.cli import main

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(story), "-o", str(out), "-q", "--formats", "booknlp,tei"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["analysis.json", "story.book", "story.entities",
                                                      "story.quotes", "story.tei.xml", "story.tokens",
                                                      "text.txt"]
    root = etree.fromstring((out / "story.tei.xml").read_bytes())
    assert len(root.findall(f".//{TEI}said")) >= 4


def test_by_default_fabula_analyze_writes_the_report_and_the_analysis_only(tmp_path):
    from click.testing import CliRunner

    from fabula.cli import main

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(story), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["analysis.json", "report.html", "text.txt"]
    result = CliRunner().invoke(main, ["analyze", str(story), "-o", str(tmp_path / "all"), "-q", "--formats", "all"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "all").iterdir()}
    assert {"report.html", "story.tokens", "story.tei.xml", "network.gexf", "network.graphml", "edges.csv"} <= names


def test_an_unknown_format_is_one_error_line(tmp_path):
    from click.testing import CliRunner

    from fabula.cli import main

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(story), "-o", str(tmp_path / "out"), "--formats", "pdf"])
    assert result.exit_code == 2
    assert result.output.startswith("fabula: error: --formats: unknown format 'pdf'")
    assert result.output.count("\n") == 1
    assert not (tmp_path / "out").exists()


# the tokens of story.tokens: the text stage's vectorised tokenizer against its definition, the
# token pattern run paragraph by paragraph
ALPHABET = "ab Z9_'’\n\t.,!?-—“”\"é中🐉\u00a0\u2028\x1c\x00"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.lists(st.integers(0, 60), max_size=8))
def test_tokens_are_exactly_what_the_token_pattern_finds_in_each_paragraph(s, cuts):
    bounds = sorted({min(c, len(s)) for c in cuts})
    spans = [(a, b) for a, b in zip(bounds[0::2], bounds[1::2]) if b > a]  # touching spans too
    paras = tuple(Paragraph(i, a, b, 1) for i, (a, b) in enumerate(spans))
    toks = text.tokenize(s, paras)
    expected = [m.span() for p in paras for m in text._TOKEN.finditer(s, p.start, p.end)]
    assert list(zip(toks.starts.tolist(), toks.ends.tolist())) == expected
    assert text.count_words(s, spans) == sum(len(text.WORD.findall(s, a, b)) for a, b in spans)


def test_a_word_with_inner_apostrophes_is_one_token_and_marks_are_one_each():
    s = "Don't—'twas rock’n’roll's end'' ok"
    toks = text.tokenize(s, (Paragraph(0, 0, len(s), 1),))
    assert [s[a:b] for a, b in zip(toks.starts.tolist(), toks.ends.tolist())] == [
        "Don't", "—", "'", "twas", "rock’n’roll's", "end", "'", "'", "ok"]

"""`fabula batch` over FanfictionNLP input (one paragraph per CSV row, often one file per chapter,
sometimes cp1252): one work per fic_id with its chapters in order. Invented text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from fabula.cli import main
from fabula.corpus.discovery import Discovery
from fabula.errors import FabulaError

HEADER = ["fic_id", "chapter_id", "para_id", "text"]


def _write(path: Path, rows: list[list], encoding: str = "utf-8", header=HEADER) -> None:
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def _corpus(d: Path) -> Path:
    d.mkdir()
    # fic 501: chapter 2 in its own file, written before chapter 1's, rows out of order
    _write(d / "501_0002.csv", [
        [501, 2, 2, "\u201cYou came back,\u201d said Wren."],
        [501, 2, 1, "The second morning was colder."],
        [501, 2, 3, "* * *"],
        [501, 2, 4, "By noon the river had frozen over."],
    ])
    _write(d / "501_0001.csv", [
        [501, 1, 1, "Wren kept the lighthouse alone."],
        [501, 1, 2, "\u201cNobody comes here,\u201d she told the gulls. \u201cNobody ever will.\u201d"],
    ], encoding="cp1252")
    # fic 77 in one file with a text_tokenized column, paragraphs 1..10 (10 after 9, not after 1)
    _write(d / "77_0001.csv", [[77, 1, i, f"Paragraph {i} of the caves.", f"Paragraph {i} of the caves ."]
                               for i in (10, 1, 2, 3, 4, 5, 6, 7, 8, 9)],
           header=HEADER + ["text_tokenized"])
    return d


def test_one_job_per_fic_over_all_its_files(tmp_path):
    d = _corpus(tmp_path / "in")
    jobs = list(Discovery([str(d)]).jobs())
    assert sorted(j.work_id for j in jobs) == ["fic-501", "fic-77"]
    fic = next(j for j in jobs if j.work_id == "fic-501")
    assert sorted(Path(p).name for p in fic.parts) == ["501_0001.csv", "501_0002.csv"]


def test_batch_makes_one_work_per_fic_with_its_chapters_and_paragraphs_in_order(tmp_path):
    d = _corpus(tmp_path / "in")
    ao3 = tmp_path / "in" / "scraped.csv"  # an AO3-scraper CSV next to them still gives a work per row
    _write(ao3, [["9001", "Kiln", "The kiln cracked at dawn. Nobody wept."]], header=["work_id", "title", "body"])
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["batch", str(d), "-o", str(out), "-j", "1"])
    assert r.exit_code == 0, r.output
    works = {w["work_id"]: w for w in pq.read_table(out / "works.parquet").to_pylist()}
    assert set(works) == {"fic-501", "fic-77", "ao3-9001"}
    text = (out / "works" / "fic-501" / "text.txt").read_text(encoding="utf-8")
    assert text == ("Wren kept the lighthouse alone.\n\n"
                    "\u201cNobody comes here,\u201d she told the gulls. \u201cNobody ever will.\u201d\n\n"
                    "The second morning was colder.\n\n\u201cYou came back,\u201d said Wren.\n\n* * *\n\n"
                    "By noon the river had frozen over.")
    a = json.loads((out / "works" / "fic-501" / "analysis.json").read_text(encoding="utf-8"))
    assert [text[c["start"]:c["end"]].split("\n")[0] for c in a["work"]["chapters"]] == [
        "Wren kept the lighthouse alone.", "The second morning was colder."]
    assert [b["marker"] for b in a["work"]["scene_breaks"]] == ["* * *"]
    assert [q["text"] for q in a["quotes"]] == ["Nobody comes here, Nobody ever will.", "You came back,"]
    caves = (out / "works" / "fic-77" / "text.txt").read_text(encoding="utf-8").split("\n\n")
    assert caves == [f"Paragraph {i} of the caves." for i in range(1, 11)]


def test_a_rerun_skips_the_fics_and_an_edited_chapter_file_changes_only_its_fic(tmp_path):
    d = _corpus(tmp_path / "in")
    before = {j.work_id: j.content_hash for j in Discovery([str(d)]).jobs()}
    _write(d / "501_0002.csv", [[501, 2, 1, "The second morning was warmer."]])
    after = {j.work_id: j.content_hash for j in Discovery([str(d)]).jobs()}
    assert after["fic-77"] == before["fic-77"] and after["fic-501"] != before["fic-501"]


def test_many_fics_in_one_file_are_read_by_byte_range_and_an_edit_after_listing_is_caught(tmp_path):
    from fabula.corpus import fanfictionnlp

    d = tmp_path / "in"
    d.mkdir()
    rows = [[fic, ch, p, f"Fic {fic} chapter {ch} line {p}."] for fic in (1, 2, 3) for ch in (1, 2) for p in (1, 2)]
    _write(d / "all.csv", rows)
    jobs = {j.fic_id: j for j in Discovery([str(d)]).jobs()}
    assert sorted(jobs) == ["1", "2", "3"]
    two = jobs["2"]
    size = (d / "all.csv").stat().st_size
    (a, b), = two.part_ranges
    assert 0 < a < b < size  # only fic 2's rows are read for fic 2
    work = fanfictionnlp.read_work("2", two.parts, two.part_ranges, two.content_hash)
    assert work.text.split("\n\n") == [f"Fic 2 chapter {c} line {p}." for c in (1, 2) for p in (1, 2)]
    assert len(work.chapters) == 2
    _write(d / "all.csv", [[r[0], r[1], r[2], r[3].replace("line", "row")] for r in rows])
    with pytest.raises(FabulaError, match="changed since they were listed"):
        fanfictionnlp.read_work("2", two.parts, two.part_ranges, two.content_hash)


def test_analyze_reads_one_fanfictionnlp_csv_as_its_fic_and_sends_a_file_of_several_to_batch(tmp_path):
    one = tmp_path / "chapter.csv"
    _write(one, [[9, 2, 1, "The ferry left at dawn."],
                 [9, 1, 2, "\u201cStay,\u201d said Odile."],
                 [9, 1, 1, "Odile waited on the pier."]])
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["analyze", str(one), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert (out / "text.txt").read_text(encoding="utf-8") == (
        "Odile waited on the pier.\n\n\u201cStay,\u201d said Odile.\n\nThe ferry left at dawn.")
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert len(analysis["work"]["chapters"]) == 2
    several = tmp_path / "fics.csv"
    _write(several, [[1, 1, 1, "One fic."], [2, 1, 1, "Another fic."]])
    r = CliRunner().invoke(main, ["analyze", str(several), "-o", str(tmp_path / "o2")])
    assert r.exit_code == 2
    assert "2 fics" in r.output and "fabula batch" in r.output and r.output.count("\n") == 1
    assert not (tmp_path / "o2").exists()

"""`fabula batch`: a corpus in, one folder per work and four tables out; nothing lost, nothing done twice.

The stories here are small originals written for these tests. The analysis stages behind the batch are
treated as a black box: what is checked is that the batch runs them on every work, writes what
`fabula analyze` writes, records the failures, resumes, and builds the same tables whichever way it ran.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from formats import ao3_epub, ao3_html, fanficfare_epub, fanficfare_txt, plain_text

from fabula.cli import main
from fabula.corpus import run_batch
from fabula.corpus.runner import LocalPool
from fabula.corpus.workers import run_job

STORY = """The Ferry at Low Water

Summary: Pell runs the ferry. Juno wants to cross before the tide turns, and she has no coin.

Pell was coiling rope when the girl came down the shingle with a wet bundle under her arm.

"You're the ferryman," she said.

"Ferrywoman," said Pell. "And the ferry is shut. Look at the water, girl."

Juno looked. The river had shrunk to a brown ribbon between two banks of mud. "Then I'll walk."

"You'll sink to your knees and the tide will have you by supper."

* * *

They crossed at dusk, when the water came back. Juno sat in the bow and did not look at the coins
Pell had not asked for.

"Why did you take me?" Juno asked.

Pell shipped the oars. "Because you'd have tried the mud," she said, "and I'd have had to fetch you out."
"""

BROKEN = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8  # an image, not a story

AO3_HEADER = ["work_id", "title", "author", "rating", "category", "fandom", "relationship", "character",
              "additional tags", "language", "published", "status", "status date", "words", "chapters",
              "comments", "kudos", "bookmarks", "hits", "body"]


def as_html(story: str) -> str:
    """The story as a hand-made HTML page (title in <h1>, one <p> per paragraph, <hr> for the break)."""
    title, *rest = story.split("\n\n")
    body = []
    for para in rest:
        para = para.replace("\n", " ")
        body.append("<hr/>" if para.strip() == "* * *" else f"<p>{para.replace('&', '&amp;')}</p>")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1>\n" + "\n".join(body) + "\n</body></html>\n")


def variant(i: int) -> str:
    """A different story of the same shape (different names, so a different work)."""
    names = [("Pell", "Juno"), ("Marrow", "Kit"), ("Sefa", "Oren"), ("Dunn", "Ilse"), ("Brisk", "Tamsin"),
             ("Hollis", "Wren")]
    a, b = names[i % len(names)]
    return STORY.replace("Pell", a).replace("Juno", b).replace("Low Water", f"Low Water, Part {i + 1}")


def ao3_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=AO3_HEADER)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in AO3_HEADER})
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with the story as plain text (LF), as CRLF text in a subfolder, as HTML, an AO3-scraper
    CSV of two more works, and one broken file."""
    d = tmp_path / "corpus"
    (d / "more").mkdir(parents=True)
    (d / "ferry.txt").write_text(STORY, encoding="utf-8")
    (d / "more" / "ferry-crlf.txt").write_bytes(variant(1).replace("\n", "\r\n").encode("utf-8"))
    (d / "ferry.html").write_text(as_html(variant(2)), encoding="utf-8")
    ao3_csv(d / "fics.csv", [
        {"work_id": "4242", "title": "Salt Road", "author": "['quillwright']", "rating": "General Audiences",
         "fandom": "Original Work", "relationship": "Dunn & Ilse", "character": "Dunn, Ilse",
         "additional tags": "Found Family, Rivers", "language": "English", "words": "1,204", "kudos": "17",
         "body": variant(3).split("\n\n", 2)[2]},
        {"work_id": "4243", "title": "Tidewater", "author": "['quillwright', 'moss']",
         "body": variant(4).split("\n\n", 2)[2]},
    ])
    (d / "broken.txt").write_bytes(BROKEN)
    (d / ".hidden.txt").write_text("not part of the corpus", encoding="utf-8")
    (d / "notes.docx").write_bytes(b"PK\x03\x04 not a format fabula reads")
    return d


def batch(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["batch", *args])
    return r.exit_code, r.output


def table(outdir: Path, name: str) -> list[dict]:
    return pq.read_table(outdir / f"{name}.parquet").to_pylist()


def tables(outdir: Path) -> dict[str, list[dict]]:
    return {name: table(outdir, name) for name in ("works", "characters", "quotes", "scenes")}


def errors(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- one run


def test_a_corpus_in_several_formats_gives_a_folder_per_work_and_records_the_broken_file(corpus, tmp_path):
    out = tmp_path / "out"
    code, output = batch(str(corpus), "-o", str(out), "-j", "2")

    assert code == 1, output  # one work failed
    errs = errors(out)
    assert [Path(e["input"]).name for e in errs] == ["broken.txt"]
    assert errs[0]["error"] and "\n" not in errs[0]["error"]

    works = table(out, "works")
    assert len(works) == 5  # three files + two CSV rows; not the hidden file, not the .docx
    for w in works:
        folder = out / "works" / w["work_id"]
        assert (folder / "analysis.json").is_file() and (folder / "text.txt").is_file()
        assert (folder / "batch.json").is_file()
    assert {Path(w["input"]).name for w in works} == {"ferry.txt", "ferry-crlf.txt", "ferry.html", "fics.csv"}
    assert "5 analysed, 0 already done, 1 failed" in output


def test_every_table_row_carries_its_work_id(corpus, tmp_path):
    out = tmp_path / "out"
    batch(str(corpus), "-o", str(out), "-j", "2")
    t = tables(out)
    ids = {w["work_id"] for w in t["works"]}
    assert len(ids) == len(t["works"])
    for name in ("quotes", "scenes", "characters"):
        assert all(r["work_id"] in ids for r in t[name])
    # every work has its quotations in the quotes table (each story has at least six)
    for w in t["works"]:
        assert sum(1 for q in t["quotes"] if q["work_id"] == w["work_id"]) == w["quotes"] >= 6
        assert sum(1 for s in t["scenes"] if s["work_id"] == w["work_id"]) == w["scenes"] >= 1


def test_the_tables_are_the_same_whether_workers_or_the_batch_process_build_them(corpus, tmp_path):
    from fabula.corpus import tables as corpus_tables

    out = tmp_path / "out"
    batch(str(corpus), "-o", str(out), "-j", "2")
    by_workers = tables(out)
    corpus_tables.WORKS_PER_PART, saved = 2, corpus_tables.WORKS_PER_PART  # several parts
    try:
        corpus_tables.build_tables(out, [w["work_id"] for w in by_workers["works"]])
    finally:
        corpus_tables.WORKS_PER_PART = saved
    assert tables(out) == by_workers
    assert not (out / ".tables").exists()


def test_table_rows_name_speakers_and_pov_characters_and_carry_scene_valence(tmp_path):
    """From a hand-written analysis.json: what a researcher reads in each table."""
    from fabula.corpus import tables as corpus_tables

    folder = tmp_path / "out" / "works" / "ao3-9"
    folder.mkdir(parents=True)
    analysis = {
        "schema": "fabula.analysis/1",
        "work": {"title": "Salt", "authors": ["quill"], "fandoms": ["Original Work"], "words": 40,
                 "chapters": [{"index": 1, "title": None, "start": 0, "end": 200}], "source_format": "text",
                 "stats": {"kudos": 17, "published": "2020-01-01"}},
        "characters": [{"id": "C1", "name": "Pell", "aliases": ["Pell", "the ferrywoman"], "pronouns": "she/her",
                        "mentions": 5, "quotes": 1, "words_spoken": 4, "narrator": False},
                       {"id": "C2", "name": "Juno", "aliases": ["Juno"], "pronouns": None, "mentions": 3,
                        "quotes": 0, "words_spoken": 0, "narrator": False}],
        "quotes": [{"id": "Q1", "start": 10, "end": 30, "text": "The ferry is shut.", "paragraph": 1,
                    "speaker": "C1", "addressees": ["C2"], "type": "explicit", "confidence": 0.97,
                    "closed": True}],
        "scenes": [{"id": "S1", "start": 0, "end": 100, "chapter": 1, "boundary": "start", "person": "third",
                    "pov": "C2", "confidence": 0.8, "present": ["C1", "C2"]},
                   {"id": "S2", "start": 100, "end": 200, "chapter": 1, "boundary": "explicit",
                    "person": "third", "pov": None, "confidence": 0.5, "present": []}],
        "feelings": {"scene_valence": [-0.25, 0.5]},
    }
    (folder / "analysis.json").write_text(json.dumps(analysis), encoding="utf-8")
    (folder / "batch.json").write_text(json.dumps({"input": "fics.csv", "row": 3, "content_hash": "ab" * 16,
                                                   "fabula_version": "9.9"}), encoding="utf-8")

    corpus_tables.build_tables(tmp_path / "out", ["ao3-9", "ao3-missing"])  # a missing folder is left out

    t = tables(tmp_path / "out")
    [work] = t["works"]
    assert (work["work_id"], work["title"], work["input"], work["row"]) == ("ao3-9", "Salt", "fics.csv", 3)
    assert (work["characters"], work["quotes"], work["scenes"], work["chapters"]) == (2, 1, 2, 1)
    assert work["kudos"] == "17" and json.loads(work["stats_json"])["published"] == "2020-01-01"
    [quote] = t["quotes"]
    assert (quote["speaker"], quote["speaker_name"], quote["addressees"]) == ("C1", "Pell", ["C2"])
    assert [c["aliases"] for c in t["characters"]] == [["Pell", "the ferrywoman"], ["Juno"]]
    assert [(s["pov_name"], s["valence"], s["present"]) for s in t["scenes"]] == \
        [("Juno", -0.25, ["C1", "C2"]), (None, 0.5, [])]


def test_ao3_scraper_csv_rows_are_works_named_by_their_ao3_id_with_their_metadata(corpus, tmp_path):
    out = tmp_path / "out"
    batch(str(corpus / "fics.csv"), "-o", str(out), "-j", "1")
    works = {w["work_id"]: w for w in table(out, "works")}
    assert set(works) == {"ao3-4242", "ao3-4243"}
    salt = works["ao3-4242"]
    assert salt["title"] == "Salt Road"
    assert salt["authors"] == ["quillwright"]
    assert salt["fandoms"] == ["Original Work"]
    assert salt["relationships"] == ["Dunn & Ilse"]
    assert salt["character_tags"] == ["Dunn", "Ilse"]
    assert salt["tags"] == ["Found Family", "Rivers"]
    assert salt["rating"] == "General Audiences"
    assert salt["language"] == "en"
    assert salt["kudos"] == "17"
    assert salt["url"] == "https://archiveofourown.org/works/4242"
    assert salt["row"] == 1
    assert works["ao3-4243"]["authors"] == ["quillwright", "moss"]
    # the row's text is what was analysed: its opening line is in text.txt
    text = (out / "works" / "ao3-4242" / "text.txt").read_text(encoding="utf-8")
    assert text.startswith("Dunn was coiling rope")
    analysis = json.loads((out / "works" / "ao3-4242" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["work"]["title"] == "Salt Road"
    assert any(q["text"].startswith("You're the ferryman") for q in analysis["quotes"])


def test_csv_rows_with_line_breaks_quotes_crlf_and_a_bom_are_read_back_exactly(tmp_path):
    from fabula.corpus.discovery import Discovery, read_csv_row

    bodies = ['"Come in," she said.\r\n\r\nHe didn\'t.', "One line, with a comma", 'A\n\n"B," said C.\n']
    path = tmp_path / "works.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as f:  # Excel's BOM, CRLF rows
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["Work_ID", "Title", "Text"])
        for i, b in enumerate(bodies):
            w.writerow([str(10 + i), f"T{i}", b])
            if i == 0:
                w.writerow([])  # a blank line between rows is no work

    jobs = list(Discovery([str(path)]).jobs())

    assert [j.work_id for j in jobs] == ["ao3-10", "ao3-11", "ao3-12"]
    assert [j.row for j in jobs] == [1, 2, 3]
    assert [read_csv_row(j)["Text"] for j in jobs] == bodies
    assert read_csv_row(jobs[1])["Title"] == "T1"


def test_a_scraper_that_wrote_a_work_twice_gives_one_work_and_a_changed_row_a_second(tmp_path):
    from fabula.corpus.discovery import Discovery

    path = ao3_csv(tmp_path / "fics.csv", [
        {"work_id": "7", "title": "Same", "body": "First text."},
        {"work_id": "7", "title": "Same", "body": "First text."},  # a scraper rerun appended it again
        {"work_id": "7", "title": "Same", "body": "Edited text."},  # the author edited the work since
    ])
    jobs = list(Discovery([str(path)]).jobs())
    assert [j.duplicate_of for j in jobs] == [None, "ao3-7", None]
    assert jobs[0].work_id == "ao3-7"
    assert jobs[2].work_id.startswith("ao3-7-") and jobs[2].work_id != "ao3-7"


def test_a_csv_without_a_text_column_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ids.csv").write_text("work_id,title\n1,A\n", encoding="utf-8")
    (tmp_path / "in" / "ok.txt").write_text(STORY, encoding="utf-8")
    code, _ = batch(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 1
    [err] = errors(tmp_path / "out")
    assert "text column" in err["error"]
    assert len(table(tmp_path / "out", "works")) == 1


def test_batch_output_for_a_work_equals_fabula_analyze_output(corpus, tmp_path):
    out = tmp_path / "out"
    batch(str(corpus), "-o", str(out), "-j", "2")
    for name in ("ferry.txt", "ferry.html", "more/ferry-crlf.txt"):
        single = tmp_path / ("single-" + name.replace("/", "-"))
        r = CliRunner().invoke(main, ["analyze", str(corpus / name), "-o", str(single), "-q"])
        assert r.exit_code == 0, r.output
        [w] = [w for w in table(out, "works") if w["input"] == str(corpus / name)]
        folder = out / "works" / w["work_id"]
        assert json.loads((folder / "analysis.json").read_text(encoding="utf-8")) == \
            json.loads((single / "analysis.json").read_text(encoding="utf-8"))
        assert (folder / "text.txt").read_bytes() == (single / "text.txt").read_bytes()
        assert sorted(p.name for p in single.iterdir()) == \
            sorted(p.name for p in folder.iterdir() if p.name != "batch.json")


def test_same_content_twice_is_analysed_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a" / "copy.txt").write_text(STORY, encoding="utf-8")
    code, output = batch(str(tmp_path / "a"), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 0
    assert len(table(tmp_path / "out", "works")) == 1
    assert "1 duplicate" in output


def test_globs_and_single_files_are_inputs_and_the_output_folder_is_never_read_back(corpus, tmp_path):
    out = corpus / "out"  # inside the corpus folder: its text.txt files must not become works
    code, _ = batch(str(corpus / "*.txt"), str(corpus / "ferry.html"), "-o", str(out), "-j", "1")
    assert code == 1  # broken.txt matches the glob
    assert {Path(w["input"]).name for w in table(out, "works")} == {"ferry.txt", "ferry.html"}
    code, output = batch(str(corpus), "-o", str(out), "-j", "1")
    assert len(table(out, "works")) == 5
    assert "2 already done" in output


def test_a_missing_input_is_one_line_on_stderr_and_exit_code_2(tmp_path):
    code, output = batch(str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert code == 2
    assert output.strip().startswith("fabula: error:") and "nope" in output
    assert "Traceback" not in output


def test_the_story_in_every_download_shape_is_one_work_per_file_with_its_metadata(tmp_path):
    """The same story as AO3 HTML, AO3 EPUB, FanFicFare EPUB and TXT, and plain text (tests/formats.py)."""
    body = STORY.split("\n\n", 2)[2]
    meta = {"summary": "Pell runs the ferry.", "fandoms": ["Original Work"], "relationships": ["Pell & Juno"],
            "url": "https://archiveofourown.org/works/777"}
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    args = ("The Ferry at Low Water", "tidewright", [(None, body)])
    (shapes / "ferry.html").write_text(ao3_html(*args, **meta), encoding="utf-8")
    (shapes / "ferry.epub").write_bytes(ao3_epub(*args, **meta))
    (shapes / "ferry-fff.epub").write_bytes(fanficfare_epub(*args, **meta))
    (shapes / "ferry-fff.txt").write_bytes(fanficfare_txt(*args, **meta))
    (shapes / "ferry.txt").write_text(plain_text(*args, **meta), encoding="utf-8")
    out = tmp_path / "out"

    code, output = batch(str(shapes), "-o", str(out), "-j", "2")

    assert code == 0, output
    works = table(out, "works")
    assert len(works) == 5
    assert {w["title"] for w in works} == {"The Ferry at Low Water"}
    by_format = {w["source_format"]: w for w in works}
    assert {"ao3-html", "ao3-epub", "fanficfare-epub", "fanficfare-txt"} <= set(by_format)
    assert by_format["ao3-html"]["fandoms"] == ["Original Work"]
    assert by_format["ao3-epub"]["relationships"] == ["Pell & Juno"]
    quotes = table(out, "quotes")
    for w in works:  # the dialogue of the story is found in every shape
        said = [q["text"] for q in quotes if q["work_id"] == w["work_id"]]
        assert any(t.startswith("You're the ferryman") for t in said), w["source_format"]
    # and the EPUB's folder is what `fabula analyze` writes for it
    single = tmp_path / "single"
    assert CliRunner().invoke(main, ["analyze", str(shapes / "ferry.epub"), "-o", str(single), "-q"]).exit_code == 0
    epub_folder = out / "works" / by_format["ao3-epub"]["work_id"]
    assert json.loads((epub_folder / "analysis.json").read_text(encoding="utf-8")) == \
        json.loads((single / "analysis.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- resume


def test_a_rerun_skips_complete_works_and_leaves_them_untouched(corpus, tmp_path):
    out = tmp_path / "out"
    batch(str(corpus), "-o", str(out), "-j", "2")
    before = {p: p.stat().st_mtime_ns for p in (out / "works").glob("*/analysis.json")}
    first = tables(out)

    code, output = batch(str(corpus), "-o", str(out), "-j", "2")

    assert code == 1  # the broken file is retried, and still fails
    assert "0 analysed, 5 already done, 1 failed" in output
    assert {p: p.stat().st_mtime_ns for p in (out / "works").glob("*/analysis.json")} == before
    assert tables(out) == first
    assert [Path(e["input"]).name for e in errors(out)] == ["broken.txt"]  # not listed twice


def test_a_changed_work_is_analysed_again_under_its_new_content(corpus, tmp_path):
    out = tmp_path / "out"
    batch(str(corpus / "ferry.txt"), "-o", str(out), "-j", "1")
    (corpus / "ferry.txt").write_text(STORY.replace("Pell", "Petra"), encoding="utf-8")
    code, output = batch(str(corpus / "ferry.txt"), "-o", str(out), "-j", "1")
    assert code == 0 and "1 analysed" in output
    [w] = table(out, "works")
    assert "Petra" in (out / "works" / w["work_id"] / "text.txt").read_text(encoding="utf-8")


def test_a_run_cut_short_then_resumed_gives_the_tables_of_an_uninterrupted_run(corpus, tmp_path):
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    batch(str(corpus), "-o", str(whole), "-j", "2")
    batch(str(corpus), "-o", str(cut), "-j", "2")
    # what a kill -9 mid-run leaves: two works never finished (no done-marker, one folder gone), and a
    # half-written temporary folder
    works = sorted((cut / "works").iterdir())
    (works[0] / "batch.json").unlink()
    for p in works[1].iterdir():
        p.unlink()
    works[1].rmdir()
    (cut / "works" / f".{works[2].name}.x1y2.partial").mkdir()
    (cut / "works.parquet").unlink()

    code, output = batch(str(corpus), "-o", str(cut), "-j", "2")

    assert code == 1  # broken.txt
    assert "2 analysed, 3 already done, 1 failed" in output
    assert not list((cut / "works").glob(".*"))
    assert tables(cut) == tables(whole)


def twelve_works(folder: Path) -> Path:
    """Twelve works of a few thousand words each, so that a kill lands mid-run."""
    folder.mkdir()
    for i in range(12):
        (folder / f"w{i:02d}.txt").write_text(variant(i) + "\n\n" + "\n\n".join(
            p for _ in range(12) for p in variant(i).split("\n\n")[2:]), encoding="utf-8")
    return folder


def wait_for_first_work(proc: subprocess.Popen, out: Path) -> bool:
    """Wait until one work is complete; True if the run was still going then."""
    deadline = time.monotonic() + 120
    while not list((out / "works").glob("*/batch.json")) and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    return proc.poll() is None


def test_a_batch_killed_with_sigkill_finishes_on_rerun_with_the_same_tables(tmp_path):
    src = twelve_works(tmp_path / "src")
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert batch(str(src), "-o", str(whole), "-j", "1")[0] == 0

    cmd = [str(Path(sys.executable).parent / "fabula"), "batch", str(src), "-o", str(cut), "-j", "1", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        killed_midway = wait_for_first_work(proc, cut)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    time.sleep(1.0)  # the orphaned worker notices and exits (maybe after finishing one more work)
    done_before = len(list((cut / "works").glob("*/batch.json")))
    if killed_midway:
        assert done_before < 12

    code, output = batch(str(src), "-o", str(cut), "-j", "1")

    assert code == 0, output
    assert f"{12 - done_before} analysed, {done_before} already done, 0 failed" in output
    assert tables(cut) == tables(whole)


def test_ctrl_c_stops_the_batch_with_exit_code_130_and_a_rerun_finishes_it(tmp_path):
    src = twelve_works(tmp_path / "src")
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert batch(str(src), "-o", str(whole), "-j", "2")[0] == 0

    cmd = [str(Path(sys.executable).parent / "fabula"), "batch", str(src), "-o", str(cut), "-j", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stopped_midway = wait_for_first_work(proc, cut)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: to the whole process group
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    if stopped_midway:
        assert proc.returncode == 130
        assert b"interrupted" in stderr and b"Traceback" not in stderr

    code, output = batch(str(src), "-o", str(cut), "-j", "2")

    assert code == 0, output
    assert tables(cut) == tables(whole)


def dies_on_poison(job, outdir: str, version: str):
    """A task that kills its worker process outright on one input (as a segfault or the OOM killer would)."""
    if "poison" in job.input:
        os._exit(9)
    return run_job(job, outdir, version)


def test_a_work_that_kills_its_worker_is_recorded_and_the_others_complete(corpus, tmp_path):
    (corpus / "poison.txt").write_text(STORY.replace("Pell", "Nix"), encoding="utf-8")
    out = tmp_path / "out"

    result = run_batch([str(corpus)], out, scheduler=LocalPool(2, task=dies_on_poison))

    assert (result.done, result.failed) == (5, 2)
    errs = {Path(e["input"]).name: e["error"] for e in errors(out)}
    assert set(errs) == {"broken.txt", "poison.txt"}
    assert "worker process died" in errs["poison.txt"]
    assert len(table(out, "works")) == 5


def dies_after_writing(job, outdir: str, version: str):
    """A task whose worker dies just after one work is written, before its result is handed back (as
    when another worker's crash breaks the pool at that moment)."""
    s = run_job(job, outdir, version)
    if "finisher" in job.input and s["status"] == "done":  # not when run again and found complete
        os._exit(9)
    return s


def test_a_work_written_just_before_its_worker_died_counts_as_done_not_skipped(corpus, tmp_path):
    (corpus / "finisher.txt").write_text(STORY.replace("Pell", "Nix"), encoding="utf-8")
    out = tmp_path / "out"

    result = run_batch([str(corpus)], out, scheduler=LocalPool(2, task=dies_after_writing))

    assert (result.done, result.failed, result.skipped) == (6, 1, 0)  # broken.txt is the one failure
    assert len(table(out, "works")) == 6


def worker_address_space_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmSize:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_work_too_big_for_the_worker_memory_cap_fails_alone(tmp_path):
    probe = LocalPool(1, memory_mb=0)
    try:
        baseline = probe.pool.submit(worker_address_space_mb).result()  # a worker before any work
    finally:
        probe.close()
    src = tmp_path / "src"
    src.mkdir()
    (src / "ferry.txt").write_text(STORY, encoding="utf-8")
    (src / "ferry2.txt").write_text(variant(1), encoding="utf-8")
    # 100 MB on disk, but one emoji makes the decoded text 4 bytes a character: ~400 MB in memory
    with open(src / "huge.txt", "wb") as f:
        f.write("\U0001F30A The tide. ".encode("utf-8") + b"All work and no play makes Jack a dull boy. "
                * (100 * 2**20 // 44))
    out = tmp_path / "out"

    # room for a small story (the allocator reserves address space generously), not for the huge one
    result = run_batch([str(src)], out, scheduler=LocalPool(1, memory_mb=baseline + 300))

    assert (result.done, result.failed) == (2, 1)
    [err] = errors(out)
    assert Path(err["input"]).name == "huge.txt" and "memory" in err["error"]


# --------------------------------------------------------------------------- Dask


def test_a_dask_cluster_gives_the_same_outputs_as_the_local_pool(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    assert run_batch([str(corpus)], local, processes=2).failed == 1

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = run_batch([str(corpus)], dask_out, scheduler=client)

    assert (result.done, result.failed) == (5, 1)
    assert tables(dask_out) == tables(local)
    assert errors(dask_out) == errors(local)
    for folder in (local / "works").iterdir():
        other = dask_out / "works" / folder.name
        assert (other / "analysis.json").read_bytes() == (folder / "analysis.json").read_bytes()
    # and a rerun on the local pool trusts what the cluster wrote
    again = run_batch([str(corpus)], dask_out, processes=1)
    assert (again.done, again.skipped, again.failed) == (0, 5, 1)


def test_the_cli_takes_a_scheduler_address(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        code, output = batch(str(corpus / "ferry.txt"), "-o", str(tmp_path / "out"),
                             "--scheduler", cluster.scheduler_address)
    assert code == 0, output
    assert f"on {cluster.scheduler_address}" in output
    assert len(table(tmp_path / "out", "works")) == 1


def test_dask_workers_in_their_own_processes_read_and_write_the_works_themselves(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    run_batch([str(corpus / "ferry.txt"), str(corpus / "fics.csv")], local, processes=1)

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = run_batch([str(corpus / "ferry.txt"), str(corpus / "fics.csv")], dask_out, scheduler=client)
        worker_pids = set(client.run(os.getpid).values())

    assert (result.done, result.failed) == (3, 0)
    assert set(result.peak_rss_kb) == worker_pids and os.getpid() not in worker_pids
    assert tables(dask_out) == tables(local)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_in_a_folder_is_skipped_and_recorded_and_the_run_goes_on(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "ok.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(d / "pipe.txt")  # opening it for reading would block forever
    (tmp_path / "other").mkdir()
    os.symlink(d / "pipe.txt", tmp_path / "other" / "link.txt")  # a symlink counts as what it points to
    os.symlink(d / "ok.txt", tmp_path / "other" / "ok-link.txt")
    code, _ = batch(str(d), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 1
    [err] = errors(tmp_path / "out")
    assert Path(err["input"]).name == "pipe.txt" and "named pipe" in err["error"]
    assert len(table(tmp_path / "out", "works")) == 1
    code, _ = batch(str(tmp_path / "other" / "*.txt"), "-o", str(tmp_path / "out2"), "-j", "1")  # a glob
    assert code == 1
    [err] = errors(tmp_path / "out2")
    assert Path(err["input"]).name == "link.txt" and "named pipe" in err["error"]
    assert len(table(tmp_path / "out2", "works")) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_file_swapped_for_a_pipe_after_listing_is_an_error_not_a_hang(tmp_path):
    from fabula.corpus.discovery import file_hash

    os.mkfifo(tmp_path / "late.txt")
    with pytest.raises(OSError, match="not a regular file"):
        file_hash(tmp_path / "late.txt")
# --------------------------------------------------------------------------- full disk, leftovers, formats


def disk_full(job, outdir: str, version: str):
    """A worker on a full disk: what run_job reports when the work folder cannot be written."""
    return {"work_id": job.work_id, "status": "failed", "words": 0, "fatal": True,
            "error": f"cannot write {outdir}/works/{job.work_id}: no space left on the device"}


def test_a_full_disk_stops_the_batch_with_one_error_naming_the_folder(corpus, tmp_path):
    from fabula.errors import FabulaError

    out = tmp_path / "out"
    with pytest.raises(FabulaError, match="no space left on the device") as e:
        run_batch([str(corpus / "ferry.txt"), str(corpus / "ferry.html")], out, scheduler=LocalPool(1, task=disk_full))
    assert str(out) in str(e.value)
    assert not (out / "works.parquet").exists() and not (out / ".tables").exists()


def test_a_worker_that_cannot_write_for_a_full_disk_says_the_run_must_stop(corpus, tmp_path, monkeypatch):
    import errno

    from fabula import outputs
    from fabula.corpus.discovery import Discovery
    from fabula.errors import FabulaError

    def full(analysis, folder, formats=None):
        raise FabulaError(f"cannot write {folder}: no space left on the device") from OSError(
            errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "write_all", full)
    job = next(j for j in Discovery([str(corpus / "ferry.txt")]).jobs())
    summary = run_job(job, str(tmp_path / "out"), "0")
    assert summary["status"] == "failed" and summary["fatal"]
    assert "no space left" in summary["error"]


def test_a_full_disk_while_writing_the_tables_leaves_no_part_and_no_half_table(corpus, tmp_path, monkeypatch):
    import errno

    import pyarrow.parquet

    from fabula.corpus import tables
    from fabula.errors import FabulaError

    out = tmp_path / "out"
    run_batch([str(corpus / "ferry.txt")], out, processes=1)
    before = (out / "works.parquet").read_bytes()

    class FullWriter(pyarrow.parquet.ParquetWriter):
        def write_table(self, *a, **k):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tables.pq, "ParquetWriter", FullWriter)
    with pytest.raises(FabulaError, match=f"cannot write the tables in {out}: no space left"):
        tables.build_tables(out, [p.name for p in (out / "works").iterdir()])
    assert not (out / ".tables").exists()
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert (out / "works.parquet").read_bytes() == before  # the tables of the last good run stay whole


def test_what_a_killed_batch_left_half_written_is_removed_by_the_next_run(corpus, tmp_path):
    out = tmp_path / "out"
    (out / "works" / ".abc.123.x1y2z3.partial").mkdir(parents=True)
    (out / ".tables").mkdir()
    (out / ".tables" / "works.0000000.parquet.tmp").write_bytes(b"PAR1")
    (out / ".works.parquet.4242.tmp").write_bytes(b"PAR1")
    result = run_batch([str(corpus / "ferry.txt")], out, processes=1)
    assert result.done == 1
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".batch.lock"]
    assert [p.name for p in (out / "works").iterdir() if p.name.startswith(".")] == []


def test_batch_formats_choose_the_files_of_each_work_and_a_rerun_asking_for_more_redoes_the_works(corpus, tmp_path):
    out = tmp_path / "out"
    first = run_batch([str(corpus / "ferry.txt")], out, processes=1)
    (work,) = (out / "works").iterdir()
    assert sorted(p.name for p in work.iterdir()) == ["analysis.json", "batch.json", "report.html", "text.txt"]
    again = run_batch([str(corpus / "ferry.txt")], out, processes=1, formats=("report",))
    assert (again.skipped, again.done) == (1, 0)
    more = run_batch([str(corpus / "ferry.txt")], out, processes=1, formats=("booknlp", "tei"))
    assert (more.skipped, more.done) == (0, 1)
    assert {"story.tokens", "story.tei.xml"} <= {p.name for p in work.iterdir()}
    assert first.done == 1


def test_an_input_the_worker_may_not_read_fails_alone(corpus, tmp_path, monkeypatch):
    import errno

    from fabula.corpus import workers
    from fabula.corpus.discovery import Discovery

    def unreadable(job):
        raise PermissionError(errno.EACCES, "Permission denied", job.input)

    monkeypatch.setattr(workers, "analyse", unreadable)
    job = next(j for j in Discovery([str(corpus / "ferry.txt")]).jobs())
    summary = run_job(job, str(tmp_path / "out"), "0")
    assert summary["status"] == "failed" and not summary.get("fatal")


def test_a_folder_too_deep_to_list_is_recorded_not_dropped(tmp_path):
    """A story below a path longer than the system allows (4096 bytes) is an error in errors.jsonl."""
    from fabula.corpus.discovery import expand_inputs

    top = tmp_path / "deep"
    top.mkdir()
    (top / "near.txt").write_text(STORY, encoding="utf-8")
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(22):  # 22 x 201 characters: past PATH_MAX, made one level at a time
            os.mkdir("d" * 200, dir_fd=fd)
            nxt = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
    finally:
        os.close(fd)
    skipped = []
    files = expand_inputs([str(top)], skipped=skipped)
    assert [f.name for f in files] == ["near.txt"]
    assert len(skipped) == 1 and "cannot read the folder" in skipped[0].error

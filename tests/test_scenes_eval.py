"""`fabula eval scenes`: boundary precision/recall/F1 against one-sentence-per-row gold files."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from fabula.cli import main
from fabula.eval import scenes as scene_eval


def _gold_file(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def test_scores_exact_and_within_tolerance():
    s = scene_eval.score(gold=[10, 20, 30], pred=[10, 22, 40], tolerance=2)
    assert (s.gold, s.pred, s.exact, s.near) == (3, 3, 1, 2)
    p, r, f = s.prf(s.near)
    assert round(p, 3) == round(r, 3) == round(f, 3) == 0.667


def test_each_gold_boundary_matches_one_prediction_only():
    s = scene_eval.score(gold=[10], pred=[9, 10, 11], tolerance=2)
    assert s.near == 1 and s.exact == 1


def test_the_command_reads_gold_and_finds_an_unmarked_time_jump(tmp_path):
    rows = [("1", "Ivy walked to the mill in the rain.")]
    rows += [("0", f"She counted the stones of the wall, number {i}.") for i in range(8)]
    rows += [("1", "The next morning, the mill was gone.")]
    rows += [("0", f"Nobody in the village could say where it went, {i}.") for i in range(8)]
    path = tmp_path / "Tiny.csv"
    _gold_file(path, rows)
    sentences, gold = scene_eval.read_gold(path)
    assert len(sentences) == 18
    assert gold == [9]  # the first sentence is a boundary by definition and is not counted
    result = CliRunner().invoke(scene_eval.scenes_command, [str(path), "--no-cast"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("| Tiny"))
    assert line.split("|")[2:4] == [" 1 ", " 1 "]  # one gold, one predicted
    assert line.rstrip().endswith("| 1.00 | 1.00 | 1.00 |")


def test_a_file_that_is_not_gold_is_refused_cleanly(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "scenes", str(path)])
    assert result.exit_code == 2
    assert "fabula: error:" in result.output and "no sentences" in result.output

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


def _story(tmp_path, name, jumps):
    """A gold file: runs of sentences about one place, each new run opening on a time jump."""
    places = [("mill", "wheel", "flour", "sacks"), ("harbour", "boats", "nets", "gulls"),
              ("orchard", "apples", "ladders", "baskets"), ("forge", "anvil", "sparks", "bellows")]
    rows = []
    for k in range(jumps):
        a, b, c, d = places[k % len(places)]
        opener = "Ivy walked" if k == 0 else "The next morning, Ivy walked"
        rows.append(("1", f"{opener} down to the {a} alone."))
        rows += [("0", f"The {b} and the {c} by the {a} were old, {d} number {i}.") for i in range(10)]
    path = tmp_path / f"{name}.csv"
    _gold_file(path, rows)
    return path


def test_fit_scores_each_text_with_weights_fitted_on_the_others(tmp_path):
    paths = [str(_story(tmp_path, f"Story{i}", 3 + i)) for i in range(3)]
    result = CliRunner().invoke(scene_eval.scenes_command, [*paths, "--no-cast", "--fit", "opener,new_words"])
    assert result.exit_code == 0, result.output
    held = result.output.split("logistic regression over opener, new_words")[1]
    rows = [x for x in held.splitlines() if x.startswith("| Story")]
    assert len(rows) == 3  # one row per held-out text
    # every unmarked "The next morning" jump is found in the texts left out, and nothing else
    assert all(r.rstrip().endswith("| 1.00 | 1.00 | 1.00 |") for r in rows), rows
    assert "mean weights: bias" in held


def test_fit_refuses_an_unknown_signal(tmp_path):
    paths = [str(_story(tmp_path, f"Story{i}", 3)) for i in range(2)]
    result = CliRunner().invoke(main, ["eval", "scenes", *paths, "--no-cast", "--fit", "vibes"])
    assert result.exit_code == 2
    assert "unknown signal 'vibes'" in result.output


def test_new_vocabulary_ranks_highest_where_the_place_changes():
    from fabula import text as text_stage
    from fabula.model import Chapter, Span, Work

    mill = [f"The wheel of the mill turned slowly over the flour sacks, turn {i}." for i in range(12)]
    sea = [f"Gulls circled above harbour boats mending nets beside lighthouse rocks, wave {i}." for i in range(12)]
    story = "\n\n".join(mill + sea)
    work = Work(text=story, source_format="text", story=(Span(0, len(story)),),
                chapters=(Chapter(1, None, 0, len(story)),))
    t = text_stage.segment(work)
    assert len(t.paragraphs) == 24
    ranks = scene_eval.novelty(t, len(t.paragraphs), gap=200, win=20)
    # the first harbour paragraph brings the most new words (ranks 0..1 over the text)
    assert int(ranks[:, 0].argmax()) == 12 and ranks[12, 0] == 1.0

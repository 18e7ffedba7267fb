"""The lockbox protocol of the speaker evaluation: which PDNC novels are held back."""

from pathlib import Path

from fabula.eval.pdnc_data import is_lockbox, split_lockbox


def _corpus(tmp_path: Path, n: int = 20) -> list[Path]:
    out = []
    for i in range(n):
        d = tmp_path / f"Novel{chr(ord('A') + i)}"
        d.mkdir()
        (d / "novel_text.txt").write_text("x", encoding="utf-8")
        out.append(d)
    return out


def test_the_lockbox_is_positions_2_6_10_14_18_of_the_sorted_folders(tmp_path):
    folders = _corpus(tmp_path)
    dev, box = split_lockbox(list(reversed(folders)))
    assert [f.name for f in box] == ["NovelC", "NovelG", "NovelK", "NovelO", "NovelS"]
    assert len(dev) == 15 and not set(dev) & set(box)
    assert is_lockbox(folders[2]) and not is_lockbox(folders[3])


def test_a_folder_that_is_not_the_full_release_has_no_lockbox(tmp_path):
    folders = _corpus(tmp_path, 6)
    assert split_lockbox(folders) == (folders, [])


def test_cross_validation_over_lockbox_novels_alone_is_refused(tmp_path):
    from click.testing import CliRunner

    from fabula.eval.pdnc import pdnc_command

    folders = _corpus(tmp_path)
    result = CliRunner().invoke(pdnc_command, [str(folders[2]), "--errors", "5", "--cv", "3"])
    # one lockbox novel alone: nothing to cross-validate on, and no error listing
    assert result.exit_code != 0
    assert "---" not in result.output


def test_the_report_gives_each_types_right_and_all_counts_summed_over_the_novels():
    from collections import Counter

    from fabula.eval.pdnc import NovelScore, report

    a = NovelScore("A", Counter(all=5, Explicit=2, Anaphoric=3), Counter(all=4, Explicit=2, Anaphoric=2), 5, 5)
    b = NovelScore("B", Counter(all=3, Explicit=1, Implicit=2), Counter(all=1, Explicit=0, Implicit=1), 3, 3)
    line = next(x for x in report([a, b]).splitlines() if x.startswith("quote counts by type"))
    assert line == ("quote counts by type, right / all: Explicit 2 / 3 (66.67%), Anaphoric 2 / 3 (66.67%), "
                    "Implicit 1 / 2 (50.00%)")

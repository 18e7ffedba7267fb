"""A title after a capitalised word keeps its name ("As Mrs. Pell observed", "And Mr. Pell said"):
the cast stage must not read the bare surname, which fits everyone in the family (names invented
for these tests)."""

from __future__ import annotations

from test_cast import cast_of

from fabula.cast.runs import capitalised_runs


def _runs(s: str) -> list[tuple[str | None, str]]:
    return [(title, s[a:b]) for _, title, a, b in capitalised_runs(s, 0, len(s))]


def test_a_run_ending_in_a_dotted_title_is_cut_before_the_title():
    assert _runs("As Mrs. Pell observed, it was late.") == [(None, "As"), ("Mrs", "Pell")]
    assert _runs("Then Mr. Pell laughed, and Poor Old Dr. Quill sighed.") == [
        (None, "Then"), ("Mr", "Pell"), (None, "Poor Old"), ("Dr", "Quill")]


def test_a_title_after_a_dash_is_given_to_the_name_after_it():
    assert _runs("She had waited for months--Mrs. Pell said so.") == [(None, "She"), ("Mrs", "Pell")]
    assert _runs("a dash, -Miss Ashdown came in") == [("Miss", "Ashdown")]
    assert _runs("It was Jean-Luc Pell.") == [(None, "It"), (None, "Jean-Luc Pell")]


def test_runs_without_a_trailing_title_are_unchanged():
    assert _runs("Mrs. Pell and Edwin Pell went to Ashby.") == [("Mrs", "Pell"), (None, "Edwin Pell"), (None, "Ashby")]
    assert _runs("He met Mr. and Mrs. Pell.") == [(None, "He"), (None, "Mr"), ("Mrs", "Pell")]


STORY = """\
Mrs. Pell came in from the garden. Mr. Pell followed her, and Mrs. Pell sat down while Mr. Pell stood by the fire.

"It is cold," said Mrs. Pell.

As Mrs. Pell observed, "All the young people have their whims."

And Mr. Pell, walking briskly about the room, was calling out, "Come along, come along!"

Then Mr. Pell laughed. Poor Mrs. Pell smiled at Mr. Pell.
"""


def test_after_and_as_then_a_titled_surname_is_still_the_titled_person():
    c = cast_of(STORY)
    mrs, mr = c.alias_of("Mrs. Pell"), c.alias_of("Mr. Pell")
    assert mrs is not None and mr is not None and mrs is not mr
    owners = {STORY[m.start:m.end]: set() for m in c.mentions}
    for m in c.mentions:
        owners[STORY[m.start:m.end]].add(m.character)
    assert "Pell" not in owners  # no bare surname read out of a titled one
    assert owners["Mrs. Pell"] == {mrs.index} and owners["Mr. Pell"] == {mr.index}

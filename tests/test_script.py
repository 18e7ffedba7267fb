"""Script-format fics ("NAME: line", "NAME - line", stage directions in brackets or asterisks): every
labelled line is a quotation spoken by its label's character. Invented snippets."""

from __future__ import annotations

from fabula import pipeline, quotes
from fabula.model import quote_text

DINER = """The Diner

Rook pushed the door open and the bell rang over his head. The place was empty except for the cook.

ROOK: Coffee. Black.

MAVIS: We're closed.

ROOK: The sign says open.

MAVIS: *wipes the counter* The sign lies. Like you.

[A long pause. Rook sits anyway.]

ROOK: I came to say sorry.

MAVIS (quietly): Took you six years.

Mavis poured the coffee anyway. Rook drank it too fast, and she laughed at him.

"Some things don't change," she said.
"""


def _lines(a):
    return [(q.label, quote_text(a.text.text, q)) for q in a.quotes]


def test_each_labelled_line_is_a_quote_of_its_label_and_stage_directions_are_not_speech():
    a = pipeline.analyze(DINER)
    assert _lines(a) == [
        ("ROOK", "Coffee. Black."), ("MAVIS", "We're closed."), ("ROOK", "The sign says open."),
        ("MAVIS", "The sign lies. Like you."), ("ROOK", "I came to say sorry."),
        ("MAVIS", "Took you six years."), (None, "Some things don't change,")]
    assert [q.id for q in a.quotes] == [f"Q{i}" for i in range(1, 8)]
    names = {c.index: c.name for c in a.cast.characters}
    said = [(names.get(att.speaker), att.type) for att in a.speakers][:6]
    assert said == [("Rook", "explicit"), ("Mavis", "explicit")] * 3
    assert all(att.confidence >= 0.9 for att in list(a.speakers)[:6])
    assert names[a.speakers[0].addressees[0]] == "Mavis"
    first = a.quotes[0]
    assert a.text.text[first.label_span.start:first.label_span.end] == "ROOK"


def test_the_cast_counts_the_labels_as_name_mentions():
    a = pipeline.analyze(DINER)
    by_name = {c.name: c for c in a.cast.characters}
    assert by_name["Rook"].mentions >= 3 + 3  # three labels, three times in the narration
    assert by_name["Mavis"].mentions == 3 + 1
    assert "MAVIS" in by_name["Mavis"].aliases


def test_dash_labels_on_consecutive_lines_are_a_script_too():
    story = ("Quin - you're late again\nOttoline - the train was late\nQuin - the train is always late\n"
             "Ottoline - then I am always late\n(she shrugs)\nQuin - fair enough\n")
    qs = quotes.find_in(story)
    assert [(q.label, quote_text(story, q)) for q in qs] == [
        ("Quin", "you're late again"), ("Ottoline", "the train was late"), ("Quin", "the train is always late"),
        ("Ottoline", "then I am always late"), ("Quin", "fair enough")]


def test_a_few_labelled_lines_in_prose_are_not_a_script():
    story = ("Location: the old mill. Time: midnight.\n\nHarlan: that was the name on the letter, and he "
             "did not know it.\n\n\"Who sent this?\" he asked.\n\nNobody answered him.\n\n"
             "Note: the mill burned the next winter.\n")
    qs = quotes.find_in(story)
    assert [(q.label, quote_text(story, q)) for q in qs] == [(None, "Who sent this?")]


def test_front_matter_words_are_never_speaker_labels():
    story = "".join(f"Warning: step {i} is steep.\nNote: the rail {i} is loose.\n" for i in range(4))
    assert all(q.label is None for q in quotes.find_in(story))


def test_once_a_story_is_a_script_its_speakers_lines_between_narration_are_quotes_too():
    story = DINER + ("\nThe rain came back at closing time.\n\nROOK: Same time tomorrow?\n\n"
                     "She did not look up from the till.\n\nMAVIS: Don't push it.\n\n"
                     "Harbour: the word was painted on the door in flaking gold.\n")
    a = pipeline.analyze(story)
    tail = _lines(a)[-2:]
    assert tail == [("ROOK", "Same time tomorrow?"), ("MAVIS", "Don't push it.")]
    assert all(q.label != "Harbour" for q in a.quotes)

"""Craft: writer warnings with their locations, and AO3-style suggested tags."""

from __future__ import annotations

from fabula import craft

try:
    from test_scenes_support import analysis_of
except ImportError:  # tests run as a package
    from tests.test_scenes_support import analysis_of

IVY = ("Ivy", "she/her", ("Ivy",))
MARCUS = ("Marcus", "he/him", ("Marcus",))
TOM = ("Tom", "he/him", ("Tom",))

LINES = ['"Where were you?"', '"Out."', '"Out where?"', '"Just out."', '"With him?"', '"Does it matter?"',
         '"It matters to me."', '"Fine. Yes."']


def _conversation(untagged: int) -> str:
    opening = '"Sit down," said Ivy. Marcus sat.'
    return "\n\n".join([opening, *LINES[:untagged]])


def _kinds(a, kind):
    return [w for w in a.craft.warnings if w.kind == kind]


def test_six_untagged_lines_in_a_row_lose_the_reader():
    a = analysis_of(_conversation(6), [IVY, MARCUS])
    (w,) = _kinds(a, "untagged_run")
    assert a.text.text[w.start:w.end].startswith('"Where were you?"')
    assert a.text.text[w.start:w.end].endswith('"Does it matter?"')
    assert "6 lines" in w.message


def test_five_untagged_lines_are_fine():
    a = analysis_of(_conversation(5), [IVY, MARCUS])
    assert _kinds(a, "untagged_run") == []


def test_said_bookisms_are_flagged_where_they_are():
    story = '"Get out," Ivy hissed.\n\n"Make me," Marcus chortled.\n\n"Please," said Tom.'
    a = analysis_of(story, [IVY, MARCUS, TOM])
    found = [a.text.text[w.start:w.end] for w in _kinds(a, "said_bookism")]
    assert found == ["hissed", "chortled"]


def test_a_bookism_before_the_quotation_is_flagged_too():
    a = analysis_of('Marcus smirked, "You missed me."', [MARCUS])
    (w,) = _kinds(a, "said_bookism")
    assert "smirked" in w.message


def test_plain_tags_and_action_beats_are_not_bookisms():
    story = ('"Get out," Ivy said.\n\n"Make me," Marcus replied.\n\n'
             'Tom shrugged. "Whatever you two want."\n\n"Really?" asked Ivy.')
    a = analysis_of(story, [IVY, MARCUS, TOM])
    assert _kinds(a, "said_bookism") == []
    assert _kinds(a, "adverb_tag") == []


def test_an_action_beat_after_a_full_stop_is_not_a_tag():
    story = '"Fine." Marcus smiled.\n\n"Good." Ivy laughed and looked away.\n\n"Then go." Tom sighed softly.'
    a = analysis_of(story, [IVY, MARCUS, TOM])
    assert _kinds(a, "said_bookism") == []
    assert _kinds(a, "adverb_tag") == []


def test_adverbs_propping_up_speech_tags():
    story = '"I know," Ivy said softly.\n\n"Do you?" asked Marcus quietly.\n\n"Yes," said Tom.'
    a = analysis_of(story, [IVY, MARCUS, TOM])
    found = [w.message for w in _kinds(a, "adverb_tag")]
    assert len(found) == 2
    assert "said softly" in found[0] and "asked quietly" in found[1]


def test_words_ending_in_ly_that_are_not_adverbs_are_left_alone():
    a = analysis_of('"Come," said Ivy, "it is early."\n\n"Fine," Marcus said only once.', [IVY, MARCUS])
    assert _kinds(a, "adverb_tag") == []


def test_suggested_tags_for_a_romance_told_from_both_sides():
    ivy = ("Ivy Hale", "she/her", ("Ivy", "Ivy Hale"))
    story = """Ivy waited by the gate. She wondered if he would come. She felt the cold in her bones.

"You came," said Ivy. "I thought you would not."

"I love you, darling," said Marcus. He kissed her.

* * *

Marcus walked home alone. He thought of her all the way. He wondered if he had been a fool.

"You are smiling," said Tom.

"Am I?" said Marcus.

"You are," said Tom. "Is it her?"

"It is," said Marcus."""
    a = analysis_of(story, [ivy, MARCUS, TOM])
    tags = a.craft.suggested_tags
    assert set(tags["characters"]) == {"Ivy Hale", "Marcus", "Tom"}
    assert "Ivy Hale/Marcus" in tags["relationships"]
    assert "Marcus & Tom" in tags["relationships"]
    assert {"POV Alternating", "Ivy Hale's POV", "Marcus's POV", "Third Person", "Past Tense"} <= set(
        tags["additional_tags"])


def test_suggested_tags_for_first_person_present_tense():
    story = """I wake before the alarm. I lie there and listen to the rain. My sister is already up; I hear her in the kitchen.

She sings while she makes the coffee. I pull the blanket over my head and I wait for her to call me."""
    a = analysis_of(story, [("Ivy", "she/her", ("Ivy",))], narrator=0)
    extra = a.craft.suggested_tags["additional_tags"]
    assert "First Person" in extra
    assert "Present Tense" in extra
    assert "Past Tense" not in extra


def test_tense_from_narration():
    assert craft.tense(None, "She walks to the door. He says nothing. She opens it. He is gone. She sighs.") == "present"
    assert craft.tense(None, "She walked to the door. He said nothing. She opened it. He was gone. She sighed.") == "past"
    assert craft.tense(None, "Rain.") is None

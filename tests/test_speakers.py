"""Speaker attribution, as specifications: a snippet of story and a cast in, who speaks each quote out.

The cast is given here (names, aliases, pronouns), so that these tests pin down the speakers stage
alone; mentions are found by exact alias matching, as a cast stage would report them.
"""

from __future__ import annotations

import re

import pytest

from fabula import ingest, quotes, speakers, text
from fabula.model import Cast, Character, Mention

MARCUS = ("Marcus", ("Marcus", "Marc"), "he/him")
IVY = ("Ivy", ("Ivy",), "she/her")
TOM = ("Tom", ("Tom",), "he/him")
ROSE = ("Rose", ("Rose",), "she/her")


def cast_of(story: str, people, narrator: str | None = None) -> Cast:
    chars = []
    mentions = []
    for i, (name, aliases, pronouns) in enumerate(people):
        n = 0
        for a in aliases:
            for m in re.finditer(rf"\b{re.escape(a)}\b", story):
                mentions.append(Mention(m.start(), m.end(), i, "name"))
                n += 1
        chars.append(Character(i, name, aliases, pronouns, n, narrator == name))
    mentions.sort(key=lambda m: m.start)
    nar = next((i for i, p in enumerate(people) if p[0] == narrator), None)
    return Cast(tuple(chars), tuple(mentions), nar)


def attribute(story: str, people, narrator: str | None = None):
    """(speaker name, addressee names, type) for each quote of the story."""
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = cast_of(txt.text, people, narrator)
    sp = speakers.attribute(txt, qs, cast)
    assert len(sp) == len(qs)
    names = [c.name for c in cast.characters]
    return [(names[a.speaker] if a.speaker is not None else None, [names[x] for x in a.addressees], a.type)
            for a in sp]


def speakers_of(story, people, narrator=None):
    return [s for s, _, _ in attribute(story, people, narrator)]


# --------------------------------------------------------------------------- explicit tags


def test_explicit_tag_after_the_quote_in_both_orders():
    story = ('Marcus and Ivy stood at the gate.\n\n"It is late," said Marcus.\n\n'
             '"Then go home," Ivy said.\n\n"Not without you," Marcus answered quietly.')
    assert speakers_of(story, [MARCUS, IVY]) == ["Marcus", "Ivy", "Marcus"]


def test_explicit_tags_are_explicit_and_confident():
    story = 'Marcus and Ivy stood at the gate.\n\n"It is late," said Marcus.\n\n"Then go home," Ivy said.'
    out = attribute(story, [MARCUS, IVY])
    assert [t for _, _, t in out] == ["explicit", "explicit"]
    txt = text.segment(ingest.read(story))
    sp = speakers.attribute(txt, quotes.find(txt), cast_of(txt.text, [MARCUS, IVY]))
    assert all(a.confidence > 0.5 for a in sp)
    assert txt.text[sp[0].cue.start:sp[0].cue.end] == "Marcus"


def test_tag_before_the_quote():
    story = 'The room went quiet.\n\nIvy said, "Nobody move."\n\nMarcus whispered: "Too late."'
    assert speakers_of(story, [MARCUS, IVY]) == ["Ivy", "Marcus"]


def test_tag_between_the_pieces_of_an_interrupted_quote():
    story = 'Tom ran in.\n\n"Wait," said Ivy, "you are bleeding."'
    assert speakers_of(story, [IVY, TOM]) == ["Ivy"]


def test_said_he_inverted_pronoun_tag():
    story = ('Ivy looked up at Marcus.\n\n"Where were you?" she asked.\n\n"Out," said he.\n\n'
             '"Out where?" said she.')
    out = attribute(story, [MARCUS, IVY])
    assert [s for s, _, _ in out] == ["Ivy", "Marcus", "Ivy"]
    assert [t for _, _, t in out] == ["anaphoric", "anaphoric", "anaphoric"]


def test_pronoun_tag_picks_the_character_of_that_gender():
    story = ('Marcus came in with Ivy behind him. They had been arguing all the way from the car.\n\n'
             '"I am not sorry," she said.\n\n"You never are," he said.')
    assert speakers_of(story, [MARCUS, IVY]) == ["Ivy", "Marcus"]


def test_unknown_description_tag_still_counts_as_anaphoric():
    story = 'Tom went up to the counter.\n\n"We are closed," said the old man.'
    out = attribute(story, [TOM])
    assert out[0][2] == "anaphoric"


# --------------------------------------------------------------------------- beats and vocatives


def test_action_beat_names_the_speaker():
    story = ('Marcus held out the car keys.\n\nIvy folded her arms. "You can\'t make me."\n\n'
             'Marcus shrugged. "Suit yourself."')
    assert speakers_of(story, [MARCUS, IVY]) == ["Ivy", "Marcus"]


def test_vocative_is_the_addressee_not_the_speaker():
    story = ('Ivy and Marcus reached the bridge at midnight.\n\n'
             'Ivy put her hand on the rail. "Look at the water."\n\n"Don\'t, Ivy."')
    out = attribute(story, [IVY, MARCUS])
    assert out[1][0] == "Marcus"
    assert out[1][1] == ["Ivy"]


def test_a_name_shouted_in_capitals_is_the_addressee():
    story = ('Ivy and Marcus stood at the edge of the roof.\n\n'
             'Ivy put her hand on the rail. "Look at the water."\n\n"IVY, GET BACK FROM THERE!"')
    out = attribute(story, [IVY, MARCUS])
    assert out[1][1] == ["Ivy"]
    assert out[1][0] == "Marcus"


def test_capitals_in_ordinary_speech_are_not_read_as_shouted_names():
    story = ('Ivy and Marcus stood at the edge of the roof.\n\n'
             'Ivy put her hand on the rail. "I saw the IVY on the wall."')
    out = attribute(story, [IVY, MARCUS])
    assert out[0][1] == []


def test_said_x_to_y_gives_the_addressee():
    story = 'Tom, Ivy and Marcus sat at the table.\n\n"Pass the salt," said Tom to Ivy.'
    out = attribute(story, [TOM, IVY, MARCUS])
    assert out[0][0] == "Tom"
    assert out[0][1] == ["Ivy"]


# --------------------------------------------------------------------------- conversations


def test_six_line_untagged_two_person_run_alternates():
    story = ('Ivy found Marcus on the roof.\n\n'
             '"You came," said Ivy.\n\n'
             '"I said I would," Marcus said.\n\n'
             '"You say a lot of things."\n\n'
             '"And I mean most of them."\n\n'
             '"Most?"\n\n'
             '"Some."\n\n'
             '"That is not funny."\n\n'
             '"It is a little funny."')
    assert speakers_of(story, [IVY, MARCUS]) == ["Ivy", "Marcus", "Ivy", "Marcus", "Ivy", "Marcus", "Ivy", "Marcus"]


def test_two_person_run_addressees_are_the_other_participant():
    story = ('Ivy found Marcus on the roof.\n\n"You came," said Ivy.\n\n"I said I would," Marcus said.\n\n'
             '"You say a lot of things."')
    out = attribute(story, [IVY, MARCUS])
    assert [a for _, a, _ in out] == [["Marcus"], ["Ivy"], ["Marcus"]]


def test_multi_paragraph_speech_keeps_its_speaker():
    story = ('Rose sat by the fire and Tom waited.\n\n'
             '"It began in the winter," said Rose. "The river froze and the mill stopped.\n\n'
             '"Nobody in the village had bread by February.\n\n'
             '"That is when your grandfather left."\n\n'
             '"Did he come back?" asked Tom.')
    out = attribute(story, [ROSE, TOM])
    assert [s for s, _, _ in out] == ["Rose", "Tom"]


def test_first_person_narrator_i_said():
    story = ('I waited for Ivy at the station for an hour.\n\n"You are late," I said.\n\n'
             '"The train was late," she said.\n\n"Trains usually are," I said.')
    assert speakers_of(story, [("Nell", ("Nell",), "she/her"), IVY], narrator="Nell") == ["Nell", "Ivy", "Nell"]


def test_every_quote_gets_an_attribution_even_with_an_empty_cast():
    story = '"Hello," said someone.\n\n"Hi."'
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    sp = speakers.attribute(txt, qs, Cast((), ()))
    assert len(sp) == 2
    assert all(a.speaker is None for a in sp)


@pytest.mark.parametrize("tag", ["said", "asked", "whispered", "snapped", "murmured", "replied", "laughed"])
def test_speech_and_action_verbs_make_a_tag(tag):
    story = f'Marcus and Ivy waited.\n\n"Fine," {tag} Ivy.\n\n"Fine," Marcus {tag}.'
    assert speakers_of(story, [MARCUS, IVY]) == ["Ivy", "Marcus"]


# --------------------------------------------------------------------------- tags with uncommon verbs


def test_a_pronoun_after_a_quote_ending_in_a_comma_or_question_mark_is_a_tag_whatever_the_verb():
    story = ('Marcus and Ivy stood at the gate.\n\n"It is late," she owned, looking away.\n\n'
             '"Is it?" he exulted.')
    got = attribute(story, [MARCUS, IVY])
    assert [(s, t) for s, _, t in got] == [("Ivy", "anaphoric"), ("Marcus", "anaphoric")]


def test_a_pronoun_beat_in_the_paragraph_points_to_a_character_of_that_gender():
    story = ('Marcus and Ivy stood at the gate, and Tom sat on the wall.\n\n'
             'She pulled her coat tighter. "It is late."')
    assert speakers_of(story, [MARCUS, IVY, TOM]) == ["Ivy"]

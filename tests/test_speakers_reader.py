"""Speakers in a second-person reader insert ("you say", the Reader is ``cast.reader``): invented
snippets of the patterns seen on fan fiction, with what fabula must say."""

from __future__ import annotations

import re
from dataclasses import replace

from fabula import ingest, quotes, speakers, text
from fabula.model import Mention
from fabula.speakers.antecedents import antecedent
from fabula.speakers.document import Document, _subject_you
from tests.test_speakers import cast_of


def reader_insert(story: str, reader_pronouns: str | None = None, others=(), partners=()) -> list[str | None]:
    """Speakers of the story, cast Kell, the Reader and ``others`` (name, aliases, pronouns), every
    "you"/"your" a Reader mention, a name inside a quote a vocative; ``partners``: indices of the
    Reader's declared pairing."""
    kell = ("Kell", ("Kell",), "he/him")
    reader = ("Reader", ("Y/N",), reader_pronouns)
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = cast_of(txt.text, [kell, reader, *others])
    spoken = [(p.start, p.end) for q in qs for p in q.pieces]
    names = [replace(m, kind="vocative") if any(a <= m.start < b for a, b in spoken) else m for m in cast.mentions]
    yous = [Mention(m.start(), m.end(), 1, "reader") for m in re.finditer(r"\b[Yy]our?\b", txt.text)]
    cast = replace(cast, mentions=tuple(sorted((*names, *yous), key=lambda m: m.start)), reader=1,
                   partners=tuple(partners))
    sp = speakers.attribute(txt, qs, cast)
    return [cast.characters[a.speaker].name if a.speaker is not None else None for a in sp]


def _you_at(s: str, k: int = 0) -> bool:
    """Whether the ``k``-th "you"/"your" of ``s`` is read as the Reader acting."""
    m = list(re.finditer(r"\b[Yy]our?\b", s))[k]
    return _subject_you(s, m.start(), m.end())


def test_a_you_opening_a_sentence_or_clause_is_the_reader_acting():
    assert _you_at("You take a handful.")
    assert _you_at("He laughs, and you laugh with him.")
    assert _you_at("The kettle clicks off. You're already up.")


def test_an_object_or_possessive_you_is_not_the_reader_acting():
    assert not _you_at("He eyes you.")
    assert not _you_at("She tips the box toward you like an offering.")
    assert not _you_at("He is looking at your hands.")


def test_a_he_tag_in_a_reader_insert_is_never_the_reader_even_without_her_pronouns():
    story = ('You hand Kell the mug and sit down.\n\n"You didn\'t have to wait up," he says.\n\n'
             '"I know," you say.\n\n"Thanks anyway," he says.')
    assert reader_insert(story) == ["Kell", "Reader", "Kell"]


def test_a_line_beside_a_he_beat_aimed_at_you_is_not_the_readers():
    story = ('Kell limps in at midnight. You put down the book.\n\n"Sit," you say.\n\n'
             'He eyes you. "Make me."')
    assert reader_insert(story) == ["Reader", "Kell"]


def test_a_he_beat_is_not_the_readers_even_when_the_reader_is_a_he():
    story = ('Kell limps in at midnight. You put down the book and stand.\n\n"Sit," you say.\n\n'
             'He grins. "Make me."')
    assert reader_insert(story, reader_pronouns="he/him") == ["Reader", "Kell"]


OREN = ("Oren", ("Oren",), "he/him")
# Kell is the Reader's partner; Oren, named once, passes through the scene
PASSING = ('Kell comes in at two with a split lip.\n\n"Don\'t ask," he says.\n\n'
           'You don\'t. You clean the cut and reach for the tape.\n\n'
           'Oren knocks on the open door, hands you a clipboard and goes back to the front desk.\n\n'
           'You tape the gauze down. He watches your hands the whole time.\n\n"Thanks," he says.')


def test_a_he_tag_goes_to_the_readers_partner_not_to_a_man_named_in_passing():
    assert reader_insert(PASSING, others=[OREN], partners=[0]) == ["Kell", "Kell"]


def test_the_readers_partner_holds_the_he_even_when_long_unnamed():
    filler = "".join(f"You count the cars in the lot below. There are {w} of them.\n\n"
                     for w in ("nine", "ten", "eleven", "twelve") * 6)
    talk = "".join(f'"{a}," Oren says.\n\n"{b}," you say.\n\n'
                   for a, b in (("Late one", "Always"), ("Coffee", "Please"), ("Sugar", "No"), ("Milk", "No"),
                                ("Bye", "Bye")))
    story = ('Kell comes in at two with a split lip.\n\n"Don\'t ask," he says.\n\n' + filler + talk +
             'You drink it slowly.\n\nThe rain picks up.\n\nYou close your eyes for a minute.\n\n'
             'The door opens behind you. He sits down at the end of the bench.\n\n"Hey," he says.')
    assert reader_insert(story, others=[OREN], partners=[0])[-1] == "Kell"


def test_without_a_declared_pairing_the_man_the_lines_address_holds_the_he():
    story = ('Kell comes in at two with a split lip.\n\n"Kell, sit," you say.\n\n"Fine," he says.\n\n'
             '"Kell. Chin up."\n\nHe tips his head back.\n\n"Hold still, Kell," you say.\n\n'
             'Oren knocks on the open door, hands you a clipboard and goes back to the front desk. Oren '
             'always knocks. Oren is like that.\n\nYou set the clipboard aside.\n\nThe kettle clicks off.\n\n'
             'You tape the gauze down. He watches your hands the whole time.\n\n'
             '"Thanks," he says.')
    assert reader_insert(story, others=[OREN])[-1] == "Kell"



def test_a_he_tag_right_after_another_turns_tag_is_left_to_turn_taking_not_to_the_partner():
    story = ('Oren leans on the car. Kell sits on the hood.\n\n"We should go back," he says.\n\n'
             '"Probably," he agrees.\n\nYou say nothing.')
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = replace(cast_of(txt.text, [("Kell", ("Kell",), "he/him"), ("Reader", ("Y/N",), None), OREN]),
                   reader=1, partners=(0,))
    doc = Document(txt, qs, cast)
    assert antecedent(doc, qs[0], "m") == 0  # "Kell sits on the hood": the narration's subject
    assert antecedent(doc, qs[1], "m") is None

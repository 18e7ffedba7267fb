"""Point of view as a reader sees it: whose thoughts, feelings and perceptions the narration gives."""

from __future__ import annotations

from dataclasses import replace

from fabula import pov, quotes, text
from fabula.model import Cast

try:
    from test_scenes_support import analysis_of, cast_of, work_of
except ImportError:  # tests run as a package
    from tests.test_scenes_support import analysis_of, cast_of, work_of

ODO = ("Odo Brand", "he/him", ("Odo", "Odo Brand"))
FENN = ("Fenn", "he/him", ("Fenn",))
MAREK = ("Marek", "he/him", ("Marek",))
YN = ("Y/N", None, ("Y/N",))


def evidence_of(story: str, people, reader: int | None = None):
    """(text, cast, POV evidence) of ``story`` with the cast ``people`` (``reader``: the Reader's index)."""
    txt = text.segment(work_of(story))
    cast = cast_of(story, people)
    if reader is not None:
        cast = replace(cast, reader=reader)
    return txt, cast, pov.evidence(txt, quotes.find(txt), cast)


def focal(story: str, people, reader: int | None = None, person: str = "third"):
    """The POV character's name of the whole story as one span, with the cast ``people``."""
    txt, cast, ev = evidence_of(story, people, reader)
    who, conf, _ = pov.pov_of(ev, 0, len(txt.paragraphs), ev.cues, cast.narrator, person)
    return (cast.characters[who].name if who is not None else None), conf


# Fenn is named far more often, but the narration is in Odo's head: his thoughts, his "he".
TWO_MEN = """Odo Brand had not slept. He sat on the tailgate of the van and watched the harbour lights go out one by one.

Fenn came across the car park with two paper cups. Fenn was whistling. Fenn always whistled when something was wrong.

"Coffee," Fenn said.

Odo took it. He wondered how long Fenn had known about the boat. He felt the heat of the cup through his gloves and could not make himself drink.

Fenn sat down next to him. Fenn said nothing. Fenn kicked at a stone.

Odo stared at the water. What was he supposed to say now? He knew the answer, and he hated it."""


def test_the_focal_character_is_whose_thoughts_are_given_not_the_most_named():
    name, conf = focal(TWO_MEN, [ODO, FENN])
    assert name == "Odo Brand"
    assert conf > 0.4


def test_a_free_indirect_question_is_the_focal_characters_question():
    story = ("Fenn was inside the flat. The lights were on, and Fenn was singing.\n\n"
             "Marek stood at the door for a long time. Why had he come back at all? Was there any point knocking?")
    assert focal(story, [MAREK, FENN])[0] == "Marek"
    _, _, ev = evidence_of(story, [MAREK, FENN])
    assert ev.focal[1].get(0, 0) >= 2 * pov.CUE_WEIGHT["question"]  # both questions are Marek's


def test_whose_body_hurts_is_whose_head_we_are_in():
    story = ("The lift was broken again, so Odo took the stairs.\n\n"
             "By the fifth floor his knees ached and his chest burned. Fenn ran past him, two steps at a time.\n\n"
             "His lungs protested all the way up.")
    assert focal(story, [ODO, FENN])[0] == "Odo Brand"


def test_a_character_the_cast_gave_no_pronouns_still_owns_his_he_thought():
    # the cast knows Fenn as "he" but has no pronouns for Odo; the text calls Odo "he"
    odo_unknown = ("Odo Brand", None, ("Odo", "Odo Brand"))
    story = ("Odo locked the shop and he stood a while in the rain.\n\n"
             "Odo counted the takings twice, and he frowned at the total.\n\n"
             "Fenn had left early again. Odo thought about that. He wondered whether he minded.\n\n"
             "He decided he did.")
    assert focal(story, [odo_unknown, FENN])[0] == "Odo Brand"


READER_INSERT = """The station is empty at this hour, which is why you like it. You buy a tea from the machine and you sit on the cold bench.

Y/N, says the screen of your phone. Marek again. You think about not answering. You wonder what he wants this time.

He is standing at the end of the platform when you look up. He lifts a hand.

You feel your heart do something stupid. You know you should get on the train."""


def test_a_reader_insert_is_told_through_the_reader():
    # the cast stage will give Cast.reader; here it is set by hand
    assert focal(READER_INSERT, [YN, MAREK], reader=0, person="second")[0] == "Y/N"


def test_a_reader_placeholder_character_is_the_reader_when_the_cast_names_none():
    work = work_of(READER_INSERT)
    cast = cast_of(READER_INSERT, [YN, MAREK])
    assert cast.reader is None
    txt = text.segment(work)
    assert pov.evidence(txt, quotes.find(txt), cast).reader == 0


def test_a_scene_of_a_reader_insert_in_his_head_is_his():
    story = """Marek has been watching the platform for ten minutes. He knows she takes the late train. He tells himself that is not why he is here.

He thinks about the letter in his pocket. He wonders whether you will read it. His hands are shaking.

You come down the stairs at last. He feels his throat close up."""
    assert focal(story, [YN, MAREK], reader=0, person="second")[0] == "Marek"


def test_a_letter_in_italics_does_not_make_a_first_person_scene():
    story = ("Odo read the email twice on the bus, and he thought about it all the way to work.\n\n"
             "*Odo, I am sorry. I know what I said. I think you deserve better, and I will not write again.*\n\n"
             "He put the phone away. He felt sick.")
    txt, _, ev = evidence_of(story, [ODO])
    assert pov.person(ev, 0, len(txt.paragraphs))[0] == "third"
    assert all(c.owner == 0 for c in ev.cues)  # the letter's "I know" is not the narrator's


HOP = """Odo swept the floor of the shop. He thought about the rent. He wondered if the landlord would wait another month. He knew the answer.

Fenn, at the counter, watched him sweep. Fenn thought Odo looked tired. Fenn wondered whether he should say something, and he decided not to.

Odo put the broom away. He felt Fenn's eyes on his back and did not turn round. He remembered the rent again."""


def test_a_paragraph_in_another_head_is_a_head_hop_warning_not_a_new_pov():
    a = analysis_of(HOP, [ODO, FENN])
    assert len(a.scenes) == 1
    assert a.cast.characters[a.scenes.scenes[0].pov].name == "Odo Brand"
    (hop,) = a.scenes.head_hops
    assert "Fenn" in hop.message
    assert a.text.text[hop.start:hop.end].startswith("Fenn thought")


def test_no_cues_and_no_cast_give_no_pov():
    work = work_of("The rain fell on the roofs of the town.")
    txt = text.segment(work)
    ev = pov.evidence(txt, quotes.find(txt), Cast((), ()))
    assert pov.pov_of(ev, 0, 1, ev.cues, None, "third")[0] is None


# A family lunch with no inner-life cue: the sister is named most, but the scene is told through the
# story's focal woman, the unnamed "she" (Ivy, who holds the other scenes' thoughts).
FAMILY_LUNCH = """Lunch at the farm was loud. Ivy sat at the end of the table and passed the potatoes.

Rowan was telling their aunt about the goat again, and the whole table was laughing.

She took more gravy and kept her eyes on the plate.

She cleared the plates when it was over and stood at the sink with her sleeves pushed up."""


def test_a_scene_without_cues_goes_to_the_storys_focal_character_of_its_he_or_she():
    people = [("Ivy", "she/her", ("Ivy",)), ("Rowan", "she/her", ("Rowan",))]
    txt, cast, ev = evidence_of(FAMILY_LUNCH, people)
    n = len(txt.paragraphs)
    named_most, _, _ = pov.pov_of(ev, 0, n, ev.cues, None, "third")
    assert cast.characters[named_most].name == "Rowan"  # the names alone give the sister
    who, _, _ = pov.pov_of(ev, 0, n, ev.cues, None, "third", focal=(0,))
    assert cast.characters[who].name == "Ivy"
    who, _, _ = pov.pov_of(ev, 0, n, ev.cues, None, "third", focal=(0,), prior=0.0)
    assert cast.characters[who].name == "Rowan"  # no prior, no Ivy


# Ada opens her paragraph right after a line of dialogue: she is its subject, so the "she" of her
# thought is Ada, not Bess, the last woman named as a subject before.
AFTER_A_LINE = """The rain came down on the farm. Bess filled the kettle and set two cups on the stove.

"Tea?"

Ada shook her head at the kettle. She wondered how long the roof would hold."""


def test_a_name_opening_a_paragraph_after_dialogue_is_the_subject_a_pronoun_goes_back_to():
    people = [("Ada", "she/her", ("Ada",)), ("Bess", "she/her", ("Bess",))]
    _, cast, ev = evidence_of(AFTER_A_LINE, people)
    wondered = [c for c in ev.cues if c.paragraph == 2]
    assert wondered and all(cast.characters[c.owner].name == "Ada" for c in wondered)


# A reader insert with one scene in the love interest's head: "you" turns up in his scene (he thinks
# about you), but the narration there says "he" many times more: that scene is third person, his.
READER_INSERT_WITH_HIS_SCENE = """You close the shop at nine. You count the till twice, and you think about the rain.

You lock the door. You wonder if the bus is late again. You know it is.

* * *

Marek's been on the roof for an hour. He knows the street below by heart. He watches the shop lights go out, and he thinks about you inside.

He checks his watch. He tells himself he is only there for the view. He has never been a good liar, and his hands are cold.

He wonders whether you will look up. He feels his chest go tight when your door opens, and he holds his breath."""


def test_a_scene_of_a_reader_insert_in_his_head_is_third_person_and_his():
    a = analysis_of(READER_INSERT_WITH_HIS_SCENE, [YN, MAREK])
    first, second = a.scenes.scenes
    assert first.person == "second"
    assert second.person == "third"
    assert a.cast.characters[second.pov].name == "Marek"


def test_a_name_with_a_contracted_has_is_the_subject_its_he_goes_back_to():
    # "Marek's been": Marek is the subject, so the "He knows" after it is Marek's, not Fenn's
    story = "Fenn went home at midnight. Marek's been awake ever since. He knows the answer already."
    work = work_of(story)
    txt = text.segment(work)
    ev = pov.evidence(txt, quotes.find(txt), cast_of(story, [FENN, MAREK]))
    assert [c.owner for c in ev.cues] == [1]


def test_the_reader_takes_no_he_or_she_from_the_pronouns_after_a_placeholder():
    # "Y/N, he says" and the like put a "he" after the Reader's placeholder: he is someone else
    story = ("Y/N, he says again, and he smiles. Y/N, he whispers, and he waits.\n\n"
             "He wonders whether you heard.")
    work = work_of(story)
    txt = text.segment(work)
    cast = replace(cast_of(story, [YN, MAREK]), reader=0)
    ev = pov.evidence(txt, quotes.find(txt), cast)
    assert 0 not in ev.gender


def _owners(story: str, people) -> list[tuple[str, str]]:
    """(owner's name, cue text) for every inner-life cue of ``story`` with the cast ``people``."""
    work = work_of(story)
    txt = text.segment(work)
    cast = cast_of(story, people)
    ev = pov.evidence(txt, quotes.find(txt), cast)
    return [(cast.characters[c.owner].name, ev.narration[c.start:c.end]) for c in ev.cues if isinstance(c.owner, int)]


def test_someone_watching_him_is_seen_from_his_head_not_the_watchers():
    # "Fenn was watching him": named watcher, watched "him": the view is the watched one's
    owners = _owners("Odo ate his soup in silence. Across the table, Fenn was watching him.", [ODO, FENN])
    assert all(name != "Fenn" for name, _ in owners)
    # a watcher given as "he" is the head we are in
    assert _owners("Fenn ate his soup. Odo sat still, and he stared at him.", [ODO, FENN]) == [("Odo Brand", "he stared")]


def test_finding_oneself_preferring_and_failing_to_read_are_inner_life():
    owners = _owners("Odo found that he was smiling. Odo preferred the quiet. Odo couldn't read the letter.",
                     [ODO])
    assert [cue.split()[1] for _, cue in owners] == ["found", "preferred", "couldn't"]


def test_a_guess_at_another_mind_is_not_that_mind():
    # "whatever he saw must have been enough": the narration guesses at Fenn's mind from outside
    owners = _owners("Fenn turned to the window. Whatever he saw must have been enough.", [ODO, FENN])
    assert owners == []


def test_a_he_is_not_the_man_his_own_clause_goes_on_to_name():
    # Fenn is the last man named as a subject, but "He could not see Fenn's face" is not Fenn: Odo
    story = ("Odo opened the door. Fenn stumbled in out of the rain.\n\n"
             "He could not see Fenn's face in the dark hall.")
    assert _owners(story, [ODO, FENN]) == [("Odo Brand", "He could not see")]


# Fenn's scene, a break line, then a "he" with no one named yet: not Fenn from the scene before, but
# the story's focal man (Odo, whose thoughts the story gives most)
ACROSS_A_BREAK = """Fenn thought about the sea. Fenn wondered where the boat was. Fenn knew the answer.

Fenn hated the cold. Fenn remembered the storm.

* * *

He wondered whether the shop would open.

The rain fell on the roofs.

The rain fell on the square.

The rain fell on the harbour.

The rain fell on the hills.

The rain fell on the fields.

The rain fell on the road.

Odo thought about the rent. Odo knew the landlord. Odo wondered about the bank. Odo hoped for luck. Odo feared the worst. Odo decided to wait."""


def test_a_he_after_a_break_line_is_not_resolved_into_the_scene_before():
    from fabula import scenes

    work = work_of(ACROSS_A_BREAK)
    txt = text.segment(work)
    qs = quotes.find(txt)
    cast = cast_of(ACROSS_A_BREAK, [ODO, FENN])
    hard, _ = scenes.hard_boundaries(work, txt, cast)
    he = next(i for i, p in enumerate(txt.paragraphs) if txt.text.startswith("He wondered", p.start))
    assert he in hard  # the scene after the break line opens there

    def owner_of_he(ev):
        (cue,) = [c for c in ev.cues if c.paragraph == he]
        return cast.characters[cue.owner].name

    assert owner_of_he(pov.evidence(txt, qs, cast)) == "Fenn"  # without the break: the man just before
    assert owner_of_he(pov.evidence(txt, qs, cast, tuple(hard))) == "Odo Brand"

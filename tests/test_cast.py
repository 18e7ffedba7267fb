"""The cast stage as a specification: a story snippet in, the characters fabula must find out.

Every snippet here is written for these tests.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabula import cast, ingest, quotes, text
from fabula.model import Cast, Character


def cast_of(story: str, **metadata) -> Cast:
    work = ingest.read(story)
    if metadata:
        work = dataclasses.replace(work, **metadata)
    txt = text.segment(work)
    return cast.build(work, txt, quotes.find(txt))


def who(c: Cast, name: str) -> Character:
    found = c.alias_of(name)
    assert found is not None, f"{name!r} not in the cast: {[x.aliases for x in c.characters]}"
    return found


def names(c: Cast) -> set[str]:
    return {a for x in c.characters for a in x.aliases}


FANFIC = """\
The ferry was late again, and Zephyrine Okonkwo-Vail had run out of patience somewhere around the
third announcement. She paced the length of the pier while the gulls argued over a chip wrapper.

"It isn't coming," said Zephyrine. "It's never coming. We live here now."

Tamsk looked up from his phone. "Give it ten minutes."

"You said that an hour ago, Tamsk."

"And I was right an hour ago too," Tamsk said. He grinned at her, and she threw the chip wrapper at
him, and the gulls followed it into the water.

Zephyrine sat down on the bollard beside him. She was not going to laugh. Tamsk nudged her knee with
his, and she laughed anyway.
"""


def test_invented_fanfic_names_are_found_from_how_the_text_uses_them():
    c = cast_of(FANFIC)
    zeph, tamsk = who(c, "Zephyrine"), who(c, "Tamsk")
    assert zeph is not tamsk
    assert "Zephyrine Okonkwo-Vail" in zeph.aliases
    assert zeph.name == "Zephyrine Okonkwo-Vail"  # the most used full name
    assert zeph.pronouns == "she/her"
    assert tamsk.pronouns == "he/him"
    assert len(c.characters) == 2  # no "It", "Give", "We" or "And"


MARCUS = """\
Nobody in the coven had called Marcus by his full name in a century. He was Marc to the night
porters, and Marky, God help him, to his sister, who had never once been afraid of him.

Ivy leaned in the doorway. "Marky," she said, "you're brooding again."

"I am thinking," said Marcus.

"You're brooding. Marc broods, Marky sulks, and Marcus only turns up when somebody's in trouble."
She folded her arms. "So which is it tonight?"

Marcus sighed. "Trouble," he admitted.
"""


def test_short_forms_and_diminutives_the_text_links_are_one_character():
    c = cast_of(MARCUS)
    marcus = who(c, "Marcus")
    assert who(c, "Marc") is marcus
    assert who(c, "Marky") is marcus
    assert marcus.name == "Marcus"
    assert marcus.pronouns == "he/him"
    assert who(c, "Ivy") is not marcus
    assert who(c, "Ivy").pronouns == "she/her"
    assert c.alias_of("God") is None


THORNBURYS = """\
Mr. Thornbury was the first of the village to call at the mill house. He had always meant to go,
though every evening he told his wife that he would not.

"My dear Mr. Thornbury," said Mrs. Thornbury one morning, "have you heard the news?"

Mr. Thornbury replied that he had not. Mrs. Thornbury told him at length, and she did not stop for
an answer. Imogen Thornbury, the eldest, listened from the window seat; Imogen said nothing, as was
her way.

"It is a fine thing for the girls," Mrs. Thornbury went on.

"Is it?" said Mr. Thornbury, and he returned to his book.
"""


def test_people_who_share_a_surname_stay_apart():
    c = cast_of(THORNBURYS)
    mr, mrs, imogen = who(c, "Mr. Thornbury"), who(c, "Mrs. Thornbury"), who(c, "Imogen")
    assert len({mr.index, mrs.index, imogen.index}) == 3
    assert mr.pronouns == "he/him"
    assert mrs.pronouns == "she/her"
    assert "Imogen Thornbury" in imogen.aliases
    assert cast.resolve(c, "Mr. Thornbury") == mr.index
    assert cast.resolve(c, "Mrs Thornbury") == mrs.index  # without the dot, same title
    assert cast.resolve(c, "Mrs. Thornbury's") == mrs.index


QUILL = """\
The steward of the house was a person called Quill, and Quill had opinions about candles.

Quill set down their pen. They did not look up when the door opened; they had heard the boots on the
stairs a full minute before.

"You're late," said Quill. Then they went back to the ledger, and the visitor was left to stand.

Later that night Quill walked the corridors alone, as they always did, counting the stubs of candles
and writing the numbers in their book.
"""


def test_pronouns_come_from_how_the_text_refers_to_a_character():
    c = cast_of(QUILL)
    assert who(c, "Quill").pronouns == "they/them"


HARTWELL = """\
Rosalind had been born in Hartwell and had spent twenty years trying to leave Hartwell. Now she was
on the train back to Hartwell, and the fields outside were the colour of old tea.

"Tickets," said the conductor. Rosalind handed hers over without looking at him.

At Hartwell the platform was empty. Rosalind picked up her case and walked out into the rain, and
she did not look back at the train.
"""


def test_a_place_name_is_not_a_character():
    c = cast_of(HARTWELL)
    assert c.alias_of("Rosalind") is not None
    assert c.alias_of("Hartwell") is None
    assert len(c.characters) == 1


NARRATOR = """\
I got to the bakery before the sun was up, the way I always did, and I let myself in through the back.
The ovens were already warm. I tied my apron and started on the rye.

"Morning, Jo," Mrs. Alvarez said to me when she came in at six. She hung her coat on the hook and
looked at my loaves the way she always did, as if they owed her money.

"Morning," I said. I didn't stop kneading.

She tasted the starter and made a face. I pretended not to see it.
"""


def test_a_first_person_narrator_takes_the_name_others_call_them():
    c = cast_of(NARRATOR)
    assert c.narrator is not None
    me = c.characters[c.narrator]
    assert me.narrator
    assert "Jo" in me.aliases
    assert me.name == "Jo"
    assert who(c, "Mrs. Alvarez") is not me
    assert cast.resolve(c, "I") == me.index
    narrator_mentions = [m for m in c.mentions if m.kind == "narrator"]
    assert narrator_mentions and all(m.character == me.index for m in narrator_mentions)


def test_a_third_person_story_has_no_narrator():
    assert cast_of(THORNBURYS).narrator is None


IDOLS = """\
Yoongi had been in the studio since noon. The beat still wasn't right, and he knew it, and he knew
Hoseok knew it too, because Hoseok had stopped humming along an hour ago.

"Take a break, hyung," Hoseok said.

"Later," said Yoongi. He dragged the snare back half a beat and listened again.
"""


def test_metadata_character_tags_seed_the_cast():
    c = cast_of(IDOLS, characters=("Min Yoongi | Suga (BTS)", "Jung Hoseok | J-Hope (BTS)",
                                   "Kim Namjoon | RM"))
    yoongi = who(c, "Yoongi")
    assert yoongi.name == "Min Yoongi"
    assert "Suga" in yoongi.aliases  # the alternate name from the tag
    assert who(c, "Hoseok").name == "Jung Hoseok"
    assert who(c, "J-Hope") is who(c, "Hoseok")
    assert yoongi.pronouns == "he/him"
    assert who(c, "Hoseok") is not yoongi


TWO_JOHNS = """\
John Carter and John Webb had shared a desk for eleven years and had never once agreed about the
window. John Carter wanted it open. John Webb wanted it shut.

"It's freezing," said Webb.

"It's stuffy," said Carter, and opened it.
"""


def test_two_people_with_one_first_name_stay_apart():
    c = cast_of(TWO_JOHNS)
    carter, webb = who(c, "John Carter"), who(c, "John Webb")
    assert carter is not webb
    assert who(c, "Carter") is carter
    assert who(c, "Webb") is webb


EPITHET = """\
The Doctor stepped out of the box and sniffed the air. "Rain," said the Doctor, "and something else."

Martha followed, pulling her jacket tight. "Something else like what?"

The Doctor did not answer. He was already walking towards the lights.
"""


def test_an_epithet_used_as_a_name_is_a_character():
    c = cast_of(EPITHET)
    doctor = who(c, "the Doctor")
    assert doctor is not who(c, "Martha")
    assert doctor.pronouns == "he/him"
    assert any(m.kind == "epithet" and m.character == doctor.index for m in c.mentions)
    assert cast.resolve(c, "The Doctor") == doctor.index


def test_vocatives_inside_quotes_are_marked():
    c = cast_of(FANFIC)
    tamsk = who(c, "Tamsk")
    vocatives = [m for m in c.mentions if m.kind == "vocative"]
    assert [FANFIC[m.start:m.end] for m in vocatives] == ["Tamsk"]
    assert vocatives[0].character == tamsk.index


def test_mentions_are_sorted_and_counted():
    c = cast_of(MARCUS)
    starts = [m.start for m in c.mentions]
    assert starts == sorted(starts)
    for ch in c.characters:
        assert ch.mentions == sum(1 for m in c.mentions if m.character == ch.index)
    assert [ch.index for ch in c.characters] == list(range(len(c.characters)))


@pytest.mark.parametrize("surface, expected", [
    ("Penelope", "Penelope Ashdown"), ("Penny", "Penelope Ashdown"), ("Miss Penelope Ashdown", "Penelope Ashdown"),
    ("Mr. Calloway", "Rupert Calloway"), ("Calloway", "Rupert Calloway"), ("Nobody", None),
])
def test_resolve_maps_a_surface_form_to_a_character(surface, expected):
    story = """\
Penelope Ashdown walked to the mill in the mud, and Rupert Calloway watched her arrive.

"Miss Ashdown," said Mr. Calloway. Penelope only nodded at him.

"Penny!" cried her sister from the stairs. Penelope ran up to her, and Calloway was left in the hall.
"""
    c = cast_of(story)
    got = cast.resolve(c, surface)
    if expected is None:
        assert got is None
    else:
        assert got is not None and c.characters[got].name == expected


def test_a_story_with_no_names_has_an_empty_cast():
    c = cast_of("The rain fell all night. In the morning it was still falling, and nobody came.\n")
    assert c.characters == () and c.mentions == ()


HONORIFIC_SUFFIXES = """\
Haruki-kun had been waiting at the bridge since dawn, and Aiko was not in the mood for it.

"You're late, Aiko-chan," Haruki said.

"I'm always late," said Aiko. "Tanabe-sensei taught me that." Haruki laughed.

Up in the tree, Tanabe turned a page of his book and pretended not to hear either of them.
"""


def test_japanese_honorific_suffixes_are_forms_of_the_name():
    c = cast_of(HONORIFIC_SUFFIXES)
    assert who(c, "Haruki-kun") is who(c, "Haruki")
    assert who(c, "Aiko-chan") is who(c, "Aiko")
    assert who(c, "Tanabe-sensei") is who(c, "Tanabe")
    assert len(c.characters) == 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "Wren", "Mr.", "Mrs", "the", "The", "Doctor", "said", "she", "he", "they", "I", "me", "\"", "“", "”",
    ",", ".", "!", "?", "\n\n", " ", "Ann-Marie", "O'Brien", "de", "Zed", "Miss", "Lord", "in", "London",
    "Call me", "my name is", "—", "'s", "Y/N", "xe", "(", ")", "kun", "-", "MARCUS", "Élodie",
]), min_size=1, max_size=120))
def test_no_text_breaks_the_cast_stage(parts):
    story = "The story begins here, and it is long enough to be a story.\n\n" + " ".join(parts)
    c = cast_of(story)
    n = len(c.characters)
    assert all(0 <= m.character < n for m in c.mentions)
    assert [m.start for m in c.mentions] == sorted(m.start for m in c.mentions)
    assert all(0 <= m.start < m.end <= len(story) for m in c.mentions)
    assert c.narrator is None or c.characters[c.narrator].narrator
    for ch in c.characters:
        assert ch.name and ch.name in ch.aliases


READER_INSERT = """\
You had not meant to fall asleep in the library. When you woke, Remus was standing over the table
with a cup of tea in each hand.

"Y/N," he said softly. "You'll get a crick in your neck."

"Five more minutes," you mumbled. Remus laughed and set the tea down by your elbow.
"""


def test_the_reader_of_a_reader_insert_fic_is_a_character():
    c = cast_of(READER_INSERT)
    reader = who(c, "Y/N")
    assert reader is not who(c, "Remus")
    assert any(m.kind == "vocative" and m.character == reader.index for m in c.mentions)


CAPTAIN = """\
Captain Harrow had commanded the Wayfarer for nine years, and he had never once lost a passenger.
Mara Finch meant to be the first.

"You'll stay below," said the captain.

"I'll stay where I like," Mara said, and climbed the ladder past him. Captain Harrow sighed.
"""


def test_a_lower_case_title_joins_the_one_character_with_that_title():
    c = cast_of(CAPTAIN)
    harrow = who(c, "Captain Harrow")
    assert who(c, "the captain") is harrow
    assert cast.resolve(c, "the captain") == harrow.index
    assert who(c, "Mara") is not harrow


def test_character_tags_of_an_ao3_download_seed_the_cast():
    from formats import ao3_html

    html = ao3_html("Half a Beat", "lowlight", [(None, IDOLS)], fandoms=["방탄소년단 | Bangtan Boys | BTS"],
                    characters=["Min Yoongi | Suga", "Jung Hoseok | J-Hope", "Original Characters"])
    c = cast_of(html)
    assert who(c, "Yoongi").name == "Min Yoongi"
    assert who(c, "Hoseok").name == "Jung Hoseok"
    assert c.alias_of("Original Characters") is None


MY_NAME_IS = """\
My name is Theodora Quint, and I have kept the lighthouse on Gull Rock for eleven years. I do not
get visitors. I like it that way.

So when the boat came in on Tuesday I went down to the jetty with the shotgun, and I waited.

"Miss Quint?" the man in the boat called up to me. "Theodora Quint?"

I did not lower the gun. I said nothing at all.
"""


def test_a_narrator_who_gives_her_name_is_that_character():
    c = cast_of(MY_NAME_IS)
    me = c.characters[c.narrator]
    assert me.name == "Theodora Quint"
    assert who(c, "Miss Quint") is me
    assert c.alias_of("Gull Rock") is None and c.alias_of("Tuesday") is None


def test_accented_names_are_names():
    c = cast_of('Élodie had never seen snow.\n\n"It is cold," said Élodie. Zoë laughed at her, and '
                'Élodie threw a snowball at Zoë.\n\n"Stop it, Élodie!" Zoë cried.\n')
    assert who(c, "Élodie") is not who(c, "Zoë")


def test_relationship_tags_seed_the_people_in_them():
    c = cast_of(IDOLS, relationships=("Jung Hoseok/Min Yoongi", "Kim Namjoon & Kim Seokjin"))
    assert who(c, "Yoongi").name == "Min Yoongi"
    assert who(c, "Hoseok").name == "Jung Hoseok"
    assert c.alias_of("Kim Seokjin") is None  # tagged, but never in the story

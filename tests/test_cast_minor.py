"""Minor characters named once or twice: the text's own person evidence keeps them in the cast.

Every snippet here is written for these tests.
"""

from __future__ import annotations

from tests.test_cast import cast_of

FILLER = """\
Morwen Tisdale crossed the square before the bells had finished. Morwen counted the coins in her
pocket and sighed. "Not enough," said Morwen, and she went on towards the harbour.

"""


def test_a_name_followed_by_comma_who_is_a_person() -> None:
    c = cast_of(FILLER + "She read a letter from Quillane, who was nineteen and far away, and she smiled.\n")
    assert c.alias_of("Quillane") is not None


def test_a_full_name_with_an_auxiliary_verb_is_a_person() -> None:
    c = cast_of(FILLER + "Somewhere out past the lighthouse Oswin Farrowby was sailing home, and she knew it.\n")
    assert c.alias_of("Oswin Farrowby") is not None


def test_a_place_after_a_preposition_stays_out() -> None:
    c = cast_of(FILLER + "She thought of the long road to Kelvarrow and of the rain over Kelvarrow.\n")
    assert c.alias_of("Kelvarrow") is None


FAMILY = """\
Tamsin Quorn came in from the rain at nine. Tamsin hung her coat on the hook and sighed.

"Morning," said Tamsin. She looked at the empty desk where her father, Mr. Quorn, used to sit.

Halvard Stenmark looked up from his screen. Halvard frowned at her.

"Quorn."

"Stenmark," said Tamsin, and she sat down. Tamsin opened the first file.

Halvard walked over later. "Quorn, have you seen the contracts?"

"Not yet," said Tamsin.
"""


def test_a_surname_spoken_to_a_daughter_is_not_her_fathers() -> None:
    c = cast_of(FAMILY)
    tamsin = c.alias_of("Tamsin")
    assert tamsin is not None
    father = c.alias_of("Mr. Quorn")
    assert father is None or "Quorn" not in father.aliases


def test_mr_surname_is_not_the_daughter_whose_given_name_takes_she() -> None:
    c = cast_of(FAMILY)  # "Tamsin" is no common given name: her pronouns say she is a woman
    tamsin = c.alias_of("Tamsin Quorn")
    assert tamsin is not None
    assert "Mr. Quorn" not in tamsin.aliases
    assert "Tamsin" in tamsin.aliases


def test_a_sentence_end_after_a_long_title_never_joins_two_names() -> None:
    c = cast_of(FILLER + "Morwen bowed low to the Queen. Brannoch laughed at her. Brannoch sighed and said nothing.\n")
    assert all(not a.startswith("Queen") for x in c.characters for a in x.aliases)
    assert c.alias_of("Brannoch") is not None


def test_a_sentence_initial_given_name_stays_with_its_surname() -> None:
    c = cast_of(FILLER + "She looked at the empty chair. Thessaly Varrick had been gone for three years, and she missed her.\n")
    assert c.alias_of("Thessaly Varrick") is not None


def test_a_name_before_a_contracted_or_negated_auxiliary_is_a_person() -> None:
    c = cast_of(FILLER + '"Brannock\'ll be late again," she said.\n\n'
                '"Brannock never listens. It is part of his charm."\n')
    assert c.alias_of("Brannock") is not None


def test_a_name_listed_with_a_person_is_a_person() -> None:
    c = cast_of(FILLER + "She thought of Morwen and Ysolde, and of the letter Ysolde favoured.\n")
    assert c.alias_of("Ysolde") is not None


def test_a_common_given_name_after_to_with_a_verb_is_a_person() -> None:
    c = cast_of(FILLER + "Jack had found the boat that morning. She sent a silent thanks to Jack.\n")
    assert c.alias_of("Jack") is not None


def test_a_name_listed_with_a_place_is_no_person() -> None:
    c = cast_of(FILLER + "She had sailed past Kelvarrow and Dunmere, and she knew it.\n")
    assert c.alias_of("Kelvarrow") is None and c.alias_of("Dunmere") is None


def test_a_usual_given_name_breaks_a_tie_of_pronouns_between_two_leads() -> None:
    # every paragraph has both; the pronoun after her name is as often his as hers
    story = FILLER + (
        "Philippa turned to Halvard. He was smiling. Philippa looked away, and she laughed.\n\n"
        "Halvard glanced at Philippa. She was blushing. Halvard shrugged, and he waited.\n\n"
        "Philippa sat by the window. He brought her tea. Philippa sighed, and she drank it.\n\n"
        "Philippa frowned at the rain. He said nothing more.\n")
    c = cast_of(story)
    assert c.alias_of("Philippa").pronouns == "she/her"


def test_a_title_after_a_sentence_initial_word_still_titles_the_name() -> None:
    c = cast_of(FILLER + '"And Mrs Pennyworth wants to know whether you will come," said Morwen.\n\n'
                '"Then Mrs Pennyworth can ask me herself," she said.\n')
    assert c.alias_of("Mrs Pennyworth") is not None and c.alias_of("Pennyworth") is None


def test_initials_are_part_of_the_name_mention() -> None:
    story = FILLER + ('"Your name is on the form," said Morwen. "Oswin K. Farrowby. That is you?"\n\n'
                      '"It is," said Farrowby. Farrowby signed it, and a letter came from O. Farrowby the next day.\n')
    c = cast_of(story)
    f = c.alias_of("Farrowby")
    assert f is not None and f is c.alias_of("Oswin K. Farrowby") and f is c.alias_of("O. Farrowby")


PATRONYMIC = """\
Torvald son of Brannoc came down from the hills at dawn. Torvald was tired, and he sat by the fire.

"You are late," said Eirwen. "The son of Brannoc is always late," she told the others, laughing.

"I am never late," said Torvald. Eirwen smiled at him.
"""


def test_a_patronymic_is_part_of_the_name_and_names_its_bearer() -> None:
    c = cast_of(PATRONYMIC)
    t = c.alias_of("Torvald")
    assert t is c.alias_of("Torvald son of Brannoc") and t is c.alias_of("son of Brannoc")
    assert t is not c.alias_of("Eirwen")


def test_an_invented_name_seen_once_doing_things_is_a_minor_character() -> None:
    c = cast_of(FILLER + "She would have laughed, if Ysmeralde had not been watching her from the door.\n")
    assert c.alias_of("Ysmeralde") is not None


def test_a_common_word_seen_once_doing_things_stays_out() -> None:
    c = cast_of(FILLER + "Later that week Harbour had been quiet, and she walked home alone.\n")
    assert c.alias_of("Harbour") is None


def test_a_character_named_once_or_twice_is_marked_minor() -> None:
    c = cast_of(FILLER + "She read a letter from Quillane, who was nineteen and far away, and she smiled.\n")
    assert c.alias_of("Quillane").minor
    assert not c.alias_of("Morwen").minor

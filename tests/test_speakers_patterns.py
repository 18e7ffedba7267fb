"""Speaker attribution on the failure patterns seen on unseen novels (issue 9), each as an invented
snippet with what fabula must say. The cast is given (as in tests/test_speakers.py), so that these
pin down the speakers stage alone."""

from __future__ import annotations

from tests.test_speakers import attribute, speakers_of
from tests.test_speakers_reader import reader_insert

NELL = ("Nell", ("Nell",), "she/her")
OSRIC = ("Osric", ("Osric",), "he/him")
COLONEL = ("the colonel", ("the colonel", "colonel"), "he/him")
ARTHUR = ("Arthur", ("Arthur",), "he/him")
GRETA = ("Greta", ("Greta",), "she/her")
PIM = ("Pim", ("Pim",), "he/him")
LENA = ("Lena", ("Lena",), "she/her")
BROTHER = ("Tavish", ("Tavish",), "he/him")
NARRATOR = ("Wenna", ("Wenna",), "she/her")
HOLT = ("Holt", ("Holt",), "he/him")


def test_an_untagged_run_after_a_tagged_line_alternates_from_its_anchor():
    story = ('Nell found Osric by the fire, the letter in his hand.\n\n'
             '"You kept it?" Nell asked.\n\n"I did."\n\n"Then burn it."\n\n"I cannot."')
    assert speakers_of(story, [NELL, OSRIC]) == ["Nell", "Osric", "Nell", "Osric"]


def test_the_person_addressed_by_a_vocative_answers_next():
    story = ('Nell and Osric sat at the long table with Greta.\n\n'
             '"Osric, where were you last night?" Greta said.\n\n"Out walking."')
    assert speakers_of(story, [NELL, OSRIC, GRETA]) == ["Greta", "Osric"]


def test_two_speakers_in_one_paragraph_each_get_their_own_line():
    story = ('Lena stood at the door with Tavish behind her.\n\n'
             '"Raining?" asked Lena, and Tavish called back, "Only a little."')
    assert speakers_of(story, [LENA, BROTHER]) == ["Lena", "Tavish"]


def test_a_pronoun_tag_goes_to_the_subject_of_the_narration_before_not_the_last_name():
    story = ('The room was cold.\n\n'
             'The colonel waited until Arthur sat. "Now we talk," he said.')
    assert speakers_of(story, [COLONEL, ARTHUR]) == ["the colonel"]


def test_a_tag_with_a_relative_clause_and_coordinated_verbs_names_its_subject():
    story = ('Pim had talked all evening.\n\n'
             'Greta, who had said nothing, set down her cup and murmured, "It is late."')
    assert speakers_of(story, [PIM, GRETA]) == ["Greta"]


def test_said_my_companion_is_not_the_first_person_narrator():
    story = ('I walked with Holt as far as the bridge, where we stopped.\n\n'
             '"Here we part," said my companion.')
    out = attribute(story, [NARRATOR, HOLT], narrator="Wenna")
    assert out[0][0] == "Holt"
    assert out[0][2] == "anaphoric"




def test_in_a_reader_insert_you_say_is_the_reader_speaking():
    story = ('You push the door open. Kell looks up from the bench.\n\n"You\'re late," he says.\n\n'
             '"Traffic," you say, dropping your bag.\n\n"Sure it was," Kell says.')
    assert reader_insert(story, reader_pronouns="she/her") == ["Kell", "Reader", "Kell"]


def test_in_a_reader_insert_the_reader_answers_untagged_lines_addressed_to_her():
    story = ('You push the door open. Kell looks up from the bench.\n\n"You\'re late," Kell says.\n\n'
             '"Traffic."\n\n"Sure it was."\n\n"It was!" you say.')
    assert reader_insert(story, reader_pronouns="she/her") == ["Kell", "Reader", "Kell", "Reader"]


def test_i_said_is_the_first_person_narrator():
    story = ('Holt met me at the bridge.\n\n"You came," he said.\n\n"I said I would," I said.')
    assert speakers_of(story, [NARRATOR, HOLT], narrator="Wenna") == ["Holt", "Wenna"]


# ----------------------------------------------------------- explicit tags read through their clause
BRAM = ("Bram", ("Bram",), "he/him")
ILSE = ("Ilse", ("Ilse",), "she/her")
KELL = ("Major Kell", ("Major Kell", "Kell"), "he/him")


def test_a_tag_closing_the_paragraph_before_may_end_in_an_adverbial():
    story = ('Bram bowed to Ilse at the door.\n\n'
             'Ilse said, with more restraint:\n\n"How do you do? I had forgotten you."')
    assert speakers_of(story, [BRAM, ILSE]) == ["Ilse"]


def test_the_subject_of_coordinated_verbs_speaks_not_the_object_of_a_preposition():
    story = ('The room was warm.\n\n'
             'Seeing that her thoughts were elsewhere, Bram bent towards Ilse and said: "It was dreadful."')
    assert speakers_of(story, [BRAM, ILSE]) == ["Bram"]


def test_a_participle_between_commas_does_not_hide_the_subject():
    story = ('Bram and Ilse waited in the hall.\n\n'
             'After a few whispers, Ilse, speaking louder, said, "Here I am at last."')
    assert speakers_of(story, [BRAM, ILSE]) == ["Ilse"]


def test_who_right_before_the_verb_is_its_antecedent():
    story = ('Ilse watched the cart go.\n\n'
             'This comforted Bram, who remarked with complete sincerity, "They never fail."')
    assert speakers_of(story, [ILSE, BRAM]) == ["Bram"]


def test_a_gerund_after_by_or_help_speaks_for_the_clause_subject():
    story = ('Ilse only waited for breath to begin.\n\n'
             'Then Bram startled her, by saying, "You will not ask me why."\n\n'
             'But he laughed so hard that Ilse could not help saying, "You tricked us all."')
    assert speakers_of(story, [ILSE, BRAM]) == ["Bram", "Ilse"]


def test_a_subject_of_a_closed_subordinate_clause_is_not_the_speaker():
    story = ('Bram sat by the fire.\n\n'
             'He waited until she had done, and then said gently, "I quite see that."')
    assert speakers_of(story, [BRAM, ILSE]) == ["Bram"]


def test_inverted_tags_with_a_particle_or_an_adjective_before_the_name():
    story = ('Bram and Major Kell stood by the gate.\n\n'
             '"I am sure it is all right," put in Bram. "They will not hear."\n\n'
             '"What can you expect?" said dour Major Kell. "No grit."')
    assert speakers_of(story, [BRAM, KELL]) == ["Bram", "Major Kell"]


def test_an_unlisted_past_tense_verb_right_after_a_comma_and_before_a_name_is_a_tag():
    story = ('Bram looked at Ilse.\n\n"Owing to luck, I suppose," flashed Ilse.\n\n"Not at all."')
    assert speakers_of(story, [BRAM, ILSE])[0] == "Ilse"


def test_as_x_said_and_was_xs_reply_name_the_speaker():
    story = ('Bram and Ilse read the paper.\n\n'
             'The notice was "the sort of thing nobody could have written," as Ilse said.\n\n'
             '"He is very young," was Bram\'s reply. "He had better wait."')
    assert speakers_of(story, [BRAM, ILSE]) == ["Ilse", "Bram"]


def test_she_heard_x_say_gives_the_line_to_x():
    story = ('Ilse left the room and stood listening.\n\n'
             '"Of course, I agree," she heard Bram say, in a strange voice.')
    assert speakers_of(story, [BRAM, ILSE]) == ["Bram"]


def test_a_passive_verb_of_saying_does_not_make_its_subject_the_speaker():
    story = ('Ilse and Bram came in late.\n\n'
             'She went into the next room, where she was greeted by "I want to see the real thing," '
             'and Bram laughed.')
    assert attribute(story, [ILSE, BRAM])[0][2] == "implicit"  # no tag: "she" is greeted, not speaking


def test_a_verb_of_saying_right_before_the_line_beats_an_action_after_it():
    story = ('Ilse had not argued with Bram all day.\n\n'
             'When Bram said, "Why be polite to them?" she had not answered.')
    assert speakers_of(story, [ILSE, BRAM]) == ["Bram"]


def test_a_name_after_an_opening_adverbial_is_the_subject_of_the_verb_of_saying():
    story = ('Bram and Ilse sat over their tea.\n\n'
             'At length Ilse looked up from her cup and remarked:\n\n"You see, my children all work."')
    assert speakers_of(story, [BRAM, ILSE]) == ["Ilse"]


def test_a_tag_after_the_last_quotation_of_the_paragraph_before_introduces_the_next_one():
    story = ('Bram and Ilse had talked for an hour.\n\n'
             '"Is that all?" she asked. Bram got up from his chair, looked at Ilse, and said:\n\n'
             '"I am going. Shall we go together?"')
    assert speakers_of(story, [BRAM, ILSE]) == ["Ilse", "Bram"]


def test_a_possessive_speech_noun_before_or_a_cleft_after_names_the_speaker():
    story = ('Bram and Ilse walked past the house.\n\n'
             'Ilse\'s remark was, "There it is at last."\n\n'
             '"It is smaller than I thought." It was Bram who spoke.')
    assert speakers_of(story, [BRAM, ILSE]) == ["Ilse", "Bram"]


def test_an_object_pronoun_after_the_verb_of_saying_keeps_the_tag():
    story = ('Ilse came in late.\n\n'
             'Bram was waiting for her, and greeted her eagerly with: "There has been a row!"')
    assert speakers_of(story, [BRAM, ILSE]) == ["Bram"]


# ------------------------------------------------- evidence for pronoun and description tags (features)
def _features_of_last_quote(story: str, people, gold: int):
    """The last quote's candidates and feature rows (as the ranker sees them)."""
    from fabula import ingest, quotes, speakers, text
    from tests.test_speakers import cast_of

    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = cast_of(txt.text, people)
    ex = speakers.training_examples(txt, qs, cast, [gold] * len(qs))
    _, cands, X, _ = ex[-1]
    return [cast.characters[c].name for c in cands], X


def test_an_epithet_tag_points_to_the_person_named_beside_that_noun_in_the_text_before():
    from fabula.speakers.features import F

    corl, anna = ("Mrs. Corl", ("Mrs. Corl", "Corl"), "she/her"), ("Anna", ("Anna",), "she/her")
    story = ('Mrs. Corl, the matron of the house, kept all the keys.\n\n'
             'Anna had come about the boy, and she waited a long while by the cold window.\n\n'
             'At last the door opened.\n\n"You will not find him here," said the matron.')
    names, X = _features_of_last_quote(story, [anna, corl], 1)
    near = dict(zip(names, X[:, F["desc_near_top"]], strict=True))
    assert near == {"Anna": 0.0, "Mrs. Corl": 1.0}


def test_a_pronoun_tag_ranks_same_gender_people_by_how_recently_the_narration_named_them():
    from fabula.speakers.features import F

    people = [("Arthur", ("Arthur",), "he/him"), ("Nell", ("Nell",), "she/her"), ("Osric", ("Osric",), "he/him")]
    story = ('Arthur had gone out to the stables, and Nell with him.\n\n'
             'Osric came in, hung up his coat and sat down by the fire. "Now we wait," he said.')
    names, X = _features_of_last_quote(story, people, 2)
    rank = dict(zip(names, X[:, F["tag_pron_rank"]], strict=True))
    assert rank == {"Arthur": 0.5, "Nell": 0.0, "Osric": 1.0}
    assert set(X[:, F["tag_pron_nsame"]]) == {2.0}  # two men named lately: the pronoun is ambiguous


def test_more_verbs_of_saying_after_the_line():
    story = ('Nell sat down across from Osric.\n\n'
             '"The river is rising," proclaimed Osric.\n\n"So it is," Nell said.\n\n'
             '"Then we leave tonight," asserted Osric.\n\n"Tonight," echoed Nell.')
    assert speakers_of(story, [NELL, OSRIC]) == ["Osric", "Nell", "Osric", "Nell"]


def test_a_name_tag_before_the_line_beats_a_pronoun_tag_after_it():
    story = ('Greta and Lena walked out to the orchard.\n\n'
             'The light was going, and Lena exclaimed, "Look at the pears! So many," she added quickly.')
    assert speakers_of(story, [GRETA, LENA]) == ["Lena"]


def test_a_pronoun_inside_a_parenthetical_after_the_name_is_not_the_subject():
    story = ('Pim brought the box to the table.\n\n'
             'Greta, sighing over it as he opened it, said, "It is empty."\n\n'
             'Osric laughed, as he knew he must, at the joke, and then added, "Of course it is."')
    assert speakers_of(story, [PIM, GRETA, OSRIC]) == ["Greta", "Osric"]


def test_a_clause_after_a_semicolon_with_no_subject_takes_the_subject_before_it():
    story = ('Greta waited by the door.\n\n'
             'Osric moved the lamp so that he could see her face; and said, with a little impatience, '
             '"Well?"')
    assert speakers_of(story, [GRETA, OSRIC]) == ["Osric"]


def test_a_possessive_before_a_gerund_of_saying_names_the_speaker():
    story = ('Lena was reading when Greta came in.\n\n'
             'She was roused by Greta\'s suddenly saying, "The coach is here."')
    assert speakers_of(story, [LENA, GRETA]) == ["Greta"]


def test_an_inverted_tag_before_the_line_names_the_speaker():
    story = ('Osric would say nothing, and Lena was tired of waiting.\n\n'
             'So, in a low voice, spoke Lena: "Then I will go alone."')
    assert speakers_of(story, [OSRIC, LENA]) == ["Lena"]

"""Narrated speech tags the tag reader reads (``speakers.tags.find_tag``) on invented snippets: a
sentence of saying ending the paragraph before, a name as the object of the verb of saying, "for"
as a conjunction before the speaker, possessive remark forms and words that come "from" a name.

Every snippet here is written for these tests.
"""

from __future__ import annotations

from tests.test_speakers_tags import tags_of


def test_a_sentence_of_saying_ending_the_paragraph_before_tags_the_line():
    story = 'Pim shut the gate behind them. Greta interposed.\n\n"We had better wait."'
    assert tags_of(story) == [("name", "Greta", "Greta")]
    assert tags_of('Pim lit the lamp. Osric began at once.\n\n"I came about the horse."') \
        == [("name", "Osric", "Osric")]


    assert tags_of('Pim sat down. Here Lena put in.\n\n"Not on a Sunday."') == [("name", "Lena", "Lena")]
    assert tags_of('Pim sat down. Lena went on quickly.\n\n"And then?"') == [("name", "Lena", "Lena")]
    assert tags_of('Pim sat down. Osric interrupted her.\n\n"Enough."') == [("name", "Osric", "Osric")]


def test_a_sentence_that_sums_a_reply_up_does_not_tag_the_next_paragraph():
    assert tags_of('Pim lit the lamp. Osric laughed.\n\n"Come in."') == [None]
    assert tags_of('Pim asked for the key. Osric assented.\n\n"Here it is."') == [None]
    assert tags_of('Pim asked for the key. Osric made no answer.\n\n"Here it is."') == [None]
    assert tags_of('Pim asked for the key. Osric began to cry.\n\n"Here it is."') == [None]
    assert tags_of('Pim asked for the key. Osric went.\n\n"Here it is."') == [None]
    # the sentence belongs to the quotation before it in its own paragraph
    assert tags_of('"Well," Pim said. Osric answered.\n\n"Come in."')[1] is None
    # a verb of saying with an object that is no adverbial says what was done, not who speaks next
    assert tags_of('Pim lit the lamp. Osric asked Lena a question.\n\n"Come in."') == [None]


def test_a_name_as_the_object_of_the_verb_of_saying_is_not_its_subject():
    assert tags_of('Lena stood at the gate, and greeted Osric warmly with:\n\n"There you are!"') \
        == [("name", "Lena", "Lena")]


def test_a_name_right_before_the_verb_after_for_is_the_subject():
    story = 'The rain had stopped--for Osric at once hailed her with,\n\n"How are you?"'
    assert tags_of(story) == [("name", "Osric", "Osric")]
    # the object of a preposition still is not ("he turned towards Lena and said")
    assert tags_of('Pim turned towards Lena and said, "Now."') == [("name", "Pim", "Pim")]


def test_possessive_remarks_with_the_noun_left_out_or_an_adverb_after():
    story = ('Pim sat.\n\nGreta\'s remark was--\n\n"It is small."--Osric\'s was--\n\n"It is lovely."')
    assert tags_of(story) == [("name", "Greta", "Greta"), ("name", "Osric", "Osric")]
    assert tags_of('Pim sat.\n\nPim nodded; but Lena\'s answer was, a little later--\n\n"No."') == [("name", "Lena", "Lena")]


def test_words_that_come_from_a_name_after_the_line():
    assert tags_of('Pim sat.\n\n"How odd!" then broke sharply from Lena.') == [("name", "Lena", "Lena")]
    assert tags_of('Pim sat.\n\n"How odd!" came from Osric\'s dry lips.') == [("name", "Osric", "Osric")]
    assert tags_of('Pim sat. He got a cheerful "Hello!" from Osric, and no more.') \
        == [("name", "Osric", "Osric")]
    # a room is no mouth
    assert tags_of('Pim sat.\n\n"Help!" came from Osric\'s room.') != [("name", "Osric", "Osric")]

"""Quotation detection, one quote style at a time: the snippet, then the quotations fabula must find."""

from hypothesis import given, settings
from hypothesis import strategies as st

from fabula.model import quote_text
from fabula.quotes import find_in


def spoken(story: str) -> list[str]:
    return [quote_text(story, q) for q in find_in(story)]


def test_straight_double_quotes_with_tag_between_pieces_are_one_quotation():
    story = 'Ren looked up. "Go," she said. "Now, before he wakes."\n\n"I won\'t," said Pip.'
    assert spoken(story) == ["Go, Now, before he wakes.", "I won't,"]


def test_curly_double_quotes():
    story = "“Is it far?” asked the kid.\n\n“Far enough,” Ren said."
    assert spoken(story) == ["Is it far?", "Far enough,"]


def test_british_single_quotes_are_not_confused_with_apostrophes():
    story = (
        "‘I’m goin’ home,’ said Pip. ‘Tell ’em I said so.’\n\n"
        "‘You can’t,’ said Ren. ‘Not with rock ’n’ roll playin’ all night.’\n\n"
        "The dog’s bowl was empty."
    )
    assert spoken(story) == [
        "I’m goin’ home, Tell ’em I said so.",
        "You can’t, Not with rock ’n’ roll playin’ all night.",
    ]


def test_elided_word_opening_a_paragraph_is_not_a_quotation():
    story = "‘’Tis late,’ said the old man.\n\nShe shrugged. ’Twas ever so."
    quotes = spoken(story)
    assert len(quotes) == 1 and quotes[0].endswith("Tis late,")


def test_a_line_quoted_inside_speech_is_a_quotation_of_its_own_between_the_tellers_parts():
    story = "“He told me, ‘Never come back,’ and then he left,” said Ren."
    assert spoken(story) == ["He told me,", "Never come back,", "and then he left,"]


def test_multi_paragraph_speech_reopens_without_closing():
    story = (
        "“It began in the winter,” said Ren. “We had no wood.\n\n"
        "“Then the wolves came down from the hills.\n\n"
        "“And that is why I keep the lantern lit.”\n\n"
        "Pip said nothing."
    )
    quotes = list(find_in(story))
    assert len(quotes) == 1
    assert quotes[0].closed
    assert quote_text(story, quotes[0]).endswith("why I keep the lantern lit.")
    assert quotes[0].last_paragraph == quotes[0].paragraph + 2


def test_unbalanced_quote_damage_stays_in_its_paragraph():
    story = "“This never closes, she said.\n\nNarration here, no speech at all.\n\n“But this does,” said Pip."
    quotes = list(find_in(story))
    texts = [quote_text(story, q) for q in quotes]
    assert texts == ["This never closes, she said.", "But this does,"]
    assert [q.closed for q in quotes] == [False, True]


def test_em_dash_dialogue():
    story = (
        "— Where are you going? asked Ren.\n\n"
        "— Out, said Pip.\n\n"
        "— In this weather?\n\n"
        "— In any weather, he said.\n\n"
        "The door banged."
    )
    assert len(spoken(story)) == 4


def test_scare_quotes_in_narration_are_not_speech():
    story = 'He disliked her use of the word "clever" and her "friends".\n\n"Hello," said Ren.'
    assert spoken(story) == ["Hello,"]


def test_offsets_point_into_the_text():
    story = "Intro.\n\n“Here,” said Ren."
    (q,) = find_in(story)
    assert story[q.start] == "“" and story[q.end - 1] == "”"
    assert story[q.pieces[0].start : q.pieces[0].end] == "Here,"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,!?\n\"'“”‘’—-")), max_size=300))
def test_any_text_gives_well_formed_quotations(story):
    if not story.strip():
        return
    for q in find_in(story):
        assert 0 <= q.start < q.end <= len(story)
        for p in q.pieces:
            assert q.start <= p.start < p.end <= q.end


def test_a_paragraph_whose_line_breaks_were_lost_is_not_one_endless_quotation():
    turns = ['"Are you coming?" said Ann. Bob shrugged.', '"Maybe," Bob said. Ann sighed.'] * 30
    story = "The kitchen was cold. " + " ".join(turns)
    quotes = list(find_in(story))
    assert len(quotes) == 60
    assert all(len(q.pieces) == 1 for q in quotes)


def test_a_speaker_pausing_for_a_beat_is_still_one_quotation():
    story = '"Yes," said he, "I will." He paused. "No. Never mind."'
    (q,) = find_in(story)
    assert len(q.pieces) == 3


def test_two_speakers_turns_in_one_paragraph_are_two_quotations():
    story = '"Raining?" asked Lena, and her brother called back, "Only a little."'
    assert spoken(story) == ["Raining?", "Only a little."]


def test_a_reply_introduced_after_a_new_sentence_of_narration_is_its_own_quotation():
    story = '"What do I owe?" asked Tobin, after a pause. The porter, flustered, replied, "Two coins."'
    assert spoken(story) == ["What do I owe?", "Two coins."]


def test_closed_quotations_side_by_side_in_one_paragraph_are_two_turns():
    story = 'The kettle shrieked. "Late again." "The trains, as usual."'
    assert spoken(story) == ["Late again.", "The trains, as usual."]


def test_one_speaker_interrupted_by_a_tag_or_a_beat_stays_one_quotation():
    assert spoken('"Yes," he said, "I will."') == ["Yes, I will."]
    assert spoken('"No." He paused. "Never."') == ["No. Never."]
    assert spoken('"Sit," said Corin, and then added, "and wait."') == ["Sit, and wait."]
    assert spoken('"Well," said Tam. Then Tam said, "Fine."') == ["Well, Fine."]


def test_lines_quoted_inside_a_story_told_in_quotation_marks_are_quotations_of_their_own():
    story = ('"I met the old ferryman at dawn. He looked at me and said, ‘Go home, boy, the river is high,’ '
             'and so I went home."')
    assert spoken(story) == ["I met the old ferryman at dawn. He looked at me and said,",
                             "Go home, boy, the river is high,", "and so I went home."]


def test_a_title_or_a_scare_quote_inside_speech_stays_inside():
    assert spoken('"I read ‘The Lost Key’ twice," said Pim.') == ["I read ‘The Lost Key’ twice,"]
    assert spoken('"He called it ‘a fine mess’ and left."') == ["He called it ‘a fine mess’ and left."]


def test_a_second_speaker_s_tag_with_an_aside_or_a_listener_still_starts_a_new_quotation():
    story = ('"Boats? Are there boats here?" asked Tobin, in a tone that said there were none; and Mira said to '
             'Corin, with a small smile: "There are two."')
    assert spoken(story) == ["Boats? Are there boats here?", "There are two."]


def test_a_second_speaker_whose_tag_verb_is_coordinated_with_an_earlier_verb_starts_a_new_quotation():
    story = ('Once, on the hill, Tobin had pointed north and said: "There is the sea"; and Mira, her boots in the '
             'heather, had laughed, and replied: "It would be lovely to go there."')
    assert spoken(story) == ["There is the sea", "It would be lovely to go there."]


def test_one_speaker_s_chain_of_verbs_around_a_piece_stays_one_quotation():
    assert spoken('"Well," said Tam, and smiled, and said, "fine, then."') == ["Well, fine, then."]
    assert spoken('"Yes," he said to her, "I will."') == ["Yes, I will."]

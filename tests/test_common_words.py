"""common_word: an English word in common use, from the committed list for plain words and from
wordfreq for the others."""

from fabula.cast.persons import common_word


def test_plain_common_words_are_common():
    assert common_word("suddenly")
    assert common_word("house")


def test_rare_and_invented_words_are_not():
    assert not common_word("zorvathine")
    assert not common_word("quillwort")


def test_known_given_names_are_never_common_words():
    assert not common_word("will")
    assert not common_word("mary")


def test_words_beyond_a_to_z_still_answered_by_wordfreq():
    assert common_word("ma'am")  # two tokens for wordfreq, each frequent
    assert not common_word("o'zorvath")


def test_compounds_are_as_common_as_their_parts_allow():
    assert common_word("good-looking")  # both parts frequent: frequent together
    assert not common_word("house-quillwort")  # a rare part makes a rare compound

"""names.word_start: an alternation of words written to open with their first letters matches exactly
what ``\\b(?:...)`` matches."""

import re

from fabula.names import word_start


def test_word_start_matches_as_the_plain_alternation():
    alts = ["son", "sons", "sister", "Ma", "Mama", "kiss(?:ed|es)?", "held\\s+hands"]
    text = ("Ma and Mama, a sister's sons; the son of Tamsin; reason, Mamas, kissed kisses kiss-me, "
            "upheld hands, held  hands, xson, _son, 'son, son")
    plain = re.compile(r"\b(?:" + "|".join(alts) + r")")
    fast = re.compile(word_start(alts))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for lo in range(0, len(text), 7):  # a search from inside the text sees what stands before it
        assert [m.span() for m in fast.finditer(text, lo)] == [m.span() for m in plain.finditer(text, lo)]

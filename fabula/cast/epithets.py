"""Epithets used as names: "the Doctor", "the Hunter" (the + capitalised words), and lower-case titles ("the captain") that join the story's one character with that title."""

from __future__ import annotations

from collections import defaultdict

from fabula.cast.evidence import _evidence, _sentence_initial, _word_before
from fabula.cast.patterns import (
    _EPITHET,
    _TITLE_EPITHET,
)
from fabula.cast.persons import _plural_of_name
from fabula.cast.working import (
    _Occ,
)
from fabula.names import (
    NONNAMES,
    PLACE_WORDS,
    TITLE_WORDS,
)


def _epithets(s, paragraphs, lower, cap_mid, is_name, quote_piece, piece_starts, piece_ends) -> list[_Occ]:
    """"the Doctor", "the Hunter": the + a capitalised word used like a name."""
    found: list[_Occ] = []
    for p in paragraphs:
        for m in _EPITHET.finditer(s, p.start, p.end):
            w = " ".join(m.group("word").split())
            words = w.split()
            if any(x.casefold() in PLACE_WORDS or (x.casefold() in NONNAMES and x.casefold() not in TITLE_WORDS)
                   or _plural_of_name(x, is_name, cap_mid, words[0] if len(words) > 1 else None) for x in words):
                continue  # "the Bennets"
            if m.group(1) == "The" and not _sentence_initial(s, m.start(), p.start):
                continue  # "The" mid-sentence starts a title of a work, not an epithet
            occ = _Occ(m.start(), m.end(), None, (w,), s[m.start():m.end()], quote_piece(m.start()) >= 0)
            occ.epithet = "the " + w
            occ.before = _word_before(s, m.start())
            _evidence(s, occ, occ.before, quote_piece(m.start()), piece_starts, piece_ends)
            found.append(occ)
    # keep words that are capitalised after "the" consistently and act like people
    by_word: dict[str, list[_Occ]] = defaultdict(list)
    for o in found:
        by_word[o.tokens[0]].append(o)
    out: list[_Occ] = []
    for w, os_ in by_word.items():
        n = len(os_)
        last = w.split()[-1]
        if is_name.get(last) and cap_mid[last] - n >= n:
            continue  # a name more often used without "the": "the Ashby girl" is not an epithet
        if " " not in w and last.endswith("ed"):
            continue  # "the Drowned", "the Damned": a collective, not a person
        ev = sum(o.speech * 2 + o.person + o.voc for o in os_)
        if n < 2 or ev < 2 or sum(o.place for o in os_) * 2 >= ev:
            continue
        is_title = last.casefold() in TITLE_WORDS
        if is_title or " " in w or min(lower[last.casefold()], s.count("the " + last.casefold())) <= n:
            out.extend(os_)
    return out


def _title_epithets(s, paragraphs, quote_piece, piece_starts, piece_ends) -> list[_Occ]:
    """"the doctor", "the captain": a lower-case title used as a name; it joins the story's one
    character with that title, if there is exactly one."""
    out = []
    for p in paragraphs:
        for m in _TITLE_EPITHET.finditer(s, p.start, p.end):
            w = m.group("word")
            qi = quote_piece(m.start())
            occ = _Occ(m.start(), m.end(), None, (w,), s[m.start():m.end()], qi >= 0)
            occ.epithet = "the " + w
            occ.before = _word_before(s, m.start())
            _evidence(s, occ, occ.before, qi, piece_starts, piece_ends)
            out.append(occ)
    return out

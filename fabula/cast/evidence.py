"""The evidence around one occurrence of a name: the word before it, the verb after it, whether it
starts a sentence, whether it is used in address inside a quotation."""

from __future__ import annotations

import re

from fabula.cast.patterns import (
    _AFTER,
    _LOCATIVE,
    _PAST,
    _VOC_AFTER,
    _VOC_BEFORE,
)
from fabula.cast.working import (
    _Occ,
)
from fabula.names import (
    PERSON_VERBS,
    PLACE_PREPOSITIONS,
    SPEECH_VERBS,
    words,
)


def _sentence_initial(s: str, pos: int, para_start: int) -> bool:
    j = pos - 1
    while j >= para_start and s[j] in " \t\n*_([":
        j -= 1
    if j < para_start:
        return True
    c = s[j]
    if c in ".!?…:;":
        return True
    if c in "\"“‘«'":
        if c == "'" and j > para_start and s[j - 1].isalnum():
            return False
        if c == '"' and j > para_start and s[j - 1] in ".!?,;:—-":
            return s[j - 1] in ".!?"
        return True
    if c in "”’»":
        return j > para_start and s[j - 1] in ".!?"
    if c in "—–-":
        return j > para_start and s[j - 1] in "—–-\"“" and (j - 2 < para_start or s[j - 2] in " \n\"“")
    return False


def _word_before(s: str, pos: int) -> str | None:
    """The word just before ``pos`` (skipping one -ly adverb: "said softly Wren"), or None when
    punctuation comes first."""
    lo = max(0, pos - 40)
    j = pos
    while j > lo and s[j - 1] in " \t\n":
        j -= 1
    if j == pos:
        return None
    k = j
    while k > lo and s[k - 1].isalpha():
        k -= 1
    if k == j or (k > 0 and (s[k - 1].isalnum() or s[k - 1] in "'’-")):
        return None
    w = s[k:j]
    if w.endswith("ly") and w.islower():
        before = _word_before(s, k)
        return before if before is not None else w
    return w


def _evidence(s: str, occ: _Occ, before: str | None, qi: int, piece_starts, piece_ends) -> None:
    end = occ.end
    after_prep = before is not None and before.casefold() in _PLACE_BEFORE
    if not after_prep and _FINITE_AFTER.match(s, end, min(len(s), end + 30)):
        occ.person = 0.5  # "Wren'll", "Wren doesn't", "Wren's already", "Wren never listens": a subject
    elif s.startswith(("'s", "’s"), end):
        occ.poss = 1
    else:
        m = _AFTER.match(s, end, min(len(s), end + 40))
        if m:
            w = m.group(1)
            if w in SPEECH_VERBS:
                occ.speech = 1
            elif w in PERSON_VERBS:
                occ.person = 1
            elif w in _PAST or (w.endswith("ed") and len(w) > 4 and m.group(0)[:1] != ","):
                occ.person = 0.5  # the subject of a verb: people, mostly; places seldom
            elif w in _RELATIVE_WHO and "," in m.group(0):
                occ.person = occ.who = 1  # "a text from Wren, who was nineteen": places take "which"/"where"
            elif w in _TENSE_AUX and _participle(s, m.end()):
                occ.person = 0.5  # "Wren had lent", "Wren was calling": the subject of a verb
    if before is not None:
        b = before.casefold()
        if b in SPEECH_VERBS and before.islower():
            occ.speech = 1
        elif b in PLACE_PREPOSITIONS:
            occ.place = occ.loc = 1
        elif b in _LOCATIVE:
            occ.loc = 1
    if qi >= 0:
        ps, pe = piece_starts[qi], piece_ends[qi]
        if _VOC_BEFORE.search(s, max(ps, occ.start - 30), occ.start) or occ.start <= ps + 1:
            m = _VOC_AFTER.match(s, end, pe)
            if m and (m.end() >= pe or s[m.end() - 1] in ",!?;.—–-") and not s.startswith(("'s", "’s"), end):
                occ.vocative = True
                occ.voc = 0.5 if _piece_initial(s, ps, occ.start) else 1.0


_PLACE_BEFORE = _LOCATIVE | PLACE_PREPOSITIONS  # words before a place ("in", "at", "towards"...)
_RELATIVE_WHO = frozenset(("who", "whom", "whose"))
# a finite verb right after a name makes it a subject: a contracted auxiliary ("'ll", "'d", "'s" before
# an adverb or an -ing form), a negated auxiliary ("doesn't"), a frequency adverb before a present verb;
# not after a preposition ("the Lord of Kelvarrow won't": the subject is the Lord)
_FINITE_AFTER = re.compile(
    r"(?:['’](?:ll|d|ve)\b|['’]s[ \t\n]+(?:already|always|never|just|still|been|got|gone|going|not)\b"
    r"|['’]s[ \t\n]+[a-z]{3,}ing\b"
    r"|[ \t\n]+(?:doesn|didn|isn|wasn|won|can|couldn|wouldn|hasn|hadn|shouldn)['’]t\b"
    r"|[ \t\n]+(?:always|never|usually|often|sometimes|still|just)[ \t\n]+[a-z]{2,}s\b)")
_TENSE_AUX = frozenset(("had", "has", "was", "is", "were", "would", "will"))
_IRREGULAR_PARTICIPLES = frozenset(words("""been gone done seen taken given written known spoken broken chosen
driven eaten fallen forgotten hidden ridden risen shaken stolen sworn thrown worn lent begun"""))
_NEXT = re.compile(r"[ \t\n]+(?:(?:[a-z]+ly|not|never)[ \t\n]+)?([a-z]+)\b(?!['’])")


def _participle(s: str, pos: int) -> bool:
    """Whether the word at ``pos`` is a participle after an auxiliary ("had lent", "was calling",
    "had not been"): an -ing or -ed form, an irregular past, a person verb."""
    m = _NEXT.match(s, pos, min(len(s), pos + 30))
    if not m:
        return False
    w = m.group(1)
    return (w.endswith("ing") and len(w) > 4) or (w.endswith("ed") and len(w) > 4) or w in _PAST \
        or w in PERSON_VERBS or w in _IRREGULAR_PARTICIPLES


def _piece_initial(s: str, ps: int, pos: int) -> bool:
    j = pos - 1
    while j >= ps and s[j] in " \t\n*_":
        j -= 1
    return j < ps or s[j] in ".!?"

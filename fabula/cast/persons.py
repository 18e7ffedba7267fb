"""Is this capitalised word a name? The name test for tokens, surnames after titles and given names,
and plurals of names ("the Thornburys").

A word is a name when the text treats it as one: capitalised in the middle of sentences at least as
often as it is written in lower case, or treated as a person (a speech or person verb after it, a
vocative, a title before it). Only closed classes are ruled out by list (pronouns, function words,
days, months, titles, nationalities...: ``fabula/data/nonnames.txt``). An English word in common use
(``wordfreq``'s Zipf frequency >= 4.5, and not a known given name) needs more of that evidence: a main
character called by an ordinary word ("Hush", "Sparrow") is treated as a person again and again, an
interjection or adverb at the start of sentences ("Alas", "Suddenly") is not.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache, lru_cache

from fabula.names import (
    GIVEN_NAME_GENDER,
    HYPOCORISMS,
    NONNAMES,
    PLACE_WORDS,
    SOFT_NONNAMES,
    SURNAME_PLACES,
    TITLE_WORDS,
    data_lines,
)


def _plural_of_name(t: str, is_name: dict, cap_mid: Counter, title: str | None = None) -> bool:
    if not t.endswith("s"):
        return False
    if title in ("Miss", "Misses", "Messrs") and (is_name.get(t[:-1]) or is_name.get(t[:-2])):
        return True  # "the Miss Harrows", "the Miss Thornburys"
    for base in (t[:-1], t[:-2] if t.endswith("es") else None):
        if base and is_name.get(base) and cap_mid[base] >= cap_mid[t]:
            return True
    return False


def _surname_after_title(t: str) -> bool:
    """After a title or a given name, a capitalised word is a surname unless it is a function word,
    a title or a day ("Mrs. Bell", "Hollis Stone")."""
    lo = t.casefold()
    if lo in PLACE_WORDS or lo.rsplit("-", 1)[-1] in PLACE_WORDS:
        return lo in SURNAME_PLACES  # "Heron Hill", but not "Fennel Lodge"
    return lo not in NONNAMES and lo not in TITLE_WORDS and lo not in SOFT_NONNAMES and lo.split("-")[0] not in NONNAMES


def _surname_like(t: str) -> bool:
    """A place word after a given name can be a surname ("Casimir Vale", "Tom Hill"), but not one
    that only ever names a place ("Ashcombe Court", "Larkmoor Place")."""
    lo = t.casefold()
    return lo in PLACE_WORDS and lo not in NONNAMES and lo in SURNAME_PLACES


def _looks_like_name(t: str, mid: int, init: int, low: int, ev: int, voc: float, seed: bool) -> bool:
    lo = t.casefold()
    if seed:
        return True
    if lo in TITLE_WORDS:
        # a title word that the text uses bare as someone's name ("Dean said", "Earl laughed") far
        # more than it writes the word in lower case ("the dean") is a name
        return lo not in NONNAMES and mid >= 1 and mid + init >= 3 and ev + voc >= 2 and 3 * low <= mid + init
    if lo in NONNAMES or lo.split("-", 1)[0] in NONNAMES:
        return False
    if lo.endswith("s") and (lo[:-1] in NONNAMES or (lo.endswith("es") and lo[:-2] in NONNAMES)):
        return False  # "Hindus", "Germans", "Turks": plural of a non-name
    if lo in SOFT_NONNAMES:
        return mid >= 2 and ev >= 3
    if lo in PLACE_WORDS or lo.rsplit("-", 1)[-1] in PLACE_WORDS:
        return ev >= 3 and mid >= 2
    common = common_word(lo)
    if mid >= 1 and low <= mid and (not common or ev + voc >= 1 or mid >= 3):
        return True
    if mid >= 2 and ev + voc >= 2 and low <= 20 * mid:
        return True  # "Will", "Rose": capitalised mid-sentence and treated as a person
    # only ever sentence-initial, but says things or does things ("Marky grinned.")
    return low == 0 and ev >= (2 if common else 1) and (mid + init) >= 1


COMMON_ZIPF = 4.5  # 30 uses per million words of general English


COMMON_WORDS_FILE = "common_words.txt"  # fabula/data/: wordfreq's plain a-z words at >= COMMON_ZIPF
_PLAIN = re.compile(r"[a-z]+")
_HYPHENED = re.compile(r"[a-z]+(?:-[a-z]+)+")
# wordfreq rounds a compound's frequency to 3 significant digits (< 0.0003 Zipf), then its Zipf to
# hundredths: the compound is common when its exact Zipf is >= COMMON_ZIPF - 0.005; within MARGIN of
# that, wordfreq itself decides
MARGIN = 0.001


@lru_cache(maxsize=65536)
def common_word(lo: str) -> bool:
    """An English word in common use (from ``wordfreq``) that is not a known given name.

    A plain a-z word is looked up in ``fabula/data/common_words.txt`` (the same answer as wordfreq's:
    such a word is one token of its list), so that wordfreq (~0.15 s to import and load) is only
    loaded for a word with an apostrophe or a letter beyond a-z, or a rare compound at the threshold.
    wordfreq reads "red-nose" as "red" and "nose", with 1/f = 1/f1 + 1/f2 (the frequencies f): less
    frequent together than either, so a compound with a part that is not common is not common; one of
    common parts is decided by that sum (with wordfreq's rounding) unless it is within MARGIN of the
    threshold."""
    if lo in GIVEN_NAME_GENDER or lo in HYPOCORISMS:
        return False
    plain, hyphened = _PLAIN.fullmatch(lo), _HYPHENED.fullmatch(lo)
    if plain or hyphened:
        common = _common_words()
        if plain:
            return lo in common
        parts = lo.split("-")
        if not all(part in common for part in parts):
            return False
        zipf = -math.log10(sum(10 ** -common[part] for part in parts))
        if abs(zipf - (COMMON_ZIPF - 0.005)) > MARGIN:
            return zipf > COMMON_ZIPF - 0.005
    from wordfreq import zipf_frequency

    return zipf_frequency(lo, "en") >= COMMON_ZIPF


@cache
def _common_words() -> dict[str, float]:
    """``fabula/data/common_words.txt``: word -> its Zipf frequency (read once, on first use)."""
    return {w: float(z) for w, z in (ln.split() for ln in data_lines(COMMON_WORDS_FILE))}


def write_common_words(path) -> int:
    """Write the list ``common_word`` reads: wordfreq's English words made of a-z only whose Zipf
    frequency is >= COMMON_ZIPF, with that frequency, one a line, sorted (rerun after a wordfreq upgrade). Returns the count."""
    from wordfreq import iter_wordlist, zipf_frequency

    zipf = {w: zipf_frequency(w, "en") for w in iter_wordlist("en") if _PLAIN.fullmatch(w)}
    words = sorted(w for w, z in zipf.items() if z >= COMMON_ZIPF)
    head = (f"# English words (a-z only) with wordfreq Zipf frequency >= {COMMON_ZIPF}, and that frequency;"
            " made by persons.write_common_words\n")
    path.write_text(head + "".join(f"{w} {zipf[w]:.2f}\n" for w in words), encoding="utf-8")
    return len(words)

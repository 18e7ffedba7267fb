"""Is this capitalised word a name? The name test for tokens, surnames after titles and given names, and plurals of names ("the Bennets")."""

from __future__ import annotations

from collections import Counter

from fabula.names import (
    NONNAMES,
    PLACE_WORDS,
    SOFT_NONNAMES,
    SURNAME_PLACES,
    TITLE_WORDS,
)


def _plural_of_name(t: str, is_name: dict, cap_mid: Counter, title: str | None = None) -> bool:
    if not t.endswith("s"):
        return False
    if title in ("Miss", "Misses", "Messrs") and (is_name.get(t[:-1]) or is_name.get(t[:-2])):
        return True  # "the Miss Alans", "the Miss Bennets"
    for base in (t[:-1], t[:-2] if t.endswith("es") else None):
        if base and is_name.get(base) and cap_mid[base] >= cap_mid[t]:
            return True
    return False


def _surname_after_title(t: str) -> bool:
    """After a title or a given name, a capitalised word is a surname unless it is a function word,
    a title or a day ("Mrs. Long", "Harvey Stone")."""
    lo = t.casefold()
    if lo in PLACE_WORDS or lo.rsplit("-", 1)[-1] in PLACE_WORDS:
        return lo in SURNAME_PLACES  # "Robin Hill", but not "Howards Lodge"
    return lo not in NONNAMES and lo not in TITLE_WORDS and lo not in SOFT_NONNAMES and lo.split("-")[0] not in NONNAMES


def _surname_like(t: str) -> bool:
    """A place word after a given name can be a surname ("Casimir Vale", "Tom Hill"), but not one
    that only ever names a place ("Styles Court", "Wickham Place")."""
    lo = t.casefold()
    return lo in PLACE_WORDS and lo not in NONNAMES and lo in SURNAME_PLACES


def _looks_like_name(t: str, mid: int, init: int, low: int, ev: int, voc: float, seed: bool) -> bool:
    lo = t.casefold()
    if seed:
        return True
    if lo in NONNAMES or lo in TITLE_WORDS or lo.split("-", 1)[0] in NONNAMES:
        return False
    if lo.endswith("s") and (lo[:-1] in NONNAMES or (lo.endswith("es") and lo[:-2] in NONNAMES)):
        return False  # "Hindus", "Germans", "Turks": plural of a non-name
    if lo in SOFT_NONNAMES:
        return mid >= 2 and ev >= 3
    if lo in PLACE_WORDS or lo.rsplit("-", 1)[-1] in PLACE_WORDS:
        return ev >= 3 and mid >= 2
    if mid >= 1 and low <= mid:
        return True
    if mid >= 2 and ev + voc >= 2 and low <= 20 * mid:
        return True  # "Will", "Rose": capitalised mid-sentence and treated as a person
    # only ever sentence-initial, but says things or does things ("Marky grinned.")
    return low == 0 and ev >= 1 and (mid + init) >= 1

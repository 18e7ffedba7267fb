"""Surface form -> character index, for the later stages ("Miss Thornbury", "Penny", "the Doctor", "I")."""

from __future__ import annotations

import re
import weakref

from fabula.cast.working import (
    _split_form,
)
from fabula.model import Cast
from fabula.names import (
    canonical_title,
    nickname_of,
    title_gender,
    titles_conflict,
)

_INDEX: dict[int, tuple[weakref.ref, dict]] = {}


def _index(cast: Cast) -> dict:
    got = _INDEX.get(id(cast))
    if got is not None and got[0]() is cast:
        return got[1]
    exact: dict[str, int] = {}
    parsed: list[tuple[int, str | None, tuple[str, ...], set[str], str | None]] = []
    order = sorted(cast.characters, key=lambda c: -c.mentions)
    for c in order:
        titles: set[str] = set()
        for a in c.aliases:
            exact.setdefault(_norm(a), c.index)
            t, toks = _split_form(a)
            if t:
                titles.add(t)
            parsed.append((c.index, t, tuple(x.casefold() for x in toks), titles,
                           {"he/him": "M", "she/her": "F"}.get(c.pronouns or "")))
    idx = {"exact": exact, "parsed": parsed, "narrator": cast.narrator}
    if len(_INDEX) > 64:
        _INDEX.clear()
    _INDEX[id(cast)] = (weakref.ref(cast), idx)
    return idx


def _norm(name: str) -> str:
    """An alias as a lookup key: case and the dots of titles ignored ("Mr. Thornbury" = "mr thornbury")."""
    return " ".join(name.replace(".", " ").split()).casefold()


def resolve(cast: Cast, surface: str) -> int | None:
    """The index of the character a surface form refers to, or None.

    Exact aliases first (case-insensitive, "Mr." = "Mr", ignoring a possessive 's); then by parts,
    honouring titles and gender ("Mr. Thornbury" never resolves to a she; "Miss Imogen Thornbury" finds
    Imogen; "Mr John Fenwick" prefers the alias with John in it); then nicknames ("Immy" ->
    Imogen). "I"/"me" resolve to the first-person narrator.
    """
    s = " ".join(surface.split()).strip(" ,.;:!?\"'“”‘’")
    s = re.sub(r"['’]s?$", "", s)
    if not s:
        return None
    idx = _index(cast)
    if s in ("I", "me", "my", "myself", "Me", "My"):
        return idx["narrator"]
    got = _resolve(cast, idx, s)
    if got is None and len(s) > 3 and s.endswith("s") and not s.endswith("ss"):
        got = _resolve(cast, idx, s[:-1])  # "Marys": a possessive that lost its apostrophe
    return got


def _resolve(cast: Cast, idx: dict, s: str) -> int | None:
    key = _norm(s)
    if key in idx["exact"]:
        return idx["exact"][key]
    if key.startswith("the ") and key[4:] in idx["exact"]:
        return idx["exact"][key[4:]]
    title, toks = _split_form(s)
    toks = tuple(t.casefold() for t in toks)
    if not toks:
        return None
    g = title_gender(title)
    best: dict[int, int] = {}
    for ci, t, ctoks, titles, cg in idx["parsed"]:
        if title and (any(titles_conflict(title, x) for x in titles) or (g and cg and g != cg)):
            continue
        if title and t and canonical_title(t) == title and ctoks and ctoks[-1] == toks[-1]:
            score = 5 if set(toks) == set(ctoks) else (4 if set(toks) <= set(ctoks) or set(ctoks) <= set(toks) else 3)
        elif all(x in ctoks for x in toks):
            score = 3 if len(toks) > 1 else 2
        elif len(toks) == 1 and any(nickname_of(toks[0], y) for y in ctoks[:1]):
            score = 1
        else:
            continue
        if score > best.get(ci, 0):
            best[ci] = score
    if not best:
        return None
    top = max(best.values())
    winners = [ci for ci, sc in best.items() if sc == top]
    if len(winners) == 1:
        return winners[0]
    return max(winners, key=lambda ci: cast.characters[ci].mentions)

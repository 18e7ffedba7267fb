"""Pronouns and gender per character: the pronoun after each narration mention that is a subject, and the pronoun set a character's votes and titles give."""

from __future__ import annotations

import bisect
from collections import Counter

from fabula.cast.patterns import (
    _AFTER_NAME_AND,
    _AUXILIARIES,
    _NEXT_WORD,
    _NOT_NOUN,
    _PATRONYMIC,
    _PATRONYMIC_M,
    _PRONOUN,
    _PRONOUN_KIND,
    _SUBORDINATORS,
)
from fabula.cast.working import (
    _Cluster,
    _Occ,
)
from fabula.names import (
    PRONOUN_SETS,
    given_name_gender,
    title_gender,
)


def _pronoun_votes(s: str, occs: list[_Occ], piece_starts, piece_ends, sent_starts, sent_ends) -> None:
    narration = [o for o in occs if not o.in_quote]  # names inside quotations do not compete
    n = len(narration)
    for i, o in enumerate(narration):
        stop = narration[i + 1].start if i + 1 < n else len(s)
        si = bisect.bisect_right(sent_starts, o.start) - 1
        if si + 1 < len(sent_ends):
            stop = min(stop, sent_ends[si + 1])
        elif si >= 0:
            stop = min(stop, sent_ends[si])
        stop = min(stop, o.end + 250)
        # "Ann and Tom ... they": a coordinated mention does not vote
        if s.startswith((" and ", " & "), o.end) or _AFTER_NAME_AND.search(s, max(0, o.start - 40), o.start):
            continue
        # only a subject votes ("Wren smiled. She..."); after "said to Wren" the next "she" is the speaker,
        # and after "she saw that Wren was..." the next "she" is the one who saw
        if o.before is not None and o.before.casefold() in _SUBORDINATORS:
            continue
        if not (o.speech or o.person) and not (si >= 0 and o.start - sent_starts[si] <= 3):
            m = _NEXT_WORD.match(s, o.end)
            if not m or not (m.group(1) in _AUXILIARIES or (m.group(1).endswith("ed") and len(m.group(1)) > 4)):
                continue
        # the narration up to the end of the next sentence, skipping quotations ("Marcus sighed.
        # "Trouble," he admitted.)
        pos = o.end
        k = bisect.bisect_right(piece_starts, o.end)
        own_end = sent_ends[si] if si >= 0 else stop
        while pos < stop and o.pronoun is None:
            seg_end = min(stop, piece_starts[k]) if k < len(piece_starts) else stop
            for m in _PRONOUN.finditer(s, pos, seg_end):
                w = m.group(1).lower()
                if w in ("her", "his", "their", "xyr", "zir", "hir") and (
                        m.start() >= own_end or m.group(2) is None or m.group(2) in _NOT_NOUN
                        or m.group(2).endswith("ly")):
                    continue  # "looked at her and": an object; possessives only in the mention's sentence
                o.pronoun = _PRONOUN_KIND[w]
                break
            if k >= len(piece_starts):
                break
            pos = piece_ends[k]
            k += 1


def _pronouns(votes: Counter, c: _Cluster) -> str | None:
    prior = {title_gender(t) for t in c.titles} - {None}
    v = Counter(votes)
    if len(prior) == 1:
        p = "he" if prior.pop() == "M" else "she"
        other = sum(n for k, n in v.items() if k != p)
        if other >= 5 and other >= 0.8 * sum(v.values()):
            return _pronouns(votes, _Cluster())
        return PRONOUN_SETS[p]
    total = sum(v.values())
    if total < 1:
        # no pronoun in the text: a Russian patronymic is grammatical gender, like an honorific
        # ("Pavel Ivanovitch", "Vera Alexandrovna")
        pat = {"M" if _PATRONYMIC_M.search(x) else "F" for x in c.lasts if _PATRONYMIC.search(x)}
        return PRONOUN_SETS["he" if pat == {"M"} else "she"] if len(pat) == 1 else None
    kind, n = v.most_common(1)[0]
    if kind in ("they", "xe", "ze"):  # singular they must clearly dominate: "they" is mostly plural
        return PRONOUN_SETS[kind] if n >= 2 and n >= 0.75 * total else None
    he, she = v.get("he", 0), v.get("she", 0)
    if max(he, she) >= 1.5 * min(he, she) and max(he, she) >= 0.5 * total:
        return PRONOUN_SETS["he" if he > she else "she"]
    # votes split (two leads of different genders share the paragraphs: the pronoun after one's
    # name is often the other's): a usual given name breaks the tie when the votes lean its way
    names = {given_name_gender(x) for x in c.firsts} - {None}
    if len(names) == 1 and he + she >= 2:
        p = "he" if names.pop() == "M" else "she"
        if v.get(p, 0) >= 0.4 * (he + she):
            return PRONOUN_SETS[p]
    return None

"""Names the text itself links: appositions ("Marcus (Marc)", "Grell, the smith") and a speaker naming themself ("Call me Cas," said the Pale Lord)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter

from fabula.cast import working
from fabula.cast.patterns import (
    _APPOSITION,
    _APPOSITION_END,
    _COMMA,
    _SELF_NAME,
    _WILL_DO,
)
from fabula.cast.working import (
    _merge,
    _Occ,
)
from fabula.model import Quotes
from fabula.names import (
    titles_conflict,
)


def _link_appositions(s: str, occs: list[_Occ], forms, form_cluster) -> None:
    """Names the text itself links: "Marcus (Marc)" / "Ivy, known as the Hunter"; and, when the text
    does it twice, a name and an epithet in apposition ("Grell, the smith," / "the smith, Grell.")."""
    pairs: Counter = Counter()
    for a, b in itertools.pairwise(occs):
        if bool(a.epithet) != bool(b.epithet) and b.start - a.end <= 3 and _COMMA.fullmatch(s, a.end, b.start) \
                and (b.end >= len(s) or s[b.end] in ".;:!?—" or _APPOSITION_END.match(s, b.end)):
            ka = ("the", a.epithet) if a.epithet else (a.title, a.tokens)
            kb = ("the", b.epithet) if b.epithet else (b.title, b.tokens)
            ca, cb = form_cluster.get(ka), form_cluster.get(kb)
            if ca is not None and cb is not None:
                pairs[(id(ca), id(cb))] += 1
                pairs[(ca, cb)] = 0
    for key, n in list(pairs.items()):
        if isinstance(key[0], int) or pairs[(id(key[0]), id(key[1]))] < 2:
            continue
        ca, cb = key[0].root(), key[1].root()
        ga, gb = ca.gender(), cb.gender()
        if ca is not cb and not (ga and gb and ga != gb):
            if working.TRACE is not None:
                working.TRACE.append(("epithet apposition", ca.forms[:2], cb.forms[:2]))
            _merge(ca, cb)
    for a, b in itertools.pairwise(occs):
        if b.start - a.end > 40 or not _APPOSITION.fullmatch(s, a.end, b.start):
            continue
        ka = ("the", a.epithet) if a.epithet else (a.title, a.tokens)
        kb = ("the", b.epithet) if b.epithet else (b.title, b.tokens)
        ca, cb = form_cluster.get(ka), form_cluster.get(kb)
        if ca is None or cb is None:
            continue
        ca, cb = ca.root(), cb.root()
        if ca is cb:
            continue
        ga, gb = ca.gender(), cb.gender()
        if ga and gb and ga != gb:
            continue
        if any(titles_conflict(x, y) for x in ca.titles for y in cb.titles):
            continue
        if working.TRACE is not None:
            working.TRACE.append(("apposition", s[a.start:b.end]))
        _merge(ca, cb)


def _link_self_naming(s: str, quotes: Quotes, paragraphs, occs: list[_Occ], form_cluster) -> None:
    """A speaker who names themself ("Call me Cas," said the Pale Lord): the name and the tag are one."""
    starts = [o.start for o in occs]
    for q in quotes:
        for p in q.pieces:
            m = _WILL_DO.match(s, p.start, p.end) or _SELF_NAME.search(s, p.start, p.end)
            if not m:
                continue
            name = m.group("name")
            if _denies(s, q, name):
                break  # "They call me Finch, but I'm not Finch!": the speaker disowns the name
            named = form_cluster.get((None, (name,)))
            if named is None:
                continue
            # the speech tag: the first name after the first piece (between the pieces or just after
            # the quotation, in its paragraph), else a name just before it in the paragraph
            para = paragraphs[q.last_paragraph]
            tag = None
            i = bisect.bisect_left(starts, q.pieces[0].end)
            if i < len(occs) and not occs[i].in_quote and occs[i].speech \
                    and occs[i].start <= min(q.end + 40, para.end):
                tag = occs[i]
            if tag is None:
                j = bisect.bisect_left(starts, q.start) - 1
                if j >= 0 and q.start - occs[j].end <= 40 and occs[j].speech \
                        and occs[j].start >= paragraphs[q.paragraph].start:
                    tag = occs[j]
            if tag is None:
                continue
            key = ("the", tag.epithet) if tag.epithet else (tag.title, tag.tokens)
            other = form_cluster.get(key)
            if other is None:
                continue
            a, b = named.root(), other.root()
            ga, gb = a.gender(), b.gender()
            if a is not b and not (ga and gb and ga != gb):
                if working.TRACE is not None:
                    working.TRACE.append(("self-naming", s[q.start:q.end + 40]))
                _merge(a, b)
            break


def _denies(s: str, q, name: str) -> bool:
    """The quotation says the name is not the speaker's: "not Finch", "isn't Finch", "no Finch"."""
    deny = re.compile(rf"(?:\b(?:not|never|no)|n[’']t)[ \t\n]+{re.escape(name)}\b")
    return any(deny.search(s, p.start, p.end) for p in q.pieces)

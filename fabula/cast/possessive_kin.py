"""Possessive kin terms ("her father", "his mother"): the parent of the family whose child the
possessive points at.

"said her father" names a person the way "said Mr. Quorn" does, when the story has a family: a
character with a parent's title and no given name ("Mr. Quorn", "Mrs. Quorn") and a child of the
same surname with a given name ("Tamsin Quorn"). The possessive gives the child's sex ("her": a
daughter, "his": a son); of the families with such a child, the one whose members the text named
nearest before the term wins, mention by mention, as for bare kin terms (``kin``). With no such
family the phrase stays a plain description.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from fabula.cast.forms import form_key
from fabula.cast.kin import FATHER_TITLES, FATHER_WORDS, MOTHER_TITLES, MOTHER_WORDS, NEAR, parents_of
from fabula.cast.working import _Cluster, _Occ, _pronoun_gender
from fabula.names import word_start

_PARENT = {w.lower(): "f" for w in MOTHER_WORDS} | {w.lower(): "m" for w in FATHER_WORDS}
_POSS = {"his": "M", "her": "F"}  # the sex of the child (as ``_Cluster.gender`` spells it)
_TERM = re.compile(r"(?P<poss>" + word_start(("His", "his", "Her", "her")) + r")[ \t]+(?P<word>" + "|".join(_PARENT) + r")\b(?!['’]s\b)")


def find_possessive_kin(s: str, paragraphs, quote_piece) -> list[_Occ]:
    """Every "his/her" + parent noun in the narration (``epithet`` holds the phrase, lower case)."""
    out: list[_Occ] = []
    for p in paragraphs:
        for m in _TERM.finditer(s, p.start, p.end):
            if quote_piece(m.start()) >= 0:
                continue  # inside speech "her father" is the speaker's view, often of someone absent
            phrase = f"{m.group('poss').lower()} {m.group('word')}"
            occ = _Occ(m.start(), m.end(), None, (m.group("word"),), m.group(), False)
            occ.epithet = phrase
            out.append(occ)
    return out


def link_possessive_kin(terms: list[_Occ], occs: list[_Occ], form_cluster: dict) -> list[_Occ]:
    """Give each phrase its parent when a family fits (``form_cluster`` gains the phrase); returns
    the mentions kept."""
    if not terms:
        return []
    clusters = list({id(c.root()): c.root() for c in form_cluster.values()}.values())
    named = sorted((o.start, form_cluster[form_key(o)].root()) for o in occs
                   if not o.epithet and form_key(o) in form_cluster)
    starts = [n[0] for n in named]
    kept: list[_Occ] = []
    for phrase in sorted({o.epithet for o in terms}):
        poss, word = phrase.split()
        parents = parents_of(clusters, FATHER_TITLES if _PARENT[word] == "m" else MOTHER_TITLES)
        if not parents:
            continue
        mine = [o for o in terms if o.epithet == phrase]
        votes: Counter = Counter()
        for o in mine:
            fam = _nearest_family(named, starts, o.start, parents, _POSS[poss])
            if fam is not None:
                votes[fam] += 1
        if votes:
            form_cluster[("the", phrase)] = parents[votes.most_common(1)[0][0]]
            kept.extend(mine)
    return kept


def _nearest_family(named, starts, at: int, parents: dict[str, _Cluster], sex: str) -> str | None:
    """The surname of the family whose child of ``sex`` the text names most among the last
    ``NEAR`` name mentions before ``at`` (None when no such child is named there)."""
    i = bisect.bisect_left(starts, at)
    near: Counter = Counter()
    for _, c in named[max(0, i - NEAR):i]:
        if (c.gender() or _pronoun_gender(c.pronouns)) != sex:  # the pronouns after its names, weakly
            continue
        for surname, parent in parents.items():
            if surname in c.lasts and c is not parent and c.firsts - c.lasts:
                near[surname] += 1
    return near.most_common(1)[0][0] if near else None

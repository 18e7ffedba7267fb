"""Kin terms used as names ("Mum, you can't", "Dad says", "said Papa"): the parent they name.

A capitalised kin term standing where a name stands (in address inside a quotation, or mid-sentence
with no determiner or possessive before it: not "my mum", "his Father's house") is a mention. It is
the story's one titled parent of that sex whose surname a named child carries ("Mum" is Mrs. Quorn
when Tamsin Quorn is in the story); when two families qualify, the one whose members are named
nearest to the term, mention by mention. With no such parent, a term used as a name at least twice
is a character of its own ("Mom"), as the text calls them.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from fabula.cast.evidence import _evidence, _sentence_initial, _word_before
from fabula.cast.forms import form_key
from fabula.cast.working import _Cluster, _Occ
from fabula.names import word_start

# The parent nouns used as names ("Mother said..."); ``possessive_kin`` reads them after his/her.
MOTHER_WORDS = ("Mum", "Mom", "Mother", "Mama", "Mamma", "Mummy", "Mommy", "Ma")
FATHER_WORDS = ("Dad", "Daddy", "Father", "Papa", "Pa")
_TERM = re.compile(r"(?P<word>" + word_start(MOTHER_WORDS + FATHER_WORDS) + r")\b(?!['’]s\b)(?![ \t\n]+[A-Z])")
MOTHER_TITLES = frozenset(("Mrs", "Lady", "Madame"))
FATHER_TITLES = frozenset(("Mr", "Sir", "Lord"))
_NOT_BEFORE = frozenset(("the", "a", "an", "my", "his", "her", "their", "our", "your", "its", "whose", "this",
                         "that", "one", "dear", "poor", "old"))
NEAR = 30  # name mentions before the term whose families count


def find_kin(s: str, paragraphs, quote_piece, piece_starts, piece_ends) -> list[_Occ]:
    """Kin terms used as names, with their evidence (``epithet`` holds the term)."""
    out: list[_Occ] = []
    for p in paragraphs:
        for m in _TERM.finditer(s, p.start, p.end):
            before = _word_before(s, m.start())
            if before is not None and before.casefold() in _NOT_BEFORE:
                continue
            qi = quote_piece(m.start())
            occ = _Occ(m.start(), m.end(), None, (m.group("word"),), m.group(), qi >= 0, before=before)
            occ.epithet = m.group("word")
            _evidence(s, occ, before, qi, piece_starts, piece_ends)
            if _sentence_initial(s, m.start(), p.start) and not (occ.vocative or occ.speech or occ.person):
                continue  # "Mother was..." may be a name, "Father Doyle" is not: only with evidence
            out.append(occ)
    return out


def link_kin(kin: list[_Occ], occs: list[_Occ], form_cluster: dict) -> list[_Occ]:
    """Give each kin term its character (``form_cluster`` gains its form); returns the mentions kept."""
    if not kin:
        return []
    clusters = {id(c.root()): c.root() for c in form_cluster.values()}
    named = sorted((o.start, form_cluster[form_key(o)].root()) for o in occs
                   if not o.epithet and form_key(o) in form_cluster)
    starts = [n[0] for n in named]
    kept: list[_Occ] = []
    for term in sorted({o.epithet for o in kin}):
        mine = [o for o in kin if o.epithet == term]
        titles = MOTHER_TITLES if term in MOTHER_WORDS else FATHER_TITLES
        parents = parents_of(list(clusters.values()), titles)
        votes: Counter = Counter()
        for o in mine:
            i = bisect.bisect_left(starts, o.start)
            near = Counter()
            for _, c in named[max(0, i - NEAR):i]:
                for surname, p in parents.items():
                    if surname in c.lasts:
                        near[id(p)] += 1
            if near:
                votes[near.most_common(1)[0][0]] += 1
        if votes:
            pid = votes.most_common(1)[0][0]
            parent = next(p for p in parents.values() if id(p) == pid)
            form_cluster[("the", term)] = parent
            kept.extend(mine)
        elif len(mine) >= 2 and sum(o.voc + o.speech + o.person for o in mine) >= 1:
            c = _Cluster(epithet=term)
            form_cluster[("the", term)] = c
            kept.extend(mine)
    return kept


def parents_of(clusters: list[_Cluster], titles: frozenset) -> dict[str, _Cluster]:
    """Surname -> the one character of that surname with a parent's title, when another character
    of the surname has a given name (a family: "Mrs. Quorn" and "Tamsin Quorn")."""
    by_last: dict[str, list[_Cluster]] = {}
    for c in clusters:
        for x in c.lasts:
            by_last.setdefault(x, []).append(c)
    out: dict[str, _Cluster] = {}
    for x, cs in by_last.items():
        titled = [c for c in cs if c.titles & titles and not c.firsts - c.lasts]
        children = [c for c in cs if c.firsts - c.lasts and not c.titles & titles]
        if len(titled) == 1 and children:
            out[x] = titled[0]
    return out

"""Patronymics: "Tarin son of Bram" is Tarin's fuller name, and "the son of Bram" names him.

A name mention followed by "son of"/"daughter of" and a name takes the phrase into its mention (the
fuller form becomes an alias); "the son of Y" / "the daughter of Y" elsewhere is an epithet of the
one character so named, when there is exactly one.
"""

from __future__ import annotations

import re

from fabula.cast.evidence import _evidence, _word_before
from fabula.cast.forms import form_key
from fabula.cast.patterns import _TOK
from fabula.cast.working import _Occ

_OF = re.compile(rf"[ \t]*,?[ \t\n]+(?P<kin>son|daughter)[ \t\n]+of[ \t\n]+(?P<parent>{_TOK})(?![^\W_])")
_THE = re.compile(rf"\b[Tt]he[ \t\n]+(?P<name>(?P<kin>son|daughter)[ \t\n]+of[ \t\n]+(?P<parent>{_TOK}))(?![^\W_])")


def extend_patronymics(s: str, occs: list[_Occ], quote_piece, piece_starts, piece_ends) -> dict[tuple, tuple]:
    """Name mentions followed by "son of Y" take it in (edited in place, evidence read again after
    it); returns ("son", "Y") -> the form key of the one character so named."""
    owners: dict[tuple, set] = {}
    for o in occs:
        if o.epithet:
            continue
        m = _OF.match(s, o.end)
        if not m:
            continue
        o.end = m.end()
        o.surface = " ".join(s[o.start:o.end].split())
        o.speech = o.person = 0
        _evidence(s, o, o.before, quote_piece(o.start), piece_starts, piece_ends)
        owners.setdefault((m.group("kin"), m.group("parent")), set()).add(form_key(o))
    return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}


def patronymic_epithets(s: str, paragraphs, owners: dict[tuple, tuple], form_cluster: dict, quote_piece,
                        piece_starts, piece_ends) -> list[_Occ]:
    """"(the) son of Y" mentions of the character named "X son of Y" (``form_cluster`` gains the form;
    the mention and alias are "son of Y")."""
    out: list[_Occ] = []
    for p in paragraphs if owners else ():
        for m in _THE.finditer(s, p.start, p.end):
            key = owners.get((m.group("kin"), m.group("parent")))
            c = form_cluster.get(key) if key else None
            if c is None:
                continue
            w = f"{m.group('kin')} of {m.group('parent')}"  # the name, without its article
            a = m.start("name")
            qi = quote_piece(a)
            occ = _Occ(a, m.end(), None, (w,), s[a:m.end()], qi >= 0)
            occ.epithet = w
            occ.before = _word_before(s, m.start())
            _evidence(s, occ, occ.before, qi, piece_starts, piece_ends)
            form_cluster[("the", w)] = c.root()
            out.append(occ)
    return out

"""Alias clustering (after Vala et al. 2015): name forms -> characters.

Full names first, then titled forms, then bare names and nicknames, each joining the most frequent
compatible character, found through indexes by given name, surname, title and initial letters
(``_Index``). Metadata tags seed characters first; epithets ("the Colonel") come last.

``cluster(forms, seeds)`` returns the clusters, the cluster of each form, and the forms that still
fit several characters (``ambiguous``: resolved mention by mention later).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from fabula.cast import working
from fabula.cast.working import _Cluster, _compatible, _Form, _pronoun_gender, _split_form
from fabula.names import (
    FULL_GIVEN_NAMES,
    HONORIFICS,
    HYPOCORISMS,
    NICKNAMES_OF,
    STANDALONE_SHORT_FORMS,
    TITLE_WORDS,
    canonical_title,
    given_name_gender,
    nickname_of,
    title_gender,
    title_role,
)


class _Index:
    """The characters built so far, indexed by given name, surname, initial letters and title, so
    that each form looks only at the characters that share a name with it."""

    def __init__(self, forms: dict[tuple, _Form], judge=None) -> None:
        self.forms = forms
        self.judge = judge  # the learned same-character model (pairs.Judge), or None
        self.clusters: list[_Cluster] = []
        self.form_cluster: dict[tuple, _Cluster] = {}
        self.ambiguous: dict[tuple, list[_Cluster]] = {}
        self.by_first: dict[str, list[_Cluster]] = defaultdict(list)
        self.by_last: dict[str, list[_Cluster]] = defaultdict(list)
        self.by_initial: dict[str, list[_Cluster]] = defaultdict(list)
        self.by_title: dict[str, list[_Cluster]] = defaultdict(list)
        # pronouns after each given name used alone ("Wren ... she"), before those forms are placed
        self.bare_pronouns: dict[str, Counter] = defaultdict(Counter)
        for k, f in forms.items():
            if k[0] is None and len(k[1]) == 1:
                self.bare_pronouns[k[1][0].casefold()].update(f.pronouns)
        # how each given name is used over the whole story, with or without a title
        self.first_titled: Counter = Counter()
        self.first_plain: Counter = Counter()
        for f in forms.values():
            if not f.epithet and f.tokens:
                if f.title is None:
                    self.first_plain[f.tokens[0].casefold()] += f.count
                elif len(f.tokens) >= 2 or title_role(f.title) == "first":
                    self.first_titled[f.tokens[0].casefold()] += f.count

    def note_first(self, c: _Cluster, x: str) -> None:
        x = x.casefold()
        if x not in c.firsts:
            c.firsts.add(x)
            self.by_first[x].append(c)
            self.by_initial[x[:2]].append(c)

    def note_last(self, c: _Cluster, x: str) -> None:
        x = x.casefold()
        if x not in c.lasts:
            c.lasts.add(x)
            self.by_last[x].append(c)

    def note_title(self, c: _Cluster, t: str) -> None:
        if t not in c.titles:
            c.titles.add(t)
            self.by_title[t].append(c)

    @staticmethod
    def pool(*lists) -> list[_Cluster]:
        return list(dict.fromkeys(c.root() for lst in lists for c in lst))

    def add(self, c: _Cluster, f: _Form | None, first: str | None, last: str | None) -> None:
        if working.TRACE is not None and f is not None and c.forms:
            working.TRACE.append(("add", f.key, sorted(c.firsts), sorted(c.lasts), c.forms[:3]))
        if first:
            self.note_first(c, first)
        if last:
            self.note_last(c, last)
        if f is not None:
            if f.title:
                self.note_title(c, f.title)
            if first and not f.title and len(f.tokens) == 1:
                c.bare_first = True
            c.forms.append(f.key)
            c.count += f.count
            c.pronouns.update(f.pronouns)
            self.form_cluster[f.key] = c

    def join(self, c: _Cluster, f: _Form, first: str | None, last: str | None) -> _Cluster:
        """``f`` joins ``c`` as the rules chose, unless the same-character model says they are two
        people (then ``f`` starts a character of its own)."""
        if self.judge is not None and c.forms and not self.judge.same(f, c):
            if working.TRACE is not None:
                working.TRACE.append(("veto", f.key, c.forms[:3]))
            return self.new(f, first, last)
        self.add(c, f, first, last)
        return c

    def new(self, f: _Form | None, first: str | None, last: str | None) -> _Cluster:
        c = _Cluster()
        self.clusters.append(c)
        self.add(c, f, first, last)
        return c

    def formal(self, c: _Cluster) -> bool:
        """Called by given name only with a title ("Lady Matilda"): nicknames are someone else."""
        return sum(self.first_titled[y] for y in c.firsts) > sum(self.first_plain[y] for y in c.firsts)

    def nick_cands(self, x: str, g: str | None) -> list[_Cluster]:
        near = self.pool(self.by_initial.get(x[:2], ()), *(self.by_first.get(t, ()) for t in HYPOCORISMS.get(x, ())),
                         *(self.by_first.get(t, ()) for t in NICKNAMES_OF.get(x, ())))
        nick = [c for c in near if c.firsts and _compatible(c, None, g)
                and not self.formal(c) and any(nickname_of(x, y) or nickname_of(y, x) for y in c.firsts)]
        if len(nick) > 1:
            nick.sort(key=lambda c: -c.count)
            if nick[0].count < 3 * nick[1].count:
                return []
        return nick[:1]


def _add_seeds(ix: _Index, seeds: list[list[str]]) -> None:
    """Characters from metadata tags, with the forms of the text that spell their names."""
    for names in seeds:
        c = _Cluster(seed=True, seed_names=list(names))
        ix.clusters.append(c)
        for n in names:
            title, toks = _split_form(n)
            if title:
                ix.note_title(c, title)
            if toks:
                ix.note_first(c, toks[0])
                c.bare_first = True
                if len(toks) > 1:
                    ix.note_last(c, toks[-1])
            for key in ((title, toks), (None, toks)):
                if key in ix.forms and key not in ix.form_cluster:
                    ix.add(c, ix.forms[key], None, None)


def _form_gender(f: _Form) -> str | None:
    g = title_gender(f.title) or _pronoun_gender(f.pronouns, strong=True)
    if g is None and (len(f.tokens) >= 2 or (f.title and title_role(f.title) == "first")):
        g = given_name_gender(f.tokens[0])
    return g


def cluster(forms: dict[tuple, _Form], seeds: list[list[str]], judge=None):
    """Forms -> (clusters, form -> cluster, ambiguous form -> candidate clusters). ``judge``
    (``pairs.Judge``) may keep a form out of the character the rules chose for it."""
    ix = _Index(forms, judge)
    _add_seeds(ix, seeds)
    ordered = sorted((f for f in forms.values() if f.key not in ix.form_cluster and not f.epithet),
                     key=lambda f: (-min(len(f.tokens), 2), f.title is None, -f.count))
    for f in ordered:
        g = _form_gender(f)
        if len(f.tokens) >= 2:
            _place_full_name(ix, f, g)
        elif f.title:
            _place_titled(ix, f, g)
        else:
            _place_bare(ix, f, g)
    _place_epithets(ix)
    return ix.clusters, ix.form_cluster, ix.ambiguous


def _place_full_name(ix: _Index, f: _Form, g: str | None) -> None:
    """"Imogen Thornbury": joins a character with that surname and a compatible given name."""
    toks = [t.casefold() for t in f.tokens]
    first, last = toks[0], toks[-1]
    cands = [c for c in ix.pool(ix.by_last.get(last, ())) if _compatible(c, f.title, g)
             and (not c.firsts or first in c.firsts
                  or (not ix.formal(c)
                      and any(nickname_of(first, x) or nickname_of(x, first) for x in c.firsts)))]
    # "Min Yoongi" seed matched by tokens
    if not cands:
        cands = [c for c in ix.pool(ix.by_first.get(first, ())) if c.seed and not c.lasts
                 and _compatible(c, f.title, g)]
    if cands:
        ix.join(max(cands, key=lambda c: c.count), f, f.tokens[0], f.tokens[-1])
    else:
        ix.new(f, f.tokens[0], f.tokens[-1])


def _given_gender(ix: _Index, c: _Cluster) -> str | None:
    """The gender the pronouns after a character's given names used alone say, if clear."""
    votes: Counter = Counter()
    for x in c.firsts:
        votes.update(ix.bare_pronouns.get(x, ()))
    return _pronoun_gender(votes, strong=True)


def _place_titled(ix: _Index, f: _Form, g: str | None) -> None:
    """"Lady Matilda", "Mr. Thornbury": a title and one name."""
    x = f.tokens[0].casefold()
    role = title_role(f.title)
    first_c = [c for c in ix.pool(ix.by_first.get(x, ())) if _compatible(c, f.title, g)]
    last_c = [c for c in ix.pool(ix.by_last.get(x, ())) if _compatible(c, f.title, g)]
    tg = title_gender(f.title)
    if tg:  # "Mr. Quill" is not "Wren Quill" when the bare "Wren" is a "she"
        last_c = [c for c in last_c if _given_gender(ix, c) in (None, tg)]
    if first_c and (role in ("first", "any") or not last_c) and not (role == "any" and last_c):
        # "Lady Matilda"; and "Mlle. Odile", "Mr. Robert": a given name after a surname title
        cands, as_first = first_c, True
    else:
        # "Dr. Pryce" and "Mrs. Pryce", "Captain Harrow" and "Mr. Harrow": two people
        cands = [c for c in last_c if not any(k[0] and k[0] != f.title and len(k[1]) == 1 for k in c.forms)]
        as_first = False
        if role == "first":
            # "Lady Harrow": a first-name title with a surname is a married or titled person of its own
            cands = [c for c in cands if not c.firsts and (not c.titles or f.title in c.titles)]
        elif len(cands) > 1 or (cands and cands[0].firsts):
            # a surname shared by a family: "Mr. Thornbury" joins a full name only when unique, or
            # when one member carries the same rank ("Captain Amos Harrow"); not a plain
            # honorific: "Miss Thornbury" is the eldest daughter, not "Miss Imogen Thornbury", and
            # "Mr. Fenwick" the elder brother, not "Mr. John Fenwick"
            family = ix.pool(ix.by_last.get(x, ()))
            same = [c2 for c2 in cands if any(k[0] == f.title and len(k[1]) >= 2 for k in c2.forms)]
            if len(family) == 1:
                # the one "Tamsin Quorn", unless "Mrs. Quorn" is named beside her: her mother (a
                # "Miss Quorn" beside "Tamsin" is mostly Tamsin, addressed and narrated)
                if f.title in ("Mrs", "Mr") and ix.judge is not None and cands and cands[0].firsts \
                        and ix.judge.together(f, cands[0]):
                    cands = []
            elif len(same) == 1 and f.title not in HONORIFICS:
                cands = same
            else:
                cands = []
    if not cands and role in ("first", "any"):
        cands, as_first = ix.nick_cands(x, g), True
    if cands:
        # "Sir Hugh" is the Hugh who is a Sir ("Sir Hugh Arden"), not the most frequent Hugh
        best = max(cands, key=lambda c: (f.title in c.titles, c.count))
        ix.join(best, f, f.tokens[0] if as_first else None, None if as_first else f.tokens[0])
    else:
        known_given = x in HYPOCORISMS
        if role == "first" or (role == "any" and known_given):
            ix.new(f, f.tokens[0], None)
        else:
            ix.new(f, None, f.tokens[0])


def _bare_candidates(ix: _Index, f: _Form, g: str | None, x: str) -> list[_Cluster]:
    """The characters a bare single name can be, narrowed by how names are used."""
    cands = [c for c in ix.pool(ix.by_first.get(x, ()), ix.by_last.get(x, ())) if _compatible(c, None, g)]
    if len(cands) > 1:
        cands = _not_styled_by_him(cands, x)
    if len(cands) > 1:
        firsts = [c for c in cands if x in c.firsts]
        others = max(c.count for c in cands if c is not firsts[0]) if len(firsts) == 1 else 0
        if len(firsts) == 1 and (firsts[0].bare_first or given_name_gender(x) or firsts[0].count >= 2 * others):
            cands = firsts  # "Rufus" is Rufus Thane rather than Aldous Rufus
        elif not firsts:
            # narrators call men by their bare surnames far more than women ("Pryce" is Mr. Pryce,
            # not Mrs. Pryce)
            # (in the narration: a surname mostly spoken, "Thornbury!", is anyone's in the family)
            men = [c for c in cands if c.gender() == "M"]
            if 2 * f.narration < f.count:
                return cands
            cands = men or cands
            # a bare surname means someone called by it ("Mr. Calloway" rather than "Ottilie Calloway"),
            # if that title is used often enough to explain it; else the one family member with a
            # full name ("Fenwick" is Jasper Fenwick, not the late Mr. Fenwick)
            called = [c for c in cands if sum(ix.forms[k].count for k in c.forms if k[0] and len(k[1]) == 1
                                              and k[1][0].casefold() == x) >= 0.2 * f.count]
            full = [c for c in cands if c.firsts]
            if called:
                cands = called
            elif len(full) == 1:
                cands = full
    return cands


def _not_styled_by_him(cands: list[_Cluster], x: str) -> list[_Cluster]:
    """A man's given name alone ("Piers") is not the wife styled by it ("Mrs. Piers", "Mrs. Piers
    Thane"): candidates whose titles are all of the other gender are left out, when someone else
    remains. (The given name's usual gender decides: a name that is either is left alone.)"""
    gx = given_name_gender(x)
    if gx is None:
        return cands
    kept = [c for c in cands if not c.titles or any(title_gender(t) in (None, gx) for t in c.titles)]
    return kept or cands


def _place_bare(ix: _Index, f: _Form, g: str | None) -> None:
    """"Wren", "Penny": a single name with no title."""
    x = f.tokens[0].casefold()
    cands = _bare_candidates(ix, f, g, x)
    if len(cands) == 1:
        ix.join(cands[0], f, f.tokens[0] if x in cands[0].firsts else None, None)
        return
    if len(cands) > 1:
        cands.sort(key=lambda c: -c.count)
        if cands[0].count >= 5 * cands[1].count:
            ix.join(cands[0], f, None, None)
        else:
            ix.ambiguous[f.key] = cands
        return
    # nicknames: Penny -> Penelope, Marky -> Marcus (only to characters called by their given name);
    # a short form that is a common name in its own right ("Nancy", "Molly") joins only when it is
    # mostly used in speech, as nicknames are, and not by the narration as someone's own name
    standalone = x in STANDALONE_SHORT_FORMS
    nick = [] if standalone and f.narration > 0.5 * f.count else ix.nick_cands(x, g or given_name_gender(x))
    if not nick and f.narration == 0 and f.vocative >= 1 and len(x) >= 3:
        # a name only ever used to address someone, sharing its start with one character's given
        # name: "Pip" for Piran, "Hess" for Hesketh
        nick = [] if x in FULL_GIVEN_NAMES or x in STANDALONE_SHORT_FORMS else [
                c for c in ix.pool(ix.by_initial.get(x[:2], ())) if c.count >= 2 and _compatible(c, None, g)
                and not ix.formal(c)
                and any(y[:2] == x[:2] and len(x) < len(y) and not (x in HYPOCORISMS and y in HYPOCORISMS)
                        and given_name_gender(y) is None for y in c.firsts)]
        nick = nick if len(nick) == 1 else []
        if nick:  # the text's own evidence (a name used only in address), which the pair model lacks
            ix.add(nick[0], f, f.tokens[0], None)
            return
    if nick:
        ix.join(nick[0], f, f.tokens[0], None)
    else:
        ix.new(f, f.tokens[0], None)


def _place_epithets(ix: _Index) -> None:
    """"the Colonel" is the one Colonel of the story; else a character of its own."""
    for f in ix.forms.values():
        if not f.epithet:
            continue
        w = f.tokens[0]
        t = canonical_title(w)
        cands = ix.pool(ix.by_title.get(t, ())) if " " not in w and w.casefold() in TITLE_WORDS else []
        cands.sort(key=lambda c: -c.count)
        if len(cands) > 1 and cands[0].count >= 5 * cands[1].count:
            cands = cands[:1]  # "the Major" is Major Holt, not the Major Finch met once
        if len(cands) == 1:
            ix.add(cands[0], f, None, None)
        elif w[:1].isupper():
            c = ix.new(f, None, None)
            c.epithet = f.key[1]
        # "the doctor" with no single Dr. in the story stays unattached: the speakers stage decides

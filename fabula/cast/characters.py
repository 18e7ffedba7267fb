"""From clusters to characters: each mention assigned to its character (ambiguous forms by
recency), evidence totals per character, pruning of what is not a person, and the ``Cast``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from fabula.cast.forms import form_key
from fabula.cast.patterns import _READER
from fabula.cast.persons import common_word
from fabula.cast.pronouns import _pronouns
from fabula.cast.working import _Cluster, _Occ, _split_form
from fabula.model import Cast, Character, Mention
from fabula.names import given_name_gender


@dataclass
class _Stats:
    """One character's evidence totals over its assigned mentions."""

    c: _Cluster
    n: int = 0
    aliases: Counter = field(default_factory=Counter)
    speech: float = 0
    person: float = 0
    place: int = 0
    voc: float = 0
    poss: int = 0
    titled: int = 0
    pron: Counter = field(default_factory=Counter)
    occs: list[_Occ] = field(default_factory=list)
    nar: int = 0
    loc: int = 0
    who: int = 0
    name: str | None = None


RECENT = 3000  # characters back in which a candidate counts as just mentioned
CARRIER = 5  # how many times more often one candidate is named by a shared name to be its default


def assign(occs: list[_Occ], form_cluster: dict, ambiguous: dict) -> list[tuple[_Occ, _Cluster]]:
    """Each mention with its character; a form that fits several goes to the candidate mentioned
    most recently by the name it shares (``_pick``), of the right gender when a pronoun follows."""
    seen = _Recency(_carried(occs, form_cluster))
    assigned: list[tuple[_Occ, _Cluster]] = []
    for o in occs:
        key = form_key(o)
        c = form_cluster.get(key)
        if c is None:
            cands = [x.root() for x in ambiguous.get(key, ())]
            if not cands:
                continue
            og = {"he": "M", "she": "F"}.get(o.pronoun or "")
            if og:
                cands = [x for x in cands if x.gender() in (None, og)] or cands
            c = _pick(cands, o, seen)
            seen.meant[(key, id(c.root()))] += 1
        c = c.root()
        seen.note(o, c)
        assigned.append((o, c))
    return assigned


def _carried(occs: list[_Occ], form_cluster: dict) -> Counter:
    """(id(character), name word) -> how many unambiguous mentions of the character carry that word."""
    out: Counter = Counter()
    for o in occs:
        c = form_cluster.get(form_key(o))
        if c is not None and not o.epithet:
            for t in o.tokens:
                out[(id(c.root()), t.casefold())] += 1
    return out


@dataclass
class _Recency:
    """Where each character was last mentioned: at all, by each of its name words, and by surname."""

    carried: Counter
    any: dict[int, int] = field(default_factory=dict)  # id(cluster) -> start
    named: dict[tuple[int, str], int] = field(default_factory=dict)  # (id(cluster), word) -> start
    family: dict[str, int] = field(default_factory=dict)  # surname -> start
    meant: Counter = field(default_factory=Counter)  # (ambiguous form, id(cluster)) -> times given so far

    def note(self, o: _Occ, c: _Cluster) -> None:
        self.any[id(c)] = o.start
        for t in o.tokens:
            self.named[(id(c), t.casefold())] = o.start
        if o.tokens and (o.title or len(o.tokens) > 1) and not o.epithet:
            self.family[o.tokens[-1].casefold()] = o.start


def _pick(cands: list[_Cluster], o: _Occ, seen: _Recency) -> _Cluster:
    """The candidate an ambiguous name means: the one lately mentioned by that very name ("Tamsin
    Thorne" two pages back makes "Tamsin" hers); else the one who carries the name far more often
    than the others (not an aunt once called "Miss Tamsin Varrow"); else the one lately mentioned at
    all; else the one whose family (surname) was lately named; else the one the form has meant most
    often so far in the story; else the most frequent."""
    lo = o.start - RECENT
    words = [t.casefold() for t in o.tokens]
    carry = sorted(((sum(seen.carried[(id(x), w)] for w in words), i) for i, x in enumerate(cands)), reverse=True)
    if len(carry) > 1 and carry[0][0] >= CARRIER * max(carry[1][0], 1) and \
            max((seen.named.get((id(x), w), -1) for x in cands for w in words), default=-1) <= lo:
        return cands[carry[0][1]]

    def recent(at: int) -> tuple[bool, int]:
        return (at > lo, at if at > lo else 0)

    def key(x: _Cluster) -> tuple:
        n = max((seen.named.get((id(x), w), -1) for w in words), default=-1)
        fam = max((seen.family.get(s, -1) for s in x.lasts if s not in words), default=-1)
        return (*recent(n), *recent(seen.any.get(id(x), -1)), *recent(fam), seen.meant[(form_key(o), id(x))], x.count)

    return max(cands, key=key)


def totals(assigned: list[tuple[_Occ, _Cluster]]) -> dict[int, _Stats]:
    stats: dict[int, _Stats] = {}
    for o, c in assigned:
        st = stats.get(id(c))
        if st is None:
            st = stats[id(c)] = _Stats(c)
        st.n += 1
        st.loc += o.loc
        st.who += o.who
        st.aliases[o.epithet or " ".join(o.surface.split())] += 1
        st.speech += o.speech
        st.person += o.person
        st.place += o.place
        st.voc += o.voc
        st.poss += o.poss
        st.titled += 1 if o.title else 0
        st.nar += 0 if o.in_quote else 1
        if o.pronoun:
            st.pron[o.pronoun] += 1
        st.occs.append(o)
    return stats


def find_cluster_for(name: str, stats: dict[int, _Stats]) -> _Cluster | None:
    """The character with the most mentions that has ``name`` among its aliases."""
    key = name.casefold()
    best = None
    for st in stats.values():
        if any(a.casefold() == key for a in st.aliases) and (best is None or st.n > best.n):
            best = st
    return best.c if best else None


def narrator_cluster(stats: dict[int, _Stats], narrator_mentions: list, narrator_name: str | None) -> _Cluster | None:
    """The narrator joins the character of its name, else is a character of its own."""
    if not narrator_mentions:
        return None
    c = find_cluster_for(narrator_name, stats) if narrator_name else None
    if c is None:
        c = _Cluster()
        stats[id(c)] = _Stats(c, speech=1, person=1, name=narrator_name)
    return c


def prune(stats: dict[int, _Stats], narrator: _Cluster | None, s: str = "") -> list[_Stats]:
    """The characters that are people: a name seen once with no person evidence, or used like a
    place, is not a character; a weak name joined by "and" to a person's name is one ("Wren and
    Piran": people are listed with people)."""
    kept = [st for st in stats.values() if _is_person(st, narrator)]
    if not s:
        return kept
    ids = {id(st) for st in kept}
    ends = {o.end: st for st in kept for o in st.occs}
    starts = {o.start: st for st in kept for o in st.occs}
    for st in stats.values():
        if id(st) not in ids and _is_person(st, narrator, _coordinated(s, st, starts, ends)):
            kept.append(st)
    return kept


_AND = re.compile(r"[ \t\n]+(?:and|&)[ \t\n]+")


def _coordinated(s: str, st: _Stats, starts: dict, ends: dict) -> float:
    """0.5 when one of the character's mentions is coordinated with a kept character's ("X and Y")."""
    for o in st.occs:
        m = _AND.match(s, o.end)
        if m and m.end() in starts and starts[m.end()] is not st:
            return 0.5
        j = o.start
        for k in range(max(0, j - 7), j):
            if k in ends and ends[k] is not st and _AND.fullmatch(s, k, j):
                return 0.5
    return 0.0


def _is_person(st: _Stats, narrator: _Cluster | None, extra: float = 0.0) -> bool:
    """Whether the evidence of one character says a person (``extra``: evidence from outside its
    own mentions)."""
    c = st.c
    if c is narrator or c.seed or any(_READER.fullmatch(a) for a in st.aliases):
        return True
    evidence = 2 * st.speech + st.person + 1.5 * st.voc + 2 * st.titled + 0.25 * st.poss \
        + 0.5 * sum(st.pron.values()) + extra
    strong = 2 * st.speech + st.person + 1.5 * st.voc + 2 * st.titled + extra
    given = any(given_name_gender(x) for x in c.firsts)
    if st.n >= 2 and given:
        strong += 1  # a common given name used more than once ("Rose", "Ada")
        evidence += 1
    elif strong > 0 and (given or _full_name(st) or _invented(st)):
        # once, but a given name, a full name or an invented word doing what people do ("Wren had")
        evidence += 0.5
    if strong == 0 and (st.n < 3 or st.place > 0):
        return False
    if evidence < 1 or evidence < st.place:
        return False
    # "from Wren, who...", then "she"; a common given name never after in/into/near ("to Jack")
    person_like = (st.who > 0 and sum(st.pron.values()) > 0) or (given and st.place == 0 and st.person > 0)
    # "at Ashcombe", "to Larkmoor", "from Wenbury": a place
    placey = st.loc >= 0.4 * st.n and 2 * st.speech + 1.5 * st.voc + 2 * st.titled < 0.1 * st.n
    return person_like or not placey


def _invented(st: _Stats) -> bool:
    """Whether the character's names are words no English dictionary uses ("Quillane had lent")."""
    return bool(st.c.firsts) and not any(common_word(x) for x in st.c.firsts | st.c.lasts)


def _full_name(st: _Stats) -> bool:
    """Whether the character goes by a two-word name with no title ("Wren Ashby")."""
    return any(len(o.tokens) >= 2 and not o.title and not o.epithet for o in st.occs)


def reader_cluster(stats: dict[int, _Stats], reader_spans: list | None) -> _Cluster | None:
    """The Reader of a reader insert: the character of its placeholders ("Y/N"), else a new one."""
    if reader_spans is None:
        return None
    best = None
    for st in stats.values():
        if any(_READER.fullmatch(a) for a in st.aliases) and (best is None or st.n > best.n):
            best = st
    if best is not None:
        return best.c
    c = _Cluster()
    stats[id(c)] = _Stats(c, speech=1, person=1)
    return c


_MINOR_MENTIONS = 2  # a character named once or twice is a minor one


def make_cast(kept: list[_Stats], narrator: _Cluster | None, narrator_mentions: list,
              reader: _Cluster | None = None, reader_mentions: list | None = None) -> Cast:
    """The characters, most mentioned first, with their aliases, pronouns and mentions."""
    reader_mentions = reader_mentions or []
    if reader is narrator:
        reader = None
    # a surface form shared by several characters ("Thornbury") is an alias of the one it names most
    owner: dict[str, tuple[int, int]] = {}
    for st in kept:
        for a, n in st.aliases.items():
            if n > owner.get(a, (0, 0))[0]:
                owner[a] = (n, id(st.c))

    def extra(st: _Stats) -> list:
        return narrator_mentions if st.c is narrator else (reader_mentions if st.c is reader else [])

    kept.sort(key=lambda st: (-(st.n + len(extra(st))), min((o.start for o in st.occs), default=0)))
    characters: list[Character] = []
    mentions: list[Mention] = []
    for i, st in enumerate(kept):
        c = st.c
        aliases = [a for a, _ in st.aliases.most_common() if owner[a][1] == id(c) and not _relative(a)]
        for sn in c.seed_names:
            if sn not in aliases:
                aliases.append(sn)
        name = _display_name(st.aliases, c)
        kind = "narrator" if c is narrator else ("reader" if c is reader else None)
        if kind == "narrator":
            if not aliases:
                name = st.name or "the narrator"
                if st.name:
                    aliases.append(st.name)
            aliases.append("I")
        elif kind == "reader":
            name = "Reader"
            aliases = [a for a in aliases if _READER.fullmatch(a)] + ["Reader", "you"]
        if name not in aliases:
            aliases.insert(0, name)
        pron = None if kind == "narrator" else _pronouns(st.pron, c)  # the narration calls the narrator "I"
        n = st.n + len(extra(st))
        minor = kind is None and not c.seed and n <= _MINOR_MENTIONS
        characters.append(Character(i, name, tuple(aliases), pron, n, narrator=kind == "narrator", minor=minor))
        for o in st.occs:
            mk = "epithet" if o.epithet else ("vocative" if o.vocative else "name")
            mentions.append(Mention(o.start, o.end, i, mk))
        if kind:
            mentions.extend(Mention(a, b, i, kind) for a, b in extra(st))
    mentions.sort(key=lambda m: (m.start, m.end))
    index = {id(st.c): i for i, st in enumerate(kept)}
    return Cast(characters=tuple(characters), mentions=tuple(mentions),
                narrator=index.get(id(narrator)) if narrator is not None else None,
                reader=index.get(id(reader)) if reader is not None else None)


def _relative(form: str) -> bool:
    """A possessive description ("her father"): it names the person only relative to someone
    else, so it is a mention but neither a name nor an alias."""
    return form.startswith(("his ", "her "))


def _display_name(aliases: Counter, c: _Cluster) -> str:
    """The most used full name: the form of two words or more (a title counting as a word) most used
    among those that contain the character's most used name ("Hugo Pellam" for a Hugo, "Mrs.
    Quill" for a Mrs. Quill, "Wren Ashby" over "Miss Ashby" on a tie); the most used form when no
    form has two words ("Pip")."""
    if c.seed_names:
        return c.seed_names[0]
    if not aliases:
        return c.epithet or "the narrator"
    aliases = Counter({a: n for a, n in aliases.items() if not _relative(a)}) or aliases
    top = aliases.most_common(1)[0][0]
    top_words = set(_split_form(top)[1])
    best = None
    for a, n in aliases.most_common():
        title, toks = _split_form(a)
        full = len(toks) + (title is not None) >= 2 and not a.startswith("the ")
        score = (full, bool(top_words & set(toks)), n, len(toks), title is None)
        if best is None or score > best[0]:
            best = (score, a)
    return best[1]

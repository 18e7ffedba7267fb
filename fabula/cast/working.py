"""The cast stage's working structures: an occurrence of a name (``_Occ``), a name form with its
evidence summed over the text (``_Form``), a character being built (``_Cluster``), and the few
operations on them every module shares (merging two characters, title/gender compatibility,
splitting a name into title and tokens)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from fabula.cast.patterns import _PARTICLE
from fabula.names import TITLE_WORDS, canonical_title, given_name_gender, title_gender, titles_conflict

TRACE: list | None = None  # set to a list to record clustering decisions (development aid)


@dataclass(slots=True)
class _Occ:
    start: int
    end: int
    title: str | None  # canonical title
    tokens: tuple[str, ...]
    surface: str
    in_quote: bool
    vocative: bool = False
    voc: float = 0.0  # vocative evidence: 1 after a comma (", Wren."), 0.5 at a quote's start ("Stay, ...")
    speech: int = 0
    person: float = 0
    place: int = 0
    loc: int = 0  # after at/to/from/of...: places and people alike, places far more often
    poss: int = 0
    who: int = 0  # followed by ", who": a person, even after "from"/"to"
    pronoun: str | None = None
    epithet: str | None = None  # "the Doctor": the epithet text when this is an epithet mention
    before: str | None = None  # the word before


@dataclass
class _Form:
    key: tuple
    title: str | None
    tokens: tuple[str, ...]
    count: int = 0
    speech: int = 0
    person: float = 0
    vocative: float = 0
    loc: int = 0
    pronouns: Counter = field(default_factory=Counter)
    narration: int = 0
    epithet: bool = False


@dataclass(eq=False)
class _Cluster:
    firsts: set[str] = field(default_factory=set)  # casefolded given names
    lasts: set[str] = field(default_factory=set)  # casefolded surnames
    titles: set[str] = field(default_factory=set)
    forms: list[tuple] = field(default_factory=list)
    count: int = 0
    seed: bool = False
    seed_names: list[str] = field(default_factory=list)
    pronouns: Counter = field(default_factory=Counter)
    bare_first: bool = False  # a given name of this character is used alone, without a title
    merged_into: _Cluster | None = None
    epithet: str | None = None

    def root(self) -> _Cluster:
        c = self
        while c.merged_into is not None:
            c = c.merged_into
        return c

    def gender(self) -> str | None:
        g = {title_gender(t) for t in self.titles} - {None}
        if len(g) == 1:
            return g.pop()
        pg = _pronoun_gender(self.pronouns, strong=True)
        if pg:
            return pg
        given = {given_name_gender(f) for f in self.firsts} - {None}
        return given.pop() if len(given) == 1 else None


def _pronoun_gender(votes: Counter, strong: bool = False) -> str | None:
    he, she = votes.get("he", 0), votes.get("she", 0)
    total = he + she + votes.get("they", 0) + votes.get("xe", 0) + votes.get("ze", 0)
    need, share = (2, 0.7) if strong else (1, 0.6)
    if total >= need:
        if he >= share * total:
            return "M"
        if she >= share * total:
            return "F"
    return None


def _merge(a: _Cluster, b: _Cluster) -> _Cluster:
    a, b = a.root(), b.root()
    if a is b:
        return a
    if TRACE is not None:
        TRACE.append(("merge", a.forms[:3], b.forms[:3]))
    if b.count > a.count:
        a, b = b, a
    b.merged_into = a
    a.firsts |= b.firsts
    a.lasts |= b.lasts
    a.titles |= b.titles
    a.forms += b.forms
    a.count += b.count
    a.pronouns.update(b.pronouns)
    a.seed = a.seed or b.seed
    a.seed_names += b.seed_names
    a.bare_first = a.bare_first or b.bare_first
    return a


def _split_form(name: str) -> tuple[str | None, tuple[str, ...]]:
    """"Mr. van der Berg" -> ("Mr", ("van der Berg",)); "Imogen Thornbury" -> (None, ("Imogen", "Thornbury"))."""
    words = name.replace(".", ". ").split()
    title = None
    if len(words) > 1 and canonical_title(words[0]).casefold() in TITLE_WORDS:
        title = canonical_title(words[0])
        words = words[1:]
    toks: list[str] = []
    pending: list[str] = []  # particles waiting for their name
    for w in words:
        w = w.strip(".,")
        if not w:
            continue
        if _PARTICLE.match(w) or (pending and w in ("der", "den", "la", "le", "los", "las")):
            pending.append(w)
            continue
        toks.append(" ".join([*pending, w]))
        pending = []
    if pending:
        toks.extend(pending)
    return title, tuple(toks)


def _compatible(c: _Cluster, title: str | None, gender: str | None) -> bool:
    if title:
        if any(titles_conflict(title, t) for t in c.titles):
            return False
        tg = title_gender(title)
        cg = c.gender()
        if tg and cg and tg != cg:
            return False
    if gender:
        cg = c.gender()
        if cg and cg != gender:
            return False
    return True

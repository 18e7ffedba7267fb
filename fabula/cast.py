"""Stage 4, cast: who is in the story.

Reads: Work (metadata character tags), Text (paragraphs, sentences), Quotes (to tell narration from
speech). Adds: ``Cast`` (characters with aliases and pronouns, every mention, the first-person narrator).

No cast list and no trained NER: names are found from capitalisation statistics and person evidence,
in a few regular-expression passes over the story paragraphs.

1. **Candidates.** Every run of capitalised words, with an optional title (``Mr.``, ``Lady``,
   ``Captain``...) and honorific suffixes folded in ("Naruto-kun" is Naruto). A word counts as a name
   when it is capitalised in the middle of sentences at least as often as it is written in lower case,
   or when the text treats it as a person (below); after a title or a given name any capitalised word
   is a surname ("Mrs. Long", "Harvey Stone"). Function words, interjections, numbers, days, deities,
   nationalities and bare titles never are names (``fabula/data/*.txt``). "Y/N" is the reader.
2. **Person evidence** per occurrence: a title, a speech verb next to it ("said Wren", "Wren asked"),
   a person verb after it ("Wren smiled"), use as a vocative inside a quotation (", Wren." counts more
   than a quotation's first word, which is often an imperative), "'s", a common given name used twice.
   Place evidence: after "in/into/near/through...", mostly after "at/to/from/of" ("at Longbourn"),
   a place word at its end ("Hyde Park"). "the/a/any X" is not a name mention ("the Bennets").
3. **Alias clustering** (after Vala et al. 2015): full names first, then titled forms, then bare
   names and nicknames, each joining the most frequent compatible character, found through indexes
   by given name, surname, title and initial letters. Anti-edges keep people apart: conflicting
   titles (Mr/Mrs, Mrs/Miss), two different titles on one surname ("Dr. Grant", "Mrs. Grant"),
   conflicting pronouns or usual given-name gender, different given names with one surname. A titled
   surname ("Mr. Bennet") joins a full name only when one family member carries that surname, or one
   member carries the same rank ("Captain Frederick Wentworth"). A bare surname shared by a family
   prefers its men (narrators call men by surname), then the member called by it with a title often
   enough ("Darcy" is Mr. Darcy), else the one with a full name ("Archer" is Newland Archer); a bare
   name that still fits several characters ("John") is resolved mention by mention to the most
   recently mentioned candidate (of the right gender when a pronoun follows). Nicknames join through
   a hypocorism table (Bill/William) and by form (Marc, Marky -> Marcus), but not to someone called
   by given name mostly with a title ("Kitty" is not "Lady Catherine"), and short forms that are
   names in their own right ("Nancy", "Molly") only when mostly spoken; a name only ever used in
   address joins the one character whose invented name starts like it ("Pip" for Piran). The text's
   own links merge too: "X, known as Y", "X (Y)", a name and an epithet in apposition twice ("Fagin,
   the Jew"), and a speaker naming themself ("Casimir will do," said the Pale Lord). Metadata
   character tags (AO3 "Min Yoongi | Suga (BTS)") seed characters; generic tags ("Original
   Characters", "Reader") do not.
4. **Pruning:** a name seen once with no person evidence, or used like a place, is not a character.
5. **Pronouns** per character: the first subject or possessive pronoun after each narration mention
   that is a subject (sentence-initial, or followed by a verb), skipping quotations and stopping at
   the next name; honorifics decide unless the text clearly disagrees ("he/him", "she/her",
   "they/them", "xe/xem", "ze/zir", or None when the text gives nothing).
6. **Narrator:** a story whose narration (outside quotations) says "I" in 1% of its words gets a
   narrator character, named when the text names it: a name used in address but hardly ever in the
   narration, addressed "to me", or "my name is X" / "call me X". Its pronouns stay None: the
   narration calls the narrator "I", so a "he said" there is never the narrator.

Mention kinds produced: ``"name"`` (a proper name, with or without title, in narration or in a
quotation), ``"vocative"`` (a name used in address inside a quotation), ``"epithet"`` ("the Doctor",
"the Hunter", "the Pale Lord": ``the`` + capitalised words used as a name, more often with "the"
than without; and "the captain", "the doctor" when the story has exactly one character with that
title), ``"narrator"`` (I/me/my/mine/myself outside quotations in a first-person story). No pronoun
mentions and no lower-case descriptions ("the old man"): those are coreference, left to the
speakers stage.

``resolve(cast, surface)`` maps a surface form ("Miss Bennet", "Lizzy", "the Doctor", "I") to a
character index for the speakers stage.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from fabula import script
from fabula.model import Cast, Character, Mention, Quotes, Text, Work
from fabula.names import (
    FULL_GIVEN_NAMES,
    HONORIFICS,
    HYPOCORISMS,
    NICKNAMES_OF,
    NONNAMES,
    PERSON_VERBS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    PRONOUN_SETS,
    SOFT_NONNAMES,
    SPEECH_VERBS,
    STANDALONE_SHORT_FORMS,
    SURNAME_PLACES,
    TITLE_PATTERN,
    TITLE_WORDS,
    canonical_title,
    given_name_gender,
    nickname_of,
    title_gender,
    title_role,
    titles_conflict,
    words,
)

# --------------------------------------------------------------------------- patterns

_L = "a-zà-öø-ÿ"
_U = "A-ZÀ-ÖØ-Þ"
_TOK = rf"(?:[A-Z]['’])?[{_U}][{_L}]+(?:[{_U}][{_L}]+)?(?:-[A-Za-z][{_L}]+)*"
_WS = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
# name particles, one or two ("de Bourgh", "van der Luyden", "de la Cruz")
_PART1 = r"(?:de|De|du|Du|van|Van|von|Von|der|den|da|di|del|della|le|la|La|ten|ter|bin|ibn|los|las)"
_PART = rf"(?:{_PART1}(?:{_WS}(?:der|den|la|le|los|las))?)"
_SEQ = re.compile(
    rf"(?=[{_U}])(?<![^\W_])(?<!['’-])(?:(?P<title>{TITLE_PATTERN})\.?{_WS})?"
    rf"(?P<name>(?:(?<=[ \t\n])(?:de|du|van|von|da|di|le|la)(?:{_WS}(?:der|den|la|le))?{_WS})?{_TOK}"
    rf"(?:{_WS}(?:{_PART}{_WS})?{_TOK})*)(?![^\W_])"
)
_TOKEN = re.compile(rf"(?:{_PART}{_WS})?{_TOK}")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_AFTER = re.compile(r"[ \t\n]*(?:,[ \t\n]*)?(?:[a-z]+ly[ \t\n]+)?([a-z]+)\b(?!['’])")
_PRONOUN = re.compile(
    r"\b(he|she|they|xe|ze|his|himself|herself|hers|their|themself|xyr|xemself|zir|hir|her"
    r"|He|She|They|Xe|Ze|His|Her|Their|Xyr|Zir|Hir)\b(?:[ \t\n]+([a-z]+))?"
)
_PRONOUN_KIND = {"he": "he", "his": "he", "himself": "he", "she": "she", "herself": "she", "hers": "she",
                 "her": "she", "they": "they", "their": "they", "themself": "they", "xe": "xe", "xyr": "xe",
                 "xemself": "xe", "ze": "ze", "zir": "ze", "hir": "ze"}
# "her" followed by one of these is an object pronoun ("looked at her and"), not a possessive.
_NOT_NOUN = frozenset(words("""and or but to a an the at in on of for with from by as that than then so if
when while up down out back off away again too very was is had has be been would could should will
did do does not never now here there this it he she they him them her his"""))
_AFTER_NAME_AND = re.compile(rf"{_TOK}[ \t\n]+(?:and|&)[ \t\n]+$")
_PATRONYMIC = re.compile(r"(?:ovi?tch|evi?tch|ovich|evich|ovna|evna|ichna)$")
_PATRONYMIC_M = re.compile(r"(?:ovi?tch|evi?tch|ovich|evich)$")
_POST_TITLES = frozenset(words("begum sahib memsahib"))
_SUBORDINATORS = frozenset(words("that when whenever while as if because though although whether than till until "
                                  "unless since before after where whom which"))
_THE_PARTICLES = re.compile(r"\b[Tt]he[ \t\n]+(?:(?:van|von|de|der|den|du|la|le)[ \t\n]+){1,2}$")
_DETERMINERS = frozenset(words("the a an any every each no some another"))
# Japanese and Korean honorific suffixes are forms of the name: "Naruto-kun" is Naruto
_HONORIFIC_SUFFIX = re.compile(r"-(?:san|kun|chan|sama|senpai|sempai|sensei|dono|tan|nim|ssi|shi|hyung|oppa|noona|unnie)$")
_READER = re.compile(r"(?<![\w/])[YyFf]/[Nn](?![\w/])")
_NEXT_WORD = re.compile(r"[ \t\n]+([a-z]+)\b")
_AUXILIARIES = frozenset(words("""had has was is were could would should might must did does will can shall
may never always just still only also had hadn't wasn't couldn't wouldn't didn't doesn't isn't won't
can't went came took gave made kept felt knew thought saw heard began seemed stood sat ran"""))
# irregular past tenses: "Hermione found them" is a person doing something (regular ones end in -ed)
_PAST = frozenset(words("""found got put left brought caught held led lost meant met paid read sent slept spoke
spent struck swore taught threw understood woke wore won wrote drew drove fell flew forgot forgave froze grew
hid hung lay rode rang shook shot shut sang sank slid stole stuck swam swung tore wept bit blew broke chose
dug fed fought fled hit knelt lit quit rose sought sold sprang stank strode stung swept told went came took
gave made kept felt knew thought saw heard began stood sat ran"""))
_LOCATIVE = frozenset(words("at to from of for by towards toward round about on upon"))
_EPITHET = re.compile(rf"\b([Tt]he)[ \t\n]+(?P<word>{_TOK}(?:[ \t\n]+{_TOK}){{0,2}})(?![^\W_])(?!{_WS}{_TOK})")
# after "Fagin, the Jew": a comma and a verb or clause, not another list item ("..., Mahmoud Ali, and")
_APPOSITION_END = re.compile(r",[ \t\n]+(?!and\b|or\b|nor\b)[a-z]")
_COMMA = re.compile(r"[ \t]*,[ \t\n]*")
_APPOSITION = re.compile(
    r"[ \t\n]*(?:\([ \t\n]*|,[ \t\n]*(?:aka|a\.k\.a\.|alias|called|known as|also known as|nicknamed)[ \t\n]+)"
)
_NARRATOR = re.compile(r"\b(?:I|me|my|mine|myself)\b")
_NAME_IS = re.compile(rf"\b(?:[Mm]y name(?:'s| is)|[Cc]all me|I'm|I am)[ \t\n]+(?P<name>{_TOK})(?![^\W_])")
_TO_ME = re.compile(
    r"\b(?:to|at|toward|towards|with|beside)[ \t\n]+me\b|\b(?:told|asked|answered|greeted|called|handed|gave"
    r"|showed|warned|reminded|hugged|kissed|nudged|teased|thanked|tells|asks|greets|calls|hands|gives)[ \t\n]+me\b"
)
_I_SPEAK = re.compile(r"\bI[ \t\n]+(?:said|say|asked|ask|replied|reply|answered|answer|told|called|shouted"
                      r"|whispered|muttered|murmured|cried)\b")
_VOC_BEFORE = re.compile(r"(?:^|[,;!?.—–-][ \t\n]*|\b(?:[Oo]h?|[Aa]h|[Dd]ear|[Dd]earest|[Mm]y|[Pp]oor|[Hh]ey|[Hh]i"
                         r"|[Hh]ello|[Mm]orning|[Nn]ight|[Yy]es|[Nn]o|[Tt]hanks|[Ss]orry),?[ \t\n]+)$")
_VOC_AFTER = re.compile(r"[ \t\n]*(?:[,!?;.—–]|-{2}|$)")


TRACE: list | None = None  # set to a list to record clustering decisions (development aid)

# --------------------------------------------------------------------------- working structures


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


# --------------------------------------------------------------------------- the stage


def build(work: Work, text: Text, quotes: Quotes) -> Cast:
    # many small objects and no reference cycles: the cyclic collector would only rescan them
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(work, text, quotes)
    finally:
        if enabled:
            gc.enable()


def _build(work: Work, text: Text, quotes: Quotes) -> Cast:
    s = text.text
    paragraphs = text.paragraphs
    if not paragraphs:
        return Cast(characters=(), mentions=())
    pieces = sorted((p.start, p.end) for q in quotes for p in q.pieces)
    piece_starts = [p[0] for p in pieces]
    piece_ends = [p[1] for p in pieces]
    sent_starts = [x.start for x in text.sentences]
    sent_ends = [x.end for x in text.sentences]

    def quote_piece(pos: int) -> int:
        i = bisect.bisect_right(piece_starts, pos) - 1
        return i if i >= 0 and pos < piece_ends[i] else -1

    seeds = _seed_names(work) + script.seed_names(quotes)  # script-format speaker labels are names
    seed_tokens = {t.casefold() for names in seeds for n in names for t in n.split()
                   if t[:1].isupper() and t.casefold() not in NONNAMES}

    # ---- pass 1: capitalised runs and their token statistics
    raw: list[tuple[int, str | None, list[tuple[int, int, str]], bool]] = []
    cap_mid: Counter = Counter()
    cap_init: Counter = Counter()
    reader_insert = _READER.search(s) is not None
    for p in paragraphs:
        for m in _SEQ.finditer(s, p.start, p.end):
            title = m.group("title")
            ns = m.start("name")
            toks = [(ns + t.start(), ns + t.end(), _HONORIFIC_SUFFIX.sub("", " ".join(t.group().split())))
                    for t in _TOKEN.finditer(m.group("name"))]
            if not toks:
                continue
            if title is None and len(toks) == 1 and toks[0][2].casefold() in NONNAMES:
                continue
            initial = _sentence_initial(s, m.start(), p.start)
            raw.append((m.start(), title, toks, initial))
            for j, (_, _, t) in enumerate(toks):
                if j == 0 and initial and title is None:
                    cap_init[t] += 1
                else:
                    cap_mid[t] += 1
        for m in _READER.finditer(s, p.start, p.end) if reader_insert else ():  # "Y/N": the reader
            raw.append((m.start(), None, [(m.start(), m.end(), m.group().upper())], False))
            cap_mid[m.group().upper()] += 1
            seed_tokens.add(m.group().casefold())
    for r in script.label_mentions(s, quotes):  # script-format speaker labels ("DEAN:") are name mentions
        raw.append(r)
        cap_mid.update(t for *_, t in r[2])
    raw.sort(key=lambda r: r[0])
    lower: Counter = Counter()
    for r in work.story:
        lower.update(_LOWER_WORD.findall(s, r.start, r.end))

    # ---- pass 2: occurrences with evidence
    occs: list[_Occ] = []
    token_ev: Counter = Counter()  # person evidence per token, for the name test
    token_voc: Counter = Counter()  # vocative evidence per token
    pending: list[tuple[_Occ, list[str]]] = []
    for start, title, toks, initial in raw:
        ctitle = canonical_title(title) if title else None
        before = _word_before(s, start)
        if before is not None and before.casefold() in _DETERMINERS and ctitle is None:
            continue  # "the Bennets", "the Netherfield ball", "any Ashby"; epithets are found separately
        if before in ("van", "von", "de", "der", "den", "du", "la", "le") and _THE_PARTICLES.search(
                s, max(0, start - 30), start):
            continue  # "the van der Luydens"
        end = toks[-1][1]
        qi = quote_piece(start)
        occ = _Occ(start, end, ctitle, tuple(t for _, _, t in toks), "", qi >= 0, before=before)
        _evidence(s, occ, before, qi, piece_starts, piece_ends)
        ev = occ.speech + occ.person + (1 if ctitle else 0)
        for t in occ.tokens:
            token_ev[t] += ev
            token_voc[t] += occ.voc
        pending.append((occ, [t for _, _, t in toks]))
        occ.surface = s[start:end]
    is_name: dict[str, bool] = {}

    def name_test(t: str) -> bool:
        v = is_name.get(t)
        if v is None:
            v = is_name[t] = _looks_like_name(t, cap_mid[t], cap_init[t], lower[t.casefold()], token_ev[t],
                                              token_voc[t], t.casefold() in seed_tokens)
        return v

    for occ, _ in pending:
        toks = occ.tokens
        before = occ.before
        keep_from = 0
        if occ.title and _surname_after_title(toks[0]):
            pass  # "Mrs. Long", "Miss King", "Dr. Bull": after an honorific, a capitalised word is a name
        else:
            while keep_from < len(toks) and not name_test(toks[keep_from]):
                keep_from += 1
        if keep_from == len(toks):
            continue
        if keep_from and toks[keep_from - 1].casefold() == "the" and occ.title is None:
            continue  # "The Pale Lord": an epithet, found separately
        keep_to = keep_from + 1
        while keep_to < len(toks) and (name_test(toks[keep_to]) or _surname_like(toks[keep_to])
                                       or _surname_after_title(toks[keep_to])):
            keep_to += 1
        if keep_to < len(toks) and toks[keep_to].casefold() in PLACE_WORDS and occ.title is None:
            continue  # "Howards End", "Styles Court": the run names a place
        if keep_from or keep_to < len(toks):
            # re-locate the kept tokens in the text
            sub = list(_TOKEN.finditer(s, occ.start, occ.end))
            if len(sub) != len(toks):
                continue
            if keep_from:
                occ.title = None
            occ.start = sub[keep_from].start() if keep_from else occ.start
            occ.end = sub[keep_to - 1].end()
            occ.tokens = toks[keep_from:keep_to]
            occ.surface = s[occ.start:occ.end]
        if occ.title is None and len(occ.tokens) >= 2 and occ.tokens[-1].casefold() in PLACE_WORDS \
                and not (cap_mid[occ.tokens[0]] + cap_init[occ.tokens[0]] >= 3 and name_test(occ.tokens[0])
                         and (before or "").casefold() not in PLACE_PREPOSITIONS | _LOCATIVE):
            continue  # "Hyde Park", "Baker Street" (but "Casimir Vale" when Casimir is a name)
        if occ.title is None and len(occ.tokens) >= 2 and occ.tokens[-1].casefold() in _POST_TITLES:
            occ.title = canonical_title(occ.tokens[-1])  # "Hamidullah Begum" is Hamidullah's wife
            occ.tokens = occ.tokens[:-1]
        if _plural_of_name(occ.tokens[-1], is_name, cap_mid, occ.title):
            continue  # plural of a name: "the Musgroves", "the Miss Bennets"
        occs.append(occ)

    # ---- epithets: "the Doctor", "the Hunter"
    occs.extend(_epithets(s, paragraphs, lower, cap_mid, is_name, quote_piece, piece_starts, piece_ends))
    occs.extend(_title_epithets(s, paragraphs, quote_piece, piece_starts, piece_ends))
    occs.sort(key=lambda o: o.start)

    # ---- pronoun after each narration mention
    _pronoun_votes(s, occs, piece_starts, piece_ends, sent_starts, sent_ends)

    # ---- forms
    forms: dict[tuple, _Form] = {}
    for o in occs:
        key = ("the", o.epithet) if o.epithet else (o.title, o.tokens)
        f = forms.get(key)
        if f is None:
            f = forms[key] = _Form(key, o.title, o.tokens, epithet=bool(o.epithet))
        f.count += 1
        f.speech += o.speech
        f.person += o.person
        f.loc += o.loc
        f.vocative += o.voc
        if o.pronoun:
            f.pronouns[o.pronoun] += 1
        if not o.in_quote:
            f.narration += 1

    # a form used like a place ("at Oniton", "to Howards Lodge") is not a name, and a name run that
    # ends in one ("Margaret Oniton": a line break between two sentences' words) is its first name
    placey = {k for k, f in forms.items() if not f.epithet and f.title is None and f.loc >= 0.5 * f.count
              and f.speech == 0 and f.vocative < 1 and f.person <= 0.1 * f.count}
    for k in placey:
        del forms[k]
    occs = [o for o in occs if o.epithet or (o.title, o.tokens) not in placey]
    if placey:
        place_tokens = {k[1][-1] for k in placey if len(k[1]) == 1}
        for o in occs:
            if not o.epithet and len(o.tokens) >= 2 and o.tokens[-1] in place_tokens and o.title is None:
                f = forms.pop((o.title, o.tokens), None)
                o.tokens = o.tokens[:-1]
                o.end = o.start + len(" ".join(o.tokens))
                o.surface = s[o.start:o.end]
                key = (o.title, o.tokens)
                if key not in forms and f is not None:
                    forms[key] = f
                    f.key, f.tokens = key, o.tokens
                elif f is not None:
                    forms[key].count += f.count

    # ---- clustering
    _, form_cluster, ambiguous = _cluster(forms, seeds)
    _link_appositions(s, occs, forms, form_cluster)
    _link_self_naming(s, quotes, paragraphs, occs, form_cluster)

    # ---- narrator
    narrator_mentions, narrator_name = _narrator(s, paragraphs, pieces, occs)

    # ---- mentions, resolving ambiguous forms by recency
    last_seen: dict[int, int] = {}
    assigned: list[tuple[_Occ, _Cluster]] = []
    for o in occs:
        key = ("the", o.epithet) if o.epithet else (o.title, o.tokens)
        c = form_cluster.get(key)
        if c is None:
            cands = [x.root() for x in ambiguous.get(key, ())]
            if not cands:
                continue
            og = {"he": "M", "she": "F"}.get(o.pronoun or "")
            if og:
                cands = [x for x in cands if x.gender() in (None, og)] or cands
            c = max(cands, key=lambda x: (last_seen.get(id(x), -10**9) > o.start - 3000,
                                          last_seen.get(id(x), -10**9) if last_seen.get(id(x), -10**9) > o.start - 3000 else 0,
                                          x.count))
        c = c.root()
        last_seen[id(c)] = o.start
        assigned.append((o, c))

    # ---- per-cluster totals
    stats: dict[int, dict] = {}
    for o, c in assigned:
        st = stats.get(id(c))
        if st is None:
            st = stats[id(c)] = {"c": c, "n": 0, "aliases": Counter(), "speech": 0, "person": 0, "place": 0,
                                 "voc": 0, "poss": 0, "titled": 0, "pron": Counter(), "occs": [], "nar": 0,
                                 "loc": 0}
        st["n"] += 1
        st["loc"] += o.loc
        st["aliases"][o.epithet or " ".join(o.surface.split())] += 1
        st["speech"] += o.speech
        st["person"] += o.person
        st["place"] += o.place
        st["voc"] += o.voc
        st["poss"] += o.poss
        st["titled"] += 1 if o.title else 0
        st["nar"] += 0 if o.in_quote else 1
        if o.pronoun:
            st["pron"][o.pronoun] += 1
        st["occs"].append(o)

    # ---- narrator joins the cluster of its name
    narrator_cluster = None
    if narrator_mentions:
        if narrator_name:
            narrator_cluster = _find_cluster_for(narrator_name, stats)
        if narrator_cluster is None:
            narrator_cluster = _Cluster()
            stats[id(narrator_cluster)] = {"c": narrator_cluster, "n": 0, "aliases": Counter(), "speech": 1,
                                           "person": 1, "place": 0, "voc": 0, "poss": 0, "titled": 0,
                                           "pron": Counter(), "occs": [], "nar": 0, "name": narrator_name,
                                           "loc": 0}

    # ---- pruning
    kept = []
    for st in stats.values():
        c = st["c"]
        if c is narrator_cluster or c.seed or any(_READER.fullmatch(a) for a in st["aliases"]):
            kept.append(st)
            continue
        evidence = 2 * st["speech"] + st["person"] + 1.5 * st["voc"] + 2 * st["titled"] + 0.25 * st["poss"] \
            + 0.5 * sum(st["pron"].values())
        strong = 2 * st["speech"] + st["person"] + 1.5 * st["voc"] + 2 * st["titled"]
        if st["n"] >= 2 and any(given_name_gender(x) for x in c.firsts):
            strong += 1  # a common given name used more than once ("Anne", "Lydia")
            evidence += 1
        if strong == 0 and (st["n"] < 3 or st["place"] > 0):
            continue
        if evidence < 1 or evidence < st["place"]:
            continue
        if st["loc"] >= 0.4 * st["n"] and 2 * st["speech"] + 1.5 * st["voc"] + 2 * st["titled"] < 0.1 * st["n"]:
            continue  # "at Longbourn", "to Pemberley", "from Hunsford": a place
        kept.append(st)

    # a surface form shared by several characters ("Bennet") is an alias of the one it names most
    owner: dict[str, tuple[int, int]] = {}
    for st in kept:
        for a, n in st["aliases"].items():
            if n > owner.get(a, (0, 0))[0]:
                owner[a] = (n, id(st["c"]))
    kept.sort(key=lambda st: (-(st["n"] + (len(narrator_mentions) if st["c"] is narrator_cluster else 0)),
                              min((o.start for o in st["occs"]), default=0)))
    characters: list[Character] = []
    mentions: list[Mention] = []
    narrator_index = None
    for i, st in enumerate(kept):
        c = st["c"]
        is_narr = c is narrator_cluster
        aliases = [a for a, _ in st["aliases"].most_common() if owner[a][1] == id(c)]
        for sn in c.seed_names:
            if sn not in aliases:
                aliases.append(sn)
        name = _display_name(st["aliases"], c)
        if is_narr:
            narrator_index = i
            if not aliases:
                name = st.get("name") or "the narrator"
                if st.get("name"):
                    aliases.append(st["name"])
            aliases.append("I")
        if name not in aliases:
            aliases.insert(0, name)
        pron = None if is_narr else _pronouns(st["pron"], c)  # the narration calls the narrator "I"
        n = st["n"] + (len(narrator_mentions) if is_narr else 0)
        characters.append(Character(i, name, tuple(aliases), pron, n, narrator=is_narr))
        for o in st["occs"]:
            kind = "epithet" if o.epithet else ("vocative" if o.vocative else "name")
            mentions.append(Mention(o.start, o.end, i, kind))
        if is_narr:
            mentions.extend(Mention(a, b, i, "narrator") for a, b in narrator_mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    return Cast(characters=tuple(characters), mentions=tuple(mentions), narrator=narrator_index)


# --------------------------------------------------------------------------- pass helpers


def _plural_of_name(t: str, is_name: dict, cap_mid: Counter, title: str | None = None) -> bool:
    if not t.endswith("s"):
        return False
    if title in ("Miss", "Misses", "Messrs") and (is_name.get(t[:-1]) or is_name.get(t[:-2])):
        return True  # "the Miss Alans", "the Miss Bennets"
    for base in (t[:-1], t[:-2] if t.endswith("es") else None):
        if base and is_name.get(base) and cap_mid[base] >= cap_mid[t]:
            return True
    return False


def _sentence_initial(s: str, pos: int, para_start: int) -> bool:
    j = pos - 1
    while j >= para_start and s[j] in " \t\n*_([":
        j -= 1
    if j < para_start:
        return True
    c = s[j]
    if c in ".!?…:;":
        return True
    if c in "\"“‘«'":
        if c == "'" and j > para_start and s[j - 1].isalnum():
            return False
        if c == '"' and j > para_start and s[j - 1] in ".!?,;:—-":
            return s[j - 1] in ".!?"
        return True
    if c in "”’»":
        return j > para_start and s[j - 1] in ".!?"
    if c in "—–-":
        return j > para_start and s[j - 1] in "—–-\"“" and (j - 2 < para_start or s[j - 2] in " \n\"“")
    return False


def _word_before(s: str, pos: int) -> str | None:
    """The word just before ``pos`` (skipping one -ly adverb: "said softly Wren"), or None when
    punctuation comes first."""
    lo = max(0, pos - 40)
    j = pos
    while j > lo and s[j - 1] in " \t\n":
        j -= 1
    if j == pos:
        return None
    k = j
    while k > lo and s[k - 1].isalpha():
        k -= 1
    if k == j or (k > 0 and (s[k - 1].isalnum() or s[k - 1] in "'’-")):
        return None
    w = s[k:j]
    if w.endswith("ly") and w.islower():
        before = _word_before(s, k)
        return before if before is not None else w
    return w


def _evidence(s: str, occ: _Occ, before: str | None, qi: int, piece_starts, piece_ends) -> None:
    end = occ.end
    if s.startswith(("'s", "’s"), end):
        occ.poss = 1
    else:
        m = _AFTER.match(s, end, min(len(s), end + 40))
        if m:
            w = m.group(1)
            if w in SPEECH_VERBS:
                occ.speech = 1
            elif w in PERSON_VERBS:
                occ.person = 1
            elif w in _PAST or (w.endswith("ed") and len(w) > 4 and m.group(0)[:1] != ","):
                occ.person = 0.5  # the subject of a verb: people, mostly; places seldom
    if before is not None:
        b = before.casefold()
        if b in SPEECH_VERBS and before.islower():
            occ.speech = 1
        elif b in PLACE_PREPOSITIONS:
            occ.place = occ.loc = 1
        elif b in _LOCATIVE:
            occ.loc = 1
    if qi >= 0:
        ps, pe = piece_starts[qi], piece_ends[qi]
        if _VOC_BEFORE.search(s, max(ps, occ.start - 30), occ.start) or occ.start <= ps + 1:
            m = _VOC_AFTER.match(s, end, pe)
            if m and (m.end() >= pe or s[m.end() - 1] in ",!?;.—–-") and not s.startswith(("'s", "’s"), end):
                occ.vocative = True
                occ.voc = 0.5 if _piece_initial(s, ps, occ.start) else 1.0


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


def _piece_initial(s: str, ps: int, pos: int) -> bool:
    j = pos - 1
    while j >= ps and s[j] in " \t\n*_":
        j -= 1
    return j < ps or s[j] in ".!?"


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


def _epithets(s, paragraphs, lower, cap_mid, is_name, quote_piece, piece_starts, piece_ends) -> list[_Occ]:
    """"the Doctor", "the Hunter": the + a capitalised word used like a name."""
    found: list[_Occ] = []
    for p in paragraphs:
        for m in _EPITHET.finditer(s, p.start, p.end):
            w = " ".join(m.group("word").split())
            words = w.split()
            if any(x.casefold() in PLACE_WORDS or (x.casefold() in NONNAMES and x.casefold() not in TITLE_WORDS)
                   or _plural_of_name(x, is_name, cap_mid, words[0] if len(words) > 1 else None) for x in words):
                continue  # "the Bennets"
            if m.group(1) == "The" and not _sentence_initial(s, m.start(), p.start):
                continue  # "The" mid-sentence starts a title of a work, not an epithet
            occ = _Occ(m.start(), m.end(), None, (w,), s[m.start():m.end()], quote_piece(m.start()) >= 0)
            occ.epithet = "the " + w
            occ.before = _word_before(s, m.start())
            _evidence(s, occ, occ.before, quote_piece(m.start()), piece_starts, piece_ends)
            found.append(occ)
    # keep words that are capitalised after "the" consistently and act like people
    by_word: dict[str, list[_Occ]] = defaultdict(list)
    for o in found:
        by_word[o.tokens[0]].append(o)
    out: list[_Occ] = []
    for w, os_ in by_word.items():
        n = len(os_)
        last = w.split()[-1]
        if is_name.get(last) and cap_mid[last] - n >= n:
            continue  # a name more often used without "the": "the Ashby girl" is not an epithet
        if " " not in w and last.endswith("ed"):
            continue  # "the Drowned", "the Damned": a collective, not a person
        ev = sum(o.speech * 2 + o.person + o.voc for o in os_)
        if n < 2 or ev < 2 or sum(o.place for o in os_) * 2 >= ev:
            continue
        is_title = last.casefold() in TITLE_WORDS
        if is_title or " " in w or min(lower[last.casefold()], s.count("the " + last.casefold())) <= n:
            out.extend(os_)
    return out


_RANKS = words("""captain colonel general major lieutenant sergeant corporal admiral commander commodore
inspector detective constable judge senator governor president doctor professor reverend bishop cardinal
archbishop duke duchess count countess baron baroness earl king queen prince princess emperor empress
comrade dean coach chief nurse""")
_TITLE_EPITHET = re.compile(
    r"\b[Tt]he[ \t\n]+(?P<word>" + "|".join(sorted(_RANKS, key=len, reverse=True)) + r")\b(?![ \t\n]+[A-Z])"
)


def _title_epithets(s, paragraphs, quote_piece, piece_starts, piece_ends) -> list[_Occ]:
    """"the doctor", "the captain": a lower-case title used as a name; it joins the story's one
    character with that title, if there is exactly one."""
    out = []
    for p in paragraphs:
        for m in _TITLE_EPITHET.finditer(s, p.start, p.end):
            w = m.group("word")
            qi = quote_piece(m.start())
            occ = _Occ(m.start(), m.end(), None, (w,), s[m.start():m.end()], qi >= 0)
            occ.epithet = "the " + w
            occ.before = _word_before(s, m.start())
            _evidence(s, occ, occ.before, qi, piece_starts, piece_ends)
            out.append(occ)
    return out


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


# --------------------------------------------------------------------------- seeds and clustering


_GENERIC_TAGS = frozenset({
    "original character", "original characters", "oc", "ocs", "reader", "you", "original female character",
    "original male character", "original non-binary character", "original child character",
    "minor characters", "minor character", "background characters", "other characters", "others",
    "everyone", "ensemble", "various", "original characters - character", "y/n",
})


def _seed_names(work: Work) -> list[list[str]]:
    """Metadata character tags -> lists of alternate names: "Min Yoongi | Suga (BTS)" -> [Min Yoongi, Suga];
    the people of relationship tags ("Harry Potter/Draco Malfoy", "Ivy & Tom") when not tagged already."""
    out: list[list[str]] = []
    seen: set[str] = set()

    def add(tag: str) -> None:
        tag = re.sub(r"\s*\([^)]*\)\s*$", "", tag).strip()
        names = [n.strip() for n in tag.split("|") if n.strip()]
        names = [n for n in names if n.casefold() not in _GENERIC_TAGS and len(n) <= 60]
        if names and not any(n.casefold() in seen for n in names):
            seen.update(n.casefold() for n in names)
            out.append(names)

    for tag in work.characters:
        add(tag)
    for rel in work.relationships:
        for person in re.split(r"\s*(?:/|&| x )\s*", re.sub(r"\s*\([^)]*\)\s*$", "", rel)):
            add(person)
    return out


_PARTICLE = re.compile(rf"^{_PART1}$")


def _split_form(name: str) -> tuple[str | None, tuple[str, ...]]:
    """"Mr. van der Luyden" -> ("Mr", ("van der Luyden",)); "Elizabeth Bennet" -> (None, ("Elizabeth", "Bennet"))."""
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


def _cluster(forms: dict[tuple, _Form], seeds: list[list[str]]):
    clusters: list[_Cluster] = []
    form_cluster: dict[tuple, _Cluster] = {}
    ambiguous: dict[tuple, list[_Cluster]] = {}

    # indexes, so that each form looks only at the characters that share a name with it
    by_first: dict[str, list[_Cluster]] = defaultdict(list)
    by_last: dict[str, list[_Cluster]] = defaultdict(list)
    by_initial: dict[str, list[_Cluster]] = defaultdict(list)
    by_title: dict[str, list[_Cluster]] = defaultdict(list)

    def note_first(c: _Cluster, x: str) -> None:
        x = x.casefold()
        if x not in c.firsts:
            c.firsts.add(x)
            by_first[x].append(c)
            by_initial[x[:2]].append(c)

    def note_last(c: _Cluster, x: str) -> None:
        x = x.casefold()
        if x not in c.lasts:
            c.lasts.add(x)
            by_last[x].append(c)

    def note_title(c: _Cluster, t: str) -> None:
        if t not in c.titles:
            c.titles.add(t)
            by_title[t].append(c)

    def pool(*lists) -> list[_Cluster]:
        return list(dict.fromkeys(c.root() for lst in lists for c in lst))

    def add(c: _Cluster, f: _Form | None, first: str | None, last: str | None) -> None:
        if TRACE is not None and f is not None and c.forms:
            TRACE.append(("add", f.key, sorted(c.firsts), sorted(c.lasts), c.forms[:3]))
        if first:
            note_first(c, first)
        if last:
            note_last(c, last)
        if f is not None:
            if f.title:
                note_title(c, f.title)
            if first and not f.title and len(f.tokens) == 1:
                c.bare_first = True
            c.forms.append(f.key)
            c.count += f.count
            c.pronouns.update(f.pronouns)
            form_cluster[f.key] = c

    def new(f: _Form | None, first: str | None, last: str | None) -> _Cluster:
        c = _Cluster()
        clusters.append(c)
        add(c, f, first, last)
        return c

    # seeds from metadata tags
    for names in seeds:
        c = _Cluster(seed=True, seed_names=list(names))
        clusters.append(c)
        for n in names:
            title, toks = _split_form(n)
            if title:
                note_title(c, title)
            if toks:
                note_first(c, toks[0])
                c.bare_first = True
                if len(toks) > 1:
                    note_last(c, toks[-1])
            for key in ((title, toks), (None, toks)):
                if key in forms and key not in form_cluster:
                    add(c, forms[key], None, None)


    def gender_of(f: _Form) -> str | None:
        g = title_gender(f.title) or _pronoun_gender(f.pronouns, strong=True)
        if g is None and (len(f.tokens) >= 2 or (f.title and title_role(f.title) == "first")):
            g = given_name_gender(f.tokens[0])
        return g

    # how each given name is used over the whole story, with or without a title
    first_titled: Counter = Counter()
    first_plain: Counter = Counter()
    for f in forms.values():
        if not f.epithet and f.tokens:
            if f.title is None:
                first_plain[f.tokens[0].casefold()] += f.count
            elif len(f.tokens) >= 2 or title_role(f.title) == "first":
                first_titled[f.tokens[0].casefold()] += f.count

    def formal(c: _Cluster) -> bool:
        """Called by given name only with a title ("Lady Catherine"): nicknames are someone else."""
        return sum(first_titled[y] for y in c.firsts) > sum(first_plain[y] for y in c.firsts)

    def nick_cands(x: str, g: str | None) -> list[_Cluster]:
        near = pool(by_initial.get(x[:2], ()), *(by_first.get(t, ()) for t in HYPOCORISMS.get(x, ())),
                    *(by_first.get(t, ()) for t in NICKNAMES_OF.get(x, ())))
        nick = [c for c in near if c.firsts and _compatible(c, None, g)
                and not formal(c) and any(nickname_of(x, y) or nickname_of(y, x) for y in c.firsts)]
        if len(nick) > 1:
            nick.sort(key=lambda c: -c.count)
            if nick[0].count < 3 * nick[1].count:
                return []
        return nick[:1]

    ordered = sorted((f for f in forms.values() if f.key not in form_cluster and not f.epithet),
                     key=lambda f: (-min(len(f.tokens), 2), f.title is None, -f.count))
    for f in ordered:
        g = gender_of(f)
        toks = [t.casefold() for t in f.tokens]
        if len(toks) >= 2:
            first, last = toks[0], toks[-1]
            cands = [c for c in pool(by_last.get(last, ())) if _compatible(c, f.title, g)
                     and (not c.firsts or first in c.firsts
                          or (not formal(c)
                              and any(nickname_of(first, x) or nickname_of(x, first) for x in c.firsts)))]
            # "Min Yoongi" seed matched by tokens
            if not cands:
                cands = [c for c in pool(by_first.get(first, ())) if c.seed and not c.lasts
                         and _compatible(c, f.title, g)]
            if cands:
                add(max(cands, key=lambda c: c.count), f, f.tokens[0], f.tokens[-1])
            else:
                new(f, f.tokens[0], f.tokens[-1])
            continue
        x = toks[0]
        if f.title:
            role = title_role(f.title)
            first_c = [c for c in pool(by_first.get(x, ())) if _compatible(c, f.title, g)]
            last_c = [c for c in pool(by_last.get(x, ())) if _compatible(c, f.title, g)]
            if first_c and (role in ("first", "any") or not last_c) and not (role == "any" and last_c):
                # "Lady Catherine"; and "Mlle. Polina", "Mr. Robert": a given name after a surname title
                cands, as_first = first_c, True
            else:
                # "Dr. Grant" and "Mrs. Grant", "Captain Wentworth" and "Mr. Wentworth": two people
                cands = [c for c in last_c if not any(k[0] and k[0] != f.title and len(k[1]) == 1 for k in c.forms)]
                as_first = False
                if role == "first":
                    # "Lady Lucas": a first-name title with a surname is a married or titled person of its own
                    cands = [c for c in cands if not c.firsts and (not c.titles or f.title in c.titles)]
                elif len(cands) > 1 or (cands and cands[0].firsts):
                    # a surname shared by a family: "Mr. Bennet" joins a full name only when unique, or
                    # when one member carries the same rank ("Captain Frederick Wentworth"); not a plain
                    # honorific: "Miss Bennet" is the eldest daughter, not "Miss Elizabeth Bennet", and
                    # "Mr. Knightley" the elder brother, not "Mr. John Knightley"
                    family = pool(by_last.get(x, ()))
                    same = [c2 for c2 in cands if any(k[0] == f.title and len(k[1]) >= 2 for k in c2.forms)]
                    if len(family) == 1:
                        pass
                    elif len(same) == 1 and f.title not in HONORIFICS:
                        cands = same
                    else:
                        cands = []
            if not cands and role in ("first", "any"):
                cands, as_first = nick_cands(x, g), True
            if cands:
                best = max(cands, key=lambda c: c.count)
                add(best, f, f.tokens[0] if as_first else None, None if as_first else f.tokens[0])
            else:
                known_given = x in HYPOCORISMS
                if role == "first" or (role == "any" and known_given):
                    new(f, f.tokens[0], None)
                else:
                    new(f, None, f.tokens[0])
            continue
        # a bare single name
        cands = [c for c in pool(by_first.get(x, ()), by_last.get(x, ())) if _compatible(c, None, g)]
        if len(cands) > 1:
            firsts = [c for c in cands if x in c.firsts]
            others = max(c.count for c in cands if c is not firsts[0]) if len(firsts) == 1 else 0
            if len(firsts) == 1 and (firsts[0].bare_first or given_name_gender(x) or firsts[0].count >= 2 * others):
                cands = firsts  # "Henry" is Henry Otway rather than Mostyn Henry
            elif not firsts:
                # narrators call men by their bare surnames far more than women ("Weston" is Mr. Weston,
                # not Mrs. Weston)
                men = [c for c in cands if c.gender() == "M"]
                cands = men or cands
                # a bare surname means someone called by it ("Mr. Darcy" rather than "Georgiana Darcy"),
                # if that title is used often enough to explain it; else the one family member with a
                # full name ("Archer" is Newland Archer, not the late Mr. Archer)
                called = [c for c in cands if sum(forms[k].count for k in c.forms if k[0] and len(k[1]) == 1
                                                  and k[1][0].casefold() == x) >= 0.2 * f.count]
                full = [c for c in cands if c.firsts]
                if called:
                    cands = called
                elif len(full) == 1:
                    cands = full
        if len(cands) == 1:
            add(cands[0], f, f.tokens[0] if x in cands[0].firsts else None, None)
            continue
        if len(cands) > 1:
            cands.sort(key=lambda c: -c.count)
            if cands[0].count >= 5 * cands[1].count:
                add(cands[0], f, None, None)
            else:
                ambiguous[f.key] = cands
            continue
        # nicknames: Lizzy -> Elizabeth, Marky -> Marcus (only to characters called by their given name);
        # a short form that is a common name in its own right ("Nancy", "Molly") joins only when it is
        # mostly used in speech, as nicknames are, and not by the narration as someone's own name
        standalone = x in STANDALONE_SHORT_FORMS
        nick = [] if standalone and f.narration > 0.5 * f.count else nick_cands(x, g or given_name_gender(x))
        if not nick and f.narration == 0 and f.vocative >= 1 and len(x) >= 3:
            # a name only ever used to address someone, sharing its start with one character's given
            # name: "Pip" for Piran, "Hess" for Hesketh
            nick = [] if x in FULL_GIVEN_NAMES or x in STANDALONE_SHORT_FORMS else [
                    c for c in pool(by_initial.get(x[:2], ())) if c.count >= 2 and _compatible(c, None, g)
                    and not formal(c)
                    and any(y[:2] == x[:2] and len(x) < len(y) and not (x in HYPOCORISMS and y in HYPOCORISMS)
                            and given_name_gender(y) is None for y in c.firsts)]
            nick = nick if len(nick) == 1 else []
        if nick:
            add(nick[0], f, f.tokens[0], None)
        else:
            new(f, f.tokens[0], None)

    # epithets: "the Colonel" is the one Colonel of the story; else a character of its own
    for f in forms.values():
        if not f.epithet:
            continue
        w = f.tokens[0]
        t = canonical_title(w)
        cands = pool(by_title.get(t, ())) if " " not in w and w.casefold() in TITLE_WORDS else []
        cands.sort(key=lambda c: -c.count)
        if len(cands) > 1 and cands[0].count >= 5 * cands[1].count:
            cands = cands[:1]  # "the Major" is Major Callendar, not the Major Roberts met once
        if len(cands) == 1:
            add(cands[0], f, None, None)
        elif w[:1].isupper():
            c = new(f, None, None)
            c.epithet = f.key[1]
        # "the doctor" with no single Dr. in the story stays unattached: the speakers stage decides
    return clusters, form_cluster, ambiguous


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


def _link_appositions(s: str, occs: list[_Occ], forms, form_cluster) -> None:
    """Names the text itself links: "Marcus (Marc)" / "Ivy, known as the Hunter"; and, when the text
    does it twice, a name and an epithet in apposition ("Fagin, the Jew," / "the Jew, Fagin.")."""
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
            if TRACE is not None:
                TRACE.append(("epithet apposition", ca.forms[:2], cb.forms[:2]))
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
        if TRACE is not None:
            TRACE.append(("apposition", s[a.start:b.end]))
        _merge(ca, cb)


_WILL_DO = re.compile(rf"[\W_]*(?P<name>{_TOK}) will do\b")
_SELF_NAME = re.compile(rf"\b(?:[Mm]y name(?:'s|’s| is)|[Cc]all me|I'm|I’m|I am)[ \t\n]+(?P<name>{_TOK})(?=[ \t]*(?:[.,!?;—–]|-{{2}}|$))")


def _link_self_naming(s: str, quotes: Quotes, paragraphs, occs: list[_Occ], form_cluster) -> None:
    """A speaker who names themself ("Call me Cas," said the Pale Lord): the name and the tag are one."""
    starts = [o.start for o in occs]
    for q in quotes:
        for p in q.pieces:
            m = _WILL_DO.match(s, p.start, p.end) or _SELF_NAME.search(s, p.start, p.end)
            if not m:
                continue
            name = m.group("name")
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
                if TRACE is not None:
                    TRACE.append(("self-naming", s[q.start:q.end + 40]))
                _merge(a, b)
            break


# --------------------------------------------------------------------------- narrator


def _narrator(s: str, paragraphs, pieces, occs: list[_Occ]) -> tuple[list[tuple[int, int]], str | None]:
    """First-person narration outside quotations: the I/me/my spans, and the narrator's name if the
    text gives it."""
    spans: list[tuple[int, int]] = []
    words = 0
    k = 0
    para_narration: list[tuple[int, list[tuple[int, int]]]] = []
    for pi, p in enumerate(paragraphs):
        while k < len(pieces) and pieces[k][1] <= p.start:
            k += 1
        pos = p.start
        segs = []
        j = k
        while j < len(pieces) and pieces[j][0] < p.end:
            segs.append((pos, max(pos, pieces[j][0])))
            pos = max(pos, pieces[j][1])
            j += 1
        segs.append((pos, p.end))
        para_narration.append((pi, segs))
        for a, b in segs:
            if b > a:
                words += s.count(" ", a, b) + s.count("\n", a, b) + 1
                spans.extend((m.start(), m.end()) for m in _NARRATOR.finditer(s, a, b))
    n_i = sum(1 for a, b in spans if s[a:b] == "I")
    if words == 0 or n_i < 3 or n_i < 0.01 * words:
        return [], None
    # the narrator's name: vocatives addressed "to me", "my name is X", "call me X"
    votes: Counter = Counter()
    occ_starts = [o.start for o in occs]
    for pi, segs in para_narration:
        p = paragraphs[pi]
        narration = " ".join(s[a:b] for a, b in segs)
        to_me = bool(_TO_ME.search(narration))
        i_speak = bool(_I_SPEAK.search(narration))
        for m in _NAME_IS.finditer(s, p.start, p.end):
            inside = any(a <= m.start() < b for a, b in segs) is False
            if not inside or i_speak:
                votes[m.group("name")] += 3
        if to_me and not i_speak:
            i = bisect.bisect_left(occ_starts, p.start)
            while i < len(occs) and occs[i].start < p.end:
                o = occs[i]
                if o.vocative and not o.epithet:
                    votes[" ".join(o.surface.split())] += 2
                i += 1
    for o in occs:
        if o.vocative and not o.epithet:
            votes[" ".join(o.surface.split())] += 1
    if not votes:
        return spans, None
    # the narrator's own name is hardly ever used in the narration, which says "I"
    in_narration: Counter = Counter()
    total: Counter = Counter()
    for o in occs:
        key = " ".join(o.surface.split())
        if key in votes:
            total[key] += 1
            in_narration[key] += not o.in_quote
    ranked = [(n, name) for name, n in votes.items() if in_narration[name] <= 0.1 * total[name] + 1 and n >= 3]
    if not ranked:
        return spans, None
    return spans, max(ranked)[1]


def _find_cluster_for(name: str, stats: dict[int, dict]) -> _Cluster | None:
    key = name.casefold()
    best = None
    for st in stats.values():
        if any(a.casefold() == key for a in st["aliases"]) and (best is None or st["n"] > best["n"]):
            best = st
    return best["c"] if best else None


# --------------------------------------------------------------------------- naming and pronouns


def _display_name(aliases: Counter, c: _Cluster) -> str:
    """The most used full name: the form of two words or more (a title counting as a word) most used
    among those that contain the character's most used name ("George Emerson" for a George, "Mrs.
    Weston" for a Mrs. Weston, "Wren Ashby" over "Miss Ashby" on a tie); the most used form when no
    form has two words ("Pip")."""
    if c.seed_names:
        return c.seed_names[0]
    if not aliases:
        return c.epithet or "the narrator"
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
        # ("Alexis Ivanovitch", "Polina Alexandrovna")
        pat = {"M" if _PATRONYMIC_M.search(x) else "F" for x in c.lasts if _PATRONYMIC.search(x)}
        return PRONOUN_SETS["he" if pat == {"M"} else "she"] if len(pat) == 1 else None
    kind, n = v.most_common(1)[0]
    if kind in ("they", "xe", "ze"):  # singular they must clearly dominate: "they" is mostly plural
        return PRONOUN_SETS[kind] if n >= 2 and n >= 0.75 * total else None
    he, she = v.get("he", 0), v.get("she", 0)
    if max(he, she) >= 1.5 * min(he, she) and max(he, she) >= 0.5 * total:
        return PRONOUN_SETS["he" if he > she else "she"]
    return None


# --------------------------------------------------------------------------- resolve


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
    """An alias as a lookup key: case and the dots of titles ignored ("Mr. Bennet" = "mr bennet")."""
    return " ".join(name.replace(".", " ").split()).casefold()


def resolve(cast: Cast, surface: str) -> int | None:
    """The index of the character a surface form refers to, or None.

    Exact aliases first (case-insensitive, "Mr." = "Mr", ignoring a possessive 's); then by parts,
    honouring titles and gender ("Mr. Bennet" never resolves to a she; "Miss Elizabeth Bennet" finds
    Elizabeth; "Mr John Knightley" prefers the alias with John in it); then nicknames ("Lizzy" ->
    Elizabeth). "I"/"me" resolve to the first-person narrator.
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

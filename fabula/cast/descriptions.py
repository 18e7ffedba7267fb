"""Definite descriptions used as names ("the angel said", "said the elf", "the dwarf's beard"),
linked to the character they stand for.

Fan fiction and novels alike call a character by what they are, to avoid repeating a name: in a
scene of two, "Wren looked at the angel" names the other one. A lower-case description is a
*name-like description* when the story uses it as a person at least twice (a speech verb or a
person verb next to it, or a possessive), and it is *linked* to a character by co-reference votes:
each narration sentence that holds the description and names other characters says the
description is none of them (the description stands where the name would); the characters named
in the paragraphs just before, minus those, are who it can be, and the most present of them gets
the vote. A description whose votes agree (two or more, two thirds of them for one character)
becomes that character's alias, and its mentions are his or hers (kind ``"epithet"``). Proximity
alone never decides: a sentence that names nobody else gives no vote.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from fabula.cast.evidence import _evidence, _word_before
from fabula.cast.forms import form_key
from fabula.cast.patterns import _AFTER, _PAST
from fabula.cast.working import _Cluster, _Occ
from fabula.names import NONNAMES, SPEECH_VERBS, TITLE_WORDS, canonical_title, words

_DESCRIPTION = re.compile(r"[Tt](?<=\b.)he[ \t\n]+(?P<word>[a-z]{3,})\b(?![ \t\n]*[-–—]?[ \t\n]*[A-Z])")
# what only people do: doors open and trees stand, but only people smile, shrug and say
_HUMAN_VERBS = frozenset(words("""smiled smiles grinned grins laughed laughs nodded nods shrugged shrugs
sighed sighs frowned frowns glanced glances stared stares winced winces flinched flinches blushed blushes
hesitated hesitates snorted snorts scowled scowls glared glares chuckled chuckles giggled giggles groaned
groans gasped gasps wept weeps thought thinks knew knows wanted wants hoped hopes decided decides noticed
notices kissed kisses hugged hugs swallowed swallows repeated repeats agreed agrees"""))
TRACE: list | None = None  # development aid: the votes
_WINDOW = 40  # name mentions before the paragraph whose characters are candidates
_MIN_COUNT = 3  # a character named fewer times is not among the candidates


def description_occurrences(s: str, paragraphs, quote_piece, piece_starts, piece_ends) -> dict[str, list[_Occ]]:
    """Every "the X" (X a lower-case word, no plural; a title word too: "the sergeant") that the story
    uses twice or more, with its person and speech evidence, by X (one used once is no description
    and no walk-on: its evidence is not worked out); a word for anyone with the same qualifier each
    time is a description of its own ("the man in the green hat", by "man in the green hat")."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in paragraphs:
        for m in _DESCRIPTION.finditer(s, p.start, p.end):
            w = m.group("word")
            if w in _ANYONE:  # "the man in the green hat": a word for anyone, made someone by what follows
                q = _QUALIFIED.match(s, m.end(), p.end)
                if q:
                    found[w + " " + " ".join(q.group("q").split())].append((m.start(), q.end()))
            if (w in NONNAMES and w not in TITLE_WORDS) or (w.endswith("s") and not w.endswith("ss")):
                continue  # "the trees", "the Bennets": plurals are no one person; "the doctor" may be
            found[w].append(m.span())
    return {w: [_description(s, a, b, w, quote_piece, piece_starts, piece_ends) for a, b in ms]
            for w, ms in found.items() if len(ms) >= 2}


# a qualifier that makes a word for anyone someone ("the man in the green hat", "the lady with the
# parasol"), up to the end of the speech tag it stands in
_QUALIFIED = re.compile(r"(?P<q>[ \t\n]+(?:in|with)[ \t\n]+(?:the|a|an)[ \t\n]+(?:[a-z]+[ \t\n]+){0,2}?[a-z]{3,})"
                        r"(?=[ \t\n]*(?:[,.;:!?—–]|(?:said|asked|replied|cried|answered)\b))")


def name_like(by_word: dict[str, list[_Occ]]) -> list[_Occ]:
    """The occurrences of the descriptions used as a person twice or more, a third of the time or more."""
    out: list[_Occ] = []
    for w, os_ in by_word.items():
        if w in TITLE_WORDS:
            continue  # "the doctor" stands for the doctor named in the story, or is a walk-on (``own_descriptions``)
        used = sum(1 for o in os_ if o.speech or o.person)
        if used >= 2 and 3 * used >= len(os_):
            out.extend(os_)
    return out


def _description(s: str, start: int, end: int, w: str, quote_piece, piece_starts, piece_ends) -> _Occ:
    """The occurrence of "the X" at ``start``..``end``, with its evidence."""
    qi = quote_piece(start)
    occ = _Occ(start, end, None, (w,), s[start:end], qi >= 0)
    occ.epithet = "the " + w
    occ.before = _word_before(s, start)
    _evidence(s, occ, occ.before, qi, piece_starts, piece_ends)
    occ.person = 1 if _human_verb(s, end) else 0
    if occ.speech and not _ends_tag(s, end):
        occ.speech = 0  # "said the old man", "said the evening was fine": not "said the elf."
    return occ


_NEXT = re.compile(r"[ \t\n]+(?:[a-z]+ly[ \t\n]+)?([a-z]+)\b")


_SPEECH_END = re.compile(r"[ \t\n]*(?:[,.;:!?—–]|[a-z]+ly\b|$)")


def _ends_tag(s: str, pos: int) -> bool:
    """Whether "the X" ending at ``pos`` ends its speech tag: punctuation, an -ly adverb or the end
    after it ("said the elf."), or a verb of saying ("the elf cried.")."""
    if _SPEECH_END.match(s, pos):
        return True
    m = _AFTER.match(s, pos, min(len(s), pos + 40))
    return m is not None and m.group(1) in SPEECH_VERBS


_LOOK = frozenset(words("looked looks reached reaches leaned leans turned turns"))
_DIRECTION = re.compile(r"[ \t\n]+(?:at|back|up|down|away|over|round|around|across|out|for|toward|towards)\b")
# a possessed part of the body after the verb: "rubbed his thumb", "sat back on her heels"
_OWN = re.compile(r"[^.!?;:\n“”\"]{0,40}?\b(?:his|her)[ \t\n]+(?:[a-z]+[ \t\n]+)?(?:head|hand|hands|face|eyes|eye|hair"
                  r"|shoulder|shoulders|arm|arms|mouth|lips|brow|chin|jaw|neck|back|heels|knees|feet|foot|fingers"
                  r"|thumb|nose|cheek|cheeks|throat|chest|breath|teeth|beard)\b")


def _human_verb(s: str, pos: int) -> bool:
    """Whether "the X" at ``pos`` does what only people do: a human verb ("the elf smiled", "looked
    back"), or a verb whose clause goes on with a part of his or her body ("the dwarf rubbed his
    thumb")."""
    m = _NEXT.match(s, pos, min(len(s), pos + 30))
    if m is None:
        return False
    w = m.group(1)
    if w in _HUMAN_VERBS or (w in _LOOK and _DIRECTION.match(s, m.end())):
        return True
    verb = w.endswith("ed") or w in _PAST or w in ("had", "was", "only", "just")
    return verb and _OWN.match(s, m.end(), min(len(s), m.end() + 60)) is not None


def link_descriptions(s: str, descs: list[_Occ], occs: list[_Occ], form_cluster: dict, paragraphs,
                      sent_starts: list[int]) -> list[_Occ]:
    """Link each name-like description to one of the story's two leads (``form_cluster`` gains its
    form); returns the description occurrences that were linked. Only a story carried by two leads
    (half the name mentions of its people or more) links: there, naming one lead next to "the
    angel" says "the angel" is the other."""
    people = _people(occs, form_cluster)
    named = []  # (start, end, character, subject or addressee?) of the name mentions of likely people
    for o in occs:
        c = form_cluster.get(form_key(o))
        if c is not None and not o.epithet and id(c.root()) in people:
            named.append((o.start, o.end, c.root(), bool(o.speech or o.person or o.vocative)))
    count = Counter(id(n[2]) for n in named)
    leads = [k for k, _ in count.most_common(2)]
    if len(leads) < 2 or count[leads[0]] + count[leads[1]] < 0.5 * len(named):
        return []
    starts = [n[0] for n in named]
    para_starts = [p.start for p in paragraphs]
    votes: dict[str, Counter] = defaultdict(Counter)
    for d in descs:
        if d.in_quote:
            continue
        pi = bisect.bisect_right(para_starts, d.start) - 1
        lo = bisect.bisect_left(starts, paragraphs[pi].start)
        excluded, weight = _others(s, d, named, starts, sent_starts, lo)
        if not excluded and pi > 0:  # the paragraph opens on the description: the one before
            prev = bisect.bisect_left(starts, paragraphs[pi - 1].start)
            excluded, weight = {id(n[2]) for n in named[prev:lo] if n[3]}, 0.4
        out = [k for k in leads if k in excluded]
        if len(out) == 1:
            votes[d.epithet][leads[1] if out[0] == leads[0] else leads[0]] += weight
        if TRACE is not None:
            TRACE.append((d.epithet, s[d.start - 40:d.end + 20], [sorted(people[k].firsts) for k in out], weight))
    # strongest first; one description per lead ("the elf" and "the dwarf" are not both one of them)
    linked: list[_Occ] = []
    taken: set[int] = set()
    for w, v in sorted(votes.items(), key=lambda kv: -kv[1].most_common(1)[0][1]):
        top, n = v.most_common(1)[0]
        if n >= 0.7 and n >= 0.75 * sum(v.values()) and top not in taken:
            taken.add(top)
            form_cluster[("the", w)] = people[top]
            linked.extend(d for d in descs if d.epithet == w)
    return linked


def _people(occs: list[_Occ], form_cluster: dict) -> dict[int, _Cluster]:
    """The characters named often enough who speak or are spoken to."""
    ev: Counter = Counter()
    n: Counter = Counter()
    out: dict[int, _Cluster] = {}
    for o in occs:
        c = form_cluster.get(form_key(o))
        if c is None or o.epithet:
            continue
        c = c.root()
        out[id(c)] = c
        n[id(c)] += 1
        ev[id(c)] += 2 * o.speech + o.voc
    return {k: c for k, c in out.items() if n[k] >= _MIN_COUNT and ev[k] >= 2}


def _others(s: str, d: _Occ, named: list, starts: list[int], sent_starts: list[int], lo: int) -> tuple[set, float]:
    """The characters named before ``d`` in its paragraph (not in apposition with it), and how much
    that says: anyone named before it in its own sentence 1; else the subjects and addressees of the
    paragraph's earlier sentences 0.7 ("He looked at Tarin. The dwarf..." may well be Tarin)."""
    hi = bisect.bisect_left(starts, d.start)
    si = bisect.bisect_right(sent_starts, d.start) - 1
    sent = sent_starts[si] if si >= 0 else d.start
    mine = {id(n[2]) for n in named[lo:hi] if n[0] >= sent and not _apposed(s, n, d)}
    if mine:
        return mine, 1.0
    return {id(n[2]) for n in named[lo:hi] if n[3] and not _apposed(s, n, d)}, 0.7


def _apposed(s: str, n: tuple, d: _Occ) -> bool:
    """A name right next to the description, only a comma between ("Tarin, the dwarf,")."""
    gap = s[n[1]:d.start] if n[1] <= d.start else s[d.end:n[0]]
    return len(gap) <= 3 and gap.strip() in (",", "")


# nouns that stand for anyone at all ("the man", "the girl", "the other"), or for a relation: a
# scene's "the girl" is its heroine as often as not, so such a description never becomes a
# character of its own
_ANYONE = frozenset(words("""man woman gentleman lady girl boy child fellow person stranger youth lad lass
creature visitor guest newcomer other others young old elder younger eldest youngest first second third
last latter former poor little one same rest mother father son daughter brother sister husband wife uncle aunt
cousin nephew niece grandfather grandmother baby infant friend companion master mistress lord sir king
queen prince princess voice speaker"""))
# what is said, asked or answered: after a verb of saying, "the question" is its object ("she answered
# the question", "said the word")
_SAID = frozenset(words("""question questions word words answer reply truth name story news letter note
message lesson joke sentence thing same prayer toast speech verdict riddle secret"""))
_OWN_MIN_SPEECH = 2  # a description must speak this often (tags like "said the clerk") to become a character
# (2 or more: ``description_occurrences`` leaves out a "the X" used once)
_OWN_SPAN = 0.25  # ... within this share of the story: a walk-on of a few scenes; wider, maybe a lead's epithet
_OWN_SCENE = 5000  # ... or within this many characters of text (a short story's scene)


def own_descriptions(s: str, by_word: dict[str, list[_Occ]], occs: list[_Occ], form_cluster: dict,
                     piece_starts, piece_ends, paragraphs, sent_starts: list[int]) -> list[_Occ]:
    """Descriptions that are characters of their own: a role ("the clerk", "the landlady", "the man
    in the green hat") that speaks in two speech tags or more (in the narration, right beside a
    quotation), that no name ever stands in apposition with ("Mr. Quorn, the clerk," makes it Mr.
    Quorn's), that is no title someone in the story is named with ("the captain" is Captain Hale's
    when he is in it) and no word for anyone ("the man", "the girl": the heroine as often as not).
    Its tags all within a quarter of the story (or one scene), it is a walk-on; spread wider, it may
    be a named lead's epithet ("the potter" for the potter everyone calls by name), and it is one
    when a named character is near nearly every use of it and never beside it (``_someone_present``).
    The walk-ons of a novel who are never named still speak, and a character named "the clerk"
    (kind ``"epithet"``) lets their speech tags name them. Returns the description occurrences given
    to such characters (``form_cluster`` gains their forms); ``by_word``: ``description_occurrences``,
    whether or not the story uses them as a person often enough to be name-like (a walk-on is mostly
    talked about: "the landlady's room")."""
    by = {"the " + w: os_ for w, os_ in by_word.items() if ("the", "the " + w) not in form_cluster}
    if not by:
        return []
    named = sorted((o.start, o.end) for o in occs if not o.epithet and form_key(o) in form_cluster)
    present = _Presence(s, occs, form_cluster, paragraphs, sent_starts)
    held = {o.title for o in occs if o.title and o.tokens and not o.epithet and form_key(o) in form_cluster}
    starts = [a for a, _ in named]
    out: list[_Occ] = []
    for epithet, os_ in by.items():
        w = epithet[4:]
        said = [o.start for o in os_ if o.speech and not o.in_quote and _tags(o, piece_starts, piece_ends)]
        if w in _ANYONE or w in _SAID or len(said) < _OWN_MIN_SPEECH or _held(w, held):
            continue
        if any(_in_apposition(s, o, starts, named) for o in os_):
            continue
        if said[-1] - said[0] > max(_OWN_SPAN * len(s), _OWN_SCENE) and _someone_present(os_, present):
            continue
        form_cluster[("the", epithet)] = _Cluster(count=len(os_), epithet=epithet)
        out.extend(os_)
    return out


def _held(w: str, held: set[str]) -> bool:
    """A title that someone in the story is named with ("Captain Hale" makes "the captain" his)."""
    return w in TITLE_WORDS and canonical_title(w) in held


_TAG_GAP = 25  # a speech tag stands this close to its quotation ('"Go," said the clerk' / 'The clerk said: "Go."')


def _tags(d: _Occ, piece_starts, piece_ends) -> bool:
    """The description's speech verb tags a quotation right beside it (not "answered the letter")."""
    i = bisect.bisect_right(piece_ends, d.start) - 1
    if i >= 0 and d.start - piece_ends[i] <= _TAG_GAP:
        return True
    j = bisect.bisect_left(piece_starts, d.end)
    return j < len(piece_starts) and piece_starts[j] - d.end <= _TAG_GAP


def _in_apposition(s: str, d: _Occ, starts: list[int], named: list) -> bool:
    """A name right beside the description, a comma or nothing between ("Quorn, the clerk,", "the
    clerk, Quorn")."""
    i = bisect.bisect_left(starts, d.start - 60)
    while i < len(named) and named[i][0] <= d.end + 3:
        a, b = named[i]
        i += 1
        if (b <= d.start or a >= d.end) and _apposed(s, (a, b), d):
            return True
    return False


_NEAR_PARAGRAPHS = 3  # a character is present at a description when named this many paragraphs either side
_PRESENT_SHARE = 0.8  # ... and a named character present at this share of its uses may be the one it stands for


class _Presence:
    """Where the story's people are named: paragraph by paragraph and sentence by sentence."""

    def __init__(self, s: str, occs: list[_Occ], form_cluster: dict, paragraphs, sent_starts: list[int]):
        self.s = s
        self.people = _people(occs, form_cluster)
        self.para_starts = [p.start for p in paragraphs]
        self.sent_starts = sent_starts
        self.by_para: dict[int, set[int]] = defaultdict(set)
        self.spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # sentence -> (start, end, who)
        for o in occs:
            c = form_cluster.get(form_key(o))
            if c is None or o.epithet or id(c.root()) not in self.people:
                continue
            who = id(c.root())
            self.by_para[bisect.bisect_right(self.para_starts, o.start) - 1].add(who)
            si = bisect.bisect_right(sent_starts, o.start) - 1
            self.spans[si].append((o.start, o.end, who))

    def near(self, pos: int) -> set[int]:
        """Who is named within ``_NEAR_PARAGRAPHS`` paragraphs of ``pos``."""
        pi = bisect.bisect_right(self.para_starts, pos) - 1
        out: set[int] = set()
        for k in range(pi - _NEAR_PARAGRAPHS, pi + _NEAR_PARAGRAPHS + 1):
            out |= self.by_para.get(k, set())
        return out

    def beside(self, d: _Occ) -> set[int]:
        """Who is named in the description's own sentence, not in apposition with it: someone else."""
        si = bisect.bisect_right(self.sent_starts, d.start) - 1
        return {w for a, b, w in self.spans.get(si, ()) if not _apposed(self.s, (a, b, w), d)}


def _someone_present(os_: list[_Occ], present: _Presence) -> bool:
    """Whether a named character could be the one a description stands for: named near nearly every
    use of it (a lead's epithet, "the potter" in the potter's scenes) and never named beside it in
    one sentence (which would make them two people). A walk-on of several scenes ("the night porter",
    "the ferryman") meets different people in each."""
    near = Counter()
    others: set[int] = set()
    for d in os_:
        near.update(present.near(d.start))
        others |= present.beside(d)
    return any(n >= _PRESENT_SHARE * len(os_) and who not in others for who, n in near.items())

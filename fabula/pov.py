"""Point of view, used by the scene stage: narrative person and whose head the narration is in.

Reads: Text, Quotes, Cast (aliases, mentions, pronouns, narrator, reader). Gives the scene stage
per-paragraph evidence:

* ``Narration``: the story text with every spoken piece blanked out, so that pronouns and cues are
  counted in narration only ("I" inside a quotation says nothing about the narrator);
* pronoun counts per paragraph (first / second / third person, he / she), from which a span's
  narrative person is read (``person``);
* ``Cue``s: places where the narration gives someone's inner life, the way a reader tells whose eyes
  a scene is told through: the subject of a verb of thought, feeling or perception ("she thought",
  "Marcus wondered", "he could see", "you notice", "I knew"), of a state of mind ("he was sure"),
  a body felt from inside ("her heart", "his ribs ached"), and free indirect questions, the
  narration asking what the focal character asks ("What was she supposed to say now?");
* ``focal``: per paragraph, each character's share of those cues (``Evidence.focal``).

The focal character of a span is the one the cues give the most to, not the most named one (in close
third person the focal character is mostly "he" or "she" while the other is named); names count only
as a weak tie-break. First person: the narrator; second-person reader insert: the Reader
(``Cast.reader``, or a character going by a reader placeholder such as Y/N).

A pronoun subject ("she wondered") is resolved through the cast's pronoun mentions when the cast gives
them, otherwise to the character of that gender last named as a subject in the narration just before
(the same or the previous paragraphs), else to any character of that gender last named there; never
to a character its own clause goes on to name ("He sat Fenn down" is not Fenn), never across a
marked scene start; a character the cast gave no pronouns (the narrator and the Reader never) takes
the gender of the pronouns that follow its name in the narration. A named character watching "him"
or "her" is not the head we are in: the one watched is. Everything is a few regex passes over the
narration (names: one scan of capitalised words, each looked up by its first word) and numpy counting.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from fabula.model import Cast, Quotes, Text

# ------------------------------------------------------------------ narrative person

# The patterns of this module that read the whole narration open with the first letter of what they
# match and test what stands before it once that letter is found ("[hs](?<=\b.)" for "\b[hs]"; the
# plain form is given beside each): the regex engine then skips straight to those letters instead of
# trying the pattern at every character.

# one pass over the lower-cased narration; groups: 1 first person, 2 second, 3 he, 4 she (m.start()
# and m.lastindex are read), i.e. \b(?:(i|me|my|mine|myself)|(you|your|yours|yourself|yourselves)
# |(he|him|his|himself)|(she|her|hers|herself))\b
_PRONOUNS = re.compile(r"[imyhs](?<=\b.)(?:((?<=i)|(?<=m)(?:e|y|ine|yself))|((?<=y)(?:ou|our|ours|ourself|ourselves))"
                       r"|((?<=h)(?:e|im|is|imself))|((?<=s)he|(?<=h)(?:er|ers|erself)))\b")

# ------------------------------------------------------------------ inner-life cues (closed classes)


def _forms(spec: str) -> str:
    """'think thinks thought thinking | wonder+' -> alternation; 'x+' adds x-s, x-ed, x-ing (regular)."""
    out: list[str] = []
    for w in spec.split():
        if w.endswith("+"):
            b = w[:-1]
            stem = b.removesuffix("e")
            out += [b, b + ("es" if b.endswith(("s", "sh", "ch")) else "s"), stem + "ed", stem + "ing"]
        else:
            out.append(w)
    return "|".join(sorted(set(out), key=len, reverse=True))


# verbs of thought, feeling and perception (general English, all persons and tenses)
_INNER = _forms(
    "think thinks thought wonder+ known seen heard forgotten feel feels felt realize+ realise+ know knows knew remember+ wish+ hope+ "
    "fear+ worry worries worried want+ suspect+ sense+ imagine+ suppose+ recall+ muse+ ponder+ notice+ "
    "decide+ understand understands understood believe+ doubt+ regret regrets regretted forget forgets forgot "
    "guess+ consider+ recognize+ recognise+ love+ hate+ miss+ need+ dread+ enjoy+ ache+ "
    "see sees saw hear hears heard smell+ taste+ prefer preferred prefers") \
    + r"|found\s+(?:that|himself|herself|myself|yourself|themselves|he|she|I|you)\b"
# looking is perception too, but also what one character is seen doing from another's head: weaker
_LOOK = _forms("watch+ stare+ glance+ study+ gaze+") + r"|look(?:s|ed|ing)?\s+(?:at|up\s+at|over\s+at|across\s+at)"
_MODAL = (r"(?:could|can|couldn['’]t|can['’]t|could\s+not|cannot|would\s+not|wouldn['’]t)\s+(?:\w+ly\s+)?"
          r"(?:see|hear|feel|smell|taste|tell|help|believe|remember|stop|imagine|think|bear|stand|breathe|read|enjoy)")
_NEG = (r"(?:did|does|do)(?:n['’]t|\s+not)\s+(?:\w+ly\s+)?"
        r"(?:know|care|want|understand|think|remember|like|mind|believe|trust|expect)")
_STATE = (r"(?:was|is|were|are|felt|feels|had\s+been|has\s+been|['’]s|['’]d\s+been)\s+(?:not\s+|so\s+|very\s+|almost\s+|"
          r"suddenly\s+|quite\s+|too\s+|a\s+little\s+|absolutely\s+)?(?:aware|sure|certain|afraid|glad|grateful|relieved"
          r"|sorry|nervous|scared|terrified|embarrassed|ashamed|furious|jealous|annoyed|confused|determined|desperate"
          r"|tempted|uneasy|curious|homesick|lonely|dizzy|exhausted|starving|thirsty)")
_GAP = r"(?:(?:\w+ly|still|only|just|suddenly|already|almost|never|always|really|also|even|barely|hardly|simply|" \
       r"finally|had|has|have|would|will|must|might|may|should|['’]d|['’]ll|could|did|does|do|not|n['’]t|was|is|were)\s+){0,2}"
# a cue's subject: a capitalised word (a name, I, Y/N) or he / she / you (other lower-case words never are),
# not right after a letter, an apostrophe or a slash: (?<![\w'’/])(?P<subj>[A-Z][\w'’/.-]*|he|she|you)
_SUBJ = r"(?P<subj>[A-Zhsy](?<![\w'’/].)(?:(?<=[A-Z])[\w'’/.-]*|(?<=h)e|(?<=s)he|(?<=y)ou))"
_CUE = re.compile(_SUBJ + r"\s+" + _GAP + r"(?P<verb>" + _MODAL + "|" + _NEG + "|" + _STATE
                  + "|" + _INNER + "|" + _LOOK + r")\b")
_BODY_PART = (r"heart|pulse|stomach|chest|throat|gut|breath|ribs?|temples?|skull|head|shoulders?|knees?|legs?|"
              r"hands?|fingers?|face|cheeks?|eyes|mouth|jaw|back|side|spine|skin|lungs?|insides|blood")
_SENSATION = (r"ached|aches|hurt|hurts|throbbed|throbs|burned|burns|stung|stings|twisted|twists|clenched|tightened"
              r"|tightens|pounded|pounds|raced|races|lurched|lurches|sank|sinks|flipped|flips|skipped|skips|swooped"
              r"|thudded|thuds|stuttered|stutters|caught|catches|went\s+(?:dry|hot|cold|tight|numb)|prickled|prickles"
              r"|flushed|flushes|heated|heats|screamed|protested|protests|buzzed|hammered|hammers|trembled|trembles"
              r"|shook|shakes|itched|itches|ran\s+cold|turned\s+over|was\s+(?:pounding|racing|hammering|burning|aching)")
# (?<![\w'’])(?P<subj>[Hh]is|[Hh]er|[Mm]y|[Yy]our|[A-Z][\w-]*['’]s|Y/N['’]s), then a part of the body
_BODY = re.compile(r"(?P<subj>[A-Zhmy](?<![\w'’].)(?:(?<=[Hh])is|(?<=[Hh])er|(?<=[Mm])y|(?<=[Yy])our|(?<=[A-Z])[\w-]*['’]s"
                   r"|(?<=Y)/N['’]s))\s+(?:\w+\s+){0,2}?"
                   r"(?P<verb>(?:" + _BODY_PART + r")\s+(?:\w+\s+)?(?:" + _SENSATION + r")|heart|pulse|stomach)\b")
_QUESTION = re.compile(r"(?P<verb>[A-Z](?<=[.!?…*_\s][A-Z])[^.!?\n\"“”‘’]{6,200}\?)")  # (?<=[.!?…*_\s])[A-Z]...
# Just before a cue's subject, these make it someone else's view of the subject, not the subject's own.
# "whatever he saw must have been enough": a guess at another's mind, not the mind we are in
_OUTSIDE_VIEW = re.compile(r"(?:\bas\s+if|\bas\s+though|\bseemed|\bif|\blike|\bwhatever|\bwhoever)\s+$",
                           re.IGNORECASE)
_THAT = re.compile(r"\bthat\s+$", re.IGNORECASE)
_STATE_RX, _LOOK_RX = re.compile(_STATE), re.compile(_LOOK)
_QUESTION_PRONOUN = re.compile(r"\b(I|you|he|she|my|your|his|her)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.,;:!?…—–\n]")
_VERB_AFTER = re.compile(r"\s+[a-z]")  # a name followed by a lower-case word: a verb, likely
_LIST_AFTER = re.compile(r"\s+(?:and|or|of)\b")  # ... unless it is "Ivy and Tom", "Ivy of the Hills"
_LOOKED_AT = re.compile(r"\s+(?:at\s+)?(?:him|her|me|you|us)\b")
_NOT_NAMES = frozenset(
    ["The", "A", "An", "And", "But", "Then", "So", "Yet", "Or", "If", "When", "While", "As", "Now", "There", "Here", "It", "This", "That", "These", "Those", "What", "Who", "Why", "How", "Nobody", "Everyone", "Everybody", "Someone", "Somebody", "Anyone", "They", "We", "You", "One", "Still", "Only", "Just", "Even", "Maybe", "Perhaps", "Of", "In", "On", "At", "For", "With", "To", "By", "From"]
)
_READER_PLACEHOLDER = re.compile(r"^\W*[YyFf]/[Nn]\W*$")
# a name in subject position: at a clause start, then a verb-like lower-case word (not "'s", not "and")
_CLAUSE_START = re.compile(r"(?:^|[.!?…:;—–\n]\s*|\b(?:and|but|then|while|as|when|because|so|until|before|after)\s+|,\s*)$")
_THIRD = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_MALE = frozenset(("he", "him", "his", "himself"))
_SENTENCE_END = re.compile(r"[.!?…]\s")
_INSET = re.compile(r"\s*[*_]\S(?:.|\n)*[*_]\s*$|\s*[*_]\S[^*_]{40,}$")
CUE_WEIGHT = {"inner": 1.0, "look": 0.5, "state": 0.8, "body": 0.7, "question": 0.7}
SUBJECT_WEIGHT = 0.1  # the grammatical subject of a narration clause: whom the narration follows
NAME_WEIGHT = 0.1
FOCAL_PRIOR = 0.75  # a story focal character of the narration's he/she, per scene (see pov_of)
PARAGRAPH_CAP = 1.5  # one paragraph's cues count this much at most: a scene is held paragraph by paragraph
EMBEDDED = 0.3  # a cue inside another character's cue's sentence
NAMED_ANCHOR = 3.0  # how much more a cue on a name anchors than one on a resolved pronoun
ANCHOR_WINDOW = 6  # paragraphs either side in which a named character's cues make them the focal "he"/"she"  # a name in narration: a tie-break, not evidence of whose head it is


@dataclass(frozen=True, slots=True)
class Cue:
    """Narration reports someone's inner life here. ``owner`` is a character index, or a gender key
    ("m", "f") no known character took, "i" for an unnamed first-person narrator, "you" for a reader
    the cast does not know."""

    start: int
    end: int
    paragraph: int
    owner: int | str
    strength: float
    sure: bool = True  # False: a he/she resolved from the paragraphs around, not from its own paragraph


@dataclass(frozen=True)
class Evidence:
    """Per-paragraph evidence for scenes and POV (arrays indexed by paragraph)."""

    narration: str
    words: np.ndarray  # narration words
    first: np.ndarray
    second: np.ndarray
    he: np.ndarray
    she: np.ndarray
    quoted: np.ndarray  # bool: the paragraph holds a quotation
    cues: tuple[Cue, ...]
    named: tuple[tuple[int, ...], ...]  # characters named in each paragraph's narration
    gender: dict[int, str]  # character -> "m" / "f" (from the cast, else from the text)
    focal: tuple[dict[int | str, float], ...] = ()  # per paragraph: owner -> cue strength
    subjects: tuple[dict[int | str, int], ...] = ()  # per paragraph: owner -> clauses it is the subject of
    reader: int | None = None  # the Reader of a second-person reader insert

    @cached_property
    def cue_paragraphs(self) -> list[int]:
        """The paragraph of each cue, in order: the cues are sorted by position, so by paragraph too."""
        return [c.paragraph for c in self.cues]

    def cues_between(self, lo: int, hi: int) -> tuple[Cue, ...]:
        """The cues of paragraphs [lo, hi), in order: a slice found by bisection (filtering every cue
        of the story for each span or run costs a pass over them all each time)."""
        paras = self.cue_paragraphs
        return self.cues[bisect.bisect_left(paras, lo):bisect.bisect_left(paras, hi)]


def narration_text(text: Text, quotes: Quotes) -> str:
    """The text with every spoken piece replaced by spaces (offsets unchanged)."""
    s = text.text
    parts: list[str] = []
    pos = 0
    for q in quotes:
        for p in q.pieces:
            if p.start < pos:
                continue
            parts.append(s[pos:p.start])
            parts.append(" " * (p.end - p.start))
            pos = p.end
    parts.append(s[pos:])
    return "".join(parts)


def gender_of(cast: Cast) -> dict[int, str]:
    out = {}
    for c in cast.characters:
        p = (c.pronouns or "").lower()
        if p.startswith("she"):
            out[c.index] = "f"
        elif p.startswith("he"):
            out[c.index] = "m"
    return out


def reader_of(cast: Cast) -> int | None:
    """The Reader: ``Cast.reader``, else a character going by a reader placeholder (Y/N)."""
    if cast.reader is not None:
        return cast.reader
    for c in cast.characters:
        if any(_READER_PLACEHOLDER.match(a) for a in (c.name, *c.aliases)):
            return c.index
    return None


@dataclass
class _Names:
    """Name hits in the narration: (start, end, character, in subject position), sorted by start."""

    hits: list[tuple[int, int, int, bool]] = field(default_factory=list)
    by_end: dict[int, int] = field(default_factory=dict)

    @property
    def starts(self) -> list[int]:
        return [h[0] for h in self.hits]


_TITLES = frozenset(("Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Sir", "Lady", "Lord", "Master",
                     "Mistress", "Madame", "Aunt", "Uncle", "Captain", "Sergeant", "Professor", "The", "the"))


def _name_parts(cast: Cast) -> dict[str, int]:
    """The words of characters' multi-word names that only one character's names contain ("Dean" of
    "Joss Calder" when no other character has it): a fuller name's parts are used alone."""
    seen: dict[str, set[int]] = {}
    for c in cast.characters:
        for a in (c.name, *c.aliases):
            for w in a.split():
                if len(w) >= 3 and w[:1].isupper() and w not in _TITLES and w not in _NOT_NAMES:
                    seen.setdefault(w, set()).add(c.index)
    return {w: next(iter(ids)) for w, ids in seen.items() if len(ids) == 1}


_AFTER_NAME = re.compile(r"(?![\w’]|'\w)")  # a name ends here: not inside a word, not a possessive


def _alias_hits(narration: str, owner: dict[str, int], lo: int, hi: int) -> list[tuple[int, int, int, int]]:
    """(start, 1, end, character) for every alias of ``owner`` in ``narration[lo:hi]`` standing as
    whole words, leftmost first and the longest alias at a place, without overlaps. One scan of the
    words that start with a letter some alias starts with, each looked up by its first word: the
    same hits as one alternation of every alias, in a fraction of the time."""
    by_word: dict[str, list[str]] = {}
    for a in sorted(owner, key=len, reverse=True):
        by_word.setdefault(re.match(r"\w*", a).group(), []).append(a)
    initials = {a[0] for a in owner}
    if not initials:
        return []
    first = "[" + "".join(re.escape(c) for c in sorted(initials)) + "]"
    words = re.compile(first + r"(?<![\w'’].)\w*")  # (?<![\w'’])[initials]\w*, opening with the letter
    out: list[tuple[int, int, int, int]] = []
    last = lo
    for m in words.finditer(narration, lo, hi):
        s = m.start()
        if s < last:
            continue
        for a in by_word.get(m.group(), ()):
            e = s + len(a)
            if e <= hi and narration.startswith(a, s) and (e == hi or _AFTER_NAME.match(narration, e)):
                out.append((s, 1, e, owner[a]))
                last = e
                break
    return out


# "Marcus's been", "Ivy's never": the 's of "has" / "is" before an auxiliary's companion, not a possessive
_HAS_CONTRACTED = re.compile(r"['’]s\s+(?:been|got|gotten|never|always|not|just|already|still|gonna|going|done|had)\b")


def find_names(narration: str, cast: Cast, lo: int, hi: int) -> _Names:
    """Every alias of every character (and every cast name mention) in the narration; where two
    overlap, the cast's mention, then the longer alias, wins."""
    cands: list[tuple[int, int, int, int]] = []  # start, priority, end, character
    for m in cast.mentions:
        if m.kind not in ("pronoun", "narrator", "vocative") and narration[m.start:m.start + 1] not in ("", " "):
            cands.append((m.start, 0, m.end, m.character))
    owner: dict[str, int | None] = {}
    for c in cast.characters:
        for a in (c.name, *c.aliases):
            if len(a) >= 2 and a[:1].isupper():
                owner[a] = c.index if owner.get(a, c.index) == c.index else None  # shared: nobody's
    for a, i in _name_parts(cast).items():
        owner.setdefault(a, i)
    cands.extend(_alias_hits(narration, {a: i for a, i in owner.items() if i is not None}, lo, hi))
    out = _Names()
    for s, _, e, ch in sorted(cands):
        if out.hits and s < out.hits[-1][1]:
            continue
        after = narration[e:e + 16]
        subject = bool(_CLAUSE_START.search(narration[max(lo, s - 12):s])) \
            and ((bool(_VERB_AFTER.match(after)) and not _LIST_AFTER.match(after))
                 or bool(_HAS_CONTRACTED.match(after)))
        out.hits.append((s, e, ch, subject))
        out.by_end[e] = ch
    return out


def infer_genders(narration: str, names: _Names, cast: Cast) -> dict[int, str]:
    """He/she per character: from the cast's pronouns, else (for a character the cast gave none) the
    he/she pronouns that follow their name in the same sentence, before any other name (at least two,
    three in four agreeing)."""
    known = gender_of(cast)
    # the narrator is "I" and the Reader "you": a he/she after their name is someone else
    given = {c.index for c in cast.characters if c.pronouns} | {cast.narrator, reader_of(cast)} - {None}
    votes: dict[int, Counter] = {}
    starts = names.starts
    for k, (s, e, ch, _) in enumerate(names.hits):
        if ch in given:
            continue
        stop = starts[k + 1] if k + 1 < len(starts) else e + 200
        end = _SENTENCE_END.search(narration, e, min(stop, e + 200))
        m = _THIRD.search(narration, e, end.start() if end else min(stop, e + 200))
        if m:
            votes.setdefault(ch, Counter())["m" if m.group(1).lower() in _MALE else "f"] += 1
    out = dict(known)
    for ch, v in votes.items():
        (g, k), total = v.most_common(1)[0], sum(v.values())
        if k >= 2 and k >= 0.75 * total:
            out[ch] = g
    return out


_SUBJECT_PRONOUNS = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}


def _resolver(names: _Names, gender: dict[int, str], cast: Cast, reader: int | None, para_starts: list[int],
              anchor: list[dict[str, int]] | None = None, lookback: int = 3, narration: str = "",
              seg: np.ndarray | None = None):
    """A function (word, offset, paragraph) -> owner of a subject or possessive word. A he/she goes to
    the last character of that gender named as a subject earlier in the same paragraph, else to the
    focal character of that gender around the paragraph (``anchor``, when given), else to the last
    one named as a subject in the paragraphs just before, else to the last one named there at all,
    else to the story's leading focal character of that gender."""
    pron_by_start = {m.start: m.character for m in cast.mentions if m.kind == "pronoun"}
    starts = names.starts
    narrator = cast.narrator

    def resolve(word: str, at: int, para: int) -> int | str | None:
        low = word.lower()
        if low in ("i", "my", "me"):
            return narrator if narrator is not None else "i"
        if low in ("you", "your"):
            return reader if reader is not None else "you"
        g = _SUBJECT_PRONOUNS.get(low)
        if g is None:
            if low.endswith(("'s", "’s")):
                return names.by_end.get(at + len(word) - 2)
            return names.by_end.get(at + len(word))
        # "he sat Odo down": a he/she is not a character its own clause goes on to name
        k = bisect.bisect_right(starts, at)
        clause = _CLAUSE_END.search(narration, at, at + 80) if narration else None
        stop = clause.start() if clause else at + 80 if narration else at
        later = set()
        while k < len(starts) and starts[k] < stop:
            later.add(names.hits[k][2])
            k += 1
        if at in pron_by_start and pron_by_start[at] not in later:
            return pron_by_start[at]
        limit = para_starts[max(0, para - lookback, int(seg[para]) if seg is not None else 0)]
        here = para_starts[para]
        k = bisect.bisect_left(starts, at) - 1
        recent: int | None = None  # the last of that gender named as a subject before
        fallback: int | None = None  # the last of that gender named at all before
        while k >= 0 and names.hits[k][0] >= limit:
            s, _, ch, subject = names.hits[k]
            if gender.get(ch) == g and ch != reader and ch not in later:
                if subject and s >= here:
                    return ch  # named as a subject earlier in this paragraph
                if subject and recent is None:
                    recent = ch
                if fallback is None:
                    fallback = ch
            k -= 1
        unsure.add(at)  # resolved from the surroundings, not from this paragraph
        if anchor is not None and g in anchor[para] and anchor[para][g] not in later:
            return anchor[para][g]
        if recent is not None or fallback is not None:
            return recent if recent is not None else fallback
        story_lead = anchor[-1].get(g, g) if anchor else g
        return g if story_lead in later else story_lead

    unsure: set[int] = set()
    resolve.unsure = unsure  # type: ignore[attr-defined]
    return resolve


@dataclass(frozen=True, slots=True)
class _Found:
    """An inner-life cue as matched, before its owner is resolved: the subject word and where it
    stands; ``kind`` "clause" (a subject and its verb), "body" or "question"."""

    start: int
    end: int
    paragraph: int
    subject: str | None  # None: a question with no pronoun
    at: int
    weight: float
    kind: str


def _find_cues(narration: str, para_starts: list[int], lo: int, hi: int) -> list[_Found]:
    """Every inner-life cue of the narration, matched once (owners are resolved by ``_cues``)."""
    out: list[_Found] = []

    def para_of(pos: int) -> int:
        return bisect.bisect_right(para_starts, pos) - 1

    for m in _CUE.finditer(narration, lo, hi):
        subj = m.group("subj")
        before = narration[max(lo, m.start() - 14):m.start()]
        if _OUTSIDE_VIEW.search(before):
            continue  # "looked as if he felt it": seen from outside
        verb = m.group("verb")
        if verb == "supposed" and narration.startswith(" to ", m.end()):
            continue  # "was he supposed to": not supposing
        kind = "state" if _STATE_RX.match(verb) else "look" if _LOOK_RX.fullmatch(verb) else "inner"
        if kind == "look" and subj not in ("I", "he", "He", "she", "She", "you", "You") \
                and _LOOKED_AT.match(narration, m.end()):
            continue  # "Fenn was watching him": the one watched is whose eyes we are behind, not Fenn
        weight = CUE_WEIGHT[kind] * (0.5 if _THAT.search(narration[max(lo, m.start() - 6):m.start()]) else 1.0)
        out.append(_Found(m.start(), m.end(), para_of(m.start()), subj, m.start("subj"), weight, "clause"))
    for m in _BODY.finditer(narration, lo, hi):
        out.append(_Found(m.start(), m.end(), para_of(m.start()), m.group("subj"), m.start("subj"),
                          CUE_WEIGHT["body"], "body"))
    for m in _QUESTION.finditer(narration, lo, hi):
        pr = _QUESTION_PRONOUN.search(m.group("verb"))
        out.append(_Found(m.start(), m.end(), para_of(m.start()), pr.group(1) if pr else None,
                          m.start() + pr.start(1) if pr else m.start(), CUE_WEIGHT["question"], "question"))
    return out


def _cues(narration: str, found: list[_Found], resolve) -> list[Cue]:
    """The cues of ``found`` with their owner resolved (unowned ones dropped); a cue inside the
    sentence of another character's cue counts ``EMBEDDED``."""
    out: list[Cue] = []
    last: Cue | None = None  # the last clause cue kept
    for f in found:
        if f.subject is None:
            out.append(Cue(f.start, f.end, f.paragraph, "?", f.weight, True))
            continue
        owner = resolve(f.subject, f.at, f.paragraph)
        weight = f.weight
        if f.kind == "clause" and last is not None and last.paragraph == f.paragraph and last.owner != owner \
                and not _SENTENCE_END.search(narration, last.end, f.start):
            weight *= EMBEDDED  # "he wondered how long Fenn had known": his thought about another's mind
        if owner is not None:
            cue = Cue(f.start, f.end, f.paragraph, owner, weight, f.at not in resolve.unsure)
            out.append(cue)
            if f.kind == "clause":
                last = cue
    out.sort(key=lambda c: c.start)
    return out


# he, she and I are subjects wherever they stand (a lower-case word or a contraction follows); "you"
# when a clause starts at it (after clause punctuation or a conjunction) or a contraction follows
# (?<![\w'’])(I|[Hh]e|[Ss]he|[Yy]ou), then a lower-case word or a contraction
_SUBJECT_WORD = re.compile(r"([IHhSsYy](?<![\w'’].)(?:(?<=I)|(?<=[Hh])e|(?<=[Ss])he|(?<=[Yy])ou))"
                           r"(?:(?=\s+[a-z])|['’](d|ll|s|m|ve|re)\b)")
_CONTRACTED = {"you": frozenset(("re", "ve", "d", "ll")), "other": frozenset(("d", "ll", "s", "m", "ve"))}
_CLAUSE_PUNCT = frozenset(".!?…:;—–,*_")
_CLAUSE_WORDS = frozenset(("and", "but", "or", "so", "then", "when", "while", "as", "because", "if", "until", "before",
                           "after", "since", "that", "why", "what", "how", "where", "who", "which", "once", "though",
                           "although", "unless", "now"))
_LAST_WORD = re.compile(r"\w+$")


def _opens_clause(narration: str, at: int) -> bool:
    """A clause starts at ``at``: the text start, clause punctuation, or a conjunction before it."""
    k = at
    while k > 0 and narration[k - 1].isspace():
        k -= 1
    if k == 0 or narration[k - 1] in _CLAUSE_PUNCT:
        return True
    w = _LAST_WORD.search(narration, max(0, k - 12), k) if k < at else None
    return w is not None and w.group() in _CLAUSE_WORDS


def _subject_words(narration: str, lo: int, hi: int):
    """(word, offset) of every I / he / she / you standing as the subject of a narration clause."""
    for m in _SUBJECT_WORD.finditer(narration, lo, hi):
        word, contraction = m.group(1), m.group(2)
        you = word in ("you", "You")
        if contraction is not None:
            if contraction in _CONTRACTED["you" if you else "other"]:
                yield word, m.start()
        elif not you or _opens_clause(narration, m.start()):
            yield word, m.start()


def _subjects(narration: str, names: _Names, resolve, para_starts: list[int], n: int, lo: int, hi: int
              ) -> tuple[dict[int | str, int], ...]:
    """Per paragraph: owner -> narration clauses whose subject is that character (a name in subject
    position, or a subject pronoun resolved)."""
    out: list[dict[int | str, int]] = [{} for _ in range(n)]  # plain dicts: a Counter per paragraph costs more
    for s, _, ch, subject in names.hits:
        if subject:
            d = out[bisect.bisect_right(para_starts, s) - 1]
            d[ch] = d.get(ch, 0) + 1
    for word, at in _subject_words(narration, lo, hi):
        p = bisect.bisect_right(para_starts, at) - 1
        o = resolve(word, at, p)
        if o is not None:
            out[p][o] = out[p].get(o, 0) + 1
    return tuple(out)


def _anchors(cues: list[Cue], names: _Names, gender: dict[int, str], n: int, window: int = ANCHOR_WINDOW,
             seg: np.ndarray | None = None) -> list[dict[str, int]]:
    """Per paragraph: gender key -> the character of that gender owning the most inner-life cues within
    ``window`` paragraphs either side (the focal "he" or "she" there); cues on a name count
    ``NAMED_ANCHOR`` times, looking not at all."""
    named_at = {h[0] for h in names.hits}
    chars = sorted({c.owner for c in cues if isinstance(c.owner, int)})
    if not chars:
        return [{} for _ in range(n + 1)]
    col = {ch: j for j, ch in enumerate(chars)}
    per = np.zeros((n, len(chars)))
    for c in cues:
        # a cue on a name is surer than one on a pronoun resolved by recency; looking at something is
        # also what the focal character sees the others do, so it does not anchor anyone
        if isinstance(c.owner, int) and c.strength > CUE_WEIGHT["look"] and c.sure:
            per[c.paragraph, col[c.owner]] += c.strength * (NAMED_ANCHOR if c.start in named_at else 1.0)
    csum = np.vstack([np.zeros((1, len(chars))), np.cumsum(per, axis=0)])
    idx = np.arange(n)
    start = np.maximum(idx - window, 0 if seg is None else seg)  # never across a marked scene start
    end = np.minimum(idx + window + 1, n)
    if seg is not None:
        nxt = np.full(n, n, dtype=np.int64)  # the next marked scene start after each paragraph
        bs = np.flatnonzero(np.diff(seg)) + 1
        for b in bs[::-1]:
            nxt[:b] = b
        end = np.minimum(end, nxt)
    win = csum[end] - csum[start]
    out: list[dict[str, int]] = []
    for row in (*win, csum[-1]):
        d: dict[str, int] = {}
        for j in np.argsort(-row):
            if row[j] <= 0:
                break
            g = gender.get(chars[j])
            if g and g not in d:
                d[g] = chars[j]
        out.append(d)
    return out  # one more entry at the end: the leaders over the whole story


def _focal(cues: list[Cue], n: int) -> tuple[dict[int | str, float], ...]:
    """Per paragraph: owner -> cue strength; a question with no pronoun goes to the paragraph's (else
    the previous paragraph's) leading owner."""
    # plain dicts, not a Counter per paragraph (most paragraphs have no cue); max() keeps the first of
    # equals, as Counter.most_common(1) does
    focal: list[dict[int | str, float]] = [{} for _ in range(n)]
    loose: list[list[Cue]] = [[] for _ in range(n)]
    for c in cues:
        if c.owner == "?":
            loose[c.paragraph].append(c)
        else:
            f = focal[c.paragraph]
            f[c.owner] = f.get(c.owner, 0) + c.strength
    last: int | str | None = None
    for p in range(n):
        f = focal[p]
        if f:
            last = max(f, key=f.__getitem__)
        if loose[p] and last is not None:
            f[last] = f.get(last, 0) + sum(c.strength for c in loose[p])
    return tuple(focal)


def evidence(text: Text, quotes: Quotes, cast: Cast, breaks: tuple[int, ...] = ()) -> Evidence:
    """Per-paragraph pronoun counts, name mentions and inner-life cues of the narration. ``breaks``:
    paragraphs where a marked scene starts (chapters, break lines): a he/she is never resolved
    across one, neither to the last one named nor to the focal character around."""
    paras = text.paragraphs
    n = len(paras)
    narration = narration_text(text, quotes)
    reader = reader_of(cast)
    if n == 0:
        z = np.zeros(0, dtype=np.int32)
        return Evidence(narration, z, z, z, z, z, np.zeros(0, dtype=bool), (), (), gender_of(cast), reader=reader)
    para_starts = [p.start for p in paras]
    starts = np.asarray(para_starts, dtype=np.int64)
    lo, hi = paras[0].start, paras[-1].end
    words = np.fromiter((len(narration[p.start:p.end].split()) for p in paras), dtype=np.int32, count=n)
    found = [(m.start(), m.lastindex) for m in _PRONOUNS.finditer(narration.lower(), lo, hi)]
    counts = np.zeros((5, n), dtype=np.int32)
    if found:
        pos, group = (np.asarray(x, dtype=np.int64) for x in zip(*found))
        np.add.at(counts, (group, np.searchsorted(starts, pos, side="right") - 1), 1)
    quoted = np.zeros(n, dtype=bool)
    for q in quotes:
        quoted[q.paragraph : q.last_paragraph + 1] = True
    # a paragraph set wholly in emphasis (*...*, _..._) is a letter, a message, a remembered voice:
    # its "I" and "you" are someone else's, and it says nothing about the narration's person
    inset = np.fromiter((bool(_INSET.match(narration, p.start, p.end)) for p in paras), dtype=bool, count=n)
    words[inset] = 0
    counts[:, inset] = 0
    names = find_names(narration, cast, lo, hi)
    named: list[list[int]] = [[] for _ in range(n)]
    for s, _, ch, _ in names.hits:
        p = bisect.bisect_right(para_starts, s) - 1
        if p >= 0 and s < paras[p].end:
            named[p].append(ch)
    gender = infer_genders(narration, names, cast)
    seg = np.zeros(n, dtype=np.int64)  # per paragraph: the first paragraph of its marked scene
    for b in sorted(b for b in breaks if 0 < b < n):
        seg[b:] = b
    resolve = _resolver(names, gender, cast, reader, para_starts, narration=narration, seg=seg)
    found = [f for f in _find_cues(narration, para_starts, lo, hi) if not inset[f.paragraph]]
    anchor = _anchors(_cues(narration, found, resolve), names, gender, n, seg=seg)
    resolve = _resolver(names, gender, cast, reader, para_starts, anchor, narration=narration, seg=seg)
    cues = _cues(narration, found, resolve)
    return Evidence(narration, words, counts[1], counts[2], counts[3], counts[4], quoted,
                    tuple(c for c in cues if c.owner != "?"), tuple(tuple(x) for x in named), gender,
                    focal=_focal(cues, n), reader=reader,
                    subjects=_subjects(narration, names, resolve, para_starts, n, lo, hi))


def person(ev: Evidence, lo: int, hi: int, default: str = "third") -> tuple[str, float]:
    """Narrative person of paragraphs [lo, hi) from pronoun rates in narration, with a confidence."""
    words = int(ev.words[lo:hi].sum())
    n1 = int(ev.first[lo:hi].sum())
    n2 = int(ev.second[lo:hi].sum())
    n3 = int(ev.he[lo:hi].sum() + ev.she[lo:hi].sum())
    if words < 40 and n1 + n2 + n3 < 4:
        return default, 0.4
    r1, r2 = n1 / max(words, 1), n2 / max(words, 1)
    if r2 >= 0.012 and n2 > n1 and n2 >= 2 and 4 * n2 >= n3:
        # a "you" that is the narration's own: a scene told through a "he" who meets the Reader
        # says "you" now and then, but "he" many times more
        return "second", min(0.99, 0.5 + 10 * r2)
    if r1 >= 0.012 and n1 >= 2:
        return "first", min(0.99, 0.5 + 10 * r1)
    if default == "first" and n1 >= 1 and r1 >= 0.004:
        return "first", 0.6  # a first-person story's narrator, quiet in a scene of dialogue
    return "third", min(0.99, 0.5 + 5 * n3 / max(words, 1) + (0.3 if n1 + n2 == 0 else 0.0))


def _named_counts(ev: Evidence, lo: int, hi: int) -> Counter[int]:
    """Character -> name mentions in the narration of paragraphs [lo, hi), counted in one pass (one
    Counter.update per paragraph cost more than the counting: most paragraphs name no one)."""
    return Counter(itertools.chain.from_iterable(ev.named[p] for p in range(lo, hi)))


def resolve_genders(ev: Evidence, lo: int, hi: int) -> dict[str, int]:
    """Gender key -> the most-named character of that gender in paragraphs [lo, hi)."""
    counts: Counter[int] = _named_counts(ev, lo, hi)
    out: dict[str, int] = {}
    for ch, _ in counts.most_common():
        g = ev.gender.get(ch)
        if g and g not in out:
            out[g] = ch
    if counts and not ev.gender:
        top = counts.most_common(1)[0][0]
        out.setdefault("m", top)
        out.setdefault("f", top)
    return out


def owners(ev: Evidence, cues, genders: dict[str, int], keep_unknown: bool = False) -> list[tuple[Cue, int | str]]:
    """Cues with their owner as a character index. A cue left with a gender key ("she wondered" where
    no character of that gender was named just before) goes to the most-named character of that gender
    in ``genders``, or with ``keep_unknown`` keeps its key: "she" and "he" are still two heads."""
    out = []
    for c in cues:
        o = c.owner if isinstance(c.owner, int) else genders.get(c.owner)
        if o is None and keep_unknown and c.owner in ("m", "f"):
            o = c.owner
        if o is not None:
            out.append((c, o))
    return out


def scores(ev: Evidence, lo: int, hi: int, person_: str = "third") -> Counter:
    """Owner -> evidence of being the focal character of paragraphs [lo, hi): cue strength (at most
    ``PARAGRAPH_CAP`` a paragraph), a small weight per clause the character is the subject of, and a
    smaller one per name mention in narration. In a second-person span only "you" counts as a
    subject: "he" there is whom the Reader watches."""
    score: Counter = Counter()
    you = ev.reader if ev.reader is not None else "you"
    genders = resolve_genders(ev, lo, hi)
    for p in range(lo, min(hi, len(ev.focal))):
        for o, v in ev.focal[p].items():
            if isinstance(o, str) and o in genders:
                o = genders[o]
            score[o] += min(v, PARAGRAPH_CAP)
        for o, k in (ev.subjects[p] if p < len(ev.subjects) else {}).items():
            if (o == you) != (person_ == "second"):
                continue
            if isinstance(o, str) and o in genders:
                o = genders[o]
            score[o] += SUBJECT_WEIGHT * k
    for ch, k in _named_counts(ev, lo, hi).items():
        score[ch] += NAME_WEIGHT * min(k, 10)
    return score


def pov_of(ev: Evidence, lo: int, hi: int, cues, narrator: int | None, person_: str,
           focal: tuple[int, ...] = (), prior: float | None = None
           ) -> tuple[int | None, float, dict[int | str, float]]:
    """The POV character of paragraphs [lo, hi): (character, confidence, score per owner). ``cues`` is
    kept for callers; the evidence is ``ev.focal``. In third person, each of the story's ``focal``
    characters whose gender is the one the span's narration says he/she of most gets ``prior``
    (default ``FOCAL_PRIOR``): a scene with few cues is still told through one of the story's
    focal characters, the unnamed "she" of a family scene, not whoever is named most."""
    if person_ == "first":
        return narrator, (0.9 if narrator is not None else 0.0), {}
    score = scores(ev, lo, hi, person_)
    if person_ == "third" and focal:
        he, she = int(ev.he[lo:hi].sum()), int(ev.she[lo:hi].sum())
        g = "m" if he > she else "f" if she > he else None
        for o in focal:
            if g is not None and ev.gender.get(o) == g:
                score[o] += FOCAL_PRIOR if prior is None else prior
    if person_ == "second" and ev.reader is not None:
        score[ev.reader] += 0.5  # the reader insert is told through the Reader unless cues say otherwise
    if not score:
        return None, 0.0, {}
    ranked = score.most_common(2)
    top, s1 = ranked[0]
    s2 = ranked[1][1] if len(ranked) > 1 else 0.0
    if isinstance(top, str):
        return None, 0.0, dict(score)  # the narration is in the head of someone the cast does not know
    conf = (s1 / (s1 + s2) if s1 + s2 else 0.0) * min(1.0, 0.5 + 0.1 * s1)
    return top, round(min(conf, 0.99), 3), dict(score)


def hops(ev: Evidence, lo: int, hi: int, focal: int, min_strength: float = 2.0) -> list[tuple[int, int, Cue]]:
    """Head-hopping inside paragraphs [lo, hi) told through ``focal``: runs of paragraphs where another
    character's cues outweigh the focal character's, at least ``min_strength`` in all. One
    (other character, paragraph, first strong cue) per run."""
    out: list[tuple[int, int, Cue]] = []
    genders = resolve_genders(ev, lo, hi)
    p = lo
    while p < hi:
        f = ev.focal[p] if p < len(ev.focal) else {}
        other = max((o for o in f if o != focal and isinstance(o, int)), key=lambda o: f[o], default=None)
        if other is None or f[other] <= f.get(focal, 0.0):
            p += 1
            continue
        q, total = p, 0.0
        while q < hi and q < len(ev.focal) and ev.focal[q].get(other, 0.0) > ev.focal[q].get(focal, 0.0):
            total += ev.focal[q][other]
            q += 1
        if total >= min_strength:
            mine = [c for c in ev.cues_between(p, q)
                    if (c.owner if isinstance(c.owner, int) else genders.get(c.owner)) == other]
            strong = [c for c in mine if c.strength >= 1.0] or mine
            if strong:
                out.append((other, p, strong[0]))
        p = max(q, p + 1)
    return out


def emission(ev: Evidence, states: list, person_: str = "third") -> np.ndarray:
    """Per paragraph and focal character in ``states``: the evidence that the paragraph is told through
    them, counting a he/she cue resolved only from the paragraphs around for every focal character of
    that gender (it says "a man's head", not whose), capped at ``PARAGRAPH_CAP`` per paragraph."""
    n = len(ev.focal)
    col = {o: j for j, o in enumerate(states)}
    out = np.zeros((n, len(states)))
    for c in ev.cues:
        if c.sure:
            if c.owner in col:
                out[c.paragraph, col[c.owner]] += c.strength
            continue
        g = ev.gender.get(c.owner) if isinstance(c.owner, int) else c.owner
        for o, j in col.items():
            if o == g or (isinstance(o, int) and ev.gender.get(o) == g):
                out[c.paragraph, j] += c.strength  # a he/she the cast has no one for is a head too
    you = ev.reader if ev.reader is not None else "you"
    for p in range(min(n, len(ev.subjects))):
        for o, k in ev.subjects[p].items():
            if o in col and (o == you) == (person_ == "second"):
                out[p, col[o]] += SUBJECT_WEIGHT * k
    return np.minimum(out, PARAGRAPH_CAP)

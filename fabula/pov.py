"""Point of view, used by the scene stage: narrative person and whose head the narration is in.

Reads: Text, Quotes, Cast (mentions, pronouns, narrator). Gives the scene stage per-paragraph evidence:

* ``Narration``: the story text with every spoken piece blanked out, so that pronouns and cues are
  counted in narration only ("I" inside a quotation says nothing about the narrator);
* pronoun counts per paragraph (first / second / third person, he / she), from which a span's
  narrative person is read (``person``);
* ``Cue``s: places where the narration reports someone's inner life, "she thought", "Marcus
  wondered", "he could feel", "her heart", "Ivy's stomach". The POV character of a scene is the one
  whose thoughts, perceptions and feelings the narration reports, so the cue owners decide it
  (``pov_of``), with name mentions in narration as the fallback (the "most-mentioned character"
  baseline).

A pronoun subject ("she wondered") is resolved through the cast's pronoun mentions when the cast
stage gives them, otherwise to the most-named character of that gender in the span being judged.
Everything is regex passes over the whole text and numpy counting; no per-token Python objects.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from fabula.model import Cast, Quotes, Text

# ------------------------------------------------------------------ narrative person

# one pass over the lower-cased narration; groups: 1 first person, 2 second, 3 he, 4 she
_PRONOUNS = re.compile(r"\b(?:(i|me|my|mine|myself)|(you|your|yours|yourself|yourselves)|(he|him|his|himself)"
                       r"|(she|her|hers|herself))\b")

# ------------------------------------------------------------------ inner-life cues

_INNER_VERBS = (
    r"thought|wondered|felt|realized|realised|knew|remembered|wished|hoped|feared|worried|wanted"
    r"|suspected|sensed|imagined|supposed|recalled|mused|pondered|noticed|decided|understood"
    r"|could(?:n['’]t| not)?\s+(?:see|hear|feel|smell|taste|tell|help|believe|remember|stop)"
    r"|did(?:n['’]t| not)\s+(?:know|care|want|understand|think|remember)|had\s+(?:never\s+)?(?:thought|felt|known)"
)
_SUBJECT = r"\b(?P<subj>I|[Hh]e|[Ss]he|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)"
_CUE = re.compile(
    _SUBJECT + r"\s+(?:(?:\w+ly|still|only|just|suddenly|already|almost|never|always)\s+)?"
    r"(?P<verb>" + _INNER_VERBS + r")\b"
)
_BODY = re.compile(
    r"\b(?P<subj>[Hh]is|[Hh]er|[Mm]y|[A-Z][\w-]*['’]s)\s+"
    r"(?:(?:own|heart|breath)\s+)?(?P<verb>heart|pulse|stomach|chest|throat|mind|thoughts|breath\s+caught|gut)\b"
)
# Just before a cue's subject, these make it someone else's view of the subject, not the subject's own.
_OUTSIDE_VIEW = re.compile(r"(?:\bas\s+if|\bas\s+though|\bseemed|\bif)\s+$", re.IGNORECASE)
_THAT = re.compile(r"\bthat\s+$", re.IGNORECASE)
_NOT_NAMES = frozenset(
    ["The", "A", "An", "And", "But", "Then", "So", "Yet", "Or", "If", "When", "While", "As", "Now", "There", "Here", "It", "This", "That", "These", "Those", "What", "Who", "Why", "How", "Nobody", "Everyone", "Everybody", "Someone", "Somebody", "Anyone", "They", "We", "You", "One", "Still", "Only", "Just", "Even", "Maybe", "Perhaps", "Of", "In", "On", "At", "For", "With", "To", "By", "From"]
)


@dataclass(frozen=True, slots=True)
class Cue:
    """Narration reports someone's inner life here. ``owner`` is a character index, or a gender key
    ("m", "f") to be resolved in context, or "i" for an unnamed first-person narrator."""

    start: int
    end: int
    paragraph: int
    owner: int | str
    strength: float


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
    gender: dict[int, str]  # character -> "m" / "f"


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


def evidence(text: Text, quotes: Quotes, cast: Cast) -> Evidence:
    paras = text.paragraphs
    n = len(paras)
    narration = narration_text(text, quotes)
    if n == 0:
        z = np.zeros(0, dtype=np.int32)
        return Evidence(narration, z, z, z, z, z, np.zeros(0, dtype=bool), (), (), gender_of(cast))
    starts = np.fromiter((p.start for p in paras), dtype=np.int64, count=n)
    lo, hi = paras[0].start, paras[-1].end
    words = np.fromiter((len(narration[p.start:p.end].split()) for p in paras), dtype=np.int32, count=n)
    low = narration.lower()
    found = [(m.start(), m.lastindex) for m in _PRONOUNS.finditer(low, lo, hi)]
    counts = np.zeros((5, n), dtype=np.int32)
    if found:
        pos, group = (np.asarray(x, dtype=np.int64) for x in zip(*found))
        para = np.searchsorted(starts, pos, side="right") - 1
        np.add.at(counts, (group, para), 1)
    first, second, he, she = counts[1], counts[2], counts[3], counts[4]
    quoted = np.zeros(n, dtype=bool)
    for q in quotes:
        quoted[q.paragraph : q.last_paragraph + 1] = True

    # mentions: by end offset (names before a verb) and by start (pronoun subjects)
    name_by_end: dict[int, int] = {}
    pron_by_start: dict[int, int] = {}
    named: list[list[int]] = [[] for _ in range(n)]
    m_starts = []
    m_chars = []
    for m in cast.mentions:
        if m.kind == "pronoun":
            pron_by_start[m.start] = m.character
        elif m.kind != "narrator":
            name_by_end[m.end] = m.character
            if m.kind != "vocative":
                m_starts.append(m.start)
                m_chars.append(m.character)
    if m_starts:
        ms = np.asarray(m_starts, dtype=np.int64)
        pi = np.searchsorted(starts, ms, side="right") - 1
        for p, pos, ch in zip(pi.tolist(), m_starts, m_chars):
            # a name inside a quotation says the character is talked about, not present
            if p >= 0 and pos < paras[p].end and narration[pos] != " ":
                named[p].append(ch)

    narrator = cast.narrator
    alias_cache: dict[str, int | None] = {}

    def owner_of(subj: str, start: int, end: int) -> int | str | None:
        if subj in ("I", "My", "my"):
            return narrator if narrator is not None else "i"
        low = subj.lower()
        if low in ("he", "his"):
            return pron_by_start.get(start, "m")
        if low in ("she", "her"):
            return pron_by_start.get(start, "f")
        if subj.endswith(("'s", "’s")):
            subj = subj[:-2]
            end -= 2
        if end in name_by_end:
            return name_by_end[end]
        last = subj.split()[-1]
        if last in _NOT_NAMES or subj.split()[0] in _NOT_NAMES and len(subj.split()) == 1:
            return None
        if subj not in alias_cache:
            c = cast.alias_of(subj) or cast.alias_of(last)
            alias_cache[subj] = c.index if c else None
        return alias_cache[subj]

    cues: list[Cue] = []
    for pattern, strength in ((_CUE, 1.0), (_BODY, 0.6)):
        for m in pattern.finditer(narration, lo, hi):
            subj = m.group("subj")
            weight = strength
            if pattern is _CUE:
                if _OUTSIDE_VIEW.search(narration, max(lo, m.start() - 14), m.start()):
                    continue  # "looked as if he felt it": seen from outside
                if _THAT.search(narration, max(lo, m.start() - 6), m.start()):
                    weight = 0.5  # "sure that he knew": may be someone else's guess about him
            owner = owner_of(subj, m.start("subj"), m.end("subj"))
            if owner is None:
                continue
            p = int(np.searchsorted(starts, m.start(), side="right")) - 1
            cues.append(Cue(m.start(), m.end(), p, owner, weight))
    cues.sort(key=lambda c: c.start)
    return Evidence(narration, words, first, second, he, she, quoted, tuple(cues),
                    tuple(tuple(x) for x in named), gender_of(cast))


def person(ev: Evidence, lo: int, hi: int, default: str = "third") -> tuple[str, float]:
    """Narrative person of paragraphs [lo, hi) from pronoun rates in narration, with a confidence."""
    words = int(ev.words[lo:hi].sum())
    n1 = int(ev.first[lo:hi].sum())
    n2 = int(ev.second[lo:hi].sum())
    n3 = int(ev.he[lo:hi].sum() + ev.she[lo:hi].sum())
    if words < 40 and n1 + n2 + n3 < 4:
        return default, 0.4
    r1, r2 = n1 / max(words, 1), n2 / max(words, 1)
    if r2 >= 0.012 and n2 > n1 and n2 >= 2:
        return "second", min(0.99, 0.5 + 10 * r2)
    if r1 >= 0.012 and n1 >= 2:
        return "first", min(0.99, 0.5 + 10 * r1)
    if default == "first" and n1 >= 1 and r1 >= 0.004:
        return "first", 0.6  # a first-person story's narrator, quiet in a scene of dialogue
    return "third", min(0.99, 0.5 + 5 * n3 / max(words, 1) + (0.3 if n1 + n2 == 0 else 0.0))


def resolve_genders(ev: Evidence, lo: int, hi: int) -> dict[str, int]:
    """Gender key -> the most-named character of that gender in paragraphs [lo, hi)."""
    counts: Counter[int] = Counter()
    for p in range(lo, hi):
        counts.update(ev.named[p])
    out: dict[str, int] = {}
    for ch, _ in counts.most_common():
        g = ev.gender.get(ch)
        if g and g not in out:
            out[g] = ch
    # with no pronoun information, a lone named character takes pronoun cues of an unknown gender
    if counts and not ev.gender:
        top = counts.most_common(1)[0][0]
        out.setdefault("m", top)
        out.setdefault("f", top)
    return out


def owners(ev: Evidence, cues, genders: dict[str, int], keep_unknown: bool = False) -> list[tuple[Cue, int | str]]:
    """Cues with their owner resolved to a character index. A pronoun cue ("she wondered") that no
    known character of that gender can own is dropped, or with ``keep_unknown`` kept with its gender
    key as owner: "she" and "he" are still two different heads even when the cast missed one of them."""
    out = []
    for c in cues:
        o = c.owner if isinstance(c.owner, int) else genders.get(c.owner)
        if o is None and keep_unknown and c.owner in ("m", "f"):
            o = c.owner
        if o is not None:
            out.append((c, o))
    return out


def pov_of(ev: Evidence, lo: int, hi: int, cues, narrator: int | None, person_: str
           ) -> tuple[int | None, float, dict[int | str, float]]:
    """The POV character of paragraphs [lo, hi): (character, confidence, score per character)."""
    if person_ == "first":
        return narrator, (0.9 if narrator is not None else 0.0), {}
    genders = resolve_genders(ev, lo, hi)
    score: Counter[int] = Counter()
    for c, o in owners(ev, cues, genders, keep_unknown=True):
        score[o] += 3.0 * c.strength
    named: Counter[int] = Counter()
    for p in range(lo, hi):
        named.update(ev.named[p])
    for ch, k in named.items():
        score[ch] += min(k, 12) * 0.5
    if person_ == "second" or not score:
        return None, 0.0, dict(score)
    ranked = score.most_common(2)
    top, s1 = ranked[0]
    s2 = ranked[1][1] if len(ranked) > 1 else 0.0
    conf = s1 / (s1 + s2) if s1 + s2 else 0.0
    # evidence from name counts alone is weak; inner-life cues make it strong
    conf *= min(1.0, 0.55 + 0.15 * s1)
    if isinstance(top, str):
        return None, 0.0, dict(score)  # the narration is in the head of someone the cast does not know
    return top, round(min(conf, 0.99), 3), dict(score)

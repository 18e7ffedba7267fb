"""An index of the story for the speaker stage: where the quotes' pieces are, which character
mentions fall in narration (per paragraph) or inside a quote, which open a sentence, each
character's gender and prominence."""

from __future__ import annotations

import bisect
import math
from functools import cached_property

import numpy as np

from fabula.model import Cast, Quotes, Text
from fabula.speakers.lexicon import DET, SUBJECT_OPENERS


def gender_of(pronouns: str | None) -> str | None:
    """"he/him" -> "m", "she/her" -> "f", other pronouns -> "n", none -> None."""
    if not pronouns:
        return None
    p = pronouns.split("/")[0].strip().lower()
    return {"he": "m", "she": "f"}.get(p, "n" if p else None)


def _subject_you(s: str, a: int, b: int) -> bool:
    """A Reader mention ``s[a:b]`` that is not a bare "you"/"your", or a "you" opening its sentence or
    clause and followed by more words ("You take it", "and you laugh"): the Reader acting. The object
    "you" ("he eyes you", "toward you") and the possessive ("your hands") are not the Reader's beat."""
    w = s[a:b].lower()
    if w not in ("you", "your", "yourself"):
        return True
    j = b
    while j < len(s) and s[j] in " \t":
        j += 1
    if w == "yourself" or j >= len(s) or not (s[j].isalpha() or s[j] in "'’"):
        return False
    k = a - 1
    while k >= 0 and s[k] in " \t":
        k -= 1
    if k < 0 or s[k] in "\n.!?;:—–\"“”":
        return True
    if w != "you":
        return False
    m = k
    while m >= 0 and s[m].isalpha():
        m -= 1
    return s[m + 1:k + 1].lower() in SUBJECT_OPENERS or s[k] == ","


def scene_starts(text: Text) -> list[int]:
    """Per paragraph, the paragraph its scene opens with, as far as the text itself marks scenes: a
    new chapter, or a line left out of the paragraphs between two of them (a break line, "* * *").
    People talking before such a break are not talking after it: turns and salience start afresh."""
    paras, s = text.paragraphs, text.text
    out: list[int] = []
    cur = 0
    for i, p in enumerate(paras):
        between = s[paras[i - 1].end:p.start] if i > 0 else ""
        if i > 0 and (p.chapter != paras[i - 1].chapter or between.strip()):
            cur = i
        out.append(cur)
    return out


class Document:
    """The story, its quotes and its cast, indexed for reading tags, vocatives and beats."""

    def __init__(self, text: Text, quotes: Quotes, cast: Cast):
        self.s = text.text
        self.text = text
        self.quotes = quotes
        self.cast = cast
        self.nchar = len(cast.characters)
        self.gender = [gender_of(c.pronouns) for c in cast.characters]
        maxm = max((c.mentions for c in cast.characters), default=1)
        lm = math.log1p(max(maxm, 1))
        self.prominence = [math.log1p(max(c.mentions, 0)) / lm for c in cast.characters]
        # the person the narration is told by (first person, "I") or to (a second-person reader
        # insert, "you"): tags in that person ("I said", "you ask") are theirs
        reader = getattr(cast, "reader", None)
        self.narrator = cast.narrator if cast.narrator is not None else reader
        self.person = "I" if cast.narrator is not None else ("you" if reader is not None else None)
        self.para_starts = [p.start for p in text.paragraphs]
        self.scene_start = scene_starts(text)
        # piece spans of every quote, to tell narration from speech
        ps: list[tuple[int, int, int]] = []
        for q in quotes:
            for p in q.pieces:
                ps.append((p.start, p.end, q.index))
        ps.sort()
        self.piece_starts = [p[0] for p in ps]
        self.pieces = ps
        self.piece_ends = frozenset(p[1] for p in ps)
        # name-like mentions (pronoun mentions are read from the words themselves)
        ms = [m for m in cast.mentions if m.kind != "pronoun" and 0 <= m.character < self.nchar
              and (m.kind != "reader" or _subject_you(self.s, m.start, m.end))]
        ms.sort(key=lambda m: m.start)
        self.mentions = ms
        self.mention_starts = [m.start for m in ms]
        # per paragraph: narration mentions (start, end, char); per quote: mentions inside its pieces
        self.narr: dict[int, list[tuple[int, int, int]]] = {}
        self.inq: dict[int, list[tuple[int, int, int]]] = {}
        for m in ms:
            qi = self.quote_at(m.start)
            if qi is not None:
                self.inq.setdefault(qi, []).append((m.start, m.end, m.character))
            else:
                pi = bisect.bisect_right(self.para_starts, m.start) - 1
                if pi >= 0:
                    self.narr.setdefault(pi, []).append((m.start, m.end, m.character))
        # the words of each character's names, lower case, dots dropped ("Dr. Quill" -> dr, quill)
        self.name_words = [
            {w for a in (c.name, *c.aliases) for w in a.lower().replace(".", " ").split()} - DET
            for c in cast.characters
        ]
        # narration mentions that open a sentence (a subject, roughly), per paragraph: (start, char)
        self.subj: dict[int, list[tuple[int, int]]] = {}
        s = self.s
        for pi, lst in self.narr.items():
            p0 = text.paragraphs[pi].start
            for a, _, c in lst:
                k = a - 1
                while k >= p0 and s[k] in " \t\n":
                    k -= 1
                if k < p0 or s[k] in ".!?;“”\"'’—":
                    self.subj.setdefault(pi, []).append((a, c))
        self.quote_paras = {}
        for q in quotes:
            for pi in range(q.paragraph, q.last_paragraph + 1):
                self.quote_paras.setdefault(pi, q.index)

    def same_scene(self, pa: int, pb: int) -> bool:
        """Paragraphs ``pa`` <= ``pb`` lie in one scene (no chapter or break line between them)."""
        return pa >= self.scene_start[pb] if 0 <= pb < len(self.scene_start) else True

    def quote_at(self, off: int) -> int | None:
        i = bisect.bisect_right(self.piece_starts, off) - 1
        if i >= 0 and off < self.pieces[i][1]:
            return self.pieces[i][2]
        return None

    def para_end(self, off: int) -> int:
        i = bisect.bisect_right(self.para_starts, off) - 1
        return self.text.paragraphs[i].end if i >= 0 else len(self.s)

    def para_start(self, off: int) -> int:
        i = bisect.bisect_right(self.para_starts, off) - 1
        return self.text.paragraphs[i].start if i >= 0 else 0

    @cached_property
    def capital_names(self) -> list[tuple[str, int]]:
        """(name in capitals, character) for each name form of the cast that is written in mixed
        case and has two letters or more: what a quotation shouted in capitals may name."""
        return [(name.upper(), ch.index) for ch in self.cast.characters for name in {ch.name, *ch.aliases}
                if len(name) >= 2 and name[:1].isupper() and not name.isupper()]

    first: list | None = None  # the first reading's Attributions, for the second reading's features
    evidence: list | None = None  # per quote, its decision-independent evidence (set by the first reading)
    turns: list | None = None  # per quote, its place in the conversation (decision-independent too)

    def arrays(self) -> None:
        """Per-character arrays the feature builders read (prominence, gender code, last activity)."""
        self.last_active_arr = np.full(self.nchar, -(10**9), dtype=np.int64)
        self.prominence_arr = np.array(self.prominence, dtype=np.float64)
        self.gender_arr = np.array([{"m": 1, "f": 2}.get(g or "", 0) for g in self.gender], dtype=np.int64)

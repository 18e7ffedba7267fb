"""Stage 5, speakers: who says each quotation, and to whom.

Reads: Text, Quotes, Cast. Adds: ``Speakers`` (one Attribution per quote, with confidence).

How a speaker is chosen, quote by quote in reading order:

1. **Speech tag.** The narration right beside the quotation (between its pieces, after it, or the end
   of the sentence before it) is read for a tag: ``said Marcus`` / ``Marcus said`` / ``asked the old
   man`` / ``she whispered`` / ``I said``, with adverbs and fillers allowed in between (lexicon in
   ``fabula.speech_verbs``). A name tag makes the quote *explicit*; a pronoun or description tag makes
   it *anaphoric* (PDNC's types); no tag: *implicit*.
2. **Candidates.** Every character active in the last paragraphs (named in the narration, or
   speaking), the narrator, and whoever the paragraph or the tag names.
3. **Ranking.** Each candidate gets a feature vector (``FEATURES``: is the tag's name; matches the
   tag pronoun's gender and is the most recent such character; named in this paragraph's narration,
   i.e. an action beat; named as a vocative in this quote, i.e. the addressee; vocative in the
   previous quote; spoke one or two turns ago in an unbroken run of quotes, i.e. turn-taking; the
   speakers that the tags of the next quotes name, with the parity of the distance; recency;
   prominence...). A linear model scores them (a hidden layer is optional: ``MLP``; weights in
   ``fabula/models/speakers.json``, trained by ``fabula train speakers`` on PDNC; hand-set linear
   weights if the file is missing); the softmax of the winner is the confidence. Decisions feed the
   next quotes' turn-taking features; a beam of ``BEAM`` speaker sequences is kept.
4. **Addressees.** Vocatives in the quote, ``said X to Y``, else the other participant of a
   two-person run of dialogue.

Multi-paragraph speeches are one Quote already (the quotes stage joins them), so they keep one speaker.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fabula import script
from fabula.model import Attribution, Cast, Quote, Quotes, Span, Speakers, Text
from fabula.speech_verbs import FILLERS, SPEECH, TAG_VERBS

MODEL_PATH = Path(__file__).parent / "models" / "speakers.json"

FEATURES = (
    "tag_name",  # the speech tag names this character
    "tag_pron_match",  # the tag is he/she and the character's gender matches
    "tag_pron_recent",  # ... and it is the most recently active character of that gender
    "tag_pron_recent_np",  # ... most recent of that gender other than the previous turn's speaker
    "tag_pron_mismatch",  # the tag pronoun's gender differs from the character's
    "tag_I_narrator",  # "I said" and the character is the first-person narrator
    "tag_desc_gender",  # a description tag ("the old man") whose noun's gender matches
    "tag_none",  # there is no tag (interaction with the features below)
    "beat_before",  # named in this paragraph's narration before the quote
    "beat_after",  # named in this paragraph's narration after the quote's start
    "beat_first",  # the first character named in this paragraph's narration
    "beat_subject",  # named at the start of a sentence of this paragraph's narration
    "voc_this",  # named as a vocative inside this quote (the addressee)
    "named_in_quote",  # named inside this quote, not as a vocative
    "voc_prev",  # named as a vocative in the previous quote of an unbroken run
    "prev1_adj",  # spoke the previous quote, in the paragraph just before
    "prev2_adj",  # spoke two quotes ago, in an unbroken run (turn-taking A B A)
    "prev1_near",  # spoke the previous quote, one or two narration paragraphs before
    "prev_para_mention",  # named in the previous paragraph's narration
    "prev_para_noquote",  # ... and the previous paragraph has no quote (a conversation opening)
    "recent_speaker",  # among the speakers of the last 6 quotes
    "recency",  # 1 / (1 + paragraphs since last named or speaking)
    "prominence",  # log mentions / log max mentions
    "narrator",  # the first-person narrator
    "narrator_fp_para",  # narrator, and this paragraph's narration says "I"
    "addressed_prev",  # the addressee of the previous quote
    "run_speaker",  # already spoke in this run of dialogue
    "run_intro",  # named in the narration that opens this run, or inside it
    "pure_prev1",  # spoke the previous turn, and this paragraph is nothing but the quote
    "pure_prev2",  # spoke two turns ago (A B A), and this paragraph is nothing but the quote
    "pure_run_other",  # a run speaker other than the previous one, and this paragraph is only the quote
    "next1_tag",  # the next quote (next paragraph) is tagged with this character's name
    "next2_tag",  # the quote after next, in an unbroken run, is tagged with this character (A B A)
    "next_voc",  # the next quote (next paragraph) names this character as its addressee
    "next1_gender",  # the next quote's pronoun tag has this character's gender
    "next2_gender",  # the pronoun tag two quotes ahead (unbroken run) has this character's gender
    "pron_run_unique",  # the tag's gender matches, and no other participant of the run has that gender
    "salience",  # narration mentions in the last 3 paragraphs (log-scaled)
    "pron_salient",  # the tag's gender matches, and the most mentioned such character lately
    "pron_subject",  # the tag's gender matches, and the latest such character named as a sentence subject
    "subject_recent",  # named as a sentence's subject in the narration of the last 3 paragraphs
    "desc_name_word",  # a description tag whose head noun is in the character's names ("the Major")
    "ahead_even",  # the nearest name-tagged quote ahead in this unbroken run, an even number of turns on
    "ahead_odd",  # ... an odd number of turns on (so probably the other participant)
    "behind_even",  # the nearest name-tagged quote behind in this unbroken run, an even number of turns back
    "behind_odd",  # ... an odd number of turns back
    "ahead_g_even",  # the nearest he/she-tagged quote ahead in the run, an even number of turns on, has this gender
    "ahead_g_odd",  # ... an odd number of turns on
    "run_ahead",  # named by the tag of some quote further on in this unbroken run (a participant)
    "run_ahead_only2",  # ... and the run's named participants ahead and behind are just two, this one included
    "prev2_near",  # spoke two quotes ago, the quotes no more than one narration paragraph apart
    "absent",  # neither named in the narration nor speaking in the last 10 paragraphs
    "beat_pron_match",  # no tag, the paragraph's narration has a sentence opening with he/she of this gender
    "beat_pron_mismatch",  # ... of the other gender
    "beat_pron_np",  # ... this gender, and not the previous turn's speaker in an unbroken run
    "pron_run_other",  # he/she tag of this gender, a participant of this run, not the previous turn's speaker
    "pron_prev_same",  # he/she tag of this gender, and this character spoke the previous turn (gap 1)
    "pron_last_name",  # he/she tag (or pronoun beat) of this gender, and the last such name in the narration before
    "pron_first_name",  # ... the first such name in the nearest narration before the quote (its subject, roughly)
    "desc_last_name",  # a description tag of this gender ("the old man"), and the last such name before
    "desc_prominence",  # a description tag: the character's prominence (descriptions name lesser people)
    "desc_prev_spk",  # a description tag, and this character spoke the previous turn (gap 1)
)
# The same features again for he/she-tagged and for untagged quotes, so that the ranker can weigh
# turn-taking, beats and recency differently for each kind of quote.
_BASE_N = len(FEATURES)
_CONJ = tuple(f for f in FEATURES if not f.startswith(("tag_", "desc_")))
FEATURES = FEATURES + tuple("pron:" + f for f in _CONJ) + tuple("none:" + f for f in _CONJ)
F = {name: i for i, name in enumerate(FEATURES)}
_CONJ_COLS = np.array([F[f] for f in _CONJ], dtype=np.int64)
_PRON_COLS = np.array([F["pron:" + f] for f in _CONJ], dtype=np.int64)
_NONE_COLS = np.array([F["none:" + f] for f in _CONJ], dtype=np.int64)

# Hand-set weights, used when no trained model is shipped; a trained model replaces them.
DEFAULT_WEIGHTS = {
    "tag_name": 8.0, "tag_pron_match": 1.5, "tag_pron_recent": 1.5, "tag_pron_recent_np": 2.0,
    "tag_pron_mismatch": -4.0, "tag_I_narrator": 8.0, "tag_desc_gender": 0.5, "beat_before": 1.6,
    "beat_after": 0.8, "beat_first": 0.8, "beat_subject": 0.8, "voc_this": -3.0, "named_in_quote": -1.5,
    "voc_prev": 2.0, "prev1_adj": -1.5, "prev2_adj": 2.0, "prev1_near": 0.3, "prev_para_mention": 0.8,
    "prev_para_noquote": 0.5, "recent_speaker": 1.0, "recency": 1.0, "prominence": 0.8,
    "narrator": 0.0, "narrator_fp_para": 0.5, "addressed_prev": 1.0,
    "run_speaker": 0.5, "run_intro": 0.5, "pure_prev1": -1.0, "pure_prev2": 1.0, "pure_run_other": 0.3,
    "next1_tag": -1.5, "next2_tag": 1.5, "next_voc": 1.5, "next1_gender": -0.3, "next2_gender": 0.3,
    "pron_run_unique": 1.5, "salience": 0.3, "pron_salient": 0.5,
    "pron_subject": 0.5, "subject_recent": 0.3, "desc_name_word": 3.0,
    "ahead_even": 1.0, "ahead_odd": -0.5, "behind_even": 1.0, "behind_odd": -0.5,
    "ahead_g_even": 0.3, "ahead_g_odd": -0.3, "run_ahead": 0.5, "run_ahead_only2": 0.5,
    "prev2_near": 0.3, "absent": -1.0, "beat_pron_match": 0.5, "beat_pron_mismatch": -0.5,
    "beat_pron_np": 0.5, "pron_run_other": 0.5, "pron_prev_same": -0.5,
    "pron_last_name": 0.5, "pron_first_name": 0.5, "desc_last_name": 0.3, "desc_prominence": -0.3,
    "desc_prev_spk": -0.5,
}

BEAM = 2  # hypotheses kept by the beam search over speaker sequences
WINDOW = 20  # paragraphs back in which a character counts as active

_ITEM = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+|[.;:!?]|[,—–-]+|[“”\"‘’']")
_PRON = {"he": "m", "she": "f", "i": "I", "they": "n", "we": "n"}
_DET = frozenset(["the", "a", "an", "his", "her", "their", "my", "our", "its", "your", "this", "that", "one"])
_MALE = frozenset(
    ["man", "gentleman", "boy", "father", "son", "brother", "husband", "uncle", "king", "lord", "sir", "prince", "duke", "earl", "count", "baron", "monk", "priest", "lad", "fellow", "master", "mr", "nephew", "grandfather", "squire", "colonel", "captain", "major", "general"])
_FEMALE = frozenset(
    ["woman", "lady", "girl", "mother", "daughter", "sister", "wife", "aunt", "queen", "princess", "duchess", "countess", "mrs", "miss", "madam", "madame", "niece", "grandmother", "maid", "mistress", "lass", "widow"])
_HEAD_ALIASES = {"doctor": "dr", "professor": "prof", "reverend": "rev", "mister": "mr", "missus": "mrs",
                 "colonel": "col", "captain": "capt"}
_PREPOSITIONS = frozenset(["to", "at", "on", "in", "into", "from", "with", "by", "for", "of", "upon", "towards", "toward", "over", "under", "about"])
_VOC_BEFORE = frozenset(["oh", "o", "ah", "dear", "my", "yes", "no", "well"])
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")
_NOT_VERB = frozenset(["and", "or", "but", "who", "whom", "that", "which", "is", "if", "to", "of", "in", "the",
                       "a", "an", "as", "at", "with", "from", "for", "on", "by", "himself", "herself"])
_BEAT_PRON = re.compile(r"(?:^|[.!?;]\s+)(He|She)\b")
_QUOTE_MARKS = "“”\"‘’'«»—–- \t\n"
_NARRATION_WINDOW = 1000  # characters of a paragraph's narration read around a quote
_CROWDED_MENTIONS = 60  # more name mentions than this in a quote's paragraphs: read only the window


@dataclass(frozen=True, slots=True)
class Tag:
    """A speech tag found beside a quote."""

    kind: str  # "name", "pron", "desc", "unknown"
    character: int | None  # for "name" (and descriptions that are a known alias)
    gender: str | None  # "m", "f", "n", "I" for pronouns; from the noun for descriptions
    span: Span
    to: int | None = None  # ``said X to Y``: Y
    head: str | None = None  # a description's last word, lower case ("the old doctor" -> "doctor")


def _load_weights(path: Path = MODEL_PATH):
    """The shipped model: linear weights, plus a hidden layer when the file has one (``MLP``).
    Features the file does not know get weight 0; a missing or broken file gives DEFAULT_WEIGHTS."""
    w = dict(DEFAULT_WEIGHTS)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = list(data["features"])
        w = {k: float(v) for k, v in zip(names, data["weights"], strict=True)}
        u = np.array([w.get(f, 0.0) for f in FEATURES], dtype=np.float64)
        hidden = data.get("hidden")
        if hidden:
            rows = {k: r for k, r in zip(names, hidden["W"], strict=True)}
            H = len(hidden["b"])
            W = np.array([rows.get(f, [0.0] * H) for f in FEATURES], dtype=np.float64)
            return MLP(u, W, np.array(hidden["b"], dtype=np.float64), np.array(hidden["v"], dtype=np.float64))
        return u
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return np.array([w.get(f, 0.0) for f in FEATURES], dtype=np.float64)


class MLP:
    """A small scorer with one hidden layer beside the linear term: score = X·u + relu(X·W + b)·v."""

    def __init__(self, u: np.ndarray, W: np.ndarray, b: np.ndarray, v: np.ndarray):
        self.u, self.W, self.b, self.v = u, W, b, v

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return X @ self.u + np.maximum(X @ self.W + self.b, 0.0) @ self.v


def score(X: np.ndarray, w) -> np.ndarray:
    return w(X) if callable(w) else X @ w


_WEIGHTS: np.ndarray | MLP | None = None


def weights():
    global _WEIGHTS
    if _WEIGHTS is None:
        _WEIGHTS = _load_weights()
    return _WEIGHTS


def gender_of(pronouns: str | None) -> str | None:
    if not pronouns:
        return None
    p = pronouns.split("/")[0].strip().lower()
    return {"he": "m", "she": "f"}.get(p, "n" if p else None)


# --------------------------------------------------------------------------- the stage


def attribute(text: Text, quotes: Quotes, cast: Cast, *, model=None) -> Speakers:
    """One Attribution per quote (speaker None when the cast is empty)."""
    w = weights() if model is None else model
    ctx = _Context(text, quotes, cast)
    out = ctx.run(w)
    return script.labelled_speakers(quotes, cast, Speakers(tuple(out)))  # "NAME: line" -> NAME speaks


def training_examples(text: Text, quotes: Quotes, cast: Cast, gold: list[int | None],
                      w: np.ndarray | None = None):
    """(quote index, candidate indices, feature matrix, gold position or -1) for each quote whose gold
    speaker is known; the turn-taking history is the gold one (teacher forcing) unless ``w`` is given,
    in which case it is the model's own predictions (as at run time)."""
    ctx = _Context(text, quotes, cast)
    examples: list[tuple[int, list[int], np.ndarray, int]] = []
    ctx.run(w if w is not None else weights(), gold=None if w is not None else gold, collect=examples,
            collect_gold=gold)
    return examples


class _Context:
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
        self.narrator = cast.narrator
        self.para_starts = [p.start for p in text.paragraphs]
        # piece spans of every quote, to tell narration from speech
        ps: list[tuple[int, int, int]] = []
        for q in quotes:
            for p in q.pieces:
                ps.append((p.start, p.end, q.index))
        ps.sort()
        self.piece_starts = [p[0] for p in ps]
        self.pieces = ps
        # name-like mentions (pronoun mentions are read from the words themselves)
        ms = [m for m in cast.mentions if m.kind != "pronoun" and 0 <= m.character < self.nchar]
        ms.sort(key=lambda m: m.start)
        self.mentions = ms
        self.mention_starts = [m.start for m in ms]
        # per paragraph: narration mentions (start, end, char); per quote: mentions inside its pieces
        self.narr: dict[int, list[tuple[int, int, int]]] = {}
        self.inq: dict[int, list[tuple[int, int, int]]] = {}
        for m in ms:
            qi = self._quote_at(m.start)
            if qi is not None:
                self.inq.setdefault(qi, []).append((m.start, m.end, m.character))
            else:
                pi = bisect.bisect_right(self.para_starts, m.start) - 1
                if pi >= 0:
                    self.narr.setdefault(pi, []).append((m.start, m.end, m.character))
        # the words of each character's names, lower case, dots dropped ("Dr. Losberne" -> dr, losberne)
        self.name_words = [
            {w for a in (c.name, *c.aliases) for w in a.lower().replace(".", " ").split()} - _DET
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

    def _quote_at(self, off: int) -> int | None:
        i = bisect.bisect_right(self.piece_starts, off) - 1
        if i >= 0 and off < self.pieces[i][1]:
            return self.pieces[i][2]
        return None

    def _para_end(self, off: int) -> int:
        i = bisect.bisect_right(self.para_starts, off) - 1
        return self.text.paragraphs[i].end if i >= 0 else len(self.s)

    def _para_start(self, off: int) -> int:
        i = bisect.bisect_right(self.para_starts, off) - 1
        return self.text.paragraphs[i].start if i >= 0 else 0

    # ------------------------------------------------------------------ tags

    def _items(self, a: int, b: int) -> list[tuple[str, object, int, int]]:
        """Words, punctuation and character mentions of s[a:b] in order: (kind, value, start, end)
        with kind "M" (value: character), "W" (value: word), "P" (value: punctuation)."""
        s = self.s
        out: list[tuple[str, object, int, int]] = []
        i = bisect.bisect_left(self.mention_starts, a)
        pos = a
        ms = self.mentions
        while True:
            nxt = ms[i] if i < len(ms) and ms[i].start < b else None
            stop = nxt.start if nxt is not None else b
            for m in _ITEM.finditer(s, pos, stop):
                t = m.group()
                out.append(("W" if t[0].isalnum() else "P", t, m.start(), m.end()))
            if nxt is None:
                break
            if nxt.start >= pos:
                out.append(("M", nxt.character, nxt.start, min(nxt.end, b)))
                pos = nxt.end
            i += 1
        return out

    def _subject(self, items, j: int) -> tuple[Tag | None, int]:
        """Parse a subject starting at items[j]: a mention, a pronoun, or a description."""
        if j >= len(items):
            return None, j
        kind, val, a, b = items[j]
        if kind == "M":
            k = j + 1
            # "Mr. Bennet's wife" would not be Mr. Bennet; rare in tags, ignore
            return Tag("name", val, self.gender[val], Span(a, b)), k
        if kind != "W":
            return None, j
        lw = val.lower()
        if lw in _PRON:
            if lw == "i" and self.narrator is not None:
                return Tag("pron", self.narrator, "I", Span(a, b)), j + 1
            return Tag("pron", None, _PRON[lw], Span(a, b)), j + 1
        if lw in _DET:
            # "the Professor", "the old Jew": a determiner before a known name
            for k in range(j + 1, min(j + 4, len(items))):
                if items[k][0] == "M":
                    c = items[k][1]
                    return Tag("name", c, self.gender[c], Span(a, items[k][3])), k + 1
                if items[k][0] != "W" or items[k][1].lower() in TAG_VERBS or items[k][1].lower() in FILLERS:
                    break
        if lw in _DET or val[0].isupper():
            # a description ("the old man", "his wife") or a name the cast does not know
            k = j + 1
            words = [val]
            while k < len(items) and k - j < 5 and items[k][0] == "W" and items[k][1].lower() not in TAG_VERBS \
                    and items[k][1].lower() not in FILLERS and items[k][1].lower() not in ("and", "to", "with"):
                words.append(items[k][1])
                k += 1
            if lw in _DET and len(words) == 1:
                return None, j
            if lw not in _DET and not all(x[0].isupper() for x in words):
                return None, j
            g = None
            for x in reversed(words):
                xl = x.lower().rstrip(".")
                if xl in _MALE:
                    g = "m"
                    break
                if xl in _FEMALE:
                    g = "f"
                    break
            phrase = " ".join(words)
            c = self.cast.alias_of(phrase) if self.nchar else None
            end = items[k - 1][3]
            if c is not None:
                return Tag("name", c.index, self.gender[c.index], Span(a, end)), k
            head = words[-1].lower().rstrip(".")
            return Tag("unknown" if lw not in _DET else "desc", None, g, Span(a, end), None,
                       _HEAD_ALIASES.get(head, head)), k
        return None, j

    def _after_tag(self, a: int, b: int, comma: bool, end_ch: str = "") -> Tag | None:
        """A tag at the start of the narration s[a:b] right after a piece: `said he`, `Marcus said`."""
        items = self._items(a, min(b, a + 120))
        j = 0
        while j < len(items) and items[j][0] == "P" and items[j][1] in ",—–-":
            j += 1
        if j < len(items) and items[j][0] == "P":
            return None
        # inverted: [fillers] VERB SUBJ
        k = j
        while k < len(items) and items[k][0] == "W" and (items[k][1].lower() in FILLERS
                                                         or items[k][1].lower().endswith("ly")) and k - j < 2:
            k += 1
        if k < len(items) and items[k][0] == "W" and (
                items[k][1].lower() in SPEECH
                or (items[k][1].lower() in TAG_VERBS and k + 1 < len(items) and items[k + 1][0] == "M")):
            k2 = k + 1
            while k2 < len(items) and items[k2][0] == "W" and (items[k2][1].lower().endswith("ly")
                                                               or items[k2][1].lower() in FILLERS):
                k2 += 1
            tag, end = self._subject(items, k2)
            if tag is not None:
                return self._with_to(tag, items, end)
        # normal order: SUBJ [fillers/adverbs] VERB
        tag, k = self._subject(items, j)
        if tag is None:
            return None
        n = 0
        # right after a quote ending in , ! ? or a dash, a lower-case "he"/"she" (or, after a comma, a
        # name) followed by any verb is a tag: "she owned", "he pronounced", "Archer conceded"
        loose = end_ch in ",!?—–-" and (
            (tag.kind == "pron" and items[j][1] in ("he", "she")) or (tag.kind == "name" and end_ch == ","))
        while k < len(items) and items[k][0] == "W" and n < 3:
            lw = items[k][1].lower()
            if lw in SPEECH or ((comma or tag.kind == "pron") and lw in TAG_VERBS):
                return self._with_to(tag, items, k + 1)
            if lw in FILLERS or lw.endswith("ly"):
                k += 1
                n += 1
                continue
            if loose and items[k][1].islower() and lw not in _NOT_VERB:
                return self._with_to(tag, items, k + 1)
            break
        return None

    def _with_to(self, tag: Tag, items, k: int) -> Tag:
        # `said Marcus to Ivy` / `she said to him`
        for j in range(k, min(k + 4, len(items))):
            if items[j][0] == "P":
                break
            if items[j][0] == "W" and items[j][1].lower() == "to" and j + 1 < len(items) and items[j + 1][0] == "M":
                return Tag(tag.kind, tag.character, tag.gender, tag.span, items[j + 1][1], tag.head)
        return tag

    def _before_tag(self, a: int, b: int) -> Tag | None:
        """A tag ending the narration s[a:b] just before a piece: `Marcus said:`, `she asked him,`."""
        items = self._items(max(a, b - 200), b)
        # keep the last sentence only
        for j in range(len(items) - 1, -1, -1):
            if items[j][0] == "P" and items[j][1] in ".!?;":
                if j == len(items) - 1:
                    continue
                items = items[j + 1:]
                break
        while items and items[-1][0] == "P":
            items = items[:-1]
        if not items:
            return None
        # the speech verb within the last 4 words
        for v in range(len(items) - 1, max(-1, len(items) - 5), -1):
            if items[v][0] == "W" and items[v][1].lower() in SPEECH:
                break
        else:
            return None
        j = v - 1
        while j >= 0 and items[j][0] == "W" and (items[j][1].lower() in FILLERS or items[j][1].lower().endswith("ly")):
            j -= 1
        if j < 0:
            return None
        if items[j][0] == "M":
            return Tag("name", items[j][1], self.gender[items[j][1]], Span(items[j][2], items[j][3]))
        # a pronoun or the last word of a description ("the old man said"), not a prepositional
        # object ("rose to her feet, exclaiming")
        if items[j][0] == "W" and items[j][1].lower() in _PRON:
            tag, _ = self._subject(items, j)
            return tag
        for k in range(max(0, j - 4), j + 1):
            if items[k][0] == "W" and (items[k][1].lower() in _DET or items[k][1][0].isupper()):
                if k > 0 and items[k - 1][0] == "W" and items[k - 1][1].lower() in _PREPOSITIONS:
                    break
                tag, end = self._subject(items, k)
                if tag is not None and end == j + 1:
                    return tag
        # "Marcus turned to her and said", "Lucy, who had not ..., rose to her feet, exclaiming":
        # the sentence's subject
        j = 0
        while j < v and items[j][0] == "P":
            j += 1
        if j < v and items[j][0] == "W" and items[j][1].lower() in ("then", "and", "but", "so", "at", "now"):
            j += 1
            while j < v and items[j][0] != "M" and not (items[j][0] == "W" and items[j][1].lower() in _PRON) \
                    and j < 4:
                j += 1
        tag, _ = self._subject(items, j)
        if tag is not None and tag.kind in ("name", "pron"):
            return tag
        return None

    def tag(self, q: Quote) -> Tag | None:
        s = self.s
        pieces = q.pieces
        # gaps after each piece (within the piece's paragraph), then before the first piece
        for n, p in enumerate(pieces):
            a = p.end
            pend = self._para_end(p.start)
            b = pieces[n + 1].start if n + 1 < len(pieces) else pend
            b = min(b, pend)
            comma = s[max(p.start, p.end - 1):p.end] in (",", "—", "-", "–") or s[p.end:p.end + 1] in ",—"
            while a < b and s[a] in _QUOTE_MARKS:
                a += 1
            if a < b:
                t = self._after_tag(a, b, comma, s[p.end - 1:p.end] if p.end > p.start else "")
                if t is not None:
                    return t
                if n + 1 < len(pieces) and b == pieces[n + 1].start and s[a:b].rstrip(_QUOTE_MARKS).endswith((":", ",")):
                    # "... Then, with a look, she added: "Though ..."": a tag before the next piece
                    bb = b
                    while bb > a and s[bb - 1] in _QUOTE_MARKS:
                        bb -= 1
                    t = self._before_tag(a, bb)
                    if t is not None:
                        return t
            if n == 0:
                pstart = self._para_start(p.start)
                bb = p.start
                while bb > pstart and s[bb - 1] in _QUOTE_MARKS:
                    bb -= 1
                if bb > pstart:
                    t = self._before_tag(pstart, bb)
                    if t is not None:
                        return t
        # "...and then she said:" closing the paragraph before, with the speech in its own paragraph
        first = q.pieces[0].start
        pstart = self._para_start(first)
        k = pstart
        while k < first and s[k] in _QUOTE_MARKS:
            k += 1
        if k == first and q.paragraph > 0:
            prev = self.text.paragraphs[q.paragraph - 1]
            raw = s[max(prev.start, prev.end - 3):prev.end]
            tail = raw.rstrip(" -—–")
            if (tail.endswith((":", ",")) or raw.endswith(("-", "—", "–"))) and \
                    self.quote_paras.get(q.paragraph - 1) is None:
                return self._before_tag(prev.start, prev.end)
        return None

    # ------------------------------------------------------------------ vocatives

    def _in_quote(self, q: Quote) -> tuple[set[int], set[int]]:
        """(vocatives, other names) inside the quote's pieces."""
        voc: set[int] = set()
        named: set[int] = set()
        s = self.s
        for a, b, c in self.inq.get(q.index, ()):
            piece = None
            for p in q.pieces:
                if p.start <= a < p.end:
                    piece = p
                    break
            if piece is None:
                continue
            i = a - 1
            while i >= piece.start and s[i] == " ":
                i -= 1
            before_ok = i < piece.start or s[i] in ",!?;—-–(" or s[i] == "."
            if not before_ok:
                # "Oh Marcus", "my dear Marcus", "Yes Marcus"
                wm = re.search(r"(\w+)\s*$", s[max(piece.start, a - 20):a])
                before_ok = bool(wm and wm.group(1).lower() in _VOC_BEFORE)
            j = b
            while j < piece.end and s[j] == " ":
                j += 1
            after_ok = j >= piece.end or s[j] in ",.!?;—-–:)"
            if before_ok and after_ok:
                voc.add(c)
            else:
                named.add(c)
        return voc, named - voc

    # ------------------------------------------------------------------ the pass

    def _static(self, q: Quote):
        """What a quote's features need that does not depend on earlier decisions."""
        s = self.s
        paras = self.text.paragraphs
        pi = q.paragraph
        tag = self.tag(q)
        voc, named = self._in_quote(q)
        narr_here = list(self.narr.get(pi, []))
        for pj in range(pi + 1, q.last_paragraph + 1):
            narr_here += self.narr.get(pj, [])
        if len(narr_here) > _CROWDED_MENTIONS:
            # a huge paragraph (line breaks lost): only the narration near the quote speaks to it
            lo, hi = q.start - _NARRATION_WINDOW, q.end + _NARRATION_WINDOW
            narr_here = [m for m in narr_here if lo <= m[0] < hi]
        before = {c for a, _, c in narr_here if a < q.start}
        after = {c for a, _, c in narr_here if a >= q.start}
        first = narr_here[0][2] if narr_here else None
        subj = set()
        for a, _, c in narr_here:
            k = a - 1
            while k >= 0 and s[k] in " \t":
                k -= 1
            if k < 0 or s[k] in ".!?\n“”\"'’" or a == paras[pi].start:
                subj.add(c)
        prev_narr = {c for _, _, c in self.narr.get(pi - 1, [])} if pi > 0 else set()
        prev_noquote = (pi - 1) not in self.quote_paras
        # narration left in the quote's first paragraph once its pieces are taken out
        para = paras[pi]
        # (only its first ~1,000 characters matter: a paragraph whose line breaks were lost can be a
        # whole chapter, and copying it per quote made the stage quadratic)
        parts: list[str] = []
        pos = para.start
        for p in q.pieces:
            if para.start <= p.start < para.end:
                parts.append(s[pos:p.start])
                pos = p.end
                if p.start - para.start > _NARRATION_WINDOW:
                    break
        else:
            parts.append(s[pos:min(para.end, pos + _NARRATION_WINDOW)])
        rest = " ".join(parts).strip(_QUOTE_MARKS + ".,;:!?")
        pure = len(rest) < 3
        fp_para = self.narrator is not None and bool(_FIRST_PERSON.search(rest[:400]))
        bm = _BEAT_PRON.search(rest[:600]) if tag is None else None
        beat_g = ("m" if bm.group(1) == "He" else "f") if bm else None
        return tag, voc, named, before, after, first, subj, prev_narr, prev_noquote, fp_para, pure, beat_g

    def run(self, w: np.ndarray, gold: list[int | None] | None = None, collect=None, collect_gold=None,
            beam: int | None = None):
        """Attribute every quote. Beam search over speaker sequences (the turn-taking features
        depend on earlier decisions); ``gold`` forces the history (teacher forcing, for training)."""
        nf = len(FEATURES)
        nq = len(self.quotes)
        if self.nchar == 0:
            return [Attribution(q.index, None, (), "implicit", 0.0, None) for q in self.quotes]
        beam = BEAM if beam is None else beam
        if gold is not None or collect is not None:
            beam = 1
        last_active = np.full(self.nchar, -(10**9), dtype=np.int64)
        self.last_active_arr = last_active
        self.prominence_arr = np.array(self.prominence, dtype=np.float64)
        self.gender_arr = np.array([{"m": 1, "f": 2}.get(g or "", 0) for g in self.gender], dtype=np.int64)
        narr_items = sorted((a, c) for lst in self.narr.values() for a, _, c in lst)
        ni = 0
        run_intro: set[int] = set()
        # a hypothesis: (log-prob, speakers so far (tuple chain), last_spoke dict, addressed of last, backpointer)
        # kept light: history as the last 6 speakers and the run's speakers
        hyps = [(0.0, (), np.full(self.nchar, -(10**9), dtype=np.int64), (), frozenset(), -1)]
        steps: list[list[tuple[int | None, tuple[int, ...], float, str, Span | None, int]]] = []
        vocs_prev: set[int] = set()
        statics = [self._static(q) for q in self.quotes]
        # the speaker each quote's own tag names (name tags and the narrator's "I"), for the anchors of runs
        tagged: list[int | None] = []
        tagged_g: list[str | None] = []
        for st in statics:
            t = st[0]
            tagged.append(t.character if t is not None and t.kind in ("name", "pron") else None)
            tagged_g.append(t.gender if t is not None and t.kind == "pron" and t.gender in ("m", "f") else None)
        linked = [False] + [self.quotes[i].paragraph - self.quotes[i - 1].last_paragraph == 1 for i in range(1, nq)]
        for q in self.quotes:
            qi = q.index
            pi = q.paragraph
            while ni < len(narr_items) and narr_items[ni][0] < q.start:
                a, c = narr_items[ni]
                last_active[c] = bisect.bisect_right(self.para_starts, a) - 1
                ni += 1
            (tag, voc, named, before, after, first, subj, prev_narr, prev_noquote, fp_para,
             pure, beat_g) = statics[qi]
            # what the next two quotes say about who speaks (their tags and vocatives)
            n1_tag = n2_tag = None
            n1_gender = n2_gender = None
            n1_voc: set[int] = set()
            if qi + 1 < nq and self.quotes[qi + 1].paragraph - q.last_paragraph == 1:
                t1 = statics[qi + 1][0]
                n1_voc = statics[qi + 1][1]
                if t1 is not None:
                    n1_tag = t1.character
                    n1_gender = t1.gender if t1.kind == "pron" else None
                if qi + 2 < nq and self.quotes[qi + 2].paragraph - self.quotes[qi + 1].last_paragraph == 1:
                    t2 = statics[qi + 2][0]
                    if t2 is not None:
                        n2_tag = t2.character
                        n2_gender = t2.gender if t2.kind == "pron" else None
            sal3: dict[int, int] = {}
            for pj in range(max(0, pi - 3), pi):
                for _, _, c in self.narr.get(pj, ()):
                    sal3[c] = sal3.get(c, 0) + 1
            for c in before:
                sal3[c] = sal3.get(c, 0) + 1
            prev = self.quotes[qi - 1] if qi > 0 else None
            gap = (pi - prev.last_paragraph) if prev is not None else 99
            prev2 = self.quotes[qi - 2] if qi > 1 else None
            unbroken2 = prev is not None and gap == 1 and prev2 is not None and prev.paragraph - prev2.last_paragraph == 1
            near2 = (prev is not None and prev2 is not None and gap <= 2 and prev.paragraph - prev2.last_paragraph <= 2
                     and not unbroken2)
            if gap > 2:

                run_intro = set()
                for pj in range(max(0, pi - 2), pi):
                    run_intro |= {c for _, _, c in self.narr.get(pj, [])}
            run_intro = run_intro | before | after
            base = set(np.nonzero(last_active >= pi - WINDOW)[0].tolist())
            base |= before | after | named | voc
            if self.narrator is not None:
                base.add(self.narrator)
            if tag is not None and tag.character is not None:
                base.add(tag.character)
            if collect_gold is not None and collect_gold[qi] is not None:
                base.add(collect_gold[qi])
            qtype = "implicit" if tag is None else ("explicit" if tag.kind == "name" and tag.gender != "I"
                                                    else "anaphoric")
            new_hyps = []
            step: list = []
            union = sorted(base.union(*({c for c in h[1][-6:] if c is not None} for h in hyps)))
            if not union:
                for hi, (lp, hist, last_spoke, _, run_spk, _) in enumerate(hyps):
                    step.append((None, (), 0.0, qtype, tag.span if tag else None, hi))
                    new_hyps.append((lp, (hist + (None,))[-8:], last_spoke, (), run_spk if gap <= 2 else frozenset(),
                                     len(step) - 1))
                hyps = new_hyps[:beam]
                steps.append(step)
                vocs_prev = voc
                continue
            pos = {c: r for r, c in enumerate(union)}
            uidx = np.array(union, dtype=np.int64)
            # features that do not depend on earlier decisions, once per quote
            S = np.zeros((len(union), nf))
            conj = _NONE_COLS if tag is None else (_PRON_COLS if tag.kind == "pron" and tag.gender in ("m", "f")
                                                    else None)
            if tag is None:
                S[:, 7] = 1
            elif tag.kind == "name" and tag.gender != "I" and tag.character in pos:
                S[pos[tag.character], 0] = 1
            elif tag.kind == "pron" and tag.gender == "I" and self.narrator in pos:
                S[pos[self.narrator], 5] = 1
            pron_g = tag.gender if tag is not None and tag.kind in ("pron", "desc") and tag.gender in ("m", "f") else None
            same_g: list[int] = []
            if pron_g is not None:
                for r, c in enumerate(union):
                    g = self.gender[c]
                    if g is None:
                        continue
                    if g == pron_g:
                        S[r, 1 if tag.kind == "pron" else 6] = 1
                        if c not in voc:
                            same_g.append(c)
                    elif tag.kind == "pron":
                        S[r, 4] = 1
            for c in before:
                S[pos[c], 8] = 1
            for c in after:
                S[pos[c], 9] = 1
            if first is not None:
                S[pos[first], 10] = 1
            for c in subj:
                if c in pos:
                    S[pos[c], 11] = 1
            for c in voc:
                S[pos[c], 12] = 1
            for c in named:
                S[pos[c], 13] = 1
            if gap <= 1:
                for c in vocs_prev:
                    if c in pos:
                        S[pos[c], 14] = 1
            for c in prev_narr:
                if c in pos:
                    S[pos[c], 18] = 1
                    S[pos[c], 19] = prev_noquote
            S[:, 22] = self.prominence_arr[uidx]
            if self.narrator is not None and self.narrator in pos:
                S[pos[self.narrator], 23] = 1
                S[pos[self.narrator], 24] = fp_para
            for c in run_intro:
                if c in pos:
                    S[pos[c], 27] = 1
            if n1_tag in pos:
                S[pos[n1_tag], 31] = 1
            if n2_tag in pos:
                S[pos[n2_tag], 32] = 1
            for c in n1_voc:
                if c in pos:
                    S[pos[c], 33] = 1
            if n1_gender in ("m", "f"):
                S[:, 34] = self.gender_arr[uidx] == (1 if n1_gender == "m" else 2)
            if n2_gender in ("m", "f"):
                S[:, 35] = self.gender_arr[uidx] == (1 if n2_gender == "m" else 2)
            for c, k in sal3.items():
                if c in pos:
                    S[pos[c], 37] = math.log1p(k)
            if pron_g is not None:
                sal = [(sal3.get(c, 0), c) for c in same_g]
                if sal:
                    top = max(sal)
                    if top[0] > 0:
                        S[pos[top[1]], 38] = 1
            # anchors: the nearest tagged quotes ahead and behind in this unbroken run (turn parity)
            j = qi + 1
            while j < nq and j - qi <= 8 and linked[j]:
                if tagged[j] is not None:
                    if tagged[j] in pos:
                        S[pos[tagged[j]], 42 if (j - qi) % 2 == 0 else 43] = 1
                    break
                j += 1
            j = qi + 1
            while j < nq and j - qi <= 6 and linked[j]:
                if tagged_g[j] is not None:
                    col = 46 if (j - qi) % 2 == 0 else 47
                    S[:, col] = self.gender_arr[uidx] == (1 if tagged_g[j] == "m" else 2)
                    break
                j += 1
            j = qi - 1
            while j >= 0 and qi - j <= 8 and linked[j + 1]:
                if tagged[j] is not None:
                    if tagged[j] in pos:
                        S[pos[tagged[j]], 44 if (qi - j) % 2 == 0 else 45] = 1
                    break
                j -= 1
            ahead: set[int] = set()
            j = qi + 1
            while j < nq and j - qi <= 10 and linked[j]:
                if tagged[j] is not None:
                    ahead.add(tagged[j])
                j += 1
            behind: set[int] = set()
            j = qi - 1
            while j >= 0 and qi - j <= 10 and linked[j + 1]:
                if tagged[j] is not None:
                    behind.add(tagged[j])
                j -= 1
            if tagged[qi] is not None:
                behind.add(tagged[qi])
            both = ahead | behind
            for c in ahead:
                if c in pos:
                    S[pos[c], 48] = 1
            if len(both) == 2:
                for c in both:
                    if c in pos:
                        S[pos[c], 49] = 1
            if tag is not None and tag.head and tag.kind in ("desc", "unknown"):
                for r, c in enumerate(union):
                    if tag.head in self.name_words[c]:
                        S[r, 41] = 1
            subj_recent: list[tuple[int, int]] = []
            for pj in range(max(0, pi - 3), pi + 1):
                subj_recent += [(a, c) for a, c in self.subj.get(pj, ()) if a < q.start]
            for _, c in subj_recent:
                if c in pos:
                    S[pos[c], 40] = 1
            if pron_g is not None:
                for _, c in reversed(subj_recent):
                    if c in pos and self.gender[c] == pron_g and c not in voc:
                        S[pos[c], 39] = 1
                        break
            g_ref = pron_g if (tag is not None and tag.kind == "pron") else beat_g
            if g_ref is not None:
                # the same-gender names in the narration before the quote, nearest paragraph first
                last_c = first_c = None
                for pj in range(pi, max(-1, pi - 4), -1):
                    lst = [c for a, _, c in self.narr.get(pj, ()) if a < q.start and self.gender[c] == g_ref
                           and c not in voc]
                    if lst:
                        if last_c is None:
                            last_c = lst[-1]
                        first_c = lst[0]
                        break
                if last_c is not None and last_c in pos:
                    S[pos[last_c], F["pron_last_name"]] = 1
                if first_c is not None and first_c in pos:
                    S[pos[first_c], F["pron_first_name"]] = 1
            if tag is not None and tag.kind == "desc":
                S[:, F["desc_prominence"]] = self.prominence_arr[uidx]
                if pron_g is not None:
                    for pj in range(pi, max(-1, pi - 4), -1):
                        lst = [c for a, _, c in self.narr.get(pj, ()) if a < q.start and self.gender[c] == pron_g
                               and c not in voc]
                        if lst:
                            if lst[-1] in pos:
                                S[pos[lst[-1]], F["desc_last_name"]] = 1
                            break
            if beat_g is not None:
                gm = self.gender_arr[uidx]
                code = 1 if beat_g == "m" else 2
                S[:, F["beat_pron_match"]] = gm == code
                S[:, F["beat_pron_mismatch"]] = (gm != code) & (gm != 0)
            la = self.last_active_arr[uidx]
            for hi, (lp, hist, last_spoke, addr_prev, run_spk, _) in enumerate(hyps):
                prev_spk = hist[-1] if hist else None
                prev2_spk = hist[-2] if len(hist) > 1 else None
                run_now = run_spk if gap <= 2 else frozenset()
                X = S.copy()
                act = np.maximum(la, last_spoke[uidx])
                X[:, 21] = 1.0 / (1 + np.maximum(0, pi - act))
                X[:, 51] = act < pi - 10
                if pron_g is not None and same_g:
                    best = best_np = -(10**9)
                    pr = pr_np = None
                    for c in same_g:
                        a_c = max(int(act[pos[c]]), pi if c in before else -(10**9))
                        if a_c > best:
                            best, pr = a_c, c
                        if not (gap <= 2 and c == prev_spk) and a_c > best_np:
                            best_np, pr_np = a_c, c
                    if pr is not None:
                        X[pos[pr], 2] = 1
                    if pr_np is not None:
                        X[pos[pr_np], 3] = 1
                    parts = [c for c in (set(run_now) | run_intro) if c in pos and self.gender[c] == pron_g
                             and c not in voc]
                    if len(parts) == 1:
                        X[pos[parts[0]], 36] = 1
                    if tag.kind == "pron":
                        for c in parts:
                            if not (gap <= 1 and c == prev_spk):
                                X[pos[c], F["pron_run_other"]] = 1
                        if gap <= 1 and prev_spk in pos and self.gender[prev_spk] == pron_g:
                            X[pos[prev_spk], F["pron_prev_same"]] = 1
                if beat_g is not None:
                    col = F["beat_pron_np"]
                    X[:, col] = S[:, F["beat_pron_match"]]
                    if gap <= 1 and prev_spk is not None and prev_spk in pos:
                        X[pos[prev_spk], col] = 0
                if prev_spk is not None and prev_spk in pos:
                    r = pos[prev_spk]
                    if gap == 1 and tag is not None and tag.kind == "desc":
                        X[r, F["desc_prev_spk"]] = 1
                    if gap == 1:
                        X[r, 15] = 1
                        X[r, 28] = pure
                    elif 1 < gap <= 3:
                        X[r, 17] = 1
                if near2 and prev2_spk is not None and prev2_spk != prev_spk and prev2_spk in pos:
                    X[pos[prev2_spk], 50] = 1
                if unbroken2 and prev2_spk is not None and prev2_spk != prev_spk and prev2_spk in pos:
                    X[pos[prev2_spk], 16] = 1
                    X[pos[prev2_spk], 29] = pure
                for c in hist[-6:]:
                    if c is not None and c in pos:
                        X[pos[c], 20] = 1
                if gap <= 2:
                    for c in addr_prev:
                        if c in pos:
                            X[pos[c], 25] = 1
                for c in run_now:
                    if c in pos:
                        X[pos[c], 26] = 1
                        if pure and tag is None and c != prev_spk:
                            X[pos[c], 30] = 1
                if conj is not None:
                    X[:, conj] = X[:, _CONJ_COLS]
                scores = score(X, w)
                m = scores.max()
                logz = m + math.log(np.exp(scores - m).sum())
                if collect is not None and collect_gold is not None and collect_gold[qi] is not None:
                    collect.append((qi, union, X, union.index(collect_gold[qi])))
                order = np.argsort(-scores)[:beam] if beam > 1 else [int(np.argmax(scores))]
                for r in order:
                    spk = union[int(r)]
                    if gold is not None and gold[qi] is not None:
                        spk = gold[qi]
                    conf = float(math.exp(scores[r] - logz))
                    addr = [c for c in sorted(voc) if c != spk]
                    if not addr and tag is not None and tag.to is not None and tag.to != spk:
                        addr = [tag.to]
                    if not addr and gap <= 2 and prev_spk is not None and prev_spk != spk:
                        addr = [prev_spk]
                    step.append((spk, tuple(addr), conf, qtype, tag.span if tag else None, hi))
                    ls = last_spoke.copy()
                    ls[spk] = q.last_paragraph
                    new_hyps.append((lp + float(scores[r] - logz), (hist + (spk,))[-8:], ls, tuple(addr),
                                     run_now | {spk}, len(step) - 1))
                    if gold is not None:
                        break
            new_hyps.sort(key=lambda h: -h[0])
            hyps = new_hyps[:beam]
            steps.append(step)
            vocs_prev = voc
        # follow the best hypothesis back
        out: list[Attribution | None] = [None] * nq
        k = hyps[0][5] if hyps else -1
        for qi in range(nq - 1, -1, -1):
            spk, addr, conf, qtype, cue, parent = steps[qi][k]
            out[qi] = Attribution(qi, spk, addr, qtype, round(conf, 4), cue)
            k = parent
        # a two-person run: a quote with no addressee is addressed to whoever answers it
        for i, att in enumerate(out):
            if att.addressees or att.speaker is None or i + 1 >= nq:
                continue
            if self.quotes[i + 1].paragraph - self.quotes[i].last_paragraph <= 2:
                nxt = out[i + 1].speaker
                if nxt is not None and nxt != att.speaker:
                    out[i] = Attribution(att.quote, att.speaker, (nxt,), att.type, att.confidence, att.cue)
        return out

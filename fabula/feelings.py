"""Stage 7, feelings: valence per paragraph, scene and character; relationship arcs.

Reads: Text, Quotes, Cast, Speakers, Scenes. Adds: ``Feelings``.

* Valence is VADER's compound score (the lexicon of the MIT-licensed ``vaderSentiment`` package),
  computed by a lean, vectorised re-implementation of its rules that keeps to the speed target:
  lexicon look-up, negation in the three words before (x -0.74), booster words (+/-0.293 scaled by
  distance), "but" (what follows weighs 1.5, what precedes 0.5), and "!" emphasis, normalised by
  x / sqrt(x^2 + 15). Left out: ALL-CAPS emphasis, idioms and emoticons (rare in fiction).
  Each sentence is scored; a paragraph's valence is the mean of its sentences, a scene's the mean of
  its sentences.
* Arcs are syuzhet-style: the values binned into 100 slices of narrative time (text position), empty
  slices interpolated, then low-pass filtered by keeping the first 5 terms of a discrete cosine
  transform. Per story (every sentence) and per character (what the character says, plus the
  narration of the scenes the character is present in).
* Relationships: for each pair of characters who talk to each other (a quote addressed from one to the
  other; a quote with no addressee goes to the neighbouring quote's speaker in the same scene), the
  quotes exchanged, their words, the mean valence of what each says to the other, the tone per scene,
  and romantic cues (terms of endearment in address, "I love you", kisses and touch in narration where
  both are present).
* Eight NRC emotions per scene only on request (``measure(..., emotions=True)`` or the environment
  variable ``FABULA_EMOTIONS=1``) and only when the optional ``NRCLex`` package is installed
  (``pip install fabula[emotions]``); the NRC Emotion Lexicon is licensed for research and
  non-commercial use only.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections import defaultdict
from functools import lru_cache

import numpy as np

from fabula.model import Cast, Feelings, Quotes, Relationship, Scenes, Span, Speakers, Text, quote_text

ARC_POINTS = 100
LOW_PASS = 5  # DCT terms kept (syuzhet's default low_pass_size)
MAX_CHARACTER_ARCS = 40

_TOKEN = re.compile(r"[A-Za-z][A-Za-z']*")
_NEG_SUFFIX = "n't"
_NEGATIONS_EXTRA = frozenset({"not", "no", "never", "nobody", "nothing", "none", "nowhere", "neither", "nor",
                              "without", "cannot"})


@lru_cache(maxsize=1)
def _vader() -> tuple[dict[str, float], frozenset[str], dict[str, float], float, float, float]:
    from vaderSentiment import vaderSentiment as v

    lex = v.SentimentIntensityAnalyzer().lexicon
    words = {k: float(x) for k, x in lex.items() if k[:1].isalpha()}
    negate = frozenset(w.lower() for w in v.NEGATE) | _NEGATIONS_EXTRA
    return words, negate, dict(v.BOOSTER_DICT), v.N_SCALAR, v.C_INCR, v.B_INCR


_LOWER_TOKEN = re.compile(r"[a-z][a-z']*")


def valences(texts: list[str], spans: list[tuple[int, int]] | None = None) -> np.ndarray:
    """VADER compound valence of each text (a sentence, a quotation), -1..1, computed for all of them
    at once with numpy: per-token work is one dictionary look-up (``map``, no Python loop).
    With ``spans``, ``texts`` is one string and the units are its slices [start, end)."""
    lex, negate, boost, n_scalar, _, _ = _vader()
    if spans is not None:
        whole = texts[0] if isinstance(texts, list) else texts
        low = whole.lower().replace("’", "'")
        if len(low) != len(whole):  # a few Unicode capitals lower-case to two characters
            return valences([whole[a:b] for a, b in spans])
        find = _LOWER_TOKEN.findall
        toks_per = [find(low, a, b) for a, b in spans]
        texts = [whole[a:b] for a, b in spans] if "!" in whole else [""] * len(spans)
    else:
        toks_per = [_LOWER_TOKEN.findall(t.lower().replace("’", "'")) for t in texts]
    counts = np.fromiter(map(len, toks_per), dtype=np.int64, count=len(texts))
    out = np.zeros(len(texts))
    if counts.sum() == 0:
        return out
    flat = list(itertools.chain.from_iterable(toks_per))
    vals = np.fromiter(map(lex.get, flat, itertools.repeat(0.0)), dtype=np.float64, count=len(flat))
    hit = np.nonzero(vals)[0]
    if len(hit) == 0:
        return out
    unit = np.repeat(np.arange(len(texts)), counts)
    first_tok = np.concatenate(([0], np.cumsum(counts)[:-1]))
    # context of each hit: the three tokens before it in the same text
    bget = boost.get
    v = vals[hit]
    sign = np.sign(v)
    negated = np.zeros(len(hit), dtype=bool)
    for back, weight in ((1, 1.0), (2, 0.95), (3, 0.9)):
        j = hit - back
        ok = (j >= 0) & (j >= first_tok[unit[hit]])
        jj = np.where(ok, j, 0)
        words_before = list(map(flat.__getitem__, jj.tolist()))
        b = np.fromiter(map(bget, words_before, itertools.repeat(0.0)), dtype=np.float64, count=len(hit)) * ok
        v = v + sign * b * weight
        negated |= ok & np.array([w in negate for w in words_before], dtype=bool)
    v = np.where(negated, v * n_scalar, v)
    # "but": what precedes weighs half, what follows one and a half
    first_but = np.fromiter((x.index("but") if "but" in x else -1 for x in toks_per), dtype=np.int64,
                            count=len(texts))
    if (first_but >= 0).any():
        fb = first_but[unit[hit]]
        local = hit - first_tok[unit[hit]]
        v = np.where(fb >= 0, np.where(local < fb, v * 0.5, np.where(local > fb, v * 1.5, v)), v)
    total = np.bincount(unit[hit], weights=v, minlength=len(texts))
    bangs = np.fromiter((min(t.count("!"), 4) for t in texts), dtype=np.float64, count=len(texts)) * 0.292
    total = np.where(total > 0, total + bangs, np.where(total < 0, total - bangs, 0.0))
    return total / np.sqrt(total * total + 15.0)


def valence(text: str) -> float:
    """VADER compound valence of one sentence, -1..1 (see the module docstring for the rules kept)."""
    return float(valences([text])[0])


def sentence_valences(text: Text) -> np.ndarray:
    return valences([text.text], [(x.start, x.end) for x in text.sentences])


def smooth_arc(positions, values, weights=None, lo: int = 0, hi: int = 1, points: int = ARC_POINTS,
               low_pass: int = LOW_PASS) -> tuple[float, ...]:
    """A syuzhet-style arc: ``values`` at text ``positions`` in [lo, hi), binned into ``points`` slices
    of narrative time, gaps interpolated, then low-pass filtered by a DCT keeping ``low_pass`` terms."""
    pos = np.asarray(positions, dtype=np.float64)
    val = np.asarray(values, dtype=np.float64)
    if len(pos) == 0 or hi <= lo:
        return ()
    w = np.ones_like(val) if weights is None else np.asarray(weights, dtype=np.float64)
    b = np.clip(((pos - lo) / (hi - lo) * points).astype(np.int64), 0, points - 1)
    sw = np.bincount(b, weights=w, minlength=points)
    sv = np.bincount(b, weights=w * val, minlength=points)
    filled = sw > 0
    x = np.arange(points)
    series = np.interp(x, x[filled], sv[filled] / sw[filled])
    # DCT-II coefficients, keep the first low_pass, inverse (DCT-III) at the same points
    k = np.arange(min(low_pass, points))
    basis = np.cos(np.pi / points * (x[:, None] + 0.5) * k[None, :])  # points x k
    coef = basis.T @ series * (2.0 / points)
    coef[0] /= 2.0
    arc = basis @ coef
    return tuple(np.round(arc, 4).tolist())


def measure(text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, scenes: Scenes,
            emotions: bool | None = None) -> Feelings:
    paras = text.paragraphs
    sv = sentence_valences(text)
    sent_para = np.fromiter((x.paragraph for x in text.sentences), dtype=np.int64, count=len(text.sentences))
    n_par = len(paras)
    cnt = np.bincount(sent_para, minlength=n_par) if n_par else np.zeros(0)
    tot = np.bincount(sent_para, weights=sv, minlength=n_par) if n_par else np.zeros(0)
    para_val = np.divide(tot, cnt, out=np.zeros(n_par), where=cnt > 0)

    sent_start = np.fromiter((x.start for x in text.sentences), dtype=np.int64, count=len(text.sentences))
    scene_starts = [s.start for s in scenes]
    scene_of_sent = np.searchsorted(np.asarray(scene_starts, dtype=np.int64), sent_start, side="right") - 1 \
        if scene_starts else np.zeros(0, dtype=np.int64)
    ns = len(scene_starts)
    if ns:
        ok = scene_of_sent >= 0
        sc_cnt = np.bincount(scene_of_sent[ok], minlength=ns)
        sc_tot = np.bincount(scene_of_sent[ok], weights=sv[ok], minlength=ns)
        scene_val = np.divide(sc_tot, sc_cnt, out=np.zeros(ns), where=sc_cnt > 0)
    else:
        scene_val = np.zeros(0)

    lo = paras[0].start if paras else 0
    hi = paras[-1].end if paras else 1
    story_arc = smooth_arc(sent_start, sv, None, lo, hi)

    s = text.text
    qtexts = [quote_text(s, q) for q in quotes]
    qval = valences(qtexts).tolist()
    qwords = [len(t.split()) for t in qtexts]

    # per character: what they say, and the scenes they are present in
    samples: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
    for q, a, v in zip(quotes, speakers, qval):
        if a.speaker is not None:
            samples[a.speaker].append((q.start, v, 1.0))
    for sc, v in zip(scenes, scene_val):
        for c in sc.present:
            samples[c].append(((sc.start + sc.end) / 2, float(v), 2.0))
    character_arcs = {}
    # the characters with most to go on (at most MAX_CHARACTER_ARCS, each with 3 samples or more)
    best = sorted((c for c, xs in samples.items() if len(xs) >= 3), key=lambda c: -len(samples[c]))
    for c in sorted(best[:MAX_CHARACTER_ARCS]):
        p, v, w = zip(*samples[c])
        character_arcs[c] = smooth_arc(p, v, w, lo, hi)

    rels = relationships(text, quotes, speakers, scenes, qval, qwords, cast)
    emo = None
    if emotions is None:
        emotions = os.environ.get("FABULA_EMOTIONS", "") not in ("", "0")
    if emotions:
        emo = scene_emotions(text, scenes)
    return Feelings(
        paragraph_valence=tuple(np.round(para_val, 4).tolist()),
        scene_valence=tuple(np.round(scene_val, 4).tolist()),
        arc=story_arc,
        character_arcs=character_arcs,
        relationships=rels,
        emotions=emo,
    )


# ------------------------------------------------------------------ relationships

_ENDEARMENT = (r"(?:my\s+)?(?:love|darling|sweetheart|sweetie|honey|babe|baby|dearest|beloved|my\s+dear|dear\s+heart"
               r"|my\s+heart|sweetling|angel|precious|pet)")
_ADDRESS = re.compile(rf"(?:^|[,;—–]\s*)(?P<cue>{_ENDEARMENT})\s*(?:[,.!?;—–]|$)|^(?P<cue2>{_ENDEARMENT})\s*,",
                      re.IGNORECASE)
_ENDEAR_WORD = re.compile(r"love|darling|sweet|honey|bab|dear|angel|precious|pet|heart|marry|kiss|ador")
_LOVE_SAID = re.compile(r"\bI\s+(?:love|adore)\s+you\b|\bmarry\s+me\b|\bkiss\s+me\b|\bI['’]m\s+in\s+love\b",
                        re.IGNORECASE)
_TOUCH = re.compile(  # matched against the lower-cased text (case-insensitive matching is slow)
    r"\b(?:kiss(?:ed|es|ing)?|embrac(?:ed|es|ing)|caress(?:ed|es|ing)?|cuddl(?:ed|es|ing)|nuzzl(?:ed|es|ing)"
    r"|held\s+(?:her|his|their)\s+hand|hand\s+in\s+hand|laced\s+(?:their|his|her)\s+fingers|in\s+(?:his|her)\s+arms"
    r"|made\s+love|stroked\s+(?:her|his)\s+(?:hair|cheek|face)|cupped\s+(?:her|his)\s+(?:face|cheek|jaw))\b")


def addressees_of(quotes: Quotes, speakers: Speakers, scenes: Scenes) -> list[tuple[int, ...]]:
    """Addressees per quote; when the speaker stage gives none, the speaker of the neighbouring quote
    (previous, else next) in the same scene, no more than three paragraphs away."""
    sc_starts = [x.start for x in scenes]
    out: list[tuple[int, ...]] = []
    n = len(quotes)
    for i, (q, a) in enumerate(zip(quotes, speakers)):
        if a.speaker is None:
            out.append(())
            continue
        got = tuple(x for x in a.addressees if x != a.speaker)
        if not got:
            my_scene = bisect.bisect_right(sc_starts, q.start)
            for j in (i - 1, i + 1, i - 2, i + 2):
                if 0 <= j < n:
                    qj, aj = quotes[j], speakers[j]
                    if (aj.speaker is not None and aj.speaker != a.speaker
                            and abs(qj.paragraph - q.paragraph) <= 3
                            and bisect.bisect_right(sc_starts, qj.start) == my_scene):
                        got = (aj.speaker,)
                        break
        out.append(got)
    return out


def relationships(text: Text, quotes: Quotes, speakers: Speakers, scenes: Scenes, qval: list[float],
                  qwords: list[int], cast: Cast) -> tuple[Relationship, ...]:
    s = text.text
    sc_starts = [x.start for x in scenes]
    addressed = addressees_of(quotes, speakers, scenes)
    pairs: dict[tuple[int, int], dict] = {}
    for q, a, to, v, w in zip(quotes, speakers, addressed, qval, qwords):
        for t in to:
            key = (min(a.speaker, t), max(a.speaker, t))
            r = pairs.get(key)
            if r is None:
                r = pairs[key] = {"n": 0, "words": 0, "vals": [], "by_scene": defaultdict(list), "cues": [],
                                  "from_a": [], "from_b": []}
            r["n"] += 1
            r["from_a" if a.speaker == key[0] else "from_b"].append(v)
            r["words"] += w
            r["vals"].append(v)
            r["by_scene"][max(0, bisect.bisect_right(sc_starts, q.start) - 1)].append(v)
            for piece in q.pieces:
                seg = s[piece.start:piece.end]
                if not _ENDEAR_WORD.search(seg.lower()):
                    continue
                for m in _ADDRESS.finditer(seg):
                    g = "cue" if m.group("cue") else "cue2"
                    r["cues"].append(Span(piece.start + m.start(g), piece.start + m.end(g)))
                for m in _LOVE_SAID.finditer(seg):
                    r["cues"].append(Span(piece.start + m.start(), piece.start + m.end()))
    # touch in narration: credited to the two characters the sentence is about
    if pairs:
        low = s.lower()  # same offsets: lower() keeps the length of English text
        if len(low) != len(s):
            low = s
        genders = _genders(cast)
        for sc in scenes:
            if len(sc.present) < 2:
                continue
            for m in _TOUCH.finditer(low, sc.start, sc.end):
                pair = _touch_pair(s, cast, genders, m.start(), m.end(), set(sc.present))
                if pair in pairs:
                    pairs[pair]["cues"].append(Span(m.start(), m.end()))
    out = []
    for (a, b), r in sorted(pairs.items(), key=lambda kv: (-kv[1]["n"], kv[0])):
        scenes_idx = tuple(sorted(r["by_scene"]))
        arc = tuple(float(round(sum(r["by_scene"][i]) / len(r["by_scene"][i]), 4)) for i in scenes_idx)
        cues = tuple(sorted(set(r["cues"]), key=lambda x: x.start))
        strong = any(s[c.start:c.start + 4].lower() == "kiss" for c in cues)
        romantic = len(cues) >= 2 or strong
        tones = tuple(round(sum(x) / len(x), 4) if x else 0.0 for x in (r["from_a"], r["from_b"]))
        out.append(Relationship(a, b, r["n"], r["words"], float(round(sum(r["vals"]) / len(r["vals"]), 4)), arc,
                                scenes_idx, romantic, cues, tones))
    return tuple(out)


_PRONOUN_GENDER = re.compile(r"\b(?:(?P<m>[Hh]e|[Hh]im|[Hh]is|[Hh]imself)|(?P<f>[Ss]he|[Hh]er|[Hh]ers|[Hh]erself))\b")


def _genders(cast: Cast) -> dict[int, str]:
    from fabula.pov import gender_of

    return gender_of(cast)


def _touch_pair(s: str, cast: Cast, genders: dict[int, str], start: int, end: int, present: set[int]
                ) -> tuple[int, int] | None:
    """The two characters a kiss or touch at [start, end) is between: those named in its sentence,
    then the nearest characters mentioned before it whose gender matches the sentence's pronouns."""
    lo = max(s.rfind(".", max(0, start - 300), start), s.rfind("\n", max(0, start - 300), start)) + 1
    hi_candidates = [i for i in (s.find(".", end, end + 200), s.find("\n", end, end + 200)) if i >= 0]
    hi = min(hi_candidates) if hi_candidates else end
    starts = _mention_starts(cast)
    i0, i1 = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    who: list[int] = []
    for m in cast.mentions[i0:i1]:
        if m.character in present and m.character not in who and m.kind != "vocative":
            who.append(m.character)
    want = {k for m in _PRONOUN_GENDER.finditer(s, lo, hi) for k, v in m.groupdict().items() if v}
    want -= {genders.get(c) for c in who}
    j = i0 - 1
    while len(who) < 2 and j >= 0 and cast.mentions[j].start > lo - 1500:
        c = cast.mentions[j].character
        if c in present and c not in who and (not want or genders.get(c) in want or genders.get(c) is None):
            who.append(c)
            want.discard(genders.get(c))
        j -= 1
    if len(who) < 2:
        return None
    return (min(who[0], who[1]), max(who[0], who[1]))


_STARTS_CACHE: dict[int, list[int]] = {}


def _mention_starts(cast: Cast) -> list[int]:
    key = id(cast.mentions)
    got = _STARTS_CACHE.get(key)
    if got is None or len(got) != len(cast.mentions):
        _STARTS_CACHE.clear()
        got = _STARTS_CACHE[key] = [m.start for m in cast.mentions]
    return got


# ------------------------------------------------------------------ emotions (opt-in)

EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")


def _emolex() -> dict[str, list[str]] | None:
    """NRC EmoLex as shipped in the NRCLex package (research / non-commercial licence), or None."""
    import importlib.resources
    import importlib.util
    import json

    if importlib.util.find_spec("nrclex") is None:
        return None
    for package in ("nrclex.data", "nrclex"):  # 4.x keeps it in nrclex/data, older releases beside the code
        try:
            data = importlib.resources.files(package).joinpath("nrc_en.json").read_text(encoding="utf-8")
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            continue
        return {k: list(v) for k, v in json.loads(data).items()}
    return None


def scene_emotions(text: Text, scenes: Scenes) -> dict[str, tuple[float, ...]] | None:
    """Per scene, the share of words carrying each of the eight NRC emotions (None if NRCLex is absent)."""
    lex = _emolex()
    if lex is None:
        return None
    s = text.text
    out = {e: [] for e in EMOTIONS}
    for sc in scenes:
        words = [w.lower() for w in _TOKEN.findall(s, sc.start, sc.end)]
        counts = dict.fromkeys(EMOTIONS, 0)
        for w in words:
            for e in lex.get(w, ()):
                if e in counts:
                    counts[e] += 1
        n = max(len(words), 1)
        for e in EMOTIONS:
            out[e].append(round(counts[e] / n, 5))
    return {e: tuple(v) for e, v in out.items()}

"""Stage 6, scenes: where the story changes scene, and whose eyes each scene is told through.

Reads: Work (explicit breaks, chapters), Text, Quotes, Cast, Speakers. Adds: ``Scenes``.

Boundaries always fall on paragraph starts. They come from, in order of certainty:

* the story start and chapter starts (``boundary="start"`` / ``"chapter"``);
* explicit breaks found at ingest (``* * *``, ``<hr>``, ``xXx``...), and break-like lines the ingest
  left in the text (a row of symbols, "Scene break", a POV label such as ``[Ivy's POV]``), or a
  chapter/letter heading or a diary date line the ingest did not split on (``"explicit"``);
* implicit breaks where the markers were lost (``"implicit"``), decoded for the whole paragraph
  sequence at once (``decode``, Viterbi): each scene is told through one of the story's focal
  characters and earns its paragraphs' evidence for them (``pov.emission``); opening a scene costs
  ``THRESHOLD`` less the paragraph's candidate score (``candidates``: a time or place jump opening a
  narration paragraph, "The next morning", "After breakfast", "We drove on to the coast"; a change of
  who is present; lexical cohesion, TextTiling's idea). So a change of focal character in a story
  that alternates POV is a boundary when the evidence pays for it, one paragraph in another head is
  not, and a time jump in the same head is when its score beats the threshold. No implicit boundary
  within ``MIN_GAP`` paragraphs after another. Blank lines are not looked at. The method and its
  figures: docs/scenes-and-feelings.md, docs/benchmarks.md.

Each scene then gets its narrative person, its POV character (see ``fabula.pov``), the characters
present (named in narration, speaking or spoken to) and a confidence. A scene whose inner-life cues
belong to another character for a paragraph or more gets a "head_hopping" warning in ``Scenes.head_hops``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from fabula import pov
from fabula.model import Cast, Quotes, Scene, Scenes, Speakers, Text, Warning, Work

THRESHOLD = 0.35  # implicit boundary score needed (leave-one-text-out on the dev scene data picks 0.35)
EMBEDDED_MIN_CHARS = 200  # a paragraph of a long quoted tale, not a line of dialogue
MIN_GAP = 3  # paragraphs between an implicit boundary and any other boundary
SWITCH_SCALE = 0.2  # focal evidence (cue strength) -> boundary-score units
FOCAL_SHARE = 0.3  # a focal character of the story holds this share of the leading one's evidence
MIN_FOCAL = 3.0  # ... and at least this much evidence in all
PLACEMENT = 0.01  # a tie-break, not evidence: it moves a boundary the rest leaves open, never makes one

_NUM = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
        r"|a\s+few|a\s+couple\s+of|several|some|many|\d+)")
_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|moments?|decades?|centuries"
         r"|summers?|winters?)")
_LONG_UNIT = r"(?:hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|centuries|summers?|winters?)"
_PART = (r"(?:morning|afternoon|evening|night|day|dawn|dusk|daybreak|sunrise|sunset|noon|midday|midnight"
         r"|twilight|nightfall|week|weekend|month|year|spring|summer|autumn|fall|winter)")
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_LEAD = r"^[\s(\[*_]*"  # paragraph start, allowing emphasis marks (not quotation marks: that is dialogue)

# (pattern, score): matched at the start of a narration paragraph, case-insensitively (after _LEAD),
# all at once as the alternation _OPENER: kept as text, so that each is not compiled on its own too
OPENERS: tuple[tuple[str, float], ...] = (
    # strong: unmistakable jumps in time or place
    (rf"(?:early\s+|late\s+)?(?:the|that|on\s+the)\s+(?:next|following|previous)\s+{_PART}\b", 0.7),
    (rf"(?:the\s+)?next\s+{_PART}\b", 0.7),
    (rf"(?:later|earlier)\s+(?:that|this|the\s+same|in\s+the)\s+{_PART}\b", 0.7),
    (rf"{_NUM}\s+(?:\w+\s+)?{_UNIT}\s+(?:later|afterwards?|earlier|before|ago|after|passed|went\s+by|had\s+passed)\b", 0.7),
    (rf"{_UNIT}\s+(?:later|passed|went\s+by|had\s+passed)\b", 0.7),
    (r"(?:meanwhile|in\s+the\s+meantime|meantime|elsewhere|at\s+the\s+same\s+time|across\s+town)\b", 0.7),
    (r"back\s+(?:at|in|on|home)\b", 0.7),
    (rf"(?:early|late)\s+(?:in\s+the\s+|one\s+|that\s+|the\s+)?{_PART}\b", 0.6),
    (rf"(?:by|on|that|one|next)\s+{_WEEKDAY}\b", 0.6),
    # "Sunday lunch at the farm was...", "Friday night, and the bar was full"
    (rf"{_WEEKDAY}\s+(?:{_PART}|breakfast|brunch|lunch|dinner|supper)\b", 0.6),
    # a span of time told in summary: "For three years she wrote to him" (not "waited for a year")
    (rf"for\s+(?:{_NUM}|several|many|a\s+few)\s+(?:\w+\s+)?{_LONG_UNIT}\b", 0.45),
    (rf"(?:(?:on|by)\s+)?(?:the\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b", 0.6),
    (r"(?:some|a\s+little|a\s+short|not\s+long)\s+(?:time|while)\s+(?:later|after(?:wards?)?)\b", 0.7),
    (r"(?:sometime|some\s+time|a\s+while|much|not\s+long)\s+later\b", 0.7),
    (rf"(?:in|with)\s+the\s+(?:course\s+of\s+the\s+)?(?:next|following)\s+(?:\w+\s+)?{_UNIT}\b", 0.6),
    (rf"one\s+{_PART}\b", 0.6),
    ((rf"on\s+the\s+(?:\w+\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final"
     rf"|\d+(?:st|nd|rd|th))\s+(?:{_PART}|of)\b"), 0.6),
    (rf"(?:that|this)\s+{_PART}\b", 0.5),
    (rf"(?:in|at|by|towards?|during|before|after|around|near)\s+(?:the\s+)?{_PART}\b", 0.5),
    ((r"(?:at|about|around|by|till|until|near(?:ly)?|it\s+was\s+(?:about|nearly|almost|past)?)\s*"
     r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
     r"(?:\s+o['’]clock|:\d\d|\s+(?:a\.?m|p\.?m)\b)"), 0.6),
    (rf"(?:an?|one|two|three|half\s+an?)\s+{_UNIT}\s+(?:before|after)\b", 0.5),
    (r"it\s+was\s+(?:already\s+|almost\s+|nearly\s+|well\s+past\s+|past\s+|late\s+)?(?:morning|evening|night|dark|dawn|noon|midnight)\b", 0.5),
    (r"when\s+(?:\w+\s+){1,3}(?:woke|awoke|awakened|returned|came\s+back|got\s+back|got\s+home|arrived)\b", 0.45),
    (r"(?:later|afterwards?|eventually|soon\s+after(?:wards?)?)\s*,", 0.45),
    (r"by\s+the\s+time\b", 0.4),
    (r"(?:at\s+(?:last|length))\b", 0.3),
    (rf"(?:in|after|within)\s+(?:another|a\s+further)\s+{_LONG_UNIT}\b", 0.6),
    (rf"after\s+(?:{_NUM}\s+)?(?:\w+\s+)?(?:{_LONG_UNIT}|some\s+time)\b", 0.5),
    (r"(?:soon|shortly|not\s+long)\s+after(?:wards?)?\b", 0.45),
    (r"(?:when|while)\s+(?:I|he|she|we|they)\s+(?:was|were)\s+(?:about\s+)?\w+\s+years\s+old\b", 0.5),
    (rf"during\s+the\s+(?:next|following|{_NUM})\s+", 0.45),
    (r"(?:once\s+upon\s+a\s+time|one\s+day|years\s+ago|long\s+ago)\b", 0.45),
    # waking up opens a new day: "Haruki woke to the smell of rice", "I woke late"
    (r"(?:[A-Z][\w'’-]*\s+){1,2}(?:woke|awoke|wakes|awakes|awakened)\b", 0.5),
    (r"(?:by|on|at|after)\s+the\s+(?:first|second|third|fourth|fifth|sixth|last|next|final)\s+\w+\b", 0.45),
    ((r"(?:after|before|over|during)\s+(?:breakfast|lunch|dinner|supper|tea|brunch|school|work|class|church"
     r"|practice|training|the\s+(?:funeral|wedding|party|meeting|match|game|show|concert))\b"), 0.6),
    # travel that moves the story on: "We drove on to the coast", "The car took the bridge",
    # "Getting home was the easy part"
    ((r"(?:we|they|I|[A-Z][\w'’-]*|the\s+\w+)\s+(?:drove|walked|rode|flew|sailed|travell?ed|headed|hiked"
      r"|arrived|reached|got\s+(?:back|home|there)|pulled\s+(?:into|up)|made\s+it|took\s+the\s+\w+)"
      r"(?:\s+on)?\s+(?:to|into|at|in|across|over|through|back|home|the)\b"), 0.4),
    ((r"(?:getting|going|coming|walking|driving|finding\s+\w+|leaving)\s+(?:home|back|there|out|in)\b[^.]{0,40}"
     r"\b(?:was|is|had\s+been|took)\b"), 0.45),
)

_MARKER = re.compile(r"^[\s*~\-=_#+•◦§·.oOxX0]{1,40}$")
_MARKER_WORDS = re.compile(r"^\W*(?:scene|line|page)\s*(?:break|change)\W*$", re.IGNORECASE)
_POV_LABEL = re.compile(
    r"^[\s\[\(~*_-]*(?P<name>[\w .'’-]{1,40}?)(?:['’]s)?\s+(?:p\.?o\.?v\.?)\s*[\]\)~*_-]*$", re.IGNORECASE)
HEADING = re.compile(
    r"^\s*(?:(?:chapter|letter|stave|part|book)\s+(?:[0-9]+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|the\s+\w+)|prologue|epilogue|interlude)\b"
    r"[\s.:—–-]*[^.!?\n]{0,60}$",
    re.IGNORECASE)
# a numbered heading followed by names, places, dates (abbreviation points allowed) and no prose word
_NUMBERED_HEAD = re.compile(r"^\s*(?:chapter|letter|part|book|stave)\s+(?:[0-9]+|[ivxlcdm]+)\b(?P<rest>[^!?\n]{0,70})$",
                            re.IGNORECASE)
_PROSE_WORD = re.compile(r"\b[a-z]{4,}\b")
_DATE_LINE = re.compile(rf"^\s*(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})"
                        r"[,.]?\s*(?:\d{2,4}[^\s]*)?\s*\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible implicit boundary at paragraph ``paragraph`` with its score and why."""

    paragraph: int
    score: float
    reasons: tuple[str, ...]


# Weaker: a time expression inside the opening clause ("In the brightness of the sun next morning",
# "It was late in a drizzly afternoon", "Tom's letter was written that evening"), or the narrator
# stepping in to move the story on ("Our readers may not be unwilling...", "We must now return").
EARLY_TIME = re.compile(
    rf"\b(?:(?:next|following)\s+{_PART}|(?:that|one|the\s+same)\s+(?:morning|afternoon|evening|night)"
    rf"|(?:in|after|within)\s+{_NUM}\s+(?:or\s+\w+\s+)?(?:\w+\s+)?(?:days?|weeks?|months?|years?)"
    rf"|at\s+(?:dawn|dusk|midnight|noon|sunset|sunrise|daybreak|nightfall)"
    rf"|{_WEEKDAY}\s+(?:morning|afternoon|evening|night|breakfast|brunch|lunch|dinner|supper)"
    rf"|it\s+was\s+(?:[\w-]+[ ,]+){{0,4}}(?:morning|afternoon|evening|{_WEEKDAY})"
    rf"|(?:about|at)\s+this\s+time|(?:a|one|the)\s+(?:\w+\s+)?(?:week|month|year|day)\s+(?:after|later)"
    rf"|^[\s(\[*_]*after\s+that|after\s+that(?=\s*(?:,|$))|the\s+(?:first|second|third|last)\s+(?:night|day|morning|evening|week))\b",
    re.IGNORECASE)
# Time passing, said outright: "Two days passed", "A considerable period elapsed", "Day dawned",
# "When night came again", "The summer months passed while I worked".
TIME_PASSES = re.compile(
    rf"\b(?:{_LONG_UNIT}|time|period|season|spring|autumn|fall)\s+(?:\w+\s+)?"
    r"(?:passed|elapsed|went\s+by|wore\s+on|rolled\s+(?:by|on)|had\s+passed|had\s+elapsed|had\s+gone\s+by"
    r"|were\s+gone|was\s+gone|had\s+gone)\b"
    r"|\b(?:day|morning|dawn|daylight|night|evening|darkness|dusk)\s+(?:\w+\s+){0,3}?(?:dawned|came|broke|fell"
    r"|arrived|approached|woke|returned|shut\s+in|set\s+in|had\s+come|had\s+fallen)\b"
    r"|\bbetween\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+and\s+\w+\s+(?:o['’]clock|in\s+the)\b"
    r"|\b(?:my|our|his|her|their|the)\s+journey\s+(?:was|had\s+been|took|lasted)\b",
    re.IGNORECASE)
# "Mrs. Hollin had gone on her visit", "The concert had run late": the past perfect
# opening a paragraph steps back in time to pick up another thread.
PLUPERFECT = re.compile(
    r"^[\s(\[*_]*(?!(?:Nobody|Somebody|Everybody|No\s+one|Someone|Everyone|Anyone|It|There|This|That|He|She|They"
    r"|I|We|You)\b)(?:(?:[A-Z][\w.'’-]*|and|the|of|at|in)\s+){1,6}had\s+(?:\w+ly\s+|not\s+|already\s+|just\s+)?"
    r"(?:been|gone|come|returned|retired|left|arrived|stood|sat|spent|taken|made|passed|slept|risen|[a-z]+ed)\b")
NARRATOR_MOVES = re.compile(
    r"^(?:[^.!?]{0,60}?\b)?(?:our\s+(?:readers?|story|hero|heroine|friends?|humble|travellers?|travelers?)"
    r"|let\s+us|we\s+(?:must|shall|will|now|return|left)|the\s+reader)\b",
    re.IGNORECASE)


# all the openers as one alternation (first match wins, as in the list); group o<i> is OPENERS[i]
_OPENER = re.compile(
    _LEAD + "(?:" + "|".join(f"(?P<o{i}>{p})" for i, (p, _) in enumerate(OPENERS)) + ")",
    re.IGNORECASE)


def opener_score(paragraph_text: str) -> float:
    """How strongly a paragraph's opening words announce a jump in time or place (0 if not at all)."""
    head = paragraph_text[:120]
    if head.lstrip()[:1] in "\"“‘'«—–":
        return 0.0  # dialogue: a character talking about the next morning is not a jump
    m = _OPENER.match(head)
    if m:
        return OPENERS[int(m.lastgroup[1:])][1]
    first_clause = re.split(r"[.;:!?]", head, maxsplit=1)[0]
    if EARLY_TIME.search(first_clause):
        return 0.45
    if NARRATOR_MOVES.match(head):
        return 0.45
    if TIME_PASSES.search(first_clause):
        return 0.5
    if PLUPERFECT.match(first_clause):
        return 0.2  # only with other evidence: backstory in the past perfect is common inside scenes
    return 0.0


def marker_kind(paragraph_text: str) -> str | None:
    """'marker' for a break line left in the text, 'pov' for a POV label, 'heading' for a chapter,
    letter or date heading the ingest did not split on; None for story prose."""
    t = paragraph_text.strip()
    if len(t) > 80:
        return None
    if (_MARKER.match(t) and not t.isalnum()) or _MARKER_WORDS.match(t) or t in ("xXx", "oOo", "XxX", "OoO"):
        return "marker"
    if _POV_LABEL.match(t):
        return "pov"
    if HEADING.match(t) or _DATE_LINE.match(t):
        return "heading"
    m = _NUMBERED_HEAD.match(t)
    if m and not _PROSE_WORD.search(m.group("rest")):
        return "heading"  # "Letter 4 _To Mrs. Wren, Dover._ June 5th, 18—.": a heading with abbreviations
    return None


def segment(work: Work, text: Text, quotes: Quotes, cast: Cast, speakers: Speakers,
            threshold: float = THRESHOLD, switch_scale: float | None = None, min_gap: int | None = None,
            focal_prior: float | None = None) -> Scenes:
    """Scenes of the story (see the module docstring)."""
    paras = text.paragraphs
    if not paras:
        return Scenes(())
    hard, pov_labels = hard_boundaries(work, text, cast)
    ev = pov.evidence(text, quotes, cast, tuple(hard))
    words: dict[int, set[str]] = {}  # content words per paragraph, for both uses of cohesion
    cands = candidates(text, ev, hard, speakers, quotes, pov_switch=False, cache=words)
    story_person, _ = pov.person(ev, 0, len(paras))
    states, emit = focal_emissions(ev, story_person)
    if switch_scale is not None:
        emit = emit * (switch_scale / SWITCH_SCALE)
    bounds = decode(hard, cands, emit, states, threshold, MIN_GAP if min_gap is None else min_gap,
                    placement(text, ev, words))
    focal = tuple(o for o in states if isinstance(o, int))
    return build(text, quotes, cast, speakers, ev, bounds, pov_labels, focal, focal_prior)


def focal_emissions(ev: pov.Evidence, person: str, share: float = FOCAL_SHARE, most: int = 4
                    ) -> tuple[list[int | str], np.ndarray]:
    """The story's focal characters (those holding at least ``share`` of the leader's focal evidence,
    at most ``most``; fewer than two means the story does not alternate POV and gets one state) and,
    per paragraph and focal character, that paragraph's evidence for them, in boundary-score units."""
    n = len(ev.focal)
    total: Counter = Counter()
    for p, named in enumerate(ev.named):
        if not ev.focal[p] and not (p < len(ev.subjects) and ev.subjects[p]):
            # names alone: pov.scores gives NAME_WEIGHT * min(k, 10), taken out again below (only a
            # paragraph naming someone more than ten times has any: most name no one)
            for o, k in Counter(named).items() if len(named) > 10 else ():
                if k > 10:
                    total[o] += pov.NAME_WEIGHT * 10 - pov.NAME_WEIGHT * k
            continue
        for o, v in pov.scores(ev, p, p + 1, person).items():
            total[o] += v - pov.NAME_WEIGHT * named.count(o) if isinstance(o, int) else v
    ranked = [(o, v) for o, v in total.most_common() if isinstance(o, int) or o in ("i", "you", "m", "f")]
    top = ranked[0][1] if ranked else 0.0
    states = [o for o, v in ranked[:most] if v >= max(MIN_FOCAL, share * top)]
    if len(states) < 2:
        return states[:1] or [None], np.zeros((n, 1))
    return states, pov.emission(ev, states, person) * SWITCH_SCALE


def quartiles(values, qs: tuple[float, ...]) -> list[float]:
    """``np.quantile(values, qs)`` with its default (linear) method, the same values to the last bit:
    the two order statistics around each ``q * (n - 1)`` and numpy's interpolation between them.
    (``np.quantile`` calls ``np.unique``, whose first call imports ``numpy.ma``: 15 ms of every run.)"""
    a = np.sort(np.asarray(values, dtype=np.float64))
    out = []
    for q in qs:
        at = q * (len(a) - 1)
        lo = int(at)
        hi = min(lo + 1, len(a) - 1)
        t = at - lo
        d = float(a[hi]) - float(a[lo])
        out.append(float(a[hi]) - d * (1 - t) if t >= 0.5 else float(a[lo]) + d * t)
    return out


def placement(text: Text, ev: pov.Evidence, cache: dict[int, set[str]] | None = None) -> np.ndarray:
    """Per paragraph: a small bonus where a scene could open when nothing else says where: a narration
    paragraph across which the vocabulary changes (cohesion in the lowest quarter of the story's)."""
    n = len(text.paragraphs)
    out = np.zeros(n)
    if n < 20:
        return out
    s = text.text
    at = [i for i in range(1, n) if s[text.paragraphs[i].start] not in "\"“‘'«—–"]
    if not at:
        return out
    c = cohesion(text, at, cache=cache)
    low, mid = quartiles(c, (0.25, 0.5))
    out[np.asarray(at)[(c <= low) & (c < mid)]] = PLACEMENT
    return out


def decode(hard: dict[int, tuple[str, float]], cands: list[Candidate], emit: np.ndarray, states: list,
           threshold: float, gap: int = MIN_GAP, prior: np.ndarray | None = None
           ) -> dict[int, tuple[str, float, tuple[str, ...]]]:
    """Boundaries for the whole paragraph sequence at once (Viterbi): each scene is told through one
    of ``states`` and is worth its paragraphs' evidence for that character (``emit``); an implicit
    boundary costs ``threshold`` less its candidate score (time/place jump, change of who is present,
    vocabulary); hard boundaries are free and forced; an implicit boundary is at least ``gap``
    paragraphs from the boundary before it. So a change of focal character needs enough evidence on
    both sides to pay for a boundary, and the boundary lands where the other signals point; where
    none does, where ``prior`` (``placement``) is highest, else as early as it can go."""
    n, k = emit.shape
    bonus = np.zeros(n)
    why: dict[int, tuple[str, ...]] = {}
    for c in cands:
        bonus[c.paragraph] = c.score
        why[c.paragraph] = c.reasons
    # where the evidence leaves the place of a change open, put it as early as it can go: a scene
    # opens and its focal character's thoughts follow
    bonus += 1e-3 * (n - np.arange(n)) / max(n, 1)
    if prior is not None:
        bonus += prior
    neg = -1e18
    G = gap + 1
    E = emit.tolist()
    bon = bonus.tolist()
    # V[j][d]: best score with the current scene told through state j, d paragraphs long (capped at
    # gap; d = 0 unused); plain lists: k and gap are a handful, numpy's per-call cost would dominate
    V = [[neg] * G for _ in range(k)]
    for j in range(k):
        V[j][1] = E[0][j]
    back: list[list[list[int]]] = []  # per paragraph: for each (j, d) the previous j * G + d, -1 = start
    for p in range(1, n):
        W = [[neg] * G for _ in range(k)]
        B = [[-1] * G for _ in range(k)]
        if p in hard:
            flat = [x for row in V for x in row]
            top = max(flat)
            src = flat.index(top)
            for j in range(k):
                W[j][1] = top
                B[j][1] = src
        else:
            for j in range(k):
                Vj, Wj, Bj = V[j], W[j], B[j]
                for d in range(1, G):  # stay in the scene
                    dd = d + 1 if d < gap else gap
                    if Vj[d] > Wj[dd]:
                        Wj[dd] = Vj[d]
                        Bj[dd] = j * G + d
            col = [V[j][gap] for j in range(k)]
            jb = col.index(max(col))  # or open a new scene here
            cost = V[jb][gap] + bon[p] - threshold
            for j in range(k):
                if cost > W[j][1]:
                    W[j][1] = cost
                    B[j][1] = jb * G + gap
        e = E[p]
        for j in range(k):
            ej, Wj = e[j], W[j]
            for d in range(G):
                Wj[d] += ej
        V = W
        back.append(B)
    # trace back the scene starts
    flat = [x for row in V for x in row]
    cur = flat.index(max(flat))
    out: dict[int, tuple[str, float, tuple[str, ...]]] = {0: (*hard.get(0, ("start", 1.0)), ())}
    for p in range(n - 1, 0, -1):
        j, d = divmod(cur, G)
        prev = back[p - 1][j][d]
        if d == 1:
            pj = prev // G
            if p in hard:
                out[p] = (*hard[p], ())
            else:
                reasons = why.get(p, ()) + (("POV switch",) if pj != j else ())
                out[p] = ("implicit", round(min(0.95, 0.5 + max(0.0, bonus[p])), 3), reasons)
        cur = prev
    return dict(sorted(out.items()))


def hard_boundaries(work: Work, text: Text, cast: Cast) -> tuple[dict[int, tuple[str, float]], dict[int, int]]:
    """Paragraph index -> (boundary kind, confidence) for start, chapter and explicit boundaries, and
    paragraph index -> POV character for scenes opened by a POV label."""
    paras = text.paragraphs
    out: dict[int, tuple[str, float]] = {0: ("start", 1.0)}
    labels: dict[int, int] = {}
    for i in range(1, len(paras)):
        if paras[i].chapter != paras[i - 1].chapter:
            out[i] = ("chapter", 1.0)
    starts = [p.start for p in paras]
    for b in work.breaks:
        i = bisect.bisect_left(starts, b.end)
        if 0 < i < len(paras) and i not in out:
            out[i] = ("explicit", 0.95)
    s = text.text
    for i, p in enumerate(paras):
        if p.end - p.start > 80:
            continue
        kind = marker_kind(s[p.start:p.end])
        if kind is None:
            continue
        if kind == "pov":
            name = _POV_LABEL.match(s[p.start:p.end].strip()).group("name").strip()
            c = cast.alias_of(name) or (cast.alias_of(name.split()[-1]) if name.split() else None)
            if c is not None:
                labels[i] = c.index
            j = i  # the label opens the scene it names
        elif kind == "heading":
            j = i
        else:
            j = i + 1  # a break line closes the scene before it
        if j >= len(paras):
            continue
        if j == 0 or (j - 1 in out and kind != "marker"):
            # a heading right after a boundary belongs to that boundary's scene
            continue
        if j not in out:
            out[j] = ("explicit", 0.9 if kind == "marker" else 0.85)
    # a marker line directly after a heading: keep one boundary
    return dict(sorted(out.items())), labels


def candidates(text: Text, ev: pov.Evidence, hard: dict[int, tuple[str, float]], speakers: Speakers,
               quotes: Quotes, pov_switch: bool = True, cache: dict[int, set[str]] | None = None
               ) -> list[Candidate]:
    """Scored implicit-boundary candidates inside the spans between hard boundaries (``cache``: see
    ``cohesion``)."""
    paras = text.paragraphs
    n = len(paras)
    s = text.text
    score = [0.0] * n
    why: list[list[str]] = [[] for _ in range(n)]

    # paragraphs of a story told inside a long quotation (a frame narrative: each paragraph reopens
    # the quotation, as in Frankenstein's or Marlow's tales) are narration too
    told: set[int] = set()
    for q in quotes:
        if q.last_paragraph > q.paragraph:
            # not its first paragraph: a character starting to tell a story is still in the scene
            told.update(k for k in range(q.paragraph + 1, q.last_paragraph + 1)
                        if paras[k].end - paras[k].start >= EMBEDDED_MIN_CHARS)

    # 1. time/place openers, on narration paragraphs only
    for i, p in enumerate(paras):
        if i in hard:
            continue
        start = p.start
        if ev.quoted[i] and s[p.start] in "\"“‘'«—–":
            if i not in told:
                continue
            start += 1
        o = opener_score(s[start:min(p.end, start + 120)])
        if o:
            score[i] += o
            why[i].append("time/place jump")
            if o >= 0.45 and i > 0 and ev.quoted[i - 1] and not ev.quoted[i]:
                score[i] += 0.05  # a conversation ends, narration moves on

    # present in each paragraph: named in narration, speaking
    present: list[set[int]] = [set(x) for x in ev.named]
    for q, a in zip(quotes, speakers):
        if a.speaker is not None:
            present[q.paragraph].add(a.speaker)

    # 2. POV switches and 3. changes of who is present, inside each hard-bounded span
    hard_idx = sorted(hard) + [n]
    for lo, hi in itertools.pairwise(hard_idx):
        if hi - lo < 2 * MIN_GAP:
            continue
        span_cues = ev.cues_between(lo, hi)
        genders = pov.resolve_genders(ev, lo, hi)
        owned = pov.owners(ev, span_cues, genders, keep_unknown=True)
        for i, reason in _pov_switches(owned, lo, hi) if pov_switch else ():
            score[i] += 0.6
            why[i].append(reason)
        window = 6
        for i in range(lo + MIN_GAP, hi - MIN_GAP + 1):
            if score[i] == 0.0:
                continue  # a change of who is present only ever supports another signal
            before: set[int] = set().union(*present[max(lo, i - window):i])
            after: set[int] = set().union(*present[i:min(hi, i + window)])
            if before and after and not (before & after):
                score[i] += 0.3
                why[i].append("different characters present")
    # 4. lexical cohesion: a candidate where the words before and after have little in common is a
    # likelier break (TextTiling's idea), one where they share much is a likelier continuation
    todo = [i for i in range(n) if score[i] > 0 and i not in hard]
    if todo and n >= 20:
        sims = cohesion(text, todo, cache=cache)
        sample = cohesion(text, list(range(1, n, max(1, n // 400))), cache=cache)
        lo_q, hi_q = quartiles(sample, (0.25, 0.75))
        for i, c in zip(todo, sims):
            if c <= lo_q:
                score[i] += 0.15
                why[i].append("vocabulary changes")
            elif c >= hi_q:
                score[i] -= 0.1
    return [Candidate(i, round(sc, 3), tuple(why[i])) for i, sc in enumerate(score) if sc > 0 and i not in hard]


_CONTENT = re.compile(r"[a-z]{4,}")
_STOP = frozenset(
    ["that", "with", "have", "this", "from", "they", "were", "been", "what", "when", "your", "said", "will", "would", "there", "their", "which", "them", "then", "than", "into", "could", "should", "about", "some", "more", "very", "just", "like", "only", "over", "such", "also", "back", "down", "come", "came", "know", "knew", "well", "here", "made", "make", "upon", "after", "before", "shall", "must", "much", "even", "ever", "these", "those", "other", "every", "being", "where", "while"])


def cohesion(text: Text, at: list[int], want: int = 40, max_paras: int = 12,
             cache: dict[int, set[str]] | None = None) -> np.ndarray:
    """For each paragraph index in ``at``: the overlap (cosine of word sets) between the content words
    of the paragraphs just before it and just after it, about ``want`` words each side. ``cache``
    (paragraph -> its content words) may be shared between calls on the same text."""
    s = text.text
    paras = text.paragraphs
    if cache is None:
        cache = {}

    def words(k: int) -> set[str]:
        got = cache.get(k)
        if got is None:
            p = paras[k]
            got = cache[k] = set(_CONTENT.findall(s[p.start:p.end].lower())) - _STOP
        return got

    out = np.zeros(len(at))
    for j, i in enumerate(at):
        before: set[str] = set()
        k = i - 1
        while k >= 0 and k >= i - max_paras and len(before) < want:
            before |= words(k)
            k -= 1
        after: set[str] = set()
        k = i
        while k < len(paras) and k < i + max_paras and len(after) < want:
            after |= words(k)
            k += 1
        if before and after:
            out[j] = len(before & after) / (len(before) * len(after)) ** 0.5
    return out


def _pov_switches(owned: list[tuple[pov.Cue, int]], lo: int, hi: int, k: int = 4):
    """Paragraphs where the inner-life cues change hands for good: before, only P's (at least two);
    after, only Q's (at least two)."""
    seq = [(c.paragraph, o) for c, o in owned]
    for j in range(1, len(seq)):
        p_prev, a = seq[j - 1]
        p_next, b = seq[j]
        if a == b or p_next == p_prev:
            continue
        left = [o for _, o in seq[max(0, j - k):j]]
        right = [o for _, o in seq[j:j + k]]
        if left.count(a) >= 2 and b not in left and right.count(b) >= 2 and a not in right:
            yield p_next, "POV switch"


def build(text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, ev: pov.Evidence,
          bounds: dict[int, tuple[str, float, tuple[str, ...]]], pov_labels: dict[int, int],
          focal: tuple[int, ...] = (), focal_prior: float | None = None) -> Scenes:
    paras = text.paragraphs
    n = len(paras)
    idx = sorted(bounds) + [n]
    story_person, _ = pov.person(ev, 0, n)
    # per paragraph: speakers and addressees
    talking: list[set[int]] = [set() for _ in range(n)]
    for q, a in zip(quotes, speakers):
        if a.speaker is not None:
            talking[q.paragraph].add(a.speaker)
        talking[q.paragraph].update(a.addressees)
    scenes: list[Scene] = []
    hops: list[Warning] = []
    prev_pov: int | None = None
    for si, (lo, hi) in enumerate(itertools.pairwise(idx)):
        kind, conf, _ = bounds[lo]
        person, _pconf = pov.person(ev, lo, hi, default=story_person)
        cues = ev.cues_between(lo, hi)
        label = next((pov_labels[i] for i in range(lo, min(hi, lo + 2)) if i in pov_labels), None)
        who, wconf, _scores = pov.pov_of(ev, lo, hi, cues, cast.narrator, person, focal, focal_prior)
        if label is not None:
            who, wconf = label, 0.99
        elif who is None and person == "third" and prev_pov is not None and hi - lo <= 2:
            who, wconf = prev_pov, 0.3  # a scrap of a scene: keep the POV it continues
        # who is named or talks in the scene (a set: two Counter.update calls per paragraph cost more)
        present = tuple(sorted({c for p in range(lo, hi) for c in itertools.chain(ev.named[p], talking[p])}))
        if who is not None and who not in present:
            present = tuple(sorted((*present, who)))
        last = hi - 1  # a break line left in the text ends the scene but is not part of it
        if last > lo and paras[last].end - paras[last].start <= 40 \
                and marker_kind(text.text[paras[last].start:paras[last].end]) == "marker":
            last -= 1
        scene = Scene(si, paras[lo].start, paras[last].end, paras[lo].chapter, kind, person, who,
                      round(min(conf, 0.99) * (0.6 + 0.4 * wconf) if who is not None else conf * 0.7, 3),
                      present)
        scenes.append(scene)
        if person == "third" and who is not None:
            hops.extend(_head_hops(ev, scene, lo, hi, cues, cast))
        prev_pov = who
    return Scenes(tuple(scenes), tuple(hops))


def _head_hops(ev: pov.Evidence, scene: Scene, lo: int, hi: int, cues, cast: Cast) -> list[Warning]:
    """A head-hopping warning for each run of paragraphs inside a scene told from ``scene.pov`` where
    the narration gives another character's inner life instead (``pov.hops``)."""
    out = []
    n = len(cast.characters)
    pov_name = cast.characters[scene.pov].name if scene.pov < n else "?"
    for other, _p, cue in pov.hops(ev, lo, hi, scene.pov):
        name = cast.characters[other].name if other < n else f"C{other + 1}"
        out.append(Warning("head_hopping", cue.start, cue.end,
                           f"scene {scene.id} is in {pov_name}'s point of view, but the narration turns to "
                           f"{name}'s thoughts here (\"{ev.narration[cue.start:cue.end]}\")"))
    return out

"""Where a quote stands in its conversation: the gap to the quote before, whether the last turns form
an unbroken run of paragraphs, what the next quotes' tags and vocatives say, who was named lately
(salience), and the anchors of the run (the nearest tagged quotes ahead and behind)."""

from __future__ import annotations

from dataclasses import dataclass

from fabula.model import Quote
from fabula.speakers.conversation import runs
from fabula.speakers.document import Document
from fabula.speakers.evidence import Evidence


@dataclass(frozen=True, slots=True)
class Run:
    """Per quote, the run-level facts every quote's features read: its own tag's speaker (name
    tags and the narrator's "I"), its he/she tag's gender, and whether it directly follows the
    previous quote (the next paragraph)."""

    tagged: list[int | None]
    tagged_g: list[str | None]
    linked: list[bool]
    members: list[frozenset[int]]  # per quote, the participants its unbroken run names (``run_members``)


def run_members(evs: list[Evidence], tagged: list[int | None], linked: list[bool]) -> list[frozenset[int]]:
    """Per quote, the characters its unbroken run of quotes (consecutive paragraphs, one scene) names
    as a speaker (a name tag) or as an addressee (a vocative), anywhere in the run. A long exchange
    stops naming its two talkers in the narration, but they are still the ones talking."""
    own = [frozenset(ev.voc | ({t} if t is not None else set())) for ev, t in zip(evs, tagged, strict=True)]
    out = list(own)
    for a, b in runs(linked):  # a quote alone keeps its own names
        out[a:b] = [frozenset().union(*own[a:b])] * (b - a)
    return out


def run_of(doc: Document, evs: list[Evidence]) -> Run:
    tagged: list[int | None] = []
    tagged_g: list[str | None] = []
    for ev in evs:
        t = ev.tag
        tagged.append(t.character if t is not None and t.kind in ("name", "pron") else None)
        tagged_g.append(t.gender if t is not None and t.kind == "pron" and t.gender in ("m", "f") else None)
    qs = doc.quotes
    linked = [False] + [qs[i].paragraph - qs[i - 1].last_paragraph == 1
                        and doc.same_scene(qs[i - 1].last_paragraph, qs[i].paragraph) for i in range(1, len(qs))]
    return Run(tagged, tagged_g, linked, run_members(evs, tagged, linked))


@dataclass(slots=True)
class Turn:
    """One quote in its conversation (decision-independent)."""

    q: Quote
    ev: Evidence
    gap: int  # paragraphs since the previous quote ended (99: first quote)
    unbroken2: bool  # the previous two quotes and this one are in consecutive paragraphs
    near2: bool  # two quotes back is near (<= 2 paragraphs) but not an unbroken run
    run_intro: set[int]  # named in the narration opening this run, or inside it
    sal3: dict[int, int]  # narration mentions in the last 3 paragraphs (and before the quote)
    n1_tag: int | None = None  # the next quote's tag (next paragraph)
    n2_tag: int | None = None  # the tag two quotes on (unbroken run)
    n1_gender: str | None = None
    n2_gender: str | None = None
    n1_voc: frozenset[int] = frozenset()  # the next quote's vocatives
    prev_voc: frozenset[int] = frozenset()  # the previous quote's vocatives
    prev_trail: bool = False  # the previous quote's paragraph goes on in narration after it (``evidence.trails``)

    @property
    def qtype(self) -> str:
        tag = self.ev.tag
        if tag is None:
            return "implicit"
        return "explicit" if tag.kind == "name" and tag.gender != "I" else "anaphoric"


def _lookahead(doc: Document, evs: list[Evidence], turn: Turn) -> None:
    """What the next two quotes say about who speaks (their tags and vocatives)."""
    qs, q, qi = doc.quotes, turn.q, turn.q.index
    nq = len(qs)
    if qi + 1 < nq and qs[qi + 1].paragraph - q.last_paragraph == 1 and doc.same_scene(q.last_paragraph,
                                                                                         qs[qi + 1].paragraph):
        t1 = evs[qi + 1].tag
        turn.n1_voc = frozenset(evs[qi + 1].voc)
        if t1 is not None:
            turn.n1_tag = t1.character
            turn.n1_gender = t1.gender if t1.kind == "pron" else None
        if qi + 2 < nq and qs[qi + 2].paragraph - qs[qi + 1].last_paragraph == 1 \
                and doc.same_scene(q.last_paragraph, qs[qi + 2].paragraph):
            t2 = evs[qi + 2].tag
            if t2 is not None:
                turn.n2_tag = t2.character
                turn.n2_gender = t2.gender if t2.kind == "pron" else None


def turn_of(doc: Document, evs: list[Evidence], qi: int, run_intro: set[int]) -> Turn:
    """The quote ``qi`` in its conversation; ``run_intro``: the run's introduced characters so far."""
    q = doc.quotes[qi]
    ev = evs[qi]
    pi = q.paragraph
    scene = doc.scene_start[pi]  # nothing before the scene's start counts (a break line, a chapter)
    sal3: dict[int, int] = {}
    for pj in range(max(scene, pi - 3), pi):
        for _, _, c in doc.narr.get(pj, ()):
            sal3[c] = sal3.get(c, 0) + 1
    for c in ev.before:
        sal3[c] = sal3.get(c, 0) + 1
    prev = doc.quotes[qi - 1] if qi > 0 and doc.quotes[qi - 1].last_paragraph >= scene else None
    gap = (pi - prev.last_paragraph) if prev is not None else 99
    prev2 = doc.quotes[qi - 2] if prev is not None and qi > 1 and doc.quotes[qi - 2].last_paragraph >= scene else None
    unbroken2 = prev is not None and gap == 1 and prev2 is not None and prev.paragraph - prev2.last_paragraph == 1
    near2 = (prev is not None and prev2 is not None and gap <= 2 and prev.paragraph - prev2.last_paragraph <= 2
             and not unbroken2)
    if gap > 2:
        run_intro = set()
        for pj in range(max(scene, pi - 2), pi):
            run_intro |= {c for _, _, c in doc.narr.get(pj, [])}
    run_intro = run_intro | ev.before | ev.after
    turn = Turn(q, ev, gap, unbroken2, near2, run_intro, sal3)
    if prev is not None:
        turn.prev_voc = frozenset(evs[qi - 1].voc)
        turn.prev_trail = evs[qi - 1].trail
    _lookahead(doc, evs, turn)
    return turn

"""Candidate speakers of a quote and the features of each that do not depend on earlier decisions
(the tag, beats, vocatives, what the next quotes' tags say, the run's anchors, salience)."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

import numpy as np

from fabula.speakers.antecedents import antecedent
from fabula.speakers.context import Run, Turn
from fabula.speakers.document import Document
from fabula.speakers.features import FEATURES, NONE_COLS, PRON_COLS, F
from fabula.speakers.salience import holder

WINDOW = 20  # paragraphs back in which a character counts as active


@dataclass(slots=True)
class Rows:
    """One row per candidate speaker of a quote: the decision-independent features ``S``."""

    union: list[int]  # candidate character indices, sorted
    pos: dict[int, int]  # character -> row
    uidx: np.ndarray
    S: np.ndarray
    conj: np.ndarray | None  # the columns the base features are copied to (he/she-tagged, untagged)
    pron_g: str | None  # the he/she (or description) tag's gender
    same_g: list[int]  # candidates of that gender not addressed in the quote
    active: np.ndarray  # per row, the last paragraph the narration named the candidate in, before the quote


def candidates(doc: Document, turn: Turn, recent: set[int], members: frozenset[int] = frozenset()) -> list[int]:
    """Every character active in the last ``WINDOW`` paragraphs, named beside or inside the quote,
    the narrator, the tag's character, the holder of a he/she tag's pronoun when the narration
    names no one else for it (``salience``, ``antecedents``), the hypotheses' recent speakers
    (``recent``), and the participants of the quote's conversation, however long ago the narration
    named them: those named in the narration opening its run or inside it (``turn.run_intro``) and
    those its unbroken run names by a tag or a vocative (``members``, ``context.run_members``).
    Training reads the same candidates: a gold speaker outside them is no example (when it was added,
    the ranker learnt that a candidate the narration had long stopped naming was the speaker)."""
    ev = turn.ev
    base = set(np.nonzero(doc.last_active_arr >= turn.q.paragraph - WINDOW)[0].tolist())
    base |= ev.before | ev.after | ev.named | ev.voc | members | turn.run_intro
    if doc.narrator is not None:
        base.add(doc.narrator)
    if ev.tag is not None and ev.tag.character is not None:
        base.add(ev.tag.character)
    held = pronoun_holder(doc, turn)
    if held is not None:
        base.add(held)
    base |= recent
    return sorted(base)


def pronoun_holder(doc: Document, turn: Turn) -> int | None:
    """The holder of a he/she tag's pronoun (``salience``: a reader insert's partner), when the
    narration names no one else for it (``antecedents``); else None."""
    tag = turn.ev.tag
    if tag is None or tag.kind != "pron" or tag.gender not in ("m", "f"):
        return None
    held = holder(doc, turn.q, tag.gender)
    return held if held is not None and antecedent(doc, turn.q, tag.gender) == held else None


def excluded(doc: Document, turn: Turn, rows: Rows) -> list[int]:
    """Rows of candidates the quote's tag rules out: the first-person narrator, when the tag is a
    description in the narrator's own possessive ("said my companion"); the narrator or Reader
    (told as "I" or "you"), when the tag is a third-person pronoun ("he says"): the narration
    never calls them he or she."""
    if doc.narrator in rows.pos and len(rows.union) > 1 and (
            _names_someone_else(doc, turn.ev.tag) or _third_person_pronoun(turn.ev.tag)):
        return [rows.pos[doc.narrator]]
    return []


def _third_person_pronoun(tag) -> bool:
    """A he/she tag ("he says", "said she")."""
    return tag is not None and tag.kind == "pron" and tag.gender in ("m", "f")


def _names_someone_else(doc: Document, tag) -> bool:
    """A description tag in the narrator's own possessive ("said my companion", "our host replied")
    names someone other than the first-person narrator."""
    if tag is None or tag.kind != "desc" or doc.narrator is None or doc.person != "I":
        return False
    return doc.s[tag.span.start:tag.span.end].lower().startswith(("my ", "our "))


def static_rows(doc: Document, turn: Turn, run: Run, union: list[int]) -> Rows:
    pos = {c: r for r, c in enumerate(union)}
    uidx = np.array(union, dtype=np.int64)
    S = np.zeros((len(union), len(FEATURES)))
    tag = turn.ev.tag
    conj = NONE_COLS if tag is None else (PRON_COLS if tag.kind == "pron" and tag.gender in ("m", "f") else None)
    pron_g = tag.gender if tag is not None and tag.kind in ("pron", "desc") and tag.gender in ("m", "f") else None
    rows = Rows(union, pos, uidx, S, conj, pron_g, [], doc.last_active_arr[uidx])
    _tag_features(doc, turn, rows)
    _beat_features(doc, turn, rows)
    _anchor_features(turn, run, rows, doc)
    _pronoun_features(doc, turn, rows)
    if doc.first is not None:
        _first_reading_features(doc, turn, run, rows)
    return rows


def _first_reading_features(doc: Document, turn: Turn, run: Run, rows: Rows) -> None:
    """The conversation read a first time: who it gave this quote and its neighbours to, with the
    first reading's confidence (so that a line is read knowing who answers it)."""
    S, pos, qi, first = rows.S, rows.pos, turn.q.index, doc.first
    nq = len(first)

    def mark(j: int, col: str) -> None:
        a = first[j]
        if a.speaker is not None and a.speaker in pos:
            S[pos[a.speaker], F[col]] = a.confidence

    mark(qi, "first_self")
    if qi + 1 < nq and run.linked[qi + 1]:
        mark(qi + 1, "first_next1")
        if qi + 2 < nq and run.linked[qi + 2]:
            mark(qi + 2, "first_next2")
    if qi > 0 and run.linked[qi]:
        mark(qi - 1, "first_prev1")


def _tag_features(doc: Document, turn: Turn, rows: Rows) -> None:
    tag, S, pos = turn.ev.tag, rows.S, rows.pos
    if tag is None:
        S[:, F["tag_none"]] = 1
    elif tag.kind == "name" and tag.gender != "I" and tag.character in pos:
        S[pos[tag.character], F["tag_name"]] = 1
    elif tag.kind == "pron" and tag.gender == "I" and doc.narrator in pos:
        S[pos[doc.narrator], F["tag_I_narrator"]] = 1
    if rows.pron_g is not None:
        for r, c in enumerate(rows.union):
            g = doc.gender[c]
            if g is None:
                continue
            if g == rows.pron_g:
                S[r, F["tag_pron_match"] if tag.kind == "pron" else F["tag_desc_gender"]] = 1
                if c not in turn.ev.voc:
                    rows.same_g.append(c)
            elif tag.kind == "pron":
                S[r, F["tag_pron_mismatch"]] = 1
    if tag is not None and tag.head and tag.kind in ("desc", "unknown"):
        for r, c in enumerate(rows.union):
            if tag.head in doc.name_words[c]:
                S[r, F["desc_name_word"]] = 1


def _beat_features(doc: Document, turn: Turn, rows: Rows) -> None:
    """Names in this paragraph's narration and the one before, inside the quote, the next quotes."""
    ev, S, pos = turn.ev, rows.S, rows.pos
    for c in ev.before:
        S[pos[c], F["beat_before"]] = 1
    for c in ev.after:
        S[pos[c], F["beat_after"]] = 1
    if ev.first is not None:
        S[pos[ev.first], F["beat_first"]] = 1
    for c in ev.subj:
        if c in pos:
            S[pos[c], F["beat_subject"]] = 1
    for c in ev.voc:
        S[pos[c], F["voc_this"]] = 1
    for c in ev.named:
        S[pos[c], F["named_in_quote"]] = 1
    if turn.gap <= 1:
        for c in turn.prev_voc:
            if c in pos:
                S[pos[c], F["voc_prev"]] = 1
    for c in ev.prev_narr:
        if c in pos:
            S[pos[c], F["prev_para_mention"]] = 1
            S[pos[c], F["prev_para_noquote"]] = ev.prev_noquote
    S[:, F["prominence"]] = doc.prominence_arr[rows.uidx]
    if doc.narrator is not None and doc.narrator in pos:
        S[pos[doc.narrator], F["narrator"]] = 1
        S[pos[doc.narrator], F["narrator_fp_para"]] = ev.fp_para
    for c in turn.run_intro:
        if c in pos:
            S[pos[c], F["run_intro"]] = 1
    if turn.n1_tag in pos:
        S[pos[turn.n1_tag], F["next1_tag"]] = 1
    if turn.n2_tag in pos:
        S[pos[turn.n2_tag], F["next2_tag"]] = 1
    for c in turn.n1_voc:
        if c in pos:
            S[pos[c], F["next_voc"]] = 1
    g = doc.gender_arr[rows.uidx]
    if turn.n1_gender in ("m", "f"):
        S[:, F["next1_gender"]] = g == (1 if turn.n1_gender == "m" else 2)
    if turn.n2_gender in ("m", "f"):
        S[:, F["next2_gender"]] = g == (1 if turn.n2_gender == "m" else 2)
    for c, k in turn.sal3.items():
        if c in pos:
            S[pos[c], F["salience"]] = math.log1p(k)
    if ev.beat_g is not None:
        code = 1 if ev.beat_g == "m" else 2
        S[:, F["beat_pron_match"]] = g == code
        S[:, F["beat_pron_mismatch"]] = (g != code) & (g != 0)
        if doc.narrator is not None and doc.narrator in pos:  # the narration calls them "I"/"you", never he/she
            S[pos[doc.narrator], F["beat_pron_match"]] = 0
            S[pos[doc.narrator], F["beat_pron_mismatch"]] = 1


def _anchor_features(turn: Turn, run: Run, rows: Rows, doc: Document) -> None:
    """The nearest tagged quotes ahead and behind in this unbroken run, and their turn parity."""
    S, pos, qi = rows.S, rows.pos, turn.q.index
    nq = len(run.linked)
    tagged, linked = run.tagged, run.linked
    j = qi + 1
    while j < nq and j - qi <= 8 and linked[j]:
        if tagged[j] is not None:
            if tagged[j] in pos:
                S[pos[tagged[j]], F["ahead_even"] if (j - qi) % 2 == 0 else F["ahead_odd"]] = 1
            break
        j += 1
    j = qi + 1
    while j < nq and j - qi <= 6 and linked[j]:
        if run.tagged_g[j] is not None:
            col = F["ahead_g_even"] if (j - qi) % 2 == 0 else F["ahead_g_odd"]
            S[:, col] = doc.gender_arr[rows.uidx] == (1 if run.tagged_g[j] == "m" else 2)
            break
        j += 1
    j = qi - 1
    while j >= 0 and qi - j <= 8 and linked[j + 1]:
        if tagged[j] is not None:
            if tagged[j] in pos:
                S[pos[tagged[j]], F["behind_even"] if (qi - j) % 2 == 0 else F["behind_odd"]] = 1
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
            S[pos[c], F["run_ahead"]] = 1
    if len(both) == 2:
        for c in both:
            if c in pos:
                S[pos[c], F["run_ahead_only2"]] = 1


def _same_gender_names(doc: Document, turn: Turn, g: str) -> list[int]:
    """The names of gender ``g`` in the narration before the quote, in the nearest paragraph that
    has any (within 4), leaving out the quote's addressees."""
    q, voc = turn.q, turn.ev.voc
    for pj in range(q.paragraph, max(-1, q.paragraph - 4), -1):
        lst = [c for a, _, c in doc.narr.get(pj, ()) if a < q.start and doc.gender[c] == g and c not in voc]
        if lst:
            return lst
    return []


def _pronoun_features(doc: Document, turn: Turn, rows: Rows) -> None:
    """Who a he/she tag (or a pronoun beat, or a description) most likely points back to."""
    S, pos, q, ev = rows.S, rows.pos, turn.q, turn.ev
    tag, pron_g = ev.tag, rows.pron_g
    if pron_g is not None:
        sal = [(turn.sal3.get(c, 0), c) for c in rows.same_g]
        if sal:
            top = max(sal)
            if top[0] > 0:
                S[pos[top[1]], F["pron_salient"]] = 1
    pi = q.paragraph
    subj_recent: list[tuple[int, int]] = []
    for pj in range(max(0, pi - 3), pi + 1):
        subj_recent += [(a, c) for a, c in doc.subj.get(pj, ()) if a < q.start]
    for _, c in subj_recent:
        if c in pos:
            S[pos[c], F["subject_recent"]] = 1
    if pron_g is not None:
        for _, c in reversed(subj_recent):
            if c in pos and doc.gender[c] == pron_g and c not in ev.voc:
                S[pos[c], F["pron_subject"]] = 1
                break
    if pron_g is not None and tag.kind == "pron" and rows.same_g:
        _pronoun_distance(doc, turn, rows)
    g_ref = pron_g if (tag is not None and tag.kind == "pron") else ev.beat_g
    if g_ref is not None:
        lst = _same_gender_names(doc, turn, g_ref)
        if lst and lst[-1] in pos:
            S[pos[lst[-1]], F["pron_last_name"]] = 1
        if lst and lst[0] in pos:
            S[pos[lst[0]], F["pron_first_name"]] = 1
    if tag is not None and tag.kind == "desc":
        S[:, F["desc_prominence"]] = doc.prominence_arr[rows.uidx]
        _description_neighbours(doc, turn, rows)
        if pron_g is not None:
            lst = _same_gender_names(doc, turn, pron_g)
            if lst and lst[-1] in pos:
                S[pos[lst[-1]], F["desc_last_name"]] = 1


def _pronoun_distance(doc: Document, turn: Turn, rows: Rows) -> None:
    """For a he/she tag: how recently the narration named each same-gender candidate (their rank,
    distance, the nearest one's lead), and how many were named lately, so that the ranker learns when
    the nearest name of the pronoun's gender is its referent and when it is not."""
    S, pos, q = rows.S, rows.pos, turn.q
    last: dict[int, int] = {}
    for pj in range(q.paragraph, max(-1, q.paragraph - 6), -1):
        for a, _, c in doc.narr.get(pj, ()):
            if a < q.start and c in pos and c in rows.same_g and a > last.get(c, -1):
                last[c] = a
    order = sorted(last, key=lambda c: -last[c])
    near = math.log1p((q.start - last[order[0]]) / 1000) if order else 0.0
    S[:, F["tag_pron_nsame"]] = sum(1 for c in rows.same_g if turn.sal3.get(c, 0) > 0)
    for c in rows.same_g:
        r = pos[c]
        if c in last:
            d = math.log1p((q.start - last[c]) / 1000)
            S[r, F["tag_pron_rank"]] = 1.0 / (1 + order.index(c))
            S[r, F["tag_pron_dist"]] = d
            S[r, F["tag_pron_gap"]] = d - near
        else:
            S[r, F["tag_pron_dist"]] = 3.0
            S[r, F["tag_pron_gap"]] = 3.0 - near


DESC_WINDOW = 10_000  # characters of text before a quote searched for its description's noun
DESC_REACH = 30  # a name this close to the noun, in its sentence, stands beside it ("Mrs. Corl, the matron,")


def _description_neighbours(doc: Document, turn: Turn, rows: Rows) -> None:
    """For a description tag ("said the matron"): which candidates the text lately named right beside
    that noun, so that an epithet used for one person is read as that person."""
    words = doc.s[turn.ev.tag.span.start:turn.ev.tag.span.end].split()
    if not words:
        return
    head = words[-1].strip(".,;:!?").lower()
    if len(head) < 3:
        return
    q, S, pos = turn.q, rows.S, rows.pos
    lo = max(0, q.start - DESC_WINDOW)
    counts: dict[int, int] = {}
    for m in re.finditer(r"\b" + re.escape(head) + r"\b", doc.s[lo:q.start], re.IGNORECASE):
        a = lo + m.start()
        i = bisect.bisect_left(doc.mention_starts, a - DESC_REACH)
        seen = set()
        while i < len(doc.mentions) and doc.mentions[i].start < a + DESC_REACH:
            mt = doc.mentions[i]
            c = mt.character
            gap = doc.s[mt.end:a] if mt.end <= a else doc.s[a:mt.start]
            if c in pos and c not in seen and not any(ch in gap for ch in ".!?\n"):
                seen.add(c)
                counts[c] = counts.get(c, 0) + 1
            i += 1
    if not counts:
        return
    top = max(counts.values())
    for c, k in counts.items():
        S[pos[c], F["desc_near_name"]] = math.log1p(k)
        if k == top:
            S[pos[c], F["desc_near_top"]] = 1

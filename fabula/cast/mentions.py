"""Name mentions: every capitalised run of the story with the evidence around it.

Pass 1 finds capitalised runs (an optional title folded in, honorific suffixes dropped: "Haruki-kun"
is Haruki) and counts how each token is capitalised mid-sentence and at sentence starts. Pass 2
gives each run its evidence (speech verb, person verb, vocative, possessive, place preposition) and
trims it to the tokens that are names (``persons.py``). Epithets ("the Doctor") are added by
``epithets.py``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from fabula import script
from fabula.cast.epithets import _epithets, _title_epithets
from fabula.cast.evidence import _evidence, _sentence_initial, _word_before
from fabula.cast.patterns import (
    _DETERMINERS,
    _HONORIFIC_SUFFIX,
    _LOCATIVE,
    _LOWER_WORD,
    _POST_TITLES,
    _READER,
    _THE_PARTICLES,
    _TOKEN,
)
from fabula.cast.persons import (
    _looks_like_name,
    _plural_of_name,
    _surname_after_title,
    _surname_like,
    common_word,
)
from fabula.cast.runs import capitalised_runs
from fabula.cast.working import _Occ
from fabula.model import Quotes, Text, Work
from fabula.names import (
    NONNAMES,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    TITLE_WORDS,
    canonical_title,
)


@dataclass
class _Reading:
    """The story as the cast stage reads it: text, quotation pieces, sentences, and token counts."""

    s: str
    pieces: list[tuple[int, int]]
    piece_starts: list[int]
    piece_ends: list[int]
    sent_starts: list[int]
    sent_ends: list[int]
    seed_tokens: set[str]
    cap_mid: Counter = field(default_factory=Counter)
    cap_init: Counter = field(default_factory=Counter)
    lower: Counter = field(default_factory=Counter)
    cap_narr: Counter = field(default_factory=Counter)  # capitalised outside quotations
    is_name: dict[str, bool] = field(default_factory=dict)
    labels: list = field(default_factory=list)  # script-format speaker labels, as capitalised runs

    def quote_piece(self, pos: int) -> int:
        """The index of the quotation piece that holds ``pos``, or -1 in narration."""
        i = bisect.bisect_right(self.piece_starts, pos) - 1
        return i if i >= 0 and pos < self.piece_ends[i] else -1


def reading(work: Work, text: Text, quotes: Quotes, seeds: list[list[str]]) -> _Reading:
    pieces = sorted((p.start, p.end) for q in quotes for p in q.pieces)
    seed_tokens = {t.casefold() for names in seeds for n in names for t in n.split()
                   if t[:1].isupper() and t.casefold() not in NONNAMES}
    return _Reading(text.text, pieces, [p[0] for p in pieces], [p[1] for p in pieces],
                    [x.start for x in text.sentences], [x.end for x in text.sentences], seed_tokens,
                    labels=script.label_mentions(text.text, quotes))


def find_mentions(work: Work, text: Text, rd: _Reading) -> list[_Occ]:
    """Every name and epithet occurrence of the story, with its evidence, in text order."""
    raw = _capitalised_runs(text, rd)
    for r in work.story:
        rd.lower.update(_LOWER_WORD.findall(rd.s, r.start, r.end))
    pending, token_ev, token_voc = _with_evidence(rd, raw)

    def name_test(t: str) -> bool:
        v = rd.is_name.get(t)
        if v is None:
            seed = t.casefold() in rd.seed_tokens
            v = rd.is_name[t] = not _speech_only_word(rd, t, token_ev[t], seed) and _looks_like_name(
                t, rd.cap_mid[t], rd.cap_init[t], rd.lower[t.casefold()], token_ev[t], token_voc[t], seed)
        return v

    occs = [occ for occ in pending if _trim(rd, occ, name_test)]
    s, paragraphs = rd.s, text.paragraphs
    occs.extend(_epithets(s, paragraphs, rd.lower, rd.cap_mid, rd.is_name, rd.quote_piece,
                          rd.piece_starts, rd.piece_ends))
    occs.extend(_title_epithets(s, paragraphs, rd.quote_piece, rd.piece_starts, rd.piece_ends))
    occs.sort(key=lambda o: o.start)
    return occs


def _capitalised_runs(text: Text, rd: _Reading) -> list[tuple[int, str | None, list[tuple[int, int, str]], bool]]:
    """Pass 1: capitalised runs (start, title, tokens, sentence-initial), counting capitalisation."""
    s = rd.s
    raw: list[tuple[int, str | None, list[tuple[int, int, str]], bool]] = []
    reader_insert = _READER.search(s) is not None
    # bound once: this loop runs for every capitalised run of the story
    cap_mid, cap_init, cap_narr, quote_piece = rd.cap_mid, rd.cap_init, rd.cap_narr, rd.quote_piece
    for p in text.paragraphs:
        for run_start, title, name_start, name_end in capitalised_runs(s, p.start, p.end):
            toks = [(t.start(), t.end(), _token_text(t.group())) for t in _TOKEN.finditer(s, name_start, name_end)]
            for k, part in enumerate(_split_at_gaps(s, toks)):
                start = run_start if k == 0 else part[0][0]
                ptitle = title if k == 0 else None
                if ptitle is None and len(part) == 1 and part[0][2].casefold() in NONNAMES:
                    continue
                initial = _sentence_initial(s, start, p.start)
                raw.append((start, ptitle, part, initial))
                narration = quote_piece(start) < 0
                for j, (_, _, t) in enumerate(part):
                    if narration:
                        cap_narr[t] += 1  # as Counter.update counted them, without its per-call checks
                    if j == 0 and initial and ptitle is None:
                        cap_init[t] += 1
                    else:
                        cap_mid[t] += 1
        for m in _READER.finditer(s, p.start, p.end) if reader_insert else ():  # "Y/N": the reader
            raw.append((m.start(), None, [(m.start(), m.end(), m.group().upper())], False))
            rd.cap_mid[m.group().upper()] += 1
            rd.seed_tokens.add(m.group().casefold())
    for r in rd.labels:  # script-format speaker labels ("DEAN:") are name mentions
        raw.append(r)
        rd.cap_mid.update(t for *_, t in r[2])
    raw.sort(key=lambda r: r[0])
    return raw


def _token_text(t: str) -> str:
    """A token as the cast reads it: one space inside ("de  Vere"), an honorific suffix dropped."""
    if not t.isalpha():
        t = " ".join(t.split())
        if "-" in t:
            t = _HONORIFIC_SUFFIX.sub("", t)
    return t


_WIDE_GAP = re.compile(r"[ \t]{3,}")


def _split_at_gaps(s: str, toks: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """The tokens of one capitalised run, split where a wide gap stands between two of them (three
    spaces or more: punctuation lost in copying, "Tamsin   Oh, no"): a name's words are one space
    or a line break apart."""
    if len(toks) < 2:
        return [toks] if toks else []
    parts = [[toks[0]]]
    for prev, tok in pairwise(toks):
        if _WIDE_GAP.search(s, prev[1], tok[0]):
            parts.append([tok])
        else:
            parts[-1].append(tok)
    return parts


def _with_evidence(rd: _Reading, raw) -> tuple[list[_Occ], Counter, Counter]:
    """Pass 2: an occurrence with its evidence per run; person and vocative evidence per token."""
    s = rd.s
    pending: list[_Occ] = []
    token_ev: Counter = Counter()  # person evidence per token, for the name test
    token_voc: Counter = Counter()  # vocative evidence per token
    for start, title, toks, _initial in raw:
        ctitle = canonical_title(title) if title else None
        before = _word_before(s, start)
        if before is not None and before.casefold() in _DETERMINERS and ctitle is None:
            continue  # "the Bennets", "the Netherfield ball", "any Ashby"; epithets are found separately
        if before in ("van", "von", "de", "der", "den", "du", "la", "le") and _THE_PARTICLES.search(
                s, max(0, start - 30), start):
            continue  # "the van der Bergs"
        end = toks[-1][1]
        qi = rd.quote_piece(start)
        occ = _Occ(start, end, ctitle, tuple(t for _, _, t in toks), "", qi >= 0, before=before)
        _evidence(s, occ, before, qi, rd.piece_starts, rd.piece_ends)
        ev = occ.speech + occ.person + (1 if ctitle else 0)
        for t in occ.tokens:
            token_ev[t] += ev
            token_voc[t] += occ.voc
        pending.append(occ)
        occ.surface = s[start:end]
    return pending, token_ev, token_voc


_NARRATION_SHARE = 0.1  # a name is written in the narration too, not only inside quotations


def _speech_only_word(rd: _Reading, t: str, ev: float, seed: bool) -> bool:
    """A common English word capitalised (almost) only inside quotations, with nothing said or done
    by it (barely: "Oh, cried I," inside a quotation) ("Oh, do sit", "Yes, Aunt", "Well, you"): an interjection opening a line, not a name
    used in address; a character's name is written in the narration as well."""
    uses = rd.cap_mid[t] + rd.cap_init[t]
    if seed or ev > _NARRATION_SHARE * uses or not common_word(t.casefold()):
        return False
    return rd.cap_narr[t] <= _NARRATION_SHARE * uses


def _unseen_given(rd: _Reading, t: str) -> bool:
    """A capitalised word the story never writes in lower case, no common English word and no
    closed-class word: before a name in one run, a given name."""
    lo = t.casefold()
    return (rd.lower[lo] == 0 and lo not in NONNAMES and lo not in TITLE_WORDS and lo not in PLACE_WORDS
            and not common_word(lo) and t[:1].isupper())


def _trim(rd: _Reading, occ: _Occ, name_test) -> bool:
    """Keep only the name tokens of a run (in place); False when the run is no name mention."""
    s = rd.s
    if occ.title and s.startswith(occ.title, occ.start) and name_test(occ.title):
        occ.tokens = (occ.title, *occ.tokens)  # "Joss Calder" when the text calls him "Joss"
        occ.title = None
    toks = occ.tokens
    before = occ.before
    keep_from = 0
    if occ.title and _surname_after_title(toks[0]):
        pass  # "Mrs. Bell", "Miss Rook", "Dr. Quill": after an honorific, a capitalised word is a name
    else:
        while keep_from < len(toks) and not name_test(toks[keep_from]):
            keep_from += 1
        if keep_from == 1 and len(toks) >= 2 and _unseen_given(rd, toks[0]):
            keep_from = 0  # "Renji Okada had gone", sentence-initial: a word never lower-case before a name
    if keep_from == len(toks):
        return False
    if keep_from and toks[keep_from - 1].casefold() == "the" and occ.title is None:
        return False  # "The Pale Lord": an epithet, found separately
    keep_to = keep_from + 1
    while keep_to < len(toks) and (name_test(toks[keep_to]) or _surname_like(toks[keep_to])
                                   or _surname_after_title(toks[keep_to])):
        keep_to += 1
    if keep_to < len(toks) and toks[keep_to].casefold() in PLACE_WORDS and occ.title is None:
        return False  # "Fennel End", "Brackwater Court": the run names a place
    if keep_from or keep_to < len(toks):
        # re-locate the kept tokens in the text
        sub = list(_TOKEN.finditer(s, occ.start, occ.end))
        if len(sub) != len(toks):
            return False
        if keep_from:
            occ.title = None
            # "And Madame Orsay wants": a title right before the kept name still titles it
            t = toks[keep_from - 1]
            if t.casefold() in TITLE_WORDS and canonical_title(t) and _surname_after_title(toks[keep_from]):
                occ.title = canonical_title(t)
        occ.start = sub[keep_from - (occ.title is not None)].start() if keep_from else occ.start
        occ.end = sub[keep_to - 1].end()
        occ.tokens = toks[keep_from:keep_to]
        occ.surface = s[occ.start:occ.end]
    cap_mid, cap_init = rd.cap_mid, rd.cap_init
    if occ.title is None and len(occ.tokens) >= 2 and occ.tokens[-1].casefold() in PLACE_WORDS \
            and not (cap_mid[occ.tokens[0]] + cap_init[occ.tokens[0]] >= 3 and name_test(occ.tokens[0])
                     and (before or "").casefold() not in PLACE_PREPOSITIONS | _LOCATIVE):
        return False  # "Hyde Park", "Baker Street" (but "Casimir Vale" when Casimir is a name)
    if occ.title is None and len(occ.tokens) >= 2 and occ.tokens[-1].casefold() in _POST_TITLES:
        occ.title = canonical_title(occ.tokens[-1])  # "Rashid Begum" is Rashid's wife
        occ.tokens = occ.tokens[:-1]
    # a plural of a name ("the Harrows", "the Miss Thornburys") is no mention
    return not _plural_of_name(occ.tokens[-1], rd.is_name, cap_mid, occ.title)

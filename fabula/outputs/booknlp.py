"""BookNLP-compatible exports: ``story.tokens``, ``story.entities``, ``story.quotes`` (TSV with BookNLP's
header rows) and ``story.book`` (JSON of characters), so that notebooks written for BookNLP's output read
fabula's.

Conventions (see docs/exports.md section in docs/benchmarks.md for the figures):
- token ids count the tokens of the story paragraphs from 0; ``byte_onset``/``byte_offset`` are
  character (code point) offsets into text.txt, as BookNLP's are offsets into the text it was given;
- columns fabula does not compute (lemma, POS, dependencies, events) hold ``_``;
- COREF / char_id is the character's number, ``C3`` in analysis.json being 3; an unattributed quote has
  an empty char_id; entity and quote token ranges are inclusive, as in BookNLP.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from fabula.model import Analysis

BOOK_ID = "story"
TOKENS_HEADER = ["paragraph_ID", "sentence_ID", "token_ID_within_sentence", "token_ID_within_document", "word",
                 "lemma", "byte_onset", "byte_offset", "POS_tag", "fine_POS_tag", "dependency_relation",
                 "syntactic_head_ID", "event"]
ENTITIES_HEADER = ["COREF", "start_token", "end_token", "prop", "cat", "text"]
QUOTES_HEADER = ["quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id", "quote"]

_PROP = {"name": "PROP", "vocative": "PROP", "epithet": "NOM", "pronoun": "PRON", "narrator": "PRON"}
_GENDER_KEYS = {"he": "he/him/his", "she": "she/her", "they": "they/them/their", "xe": "xe/xem/xyr/xir",
                "ze": "ze/zem/zir/hir"}


def _clean(s: str) -> str:
    """A field never holds a tab or a line break."""
    return s.replace("\t", " ").replace("\r", " ").replace("\n", " ")


TOKENS_PER_WRITE = 20_000  # rows formatted at a time: the file is streamed, never held whole


def _write_tokens(path: Path, s: str, starts: np.ndarray, ends: np.ndarray, para_id: np.ndarray,
                  sent_id: np.ndarray, within: np.ndarray) -> None:
    """``story.tokens``, written a slice of rows at a time. Tokens never hold whitespace (the text
    stage's tokens are words or single marks), so no field needs cleaning."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(TOKENS_HEADER) + "\n")
        for k in range(0, len(starts), TOKENS_PER_WRITE):
            sl = slice(k, k + TOKENS_PER_WRITE)
            a_l, b_l = starts[sl].tolist(), ends[sl].tolist()
            rows = zip(para_id[sl].tolist(), sent_id[sl].tolist(), within[sl].tolist(),
                       range(k, k + len(a_l)), [s[a:b] for a, b in zip(a_l, b_l)], a_l, b_l)
            f.write("".join([f"{p}\t{se}\t{w}\t{i}\t{word}\t_\t{a}\t{b}\t_\t_\t_\t_\t_\n"
                             for p, se, w, i, word, a, b in rows]))


def write(analysis: Analysis, folder: Path) -> None:
    folder = Path(folder)
    s = analysis.text.text
    toks = analysis.text.tokens
    starts = toks.starts
    ends = toks.ends
    paras = analysis.text.paragraphs
    sents = analysis.text.sentences
    n = len(starts)
    p_starts = np.array([p.start for p in paras], dtype=np.int64)
    s_starts = np.array([x.start for x in sents], dtype=np.int64)
    para_id = np.searchsorted(p_starts, starts, side="right") - 1 if n else np.zeros(0, dtype=np.int64)
    sent_id = np.searchsorted(s_starts, starts, side="right") - 1 if n else np.zeros(0, dtype=np.int64)
    # token index within its sentence: position minus the index of the sentence's first token
    within = np.zeros(n, dtype=np.int64)
    if n:
        new_sent = np.ones(n, dtype=bool)
        new_sent[1:] = sent_id[1:] != sent_id[:-1]
        first = np.maximum.accumulate(np.where(new_sent, np.arange(n), 0))
        within = np.arange(n) - first
    _write_tokens(folder / f"{BOOK_ID}.tokens", s, starts, ends, para_id, sent_id, within)

    def tok_ranges(a: np.ndarray, b: np.ndarray) -> tuple[list[int], list[int]]:
        """Inclusive token ranges covering the character spans [a, b), all at once."""
        i = np.maximum(np.searchsorted(starts, a, side="right") - 1, 0)
        i = i + ((i < n) & (ends[np.minimum(i, n - 1)] <= a))
        j = np.searchsorted(starts, b, side="left") - 1
        return i.tolist(), np.maximum(i, j).tolist()

    # entities: every character mention
    lines = ["\t".join(ENTITIES_HEADER)]
    mentions = analysis.cast.mentions if n else ()
    mi, mj = tok_ranges(np.array([m.start for m in mentions], dtype=np.int64),
                        np.array([m.end for m in mentions], dtype=np.int64))
    lines += [f"{m.character + 1}\t{i}\t{j}\t{_PROP.get(m.kind, 'PROP')}\tPER\t{_clean(s[m.start:m.end])}"
              for m, i, j in zip(mentions, mi, mj)]
    (folder / f"{BOOK_ID}.entities").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # quotes
    lines = ["\t".join(QUOTES_HEADER)]
    pairs = list(zip(analysis.quotes, analysis.speakers)) if n else []
    qi, qj = tok_ranges(np.array([q.start for q, _ in pairs], dtype=np.int64),
                        np.array([q.end for q, _ in pairs], dtype=np.int64))
    cued = [att.cue for _, att in pairs if att.cue is not None]
    ci, cj = tok_ranges(np.array([c.start for c in cued], dtype=np.int64),
                        np.array([c.end for c in cued], dtype=np.int64))
    k = 0
    for (_q, att), a, b in zip(pairs, qi, qj):
        quote_words = " ".join(s[x:y] for x, y in zip(starts[a:b + 1].tolist(), ends[a:b + 1].tolist()))
        if att.cue is not None:
            ms, me, phrase = str(ci[k]), str(cj[k]), _clean(s[att.cue.start:att.cue.end])
            k += 1
        else:
            ms = me = phrase = ""
        cid = "" if att.speaker is None else str(att.speaker + 1)
        lines.append(f"{a}\t{b}\t{ms}\t{me}\t{phrase}\t{cid}\t{quote_words}")
    (folder / f"{BOOK_ID}.quotes").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # .book: characters as BookNLP describes them
    by_char: dict[int, dict[str, Counter]] = {}
    for m in analysis.cast.mentions:
        kind = {"PROP": "proper", "NOM": "common", "PRON": "pronoun"}[_PROP.get(m.kind, "PROP")]
        by_char.setdefault(m.character, {"proper": Counter(), "common": Counter(), "pronoun": Counter()})[kind][
            s[m.start:m.end]] += 1
    chars = []
    for c in analysis.cast.characters:
        ms = by_char.get(c.index, {"proper": Counter(), "common": Counter(), "pronoun": Counter()})
        g = None
        if c.pronouns:
            key = _GENDER_KEYS.get(c.pronouns.split("/")[0].strip().lower(), c.pronouns)
            g = {"inference": {key: 1.0}, "argmax": key, "max": 1.0, "total": 1.0}
        chars.append({
            "id": c.index + 1, "name": c.name, "aliases": list(c.aliases), "count": c.mentions, "g": g,
            "mentions": {k: [{"c": v, "n": name} for name, v in cnt.most_common()] for k, cnt in ms.items()},
            "agent": [], "patient": [], "mod": [], "poss": [],
        })
    (folder / f"{BOOK_ID}.book").write_text(json.dumps({"characters": chars}, ensure_ascii=False) + "\n",
                                            encoding="utf-8")

"""Cast figures against a gold character list (PDNC ``character_info.csv``).

A predicted character *hits* a gold character when its name or one of its aliases is among the gold
character's aliases (case-insensitive). From that:

- ``recall``: gold characters hit by some predicted character, weighted by their number of quotes
  (when ``speaking`` is given) and unweighted per PDNC category (major / intermediate / minor);
  ``recall_named`` counts only gold characters with a capitalised alias that occurs in the text (the
  ones a name-based cast can find at all);
- ``purity``: predicted characters (that hit any gold character) whose aliases all fit one gold
  character;
- ``merges``: predicted characters that mix aliases of different gold characters; ``splits``: extra
  predicted characters beyond the first for a gold character (mapped by the predicted name, else by
  most aliases);
- ``pronoun_accuracy``: mapped characters with gold gender M/F whose pronouns say he/she rightly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from fabula.eval.pdnc_data import GoldCharacter
from fabula.model import Cast


def gold_index(gold: tuple[GoldCharacter, ...]) -> dict[str, set[str]]:
    """Alias (casefolded) -> ids of the gold characters that go by it."""
    out: dict[str, set[str]] = {}
    for g in gold:
        for a in g.aliases | {g.name}:
            out.setdefault(a.casefold(), set()).add(g.id)
    return out


def match_gold(cast: Cast, gold: tuple[GoldCharacter, ...]) -> dict[int, str | None]:
    """Predicted character index -> the gold character id it stands for (or None)."""
    idx = gold_index(gold)
    out: dict[int, str | None] = {}
    for c in cast.characters:
        by_name = idx.get(c.name.casefold())
        if by_name and len(by_name) == 1:
            out[c.index] = next(iter(by_name))
            continue
        votes: Counter = Counter()
        for a in c.aliases:
            for gid in idx.get(a.casefold(), ()):
                votes[gid] += 1
        if by_name:
            votes.update({gid: 10 for gid in by_name})
        out[c.index] = votes.most_common(1)[0][0] if votes else None
    return out


def cast_scores(cast: Cast, gold: tuple[GoldCharacter, ...], text: str,
                speaking: Mapping[str, int] | None = None) -> dict:
    idx = gold_index(gold)
    hit: set[str] = set()
    pure = impure = 0
    merged: list[str] = []
    for c in cast.characters:
        sets = [idx[a.casefold()] for a in set(c.aliases) | {c.name} if a.casefold() in idx]
        for st in sets:
            hit |= st
        if not sets:
            continue
        common = set.intersection(*map(set, sets))
        if common:
            pure += 1
        else:
            impure += 1
            merged.append(c.name)
    mapping = match_gold(cast, gold)
    per_gold = Counter(g for g in mapping.values() if g is not None)
    splits = sum(n - 1 for n in per_gold.values())
    split_names = sorted(g.name for g in gold if per_gold.get(g.id, 0) > 1)

    def recall(chars) -> float | None:
        chars = list(chars)
        return round(sum(1 for g in chars if g.id in hit) / len(chars), 4) if chars else None

    named = [g for g in gold if any(a[:1].isupper() and re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", text)
                                    for a in g.aliases if not a.casefold().startswith(("a ", "an ", "the ")))]
    res = {
        "gold": len(gold),
        "predicted": len(cast.characters),
        "recall": recall(gold),
        "recall_major": recall(g for g in gold if g.category == "major"),
        "recall_intermediate": recall(g for g in gold if g.category == "intermediate"),
        "recall_minor": recall(g for g in gold if g.category == "minor"),
        "recall_named": recall(named),
        "purity": round(pure / (pure + impure), 4) if pure + impure else None,
        "merges": impure,
        "splits": splits,
        "unmatched_predicted": sum(1 for v in mapping.values() if v is None),
        "merged_names": merged,
        "split_gold": split_names,
        "missed_gold": [g.name for g in gold if g.id not in hit and g.category in ("major", "intermediate")],
    }
    if speaking:
        total = sum(speaking.get(g.name, 0) for g in gold)
        res["recall_quotes"] = round(sum(speaking.get(g.name, 0) for g in gold if g.id in hit) / total, 4) \
            if total else None
    gender = {"M": "he/him", "F": "she/her"}
    right = total_g = 0
    gold_by_id = {g.id: g for g in gold}
    for c in cast.characters:
        gid = mapping.get(c.index)
        g = gold_by_id.get(gid) if gid else None
        if g and g.gender in gender:
            total_g += 1
            right += c.pronouns == gender[g.gender]
    res["pronoun_accuracy"] = round(right / total_g, 4) if total_g else None
    return res

"""Same character? A learned pairwise model over two name forms of one story.

Features of the two forms (shared tokens, first/last name roles, titles and their compatibility,
nickname-likeness by the hypocorism table and by string shape, genders from titles, given names and
pronoun votes) and of how the story uses them (met in one sentence or one paragraph, named together
with a kin word: "Ned Pell and his father"), scored by a logistic regression trained by
``fabula train cast`` from PDNC's alias lists (``fabula/models/cast_pairs.json``).

The clustering asks ``Judge.same(form, cluster)`` before a form joins a character: people who
appear together, or are introduced as relatives, stay apart even when their names fit.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import re
from collections import defaultdict
from pathlib import Path

from fabula.cast.working import _Cluster, _Form, _Occ, _pronoun_gender
from fabula.names import (
    given_name_gender,
    nickname_of,
    title_gender,
    title_role,
    titles_conflict,
    word_start,
    words,
)

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "cast_pairs.json"

FEATURES = (
    "bias", "same_tokens", "share_last", "share_first", "first_is_last", "subset", "both_titled",
    "same_title", "title_conflict", "gender_conflict", "gender_agree", "nickname_table", "nickname_form",
    "prefix3", "one_full_one_bare", "diff_first_same_last", "both_bare_single", "epithet",
    "log_min_count", "log_ratio", "co_sentence", "co_paragraph", "co_kin", "a_title_first_role", "kin_link",
    "nickname_bare",
)
_KIN = re.compile(word_start(words("""son sons father daughter daughters mother brother brothers sister sisters wife
husband uncle aunt nephew niece cousin grandfather grandmother grandson granddaughter widow""")) + r"\b")


def form_contexts(occs: list[_Occ], s: str, sent_starts: list[int], paragraphs) -> dict[tuple, tuple[set, set, set]]:
    """Per form key: the sentences, the paragraphs, and the kin-word paragraphs it is named in."""
    para_starts = [p.start for p in paragraphs]
    kin_paras: dict[int, bool] = {}
    out: dict[tuple, tuple[set, set, set]] = defaultdict(lambda: (set(), set(), set()))
    for o in occs:
        key = ("the", o.epithet) if o.epithet else (o.title, o.tokens)
        si = bisect.bisect_right(sent_starts, o.start) - 1
        pi = bisect.bisect_right(para_starts, o.start) - 1
        sents, paras, kin = out[key]
        sents.add(si)
        paras.add(pi)
        if pi >= 0:
            k = kin_paras.get(pi)
            if k is None:
                p = paragraphs[pi]
                k = kin_paras[pi] = _KIN.search(s, p.start, p.end) is not None
            if k:
                kin.add(pi)
    return dict(out)


def kin_links(occs: list[_Occ], s: str) -> dict[frozenset, int]:
    """Pairs of forms the text introduces as relatives: two mentions close together with a kin word
    between them ("Ned Pell and his father Edward", "Edward's son, Ned")."""
    out: dict[frozenset, int] = defaultdict(int)
    for a, b in itertools.pairwise(occs):
        if 0 <= b.start - a.end <= 60 and _KIN.search(s, a.end, b.start):
            ka = ("the", a.epithet) if a.epithet else (a.title, a.tokens)
            kb = ("the", b.epithet) if b.epithet else (b.title, b.tokens)
            if ka != kb:
                out[frozenset((ka, kb))] += 1
    return dict(out)


def _gender(f: _Form) -> str | None:
    g = title_gender(f.title) or _pronoun_gender(f.pronouns, strong=True)
    if g is None and f.tokens and not f.epithet and (len(f.tokens) >= 2 or (f.title and title_role(f.title) == "first")):
        g = given_name_gender(f.tokens[0])  # a bare single name may be a surname: no given-name gender
    return g


def features(a: _Form, b: _Form, ca: tuple[set, set, set] | None, cb: tuple[set, set, set] | None,
             kin: int = 0) -> list[float]:
    """The feature vector of a pair of forms (order-insensitive except ``a_title_first_role``)."""
    ta = [t.casefold() for t in a.tokens]
    tb = [t.casefold() for t in b.tokens]
    sa, sb = set(ta), set(tb)
    fa, fb = (ta[0] if ta else ""), (tb[0] if tb else "")
    la, lb = (ta[-1] if len(ta) >= 2 else None), (tb[-1] if len(tb) >= 2 else None)
    ga, gb = _gender(a), _gender(b)
    nick_t = bool(fa and fb and fa != fb and (nickname_of(fa, fb) or nickname_of(fb, fa)))
    nick_f = bool(fa and fb and fa != fb and len(min(fa, fb, key=len)) >= 3
                  and (fb.startswith(fa) or fa.startswith(fb)))
    co_s = co_p = co_k = 0.0
    if ca and cb:
        co_s = math.log1p(len(ca[0] & cb[0]))
        co_p = math.log1p(len(ca[1] & cb[1]))
        co_k = math.log1p(len(ca[2] & cb[2]))
    return [
        1.0,
        float(sa == sb),
        float(la is not None and la == lb),
        float(len(ta) >= 2 and len(tb) >= 2 and fa == fb),
        float((la is not None and la == fb and len(tb) == 1) or (lb is not None and lb == fa and len(ta) == 1)),
        float(sa != sb and (sa <= sb or sb <= sa)),
        float(bool(a.title and b.title)),
        float(bool(a.title and a.title == b.title)),
        float(bool(a.title and b.title and titles_conflict(a.title, b.title))),
        float(bool(ga and gb and ga != gb)),
        float(bool(ga and gb and ga == gb)),
        float(nick_t),
        float(nick_f),
        float(len(fa) >= 3 and fa[:3] == fb[:3] and fa != fb),
        float((len(ta) >= 2) != (len(tb) >= 2)),
        float(la is not None and la == lb and fa != fb),
        float(len(ta) == 1 and len(tb) == 1 and not a.title and not b.title),
        float(a.epithet or b.epithet),
        math.log1p(min(a.count, b.count)),
        abs(math.log1p(a.count) - math.log1p(b.count)),
        co_s,
        co_p,
        co_k,
        float(bool(a.title and title_role(a.title) == "first") or bool(b.title and title_role(b.title) == "first")),
        math.log1p(kin),
        float(nick_t and (len(ta) == 1 or len(tb) == 1)),
    ]


def load_weights(path: Path = MODEL_PATH) -> tuple[list[float], float] | None:
    """(weights, threshold) from the committed model, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text())
        if list(data["features"]) != list(FEATURES):
            return None
        return [float(x) for x in data["weights"]], float(data["threshold"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


_WEIGHTS = load_weights()


class Judge:
    """p(same character) for a form and the forms of a cluster, from the learned weights."""

    def __init__(self, forms: dict[tuple, _Form], contexts: dict, kin: dict[frozenset, int] | None = None,
                 weights: tuple[list[float], float] | None = None):
        self.forms = forms
        self.contexts = contexts
        self.kin = kin or {}
        w = weights if weights is not None else _WEIGHTS
        self.w, self.threshold = (w if w is not None else (None, 0.0))

    def p(self, a: _Form, b: _Form) -> float:
        x = features(a, b, self.contexts.get(a.key), self.contexts.get(b.key),
                     self.kin.get(frozenset((a.key, b.key)), 0))
        z = sum(wi * xi for wi, xi in zip(self.w, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def together(self, f: _Form, c: _Cluster) -> bool:
        """Whether ``f`` is named in two sentences or more with the cluster's forms or the bare given
        name of its full names (two people, mostly: "said Tamsin, and Mrs. Quorn laughed")."""
        mine = self.contexts.get(f.key)
        if not mine:
            return False
        keys = set(c.forms) | {(None, k[1][:1]) for k in c.forms if len(k) == 2 and len(k[1]) >= 2}
        shared = set()
        for k in keys:
            if k in self.contexts and k != f.key:
                shared |= mine[0] & self.contexts[k][0]
        return len(shared) >= 2

    def same(self, f: _Form, c: _Cluster) -> bool:
        """May ``f`` join ``c``? Yes when no model is loaded, or when some of the cluster's most used
        forms is likely the same person."""
        if self.w is None or not c.forms:
            return True
        keys = sorted((k for k in c.forms if k in self.forms), key=lambda k: -self.forms[k].count)[:6]
        if not keys:
            return True
        return max(self.p(f, self.forms[k]) for k in keys) >= self.threshold

"""Capitalised runs of a paragraph, with a title that ends a run given back to the name after it.

The run pattern (``patterns._SEQ``) takes a title only at a run's start, and a title's full stop
ends a run: "As Mrs. Pell observed", "And Mr. Pell said", "Poor Mrs. Pell" were read as the run
"As Mrs" (no name) and the bare "Pell", which then fits every Pell of the family and is given to the
wrong one. Here such a run is cut before its last word when that word is a title with its full stop
and a titled name follows: "As" and "Mrs. Pell". Likewise a title the pattern cannot start at, right
after a dash or an apostrophe ("months--Mrs. Pell said"), is given to the name after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fabula.cast.patterns import _ABBR_DOT, _SEQ, _TOKEN
from fabula.names import TITLE_PATTERN, TITLE_WORDS, canonical_title

Run = tuple[int, str | None, int, int]  # (start, title, name start, name end)

# a title right before a run, after a dash or an apostrophe ("--Mrs. ", "-Miss ")
_TITLE_BEFORE = re.compile(rf"(?<=[-'’])(?P<title>{TITLE_PATTERN}){_ABBR_DOT}?[ \t]+$")
_LOOKBACK = 16  # characters before a run searched for such a title


def capitalised_runs(s: str, a: int, b: int) -> Iterator[Run]:
    """The capitalised runs of s[a:b] in order, a run ending in "Mr." / "Mrs." (a dotted title) that
    a name follows split into the words before it and the titled name."""
    pos = a
    while True:
        m = _SEQ.search(s, pos, b)
        if m is None:
            return
        run = (m.start(), m.group("title"), m.start("name"), m.end("name"))
        titled = _titled_after(s, m, b)
        if titled is None:
            yield _with_title_before(s, run, a)
            pos = m.end()
            continue
        cut, t = titled
        if cut > m.start("name"):
            yield run[0], run[1], run[2], _end_before(s, m.start("name"), cut)
        yield t.start(), t.group("title"), t.start("name"), t.end("name")
        pos = t.end()


def _titled_after(s: str, m, b: int):
    """When the run ``m`` ends with a title and its full stop and a name follows ("But Mrs. Pell"):
    (where that title starts, the titled run from there); else None."""
    end = m.end("name")
    if end >= b or s[end] != ".":
        return None
    last = _last_token(s, m.start("name"), end)
    if last is None or last.end() != end:
        return None
    w = last.group()
    if w.casefold() not in TITLE_WORDS or not canonical_title(w):
        return None
    t = _SEQ.match(s, last.start(), b)
    if t is None or t.group("title") is None or t.end() <= end + 1:
        return None
    return last.start(), t


def _with_title_before(s: str, run: Run, a: int) -> Run:
    """``run`` with the title the pattern left before it after a dash ("--Mrs. Pell"), if any."""
    if run[1] is not None:
        return run
    t = _TITLE_BEFORE.search(s, max(a, run[0] - _LOOKBACK), run[0])
    return run if t is None else (t.start(), t.group("title"), run[2], run[3])


def _end_before(s: str, lo: int, cut: int) -> int:
    """The end of the last token of s[lo:cut] (the run's words before its title)."""
    last = _last_token(s, lo, cut)
    return lo if last is None else last.end()


def _last_token(s: str, lo: int, hi: int) -> re.Match | None:
    """The last token of s[lo:hi], or None."""
    last = None
    for last in _TOKEN.finditer(s, lo, hi):
        pass
    return last

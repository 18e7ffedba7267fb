"""Script-format passages: dialogue written as ``NAME: line`` or ``NAME - line`` (a common fan-fiction
form), with stage directions in brackets, parentheses or asterisks.

Reads: ``Text`` (paragraphs and their lines) and the quotes found in prose. Adds: one ``Quote`` per
labelled line of a script passage, its ``label`` the speaker's name as written; the quotes stage
calls ``merge``, the cast stage takes ``seed_names`` as known names, the speakers stage gives each
labelled quote its label's character with ``labelled_speakers``.

A passage is script when the evidence says so, not because one line starts "Name:": a run of at least
``MIN_LINES`` consecutive lines (stage directions may sit between them) opening with a capitalised
label of one to three words and a colon or a spaced dash, where at least two labels each come back at
least twice and the labels are few next to the lines (the same speakers taking turns). Once a story has
such a passage, a line elsewhere that opens with one of its speakers' labels is a script line too
(script lines between narration paragraphs). Front-matter
words ("Summary:", "Note:", "Warning:"...) are never labels (a closed class).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace

from fabula.ingest import markers
from fabula.model import Attribution, Cast, Quote, Quotes, Span, Speakers, Text

MIN_LINES = 4
CONFIDENCE = 0.99

_NAME = r"[A-Z][\w'’.]{0,24}(?:[ \t][A-Z][\w'’.]{0,24}){0,2}"
_LABEL = re.compile(
    rf"[ \t]*[*_]{{0,2}}(?P<name>{_NAME})[*_]{{0,2}}"
    r"(?:[ \t]*(?P<aside>[\(\[][^)\]\n]{1,60}[\)\]]))?"  # "DEAN (whispering): ..."
    r"(?:[ \t]*[*_]{0,2}:[*_]{0,2}|[ \t]+[-–—])[ \t]+(?=\S)")
_DIRECTION = re.compile(r"\*[^*\n]{1,300}\*|\[[^\]\n]{1,300}\]|\([^)\n]{1,300}\)")
_DIRECTION_LINE = re.compile(r"[ \t]*(?:\*[^*\n]{1,500}\*|\[[^\]\n]{1,500}\]|\([^)\n]{1,500}\))[ \t]*")
_NOT_LABELS = frozenset(markers.LABELS) | {
    "ps", "p.s.", "pps", "edit", "update", "chapter", "part", "scene", "setting", "time", "place", "location",
    "date", "note", "notes", "a/n", "an", "pov", "prompt", "request", "requested", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight", "yesterday", "tomorrow"}
_QUOTE_MARKS = "\"'“”‘’«»"


def _lines(text: Text) -> list[tuple[int, int, int]]:
    """(paragraph index, line start, line end) of every non-blank line of the story paragraphs."""
    s = text.text
    out: list[tuple[int, int, int]] = []
    for p in text.paragraphs:
        pos = p.start
        while pos < p.end:
            e = s.find("\n", pos, p.end)
            e = p.end if e < 0 else e
            a, b = markers.trim(s, pos, e)
            if b > a:
                out.append((p.index, a, b))
            pos = e + 1
    return out


def _label(s: str, a: int, b: int) -> re.Match | None:
    m = _LABEL.match(s, a, b)
    if m is None or m.group("name").casefold().rstrip(".") in _NOT_LABELS:
        return None
    return m


def _is_script(labels: list[str]) -> bool:
    """Evidence that a run of labelled lines is a script: enough lines, the same few speakers back."""
    counts = Counter(labels)
    return (len(labels) >= MIN_LINES and sum(1 for c in counts.values() if c >= 2) >= 2
            and len(counts) <= len(labels) / 2 + 1)


def passages(text: Text) -> list[list[tuple[int, int, int, re.Match]]]:
    """The script passages: each a list of (paragraph index, line start, line end, label match)."""
    s = text.text
    found: list[list[tuple[int, int, int, re.Match]]] = []
    run: list[tuple[int, int, int, re.Match]] = []

    lone: list[tuple[int, int, int, re.Match]] = []  # labelled lines outside a run long enough

    def close() -> None:
        if run and _is_script([m.group("name") for *_, m in run]):
            found.append(list(run))
        else:
            lone.extend(run)
        run.clear()

    for pi, a, b in _lines(text):
        m = _label(s, a, b)
        if m is not None:
            run.append((pi, a, b, m))
        elif run and not _DIRECTION_LINE.fullmatch(s, a, b):  # (no run open: nothing to close)
            close()
    close()
    if found and lone:
        # once a passage is script, its speakers' labels between narration paragraphs are script lines too
        speakers = Counter(m.group("name") for run in found for *_, m in run)
        extra = [x for x in lone if speakers[x[3].group("name")] >= 2]
        found = sorted(found + [[x] for x in extra], key=lambda r: r[0][1])
    return found


def _pieces(s: str, a: int, b: int) -> list[Span]:
    """The spoken parts of a line's text[a:b]: stage directions cut out, quote marks left off."""
    out: list[Span] = []
    pos = a
    for m in [*_DIRECTION.finditer(s, a, b), None]:
        e = m.start() if m else b
        x, y = markers.trim(s, pos, e)
        while x < y and s[x] in _QUOTE_MARKS:
            x += 1
        while y > x and s[y - 1] in _QUOTE_MARKS:
            y -= 1
        x, y = markers.trim(s, x, y)
        if y > x and any(c.isalnum() for c in s[x:y]):
            out.append(Span(x, y))
        if m:
            pos = m.end()
    return out


def merge(text: Text, quotes: Quotes) -> Quotes:
    """``quotes`` (found in prose) with every labelled line of a script passage made a quotation of its
    own; a prose quote inside a script line is that line's quote instead. Unchanged without script."""
    found = passages(text)
    if not found:
        return quotes
    s = text.text
    script: list[Quote] = []
    lines: list[tuple[int, int]] = []
    for run in found:
        for pi, a, b, m in run:
            lines.append((a, b))
            pieces = _pieces(s, m.end(), b)
            if pieces:
                script.append(Quote(0, pieces[0].start, pieces[-1].end, tuple(pieces), pi, pi, "script",
                                    label=m.group("name"), label_span=Span(m.start("name"), m.end("name"))))
    starts = [a for a, _ in lines]

    def in_line(q: Quote) -> bool:
        i = bisect.bisect_right(starts, q.start) - 1
        return i >= 0 and q.start < lines[i][1]

    kept = [q for q in quotes if not in_line(q)] + script
    kept.sort(key=lambda q: q.start)
    return Quotes(tuple(replace(q, index=i) for i, q in enumerate(kept)))


def seed_names(quotes: Quotes) -> list[list[str]]:
    """Each speaker label as a known name for the cast ("DEAN" also as "Dean")."""
    out: list[list[str]] = []
    seen: set[str] = set()
    for q in quotes:
        label = q.label
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            out.append([label.title(), label] if label.isupper() and len(label) > 1 else [label])
    return out


def label_mentions(s: str, quotes: Quotes) -> list[tuple[int, None, list[tuple[int, int, str]], bool]]:
    """Each speaker label as the cast's pass 1 records a capitalised run: (start, no title, its words
    as (start, end, word) with an all-caps word written as a name, not sentence-initial)."""
    out = []
    for q in quotes:
        if q.label_span is None:
            continue
        a = q.label_span.start
        words = [(a + m.start(), a + m.end(), m.group().title() if m.group().isupper() else m.group())
                 for m in re.finditer(r"\S+", s[a:q.label_span.end])]
        out.append((a, None, words, False))
    return out


def labelled_speakers(quotes: Quotes, cast: Cast, speakers: Speakers) -> Speakers:
    """``speakers`` with each labelled quote given its label's character (explicit, high confidence),
    addressed to the neighbouring line's other speaker; other quotes unchanged."""
    who: dict[str, int | None] = {}
    for q in quotes:
        if q.label and q.label not in who:
            c = cast.alias_of(q.label) or cast.alias_of(q.label.title())
            who[q.label] = None if c is None else c.index
    if not who:
        return speakers
    out = list(speakers.attributions)
    labelled = [i for i, q in enumerate(quotes) if q.label and who[q.label] is not None]
    for k, i in enumerate(labelled):
        me = who[quotes[i].label]
        near = [who[quotes[j].label] for j in labelled[max(0, k - 1):k + 2] if who[quotes[j].label] != me]
        out[i] = Attribution(i, me, tuple(dict.fromkeys(near))[:1], "explicit", CONFIDENCE, quotes[i].label_span)
    return Speakers(tuple(out))

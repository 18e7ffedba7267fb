"""Helpers for the scene, feelings, network and craft tests: hand-built layers.

The cast and speaker stages are tested on their own; these tests give the later stages a known cast
(names, pronouns, narrator) and known speakers, so that what they check is the later stage alone.
"""

from __future__ import annotations

import re

from fabula import craft, feelings, network, quotes, scenes, text
from fabula.model import (
    Analysis,
    Attribution,
    Cast,
    Chapter,
    Character,
    Mention,
    SceneBreak,
    Span,
    Speakers,
    Work,
)

_BREAK_LINE = re.compile(r"^[ \t]*(?:\* \* \*|\*\*\*|xXx|~~~)[ \t]*$", re.MULTILINE)
_CHAPTER_LINE = re.compile(r"^Chapter \d+[^\n]*$", re.MULTILINE)


def work_of(story: str) -> Work:
    """A Work as the ingest stage gives it: chapters at "Chapter N" lines, ``* * *`` lines as breaks."""
    heads = [m.start() for m in _CHAPTER_LINE.finditer(story)] or [0]
    if heads[0] != 0:
        heads.insert(0, 0)
    chapters = tuple(Chapter(i + 1, None, s, e) for i, (s, e) in enumerate(zip(heads, heads[1:] + [len(story)])))
    breaks = tuple(SceneBreak(m.start(), m.end(), m.group().strip()) for m in _BREAK_LINE.finditer(story))
    return Work(text=story, source_format="text", story=(Span(0, len(story)),), chapters=chapters, breaks=breaks)


def cast_of(story: str, people: list[tuple[str, str | None, tuple[str, ...]]], narrator: int | None = None) -> Cast:
    """A cast of ``people`` (name, pronouns, aliases) with a name mention wherever an alias occurs."""
    chars = []
    mentions = []
    for i, (name, pronouns, aliases) in enumerate(people):
        names = tuple(dict.fromkeys((name, *aliases)))
        count = 0
        for a in names:
            for m in re.finditer(r"\b" + re.escape(a) + r"\b", story):
                mentions.append(Mention(m.start(), m.end(), i, "name"))
                count += 1
        chars.append(Character(i, name, names, pronouns, count, narrator=(i == narrator)))
    mentions.sort(key=lambda m: m.start)
    return Cast(tuple(chars), tuple(mentions), narrator)


def analysis_of(story: str, people: list[tuple[str, str | None, tuple[str, ...]]], narrator: int | None = None,
                addressed: bool = True) -> Analysis:
    """Run the stages after speakers on ``story`` with a hand-built cast. The speaker of a quote is the
    character named in its paragraph's narration (or the narrator); when ``addressed``, the addressee
    is the character named inside the quote, or the other one named in that paragraph, else the
    previous speaker."""
    work = work_of(story)
    txt = text.segment(work)
    qs = quotes.find(txt)
    cs = cast_of(story, people, narrator)
    atts = []
    prev: int | None = None
    for q in qs:
        para = txt.paragraphs[q.paragraph]
        inside = [(p.start, p.end) for p in q.pieces]
        named = [m.character for m in cs.mentions
                 if para.start <= m.start < para.end and not any(a <= m.start < b for a, b in inside)]
        vocatives = [m.character for m in cs.mentions if any(a <= m.start < b for a, b in inside)]
        speaker = named[0] if named else narrator
        if speaker is None:
            speaker = prev_other(atts, prev)
        others = [c for c in dict.fromkeys(vocatives + named) if c != speaker]
        if not others and prev is not None and prev != speaker:
            others = [prev]
        kind = "explicit" if named else "implicit"
        atts.append(Attribution(q.index, speaker, tuple(others[:1]) if addressed else (), kind, 0.9))
        prev = speaker
    sp = Speakers(tuple(atts))
    sc = scenes.segment(work, txt, qs, cs, sp)
    fe = feelings.measure(txt, qs, cs, sp, sc)
    nw = network.build(work, txt, qs, cs, sp, sc, fe)
    cr = craft.review(work, txt, qs, cs, sp, sc, fe)
    return Analysis(work, txt, qs, cs, sp, sc, fe, nw, cr)


def prev_other(atts: list[Attribution], prev: int | None) -> int | None:
    """Turn-taking: an untagged line goes to whoever spoke before the previous speaker."""
    for a in reversed(atts):
        if a.speaker is not None and a.speaker != prev:
            return a.speaker
    return None


def scene_starts(a: Analysis) -> list[str]:
    """The first words of each scene, which is how a reader points at a scene."""
    return [" ".join(a.text.text[s.start:s.end].split()[:3]) for s in a.scenes]

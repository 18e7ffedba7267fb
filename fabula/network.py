"""Stage 8, network: characters as nodes, their interactions as weighted edges.

Reads: Work, Text, Quotes, Cast, Speakers, Scenes, Feelings. Adds: ``Network``.

Node size is words spoken. An edge joins two characters who talk to each other (``conversation``:
quotes exchanged, from the relationships of the feelings stage) or who are present in the same scene
(``copresence``: scenes shared, among the 40 most mentioned in a scene); ``tone`` is the mean valence
of what they say to each other.
The whole-story edges come with the same edges per chapter (``Edge.chapter`` set), for dynamic graphs.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from itertools import combinations

from fabula.feelings import addressees_of
from fabula.model import Cast, Edge, Feelings, Network, Quotes, Scenes, Speakers, Text, Work, quote_text

# Co-presence joins the most mentioned characters of a scene, at most this many: a scene that names
# hundreds of people (a chapter-long scene of Ulysses) would otherwise give an edge to every pair of them.
MAX_COPRESENT = 40


def build(work: Work, text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, scenes: Scenes,
          feelings: Feelings) -> Network:
    n = len(cast.characters)
    words = [0] * n
    s = text.text
    for q, a in zip(quotes, speakers):
        if a.speaker is not None and a.speaker < n:
            words[a.speaker] += len(quote_text(s, q).split())

    # co-presence, whole story and per chapter
    co: Counter[tuple[int, int]] = Counter()
    co_ch: Counter[tuple[int, int, int]] = Counter()
    mentions = [c.mentions for c in cast.characters]
    for sc in scenes:
        present = sorted(set(sc.present))
        if len(present) > MAX_COPRESENT:  # a crowd (a long scene naming hundreds): pairs grow as its square
            present = sorted(sorted(present, key=lambda c: -mentions[c] if c < n else 0)[:MAX_COPRESENT])
        for a, b in combinations(present, 2):
            co[(a, b)] += 1
            co_ch[(a, b, sc.chapter)] += 1

    # conversation: quotes exchanged, per relationship and per chapter through its scenes
    conv: Counter[tuple[int, int]] = Counter()
    tone: dict[tuple[int, int], float] = {}
    conv_ch: Counter[tuple[int, int, int]] = Counter()
    tone_ch: dict[tuple[int, int, int], list[float]] = defaultdict(list)
    chapter_of_scene = [sc.chapter for sc in scenes]
    for r in feelings.relationships:
        key = (min(r.a, r.b), max(r.a, r.b))
        conv[key] += r.exchanges
        tone[key] = r.tone
        for si, v in zip(r.scenes, r.arc):
            if 0 <= si < len(chapter_of_scene):
                tone_ch[(*key, chapter_of_scene[si])].append(v)
    # exchanges per chapter: the same quotes, counted by the chapter of their scene
    if feelings.relationships:
        sc_starts = [sc.start for sc in scenes]
        for q, a, to in zip(quotes, speakers, addressees_of(quotes, speakers, scenes)):
            si = bisect.bisect_right(sc_starts, q.start) - 1
            ch = chapter_of_scene[si] if si >= 0 else text.paragraphs[q.paragraph].chapter
            for t in to:
                conv_ch[(min(a.speaker, t), max(a.speaker, t), ch)] += 1
    edges = tuple(
        Edge(a, b, conv.get((a, b), 0), co.get((a, b), 0), tone.get((a, b), 0.0))
        for a, b in sorted(set(co) | set(conv))
    )
    chapter_edges = tuple(
        Edge(a, b, conv_ch.get((a, b, ch), 0), co_ch.get((a, b, ch), 0),
             round(sum(tone_ch[(a, b, ch)]) / len(tone_ch[(a, b, ch)]), 4) if tone_ch.get((a, b, ch)) else 0.0, ch)
        for a, b, ch in sorted(set(co_ch) | set(conv_ch), key=lambda k: (k[2], k[0], k[1]))
    )
    return Network(tuple(words), edges, chapter_edges)

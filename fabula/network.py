"""Stage 8, network: characters as nodes, their interactions as weighted edges.

Reads: Work, Text, Quotes, Cast, Speakers, Scenes, Feelings. Adds: ``Network``.
"""

from __future__ import annotations

from fabula.model import Cast, Feelings, Network, Quotes, Scenes, Speakers, Text, Work


def build(work: Work, text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, scenes: Scenes,
          feelings: Feelings) -> Network:
    return Network(words_spoken=tuple(0 for _ in cast.characters), edges=(), chapter_edges=())

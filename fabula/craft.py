"""Stage 9, craft: writer warnings (untagged runs, said-bookisms, adverb tags, head-hopping) and
AO3-style suggested tags.

Reads: Work, Text, Quotes, Cast, Speakers, Scenes. Adds: ``Craft``.
"""

from __future__ import annotations

from fabula.model import Cast, Craft, Quotes, Scenes, Speakers, Text, Work


def review(work: Work, text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, scenes: Scenes) -> Craft:
    return Craft(warnings=tuple(scenes.head_hops), suggested_tags={})

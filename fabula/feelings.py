"""Stage 7, feelings: valence per paragraph, scene and character; relationship arcs.

Reads: Text, Quotes, Cast, Speakers, Scenes. Adds: ``Feelings``.
"""

from __future__ import annotations

from fabula.model import Cast, Feelings, Quotes, Scenes, Speakers, Text


def measure(text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, scenes: Scenes) -> Feelings:
    return Feelings(
        paragraph_valence=tuple(0.0 for _ in text.paragraphs),
        scene_valence=tuple(0.0 for _ in scenes),
        arc=(),
        character_arcs={},
        relationships=(),
    )

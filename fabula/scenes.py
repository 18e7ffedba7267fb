"""Stage 6, scenes: where the story changes scene, and whose eyes each scene is told through.

Reads: Work (explicit breaks, chapters), Text, Quotes, Cast, Speakers. Adds: ``Scenes``.
"""

from __future__ import annotations

from fabula.model import Cast, Quotes, Scene, Scenes, Speakers, Text, Work


def segment(work: Work, text: Text, quotes: Quotes, cast: Cast, speakers: Speakers) -> Scenes:
    scenes = tuple(
        Scene(i, ch.start, ch.end, ch.index, "start" if i == 0 else "chapter", "third", None, 0.0)
        for i, ch in enumerate(work.chapters)
    )
    return Scenes(scenes)

"""Stage 4, cast: who is in the story.

Reads: Work (metadata character tags), Text, Quotes. Adds: ``Cast`` (characters with aliases and
pronouns, every mention, the first-person narrator).
"""

from __future__ import annotations

from fabula.model import Cast, Quotes, Text, Work


def build(work: Work, text: Text, quotes: Quotes) -> Cast:
    return Cast(characters=(), mentions=())

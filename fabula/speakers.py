"""Stage 5, speakers: who says each quotation, and to whom.

Reads: Text, Quotes, Cast. Adds: ``Speakers`` (one Attribution per quote, with confidence).
"""

from __future__ import annotations

from fabula.model import Attribution, Cast, Quotes, Speakers, Text


def attribute(text: Text, quotes: Quotes, cast: Cast) -> Speakers:
    return Speakers(tuple(Attribution(q.index, None, (), "implicit", 0.0) for q in quotes))

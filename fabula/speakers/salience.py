"""Who holds a pronoun over a stretch of the story: the person a he/she with no name of that gender
nearby refers to.

In a second-person reader insert the narration follows the Reader and one other person, the one the
story pairs the Reader with; that person is "he" (or "she") for whole scenes while everyone else of
that gender gets named. So when the story declares the pairing ("Pairing: Marcus x Reader", read by
the cast stage into ``Cast.partners``), that partner holds the pronoun of their gender.
"""

from __future__ import annotations

from fabula.speakers.document import Document

MINOR = 2  # a character named this few times in the whole story is named in passing, not followed


def holder(doc: Document, g: str) -> int | None:
    """The character a bare he/she (``g``: "m" or "f") goes to when the narration nearby names no one
    of that gender, or None when the story does not say."""
    if doc.person != "you":
        return None
    mine = [c for c in getattr(doc.cast, "partners", ()) if doc.gender[c] == g]
    return mine[0] if len(mine) == 1 else None


def in_passing(doc: Document, c: int) -> bool:
    """The character is named only once or twice in the whole story (not one the narration follows)."""
    return doc.cast.characters[c].mentions <= MINOR

"""fabula: read a story and give back its fabula.

    >>> import fabula
    >>> a = fabula.analyze("story.epub")          # or the story text itself
    >>> [c.name for c in a.cast.characters]

``import fabula`` is light: the stages are imported on the first use of ``fabula.analyze`` (so the
command line can answer Ctrl-C, --help and usage errors before loading them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fabula.errors import FabulaError

if TYPE_CHECKING:
    from fabula.pipeline import analyze

__version__ = "0.1.0"
__all__ = ["FabulaError", "__version__", "analyze"]


def __getattr__(name: str):
    if name == "analyze":
        from fabula.pipeline import analyze

        return analyze
    raise AttributeError(f"module 'fabula' has no attribute {name!r}")

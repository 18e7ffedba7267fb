"""fabula: read a story and give back its fabula.

    >>> import fabula
    >>> a = fabula.analyze("story.epub")          # or the story text itself
    >>> [c.name for c in a.cast.characters]
"""

from fabula.errors import FabulaError
from fabula.pipeline import analyze

__version__ = "0.1.0"
__all__ = ["FabulaError", "__version__", "analyze"]

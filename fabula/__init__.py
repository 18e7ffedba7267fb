"""fabula: read a story and give back its fabula.

    >>> import fabula
    >>> a = fabula.analyze("story.epub")          # or the story text itself
    >>> [c.name for c in a.cast.characters]

``import fabula`` imports nothing else: the stages are imported on the first use of
``fabula.analyze``, so that the command line has its Ctrl-C handler in place, and answers --help and
usage errors, before loading them.
"""

__version__ = "0.1.0"
__all__ = ["FabulaError", "__version__", "analyze"]


def __getattr__(name: str):
    if name == "analyze":
        from fabula.pipeline import analyze

        return analyze
    if name == "FabulaError":
        from fabula.errors import FabulaError

        return FabulaError
    raise AttributeError(f"module 'fabula' has no attribute {name!r}")

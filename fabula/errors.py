"""The one exception type fabula raises for bad input; the CLI turns it into `fabula: error: ...`."""


class FabulaError(Exception):
    """Input fabula cannot analyse (missing, empty, not text, corrupt, hostile). Message: one line."""

"""Ctrl-C for the command line: `fabula: interrupted` and exit code 130, at any moment, never a
traceback. Two handlers: one for when there is nothing to clean up (start-up, or a second Ctrl-C),
one that unwinds so that temporary folders are removed on the way out."""

from __future__ import annotations

import os
import signal

EXIT_INTERRUPTED = 130


def exit_interrupted(signum: int | None = None, frame: object = None) -> None:
    """Say so and leave now (nothing to clean up: start-up, or a second Ctrl-C while unwinding)."""
    try:
        os.write(2, b"fabula: interrupted\n")
    finally:
        os._exit(EXIT_INTERRUPTED)


def raise_interrupt(signum: int, frame: object) -> None:
    """Unwind with KeyboardInterrupt; a second Ctrl-C during the unwinding ends the process at once."""
    signal.signal(signal.SIGINT, exit_interrupted)
    raise KeyboardInterrupt


def set_handler(handler) -> object:
    """Install ``handler`` for SIGINT and return the one it replaces (None off the main thread,
    where Python allows no handler to be set)."""
    try:
        return signal.signal(signal.SIGINT, handler)
    except ValueError:
        return None

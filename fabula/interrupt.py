"""Ctrl-C and `kill` for the command line: `fabula: interrupted` (SIGINT, exit code 130) or
`fabula: terminated` (SIGTERM, exit code 143), at any moment, never a traceback. Two handlers: one
for when there is nothing to clean up (start-up, or a second signal), one that unwinds so that
temporary folders are removed on the way out."""

from __future__ import annotations

import os
import signal

SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXIT_INTERRUPTED = 128 + signal.SIGINT
_last = [signal.SIGINT]  # the signal being acted on: the unwinding path reads it to say which


def last_signal() -> int:
    """The signal that started the unwinding now under way (SIGINT when none did: a KeyboardInterrupt)."""
    return _last[0]


def message(signum: int | None = None) -> str:
    """The one line said on the way out for ``signum`` (default: the last signal received)."""
    signum = last_signal() if signum is None else signum
    return "fabula: terminated" if signum == signal.SIGTERM else "fabula: interrupted"


def exit_code(signum: int | None = None) -> int:
    """128 + the signal's number, as a shell reports a process ended by it."""
    return 128 + (last_signal() if signum is None else signum)


def exit_interrupted(signum: int | None = None, frame: object = None) -> None:
    """Say so and leave now (nothing to clean up: start-up, or a second signal while unwinding)."""
    signum = signal.SIGINT if signum is None else signum
    try:
        os.write(2, (message(signum) + "\n").encode())
    finally:
        os._exit(exit_code(signum))


def raise_interrupt(signum: int, frame: object) -> None:
    """Unwind with KeyboardInterrupt; a second signal during the unwinding ends the process at once."""
    _last[0] = signum
    for s in SIGNALS:
        signal.signal(s, exit_interrupted)
    raise KeyboardInterrupt


def set_handler(handler) -> dict[int, object] | None:
    """Install ``handler`` for SIGINT and SIGTERM; return the handlers it replaces, for `restore`
    (None off the main thread, where Python allows no handler to be set)."""
    try:
        return {s: signal.signal(s, handler) for s in SIGNALS}
    except ValueError:
        return None


def restore(before: dict[int, object] | None) -> None:
    """Put back the handlers `set_handler` replaced."""
    for s, handler in (before or {}).items():
        if handler is not None:
            signal.signal(s, handler)

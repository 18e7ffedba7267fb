"""The `fabula` command's entry point (also `python -m fabula`).

Its first act is to put the Ctrl-C handler in place, before click and the stages are imported, so
that a Ctrl-C in the first second (while Python loads them) ends as `fabula: interrupted`, exit 130,
not as a traceback. Nothing else imports this module: a program that imports ``fabula`` or
``fabula.cli`` keeps its own Ctrl-C handling.
"""

import atexit
import gc
import os
import signal
import sys

# One short-lived job: the cyclic garbage collector looks at young objects every 50,000 allocations
# instead of every 700 (a 100k-word story made ~290 collections, ~0.14 s of CPU; now a handful).
gc.set_threshold(50_000, 20, 100)


def _exit_interrupted(signum: int, frame: object) -> None:  # fabula.interrupt's, before it is imported
    os.write(2, b"fabula: terminated\n" if signum == signal.SIGTERM else b"fabula: interrupted\n")
    os._exit(128 + signum)


try:
    signal.signal(signal.SIGINT, _exit_interrupted)
    signal.signal(signal.SIGTERM, _exit_interrupted)
except ValueError:  # not the main thread
    pass

from fabula import interrupt

interrupt.set_handler(interrupt.exit_interrupted)

from fabula.cli import main


def run() -> None:
    """Run the command, then leave without the rest of Python's interpreter shutdown: that shutdown
    puts back the default Ctrl-C action (a Ctrl-C then would kill the finished process with no
    word), and freeing a large analysis object by object only costs time once the output is
    written. The exit functions (multiprocessing's clean-up of a batch's pool) still run."""
    try:
        main(prog_name="fabula")
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: nothing left to interrupt
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that left, a stream already closed
            pass
    os._exit(code)


if __name__ == "__main__":
    run()

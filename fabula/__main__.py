"""The `fabula` command's entry point (also `python -m fabula`).

Its first act is to put the Ctrl-C handler in place, before click and the stages are imported, so
that a Ctrl-C in the first second (while Python loads them) ends as `fabula: interrupted`, exit 130,
not as a traceback. Nothing else imports this module: a program that imports ``fabula`` or
``fabula.cli`` keeps its own Ctrl-C handling.
"""

import os
import signal


def _exit_interrupted(signum: int, frame: object) -> None:  # fabula.interrupt's, before it is imported
    os.write(2, b"fabula: interrupted\n")
    os._exit(130)


try:
    signal.signal(signal.SIGINT, _exit_interrupted)
except ValueError:  # not the main thread
    pass

from fabula import interrupt

interrupt.set_handler(interrupt.exit_interrupted)

from fabula.cli import main


def run() -> None:
    main(prog_name="fabula")


if __name__ == "__main__":
    run()

"""The `fabula` command. Every failure a user can cause ends as one line `fabula: error: ...` on
stderr and exit code 2; Ctrl-C at any moment as `fabula: interrupted` and exit code 130; nothing
else escapes as a traceback.

Start-up is kept light on purpose: this module imports only click, and the stages are imported by
the command that needs them, once the Ctrl-C handler is in place (`fabula/__main__.py`, the entry
point, installs it even before click is imported).
"""

from __future__ import annotations

import sys

import click

from fabula import interrupt
from fabula.errors import FabulaError, os_error_message
from fabula.outputs import formats

EXIT_BAD_INPUT = 2

# subcommands that live beside their stage, imported only when used; --help lists them by the short
# help kept here, so that listing them costs no import (the corpus runner alone pulls in pyarrow)
LAZY_COMMANDS = {
    "batch": ("fabula.batch", "batch_command", "Analyse many works: files, folders, globs, lists."),
    "eval": ("fabula.eval.cli", "eval_group", "Measure fabula against annotated data."),
    "report": ("fabula.outputs.report", "report_command", "Re-render a report from analysis.json."),
    "train": ("fabula.train", "train_command", "Fit fabula's small learned parts from data."),
}


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    message = " ".join(message.split())  # one line, whatever the message held
    click.echo(f"fabula: error: {message}", err=True)
    sys.exit(code)


def interrupted() -> None:
    """Ctrl-C (or SIGTERM) came: one line naming it, exit code 130 (143)."""
    click.echo(interrupt.message(), err=True)
    sys.exit(interrupt.exit_code())


def _from_interrupt(e: BaseException) -> bool:
    """True when ``e`` is Ctrl-C in disguise: Python 3.11 turns a KeyboardInterrupt raised while a
    class is being made (``__set_name__``, as when a module defining dataclasses is imported) into
    a RuntimeError whose cause is the KeyboardInterrupt."""
    seen = 0
    while e is not None and seen < 20:
        if isinstance(e, KeyboardInterrupt):
            return True
        e = e.__cause__ or e.__context__
        seen += 1
    return False


class Group(click.Group):
    """Runs a subcommand; turns FabulaError, OS errors, click's usage errors and anything unexpected
    into one line on stderr, and Ctrl-C into `fabula: interrupted`."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        before = None
        try:
            before = interrupt.set_handler(interrupt.raise_interrupt)
            rv = self._run(args, prog_name or "fabula", complete_var, **extra)
        except click.exceptions.NoArgsIsHelpError as e:
            e.show()  # `fabula` alone: the help text, as every command line tool does
            sys.exit(e.exit_code)
        except click.UsageError as e:
            where = e.ctx.command_path if e.ctx is not None else self._where(args)
            fail(f"{e.format_message()} (see `{where} --help`)", e.exit_code)
        except click.ClickException as e:
            fail(e.format_message(), e.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            interrupted()
        finally:
            interrupt.restore(before)  # the caller's handlers again (`fabula/__main__.py`'s: exit at once)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def _run(self, args, prog_name: str, complete_var, **extra):
        """What click's own ``main`` does for us (shell completion, parse, then invoke), without its blank
        line on stderr at a Ctrl-C (there for a terminal's ``^C`` echo; to a pipe or a log it is a
        second line)."""
        args = sys.argv[1:] if args is None else list(args)
        self._main_shell_completion(extra, prog_name, complete_var)  # exits when the shell asks
        try:
            with self.make_context(prog_name, args, **extra) as ctx:
                return self.invoke(ctx)
        except click.exceptions.Exit as e:
            return e.exit_code

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FabulaError as e:
            fail(str(e))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            interrupted()
        except MemoryError:
            fail("out of memory")
        except RecursionError:
            fail("the input is nested too deeply to read")
        except OSError as e:  # a full disk, a read-only target, a name too long: the OS says which
            fail(os_error_message(e, "cannot use"))
        except Exception as e:  # noqa: BLE001 -- a bug of ours; still one line, never a traceback
            if _from_interrupt(e):
                interrupted()
            fail(f"internal error ({type(e).__name__}: {e}); please report it")

    def _where(self, args) -> str:
        """The command a usage error belongs to, read from ``args`` when click gave no context (a
        missing option value: `fabula analyze x --formats` -> "fabula analyze")."""
        path, group = ["fabula"], self
        for token in sys.argv[1:] if args is None else args:
            if token.startswith("-"):
                continue
            try:
                cmd = group.get_command(click.Context(group), token)
            except Exception:  # noqa: BLE001 -- only a hint for the error line
                cmd = None
            if cmd is None:
                break
            path.append(token)
            if not isinstance(cmd, click.Group):
                break
            group = cmd
        return " ".join(path)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | {n for n in LAZY_COMMANDS if self._lazy(n)})

    def get_command(self, ctx: click.Context, name: str):
        return super().get_command(ctx, name) or self._lazy(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands section of --help: the eager commands' own short help, the lazy ones' from
        LAZY_COMMANDS, none of them imported."""
        rows = [(name, cmd.get_short_help_str(60)) for name, cmd in self.commands.items() if not cmd.hidden]
        rows += [(name, help_) for name, (_, _, help_) in LAZY_COMMANDS.items() if name not in self.commands]
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))

    @staticmethod
    def _lazy(name: str):
        import importlib

        if name not in LAZY_COMMANDS:
            return None
        module, attr, _ = LAZY_COMMANDS[name]
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name and module.startswith(e.name):
                return None  # not written yet
            raise
        return getattr(mod, attr, None)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fabula")
def main() -> None:
    """Read a story and give back its fabula: cast, speakers, scenes, POV, feelings."""


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path())
@click.option("-o", "--output", "outdir", type=click.Path(), default=None,
              help="Output folder (default: INPUT's name without extension, beside it).")
@formats.option
@click.option("--quiet", "-q", is_flag=True, help="No terminal summary.")
def analyze(input_path: str, outdir: str | None, formats_: str, quiet: bool) -> None:
    """Analyse one story file (plain text, AO3 HTML/EPUB, FanFicFare EPUB/HTML/TXT, EPUB, the CSV of
    one fic in FanfictionNLP's format).

    Writes OUTDIR/analysis.json and text.txt, plus the outputs named by --formats: by default the
    report a person reads (report.html); BookNLP's TSV files, TEI XML and the network files for
    Gephi on request (`--formats all`).
    """
    from pathlib import Path

    chosen = formats.parse(formats_)
    path = Path(input_path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as e:  # a name too long, a loop of links...
        raise FabulaError(os_error_message(e, "cannot read", input_path)) from None
    if not exists:
        raise FabulaError(f"{input_path}: no such file")
    if is_dir:
        raise FabulaError(f"{input_path} is a directory; `fabula analyze` takes one story file "
                          "(use `fabula batch` for a folder)")
    out = Path(outdir) if outdir is not None else path.with_suffix("")
    if outdir is None and out == path:
        out = path.with_name(path.name + ".fabula")

    from fabula import terminal
    from fabula.outputs import write_all
    from fabula.pipeline import analyze as run

    analysis = terminal.with_progress(lambda: run(path), quiet=quiet)
    write_all(analysis, out, chosen)
    if not quiet:
        terminal.summary(analysis, out)

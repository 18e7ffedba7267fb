"""The `fabula` command. Every failure a user can cause ends as one line `fabula: error: ...` on
stderr and exit code 2; nothing else escapes as a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fabula.errors import FabulaError

EXIT_BAD_INPUT = 2


def fail(message: str) -> None:
    message = " ".join(message.split())  # one line, whatever the message held
    click.echo(f"fabula: error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


class Group(click.Group):
    """Runs a subcommand; turns FabulaError (and anything unexpected) into one line on stderr."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FabulaError as e:
            fail(str(e))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("fabula: interrupted", err=True)
            sys.exit(130)
        except MemoryError:
            fail("out of memory")
        except Exception as e:  # noqa: BLE001 -- a bug of ours; still one line, never a traceback
            fail(f"internal error ({type(e).__name__}: {e}); please report it")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fabula")
def main() -> None:
    """Read a story and give back its fabula: cast, speakers, scenes, POV, feelings."""


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: INPUT's name without extension, beside it).")
@click.option("--quiet", "-q", is_flag=True, help="No terminal summary.")
def analyze(input_path: Path, outdir: Path | None, quiet: bool) -> None:
    """Analyse one story file (plain text, AO3 HTML/EPUB, FanFicFare EPUB/HTML/TXT, EPUB)."""
    from fabula import terminal
    from fabula.outputs import write_all
    from fabula.pipeline import analyze as run

    if not input_path.exists():
        raise FabulaError(f"{input_path}: no such file")
    if input_path.is_dir():
        raise FabulaError(f"{input_path} is a directory; `fabula analyze` takes one story file "
                          "(use `fabula batch` for a folder)")
    if outdir is None:
        outdir = input_path.with_suffix("")
        if outdir == input_path:
            outdir = input_path.with_name(input_path.name + ".fabula")
    analysis = terminal.with_progress(lambda: run(input_path), quiet=quiet)
    write_all(analysis, outdir)
    if not quiet:
        terminal.summary(analysis, outdir)


def _register_optional_commands() -> None:
    """Commands that live beside their stage (eval, train, batch, report)."""
    import importlib

    for module, attr in [
        ("fabula.eval.cli", "eval_group"),
        ("fabula.train", "train_command"),
        ("fabula.batch", "batch_command"),
        ("fabula.outputs.report", "report_command"),
    ]:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name and module.startswith(e.name):
                continue  # not written yet
            raise
        cmd = getattr(mod, attr, None)
        if cmd is not None:
            main.add_command(cmd)


_register_optional_commands()

"""`fabula eval ...`: each subcommand lives in its own module under fabula/eval/."""

from __future__ import annotations

import importlib

import click

SUBCOMMANDS = [
    ("fabula.eval.quotes", "quotes_command"),  # quotation detection recall/precision
    ("fabula.eval.pdnc", "pdnc_command"),  # end-to-end speaker accuracy, cast clustering
    ("fabula.eval.lit_bank", "litbank_command"),
    ("fabula.eval.scenes", "scenes_command"),  # scene boundary F1
    ("fabula.eval.stories", "stories_command"),  # speakers, scenes, POV, cast on story.txt + gold.json
]


@click.group("eval")
def eval_group() -> None:
    """Measure fabula against annotated data (PDNC, LitBank, scene gold)."""


for _module, _attr in SUBCOMMANDS:
    try:
        _mod = importlib.import_module(_module)
    except ModuleNotFoundError as _e:
        if _e.name == _module:
            continue
        raise
    eval_group.add_command(getattr(_mod, _attr))

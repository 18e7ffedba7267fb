"""The terminal side of `fabula analyze`: progress on long works, the closing cast table, and story
text printed safely (no terminal escapes, no rich markup from the story)."""

from __future__ import annotations

import io
import time

import pytest
from rich.console import Console

from fabula import terminal
from fabula.errors import FabulaError
from fabula.pipeline import analyze

STORY = """"You're late," said Ottoline.

"The bridge was up," Bram said. "Again."

"It's always up, Bram."
"""


@pytest.fixture
def screen(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(terminal, "console", Console(file=out, force_terminal=True, width=100))
    return out


def test_a_long_analysis_returns_its_result_through_the_progress_bar(screen):
    def slow():
        time.sleep(terminal.SHOW_AFTER + 0.3)
        return 42

    assert terminal.with_progress(slow) == 42


def test_an_error_in_the_analysis_reaches_the_caller_unchanged(screen):
    def broken():
        time.sleep(terminal.SHOW_AFTER + 0.2)
        raise FabulaError("the file is empty")

    with pytest.raises(FabulaError, match="the file is empty"):
        terminal.with_progress(broken)


def test_the_summary_shows_the_cast_and_where_the_report_is(screen, tmp_path):
    a = analyze(STORY)
    (tmp_path / "report.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    terminal.summary(a, tmp_path)
    shown = screen.getvalue()
    assert "report: " in shown and "report.html" in shown
    for c in a.cast.characters:
        assert c.name in shown


def test_story_text_cannot_drive_the_terminal():
    assert terminal.clean("\x1b[2J\x1b]0;pwned\x07Title") == " [2J ]0;pwned Title"
    assert terminal.clean("[bold red]Mags[/]") == "\\[bold red]Mags\\[/]"

"""The tree ranker's settings and their FABULA_TREES override (a development option)."""

import click
import pytest

from fabula.train import TREE_SETTINGS, tree_settings


def test_no_override_gives_the_defaults(monkeypatch):
    monkeypatch.delenv("FABULA_TREES", raising=False)
    assert tree_settings() == TREE_SETTINGS


def test_override_keeps_the_types_and_the_other_settings():
    s = tree_settings("rounds=400, leaves=31,rate=0.1,objective=rank_xendcg")
    assert (s["rounds"], s["leaves"], s["rate"], s["objective"]) == (400, 31, 0.1, "rank_xendcg")
    assert s["depth"] == TREE_SETTINGS["depth"]


def test_environment_is_read(monkeypatch):
    monkeypatch.setenv("FABULA_TREES", "depth=6")
    assert tree_settings()["depth"] == 6


def test_unknown_setting_is_refused():
    with pytest.raises(click.ClickException):
        tree_settings("trees=5")


def test_a_value_of_the_wrong_kind_is_one_clear_error():
    with pytest.raises(click.ClickException, match="depth='six' is not a int"):
        tree_settings("depth=six")

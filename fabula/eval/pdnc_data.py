"""Reading the Project Dialogism Novel Corpus (PDNC) layout: one folder per novel with
``novel_text.txt``, ``quotation_info.csv`` and ``character_info.csv``."""

from __future__ import annotations

import ast
import csv
from dataclasses import dataclass
from pathlib import Path

from fabula.errors import FabulaError


@dataclass(frozen=True)
class GoldCharacter:
    id: str
    name: str
    aliases: frozenset[str]
    gender: str
    category: str


@dataclass(frozen=True)
class GoldQuote:
    id: str
    spans: tuple[tuple[int, int], ...]  # character offsets of the spoken parts (no quote marks)
    speaker: str  # main name
    addressees: tuple[str, ...]
    type: str  # Explicit / Anaphoric / Implicit
    referring: str


@dataclass(frozen=True)
class Novel:
    name: str
    text: str
    quotes: tuple[GoldQuote, ...]
    characters: tuple[GoldCharacter, ...]

    def character(self, name: str) -> GoldCharacter | None:
        for c in self.characters:
            if c.name == name:
                return c
        return None


def _literal(s: str):
    try:
        return ast.literal_eval(s) if s else []
    except (ValueError, SyntaxError):
        return []


def load_novel(folder: Path) -> Novel:
    folder = Path(folder)
    try:
        text = (folder / "novel_text.txt").read_text(encoding="utf-8")
        with open(folder / "character_info.csv", encoding="utf-8", newline="") as f:
            chars = tuple(
                GoldCharacter(r["Character ID"], r["Main Name"],
                              frozenset(_literal(r["Aliases"])) | {r["Main Name"]}, r.get("Gender", ""),
                              r.get("Category", ""))
                for r in csv.DictReader(f)
            )
        with open(folder / "quotation_info.csv", encoding="utf-8", newline="") as f:
            quotes = tuple(
                GoldQuote(r["quoteID"], tuple(tuple(x) for x in _literal(r["quoteByteSpans"])), r["speaker"],
                          tuple(_literal(r["addressees"])), r["quoteType"], r.get("referringExpression", ""))
                for r in csv.DictReader(f)
            )
    except (OSError, KeyError) as e:
        raise FabulaError(f"{folder}: not a PDNC novel folder ({e})") from None
    quotes = tuple(sorted((q for q in quotes if q.spans), key=lambda q: q.spans[0][0]))
    return Novel(folder.name, text, quotes, chars)


def novel_dirs(paths) -> list[Path]:
    """Novel folders from arguments that are novel folders or folders of them (e.g. pdnc/data)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if (p / "novel_text.txt").exists():
            out.append(p)
        elif p.is_dir():
            out.extend(sorted(d for d in p.iterdir() if (d / "novel_text.txt").exists()))
        else:
            raise FabulaError(f"{p}: not a PDNC novel folder")
    if not out:
        raise FabulaError("no PDNC novels found")
    return out


# The lockbox: of the PDNC novels sorted by folder name, these positions (0-based) are for measuring
# only. No rule, feature, list or threshold is developed on them, their errors are never shown, and
# no shipped weight is trained on them (``fabula train speakers`` and ``--cv`` leave them out).
LOCKBOX_POSITIONS = (2, 6, 10, 14, 18)
_FULL_CORPUS = 20  # the shared PDNC release the positions refer to


def _siblings(folder: Path) -> list[Path]:
    parent = folder.resolve().parent
    try:
        return sorted(d for d in parent.iterdir() if (d / "novel_text.txt").exists())
    except OSError:
        return []


def is_lockbox(folder: Path) -> bool:
    """Whether a novel folder is a lockbox novel: its position among the novel folders beside it
    (sorted by name), when those are the full 20-novel release, is one of ``LOCKBOX_POSITIONS``."""
    sib = _siblings(folder)
    if len(sib) < _FULL_CORPUS:
        return False
    names = [d.name for d in sib]
    try:
        return names.index(folder.resolve().name) in LOCKBOX_POSITIONS
    except ValueError:
        return False


def split_lockbox(folders: list[Path]) -> tuple[list[Path], list[Path]]:
    """(development novels, lockbox novels) of ``folders``, each sorted by name."""
    folders = sorted(folders, key=lambda f: f.name)
    dev = [f for f in folders if not is_lockbox(f)]
    box = [f for f in folders if is_lockbox(f)]
    return dev, box

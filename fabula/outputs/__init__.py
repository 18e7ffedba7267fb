"""Stage 10, outputs: the files of one analysis, written atomically.

Everything is written into a temporary sibling folder (``.OUTDIR.<pid>.<random>.partial``) that is
renamed into place only once complete, so a folder named OUTDIR is never a half-written output. A
failure on the way (a full disk, a read-only target, a name too long, Ctrl-C) removes that folder;
a run killed outright leaves it behind, and the next run writing beside it removes it.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from fabula.errors import FabulaError, os_error_message
from fabula.outputs.formats import DEFAULT, EXPORTERS

if TYPE_CHECKING:
    from fabula.model import Analysis

NAME_KEEP = 60  # characters of OUTDIR's name kept in the temporary names (a name has <= 255 bytes)
_LEFTOVER = re.compile(r"^\.(?P<name>.*)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.(?:partial|old)$")
_OLD_LEFTOVER = re.compile(r"^\.(?P<name>.*)\.[a-z0-9_]{8}\.(?:partial|old)$")  # before the pid was in the name
STALE_SECONDS = 3600  # a temporary folder without a pid is taken for a leftover once this old


def _exporters(formats: Iterable[str]):
    for key in ("json", *formats):
        module, name = EXPORTERS[key]
        yield getattr(importlib.import_module(module), name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(outdir: Path) -> int:
    """Remove the temporary folders of earlier runs writing ``outdir`` that were killed before they
    could (their process is gone); returns how many were removed."""
    parent = outdir.parent if str(outdir.parent) else Path(".")
    key = outdir.name[:NAME_KEEP]
    n = 0
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return 0
    for entry in entries:
        m = _LEFTOVER.match(entry.name)
        if m and m["name"] == key and int(m["pid"]) != os.getpid() and not _alive(int(m["pid"])):
            shutil.rmtree(entry.path, ignore_errors=True)
            n += 1
            continue
        m = _OLD_LEFTOVER.match(entry.name)
        if m and m["name"] == outdir.name and _age(entry) > STALE_SECONDS:
            shutil.rmtree(entry.path, ignore_errors=True)
            n += 1
    return n


def _age(entry: os.DirEntry) -> float:
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def _temp_folder(parent: Path, outdir: Path, suffix: str) -> Path:
    prefix = f".{outdir.name[:NAME_KEEP]}.{os.getpid()}."
    return Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=parent))


def write_all(analysis: Analysis, outdir: Path, formats: Iterable[str] | None = None) -> Path:
    """Write analysis.json, text.txt and the outputs named in ``formats`` (``fabula.outputs.formats``;
    None for the default) into ``outdir``, replacing an earlier fabula output there."""
    outdir = Path(outdir)
    formats = DEFAULT if formats is None else tuple(formats)
    try:
        if outdir.exists() and not outdir.is_dir():
            raise FabulaError(f"{outdir} exists and is not a folder")
        if outdir.is_dir() and not (outdir / "analysis.json").is_file() and any(outdir.iterdir()):
            # replacing it would delete the user's own files (`-o .`, `-o the folder of the story`)
            raise FabulaError(f"{outdir} is a folder that is not a fabula output; give -o a new or empty folder")
    except OSError as e:
        raise FabulaError(os_error_message(e, "cannot write", outdir)) from e
    parent = outdir.parent if str(outdir.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(outdir)
        tmp = _temp_folder(parent, outdir, ".partial")
    except OSError as e:
        where = outdir if e.filename is None or ".partial" in str(e.filename) else e.filename
        raise FabulaError(os_error_message(e, "cannot write", where)) from e
    try:
        for write in _exporters(formats):
            write(analysis, tmp)
        os.chmod(tmp, 0o755)
        if outdir.exists():
            old = _temp_folder(parent, outdir, ".old")
            os.rename(outdir, old / "x")
            os.rename(tmp, outdir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, outdir)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        where = str(e.filename or outdir).replace(str(tmp), str(outdir))  # name the user's folder
        raise FabulaError(os_error_message(e, "cannot write", where)) from e
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        from fabula.outputs import analysis_json

        analysis_json.forget()
    return outdir

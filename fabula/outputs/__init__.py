"""Stage 10, outputs: the files of one analysis, written atomically.

Everything is written into a temporary sibling folder that is renamed into place only once complete,
so a folder named OUTDIR is never a half-written output.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path

from fabula.errors import FabulaError
from fabula.model import Analysis

# (module, function) pairs; each function takes (analysis, folder) and writes its files there.
EXPORTERS = [
    ("fabula.outputs.analysis_json", "write"),  # text.txt, analysis.json
    ("fabula.outputs.booknlp", "write"),  # .tokens, .entities, .quotes, .book
    ("fabula.outputs.tei", "write"),  # story.tei.xml
    ("fabula.outputs.graphs", "write"),  # network.gexf, network.graphml, per chapter
    ("fabula.outputs.report", "write"),  # report.html
]


def _exporters():
    for module, name in EXPORTERS:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name == module:
                continue  # exporter not written yet
            raise
        yield getattr(mod, name)


def write_all(analysis: Analysis, outdir: Path) -> Path:
    """Write every output of ``analysis`` into ``outdir`` (replacing it if it exists)."""
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise FabulaError(f"{outdir} exists and is not a folder")
    if outdir.is_dir() and not (outdir / "analysis.json").is_file() and any(outdir.iterdir()):
        # replacing it would delete the user's own files (`-o .`, `-o the folder of the story`)
        raise FabulaError(f"{outdir} is a folder that is not a fabula output; give -o a new or empty folder")
    parent = outdir.parent if str(outdir.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".partial", dir=parent))
    except OSError as e:
        raise FabulaError(f"cannot write to {parent}: {e.strerror or e}") from None
    try:
        for write in _exporters():
            write(analysis, tmp)
        os.chmod(tmp, 0o755)
        if outdir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".old", dir=parent))
            os.rename(outdir, old / "x")
            os.rename(tmp, outdir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, outdir)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise FabulaError(f"cannot write {outdir}: {e.strerror or e}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return outdir

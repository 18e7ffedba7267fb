"""Tables: the corpus as four Parquet files a researcher can query (pandas, DuckDB, Polars, Arrow).

Reads: OUTDIR/works/<id>/analysis.json and batch.json of every complete work, in work-id order.
Adds: OUTDIR/works.parquet, characters.parquet, quotes.parquet, scenes.parquet, every row carrying
``work_id``. Built only from the work folders, so the tables are the same whether the run was
interrupted and resumed or not, and whichever scheduler ran it. Built in parts of 128 works (on the
batch's workers when there are any), joined part by part: the corpus is never in memory at once.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from fabula.corpus.resume import PARTS, read_marker, work_folder
from fabula.errors import FabulaError, os_error_message

S, I, F, B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
LS = pa.list_(S)
STAT_KEYS = ("published", "updated", "status", "comments", "kudos", "bookmarks", "hits")

SCHEMAS: dict[str, pa.Schema] = {
    "works": pa.schema([
        ("work_id", S), ("input", S), ("row", I), ("content_hash", S), ("fabula_version", S),
        ("source_format", S), ("title", S), ("authors", LS), ("fandoms", LS), ("rating", S),
        ("warnings", LS), ("categories", LS), ("relationships", LS), ("character_tags", LS), ("tags", LS),
        ("language", S), ("url", S), ("series", LS), ("summary", S), ("words", I), ("chapters", I),
        ("characters", I), ("quotes", I), ("scenes", I),
        *[(k, S) for k in STAT_KEYS], ("stats_json", S),
    ]),
    "characters": pa.schema([
        ("work_id", S), ("character_id", S), ("name", S), ("aliases", LS), ("pronouns", S),
        ("mentions", I), ("quotes", I), ("words_spoken", I), ("narrator", B),
    ]),
    "quotes": pa.schema([
        ("work_id", S), ("quote_id", S), ("start", I), ("end", I), ("paragraph", I), ("text", S),
        ("speaker", S), ("speaker_name", S), ("addressees", LS), ("type", S), ("confidence", F),
        ("closed", B),
    ]),
    "scenes": pa.schema([
        ("work_id", S), ("scene_id", S), ("start", I), ("end", I), ("chapter", I), ("boundary", S),
        ("person", S), ("pov", S), ("pov_name", S), ("confidence", F), ("present", LS), ("valence", F),
    ]),
}
WORKS_PER_PART = 128  # also the row-group size of the tables, in works


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def _list(v: Any) -> list[str]:
    return [str(x) for x in v] if isinstance(v, (list, tuple)) else []


def rows_for_work(work_id: str, a: dict[str, Any], marker: dict[str, Any]) -> dict[str, list[dict]]:
    """The table rows of one work, from its analysis.json (``a``) and done-marker."""
    w = a.get("work") or {}
    chars = a.get("characters") or []
    names = {c.get("id"): c.get("name") for c in chars}
    stats = w.get("stats") or {}
    scene_valence = (a.get("feelings") or {}).get("scene_valence") or []
    work_row = {
        "work_id": work_id, "input": marker.get("input"), "row": marker.get("row"),
        "content_hash": marker.get("content_hash"), "fabula_version": marker.get("fabula_version"),
        "source_format": w.get("source_format"), "title": w.get("title"), "authors": _list(w.get("authors")),
        "fandoms": _list(w.get("fandoms")), "rating": w.get("rating"), "warnings": _list(w.get("warnings")),
        "categories": _list(w.get("categories")), "relationships": _list(w.get("relationships")),
        "character_tags": _list(w.get("characters")), "tags": _list(w.get("tags")),
        "language": w.get("language"), "url": w.get("url"), "series": _list(w.get("series")),
        "summary": w.get("summary"), "words": w.get("words"), "chapters": len(w.get("chapters") or []),
        "characters": len(chars), "quotes": len(a.get("quotes") or []), "scenes": len(a.get("scenes") or []),
        **{k: _str(stats.get(k)) for k in STAT_KEYS},
        "stats_json": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
    }
    return {
        "works": [work_row],
        "characters": [
            {"work_id": work_id, "character_id": c.get("id"), "name": c.get("name"),
             "aliases": _list(c.get("aliases")), "pronouns": c.get("pronouns"), "mentions": c.get("mentions"),
             "quotes": c.get("quotes"), "words_spoken": c.get("words_spoken"), "narrator": c.get("narrator")}
            for c in chars
        ],
        "quotes": [
            {"work_id": work_id, "quote_id": q.get("id"), "start": q.get("start"), "end": q.get("end"),
             "paragraph": q.get("paragraph"), "text": q.get("text"), "speaker": q.get("speaker"),
             "speaker_name": names.get(q.get("speaker")), "addressees": _list(q.get("addressees")),
             "type": q.get("type"), "confidence": q.get("confidence"), "closed": q.get("closed")}
            for q in a.get("quotes") or []
        ],
        "scenes": [
            {"work_id": work_id, "scene_id": s.get("id"), "start": s.get("start"), "end": s.get("end"),
             "chapter": s.get("chapter"), "boundary": s.get("boundary"), "person": s.get("person"),
             "pov": s.get("pov"), "pov_name": names.get(s.get("pov")), "confidence": s.get("confidence"),
             "present": _list(s.get("present")),
             "valence": scene_valence[i] if i < len(scene_valence) else None}
            for i, s in enumerate(a.get("scenes") or [])
        ],
    }


def build_part(outdir: str, work_ids: list[str], part: int) -> int:
    """Write the rows of ``work_ids`` (already sorted) as part ``part`` of each table, into
    OUTDIR/.tables/; runs on a worker, so the JSON parsing of a large corpus is spread over the pool.
    Returns the number of works found."""
    out = Path(outdir)
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    n = 0
    for work_id in work_ids:
        folder = work_folder(out, work_id)
        try:
            with open(folder / "analysis.json", encoding="utf-8") as f:
                a = json.load(f)
        except (OSError, ValueError):
            continue
        for name, r in rows_for_work(work_id, a, read_marker(folder) or {}).items():
            rows[name].extend(r)
        n += 1
    for name, r in rows.items():
        path = _part_path(out, name, part)
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(pa.Table.from_pylist(r, schema=SCHEMAS[name]), tmp)
        os.replace(tmp, path)
    return n


def _part_path(outdir: Path, name: str, part: int) -> Path:
    return outdir / PARTS / f"{name}.{part:07d}.parquet"


def chunks(work_ids: Iterable[str]) -> list[list[str]]:
    ids = sorted(set(work_ids))
    return [ids[i : i + WORKS_PER_PART] for i in range(0, len(ids), WORKS_PER_PART)]


def build_tables(outdir: Path, work_ids: Iterable[str],
                 run_parts: Callable[[list[tuple]], None] | None = None) -> dict[str, Path]:
    """Write the four tables for ``work_ids`` in work-id order (works without analysis.json are left
    out). The rows are built in parts of a few hundred works by ``run_parts`` (which calls
    ``build_part`` on each argument tuple, e.g. on the batch's workers; here, in this process, if
    None), then the parts are joined in order into each table, written beside its final name and
    renamed into place. The parts are the same whoever builds them, so are the tables."""
    outdir = Path(outdir)
    parts = chunks(work_ids)
    try:
        return _build(outdir, parts, run_parts)
    except OSError as e:  # a full disk: no table is left half-written, nor the parts
        for p in outdir.glob(f".*.parquet.{os.getpid()}.tmp"):
            p.unlink(missing_ok=True)
        raise FabulaError(os_error_message(e, "cannot write the tables in", outdir)) from e
    finally:
        shutil.rmtree(outdir / PARTS, ignore_errors=True)


def _build(outdir: Path, parts: list[list[str]], run_parts: Callable[[list[tuple]], None] | None) -> dict[str, Path]:
    shutil.rmtree(outdir / PARTS, ignore_errors=True)
    (outdir / PARTS).mkdir()
    args = [(str(outdir), ids, i) for i, ids in enumerate(parts)]
    if run_parts is not None:
        run_parts(args)
    for a in args:  # whatever a worker could not do (crashed, lost, failed) is done here
        if not all(_part_path(outdir, name, a[2]).is_file() for name in SCHEMAS):
            build_part(*a)
    paths = {name: outdir / f"{name}.parquet" for name in SCHEMAS}
    for name, schema in SCHEMAS.items():
        tmp = outdir / f".{name}.parquet.{os.getpid()}.tmp"
        with pq.ParquetWriter(tmp, schema) as writer:
            for i in range(len(parts)):
                writer.write_table(pq.read_table(_part_path(outdir, name, i), schema=schema))
        os.replace(tmp, paths[name])
    return paths

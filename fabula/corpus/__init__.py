"""Corpus scale: `fabula batch` over many works, resumable, on a local process pool or a Dask cluster.

The flow of one batch run (``runner.run_batch``):

    inputs ─► discovery (files, folders, globs, AO3-scraper CSV rows ─► Job: where to read it, work id)
           ─► resume    (skip jobs whose work folder holds a done-marker for the same content + version)
           ─► workers   (each job read, analysed and written by a worker; only a small summary comes back)
           ─► tables    (works / characters / quotes / scenes Parquet, built from the work folders)

Output layout::

    OUTDIR/works/<work_id>/   the files of `fabula analyze` + batch.json (done-marker, written last)
    OUTDIR/works.parquet, characters.parquet, quotes.parquet, scenes.parquet
    OUTDIR/errors.jsonl       one JSON object per failed work of the last run
"""

from fabula.corpus.runner import BatchResult, run_batch

__all__ = ["BatchResult", "run_batch"]

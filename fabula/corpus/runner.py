"""The batch run: jobs to workers with a bounded number in flight, progress, errors, then the tables.

Reads: the inputs (via discovery) and OUTDIR (via resume). Adds: the work folders (via workers), the
Parquet tables and errors.jsonl. Two schedulers behind one small interface, so that both run the same
jobs through the same ``workers.run_job`` and follow the same resume rules:

- ``LocalPool``: a ``concurrent.futures.ProcessPoolExecutor`` of N processes;
- ``DaskPool``: a ``dask.distributed`` cluster at ``tcp://HOST:PORT`` (or a ``Client`` given by a caller).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fabula.corpus import resume, tables
from fabula.corpus.discovery import Discovery, Failed, Job
from fabula.corpus.workers import init_worker, run_job
from fabula.errors import FabulaError, os_error_message

DEFAULT_WORKER_MEMORY_MB = 4096


@contextmanager
def _no_sigint() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes are started, then act on it.

    The mask of the main thread is inherited by the forkserver and so by every worker: a Ctrl-C at
    the terminal (sent to the whole process group) then reaches only the batch process, which stops
    the workers itself, and none of them prints a traceback of its own. The mask alone does not
    stop Python from raising KeyboardInterrupt in the middle of starting a process (another thread
    may take the signal for it), and a process half started is one the batch cannot stop: so the
    handler also waits until the start is over."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    old_handler = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        if held and callable(old_handler):
            old_handler(signal.SIGINT, None)
        elif held and old_handler == signal.SIG_DFL:
            raise KeyboardInterrupt


def fabula_version() -> str:
    import fabula

    return fabula.__version__


@dataclass
class BatchResult:
    outdir: Path
    done: int = 0  # analysed in this run
    skipped: int = 0  # already complete from an earlier run
    duplicates: int = 0  # same content as another input: analysed once
    failed: int = 0
    words: int = 0  # words analysed in this run
    seconds: float = 0.0
    worker_cpu: float = 0.0  # CPU seconds spent in the workers on the works of this run
    main_cpu: float = 0.0  # CPU seconds of the batch process itself (discovery, hashing, tables)
    work_ids: list[str] = field(default_factory=list)  # every complete work of this run
    peak_rss_kb: dict[int, int] = field(default_factory=dict)  # worker pid -> peak resident memory
    tables: dict[str, Path] = field(default_factory=dict)
    interrupted: bool = False

    @property
    def works(self) -> int:
        return self.done + self.skipped + self.failed

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        return 130 if self.interrupted else (1 if self.failed else 0)


# --------------------------------------------------------------------------- schedulers


_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


class LocalPool:
    """N local processes. A worker that dies (killed, segfault, out of memory) breaks the pool: the
    jobs that were in flight are then re-run one at a time in a fresh process, so the one that kills
    its worker is found and recorded as failed, and the others complete."""

    def __init__(self, processes: int, memory_mb: int = DEFAULT_WORKER_MEMORY_MB,
                 task: Callable[[Job, str, str], dict[str, Any]] = run_job):
        self.processes = max(1, processes)
        self.memory_mb = memory_mb
        self.task = task
        self.slots = self.processes * 2
        self.pool = self._new(self.processes)

    def _new(self, n: int) -> ProcessPoolExecutor:
        # multiprocessing's resource tracker (started with the first pool) warns on stderr about the
        # semaphores of a pool that a Ctrl-C cut short, which it then frees itself: the one line that
        # says the batch was interrupted is all the user needs. It takes its warning filters from ours.
        if _QUIET_TRACKER not in sys.warnoptions:
            sys.warnoptions.append(_QUIET_TRACKER)
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["fabula.corpus.workers", "fabula.pipeline", "fabula.outputs"])
        return ProcessPoolExecutor(n, mp_context=ctx, initializer=init_worker,
                                   initargs=(self.memory_mb, os.getpid()))

    def submit(self, job: Job, outdir: str, version: str):
        try:
            with _no_sigint():  # the pool starts its processes on demand, in submit
                fut = self.pool.submit(self.task, job, outdir, version)
        except BrokenProcessPool:  # a worker died since the last news of the pool: a fresh one
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new(self.processes)
            with _no_sigint():
                fut = self.pool.submit(self.task, job, outdir, version)
        fut.fabula_pool = self.pool
        return fut

    def wait(self, pending):
        return wait(pending, return_when=FIRST_COMPLETED)

    def outcome(self, fut, job: Job, outdir: str, version: str) -> dict[str, Any]:
        try:
            return fut.result()
        except BrokenProcessPool:
            if fut.fabula_pool is self.pool:  # the first news of this crash: replace the pool
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._new(self.processes)
            s = self.alone(job, outdir, version)
            if s.get("status") == "skipped":  # its worker had finished it just before the pool broke
                marker = resume.read_marker(resume.work_folder(Path(outdir), job.work_id)) or {}
                s = {**s, "status": "done", "words": marker.get("words", 0)}
            return s

    def run_all(self, fn: Callable, args: list[tuple]) -> None:
        """Run ``fn(*a)`` for every ``a``, a bounded number at a time; failures are left to the caller
        to notice (the table parts check for their files)."""
        pending: set = set()
        try:
            for a in args:
                while len(pending) >= self.slots:
                    _, pending = wait(pending, return_when=FIRST_COMPLETED)
                with _no_sigint():
                    pending.add(self.pool.submit(fn, *a))
            wait(pending)
        except BrokenProcessPool:
            pass

    def alone(self, job: Job, outdir: str, version: str) -> dict[str, Any]:
        """Run one job in a process of its own; a crash there is that job's fault."""
        solo = self._new(1)
        try:
            with _no_sigint():
                fut = solo.submit(self.task, job, outdir, version)
            return fut.result()
        except BrokenProcessPool:
            return {"work_id": job.work_id, "status": "failed", "words": 0,
                    "error": "the worker process died while analysing this work (killed or out of memory)"}
        finally:
            solo.shutdown(wait=True)

    def close(self, abort: bool = False) -> None:
        if abort:
            for p in list((getattr(self.pool, "_processes", None) or {}).values()):
                p.terminate()  # our own worker processes; their half-written folders are cleaned next run
        self.pool.shutdown(wait=not abort, cancel_futures=True)


class DaskPool:
    """A dask.distributed cluster. Dask itself retries a task whose worker died (``retries``); a task
    that keeps killing workers ends as ``KilledWorker``, recorded as that work's failure."""

    def __init__(self, scheduler: Any, retries: int = 1,
                 task: Callable[[Job, str, str], dict[str, Any]] = run_job):
        from distributed import Client

        self.own_client = not isinstance(scheduler, Client)
        try:
            self.client = Client(scheduler, timeout="20s") if self.own_client else scheduler
        except (OSError, TimeoutError) as e:
            raise FabulaError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        threads = sum((self.client.nthreads() or {}).values()) or 1
        self.slots = 2 * threads
        self.retries = retries
        self.task = task
        self._n = 0

    def submit(self, job: Job, outdir: str, version: str):
        self._n += 1
        return self.client.submit(self.task, job, outdir, version, pure=False, retries=self.retries,
                                  key=f"fabula-batch-{job.work_id}-{time.time_ns()}-{self._n}")

    def run_all(self, fn: Callable, args: list[tuple]) -> None:
        from distributed import wait as dask_wait

        pending: set = set()
        for a in args:
            while len(pending) >= self.slots:
                pending = set(dask_wait(list(pending), return_when="FIRST_COMPLETED").not_done)
            self._n += 1
            pending.add(self.client.submit(fn, *a, pure=False, key=f"fabula-tables-{time.time_ns()}-{self._n}"))
        dask_wait(list(pending))

    def wait(self, pending):
        from distributed import wait as dask_wait

        res = dask_wait(list(pending), return_when="FIRST_COMPLETED")
        return set(res.done), set(res.not_done)

    def outcome(self, fut, job: Job, outdir: str, version: str) -> dict[str, Any]:
        try:
            return fut.result()
        except Exception as e:  # noqa: BLE001 KilledWorker, lost worker, cancelled
            return {"work_id": job.work_id, "status": "failed", "words": 0,
                    "error": f"Dask could not run this work ({type(e).__name__}: {str(e)[:200]})"}
        finally:
            fut.release()

    def close(self, abort: bool = False) -> None:
        if self.own_client:
            self.client.close()


# --------------------------------------------------------------------------- the run


def run_batch(inputs: list[str], outdir: Path, processes: int = 1, scheduler: Any = None,
              worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB,
              progress: Callable[[str, dict[str, Any]], None] | None = None,
              formats: tuple[str, ...] | None = None) -> BatchResult:
    """Analyse every work named by ``inputs`` into ``outdir``; see the package docstring.

    ``scheduler``: None for a local pool of ``processes`` processes, else a Dask scheduler address
    (``tcp://HOST:PORT``), a ``distributed.Client``, or a ready ``LocalPool``/``DaskPool``.
    ``progress(event, info)`` is called with event "start" (total_bytes), "advance" (bytes, summary),
    "shrink" (bytes of a work already done) and "tables". ``formats``: the outputs of each work
    folder (``fabula.outputs.formats``; None for the default).

    A work that cannot be written because OUTDIR is full or read-only stops the run with a
    FabulaError naming the path (the works already complete stay complete).
    """
    from fabula.outputs.formats import DEFAULT

    chosen = DEFAULT if formats is None else tuple(formats)
    task = functools.partial(run_job, formats=chosen)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise FabulaError(f"{outdir} exists and is not a folder")
    discovery = Discovery(list(inputs), exclude=outdir)
    if not discovery.files:
        raise FabulaError("no story files found in the inputs")
    try:
        (outdir / resume.WORKS).mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FabulaError(os_error_message(e, "cannot write", outdir)) from None
    report = progress or (lambda event, info: None)
    version = fabula_version()
    result = BatchResult(outdir)
    t0, cpu0 = time.perf_counter(), time.process_time()
    with resume.RunLock(outdir):
        resume.clean_leftovers(outdir)
        if isinstance(scheduler, (LocalPool, DaskPool)):
            pool = scheduler
        elif scheduler is None:
            pool = LocalPool(processes, worker_memory_mb, task=task)
        else:
            pool = DaskPool(scheduler, task=task)  # fails here, before anything of an earlier run is touched
        errors = resume.ErrorLog(outdir)
        report("start", {"total_bytes": discovery.total_bytes})
        in_flight: dict[Any, Job] = {}
        out = str(outdir)

        def settle(fut) -> None:
            job = in_flight.pop(fut)
            s = pool.outcome(fut, job, out, version)
            result.worker_cpu += s.get("cpu", 0.0)
            if s.get("pid") and s.get("rss_kb"):
                result.peak_rss_kb[s["pid"]] = max(result.peak_rss_kb.get(s["pid"], 0), s["rss_kb"])
            if s["status"] == "failed":
                if s.get("fatal"):
                    raise FabulaError(s.get("error", "cannot write the output"))
                result.failed += 1
                errors.add(job.input, s.get("error", "failed"), job.work_id, job.row)
            else:
                result.work_ids.append(job.work_id)
                if s["status"] == "skipped":
                    result.skipped += 1
                else:
                    result.done += 1
                    result.words += s.get("words", 0)
            report("advance", {"bytes": job.size, "summary": s, "result": result})

        try:
            for job in discovery.jobs():
                if isinstance(job, Failed):
                    result.failed += 1
                    errors.add(job.input, job.error, None, job.row)
                    report("advance", {"bytes": 0, "summary": {"status": "failed"}, "result": result})
                    continue
                if job.duplicate_of is not None:
                    result.duplicates += 1
                    report("shrink", {"bytes": job.size, "result": result})
                    continue
                if resume.is_done(outdir, job.work_id, job.content_hash, version, chosen):
                    result.skipped += 1
                    result.work_ids.append(job.work_id)
                    report("shrink", {"bytes": job.size, "result": result})
                    continue
                while len(in_flight) >= pool.slots:
                    done, _ = pool.wait(set(in_flight))
                    for fut in done:
                        settle(fut)
                in_flight[pool.submit(job, out, version)] = job
            while in_flight:
                done, _ = pool.wait(set(in_flight))
                for fut in done:
                    settle(fut)
            errors.close()
            report("tables", {"result": result})
            result.tables = tables.build_tables(
                outdir, result.work_ids, run_parts=lambda args: pool.run_all(tables.build_part, args))
        except KeyboardInterrupt:
            result.interrupted = True
            threading.excepthook = _quiet  # the pool's own threads may trip over workers Ctrl-C ended
            pool.close(abort=True)
            errors.close()
            result.seconds = time.perf_counter() - t0
            return result
        except BaseException:
            pool.close(abort=True)
            errors.close()
            raise
        pool.close()
        result.seconds = time.perf_counter() - t0
        result.main_cpu = time.process_time() - cpu0
    return result


def _quiet(args: threading.ExceptHookArgs) -> None:
    """Say nothing of an exception in a helper thread: the run was interrupted, and the one line
    that says so is all the user is owed."""

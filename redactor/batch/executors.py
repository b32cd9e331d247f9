"""Where run_task runs: a local pool of worker processes with per-document deadlines (ProcessExecutor), or
an existing Dask cluster (DaskExecutor). See the package docstring."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections import Counter, deque
from collections.abc import Callable

from redactor.batch.job import BatchConfig
from redactor.batch.tasks import Outcome, Task, detector_for, run_task
from redactor.config.settings import RecognizerSettings
from redactor.errors import ConfigError, ExitCode, ProcessingFailed, RedactorError

MAX_ATTEMPTS = 2  # a document whose worker crashed is tried once more, then recorded as failed


OnOutcome = Callable[[Task, Outcome], None]


def _partial_cleanup(task: Task) -> None:
    """Remove the temporary files a killed worker may have left for this document (never a release)."""
    stem = task.source.stem
    for tmp in task.options.out_dir.glob(f".{stem}.*partial"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _timed_out(task: Task, timeout: float) -> Outcome:
    return Outcome(task.kind, task.rel, exit_code=int(ExitCode.TIMEOUT),
                   error=f"timed out after {timeout:g} s (--timeout); the worker was stopped")


def _crashed(task: Task, detail: str) -> Outcome:
    return Outcome(task.kind, task.rel, exit_code=int(ExitCode.INTERNAL_ERROR),
                   error=f"worker crashed ({detail}) on {task.attempt} attempt(s)")


def _die_with_parent() -> None:
    """Linux: a worker is killed when the batch process dies, even by SIGKILL (no orphan keeps writing)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _worker_main(conn: multiprocessing.connection.Connection, settings: RecognizerSettings,
                 max_memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if max_memory_mb > 0:
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    try:
        detector = detector_for(settings)
    except RedactorError as exc:
        conn.send(("init_error", int(exc.exit_code), str(exc)))
        return
    except BaseException as exc:
        conn.send(("init_error", int(ExitCode.INTERNAL_ERROR),
                   f"a worker could not start: {type(exc).__name__}: {exc} (is --max-memory-mb too low?)"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(("done", run_task(task, detector)))


class _Worker:
    def __init__(self, ctx, settings: RecognizerSettings, max_memory_mb: int):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, settings, max_memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.deadline = 0.0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(5)
        self.conn.close()


class ProcessExecutor:
    """A pool of worker processes, one document each at a time, with per-document deadlines."""

    def __init__(self, workers: int, settings: RecognizerSettings, timeout: float, max_memory_mb: int):
        # fork: workers start fast and inherit the parent's module state (tests replace make_detector)
        self.ctx = multiprocessing.get_context("fork")
        self.settings, self.timeout, self.max_memory_mb = settings, timeout, max_memory_mb
        self.size = max(1, workers)
        self.workers: list[_Worker] = []
        self.peak_rss_kb: dict[int, int] = {}
        self.rss_trace: list[int] = []  # each outcome's worker peak RSS (kB), in completion order
        self.stage_seconds: Counter[str] = Counter()  # summed over every outcome
        self._start_failures = 0

    def __enter__(self) -> ProcessExecutor:
        self.workers = [self._spawn() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        for w in self.workers:
            if w.process.is_alive() and w.task is None:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        for w in self.workers:
            if w.task is None:
                w.process.join(5)
            w.kill()
            if w.task is not None:
                _partial_cleanup(w.task)
        self.workers = []

    def _spawn(self) -> _Worker:
        return _Worker(self.ctx, self.settings, self.max_memory_mb)

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self.workers[self.workers.index(w)] = self._spawn()

    def run(self, tasks: list[Task], on_outcome: OnOutcome) -> None:
        queue = deque(tasks)
        while queue or any(w.task for w in self.workers):
            for w in self.workers:
                if w.ready and w.task is None and queue:
                    w.task = queue.popleft()
                    w.deadline = time.monotonic() + self.timeout
                    with contextlib.suppress(OSError):  # a worker that just died: _poll retries its task
                        w.conn.send(w.task)
            deadlines = [w.deadline for w in self.workers if w.task is not None]
            wait = min([1.0, *(d - time.monotonic() for d in deadlines)])
            waitables = [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
            multiprocessing.connection.wait(waitables, timeout=max(0.0, wait))
            for w in list(self.workers):
                self._poll(w, queue, on_outcome)

    def _poll(self, w: _Worker, queue: deque[Task], on_outcome: OnOutcome) -> None:
        message = None
        try:
            if w.conn.poll():
                message = w.conn.recv()
        except (EOFError, OSError):
            message = None
        if message is not None:
            if message[0] == "ready":
                w.ready, self._start_failures = True, 0
            elif message[0] == "init_error":
                error = RedactorError(message[2])
                error.exit_code = ExitCode(message[1])
                raise error
            elif message[0] == "done":
                task, outcome = w.task, message[1]
                w.task = None
                self.peak_rss_kb[outcome.pid] = max(self.peak_rss_kb.get(outcome.pid, 0), outcome.peak_rss_kb)
                self.rss_trace.append(outcome.peak_rss_kb)
                self.stage_seconds.update(outcome.stages)
                on_outcome(task, outcome)
            return
        if not w.process.is_alive():
            task = w.task
            self._replace(w)
            if task is None:
                self._start_failures += 1
                if self._start_failures > 3:
                    raise ProcessingFailed(f"worker processes keep dying on start-up (exit code "
                                           f"{w.process.exitcode}); is --max-memory-mb too low?")
                return
            _partial_cleanup(task)
            detail = f"exit code {w.process.exitcode}"
            if task.attempt < MAX_ATTEMPTS:
                queue.appendleft(dataclasses.replace(task, attempt=task.attempt + 1))
            else:
                on_outcome(task, _crashed(task, detail))
        elif w.task is not None and time.monotonic() > w.deadline:
            task = w.task
            self._replace(w)
            _partial_cleanup(task)
            on_outcome(task, _timed_out(task, self.timeout))


class DaskExecutor:
    """The same per-document function on an existing dask.distributed cluster.

    Inputs and OUT_DIR must be on a file system every worker sees at the same path. At most one task per
    worker thread is in flight, so a task's deadline runs from roughly when it starts; past it the task
    is cancelled and recorded as timed out (a Dask worker cannot kill a running task's thread: a worker
    hung in C code stays busy until it is restarted, e.g. by the nanny's --memory-limit).
    """

    def __init__(self, scheduler: str, timeout: float):
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError("--executor dask needs the 'distributed' package (pip install -r requirements.lock)") \
                from None
        self.scheduler, self.timeout = scheduler, timeout
        self._client_cls = Client
        self.client = None
        self.peak_rss_kb: dict[int, int] = {}
        self.rss_trace: list[int] = []  # each outcome's worker peak RSS (kB), in completion order
        self.stage_seconds: Counter[str] = Counter()  # summed over every outcome

    def __enter__(self) -> DaskExecutor:
        try:
            self.client = self._client_cls(self.scheduler, set_as_default=False, timeout=30)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot connect to the Dask scheduler at {self.scheduler}: {exc}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()

    def run(self, tasks: list[Task], on_outcome: OnOutcome) -> None:
        queue = deque(tasks)
        in_flight: dict = {}
        slots = max(1, sum(self.client.nthreads().values()))
        while queue or in_flight:
            while queue and len(in_flight) < slots:
                task = queue.popleft()
                future = self.client.submit(run_task, task, pure=False)
                in_flight[future] = (task, time.monotonic() + self.timeout)
            if not any(f.done() for f in in_flight):
                time.sleep(0.05)  # distributed.wait needs a default client; we keep ours private
            for future, (task, deadline) in list(in_flight.items()):
                if future.done():
                    del in_flight[future]
                    try:
                        outcome = future.result()
                    except Exception as exc:  # KilledWorker and friends: the worker died under it
                        if task.attempt < MAX_ATTEMPTS:
                            queue.appendleft(dataclasses.replace(task, attempt=task.attempt + 1))
                        else:
                            on_outcome(task, _crashed(task, type(exc).__name__))
                        continue
                    key = outcome.pid
                    self.peak_rss_kb[key] = max(self.peak_rss_kb.get(key, 0), outcome.peak_rss_kb)
                    self.rss_trace.append(outcome.peak_rss_kb)
                    self.stage_seconds.update(outcome.stages)
                    on_outcome(task, outcome)
                elif time.monotonic() > deadline:
                    del in_flight[future]
                    future.cancel()
                    _partial_cleanup(task)
                    on_outcome(task, _timed_out(task, self.timeout))


def make_executor(config: BatchConfig) -> ProcessExecutor | DaskExecutor:
    if config.executor == "dask":
        if not config.scheduler:
            raise ConfigError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
        return DaskExecutor(config.scheduler, config.timeout)
    if config.executor != "process":
        raise ConfigError(f"unknown executor {config.executor!r} (process or dask)")
    return ProcessExecutor(config.workers, config.options.settings, config.timeout, config.max_memory_mb)

"""Many documents: a bundle folder through the pipeline in worker processes, resumable from a ledger.

A batch runs in two passes over IN_DIR:

1. analyse: every document is opened and analysed (pipeline.analyze) to learn which people it names
   and to fingerprint its text for duplicate detection. Results are cached in the ledger.
2. redact: every document is redacted with pipeline.redact_file, seeded with the people found in the
   *other* documents of the bundle whose names occur in it (RunOptions.bundle_names), so a person
   withheld in one letter is withheld in every other one. Outputs mirror IN_DIR under OUT_DIR.

Both passes run the same picklable per-document function (run_task) either in a local pool of worker
processes or on a Dask cluster. The parent process alone writes the ledger and the batch report.

Local workers: each worker process loads the NLP model once at start-up, then takes one document at a
time over a pipe, so the parent always knows which document each worker has and since when. The
per-document timeout is enforced by the parent: a worker past its deadline is killed (SIGKILL, which
also stops a hang inside MuPDF's C code, where a SIGALRM handler would never run), the document is
recorded as timed out, its partial files are removed and a fresh worker takes its place. A worker that
dies (segfault, OOM killer) has its document retried once on a fresh worker, then recorded as failed.
Each worker limits its address space (RLIMIT_AS, --max-memory-mb) so a hostile file fails itself with
MemoryError instead of taking the machine down.

On a Dask cluster (`--executor dask --scheduler tcp://HOST:8786`):

    # on the scheduler machine
    dask scheduler --port 8786
    # on each worker machine: same redactor install (pip install -r requirements.lock; pip install -e .),
    # one thread per process (detection is CPU-bound Python), the nanny restarts a worker past its limit
    dask worker tcp://HOST:8786 --nworkers 4 --nthreads 1 --memory-limit 4GiB
    # on the submitting machine, with IN_DIR and OUT_DIR on a file system every worker mounts at the same path
    redactor batch /mnt/bundles/req-123 --out /mnt/released/req-123 --executor dask --scheduler tcp://HOST:8786

The ledger, the report and the skip/redo decisions stay with the submitting process, exactly as for local
workers; the scheduler only runs run_task. Keep the cluster's network private: Dask's protocol pickles.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import resource
import shutil
import signal
import threading
import time
import zlib
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from redactor import __version__, pipeline, timing
from redactor.config.run import RunOptions
from redactor.config.settings import RecognizerSettings
from redactor.decide import PROPAGATED
from redactor.detect import Detector
from redactor.errors import BatchInterrupted, ConfigError, ExitCode, ProcessingFailed, RedactorError
from redactor.ledger import FAILED, LEDGER_NAME, OK, AnalysisRow, DocumentRow, Ledger
from redactor.model import Finding
from redactor.pdf.files import OutputNames, sha256_file, write_json_atomic, write_text_atomic
from redactor.text.names import COMMON_WORD_NAMES, MIN_PART, name_variants

DEFAULT_TIMEOUT = 300.0  # seconds per document
DEFAULT_MAX_MEMORY_MB = 4096
MAX_ATTEMPTS = 2  # a document whose worker crashed is tried once more, then recorded as failed
ANALYSE, REDACT = "analyse", "redact"
_T = TypeVar("_T")
OCR_CACHE = ".ocr-cache"  # the run's OCR readings (unredacted text of scanned pages), see _ocr_cache
PARTIAL_GLOB = ".*.partial"  # pipeline and report write temporary files as .NAME[.PID].partial
NEAR_DUPLICATE = 0.9  # estimated Jaccard similarity of word 5-shingles
REPORT_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class BatchConfig:
    """Everything a batch needs. `options.out_dir` is ignored: each document's is its mirrored folder."""

    in_dir: Path
    out_dir: Path
    options: RunOptions
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = DEFAULT_TIMEOUT
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    force: bool = False
    executor: str = "process"  # or "dask"
    scheduler: str | None = None  # dask scheduler address, e.g. tcp://10.0.0.5:8786


# --- the per-document function (runs in a worker) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Task:
    kind: str  # ANALYSE or REDACT
    rel: str  # path relative to IN_DIR, '/'-separated
    source: Path
    options: RunOptions  # out_dir = the mirrored output folder of this document
    attempt: int = 1
    findings: tuple[Finding, ...] | None = None  # REDACT: the first pass's detector findings, reused


@dataclass(slots=True)
class Outcome:
    """What a worker sends back: plain data, no exceptions, so it pickles across any executor."""

    kind: str
    rel: str
    exit_code: int = 0
    error: str | None = None
    pages: int = 0
    seconds: float = 0.0
    pid: int = 0
    peak_rss_kb: int = 0
    # redact pass
    redactions: int = 0
    by_exemption: dict[str, int] = field(default_factory=dict)
    persons: list[tuple[str, int]] = field(default_factory=list)
    certificate_sha256: str | None = None  # redact pass: of the release certificate
    # analyse pass: the detector's findings, handed to the redact pass so detection runs once a document
    findings: tuple[Finding, ...] = ()
    warnings: int = 0
    output: str | None = None
    report: str | None = None
    # analyse pass
    names: list[str] = field(default_factory=list)
    text_sha256: str = ""
    minhash: bytes = b""
    words: bytes = b""
    stages: dict[str, float] = field(default_factory=dict)  # seconds per pipeline stage (redactor.timing)

    @property
    def ok(self) -> bool:
        return self.error is None


def make_detector(settings: RecognizerSettings) -> Detector:
    """The worker's detector factory; tests replace it with one built on a stub pipeline."""
    return Detector(settings)


_detectors: dict[str, Detector] = {}
_detector_lock = threading.Lock()


def detector_for(settings: RecognizerSettings) -> Detector:
    """One detector per process and settings (a Dask worker process serves many tasks)."""
    key = settings.model_dump_json()
    with _detector_lock:
        if key not in _detectors:
            _detectors[key] = make_detector(settings)
        return _detectors[key]


def _fail(kind: str, rel: str, exc: BaseException) -> Outcome:
    return _failed(kind, rel, pipeline.as_error(exc, None, reraise=False))


def _failed(kind: str, rel: str, error: RedactorError) -> Outcome:
    return Outcome(kind, rel, exit_code=int(error.exit_code), error=error.reason)


def analyse_source(task: Task, detector: Detector) -> Outcome:
    """First pass: who is named in the document, and fingerprints of its text."""
    seen: list[tuple[int, pipeline.Analysis]] = []
    plan = pipeline.Detect(detector, channels=False, release=False, attachments=False,
                           on_analysis=lambda opened, analysis: seen.append((opened.doc.page_count, analysis)))
    result = pipeline.process_document(task.source, task.options, plan)
    if result.error is not None:  # a hostile file fails itself (MemoryError included), never the batch
        return _failed(ANALYSE, task.rel, result.error)
    pages, analysis = seen[0]
    text = " ".join(p.text for p in analysis.pages)
    names = sorted({_clean_name(d.text) for d in analysis.decisions
                    if d.entity_type == "PERSON" and d.recognizer != PROPAGATED} - {""})
    words = re.findall(r"\w+", text.casefold())
    return Outcome(
        ANALYSE, task.rel, pages=pages, findings=tuple(analysis.findings),
        names=[n for n in names if _propagatable(n)],
        text_sha256=hashlib.sha256(" ".join(text.split()).encode()).hexdigest(),
        minhash=minhash(words).tobytes(),
        words=np.array(sorted({_word_hash(w) for w in words}), dtype=np.uint32).tobytes(),
    )


def redact_source(source: Path, options: RunOptions, detector: Detector,
                  findings: tuple[Finding, ...] | None = None) -> pipeline.DocumentResult:
    """Second pass: the single-document pipeline. A module attribute so tests can inject faults."""
    return pipeline.redact_file(source, options, detector, list(findings) if findings is not None else None)


def _redact_task(task: Task, detector: Detector) -> Outcome:
    result = redact_source(task.source, task.options, detector, task.findings)
    outcome = Outcome(REDACT, task.rel, pages=result.pages, redactions=result.redactions,
                      by_exemption=dict(result.by_exemption), warnings=len(result.warnings),
                      output=str(result.output) if result.output else None,
                      report=str(result.report) if result.report else None)
    if result.error is not None:
        outcome.exit_code, outcome.error = int(result.error.exit_code), result.error.reason
    if result.output is not None:
        certificate = OutputNames.for_release(Path(result.output)).certificate
        if certificate.exists():
            outcome.certificate_sha256 = sha256_file(certificate)
    if result.report is not None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            entries = json.loads(Path(result.report).read_text(encoding="utf-8"))["redactions"]
            outcome.persons = [(_clean_name(e["text"]), int(e["page"])) for e in entries
                               if e.get("entity_type") == "PERSON"]
    return outcome


def run_task(task: Task, detector: Detector | None = None) -> Outcome:
    """The per-document function, for any executor: picklable in, picklable out, never raises."""
    started = time.perf_counter()
    timing.take()  # this task's stages only
    try:
        detector = detector or detector_for(task.options.settings)
        outcome = analyse_source(task, detector) if task.kind == ANALYSE else _redact_task(task, detector)
    except Exception as exc:
        outcome = _fail(task.kind, task.rel, exc)
    outcome.seconds = time.perf_counter() - started
    outcome.stages = timing.take()
    outcome.pid = os.getpid()
    outcome.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


# --- text fingerprints and bundle names -----------------------------------------------------------

_PERMUTATIONS = 64
_BANDS = 16  # LSH: 16 bands of 4 rows finds pairs at similarity 0.9 with probability > 0.999
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(7)
_A = _rng.integers(1, _PRIME, _PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, _PERMUTATIONS, dtype=np.uint64)


def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def minhash(words: list[str], shingle: int = 5) -> np.ndarray:
    """MinHash signature of the document's word shingles (all zeros for a document without text)."""
    if not words:
        return np.zeros(_PERMUTATIONS, dtype=np.uint64)
    grams = {" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))}
    hashes = np.array([_word_hash(g) % _PRIME for g in grams], dtype=np.uint64)
    return ((_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME).min(axis=1)


def _clean_name(text: str) -> str:
    return " ".join(text.split())


def _propagatable(name: str) -> bool:
    """A one-word name goes bundle-wide only if it could not be an ordinary word (as in decide)."""
    return " " in name or (len(name) >= MIN_PART and name.lower() not in COMMON_WORD_NAMES)


class BundleNames:
    """The people of a bundle, and which of them can occur in a given document.

    A name is relevant to a document when every word of one of its variants (full name, forename,
    surname: text.names.name_variants) is among the document's words. Word sets are compared as 32-bit
    hashes, so a collision can only make a name relevant when it is not, which costs a redo, never a
    missed redaction.
    """

    def __init__(self, names_by_doc: dict[str, list[str]]):
        self.names = sorted({n for names in names_by_doc.values() for n in names})
        self._variants: dict[str, list[set[int]]] = {}
        self._index: dict[int, set[str]] = defaultdict(set)
        for name in self.names:
            variants = [{_word_hash(w) for w in re.findall(r"\w+", v.casefold())} for v in name_variants(name)]
            self._variants[name] = [v for v in variants if v]
            for v in self._variants[name]:
                for h in v:
                    self._index[h].add(name)

    def relevant(self, words: bytes) -> set[str]:
        present = set(np.frombuffer(words, dtype=np.uint32).tolist())
        candidates = set().union(*(self._index[h] for h in present if h in self._index))
        return {n for n in candidates if any(v <= present for v in self._variants[n])}


def names_hash(names: set[str] | frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(names)).encode()).hexdigest()


# Options that do not change what is withheld: where outputs go, the bundle (tracked per document as
# names_hash), config file paths (their content is in settings), who ran the job and the OCR cache folder.
_NOT_HASHED = frozenset({"out_dir", "bundle_names", "config_files", "user", "ocr_cache"})


def _canonical(value: object) -> str:
    if hasattr(value, "model_dump_json"):
        return value.model_dump_json()
    if isinstance(value, frozenset | set):
        return json.dumps(sorted(_canonical(v) for v in value))
    if isinstance(value, tuple | list):
        return json.dumps([_canonical(v) for v in value])
    return repr(value)


def config_hash(options: RunOptions) -> str:
    """Everything that changes a document's output except the bundle: profile, settings, options."""
    parts = [f"redactor {__version__}"]
    for f in dataclasses.fields(options):
        if f.name not in _NOT_HASHED:
            parts.append(f"{f.name}={_canonical(getattr(options, f.name))}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def duplicates(analyses: dict[str, AnalysisRow]) -> list[dict]:
    """Groups of documents with the same text (exact) or nearly the same (MinHash, >= NEAR_DUPLICATE)."""
    groups: list[dict] = []
    by_text: dict[str, list[str]] = defaultdict(list)
    empty = hashlib.sha256(b"").hexdigest()
    for rel, a in sorted(analyses.items()):
        if a.text_sha256 != empty:
            by_text[a.text_sha256].append(rel)
    exact_of = {}
    for paths in by_text.values():
        if len(paths) > 1:
            groups.append({"kind": "exact", "similarity": 1.0, "documents": paths})
        exact_of.update({p: paths[0] for p in paths})
    # near duplicates among one representative of each exact group
    reps = {rel: np.frombuffer(analyses[rel].minhash, dtype=np.uint64) for rel in sorted(set(exact_of.values()))}
    rows = _PERMUTATIONS // _BANDS
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for rel, sig in reps.items():
        for b in range(_BANDS):
            buckets[(b, sig[b * rows:(b + 1) * rows].tobytes())].append(rel)
    parent = {rel: rel for rel in reps}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[frozenset, float] = {}
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = frozenset((a, b))
                if pair not in best:
                    best[pair] = float(np.mean(reps[a] == reps[b]))
                    if best[pair] >= NEAR_DUPLICATE:
                        parent[find(a)] = find(b)
    clusters: dict[str, list[str]] = defaultdict(list)
    for rel in reps:
        clusters[find(rel)].append(rel)
    for members in clusters.values():
        if len(members) > 1:
            sims = [s for pair, s in best.items() if pair <= set(members) and s >= NEAR_DUPLICATE]
            docs = sorted(p for m in members for p in by_text[analyses[m].text_sha256])
            groups.append({"kind": "near", "similarity": round(min(sims), 3), "documents": docs})
    return groups


# --- executors ------------------------------------------------------------------------------------

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


# --- the batch ------------------------------------------------------------------------------------


class ProgressSink(Protocol):
    def phase(self, name: str, documents: int) -> None: ...
    def advance(self, pages: int) -> None: ...


class _NoProgress:
    def phase(self, name: str, documents: int) -> None:
        pass

    def advance(self, pages: int) -> None:
        pass


@dataclass(slots=True)
class Document:
    rel: str
    source: Path
    sha256: str = ""
    size: int = 0  # bytes: the first pass's guess at the work in it (largest first, see _largest_first)


@dataclass(slots=True)
class BatchResult:
    """What one run did; the exit code is computed from it."""

    in_dir: Path
    out_dir: Path
    documents: int = 0
    processed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    pages: int = 0
    redactions: int = 0
    by_exemption: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    report_json: Path | None = None
    report_html: Path | None = None
    schedule: Path | None = None
    peak_rss_kb: dict[int, int] = field(default_factory=dict)
    rss_trace: list[int] = field(default_factory=list)  # worker peak RSS (kB) after each task, in order
    stage_seconds: dict[str, float] = field(default_factory=dict)  # all workers, both passes

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.SOME_FAILED if self.failed else ExitCode.OK


def input_suffixes() -> frozenset[str]:
    """PDFs, and the correspondence formats the pipeline converts (emails, text) when it can."""
    try:
        from redactor.convert import SUFFIXES
    except ImportError:
        return frozenset({".pdf"})
    return frozenset({".pdf", *SUFFIXES})


def discover(in_dir: Path, out_dir: Path) -> list[Document]:
    """Every input document under IN_DIR (recursively, in a stable order), except anything under OUT_DIR."""
    if not in_dir.is_dir():
        raise ConfigError("input folder not found", in_dir)
    out = out_dir.resolve()
    suffixes = input_suffixes()
    found = []
    for path in sorted(in_dir.rglob("*")):
        if path.suffix.lower() not in suffixes or path.name.startswith("."):
            continue
        resolved = path.resolve()
        if resolved == out or out in resolved.parents:
            continue
        if path.is_file():
            found.append(Document(path.relative_to(in_dir).as_posix(), path))
    return found


@contextlib.contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """One batch per OUT_DIR at a time (the lock dies with the process, even on kill -9)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".batch.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError("another batch is running on this output folder", out_dir) from None
        yield


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM stops a batch like Ctrl-C does: workers stopped, ledger consistent, resumable."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _sweep_partials(out_dir: Path) -> None:
    """Temporary files of a run that was killed; never under a release name, but not to be left lying."""
    for tmp in out_dir.rglob(PARTIAL_GLOB):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _largest_first(items: list[_T], size: Callable[[_T], tuple[int, ...]]) -> list[_T]:
    """Longest job first (ties in folder order): workers take the next task as they free up, so a big
    document left to the end keeps one worker busy while the others idle; started first, it runs while
    the others share out the small ones."""
    return sorted(items, key=lambda item: tuple(-n for n in size(item)))


def _ocr_cache(out_dir: Path) -> Path:
    """Where this run keeps its OCR readings so that the redact pass, and identical pages, do not read a
    scanned page again (ocr.py: keyed by the image's digest). It holds the text of scanned pages, so it is
    private to the user and removed when the run ends; an interrupted run leaves it for the resume."""
    cache = out_dir / OCR_CACHE
    cache.mkdir(mode=0o700, exist_ok=True)
    return cache


def _mirror(config: BatchConfig, doc: Document) -> Path:
    return config.out_dir / Path(doc.rel).parent


def _sha256(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""  # unreadable: the worker reports why


def run_batch(config: BatchConfig, progress: ProgressSink | None = None) -> BatchResult:
    """Redact every PDF under config.in_dir into config.out_dir; see the module docstring."""
    progress = progress or _NoProgress()
    started = time.monotonic()
    result = BatchResult(config.in_dir, config.out_dir)
    with _exclusive(config.out_dir), Ledger(config.out_dir / LEDGER_NAME) as ledger, _interruptible():
        _sweep_partials(config.out_dir)
        docs = discover(config.in_dir, config.out_dir)
        result.documents = len(docs)
        for doc in docs:
            doc.sha256 = _sha256(doc.source)
            with contextlib.suppress(OSError):
                doc.size = doc.source.stat().st_size
        chash = config_hash(config.options)
        docs = _refuse_clashes(docs, ledger, result, config, chash)
        by_rel = {d.rel: d for d in docs}
        analyses: dict[str, AnalysisRow] = {}
        for doc in docs:
            cached = None if config.force else ledger.analysis(doc.rel, doc.sha256, chash)
            if cached is not None:
                analyses[doc.rel] = cached
        cache = _ocr_cache(config.out_dir)
        interrupted = False
        try:
            with make_executor(config) as executor:
                todo = [d for d in docs if d.rel not in analyses]
                progress.phase("analysing", len(todo))

                found: dict[str, tuple[Finding, ...]] = {}  # this run's first-pass findings, by document

                def analysed(task: Task, outcome: Outcome) -> None:
                    doc = by_rel[task.rel]
                    if outcome.ok:
                        found[doc.rel] = outcome.findings
                        row = AnalysisRow(doc.rel, doc.sha256, chash, outcome.pages, outcome.names,
                                          outcome.text_sha256, outcome.minhash, outcome.words, outcome.seconds)
                        ledger.record_analysis(row)
                        analyses[doc.rel] = row
                    else:
                        _record_failure(ledger, result, config, doc, chash, outcome)
                    progress.advance(outcome.pages)

                options = dataclasses.replace(config.options, bundle_names=frozenset(), ocr_cache=cache)
                todo = _largest_first(todo, lambda d: (d.size,))
                executor.run([Task(ANALYSE, d.rel, d.source, dataclasses.replace(options, out_dir=_mirror(config, d)))
                              for d in todo], analysed)

                bundle = BundleNames({rel: a.names for rel, a in analyses.items()})
                tasks = []
                for doc in docs:
                    if doc.rel not in analyses:
                        continue  # failed in the first pass, recorded above
                    a = analyses[doc.rel]
                    seeds = frozenset(bundle.relevant(a.words) - set(a.names))
                    nhash = names_hash(seeds)
                    row = ledger.document(doc.rel)
                    if (not config.force and ledger.is_done(doc.rel, doc.sha256, chash, nhash)
                            and row.output and Path(row.output).exists()):
                        result.skipped.append(doc.rel)
                        continue
                    tasks.append(Task(REDACT, doc.rel, doc.source, dataclasses.replace(
                        options, out_dir=_mirror(config, doc), bundle_names=seeds), findings=found.get(doc.rel)))
                tasks = _largest_first(tasks, lambda t: (analyses[t.rel].pages, by_rel[t.rel].size))
                progress.phase("redacting", len(tasks))

                def redacted(task: Task, outcome: Outcome) -> None:
                    doc = by_rel[task.rel]
                    analysis = analyses[doc.rel]
                    nhash = names_hash(task.options.bundle_names)
                    if outcome.ok:
                        ledger.record(DocumentRow(
                            doc.rel, doc.sha256, chash, nhash, OK, 0, None, outcome.pages, outcome.redactions,
                            outcome.by_exemption, outcome.persons, outcome.warnings, outcome.output,
                            outcome.report, task.attempt, analysis.seconds, outcome.seconds,
                            outcome.certificate_sha256))
                        result.processed.append(doc.rel)
                    else:
                        _record_failure(ledger, result, config, doc, chash, outcome, analysis.seconds)
                    progress.advance(outcome.pages)

                executor.run(tasks, redacted)
                result.peak_rss_kb = dict(executor.peak_rss_kb)
                result.rss_trace = list(executor.rss_trace)
                result.stage_seconds = dict(executor.stage_seconds)
        except KeyboardInterrupt:
            interrupted = True
            raise BatchInterrupted(
                f"interrupted: {len(result.processed)} document(s) finished in this run are in the ledger; "
                "run the same command again to resume") from None
        finally:
            _sweep_partials(config.out_dir)
            if not interrupted:
                shutil.rmtree(cache, ignore_errors=True)
        result.seconds = time.monotonic() - started
        _summarise(result, ledger, docs, analyses)
        write_reports(result, config, ledger, docs, analyses, chash)
    return result


def _refuse_clashes(docs: list[Document], ledger: Ledger, result: BatchResult, config: BatchConfig,
                    chash: str) -> list[Document]:
    """x.pdf and x.eml in one folder would write the same x.redacted.pdf: the second one fails."""
    first: dict[Path, str] = {}
    keep = []
    for doc in docs:
        target = OutputNames.for_source(doc.source, _mirror(config, doc)).released
        if target in first:
            error = f"output name clashes with {first[target]} ({target.name}); rename one of them"
            ledger.record(DocumentRow(doc.rel, doc.sha256, chash, "", FAILED, int(ExitCode.CONFIG_ERROR), error))
            result.failed[doc.rel] = error
            continue
        first[target] = doc.rel
        keep.append(doc)
    return keep


def _record_failure(ledger: Ledger, result: BatchResult, config: BatchConfig, doc: Document, chash: str,
                    outcome: Outcome, analyse_seconds: float = 0.0) -> None:
    """A failed document: in the ledger with its reason, and no stale release of it left under OUT_DIR."""
    out_pdf = OutputNames.for_source(doc.source, _mirror(config, doc)).released
    with contextlib.suppress(FileNotFoundError):
        out_pdf.unlink()  # an earlier run's release must not pass for this run's
    seconds = (analyse_seconds, outcome.seconds) if outcome.kind == REDACT else (outcome.seconds, 0.0)
    ledger.record(DocumentRow(doc.rel, doc.sha256, chash, "", FAILED, outcome.exit_code or 1, outcome.error,
                              outcome.pages, 0, {}, [], outcome.warnings, None, outcome.report, 1, *seconds))
    result.failed[doc.rel] = outcome.error or "failed"


def _summarise(result: BatchResult, ledger: Ledger, docs: list[Document], analyses: dict[str, AnalysisRow]) -> None:
    rows = ledger.documents()
    counts: dict[str, int] = defaultdict(int)
    for doc in docs:
        row = rows.get(doc.rel)
        if row is None or row.status != OK:
            continue
        result.pages += row.pages
        result.redactions += row.redactions
        for code, n in row.by_exemption.items():
            counts[code] += n
    result.by_exemption = dict(sorted(counts.items()))


# --- batch report ---------------------------------------------------------------------------------


def people_index(rows: list[DocumentRow], names: list[str]) -> list[dict]:
    """Per person: the documents and pages where they were withheld. Forename or surname alone is filed
    under the one full name it belongs to, when exactly one does."""
    full = [n for n in names if " " in n]
    owner: dict[str, str] = {}
    for n in full:
        for v in name_variants(n):
            owner[v] = n if v not in owner or owner[v] == n else ""  # "" = ambiguous
    where: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        for text, page in row.persons:
            person = owner.get(text) or text
            where[person][row.path].add(page)
    return [
        {"name": person, "documents": [{"path": p, "pages": sorted(pages)} for p, pages in sorted(docs.items())],
         "occurrences": sum(len(pages) for pages in docs.values())}
        for person, docs in sorted(where.items())
    ]


def write_bundle_schedule(rows: list[DocumentRow], stem: Path) -> tuple[list[Path], list[str]]:
    """One disclosure schedule for the bundle (redactor.report.schedule), from every released document's report.

    A document whose report cannot go into a schedule (e.g. a reviewer's justification quotes withheld
    text) is left out and named in the returned problems, rather than failing the batch.
    """
    from redactor.report import load_report
    from redactor.report.schedule import entries_from_report, write_schedule

    entries, problems = [], []
    for row in rows:
        if not row.report:
            continue
        try:
            entries.extend(entries_from_report(load_report(Path(row.report)), document=row.path))
        except RedactorError as exc:
            problems.append(f"{row.path}: not in the schedule: {exc.reason}")
    return list(write_schedule(entries, stem)), problems


def write_reports(result: BatchResult, config: BatchConfig, ledger: Ledger, docs: list[Document],
                  analyses: dict[str, AnalysisRow], chash: str) -> None:
    rows_by_path = ledger.documents()
    rows = [rows_by_path[d.rel] for d in docs if d.rel in rows_by_path]
    ok_rows = [r for r in rows if r.status == OK]
    bundle_names = sorted({n for a in analyses.values() for n in a.names})
    documents = []
    for row in rows:
        documents.append({
            "path": row.path, "status": row.status,
            "this_run": ("skipped" if row.path in result.skipped else
                         "failed" if row.path in result.failed else "processed"),
            "exit_code": row.exit_code, "error": row.error, "pages": row.pages, "redactions": row.redactions,
            "by_exemption": row.by_exemption, "warnings": row.warnings, "output": row.output, "report": row.report,
            "attempts": row.attempts,
            "seconds": {"analyse": round(row.analyse_seconds, 3), "redact": round(row.redact_seconds, 3)},
        })
    schedule, schedule_problems = write_bundle_schedule(ok_rows, config.out_dir / "bundle")
    result.schedule = schedule[0]
    report = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "redactor", "version": __version__},
        "in_dir": str(config.in_dir), "out_dir": str(config.out_dir),
        "profile": config.options.profile.name, "config_hash": chash,
        "executor": config.executor, "workers": config.workers if config.executor == "process" else None,
        "summary": {
            "documents": result.documents, "ok": len(ok_rows), "failed": len(rows) - len(ok_rows),
            "processed_this_run": len(result.processed), "skipped_this_run": len(result.skipped),
            "failed_this_run": len(result.failed), "pages": result.pages, "redactions": result.redactions,
            "by_exemption": result.by_exemption, "elapsed_seconds": round(result.seconds, 3),
        },
        "documents": documents,
        "failures": [{"path": r.path, "exit_code": r.exit_code, "error": r.error} for r in rows if r.status != OK],
        "people": people_index(ok_rows, bundle_names),
        "duplicates": duplicates({d.rel: analyses[d.rel] for d in docs if d.rel in analyses}),
        "schedule": [str(p) for p in schedule],
        "schedule_problems": schedule_problems,
    }
    result.report_json = config.out_dir / OutputNames.BATCH_REPORT_JSON
    result.report_html = config.out_dir / OutputNames.BATCH_REPORT_HTML
    write_json_atomic(result.report_json, report)
    write_text_atomic(result.report_html, render_html(report))


def render_html(report: dict) -> str:
    from html import escape

    def table(head: list[str], body: list[list[object]]) -> str:
        th = "".join(f"<th>{escape(h)}</th>" for h in head)
        trs = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in body)
        return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"

    s = report["summary"]
    codes = sorted(s["by_exemption"])
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Batch redaction report</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #999;padding:.25em .5em;text-align:left}.failed{color:#a00}</style></head><body>",
        f"<h1>Batch redaction report</h1><p>{escape(report['in_dir'])} &rarr; {escape(report['out_dir'])}, "
        f"profile {escape(report['profile'])}. Internal: lists withheld names; not for the requester.</p>",
        "<h2>Summary</h2>",
        table(["documents", "ok", "failed", "processed this run", "skipped this run", "pages", "redactions",
               "elapsed (s)"],
              [[s["documents"], s["ok"], s["failed"], s["processed_this_run"], s["skipped_this_run"], s["pages"],
                s["redactions"], s["elapsed_seconds"]]]),
        table(["exemption", "redactions"], [[c, s["by_exemption"][c]] for c in codes]),
        "<h2>Documents</h2>",
        table(["document", "status", "pages", "redactions", *codes, "analyse (s)", "redact (s)", "error"],
              [[d["path"], d["status"], d["pages"], d["redactions"], *(d["by_exemption"].get(c, 0) for c in codes),
                d["seconds"]["analyse"], d["seconds"]["redact"], d["error"] or ""] for d in report["documents"]]),
        "<h2 class='failed'>Failures</h2>" if report["failures"] else "",
        table(["document", "exit code", "reason"], [[f["path"], f["exit_code"], f["error"]]
                                                     for f in report["failures"]]) if report["failures"] else "",
        "<h2>People withheld across the bundle</h2>",
        table(["person", "documents and pages"],
              [[p["name"], "; ".join(f"{d['path']} p. {', '.join(map(str, d['pages']))}" for d in p["documents"])]
               for p in report["people"]]),
        "<h2>Duplicates (redact once, check the others)</h2>",
        table(["kind", "similarity", "documents"],
              [[g["kind"], g["similarity"], ", ".join(g["documents"])] for g in report["duplicates"]]),
        "".join(f"<p class='failed'>{escape(p)}</p>" for p in report["schedule_problems"]),
        f"<p>Disclosure schedule: {escape(', '.join(report['schedule']))}</p></body></html>",
    ]
    return "\n".join(parts)

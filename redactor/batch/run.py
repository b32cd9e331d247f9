"""run_batch: the two passes over a bundle, the ledger (skip what is done, redo what changed), failures
recorded with no stale release left behind."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import shutil
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from redactor import office
from redactor.batch.executors import make_executor
from redactor.batch.fingerprints import BundleNames, config_hash, names_hash
from redactor.batch.job import BatchConfig, BatchResult, Document
from redactor.batch.ledger import FAILED, LEDGER_NAME, OK, AnalysisRow, DocumentRow, Ledger
from redactor.batch.report import write_reports
from redactor.batch.tasks import ANALYSE, REDACT, Outcome, Task
from redactor.convert import SUFFIXES
from redactor.errors import BatchInterrupted, ConfigError, ExitCode, InputMissing
from redactor.model import Finding
from redactor.pdf.files import OutputNames, sha256_file

_T = TypeVar("_T")


OCR_CACHE = ".ocr-cache"  # the run's OCR readings (unredacted text of scanned pages), see _ocr_cache


PARTIAL_GLOB = ".*.partial"  # pipeline and report write temporary files as .NAME[.PID].partial


class ProgressSink(Protocol):
    def phase(self, name: str, documents: int) -> None: ...
    def advance(self, pages: int) -> None: ...


class _NoProgress:
    def phase(self, name: str, documents: int) -> None:
        pass

    def advance(self, pages: int) -> None:
        pass


def input_suffixes() -> frozenset[str]:
    """PDFs, and what the pipeline converts: correspondence (emails, text), Office files and images."""
    return frozenset({".pdf", *SUFFIXES, *office.SUFFIXES})


def check_input_folder(in_dir: Path) -> None:
    """IN_DIR must be a folder: InputMissing (exit 3, as a missing input file) before anything is written."""
    if not in_dir.is_dir():
        raise InputMissing("not a folder" if in_dir.exists() else "input folder not found", in_dir)


def discover(in_dir: Path, out_dir: Path) -> list[Document]:
    """Every input document under IN_DIR (recursively, in a stable order), except anything under OUT_DIR."""
    suffixes = input_suffixes()
    return [Document(rel, path) for rel, path in _files(in_dir, out_dir) if path.suffix.lower() in suffixes]


def unsupported(in_dir: Path, out_dir: Path) -> dict[str, str]:
    """The other files under IN_DIR, with why they are not processed: listed, never skipped silently."""
    suffixes = input_suffixes()
    return {rel: office.unsupported_format(path).reason for rel, path in _files(in_dir, out_dir)
            if path.suffix.lower() not in suffixes}


def _files(in_dir: Path, out_dir: Path) -> Iterator[tuple[str, Path]]:
    """The regular files under IN_DIR, '/'-separated paths relative to it first, in a stable order; hidden
    files (.NAME) and anything under OUT_DIR left out."""
    check_input_folder(in_dir)
    out = out_dir.resolve()
    for path in sorted(in_dir.rglob("*")):
        if path.name.startswith("."):
            continue
        resolved = path.resolve()
        if resolved == out or out in resolved.parents:
            continue
        if path.is_file():
            yield path.relative_to(in_dir).as_posix(), path


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
    check_input_folder(config.in_dir)  # before the output folder and its ledger are made
    with _exclusive(config.out_dir), Ledger(config.out_dir / LEDGER_NAME) as ledger, _interruptible():
        _sweep_partials(config.out_dir)
        docs = discover(config.in_dir, config.out_dir)
        result.unsupported = unsupported(config.in_dir, config.out_dir)
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

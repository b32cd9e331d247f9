"""The per-document function of both passes (run_task), for any executor: picklable Task in, picklable
Outcome out, never raises. Both passes are pipeline.process_document."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import resource
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from redactor import pipeline, timing
from redactor.batch.fingerprints import clean_name, minhash, propagatable, word_hash
from redactor.config.run import RunOptions
from redactor.config.settings import RecognizerSettings
from redactor.decide import PROPAGATED
from redactor.detect import Detector
from redactor.errors import ConfigError, RedactorError
from redactor.model import Finding
from redactor.pdf.files import OutputNames, sha256_file
from redactor.report import load_report

ANALYSE, REDACT = "analyse", "redact"


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
    names = sorted({clean_name(d.text) for d in analysis.decisions
                    if d.entity_type == "PERSON" and d.recognizer != PROPAGATED} - {""})
    words = re.findall(r"\w+", text.casefold())
    return Outcome(
        ANALYSE, task.rel, pages=pages, findings=tuple(analysis.findings),
        names=[n for n in names if propagatable(n)],
        text_sha256=hashlib.sha256(" ".join(text.split()).encode()).hexdigest(),
        minhash=minhash(words).tobytes(),
        words=np.array(sorted({word_hash(w) for w in words}), dtype=np.uint32).tobytes(),
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
        with contextlib.suppress(ConfigError):  # the release stands; only the people index lacks it
            entries = load_report(result.report)["redactions"]
            outcome.persons = [(clean_name(e["text"]), int(e["page"])) for e in entries
                               if e["entity_type"] == "PERSON"]
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

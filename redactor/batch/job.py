"""What a batch is (BatchConfig) and what one run did (BatchResult, from which the exit code is computed)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from redactor.config.run import RunOptions
from redactor.errors import ExitCode

DEFAULT_TIMEOUT = 300.0  # seconds per document


DEFAULT_MAX_MEMORY_MB = 4096


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
    unsupported: dict[str, str] = field(default_factory=dict)  # files under IN_DIR no converter takes: why
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
        if self.failed:
            return ExitCode.SOME_FAILED
        return ExitCode.OK if self.documents else ExitCode.NOTHING_TO_DO  # an empty folder is not a success

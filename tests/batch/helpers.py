"""Helpers for batch tests: write a PDF into a bundle folder, run a batch with test defaults."""

from __future__ import annotations

from pathlib import Path

from conftest import build_pdf

from redactor.batch import BatchConfig, BatchResult, run_batch
from redactor.config.run import RunOptions


def write(in_dir: Path, rel: str, *pages: list[str]) -> Path:
    path = in_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    return build_pdf(path, pages)


def run(in_dir: Path, out_dir: Path, **kw) -> BatchResult:
    kw.setdefault("workers", 2)
    kw.setdefault("timeout", 60)
    options = RunOptions.build(out_dir, profile=kw.pop("profile", "uk-foia"))
    return run_batch(BatchConfig(in_dir, out_dir, options, **kw))

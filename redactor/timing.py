"""Where a process's time goes, by pipeline stage (issue 9).

The pipeline wraps each stage in `stage(name)`; the seconds add up per process until `take()` hands them
over and starts again. A batch worker takes them after every document and sends them back with its
outcome, so the benchmark can print measured milliseconds per page for every stage. The cost is two
clock reads per stage and document.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("open", "extract", "channels", "detect", "decide", "redact", "harden", "save", "verify", "report")

_seconds: Counter[str] = Counter()


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        add(name, time.perf_counter() - started)


def add(name: str, seconds: float) -> None:
    _seconds[name] += seconds


def take() -> dict[str, float]:
    """The seconds spent in each stage since the last call, and start again from zero."""
    spent = dict(_seconds)
    _seconds.clear()
    return spent

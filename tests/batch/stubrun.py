"""`redactor` CLI with the stub NLP pipeline, for tests that run a batch in a subprocess and kill it.

BATCH_TEST_SLEEP (seconds) slows every document down so a test can interrupt a batch mid-run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

import stubnlp  # noqa: E402

import redactor.batch as batch  # noqa: E402
from redactor.cli import main  # noqa: E402

stubnlp.install()  # every worker's detector (forked: the patch reaches them) uses the stub pipeline

_redact = batch.tasks.redact_source


def slow_redact(source, options, detector, *args):
    time.sleep(float(os.environ.get("BATCH_TEST_SLEEP", "0")))
    return _redact(source, options, detector, *args)


batch.tasks.redact_source = slow_redact

if __name__ == "__main__":
    sys.argv[0] = "redactor"
    main()

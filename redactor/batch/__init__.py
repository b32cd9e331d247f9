"""Many documents: a bundle folder through the pipeline in worker processes, resumable from a ledger.

A batch runs in two passes over IN_DIR:

1. analyse: every document is opened and analysed (pipeline.process_document with a Detect plan that
   does not release) to learn which people it names and to fingerprint its text for duplicate
   detection. Results are cached in the ledger.
2. redact: every document is redacted with pipeline.redact_file, seeded with the people found in the
   *other* documents of the bundle whose names occur in it (RunOptions.bundle_names), so a person
   withheld in one letter is withheld in every other one. Outputs mirror IN_DIR under OUT_DIR.

Both passes run the same picklable per-document function (tasks.run_task) either in a local pool of
worker processes or on a Dask cluster (executors.py). The parent process alone writes the ledger
(ledger.py) and the batch report (report.py); run.py is the batch itself, fingerprints.py the MinHash
signatures, bundle names and hashes behind the ledger's skip/redo decisions, job.py its config and result.

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

from redactor.batch.fingerprints import (
           NEAR_DUPLICATE,
           BundleNames,
           config_hash,
           duplicates,
           minhash,
           names_hash,
)
from redactor.batch.job import BatchConfig, BatchResult, Document
from redactor.batch.run import OCR_CACHE, discover, run_batch
from redactor.batch.tasks import ANALYSE, REDACT, Outcome, Task, run_task

__all__ = ["ANALYSE", "NEAR_DUPLICATE", "OCR_CACHE", "REDACT", "BatchConfig", "BatchResult", "BundleNames", "Document",
           "Outcome", "Task", "config_hash", "discover", "duplicates", "minhash", "names_hash", "run_batch", "run_task"]

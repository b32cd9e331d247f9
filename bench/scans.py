"""Scanned bundles (issue 9): what OCR costs in a batch, and what a searchable scan costs to redact.

    python -m bench.scans [--copies 1] [--workers 2]

Builds a bundle of the sample PDFs rasterised as a cheap office scanner would
(sample_docs.make_samples.rasterise: grey, noisy, skewed, JPEG) plus the scanned sample letter, runs
`redactor batch` over it, and prints the wall time, each pass's worker seconds and how many pages the
redact pass took from the run's OCR readings instead of Tesseract (ocr.py, "read once"). Then it
redacts one of the releases, a searchable scan (the page image and an invisible text layer: no OCR
needed), in this process with the model already loaded, and prints seconds per page. With --copies N
every document is in the bundle N times: identical pages are read once too. Every number printed is
measured here; results go to bench/scans.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import pymupdf

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"
RESULTS = Path("bench/scans.json")


def build_bundle(folder: Path, copies: int = 1) -> int:
    """The scanned bundle; returns its page count."""
    from sample_docs.make_samples import rasterise

    folder.mkdir(parents=True, exist_ok=True)
    pages = 0
    for src in sorted(SAMPLES.glob("*.pdf")):
        with pymupdf.open(src) as doc:
            scan = doc if src.stem.startswith("scanned") else rasterise(doc)
            for i in range(copies):
                scan.save(folder / f"{src.stem}-{i + 1}.pdf")
                pages += scan.page_count
    return pages


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="times each document is in the bundle (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="batch workers (default 2)")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"where to write the numbers (default {RESULTS})")
    args = parser.parse_args(argv)
    from redactor.batch import BatchConfig, run_batch
    from redactor.cli.main import _quiet_libraries
    from redactor.config.run import RunOptions
    from redactor.detect import Detector
    from redactor.pipeline import redact_file

    _quiet_libraries()
    root = Path(tempfile.mkdtemp(prefix="redactor-bench-scans-"))
    try:
        pages = build_bundle(root / "in", args.copies)
        out = root / "out"
        started = time.perf_counter()
        result = run_batch(BatchConfig(root / "in", out, RunOptions.build(out), workers=args.workers, force=True))
        wall = time.perf_counter() - started
        report = json.loads((out / "batch-report.json").read_text())
        passes = {k: sum(d["seconds"][k] for d in report["documents"]) for k in ("analyse", "redact")}
        read = reused = 0
        for doc in report["documents"]:
            for page in json.loads(Path(doc["report"]).read_text())["ocr_pages"]:
                read, reused = read + 1, reused + page["reused"]
        print(f"scanned bundle: {len(report['documents'])} documents, {pages} pages, {args.workers} workers: "
              f"{wall:.1f} s ({pages / wall:.2f} pages/s), {len(result.failed)} failed")
        print(f"  worker seconds: analyse pass {passes['analyse']:.1f}, redact pass {passes['redact']:.1f}; "
              f"redact pass reused the OCR reading of {reused} of {read} pages")
        searchable = max(out.glob("*.redacted.pdf"), key=lambda p: pymupdf.open(p).page_count)
        options = RunOptions.build(root / "searchable")
        detector = Detector(options.settings)
        started = time.perf_counter()
        done = redact_file(searchable, options, detector)
        seconds = time.perf_counter() - started
        per_page = seconds / max(done.pages, 1)
        print(f"searchable scan ({searchable.name}, {done.pages} pages, model loaded): {seconds:.2f} s, "
              f"{per_page:.2f} s/page, {'ok' if done.ok else done.error}")
        results = {"bundle": {"documents": len(report["documents"]), "pages": pages, "copies": args.copies},
                   "batch": {"workers": args.workers, "seconds": round(wall, 2), "failed": len(result.failed),
                             "worker_seconds": {k: round(v, 2) for k, v in passes.items()},
                             "ocr_pages": read, "ocr_reused": reused},
                   "searchable": {"pages": done.pages, "seconds": round(seconds, 2), "ok": done.ok}}
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=2) + "\n")
        print(f"results written to {args.results}")
        return results
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

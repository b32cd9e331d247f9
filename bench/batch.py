"""Batch benchmark (`make bench`): pages/second with 1 and 2 workers on a generated corpus, the speed-up,
and the peak RSS of each worker. Uses the real NLP model; prints measured numbers only.

    python -m bench.batch [--docs 200] [--pages 10] [--workers 1,2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import pymupdf

FORENAMES = ["Priya", "Tom", "Adaeze", "Siobhan", "Daniel", "Margaret", "Oluwaseun", "Hamish", "Aisha", "Gareth",
             "Niamh", "Rajesh", "Catherine", "Tomasz", "Eleanor", "Kwame"]
SURNAMES = ["Raghunathan", "Whitfield", "Okonkwo", "O'Neill", "McAllister", "Thornbury", "Adeyemi", "Fraser",
            "Khan", "Llewellyn", "Gallagher", "Sharma", "Beaumont", "Nowak", "Ashworth", "Mensah"]
FILLER = [
    "The committee considered the planning application and the officers' recommendation.",
    "Members noted the budget position for the quarter and the forecast for the year end.",
    "The consultation response rate was lower than expected across all wards.",
    "Actions from the previous meeting were reviewed and marked as complete where done.",
    "The highways team will report on the resurfacing programme at the next meeting.",
    "No declarations of interest were made in respect of the items on the agenda.",
]


def _line(rng: random.Random) -> str:
    person = f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"
    kind = rng.randrange(12)  # about one line in four names someone or something personal
    if kind == 0:
        return f"{person} can be reached on 01632 {rng.randrange(960000, 960999)}."
    if kind == 1:
        return f"Email {person.split()[0].lower()}.{rng.randrange(100)}@example.org about case IC-{rng.randrange(100000, 999999)}-A1B2."
    if kind == 2:
        return f"{person} attended on behalf of the resident at {rng.randrange(1, 99)} Mill Lane, AB1 {rng.randrange(1, 9)}CD."
    return rng.choice(FILLER)


def build_corpus(folder: Path, docs: int, pages: int, seed: int = 1) -> int:
    """`docs` PDFs of `pages` pages each in a few sub-folders; returns the number of pages written."""
    rng = random.Random(seed)
    for i in range(docs):
        path = folder / f"box{i % 5}" / f"doc{i:04d}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = pymupdf.open()
        for _ in range(pages):
            page = doc.new_page()
            y = 72.0
            for _ in range(30):
                page.insert_text((72, y), _line(rng), fontsize=10, fontname="helv")
                y += 14 * 1.5 if y < 740 else 0
        doc.save(path)
        doc.close()
    return docs * pages


def run_once(in_dir: Path, out_dir: Path, workers: int) -> dict:
    from redactor.batch import BatchConfig, run_batch
    from redactor.config.run import RunOptions

    options = RunOptions.build(out_dir)
    started = time.perf_counter()
    result = run_batch(BatchConfig(in_dir, out_dir, options, workers=workers, force=True))
    seconds = time.perf_counter() - started
    return {"workers": workers, "seconds": seconds, "pages": result.pages, "failed": len(result.failed),
            "pages_per_second": result.pages / seconds if seconds else 0.0,
            "peak_rss_mb": sorted(kb / 1024 for kb in result.peak_rss_kb.values())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="documents in the corpus (default 200)")
    parser.add_argument("--pages", type=int, default=10, help="pages per document (default 10)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--keep", type=Path, help="build the corpus and outputs here and keep them")
    args = parser.parse_args(argv)
    from redactor.cli.main import _quiet_libraries

    _quiet_libraries()
    root = args.keep or Path(tempfile.mkdtemp(prefix="redactor-bench-"))
    try:
        total = build_corpus(root / "in", args.docs, args.pages)
        print(f"corpus: {args.docs} documents, {total} pages")
        runs = []
        for workers in (int(w) for w in args.workers.split(",")):
            r = run_once(root / "in", root / f"out-w{workers}", workers)
            runs.append(r)
            rss = ", ".join(f"{mb:.0f}" for mb in r["peak_rss_mb"])
            print(f"workers={workers}: {r['pages']} pages in {r['seconds']:.1f} s = {r['pages_per_second']:.2f} "
                  f"pages/s; failed {r['failed']}; peak RSS per worker (MB): {rss}")
        if len(runs) > 1 and runs[0]["pages_per_second"]:
            print(f"speed-up workers={runs[-1]['workers']} vs workers={runs[0]['workers']}: "
                  f"{runs[-1]['pages_per_second'] / runs[0]['pages_per_second']:.2f}x")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

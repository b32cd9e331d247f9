"""Cost of the issue 22 checks for hidden text on ordinary pages (the benchmark's pages of prose), per page:

  * pdf.visibility.clipped_spans (text drawn outside its clip): run by the channel scan, by hardening and
    twice by verification, so (d) pays it about four times a page;
  * pdf.outlines.looks_outlined (a page of text drawn as glyph outlines): once a page, in OCR's page choice
    (which shares its bounding-box log with the image test; here the log is read by the check itself).

    python -m bench.hidden [--pages 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import pymupdf

from bench.stages import build_document
from redactor.pdf.outlines import looks_outlined
from redactor.pdf.visibility import clipped_spans


def _best(fn, pages: list, rounds: int) -> float:
    """The fastest round's milliseconds a page (noise only adds time)."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for args in pages:
            fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best / len(pages) * 1000


def measure(pages: int = 60, rounds: int = 3) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plain.pdf"
        build_document(path, pages, random.Random(7))
        with pymupdf.open(path) as doc:
            loaded = [doc[i] for i in range(doc.page_count)]
            traces = [(page, page.get_texttrace()) for page in loaded]
            chars = [(page, sum(not c.isspace() for c in page.get_text())) for page in loaded]
            return {"clipped_spans_ms": round(_best(clipped_spans, traces, rounds), 3),
                    "looks_outlined_ms": round(_best(looks_outlined, chars, rounds), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    r = measure(args.pages, args.rounds)
    print(f"clipped text check: {r['clipped_spans_ms']:.3f} ms/page per call (about 4 calls a page in a release; "
          f"fastest of {args.rounds} rounds over {args.pages} pages)")
    print(f"outlined text check: {r['looks_outlined_ms']:.3f} ms/page")


if __name__ == "__main__":
    main()

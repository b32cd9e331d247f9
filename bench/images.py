"""Cost of reading the images of born-digital pages (issue 22), measured here:

  * pages WITHOUT images (the benchmark's pages of prose): what image_text.read_images spends on each
    (ocr.has_images, then nothing); must stay under 1 ms a page;
  * a page of text WITH one screenshot (560 x 110 px, three lines of an email): the image found, tested,
    read with Tesseract and its words merged into the page text, in seconds a page (no cache).

    python -m bench.images [--pages 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from pathlib import Path

import pymupdf

from bench.stages import build_document
from redactor.extract import extract_document
from redactor.image_text import read_images
from redactor.model import OcrResult


def _screenshot_png() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (560, 110), "white")
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 15)
    except OSError:
        font = ImageFont.load_default()
    for i, line in enumerate(["From: Tom Whitfield <tom.whitfield1987@gmail.com>",
                              "Received: from mail.example.net (198.51.100.23)",
                              "Subject: Your mailbox is full - confirm your password"]):
        draw.text((10, 12 + 30 * i), line, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def measure(pages: int = 60, rounds: int = 3) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.pdf"
        build_document(plain, pages, random.Random(7))
        with pymupdf.open(plain) as doc:
            texts = extract_document(doc)
            best = float("inf")
            for _ in range(rounds):
                t0 = time.perf_counter()
                read_images(doc, texts, OcrResult("auto"))
                best = min(best, time.perf_counter() - t0)
        without = best / pages * 1000
        shot = Path(tmp) / "shot.pdf"
        build_document(shot, 1, random.Random(7))
        with pymupdf.open(shot) as doc:
            doc[0].insert_image(pymupdf.Rect(72, 420, 464, 497), stream=_screenshot_png())
            doc.save(shot.with_suffix(".img.pdf"))
        best = float("inf")
        for _ in range(rounds):
            with pymupdf.open(shot.with_suffix(".img.pdf")) as doc:
                texts = extract_document(doc)
                t0 = time.perf_counter()
                _pages, result = read_images(doc, texts, OcrResult("auto"))
                best = min(best, time.perf_counter() - t0)
        words = sum(len(p.words) for p in result.pages.values())
    return {"ms_per_page_without_images": round(without, 3), "s_per_page_with_a_screenshot": round(best, 3),
            "screenshot_words": words}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    r = measure(args.pages, args.rounds)
    print(f"image checks, pages without images: {r['ms_per_page_without_images']:.3f} ms/page "
          f"(budget 1 ms; fastest of {args.rounds} rounds over {args.pages} pages)")
    print(f"image checks, a page with one screenshot: {r['s_per_page_with_a_screenshot']:.3f} s/page "
          f"({r['screenshot_words']} words read; Tesseract, no cache)")


if __name__ == "__main__":
    main()

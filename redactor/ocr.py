"""Scanned pages: text that exists only as pixels is read with Tesseract, detected like any other text,
and redacted by removing the image pixels under each word; the released page then gets an invisible
text layer of the words that remain, so it stays searchable and accessible.

Why pytesseract (the `tesseract` binary of Debian's tesseract-ocr) and not PyMuPDF's built-in OCR
(`Page.get_textpage_ocr`): we need per-word confidences (a page read badly must be reported as
unreviewed, never passed as clean) and orientation detection (OSD) for pages scanned sideways or
upside down; MuPDF's OCR text page gives neither, and needs TESSDATA_PREFIX to be found. pytesseract is a
thin, pure-Python wrapper around the same engine and data (`make system-deps` installs both).

Never silent: a page that needs reading and cannot be read (OCR switched off, Tesseract missing, mean
word confidence under the threshold, Tesseract failing) is returned in `OcrResult.unreviewed`; the
pipeline reports it and `--strict` makes it an error.

Read once: a batch reads every document twice (names first, then redaction), and Tesseract is by far the
dearest step (seconds a page). With a cache folder (RunOptions.ocr_cache, set by the batch for the length
of the run) each reading is kept under the SHA-256 of the exact image Tesseract was given and of every
setting that shapes the result, so the second pass, and any identical page in the bundle, reuses it. A
different image is a different key: a reading is never applied to a page it was not made from.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pymupdf

from redactor.extract import page_text_with_ocr
from redactor.model import Decision, OcrPage, OcrResult, OcrWord, Unreviewed
from redactor.page import LinePiece, PageText
from redactor.pdf.files import write_json_atomic
from redactor.pdf.outlines import looks_outlined
from redactor.pdf.visibility import unrotated_rect

if TYPE_CHECKING:  # for the annotations only: PIL is imported when a page is read
    from PIL.Image import Image

# (text, confidence, pixel box, line key) of one word Tesseract read
RawWord = tuple[str, float, tuple[float, float, float, float], tuple[int, int, int]]

OCR_MODES = ("auto", "always", "never")
TESSERACT = "tesseract"  # the command; tests point it at a missing file to simulate absence
LANGUAGE = "eng"
MAX_DPI = 300  # enough for 8 pt text; more costs time and memory for nothing
# auto: a page is read when images cover at least this share of it and the image area carries almost no
# extractable text (a born-digital page with photos has text beside them; a searchable scan has its
# text layer over the image and needs no second reading).
MIN_IMAGE_COVER = 0.25
MAX_CHARS_OVER_IMAGES = 20
UNREAD_MIN_CONFIDENCE = 30.0  # a second-look token this sure, with this many letters/digits, is text
UNREAD_MIN_CHARS = 3
SECOND_LOOK_SECONDS = 20
MIN_CONFIDENCE = 60.0  # mean word confidence (0-100, weighted by characters) below which a page is unreviewed
MIN_WORD_CONFIDENCE = 0  # Tesseract's -1 rows are layout, not words
# A word box is widened by this fraction of its height on each side: anti-aliased edges and serifs of
# the scanned letters lie just outside Tesseract's tight box, and must go with the word.
PAD = 0.15
CACHE_FORMAT = 1  # of cached readings (module docstring); bump when the recipe changes (despeckle, psm...)


_checked: dict[str, str | None] = {}


def tesseract_problem(cmd: str | None = None) -> str | None:
    """Why OCR cannot run here (binary or English data missing), or None when it can."""
    cmd = cmd or TESSERACT
    if cmd not in _checked:
        if shutil.which(cmd) is None:
            _checked[cmd] = (f"Tesseract is not installed ({cmd!r} not found; Debian packages tesseract-ocr "
                             "and tesseract-ocr-eng, 'make system-deps')")
        else:
            try:
                langs = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True, timeout=30,
                                       env=_env()).stdout.split()
                _checked[cmd] = None if LANGUAGE in langs else (
                    f"Tesseract has no {LANGUAGE!r} language data (Debian package tesseract-ocr-{LANGUAGE})")
            except (OSError, subprocess.SubprocessError) as exc:
                _checked[cmd] = f"Tesseract does not run: {exc}"
    return _checked[cmd]


def _env() -> dict[str, str]:
    # Tesseract's OpenMP threads spin against each other on small machines: one thread is 4-5x faster
    # on 2 cores (measured: 1.9 s vs 8.8 s for one 200 dpi page).
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


# --- which pages ---------------------------------------------------------------------------------------

# An inline image's BI operator, as a token: a PDF token ends at whitespace or a delimiter ( ) < > [ ] { } / %
INLINE_IMAGE = re.compile(rb"(?:^|[\s()<>\[\]{}/%])BI(?=[\s()<>\[\]{}/%]|$)")


def has_images(page: pymupdf.Page) -> bool:
    """Whether the page may draw an image, without running its content (get_image_info does, ~0.8 ms on a
    page of text): an image XObject in its resources (those of its forms included), or a form or pattern
    (whose content may hold an inline image: MuPDF is asked), or an inline image in its own content.
    ~0.1 ms on a page of text without images (reading its content); True only ever too often (then get_image_info decides)."""
    if page.get_images(full=True) or page.get_xobjects():
        return True
    doc = page.parent
    with contextlib.suppress(Exception):  # an unreadable key: let MuPDF decide
        if doc.xref_get_key(page.xref, "Resources/Pattern")[0] != "null":
            return True
        content = page.read_contents()
        return b"BI" in content and bool(INLINE_IMAGE.search(content))  # the plain search first: 10x quicker
    return True


def _image_rects(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Where images are drawn, in unrotated page space (the space of extract's glyph boxes). MuPDF gives
    image boxes in that space already, /Rotate or not (measured: a /Rotate 90 page reports the same box as
    the page unrotated), so only the page's box is turned to match (page.rect is the visible one)."""
    rects = []
    if not has_images(page):
        return rects
    area = unrotated_rect(page)
    for info in page.get_image_info():
        r = pymupdf.Rect(info["bbox"]) & area
        if not r.is_empty:
            rects.append(r)
    return rects


def needs_ocr(page: pymupdf.Page, text: PageText) -> bool:
    """auto mode: the page's text is drawn as glyph outlines, or images cover a good part of the page and
    almost none of their area has text on it."""
    return _why_read(page, text) is not None


IN_IMAGE = "page text is in an image"
OUTLINED = "page text is drawn as vector outlines (no text to extract)"


def _why_read(page: pymupdf.Page, text: PageText) -> str | None:
    """Why auto mode reads the page whole (IN_IMAGE, OUTLINED), or None. One bounding-box log of the page
    serves both tests: the outline test reads it, and a page with no image in it is done (~0.4 ms)."""
    log = page.get_bboxlog()
    if looks_outlined(page, sum(not c.isspace() for c in text.text), log):  # pdf/outlines.py: rendered and read
        return OUTLINED
    if not any(kind in _IMAGE_PAINTS for kind, _box in log):
        return None
    return IN_IMAGE if _scanned(page, text) else None


_IMAGE_PAINTS = ("fill-image", "fill-imgmask", "clip-imgmask")  # MuPDF's bbox device: an image drawn, anywhere


def _scanned(page: pymupdf.Page, text: PageText) -> bool:
    images = _image_rects(page)
    if not images:
        return False
    area = abs(page.rect)
    covered = sum(abs(r) for r in images)  # overlapping images count twice: only ever too generous
    if covered < MIN_IMAGE_COVER * area:
        return False
    over = 0
    for refs, ch in zip(text.char_glyphs, text.text, strict=False):
        if ch.isspace() or not refs:
            continue
        x0, y0, x1, y1 = text.glyphs[refs[0]].bbox
        centre = pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2)
        if any(r.contains(centre) for r in images):
            over += 1
    return over <= MAX_CHARS_OVER_IMAGES


# --- reading one page ----------------------------------------------------------------------------------

def _render(page: pymupdf.Page, dpi: int) -> Image:
    from PIL import Image  # imported when a page is read, as the rest of the OCR stack

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return Image.frombytes("L", (pix.width, pix.height), pix.samples)


def _despeckle(img: Image) -> Image:
    from PIL import ImageFilter  # imported when a page is read

    return img.filter(ImageFilter.MedianFilter(3))  # scanner speckle: ~0.5 s at 300 dpi, saves more in OCR


def _read(img: Image) -> list[RawWord]:
    """(text, confidence, pixel box, line key) for every word Tesseract finds in `img`."""
    import pytesseract  # lazily: 0.13 s (it loads numpy and more), and most documents need no OCR

    pytesseract.pytesseract.tesseract_cmd = TESSERACT
    old = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = _env()["OMP_THREAD_LIMIT"]  # pytesseract passes our environment on
    try:
        data = pytesseract.image_to_data(img, lang=LANGUAGE, config="--psm 3",
                                         output_type=pytesseract.Output.DICT)
    finally:
        if old is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text.strip() or conf < MIN_WORD_CONFIDENCE:
            continue
        box = (data["left"][i], data["top"][i], data["left"][i] + data["width"][i],
               data["top"][i] + data["height"][i])
        words.append((text.strip(), conf, box, (data["block_num"][i], data["par_num"][i], data["line_num"][i])))
    return words


def _confidence(words) -> float:
    chars = sum(len(w[0]) for w in words)
    return sum(w[1] * len(w[0]) for w in words) / chars if chars else 0.0


def _unrotate_box(box, rotation: int, size: tuple[int, int]) -> tuple[float, float, float, float]:
    """A box found in the image turned `rotation` degrees counter-clockwise, back in the original image
    (size = the original's width and height)."""
    w, h = size
    x0, y0, x1, y1 = box
    if rotation == 90:  # original (x, y) -> turned (y, w - x)
        pts = [(w - y0, x0), (w - y1, x1)]
    elif rotation == 180:
        pts = [(w - x0, h - y0), (w - x1, h - y1)]
    elif rotation == 270:  # original (x, y) -> turned (h - y, x)
        pts = [(y0, h - x0), (y1, h - x1)]
    else:
        return box
    (ax, ay), (bx, by) = pts
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _orientation(img: Image) -> int | None:
    """Counter-clockwise turn that makes the page upright, from Tesseract's OSD; None if it cannot tell."""
    import pytesseract  # lazily, as in _read

    small = img.reduce(2) if img.width > 1800 else img  # OSD needs ~150 dpi, and is quicker on less
    try:
        osd = pytesseract.image_to_osd(small, output_type=pytesseract.Output.DICT, config="--psm 0")
    except pytesseract.TesseractError:  # "Too few characters", blank page
        return None
    return (360 - int(osd.get("rotate", 0))) % 360


def unread_marks(img: Image, raw: list[RawWord]) -> list[str] | None:
    """Text-like marks the first reading skipped, or None if they could not be looked for.

    Every word read is painted out and Tesseract looks again at what is left, in sparse-text mode, at
    half resolution and binarised (scanner noise would otherwise make it chase thousands of specks). A
    table column the layout analysis skipped shows up here as tokens ('10.20.4.30'); signatures, rules
    and logos do not. Measured on the rasterised samples: the one page with a skipped column is caught
    (0.1-1 s a page), no clean page is."""
    import pytesseract  # lazily, as in _read
    from PIL import ImageDraw

    masked = img.copy()
    draw = ImageDraw.Draw(masked)
    for _text, _conf, (x0, y0, x1, y1), _key in raw:
        m = 0.25 * (y1 - y0)
        draw.rectangle([x0 - m, y0 - m, x1 + m, y1 + m], fill=255)
    small = masked.reduce(2).point(lambda v: 0 if v < 128 else 255)
    old = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = _env()["OMP_THREAD_LIMIT"]
    try:
        data = pytesseract.image_to_data(small, lang=LANGUAGE, config="--psm 11",
                                         output_type=pytesseract.Output.DICT, timeout=SECOND_LOOK_SECONDS)
    except RuntimeError:  # pytesseract's timeout: the page cannot be vouched for
        return None
    finally:
        if old is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
    return [t.strip() for t, c in zip(data["text"], data["conf"], strict=True)
            if float(c) >= UNREAD_MIN_CONFIDENCE and sum(ch.isalnum() for ch in t) >= UNREAD_MIN_CHARS]


@functools.cache
def _engine_version(cmd: str) -> str:
    """`tesseract --version` (engine and library versions): part of every cache key."""
    try:
        return subprocess.run([cmd, "--version"], capture_output=True, text=True, timeout=30,
                              env=_env()).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _cache_key(page: pymupdf.Page, img, dpi: int, min_confidence: float, second_look: bool) -> str:
    """SHA-256 of the rendered page (Tesseract reads it despeckled, a fixed function of it) and of
    everything else that shapes the words returned."""
    h = hashlib.sha256(json.dumps([CACHE_FORMAT, _engine_version(TESSERACT), LANGUAGE, MIN_WORD_CONFIDENCE,
                                   UNREAD_MIN_CONFIDENCE, UNREAD_MIN_CHARS, img.mode, img.size, dpi,
                                   min_confidence, second_look, page.rotation, tuple(page.derotation_matrix),
                                   tuple(page.rect), tuple(page.cropbox), tuple(page.mediabox)]).encode())
    h.update(img.tobytes())
    return h.hexdigest()


def _load_reading(path: Path):
    """A cached reading, or None if there is none or it cannot be read back whole."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words = [OcrWord(str(t), (float(r[0]), float(r[1]), float(r[2]), float(r[3])), float(c), int(line),
                         int(angle)) for t, r, c, line, angle in data["words"]]
        unread = data["unread"]
        return (words, float(data["confidence"]), int(data["turn"]),
                None if unread is None else [str(u) for u in unread])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _store_reading(path: Path, words: list[OcrWord], confidence: float, turn: int, unread) -> None:
    """Best effort: a reading that cannot be kept is read again next time (a leftover temporary is swept
    with the batch's other .partial files, and the folder goes at the end of the run)."""
    data = {"words": [[w.text, list(w.rect), w.confidence, w.line, w.angle] for w in words],
            "confidence": confidence, "turn": turn, "unread": unread}
    with contextlib.suppress(OSError):
        write_json_atomic(path, data)


def read_page(page: pymupdf.Page, dpi: int = MAX_DPI, min_confidence: float = MIN_CONFIDENCE,
              second_look: bool = False) -> tuple:
    """OCR one page: (words in page space, confidence, rotation used, seconds), and with `second_look`
    a fifth item: the text-like marks left unread (unread_marks; None if that check timed out)."""
    return _reading(page, dpi, min_confidence, second_look, None)[0]


def _reading(page: pymupdf.Page, dpi: int, min_confidence: float, second_look: bool, cache: Path | None):
    """read_page's result, and whether it was reused from the `cache` folder (a reading made earlier from
    the same image with the same settings; see the module docstring)."""
    t0 = time.monotonic()
    dpi = min(dpi, MAX_DPI)
    rendered = _render(page, dpi)
    kept_at = None if cache is None else cache / _cache_key(page, rendered, dpi, min_confidence, second_look)
    if kept_at is not None and (cached := _load_reading(kept_at)) is not None:
        words, confidence, turn, unread = cached
        took = time.monotonic() - t0
        reading = (words, confidence, turn, took, unread) if second_look else (words, confidence, turn, took)
        return reading, True
    img = _despeckle(rendered)
    del rendered
    best = (_read(img), 0)
    if _confidence(best[0]) < min_confidence:  # sideways or upside down? ask OSD, then try the rest
        guess = _orientation(img)
        tried = {0}
        for rotation in ([guess] if guess is not None else []) + [180, 90, 270]:
            if rotation in tried:
                continue
            tried.add(rotation)
            words = _read(img.rotate(rotation, expand=True))
            if _confidence(words) * len(words) > _confidence(best[0]) * len(best[0]):
                best = (words, rotation)
            if _confidence(best[0]) >= min_confidence:
                break
    raw, rotation = best
    turn = rotation
    long = [w for w in raw if len(w[0]) > 2]
    if not rotation and sum(w[2][3] - w[2][1] > w[2][2] - w[2][0] for w in long) > len(long) / 2:
        # Tesseract's layout analysis reads a page turned 90 degrees by itself, boxes in the image as it
        # is; only the text direction (for the invisible layer) is left to find out
        guess = _orientation(img)
        turn = guess if guess in (90, 270) else 90
    # pixel -> visible page -> unrotated page space
    to_page = pymupdf.Matrix(72 / dpi, 72 / dpi)
    if page.rotation:
        to_page = to_page * page.derotation_matrix
    angle = (360 - turn) % 360  # the text's direction on the visible page
    words = []
    keys: dict[tuple[int, int, int], int] = {}
    for text, conf, box, key in raw:
        rect = pymupdf.Rect(_unrotate_box(box, rotation, img.size)) * to_page
        line = keys.setdefault(key, len(keys))
        words.append(OcrWord(text, tuple(rect), conf, line, angle))
    unread = unread_marks(img.rotate(rotation, expand=True) if rotation else img, raw) if second_look else []
    if kept_at is not None and unread is not None:  # a second look that timed out is tried again next time
        _store_reading(kept_at, words, _confidence(raw), turn, unread)
    took = time.monotonic() - t0
    return ((words, _confidence(raw), turn, took, unread) if second_look else
            (words, _confidence(raw), turn, took)), False


# --- the document ----------------------------------------------------------------------------------------

def ocr_document(doc: pymupdf.Document, pages: list[PageText], mode: str = "auto",
                 min_confidence: float = MIN_CONFIDENCE, dpi: int = MAX_DPI,
                 cache: Path | None = None) -> tuple[list[PageText], OcrResult]:
    """Read the pages that need it. Returns the pages with their words merged in (a new list; the given
    pages are not changed) and what was read. With a `cache` folder, readings are kept there and reused
    (see the module docstring)."""
    if mode not in OCR_MODES:
        raise ValueError(f"ocr mode must be one of {OCR_MODES}, not {mode!r}")
    pages = list(pages)
    why = {p.number: reason for p in pages if (reason := _why_read(doc[p.number], p)) is not None}  # before merging OCR text
    wanted = [p.number for p in pages] if mode == "always" else sorted(why)
    if not wanted:
        return pages, OcrResult(mode)
    if mode == "never":
        return pages, OcrResult(mode, unreviewed=[
            Unreviewed(n, f"{reason} and OCR is off (--ocr never)") for n, reason in sorted(why.items())])
    problem = tesseract_problem()
    if problem:
        return pages, OcrResult(mode, unreviewed=[
            Unreviewed(n, f"{reason} and cannot be read: {problem}") for n, reason in sorted(why.items())])
    read: dict[int, OcrPage] = {}
    unreviewed: list[Unreviewed] = []
    needed = set(why)
    for n in wanted:
        try:
            reading, reused = _reading(doc[n], dpi, min_confidence, True, cache)
            words, confidence, rotation, seconds, unread = reading
        except Exception as exc:  # Tesseract crashed or timed out on this page: the page is unread
            if n in needed:
                unreviewed.append(Unreviewed(n, f"OCR failed: {type(exc).__name__}: {exc}"))
            continue
        merged, word_of_glyph = page_text_with_ocr(pages[n], [(w.text, w.rect, w.line) for w in words])
        pages[n] = merged
        read[n] = OcrPage(n, words, round(confidence, 1), rotation, seconds, min(dpi, MAX_DPI),
                    reused, word_of_glyph)
        if n in needed and confidence < min_confidence:
            unreviewed.append(Unreviewed(
                n, f"OCR confidence {confidence:.0f} is below {min_confidence:.0f}: text may have been misread"))
        elif n in needed and unread is None:
            unreviewed.append(Unreviewed(n, "could not check the page for text the OCR skipped (timed out)"))
        elif n in needed and unread:
            shown = ", ".join(repr(t) for t in unread[:3])
            unreviewed.append(Unreviewed(
                n, f"part of the page's text was not read ({len(unread)} mark(s) such as {shown}): check it by eye"))
    return pages, OcrResult(mode, read, unreviewed)


def pad_pieces(decisions: list[Decision], result: OcrResult | None) -> list[Decision]:
    """The decisions with the boxes of every piece made of OCR words widened by PAD of the page's text
    height on each side (glyph boxes stay tight, so word gaps still read as spaces in the decision text).
    The page's median, not the box's own height: on a skewed scan a long word's box is already taller than
    its text. New decisions; the ones given are not changed."""
    if result is None:
        return list(decisions)
    out = []
    for d in decisions:
        ocr_page = result.pages.get(d.page)
        if ocr_page is not None:
            d = replace(d, pieces=[_padded(piece, ocr_page) for piece in d.pieces])
        out.append(d)
    return out


def _padded(piece: LinePiece, ocr_page: OcrPage) -> LinePiece:
    if not any(g in ocr_page.word_of_glyph for g in piece.glyphs):
        return piece
    visual = pymupdf.Rect(piece.visual)
    pad = PAD * (ocr_page.text_height or min(visual.width, visual.height))
    padded = visual + (-pad, -pad, pad, pad)
    return LinePiece(piece.line, padded, padded, piece.glyphs)


# --- after redaction: the invisible text layer --------------------------------------------------------------

def _layer_text(text: str) -> str:
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:  # base-14 fonts are WinAnsi
        return "".join(c if c.encode("cp1252", "ignore") else "?" for c in text)


def remaining_words(page: OcrPage, redacted: list[pymupdf.Rect], glyphs: set[int]) -> list[OcrWord]:
    """Words not withheld: no glyph of theirs in a decision, and not touched by a redaction box."""
    gone = {page.word_of_glyph[g] for g in glyphs if g in page.word_of_glyph}
    keep = []
    for i, w in enumerate(page.words):
        r = pymupdf.Rect(w.rect)
        if i in gone or any(abs(r & box) > 0.1 * abs(r) for box in redacted):
            continue
        keep.append(w)
    return keep


def write_text_layer(page: pymupdf.Page, words: list[OcrWord]) -> int:
    """Write `words` as invisible text (render mode 3) over their boxes, upright as the reader sees them:
    one string per run of a line's words (split where a redacted word left a gap), at one size and on one
    baseline, fitted to the run's length, so that copy and paste or pdftotext read a line as a line (one
    insert per word gave each word a size and baseline of its own: one word per line, out of order)."""
    written = 0
    for run in _runs(page, words):
        text = " ".join(_layer_text(w.text) for _v, w in run)
        angle = run[0][1].angle
        visible = pymupdf.Rect(run[0][0])
        for v, _w in run[1:]:
            visible |= v
        length = visible.width if angle % 180 == 0 else visible.height
        thick = statistics.median(v.height if angle % 180 == 0 else v.width for v, _w in run)
        unit = pymupdf.get_text_length(text, fontname="helv", fontsize=1)
        if unit <= 0 or length <= 0:
            continue
        size = max(1.0, min(length / unit, thick * 0.9))
        descent = 0.2 * thick
        origin = {
            0: (visible.x0, visible.y1 - descent),
            90: (visible.x1 - descent, visible.y1),
            180: (visible.x1, visible.y0 + descent),
            270: (visible.x0 + descent, visible.y0),
        }[angle]
        point = pymupdf.Point(origin) * page.derotation_matrix if page.rotation else pymupdf.Point(origin)
        page.insert_text(point, text, fontname="helv", fontsize=size, render_mode=3,
                         rotate=(page.rotation + angle) % 360)
        written += len(run)
    return written


def _runs(page: pymupdf.Page, words: list[OcrWord]) -> list[list[tuple[pymupdf.Rect, OcrWord]]]:
    """The words (in reading order) in runs of one OCR line and direction, with their boxes as the reader
    sees the page; a run ends where the gap to the next word is over twice the line's height (a word
    withheld there, or a column gap)."""
    runs: list[list[tuple[pymupdf.Rect, OcrWord]]] = []
    for w in words:
        visible = pymupdf.Rect(w.rect) * page.rotation_matrix if page.rotation else pymupdf.Rect(w.rect)
        if runs:
            last_v, last = runs[-1][-1]
            thick = last_v.height if last.angle % 180 == 0 else last_v.width
            gap = {0: visible.x0 - last_v.x1, 180: last_v.x0 - visible.x1,
                   90: last_v.y0 - visible.y1, 270: visible.y0 - last_v.y1}[w.angle]
            if w.line == last.line and w.angle == last.angle and -thick < gap <= 2 * thick:
                runs[-1].append((visible, w))
                continue
        runs.append([(visible, w)])
    return runs


def add_text_layers(doc: pymupdf.Document, result: OcrResult | None, decisions: list[Decision]) -> set[int]:
    """After redaction: the remaining OCR words of every read page as an invisible layer. Returns the
    0-based numbers of the pages that got one (verification checks those layers like any text)."""
    if result is None:
        return set()
    by_page: dict[int, list] = {}
    for d in decisions:
        by_page.setdefault(d.page, []).append(d)
    done = set()
    for n, ocr_page in result.pages.items():
        ds = by_page.get(n, [])
        rects = [pymupdf.Rect(p.visual) for d in ds for p in d.pieces]
        glyphs = {g for d in ds for p in d.pieces for g in p.glyphs}
        if write_text_layer(doc[n], remaining_words(ocr_page, rects, glyphs)):
            done.add(n)
    return done

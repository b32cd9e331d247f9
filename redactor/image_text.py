"""Text in the images of born-digital pages (issue 22): a screenshot of a phishing email, a photographed
letter, a pasted table, a logo with an address. `--ocr auto` reads a whole page with OCR only when it looks
scanned (ocr.needs_ocr); every other image above a small size is read here.

What is read: every image MuPDF draws on the page (page.get_image_info: image XObjects, inline BI/ID/EI
images, images inside form XObjects and tiling patterns), on its OWN pixels at its own resolution (what a
requester who extracts the image gets, whatever size it is shown at), upscaled x2 when small (Tesseract
reads screen text of 11-15 px much better at twice the size), and read again turned when the first
reading is poor (text sideways or upside down inside the image). A cheap test first (share of sharp
horizontal contrast steps, 0.1-10 ms an image: text is made of them; blank images and smooth photographs
have none) decides whether Tesseract is asked at all.

Where: each word's pixel box is mapped through the image's placement matrix onto the page (unrotated
page space, as extract's glyph boxes), merged into the page text like a scanned page's words
(extract.page_text_with_ocr), detected and decided like any text, and removed from the image's pixels
by redact.py (apply_redactions with PDF_REDACT_IMAGE_PIXELS under each box, the box labelled). Every
placement of an image is read (the same image XObject on three pages gets a box on each: MuPDF rewrites
the image per page, so a box on one page leaves the others' copy intact) and `spread_over_copies` makes
sure a word withheld in one placement is withheld in all.

Read once: readings are kept per document by MuPDF's image digest (the logo on every page is read once)
and, with a cache folder (RunOptions.ocr_cache), under the SHA-256 of the exact pixels and settings (as
ocr.py does for pages).

Never silent: with `--ocr never`, or Tesseract missing, a page with an image that looks like it holds text
is listed unreviewed with a reason naming the image (xref, or 'an inline image'); so is one whose text was
read with low confidence, and one drawn by a tiling pattern (MuPDF's redaction does not reach a pattern's
pixels, so its text could be read but not removed); `--strict` refuses them.

Images without text are looked at once more (`kind_of`): a signature (thin dark strokes on a light
background, wider than tall, in a signature block: near "Yours sincerely/faithfully", "Signed",
"Signature", "Kind regards", or above the name that ends a letter) or a photograph (continuous tone: every
photograph is flagged, as it may show a person; OpenCV's Haar face cascade was measured and not taken:
opencv-python-headless 5.0 is 153 MB installed, imports in 0.25 s and no longer ships the cascade) is
flagged: proposed for a reviewer by `analyze` (proposals' flagged_images), a warning and a report entry
(`images`, kind signature/photo) in `redact`. Only text is withheld automatically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pymupdf

from redactor import ocr
from redactor.extract import page_text_with_ocr
from redactor.image_kinds import cue_near, kind_of
from redactor.model import Decision, ImageRead, Leak, OcrPage, OcrResult, OcrWord, Unreviewed, VerifyResult
from redactor.page import LinePiece, PageText
from redactor.pdf.files import write_json_atomic

if TYPE_CHECKING:  # PIL and numpy are imported when an image is read
    from PIL.Image import Image

MIN_SIDE = 12  # px: an image whose shorter side is under this holds no readable line of text
MIN_PIXELS = 2000  # px: nor one smaller than this (a 200 x 10 strip)
UPSCALE_BELOW = 2_000_000  # px: images smaller than this are read at twice their size
MAX_PIXELS = 25_000_000  # px: larger images are read at a reduced size (memory, time)
EDGE_STEP = 64  # grey levels: a step this sharp between neighbouring pixels is a stroke edge
TEXT_EDGE_SHARE = 0.004  # share of such steps from which an image may hold text (a screenshot: ~8 %)
WORD_MIN_CONFIDENCE = 50.0  # a word this sure, with 2+ letters or digits, makes the image 'text' (_has_text)
CACHE_FORMAT = 2  # of cached image readings; bump when the recipe changes


@dataclass(frozen=True, slots=True)
class Placement:
    """One image drawn on one page."""

    page: int  # 0-based
    number: int  # its order among the page's images
    xref: int  # the image XObject; 0 for an inline image
    digest: str  # MuPDF's hash of the image (the same image placed twice has the same digest)
    width: int  # px
    height: int
    bbox: tuple[float, float, float, float]  # unrotated page space
    matrix: tuple[float, ...]  # image unit square (y down) -> unrotated page space
    angle: int  # direction of the image's rows on the visible page (0, 90, 180, 270 counter-clockwise)
    pattern: bool = False  # drawn by a tiling pattern: MuPDF's redaction does not reach its pixels

    @property
    def name(self) -> str:
        where = ", ".join(f"{v:.0f}" for v in self.bbox)
        what = (f"image xref {self.xref}" if self.xref else
                "an image in a tiling pattern" if self.pattern else "an inline image")
        return what + f" ({self.width}x{self.height} px at {where})"


def _inline_images_possible(page: pymupdf.Page) -> bool:
    """Whether the page's content or one of its forms has a BI operator: an image MuPDF reports without
    an xref is then (taken to be) inline; otherwise it comes from a tiling pattern."""
    doc = page.parent
    streams = [page.read_contents()]
    with contextlib.suppress(Exception):
        streams += [doc.xref_stream(x[0]) or b"" for x in page.get_xobjects()]
    return any(b"BI" in s and ocr.INLINE_IMAGE.search(s) for s in streams)


def placements(page: pymupdf.Page) -> list[Placement]:
    """The images on the page large enough to hold text (MIN_SIDE, MIN_PIXELS)."""
    if not ocr.has_images(page):
        return []
    out = []
    inline: bool | None = None
    for number, info in enumerate(page.get_image_info(hashes=True, xrefs=True)):
        w, h = int(info["width"]), int(info["height"])
        if min(w, h) < MIN_SIDE or w * h < MIN_PIXELS:
            continue
        # MuPDF gives the placement in unrotated page space (the space of extract's glyph boxes and of the
        # redaction boxes), /Rotate or not; the reading direction (for the text layer) is on the visible page
        m = pymupdf.Matrix(info["transform"])
        a, b = m.a, m.b  # the image's x axis (y down)
        unrotated = (0 if a > 0 else 180) if abs(a) >= abs(b) else (270 if b > 0 else 90)
        angle = (unrotated - page.rotation) % 360
        bbox = pymupdf.Rect(0, 0, 1, 1) * m  # corners: also right for a turned or skewed placement
        xref = int(info.get("xref") or 0)
        if not xref and inline is None:
            inline = _inline_images_possible(page)
        out.append(Placement(page.number, number, xref, info["digest"].hex(), w, h,
                             tuple(bbox), tuple(m), angle, pattern=not xref and not inline))
    return out


# --- pixels ------------------------------------------------------------------------------------------------

def _gray(pix: pymupdf.Pixmap) -> Image:
    """A pixmap as 8-bit grey, transparent parts on white (a screenshot PNG with alpha)."""
    import numpy as np  # with PIL: imported when an image is read
    from PIL import Image

    if pix.colorspace is None:  # a stencil mask (/ImageMask): its samples say where paint goes
        alpha = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
        return Image.fromarray(255 - alpha)
    if pix.colorspace.n != 1:  # RGB, CMYK, Lab, ... (an alpha channel is kept)
        pix = pymupdf.Pixmap(pymupdf.csGRAY, pix)
    samples = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)
    grey = samples[:, :, 0].astype(np.float32)
    if pix.alpha:
        a = samples[:, :, 1].astype(np.float32) / 255
        grey = grey * a + 255 * (1 - a)
    return Image.fromarray(grey.astype(np.uint8))


def _with_mask(doc: pymupdf.Document, xref: int) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(doc, xref)
    kind, value = doc.xref_get_key(xref, "SMask")
    if kind == "xref" and not pix.alpha:
        with contextlib.suppress(Exception):  # a mask MuPDF cannot combine: read the image as it is
            mask = pymupdf.Pixmap(doc, int(value.split()[0]))
            if (mask.width, mask.height) == (pix.width, pix.height):
                base = pix if pix.colorspace is not None and pix.colorspace.n <= 3 else pymupdf.Pixmap(pymupdf.csRGB, pix)
                pix = pymupdf.Pixmap(base, mask)
    return pix


def _inline_pixels(page: pymupdf.Page, p: Placement) -> pymupdf.Pixmap | None:
    """An inline image's pixels: MuPDF's text extraction hands out images it meets, inline ones too."""
    shown = pymupdf.Rect(p.bbox) * page.rotation_matrix if page.rotation else pymupdf.Rect(p.bbox)
    best = None
    for block in page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_IMAGES, clip=shown + (-1, -1, 1, 1))["blocks"]:
        if block.get("type") != 1 or (block["width"], block["height"]) != (p.width, p.height):
            continue
        gap = sum(abs(u - v) for u, v in zip(block["bbox"], shown, strict=True))
        if best is None or gap < best[0]:
            best = (gap, block["image"])
    return None if best is None else pymupdf.Pixmap(best[1])


def image_pixels(page: pymupdf.Page, p: Placement) -> Image | None:
    """The image's own pixels in grey, or None if MuPDF cannot decode them."""
    try:
        pix = _with_mask(page.parent, p.xref) if p.xref else _inline_pixels(page, p)
        return None if pix is None else _gray(pix)
    except Exception:  # a damaged image: the caller lists the page
        return None


def looks_textual(img: Image) -> bool:
    """The fast test: does the image have enough sharp steps between neighbouring pixels to hold text?
    Measured (tests/images): a screenshot ~8 % of its pixels, a signature ~2 %, a flat logo ~1 % (read,
    nothing found: a wasted 0.3 s once per image), a smooth photograph or blank image 0 %. Recall over
    speed: a textured photograph passes and is read; a missed word would be a leak."""
    import numpy as np

    a = np.asarray(img, dtype=np.int16)
    if a.size == 0 or int(a.max()) - int(a.min()) < EDGE_STEP:
        return False
    steps = np.abs(np.diff(a, axis=1)) >= EDGE_STEP
    return float(steps.mean()) >= TEXT_EDGE_SHARE


# --- reading -----------------------------------------------------------------------------------------------

def _key(img: Image, scale: float, min_confidence: float) -> str:
    h = hashlib.sha256(json.dumps([CACHE_FORMAT, "image", ocr._engine_version(ocr.TESSERACT), ocr.LANGUAGE,
                                   ocr.MIN_WORD_CONFIDENCE, ocr.UNREAD_MIN_CONFIDENCE, ocr.UNREAD_MIN_CHARS,
                                   WORD_MIN_CONFIDENCE, img.size, scale, min_confidence]).encode())
    h.update(img.tobytes())
    return h.hexdigest()


class Reading(NamedTuple):
    words: list[ocr.RawWord]  # boxes in the image's own pixels
    reused: bool  # from the cache folder
    turn: int  # counter-clockwise turn (0, 90, 180, 270) that made the image's text upright


def read_image(img: Image, cache: Path | None = None, min_confidence: float = ocr.MIN_CONFIDENCE) -> Reading:
    """Tesseract's words in the image's pixel space. Text read with confidence under `min_confidence` is read
    again turned (Tesseract's orientation guess first, then 180, 90, 270; the best reading wins): a
    screenshot or photographed letter placed sideways reads as nonsense otherwise."""
    from PIL import Image as PILImage

    pixels = img.width * img.height
    scale = 2.0 if pixels < UPSCALE_BELOW else (MAX_PIXELS / pixels) ** 0.5 if pixels > MAX_PIXELS else 1.0
    kept_at = None if cache is None else cache / _key(img, scale, min_confidence)
    if kept_at is not None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(kept_at.read_text(encoding="utf-8"))
            return Reading([(str(t), float(c), tuple(float(v) for v in box), tuple(int(k) for k in key))
                            for t, c, box, key in data["words"]], True, int(data["turn"]))
    big = img if scale == 1.0 else img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))),
                                              PILImage.LANCZOS)
    best, turn = ocr._read(big), 0
    if _has_text(best) and ocr._confidence(best) < min_confidence:
        guess = ocr._orientation(big)
        tried = {0}
        for rotation in ([guess] if guess else []) + [180, 90, 270]:
            if rotation in tried:
                continue
            tried.add(rotation)
            words = ocr._read(big.rotate(rotation, expand=True))
            if ocr._confidence(words) * len(words) > ocr._confidence(best) * len(best):
                best, turn = words, rotation
            if ocr._confidence(best) >= min_confidence:
                break
    rotation = turn
    long = [w for w in best if len(w[0]) > 2]
    if not turn and sum(w[2][3] - w[2][1] > w[2][2] - w[2][0] for w in long) > len(long) / 2:
        # Tesseract read text turned 90 degrees as it is (ocr._reading does the same): only the direction
        # of the words (for the invisible text layer) is left to find out
        guess = ocr._orientation(big)
        turn = guess if guess in (90, 270) else 90
    raw = [(t, c, tuple(v / scale for v in ocr._unrotate_box(box, rotation, big.size)), key)
           for t, c, box, key in best]
    if kept_at is not None:
        with contextlib.suppress(OSError):
            write_json_atomic(kept_at, {"words": [[t, c, list(box), list(key)] for t, c, box, key in raw],
                                        "turn": turn})
    return Reading(raw, False, turn)


def _on_page(raw: list[ocr.RawWord], p: Placement, first_line: int, turn: int = 0) -> list[OcrWord]:
    """Pixel boxes -> page boxes through the placement matrix (the bounding box of the turned corners);
    `turn`: the reading's (Reading.turn), for the words' direction on the page."""
    m = pymupdf.Matrix(p.matrix)
    lines: dict[tuple[int, int, int], int] = {}
    words = []
    for text, conf, (x0, y0, x1, y1), key in raw:
        quad = pymupdf.Rect(x0 / p.width, y0 / p.height, x1 / p.width, y1 / p.height).quad * m
        line = first_line + lines.setdefault(key, len(lines))
        words.append(OcrWord(text, tuple(quad.rect), conf, line, (p.angle + 360 - turn) % 360))
    return words


def _has_text(raw: list[ocr.RawWord]) -> bool:
    """Whether Tesseract's words say the image holds text: one fairly sure word of 2+ letters or digits, or
    a less sure one of 3+ (as ocr.unread_marks counts marks); then all its words are kept (a badly read
    screenshot is detected on what was read and listed unreviewed for its confidence, never dropped)."""
    return any((w[1] >= WORD_MIN_CONFIDENCE and sum(c.isalnum() for c in w[0]) >= 2) or
               (w[1] >= ocr.UNREAD_MIN_CONFIDENCE and sum(c.isalnum() for c in w[0]) >= ocr.UNREAD_MIN_CHARS)
               for w in raw)


# --- the document --------------------------------------------------------------------------------------------

def _skip_layered(p: Placement, text: PageText) -> bool:
    """A searchable scan's image: its own invisible text layer lies over it (the layer is the text)."""
    r = pymupdf.Rect(p.bbox)
    invisible = {k for k, style in enumerate(text.styles) if style[3] == 0}
    if not invisible:
        return False
    over = 0
    for g in range(len(text.glyphs)):
        glyph = text.glyphs[g]
        if glyph.style in invisible and not glyph.char.isspace():
            x0, y0, x1, y1 = glyph.bbox
            if r.contains(pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2)):
                over += 1
                if over > ocr.MAX_CHARS_OVER_IMAGES:
                    return True
    return False


def read_images(doc: pymupdf.Document, pages: list[PageText], result: OcrResult, cache: Path | None = None,
                min_confidence: float = ocr.MIN_CONFIDENCE) -> tuple[list[PageText], OcrResult]:
    """Read the images of every page OCR did not read whole. Returns the pages with the image words merged
    in (a new list) and `result` with their OcrPages, the images looked at (ImageRead) and the pages that
    could not be checked (Unreviewed, naming the image)."""
    done = set(result.pages) | {u.page for u in result.unreviewed}
    pages = list(pages)
    read_pages: dict[int, OcrPage] = {}
    images: list[ImageRead] = []
    unreviewed: list[Unreviewed] = []
    problem = "OCR is off (--ocr never)" if result.mode == "never" else None
    # digest -> (words, reused, confidence, signature/photo flag, turn)
    readings: dict[str, tuple[list[ocr.RawWord], bool, float, tuple[str, str] | None, int]] = {}
    for page in doc:
        n = page.number
        if n in done or n >= len(pages):
            continue
        found = [p for p in placements(page) if not _skip_layered(p, pages[n])]
        if not found:
            continue
        if problem is None and result.mode != "never":
            problem = ocr.tesseract_problem() or ""
        words: list[OcrWord] = []
        seconds, reused_all = 0.0, True
        listed: set[str] = set()  # images listed unreviewed on this page (a pattern's tiles: once)
        for p in found:
            t0 = time.monotonic()
            if p.digest in listed:
                continue
            if p.pattern:  # its text could be read, but not removed (MuPDF's redaction skips patterns)
                img = image_pixels(page, p)
                if img is None or looks_textual(img):
                    unreviewed.append(Unreviewed(n, f"{p.name} may hold text, and the pixels of a pattern "
                                                    "cannot be redacted: check it by eye"))
                    listed.add(p.digest)
                continue
            reading = readings.get(p.digest)
            if reading is None:
                img = image_pixels(page, p)
                if img is None:
                    unreviewed.append(Unreviewed(n, f"{p.name} could not be decoded to check it for text"))
                    listed.add(p.digest)
                    continue
                if not looks_textual(img):
                    reading = ([], False, 0.0, kind_of(img, pages[n], pymupdf.Rect(p.bbox)), 0)
                elif problem:
                    unreviewed.append(Unreviewed(n, f"{p.name} may hold text and was not read: {problem}"))
                    listed.add(p.digest)
                    continue
                else:
                    try:
                        raw, reused, turn = read_image(img, cache, min_confidence)
                    except Exception as exc:  # Tesseract crashed or timed out on it
                        unreviewed.append(Unreviewed(n, f"OCR of {p.name} failed: {type(exc).__name__}: {exc}"))
                        listed.add(p.digest)
                        continue
                    texty = _has_text(raw)
                    flag = None if texty else kind_of(img, pages[n], pymupdf.Rect(p.bbox))
                    reading = (raw if texty else [], reused, ocr._confidence(raw) if texty else 0.0, flag, turn)
                readings[p.digest] = reading
            else:
                reading = (reading[0], True, *reading[2:])
            raw, reused, confidence, flag, turn = reading
            if flag is not None and flag[0] == "signature" and not cue_near(pages[n], pymupdf.Rect(p.bbox)):
                flag = None  # the same image elsewhere, not in a signature block
            start = len(words)
            words += _on_page(raw, p, max((w.line for w in words), default=-1) + 1, turn)
            images.append(ImageRead(n, p.xref, tuple(round(v, 2) for v in p.bbox), p.digest,
                                    "text" if raw else (flag[0] if flag else "no-text"),
                                    tuple(range(start, len(words))), round(confidence, 1), reused,
                                    flag[1] if flag else ""))
            reused_all = reused_all and reused
            seconds += time.monotonic() - t0
            if raw and confidence < min_confidence and p.digest not in listed:
                listed.add(p.digest)
                unreviewed.append(Unreviewed(n, f"text in {p.name} read with confidence {confidence:.0f}, below "
                                                f"{min_confidence:.0f}: it may have been misread"))
        if words:
            merged, word_of_glyph = page_text_with_ocr(pages[n], [(w.text, w.rect, w.line) for w in words])
            pages[n] = merged
            dpi = max(1, round(72 * max(p.width / max(pymupdf.Rect(p.bbox).width, 1) for p in found)))
            read_pages[n] = OcrPage(n, words, round(ocr._confidence([(w.text, w.confidence) for w in words]), 1),
                                    0, seconds, dpi, reused_all, word_of_glyph)
    return pages, replace(result, pages={**result.pages, **read_pages},
                          unreviewed=[*result.unreviewed, *unreviewed], images=[*result.images, *images])


def spread_over_copies(decisions: list[Decision], result: OcrResult | None,
                       pages: list[PageText]) -> list[Decision]:
    """A word withheld in one placement of an image is withheld in every placement of that image (the
    detector may see a name on one page and miss it on another: the pixels are the same). Returns the
    decisions with a copy added for each placement that lacked it (new list)."""
    if result is None or not result.images:
        return list(decisions)
    by_digest: dict[str, list[ImageRead]] = {}
    for im in result.images:
        if im.words:
            by_digest.setdefault(im.digest, []).append(im)
    out = list(decisions)
    for copies in by_digest.values():
        if len(copies) < 2:
            continue
        # the word positions (within the image's reading) withheld anywhere, with the decision that did it
        withheld: dict[int, Decision] = {}
        covered: dict[int, set[int]] = {}  # id(ImageRead) -> positions covered on its page
        for im in copies:
            page = result.pages[im.page]
            positions = {w: k for k, w in enumerate(im.words)}
            mine = covered.setdefault(id(im), set())
            for d in decisions:
                if d.page != im.page:
                    continue
                for piece in d.pieces:
                    for g in piece.glyphs:
                        k = positions.get(page.word_of_glyph.get(g, -1))
                        if k is not None:
                            mine.add(k)
                            withheld.setdefault(k, d)
        for im in copies:
            missing = sorted(set(withheld) - covered[id(im)])
            if not missing:
                continue
            page = result.pages[im.page]
            glyphs_of: dict[int, list[int]] = {}
            for g, w in page.word_of_glyph.items():
                glyphs_of.setdefault(w, []).append(g)
            for k in missing:
                word_index = im.words[k]
                word = page.words[word_index]
                glyphs = tuple(sorted(glyphs_of.get(word_index, ())))
                if not glyphs:
                    continue
                text = pages[im.page]
                wanted = set(glyphs)
                chars = [i for i, refs in enumerate(text.char_glyphs) if refs and refs[0] in wanted]
                if not chars:
                    continue
                source = withheld[k]
                rect = word.rect
                line = text.glyphs[glyphs[0]].line
                out.append(replace(source, id=f"{source.id}-copy-p{im.page + 1}-{k + 1}", page=im.page,
                                   start=chars[0], end=chars[-1] + 1, text=text.text[chars[0]:chars[-1] + 1],
                                   pieces=(LinePiece(line, pymupdf.Rect(rect), pymupdf.Rect(rect), glyphs),)))
    return out


# --- what the report says ----------------------------------------------------------------------------------

def image_text_entries(decisions: list[Decision], result: OcrResult | None) -> list[dict]:
    """One report entry per withheld word read in an image: page, image xref (0: inline), the box drawn
    (page space) and where the image is, with the decision that withheld it."""
    if result is None or not result.images:
        return []
    image_of: dict[tuple[int, int], ImageRead] = {}  # (page, word index) -> image
    for im in result.images:
        for w in im.words:
            image_of[im.page, w] = im
    out = []
    for d in decisions:
        page = result.pages.get(d.page)
        if page is None:
            continue
        seen: set[int] = set()
        for piece in d.pieces:
            for g in piece.glyphs:
                w = page.word_of_glyph.get(g)
                im = image_of.get((d.page, w)) if w is not None else None
                if im is None or w in seen:
                    continue
                seen.add(w)
                out.append({"redaction_id": d.id, "page": d.page + 1, "xref": im.xref,
                            "box": [round(v, 2) for v in page.words[w].rect],
                            "image_box": list(im.bbox), "text": page.words[w].text, "entity_type": d.entity_type})
    return out


def image_entries(result: OcrResult | None) -> list[dict]:
    """Every image looked at: page, xref, where, what it is (text / no-text / signature / photo)."""
    if result is None:
        return []
    out = []
    for im in result.images:
        entry = {"page": im.page + 1, "xref": im.xref, "box": list(im.bbox), "kind": im.kind,
                 "words": len(im.words), "confidence": im.confidence, "reused": im.reused}
        if im.reason:
            entry["reason"] = im.reason
        out.append(entry)
    return out


def flagged_warnings(result: OcrResult | None) -> list[str]:
    """One line per image that looks like a signature or a photograph: never withheld automatically (only
    text is), never silent either."""
    if result is None:
        return []
    lines = []
    for im in result.images:
        if im.kind in ("signature", "photo"):
            what = f"image xref {im.xref}" if im.xref else "an inline image"
            box = ", ".join(f"{v:.0f}" for v in im.bbox)
            lines.append(f"page {im.page + 1}: {what} at ({box}) looks like a {im.kind} ({im.reason}): "
                         "not withheld automatically; check it, and withhold it with a box if it identifies a person")
    return lines


def flagged_entries(result: OcrResult | None) -> list[dict]:
    """The signature- and photograph-like images, for `analyze`'s proposals: each is proposed for a
    reviewer's decision (withheld by drawing a box over it on the review page), never withheld unasked."""
    return [{**e, "action": "proposed: draw a box over the image to withhold it"}
            for e in image_entries(result) if e["kind"] in ("signature", "photo")]


# --- after the release is saved ---------------------------------------------------------------------------------

PIXELS_CHANNEL = "image-pixels"


def _withheld_images(decisions: list[Decision], result: OcrResult) -> dict[int, dict[str, str]]:
    """page -> {digest of an image that had words withheld on that page: the first such decision's id}."""
    image_of = {(im.page, w): im for im in result.images for w in im.words}
    out: dict[int, dict[str, str]] = {}
    for d in decisions:
        page = result.pages.get(d.page)
        if page is None:
            continue
        for piece in d.pieces:
            for g in piece.glyphs:
                im = image_of.get((d.page, page.word_of_glyph.get(g, -1)))
                if im is not None:
                    out.setdefault(d.page, {}).setdefault(im.digest, d.id)
    return out


def check_pixels(released: Path, result: OcrResult | None, decisions: list[Decision],
                 verification: VerifyResult) -> VerifyResult:
    """Verification's image check: a page on which words of an image were withheld must not draw that image
    unchanged (its MuPDF digest): else the pixel removal did not happen (an image MuPDF's redaction skipped).
    The text checks cannot see this: the words were never text. Returns `verification` with a leak per such
    image, and the channel listed when there was anything to check."""
    if result is None or not result.images:
        return verification
    pages = _withheld_images(decisions, result)
    if not pages:
        return verification
    leaks = []
    with pymupdf.open(released) as doc:
        for n, withheld in sorted(pages.items()):
            shown = {info["digest"].hex() for info in doc[n].get_image_info(hashes=True)}
            for digest, decision in sorted(withheld.items()):
                if digest in shown:
                    leaks.append(Leak(PIXELS_CHANNEL, decision, n + 1, f"page {n + 1}: image {digest[:12]}, whose "
                                      "words were withheld, is still drawn unchanged (its pixels were not redacted)"))
    return replace(verification, leaks=[*verification.leaks, *leaks],
                   channels=(*verification.channels, PIXELS_CHANNEL))

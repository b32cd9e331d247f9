"""Images -> PDF pages: one page per frame (every page of a TIFF, every frame of a GIF, every image of a
HEIC), sized to the image's own resolution, the pixels placed as they are (a JPEG stays a JPEG), so that
the pipeline's OCR (`--ocr auto`) reads them as scanned pages. A phone photo's EXIF orientation is applied
first."""

from __future__ import annotations

import functools
import io

import pymupdf
from PIL import Image, ImageOps, UnidentifiedImageError

from redactor.errors import LimitExceeded
from redactor.office.common import ConversionFailed, one_line

MIN_DPI, MAX_DPI, ASSUMED_DPI = 50, 2400, 96
ORIENTATION = 0x0112  # the EXIF tag
MAX_SIDE = 16.54 * 72  # an image page's longest side at most A3's, so OCR at 300 dpi stays affordable


def _page_size(size: tuple[int, int], dpi) -> tuple[float, float, bool]:
    """Page width and height in points for an image of `size` pixels: at its own resolution when it states a
    plausible one, else at 96 dpi; never longer than MAX_SIDE. And whether the stated resolution was used."""
    stated = isinstance(dpi, tuple) and len(dpi) == 2 and all(MIN_DPI <= float(d) <= MAX_DPI for d in dpi)
    xdpi, ydpi = (float(dpi[0]), float(dpi[1])) if stated else (ASSUMED_DPI, ASSUMED_DPI)
    width, height = size[0] * 72 / xdpi, size[1] * 72 / ydpi
    scale = min(1.0, MAX_SIDE / max(width, height))
    return width * scale, height * scale, stated


@functools.cache
def _heif() -> None:
    """Pillow reads HEIC/HEIF (phone photos) once pillow-heif's opener is registered (its wheel carries
    libheif and the HEVC decoder: nothing is fetched)."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


def convert(data: bytes, fmt: str, where) -> tuple[pymupdf.Document, list[str]]:
    """The image as a PDF document of one page per frame, and warnings for the report."""
    if fmt in ("heic", "heif"):
        _heif()
    warnings = []
    doc = pymupdf.open()
    try:
        with Image.open(io.BytesIO(data)) as im:
            frames = getattr(im, "n_frames", 1)
            unstated = 0
            for i in range(frames):
                im.seek(i)
                turned = im.getexif().get(ORIENTATION, 1) not in (0, 1)
                frame = ImageOps.exif_transpose(im) if turned else im  # a phone photo's orientation tag
                width, height, stated = _page_size(frame.size, im.info.get("dpi"))
                unstated += not stated
                if frames == 1 and not turned and fmt in ("png", "jpeg", "tiff", "bmp"):
                    stream = data  # the file itself: a JPEG stays a JPEG
                else:
                    if frame.mode not in ("1", "L", "LA", "RGB", "RGBA", "P"):
                        frame = frame.convert("RGB")
                    buf = io.BytesIO()
                    frame.save(buf, "PNG")
                    stream = buf.getvalue()
                page = doc.new_page(width=width, height=height)
                page.insert_image(page.rect, stream=stream)
    except Image.DecompressionBombError as exc:
        raise LimitExceeded(f"image too large to process safely ({exc})", where) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ConversionFailed(f"cannot read this {fmt} image (damaged, or not a {fmt} file: "
                               f"{one_line(exc)})", where) from None
    except RuntimeError as exc:  # MuPDF could not place the image
        raise ConversionFailed(f"cannot convert this {fmt} image ({one_line(exc)})", where) from None
    if unstated:
        warnings.append(f"{unstated} image page(s) state no usable resolution: sized at {ASSUMED_DPI} dpi "
                        f"(at most A3)")
    warnings.append(f"image input: {doc.page_count} page(s) of pixels, read by OCR (--ocr auto or always)")
    return doc, warnings

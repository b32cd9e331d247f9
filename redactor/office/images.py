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


def convert(data: bytes, fmt: str, where) -> tuple[pymupdf.Document, list[str], dict[str, str]]:
    """The image as a PDF document of one page per frame, warnings for the report, and the image's own
    metadata (camera, date, author, GPS...), which is listed, never carried into the PDF."""
    if fmt in ("heic", "heif"):
        _heif()
    warnings = []
    doc = pymupdf.open()
    try:
        with Image.open(io.BytesIO(data)) as im:
            properties = _metadata(im)
            frames = getattr(im, "n_frames", 1)
            unstated = 0
            for i in range(frames):
                im.seek(i)
                turned = im.getexif().get(ORIENTATION, 1) not in (0, 1)
                frame = ImageOps.exif_transpose(im) if turned else im  # a phone photo's orientation tag
                width, height, stated = _page_size(frame.size, im.info.get("dpi"))
                unstated += not stated
                stream = None
                if frames == 1 and not turned and fmt == "jpeg":
                    stream = strip_jpeg(data)  # the JPEG's own data, without its metadata segments
                elif frames == 1 and not turned and fmt in ("png", "bmp"):
                    stream = data  # MuPDF keeps only the pixels of these
                if stream is None:
                    stream = _pixels(frame, photo=fmt in ("jpeg", "heic", "heif"))
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
    if properties:
        warnings.append(f"image metadata ({', '.join(properties)}) listed in the report, not put in the PDF")
    return doc, warnings, properties


# EXIF tags that say who, when, where and with what (personal data in a phone photo)
EXIF_LABELS = {0x010E: "description", 0x010F: "camera make", 0x0110: "camera model", 0x0131: "software",
               0x0132: "date", 0x013B: "artist", 0x8298: "copyright"}
GPS_IFD = 0x8825


def _metadata(im: Image.Image) -> dict[str, str]:
    found = {}
    exif = im.getexif()
    for tag, label in EXIF_LABELS.items():
        value = " ".join(str(exif.get(tag, "")).replace("\x00", " ").split())
        if value:
            found[label] = value
    if exif.get_ifd(GPS_IFD):
        found["GPS position"] = "present"
    for key, value in (im.info or {}).items():  # PNG text chunks: Author, Comment, Description...
        if isinstance(value, str) and key.lower() not in ("dpi", "icc_profile") and value.strip():
            found[f"text: {key}"] = " ".join(value.split())[:200]
    return found


def strip_jpeg(data: bytes) -> bytes | None:
    """A JPEG without its EXIF, XMP, IPTC and comment segments (APP1, APP3-APP13, APP15, COM), byte for byte
    otherwise: APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) are kept."""
    if data[:2] != b"\xff\xd8":
        return None
    out, i = [data[:2]], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the compressed image follows to the end
            out.append(data[i:])
            return b"".join(out)
        length = int.from_bytes(data[i + 2:i + 4], "big")
        segment = data[i:i + 2 + length]
        if not (0xE1 <= marker <= 0xEF and marker not in (0xE2, 0xEE)) and marker != 0xFE:
            out.append(segment)
        i += 2 + length
    return None  # not a layout this reads: the caller re-encodes the pixels


def _pixels(frame: Image.Image, photo: bool) -> bytes:
    """The frame re-encoded with nothing but its pixels: a photo as JPEG (a PNG of it would be ten times the
    size), anything else as PNG (lossless)."""
    if frame.mode not in ("1", "L", "LA", "RGB", "RGBA", "P"):
        frame = frame.convert("RGB")
    buf = io.BytesIO()
    if photo and frame.mode in ("L", "RGB"):
        frame.save(buf, "JPEG", quality=92)
    else:
        frame.save(buf, "PNG")
    return buf.getvalue()

"""Images without text that a person should judge (issue 22, item 2): signatures and photographs.

Never withheld automatically (only text is): image_text lists them (report `images`, kind signature or
photo, with the reason), `redact` warns, `analyze` proposes them for a reviewer (proposals' flagged_images).

Signature: thin dark strokes on a light background, wider than tall, in a signature block (a cue such as
"Yours sincerely" above it, or the name that ends a letter right under it). Photograph: a continuous-tone
image; every photograph is flagged, as it may show a person. A face detector was measured and not taken:
OpenCV's Haar cascade (opencv-python-headless 4.14: 162 MB installed, 0.42 s to import, ~1 s an 800x600
image here; 5.x no longer ships the cascade), and a frontal-face cascade's miss would release a photograph
of a person silently.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pymupdf
import regex

from redactor.page import PageText

if TYPE_CHECKING:  # PIL and numpy are imported when an image is read
    from PIL.Image import Image

SIGNATURE_CUES = re.compile(r"\b(?:yours\s+(?:sincerely|faithfully|truly)|sincerely|kind\s+regards|best\s+regards|"
                            r"regards|signed|signature|signatory)\b", re.IGNORECASE)
SIGNATURE_REACH = 160.0  # pt: a cue this far above (or beside) the image puts it in a signature block

NAME_LINE = regex.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?\p{Lu}[\p{L}'\-.]+(?:\s+\p{Lu}[\p{L}'\-.]+){1,3}")
NAME_BELOW = 40.0  # pt: a name line starting this close under the image signs it


def cue_near(text: PageText, bbox: pymupdf.Rect) -> str | None:
    """A signature-block cue in the page text above the image (or on its level), within SIGNATURE_REACH,
    or a line that is just a name (2-4 capitalised words, an optional title) right under it, with no
    text after it but a few lines (a name and job title ending a letter)."""
    for m in SIGNATURE_CUES.finditer(text.text):
        refs = text.char_glyphs[m.start()] if m.start() < len(text.char_glyphs) else ()
        if not refs:
            continue
        _x0, y0, _x1, y1 = text.glyphs[refs[0]].bbox
        if bbox.y0 - SIGNATURE_REACH <= y0 <= bbox.y1 + 10:
            return m.group(0)
    offset = 0
    lines = text.text.split("\n")
    for index, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        if index < len(lines) - 4 or not NAME_LINE.fullmatch(line.strip()):
            continue
        refs = text.char_glyphs[start + len(line) - len(line.lstrip())] if start < len(text.char_glyphs) else ()
        if refs and bbox.y1 - 5 <= text.glyphs[refs[0]].bbox[1] <= bbox.y1 + NAME_BELOW:
            return f"the name {line.strip()!r} under it"
    return None


def kind_of(img: Image, text: PageText, bbox: pymupdf.Rect) -> tuple[str, str] | None:
    """('signature'|'photo', why) for an image without text that looks like one, else None.

    Signature: light background (median grey >= 200), dark ink on 0.2-15 % of it, thin strokes (twice the
    ink pixels per ink-edge pixel, about the stroke width, under 4 px or 8 % of the image height: a filled
    logo's shapes are much wider), at least 1.5 times wider than tall, and a cue in the text above it or
    level with it (SIGNATURE_CUES, within SIGNATURE_REACH). Photograph: at least 96 px on each side and 64 distinct grey levels over most of it
    (photographs are continuous-tone; logos, charts and line art are not)."""
    import numpy as np

    a = np.asarray(img, dtype=np.uint8)
    if a.size == 0:
        return None
    h, w = a.shape
    ink = a < 128
    share = float(ink.mean())
    if float(np.median(a)) >= 200 and 0.002 <= share <= 0.15 and w >= 1.5 * h:
        edges = (ink[:, 1:] != ink[:, :-1]).sum() + (ink[1:, :] != ink[:-1, :]).sum()
        thickness = 2 * float(ink.sum()) / max(1, int(edges))
        if thickness < max(4.0, 0.08 * h):  # a pen stroke: a few px on screen, up to ~8 % of the height in a scan
            cue = cue_near(text, bbox)
            if cue is not None:
                return "signature", f"thin dark strokes on a light background near {cue!r}"
    if min(h, w) >= 96:
        levels = np.bincount(a.ravel(), minlength=256)
        common = int((levels > a.size / 2000).sum())
        if common >= 64:
            return "photo", f"a continuous-tone image ({common} grey levels): a photograph may show a person"
    return None

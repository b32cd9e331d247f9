"""What a reader can and cannot see on a page: text that is extractable but invisible (hidden_spans:
invisible render mode, transparent, tiny, off the page, light on light, under an image, or clipped),
text under an opaque dark shape (covered_spans), the page's filled and dark shapes, colour luminance
and contrast, and optional-content layers switched on (layers_on, reveal_layers).

Hardening removes what these find; verification reports it as a leak.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pymupdf

from redactor.model import HiddenSpan

Rect4 = tuple[float, float, float, float]  # (x0, y0, x1, y1) as plain floats


# --- invisible text ------------------------------------------------------------------------------------

def unrotated_rect(page: pymupdf.Page) -> pymupdf.Rect:
    """The page box in the unrotated space of text traces, glyph boxes and image boxes (/Rotate turns
    page.rect, the visible box)."""
    return page.rect * page.derotation_matrix if page.rotation else page.rect


def luminance(color: Iterable[float] | None) -> float:
    c = tuple(color or (0,))
    if len(c) == 1:
        return c[0]
    if len(c) == 4:  # CMYK
        return 1 - min(1.0, 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2] + c[3])
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def _metrics(span: dict) -> dict:
    """The HiddenSpan fields that describe a texttrace span's font and direction."""
    return {"ascender": span.get("ascender", 0.8), "descender": span.get("descender", -0.2),
            "horizontal": tuple(span.get("dir", (1.0, 0.0))) == (1.0, 0.0) and span.get("wmode", 0) == 0}


def hidden_spans(page: pymupdf.Page, trace: list[dict] | None = None,
                 fills: list[tuple[int, Rect4, float]] | None = None, *, quick: bool = False) -> list[HiddenSpan]:
    """Text a requester can extract but not see: invisible render mode (unless over an image, i.e. an
    OCR layer), fully transparent, under 1 pt, outside the page, light text with no dark background,
    and text painted over by a later image.

    `trace` (page.get_texttrace()) and `fills` (filled_rects(page)) may be passed by a caller that has
    already read them for another check (verify_document does): both are slow to read from the page.
    `quick`: see clipped_spans."""
    trace = page.get_texttrace() if trace is None else trace
    log = page.get_bboxlog()
    images = [(i, tuple(r)) for i, (kind, r) in enumerate(log) if kind == "fill-image"]
    # filled_rects is slow: read only if light text needs the background check (unless already known)
    fills_of = functools.cache(lambda: filled_rects(page) if fills is None else fills)
    unrotated = tuple(unrotated_rect(page))
    out = []
    for span in trace:
        reason = _hidden_reason(span, unrotated, images, fills_of)
        if reason is None:
            continue
        # the text only now: one span can be a whole page of text, and nearly all spans are visible
        text = "".join([chr(c[0]) for c in span["chars"]])
        if text.strip():
            out.append(HiddenSpan(reason, text, tuple(pymupdf.Rect(span["bbox"])), tuple(span["chars"]),
                                  span["size"], **_metrics(span)))
    clipped = clipped_spans(page, trace, quick=quick)
    if clipped:
        whole = {_char_key(c) for s in out for c in s.chars}  # hidden already, for another reason
        out += [s for s in clipped if any(_char_key(c) not in whole for c in s.chars)]
    return out


def _hidden_reason(span: dict, unrotated: Rect4, images: list[tuple[int, Rect4]],
                   fills_of: Callable[[], list[tuple[int, Rect4, float]]]) -> str | None:
    """Why this texttrace span cannot be seen, or None (see hidden_spans)."""
    rect = span["bbox"]
    centre = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
    seq = span["seqno"]
    if not intersects(rect, unrotated):  # span boxes are in unrotated space; page.rect is turned by /Rotate
        return "outside the page"
    if span["type"] == 3 and not any(_inside(centre, r) and i < seq for i, r in images):
        return "invisible render mode"
    if span["opacity"] == 0:
        return "fully transparent"
    # render mode 3 here is an OCR layer over an image (above), invisible by design and read like any text;
    # the trace reports its size times its horizontal scaling, and Tesseract squeezes a glyph to its word's
    # width (a 10 pt '|' at 9.6% reads 0.96 pt): only visible text is judged by its size
    if span["size"] < 1 and span["type"] != 3:
        return f"font size {span['size']:.2g} pt"
    if luminance(span["color"]) > 0.9 and not any(
            _inside(centre, r) and lum < 0.75 and s < seq
            for s, r, lum in fills_of()) and not any(
            _inside(centre, r) and i < seq for i, r in images):
        return "light text on a light background"
    if any(_inside(centre, r) and i > seq for i, r in images):
        return "covered by an image"
    return None


# --- clipped text ---------------------------------------------------------------------------------------
# A glyph drawn wholly outside the clipping path in force paints nothing, but pdftotext, copy and paste and
# most parsers ignore clips and read it. MuPDF's TEXT_CLIP leaves out of an extraction every glyph whose box
# does not meet the clip's bounding box (and the page's): a glyph that shows even in part is kept, so text
# inside a page-sized clip, or a letter cut in half by a table cell, is not "clipped". (A clip that is not
# a rectangle is judged by its bounding box: text hidden inside it but within the box is not found here.)

CLIPPED_REASON = "clipped"
_CLIP_FLAGS = pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_CLIP


def _extracted(page: pymupdf.Page, flags: int, clip: pymupdf.Rect | None = None) -> Counter:
    """How many glyphs of each _char_key an extraction with `flags` (and `clip`: default the page) reads."""
    out: Counter = Counter()
    for block in page.get_text("rawdict", flags=flags, clip=clip)["blocks"]:
        for line in block.get("lines", ()):
            for s in line["spans"]:
                for c in s["chars"]:
                    if c["c"]:
                        out[(ord(c["c"][0]), round(c["origin"][0], 1), round(c["origin"][1], 1))] += 1
    return out


def _char_key(char: tuple) -> tuple[int, float, float]:
    return (char[0], round(char[2][0], 1), round(char[2][1], 1))


def clipped_spans(page: pymupdf.Page, trace: list[dict] | None = None, *, quick: bool = False) -> list[HiddenSpan]:
    """Runs of consecutive glyphs drawn outside their clip (section comment), each a HiddenSpan of its own
    glyphs with reason CLIPPED_REASON. Cheap when nothing is clipped (nearly every page): one text
    extraction with the clip applied, whose glyph count matches the trace's; only a page where it does not
    is compared glyph by glyph. `trace`: page.get_texttrace(), if the caller has it.

    `quick`: first try to prove from the page's content that nothing can be clipped (_nothing_clipped), which
    costs a tenth of that extraction. The channel scan and hardening use it; verification never does, so a
    page the proof got wrong is still refused."""
    trace = page.get_texttrace() if trace is None else trace
    total = sum(len(span["chars"]) for span in trace)
    if not total or (quick and _nothing_clipped(page, trace)):
        return []
    # every glyph once (spaces too, none made up for gaps: TEXT_INHIBIT_SPACES) and a newline per line
    shown_text = page.get_text("text", flags=_CLIP_FLAGS | pymupdf.TEXT_INHIBIT_SPACES)
    if len(shown_text) - shown_text.count("\n") >= total:
        return []
    # MuPDF also leaves out of any extraction a glyph drawn again at the same place (overprinted, fake
    # bold): only a glyph it extracts without any clip (the page's either) but not with them is clipped
    shown = _extracted(page, _CLIP_FLAGS)
    drawn = _extracted(page, _CLIP_FLAGS & ~pymupdf.TEXT_CLIP, pymupdf.INFINITE_RECT())
    out = []
    for span in trace:
        run: list[tuple] = []
        for c in [*span["chars"], None]:
            if c is not None:
                key = _char_key(c)
                if shown[key] > 0:
                    shown[key] -= 1
                    drawn[key] -= 1
                elif drawn[key] > 0 and (not chr(c[0]).isspace() or run):
                    drawn[key] -= 1
                    run.append(c)
                    continue
            text = "".join(chr(ch[0]) for ch in run).strip()
            if text:
                box = (min(ch[3][0] for ch in run), min(ch[3][1] for ch in run),
                       max(ch[3][2] for ch in run), max(ch[3][3] for ch in run))
                out.append(HiddenSpan(CLIPPED_REASON, text, box, tuple(run), span["size"], **_metrics(span)))
            run = []
    return out


# Content that can clip text: the clip operators W and W* as tokens, and text render modes 4-7 (the glyphs
# become the clip). Generous on purpose: the same bytes inside a string or a comment only cost the full check.
_CLIP_OPERATOR = re.compile(rb"(?<![A-Za-z0-9#/])W\*?(?![A-Za-z0-9#])")
_TR_OPERATOR = re.compile(rb"(?<![A-Za-z0-9#/])Tr(?![A-Za-z0-9#])")
_PATTERN = re.compile(rb"Pattern|\b(?:scn|SCN)\b")  # a pattern's cells are content of their own
_TR_UNCLIPPED = re.compile(rb"(?<![^\s\[\]()<>{}/%])[0-3]\s+Tr(?![A-Za-z0-9#])")  # modes 0-3 clip nothing


def _nothing_clipped(page: pymupdf.Page, trace: list[dict]) -> bool:
    """True when no glyph of the page can lie outside a clip: it draws no form XObject (a form's /BBox clips
    its content), no Type3 glyph and no pattern; its content sets no clip (no W or W* token) and no clipping
    text mode (every Tr is 0-3); and every glyph of the trace has an area inside the (unrotated) page box,
    which TEXT_CLIP also clips to. False proves nothing: clipped_spans then compares as before."""
    if page.get_xobjects() or any(font[2] == "Type3" for font in page.get_fonts()):
        return False
    content = page.read_contents()
    if (_CLIP_OPERATOR.search(content) or _PATTERN.search(content)
            or len(_TR_OPERATOR.findall(content)) != len(_TR_UNCLIPPED.findall(content))):
        return False
    x0, y0, x1, y1 = tuple(unrotated_rect(page))
    for span in trace:
        b = span["bbox"]
        if not (x0 <= b[0] and y0 <= b[1] and b[2] <= x1 and b[3] <= y1):
            return False
        if not all(c[3][0] < c[3][2] and c[3][1] < c[3][3] for c in span["chars"]):
            return False
    return True


def _finite(r: Rect4) -> bool:
    """Not empty and not MuPDF's infinite rectangle."""
    return r[0] < r[2] and r[1] < r[3] and not (
        r[0] == r[1] == pymupdf.FZ_MIN_INF_RECT and r[2] == r[3] == pymupdf.FZ_MAX_INF_RECT)


def intersects(a: Rect4, b: Rect4) -> bool:
    """pymupdf.Rect(a).intersects(b) on plain tuples, without making Rect objects (this runs per span)."""
    return _finite(a) and _finite(b) and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(point: tuple[float, float], rect: Rect4) -> bool:
    """Point in rectangle, on plain tuples: pymupdf.Rect.contains is slow in the per-glyph loops here."""
    return rect[0] <= point[0] <= rect[2] and rect[1] <= point[1] <= rect[3]


def filled_rects(page: pymupdf.Page, drawings: list[dict] | None = None) -> list[tuple[int, Rect4, float]]:
    """(sequence number, rectangle, fill luminance) of every opaque filled shape. One path may hold many
    rectangles (our own boxes are one path), so rectangles and quads are taken one by one; any other
    path counts by its bounding box only if it is a simple polygon. `drawings`: page.get_drawings(), if
    the caller has read them already."""
    out = []
    for d in page.get_drawings() if drawings is None else drawings:
        if d.get("fill") is None or (d.get("fill_opacity") or 1) <= 0.5:
            continue
        lum = luminance(d["fill"])
        items = d.get("items") or []
        boxes = [pymupdf.Rect(it[1]) if it[0] == "re" else it[1].rect for it in items if it[0] in ("re", "qu")]
        if not boxes and len(items) <= 6:
            boxes = [d["rect"]]
        out += [(d["seqno"], tuple(r), lum) for r in boxes if r.width > 1 and r.height > 1]
    return out


# --- text under a dark shape ("covered, not removed") ---------------------------------------------------
# A glyph is hidden by a dark shape when at least half of its core (the middle of its box: 0.55 em to 0.05 em
# above the baseline, less 10% of its width at each side) lies under opaque dark fills or strokes that are
# painted over it, or under which it is drawn in a colour that cannot be told from theirs. The shape's own
# geometry counts (even-odd and non-zero holes, circles, polygons, stroke widths), not its bounding box,
# so a table rule touching a glyph, a frame around a cell or a label beside a dark disc hides nothing,
# while a box, a marker stroke or a polygon over a word does.

DARK = 0.1  # fill luminance (luminance()) below which a shape hides what is under it: black, near-black
COVERED = 0.5  # fraction of a glyph's core under dark shapes from which the glyph cannot be read
MIN_CONTRAST = 1.5  # WCAG contrast ratio below which text drawn on a shape is lost in it
CORE_BAND = (0.55, 0.05)  # a horizontal glyph's core, in em above the baseline
_GRID_X, _GRID_Y = 8, 6  # sample points across and up a glyph's core (shapes other than rectangles)
_CURVE_STEPS = 8  # straight pieces per Bezier curve


def relative_luminance(color: Iterable[float] | None) -> float:
    """WCAG relative luminance (linear light) of a grey, RGB or CMYK colour."""
    c = tuple(color or (0,))
    if len(c) == 4:  # CMYK, naively
        c = tuple((1 - v) * (1 - c[3]) for v in c[:3])
    elif len(c) != 3:
        c = (c[0],) * 3

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(min(1.0, max(0.0, v))) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Iterable[float] | None, b: Iterable[float] | None) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _winding(points: tuple[tuple[float, float], ...], x: float, y: float) -> int:
    """Winding number of the closed polygon `points` around (x, y)."""
    w = 0
    x0, y0 = points[-1]
    for x1, y1 in points:
        if y0 <= y:
            if y1 > y and (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0) > 0:
                w += 1
        elif y1 <= y and (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0) < 0:
            w -= 1
        x0, y0 = x1, y1
    return w


@dataclass(frozen=True, slots=True)
class _Subpath:
    bbox: Rect4
    points: tuple[tuple[float, float], ...] | None  # None: the whole bbox is inside (a rectangle) ...
    winding: int = 1  # ... with this winding number (+1 or -1, from its drawing direction)

    def winding_at(self, x: float, y: float) -> int:
        if not (self.bbox[0] <= x <= self.bbox[2] and self.bbox[1] <= y <= self.bbox[3]):
            return 0
        return self.winding if self.points is None else _winding(self.points, x, y)


@dataclass(frozen=True, slots=True)
class DarkShape:
    """One opaque dark fill or stroke of the page, with its exact geometry (see the section comment)."""

    seqno: int
    bbox: Rect4
    colour: tuple[float, ...]
    subpaths: tuple[_Subpath, ...]
    rule: str  # "nonzero", "evenodd", or "any" (stroke pieces: inside any of them)

    def covers(self, x: float, y: float) -> bool:
        if not (self.bbox[0] <= x <= self.bbox[2] and self.bbox[1] <= y <= self.bbox[3]):
            return False
        if self.rule == "any":
            return any(sub.winding_at(x, y) for sub in self.subpaths)
        w = sum(sub.winding_at(x, y) for sub in self.subpaths)
        return bool(w % 2) if self.rule == "evenodd" else w != 0


def _bezier(p0, p1, p2, p3) -> list[tuple[float, float]]:
    out = []
    for i in range(1, _CURVE_STEPS + 1):
        t = i / _CURVE_STEPS
        u = 1 - t
        out.append((u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
                    u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1]))
    return out


def _outlines(items: list) -> list[tuple[list[tuple[float, float]], bool, int]]:
    """The subpaths of a drawing: (vertices, is an axis-aligned rectangle, rectangle winding)."""
    out: list[tuple[list[tuple[float, float]], bool, int]] = []
    current: list[tuple[float, float]] = []

    def flush() -> None:
        nonlocal current
        if len(current) >= 2:
            out.append((current, False, 0))
        current = []

    for item in items:
        kind = item[0]
        if kind == "re":
            flush()
            r = item[1]
            corners = [(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1)]
            orientation = item[2] if len(item) > 2 and item[2] in (1, -1) else 1
            out.append((corners, True, orientation))
        elif kind == "qu":
            flush()
            q = item[1]
            out.append(([tuple(q.ul), tuple(q.ur), tuple(q.lr), tuple(q.ll)], False, 0))
        elif kind in ("l", "c"):
            start = tuple(item[1])
            if current and (abs(current[-1][0] - start[0]) > 1e-3 or abs(current[-1][1] - start[1]) > 1e-3):
                flush()
            if not current:
                current = [start]
            current += [tuple(item[2])] if kind == "l" else _bezier(*(tuple(p) for p in item[1:5]))
    flush()
    return out


def _box(points) -> Rect4:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _stroke_pieces(outlines, width: float, closed: bool) -> list[_Subpath]:
    """Each straight piece of a stroked outline as the quadrilateral its pen covers."""
    half, out = width / 2, []
    for points, is_rect, _w in outlines:
        pairs = list(zip(points, points[1:], strict=False))
        if is_rect or closed:
            pairs.append((points[-1], points[0]))
        for (x0, y0), (x1, y1) in pairs:
            length = math.hypot(x1 - x0, y1 - y0)
            if length == 0:
                continue
            nx, ny = -(y1 - y0) / length * half, (x1 - x0) / length * half
            quad = ((x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny))
            out.append(_Subpath(_box(quad), quad))
    return out


def _union_box(boxes: list[Rect4]) -> Rect4:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _apart(subpaths: list[_Subpath]) -> list[list[_Subpath]]:
    """Subpaths in groups whose boxes touch only within a group. A point outside a closed subpath's box
    has winding 0 around it, so a fill rule applied to each group alone gives the same result as applied
    to the whole path."""
    groups: list[tuple[Rect4, list[_Subpath]]] = []
    for sub in sorted(subpaths, key=lambda sub: sub.bbox[0]):
        merged = [g for g in groups if _overlaps(g[0], sub.bbox)]
        if not merged:
            groups.append((sub.bbox, [sub]))
            continue
        members = [sub]
        for g in merged:
            groups.remove(g)
            members += g[1]
        groups.append((_union_box([m.bbox for m in members]), members))
    return [members for _box, members in groups]


def dark_shapes(drawings: list[dict]) -> list[DarkShape]:
    """The opaque dark fills and strokes among page.get_drawings(): what can hide text under it."""
    out = []
    for d in drawings:
        items = d.get("items") or []
        fill = d.get("fill")
        if fill is not None and (d.get("fill_opacity") or 1) > 0.5 and luminance(fill) < DARK:
            subpaths = []
            for points, is_rect, winding in _outlines(items):
                box = _box(points)
                if is_rect:
                    # the rectangle's corners, in drawing order, wind +1 or -1 around its centre
                    sign = _winding(tuple(points), (box[0] + box[2]) / 2, (box[1] + box[3]) / 2) or 1
                    subpaths.append(_Subpath(box, None, sign * winding))
                else:
                    subpaths.append(_Subpath(box, tuple(points)))
            rule = "evenodd" if d.get("even_odd") else "nonzero"
            for group in _apart(subpaths):  # one path holds every box of a page (ours do): look at each alone
                out.append(DarkShape(d["seqno"], _union_box([sub.bbox for sub in group]), tuple(fill),
                                     tuple(group), rule))
        colour, width = d.get("color"), d.get("width") or 0
        if (d.get("type") in ("s", "fs") and colour is not None and width >= 1
                and (d.get("stroke_opacity") or 1) > 0.5 and luminance(colour) < DARK):
            pieces = _stroke_pieces(_outlines(items), width, bool(d.get("closePath")))
            if pieces:
                r = d["rect"]
                box = (r.x0 - width / 2, r.y0 - width / 2, r.x1 + width / 2, r.y1 + width / 2)
                out.append(DarkShape(d["seqno"], box, tuple(colour), tuple(pieces), "any"))
    return out


def _core(char: tuple, span: dict) -> Rect4:
    """The middle of a glyph's box (CORE_BAND for horizontal text; otherwise its box less 15% a side)."""
    x0, y0, x1, y1 = char[3]
    inset = (x1 - x0) * 0.1
    if tuple(span["dir"]) == (1.0, 0.0) and span["wmode"] == 0:
        base, size = char[2][1], span["size"]
        return (x0 + inset, base - CORE_BAND[0] * size, x1 - inset, base - CORE_BAND[1] * size)
    dy = (y1 - y0) * 0.15
    return (x0 + inset * 1.5, y0 + dy, x1 - inset * 1.5, y1 - dy)


def _overlaps(a: Rect4, b: Rect4) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _rect_union_area(core: Rect4, rects: list[Rect4]) -> float:
    """The area of `core` under the union of `rects` (axis-aligned), cell by cell of their edges."""
    x0, y0, x1, y1 = core
    clipped = [(max(x0, r[0]), max(y0, r[1]), min(x1, r[2]), min(y1, r[3])) for r in rects]
    clipped = [r for r in clipped if r[0] < r[2] and r[1] < r[3]]
    if len(clipped) == 1:
        r = clipped[0]
        return (r[2] - r[0]) * (r[3] - r[1])
    xs = sorted({v for r in clipped for v in (r[0], r[2])})
    ys = sorted({v for r in clipped for v in (r[1], r[3])})
    area = 0.0
    for xa, xb in itertools.pairwise(xs):
        for ya, yb in itertools.pairwise(ys):
            cx, cy = (xa + xb) / 2, (ya + yb) / 2
            if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in clipped):
                area += (xb - xa) * (yb - ya)
    return area


def core_covered(core: Rect4, shapes: list[DarkShape]) -> bool:
    """At least COVERED of `core` lies under `shapes`. Shapes that are single rectangles (boxes, rules:
    nearly all) are measured exactly; any other shape by sample points (a _GRID_X by _GRID_Y grid of cell
    centres), counting until the answer is known."""
    x0, y0, x1, y1 = core
    shapes = [s for s in shapes if _overlaps(s.bbox, core)]
    if not shapes:
        return False
    rects = [s.bbox for s in shapes if len(s.subpaths) == 1 and s.subpaths[0].points is None]
    if len(rects) == len(shapes):
        area = (x1 - x0) * (y1 - y0)
        if area <= 0:  # a glyph of no width (a combining mark): covered if its line through the core is
            return any(r[0] <= x0 <= r[2] and r[1] <= y0 and y1 <= r[3] for r in rects)
        return _rect_union_area(core, rects) >= COVERED * area - 1e-9
    total = _GRID_X * _GRID_Y
    need = math.ceil(COVERED * total - 1e-9)
    hit = miss = 0
    for i in range(_GRID_X):
        x = x0 + (x1 - x0) * (i + 0.5) / _GRID_X
        for j in range(_GRID_Y):
            y = y0 + (y1 - y0) * (j + 0.5) / _GRID_Y
            if any(shape.covers(x, y) for shape in shapes):
                hit += 1
                if hit >= need:
                    return True
            else:
                miss += 1
                if miss > total - need:
                    return False
    return False


def _hides(shape: DarkShape, span: dict) -> bool:
    """The shape hides this span's glyphs where it lies over them: painted after them, or painted before
    them when they are drawn invisibly or in a colour that cannot be told from it."""
    if shape.seqno > span["seqno"]:
        return True
    if span["type"] == 3 or span["opacity"] == 0:
        return True
    return contrast(span["color"], shape.colour) < MIN_CONTRAST


COVERED_REASON = "under an opaque dark shape"


def covered_spans(page: pymupdf.Page, trace: list[dict] | None = None,
                  shapes: list[DarkShape] | None = None) -> list[HiddenSpan]:
    """Runs of consecutive glyphs hidden by dark shapes (section comment): "covered, not removed", as
    x-ray finds it. Each run is a HiddenSpan with only its own glyphs, so that removing it leaves the rest
    of the span. `trace` (page.get_texttrace()) and `shapes` (dark_shapes(page.get_drawings())) may be
    passed by a caller that has read them already."""
    shapes = dark_shapes(page.get_drawings()) if shapes is None else shapes
    if not shapes:
        return []
    out = []
    boxed = [(s.bbox, s) for s in shapes]
    for span in page.get_texttrace() if trace is None else trace:
        sx0, sy0, sx1, sy1 = span["bbox"]
        ry0 = sy0 - span["size"]  # the cores of a font that claims little height rise above its box
        # _overlaps(shape box, (sx0, ry0, sx1, sy1)) inlined: this runs for every span and shape of the page
        near = [s for b, s in boxed if b[0] <= sx1 and sx0 <= b[2] and b[1] <= sy1 and ry0 <= b[3] and _hides(s, span)]
        if not near:
            continue
        # no shape reaches a glyph whose core lies wholly left or right of them all (most glyphs of the line)
        near_x0, near_x1 = min(s.bbox[0] for s in near), max(s.bbox[2] for s in near)
        # a span can be a whole page of text and `near` every box on it; the glyphs of one line share the
        # height of their core, so the shapes at that height are picked once per height, not per glyph
        at_height: dict[tuple[float, float], list[DarkShape]] = {}
        # _core inlined for horizontal text (the same numbers): its direction test per glyph was most of the
        # cost of a line with a box on it
        horizontal = tuple(span["dir"]) == (1.0, 0.0) and span["wmode"] == 0
        top, bottom = CORE_BAND[0] * span["size"], CORE_BAND[1] * span["size"]
        chars = span["chars"]
        # only glyphs whose core reaches between near_x0 and near_x1 are looked at (a horizontal core is its
        # box less 10% of its width at each side); a glyph not looked at is not hidden and ends a run
        looked_at = [k for k, c in enumerate(chars) if not ((b := c[3])[2] - (b[2] - b[0]) * 0.1 < near_x0
                                                           or b[0] + (b[2] - b[0]) * 0.1 > near_x1)] \
            if horizontal else range(len(chars))
        hidden: list[int] = []
        for k in looked_at:
            c = chars[k]
            if horizontal:
                base, (x0, _y0, x1, _y1) = c[2][1], c[3]
                inset = (x1 - x0) * 0.1
                core = (x0 + inset, base - top, x1 - inset, base - bottom)
            else:  # (a horizontal glyph left or right of every shape is not in looked_at)
                core = _core(c, span)
                if core[2] < near_x0 or core[0] > near_x1:
                    continue
            rows = at_height.get(core[1::2])
            if rows is None:  # (a NaN height never hits the memo, and no shape meets it: rows stays empty)
                rows = at_height[core[1::2]] = [s for s in near if s.bbox[1] <= core[3] and core[1] <= s.bbox[3]]
            here = [s for s in rows if s.bbox[0] <= core[2] and core[0] <= s.bbox[2]] if rows else rows
            if here and core_covered(core, here):
                hidden.append(k)
        for ks in _consecutive(hidden):
            run = [chars[k] for k in ks]
            text = "".join(chr(ch[0]) for ch in run)
            if text.strip():
                box = (min(ch[3][0] for ch in run), min(ch[3][1] for ch in run),
                       max(ch[3][2] for ch in run), max(ch[3][3] for ch in run))
                out.append(HiddenSpan(COVERED_REASON, text.strip(), box, tuple(run), span["size"], **_metrics(span)))
    return out


def _consecutive(indices: list[int]) -> Iterator[list[int]]:
    """Runs of consecutive numbers in ascending `indices`: [1, 2, 5] -> [1, 2], [5]."""
    run: list[int] = []
    for k in indices:
        if run and k != run[-1] + 1:
            yield run
            run = []
        run.append(k)
    if run:
        yield run


def covered_text(page: pymupdf.Page, trace: list[dict] | None = None,
                 shapes: list[DarkShape] | None = None) -> list[str]:
    """The text of covered_spans: what a requester could copy from under a dark shape."""
    return [s.text for s in covered_spans(page, trace, shapes)]


# --- optional content -----------------------------------------------------------------------------------

def layers_on(doc: pymupdf.Document) -> bool:
    """Toggle every layer on in this session, as a requester would in a viewer's layer panel; False if the
    document has none."""
    ocgs = list(doc.get_ocgs() or {})
    if ocgs:
        doc.set_layer(-1, on=ocgs, off=[])
        for i, config in enumerate(doc.layer_ui_configs() or []):
            if not config.get("on"):
                doc.set_layer_ui_config(i, 0)  # 0 = on
    return bool(ocgs)


def reveal_layers(doc: pymupdf.Document) -> bool:
    """Switch every optional-content group on, in the file and in this session, before extraction.

    Text in a hidden layer is invisible on screen but one click away in a viewer's layer panel, and
    MuPDF's extraction skips it while the layer is off. With every layer on, detection and redaction see
    it like any page text, and the release has no hidden layer left to toggle.
    """
    if not layers_on(doc):
        return False
    catalog = doc.pdf_catalog()
    if doc.xref_get_key(catalog, "OCProperties/Configs")[0] != "null":
        doc.xref_set_key(catalog, "OCProperties/Configs", "null")  # alternative configs can hide layers
    return True

"""The fast paths of verification must give exactly what the plain definitions give.

verify.py replaced scans by indexed ones (words under a box: bisect on word heights; glyphs under a
dark shape: only the shapes whose box meets the span's, then the glyph's; whitespace collapse: str.split)
and reads each page's text trace and drawings once for two checks. Each plain definition is kept here as the oracle: any
difference is a missed leak or a false alarm.
"""

from __future__ import annotations

import math
import random
import re
import sys
import unicodedata

import pymupdf
import pytest

from bench.stages import build_document
from redactor.pdf.visibility import (
    _core,
    _hides,
    core_covered,
    covered_text,
    dark_shapes,
    filled_rects,
    hidden_spans,
)
from redactor.text.normalise import normalise
from redactor.verify import _PageWords, _words_under
from tests.redteam.builders import CHANNEL_CASES, build

# --- the plain definitions (as verify.py had them before the speed-up) -----------------------------


def plain_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def plain_words_under(words, rects) -> list[str]:
    found = []
    lo_y, hi_y = min(r[1] for r in rects), max(r[3] for r in rects)
    for x0, y0, x1, y1, word, *_ in words:
        if not lo_y <= (y0 + y1) / 2 <= hi_y:
            continue
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
            found.append(word)
    return found


def plain_covered_text(page) -> list[str]:
    """Every glyph of every span against every shape of the page that hides it (no span, row or glyph
    pre-selection of shapes)."""
    shapes = dark_shapes(page.get_drawings())
    found = []
    for span in page.get_texttrace():
        run = []
        for c in [*span["chars"], None]:
            hidden = False
            if c is not None:
                hidden = core_covered(_core(c, span), [s for s in shapes if _hides(s, span)])
            if hidden:
                run.append(chr(c[0]))
            else:
                if "".join(run).strip():
                    found.append("".join(run).strip())
                run = []
    return found


def _span_key(spans):
    return [(s.reason, s.text, s.bbox, s.chars, s.size) for s in spans]


# --- documents ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def boxed_pdf(tmp_path_factory):
    """Dense synthetic pages with black boxes over a third of the words ("covered, not removed"), white
    labels on some boxes (not a leak), dark text drawn on others (a leak), and one page turned."""
    rng = random.Random(3)
    path = tmp_path_factory.mktemp("verify") / "boxed.pdf"
    build_document(path, 3, rng)
    with pymupdf.open(path) as doc:
        for page in doc:
            for x0, y0, x1, y1, *_ in page.get_text("words"):
                if rng.random() < 0.3:
                    page.draw_rect((x0, y0, x1, y1), color=None, fill=(0, 0, 0))
                    if rng.random() < 0.3:
                        colour = rng.choice([(1, 1, 1), (0, 0, 0)])
                        page.insert_text((x0, y1 - 1), "s40", fontname="helv", fontsize=5, color=colour)
        doc[1].set_rotation(90)
        doc.saveIncr()
    return path


def _random_rects(rng: random.Random, page: pymupdf.Page):
    x0, y0 = rng.uniform(-50, page.rect.width + 50), rng.uniform(-50, page.rect.height + 50)
    rects = tuple((x0 + dx, y0 + dy, x0 + dx + rng.uniform(-5, 200), y0 + dy + rng.uniform(-5, 40))
                  for dx, dy in [(rng.uniform(-20, 20), rng.uniform(-30, 30)) for _ in range(rng.randint(1, 3))])
    roll = rng.random()
    if roll < 0.03:
        rects += ((math.nan,) * 4,)
    elif roll < 0.06:  # first: min() of the box tops is then NaN
        rects = ((math.nan,) * 4, *rects)
    elif roll < 0.09:
        rects = ((-math.inf, -math.inf, math.inf, math.inf),)
    return rects


def _edge_rects(rng: random.Random, centres: list[tuple[float, float]]):
    """Rectangles whose edges run exactly through some of these centres (or are a single centre)."""
    (ax, ay), (bx, by) = rng.choice(centres), rng.choice(centres)
    return (rng.choice([(ax, ay, bx, by), (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)),
                        (ax, ay, ax, ay), (ax - 1, ay, ax + 1, by), (ax, ay - 1, bx, ay + 1)]),)


# --- the checks -------------------------------------------------------------------------------------


def test_regex_whitespace_is_str_isspace():
    """normalise collapses whitespace with str.split(): the same set as the regex \\s, on every code point."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if bool(re.fullmatch(r"\s", c)) != c.isspace()] == []


@pytest.mark.parametrize("seed", range(3))
def test_normalise_equals_plain(seed):
    rng = random.Random(seed)
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    alphabet = spaces + list("-\u00ad\ufb01\u00df\u0130AaZz09 _.,'\u2019\u00e9") + ["\n", "-\n", " -\n "]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert normalise(text) == plain_normalise(text), repr(text)


def test_words_under_equals_plain(boxed_pdf):
    rng = random.Random(1)
    with pymupdf.open(boxed_pdf) as doc:
        for page in doc:
            words = page.get_text("words", flags=0)
            index = _PageWords(words)
            for x0, y0, x1, y1, *_ in words[::5]:  # boxes exactly on words, as redactions are
                assert index.under(((x0, y0, x1, y1),)) == plain_words_under(words, ((x0, y0, x1, y1),))
            for _ in range(500):
                rects = _random_rects(rng, page)
                assert index.under(rects) == _words_under(words, rects) == plain_words_under(words, rects), rects
            for _ in range(500):  # edges exactly through word centres: the <= of the plain test matters
                rects = _edge_rects(rng, [((x0 + x1) / 2, (y0 + y1) / 2) for x0, y0, x1, y1, *_ in words])
                assert index.under(rects) == plain_words_under(words, rects), rects


def test_covered_text_equals_plain(boxed_pdf):
    with pymupdf.open(boxed_pdf) as doc:
        found = 0
        for page in doc:
            expected = plain_covered_text(page)
            found += len(expected)
            assert covered_text(page) == expected
            assert covered_text(page, page.get_texttrace(), dark_shapes(page.get_drawings())) == expected
        assert found  # the fixture does cover text


@pytest.mark.parametrize("name", sorted(CHANNEL_CASES))
def test_shared_trace_and_fills_change_nothing(tmp_path, name):
    """hidden_spans / covered_text given the page's trace and fills == reading them from the page."""
    path = build(tmp_path / f"{name}.pdf", CHANNEL_CASES[name][0])
    with pymupdf.open(path) as doc:
        for page in doc:
            trace, drawings = page.get_texttrace(), page.get_drawings()
            assert _span_key(hidden_spans(page, trace, filled_rects(page, drawings))) == _span_key(hidden_spans(page))
            assert covered_text(page, trace, dark_shapes(drawings)) == covered_text(page) == plain_covered_text(page)


_PIECE_ALPHABET = ["a", "B", "raghu", "nathan", "-", "--", "\n", " ", "\t", "\u00ad", "\u2011", "\u2010", "\ufb01",
                   "e\u0301", "\u0301", "\u00a0", "\u00df", "\u0130", "\u212b", "\u3000", "(", ")", "-20", "\x1c",
                   "\u1100", "\u1161", "\uff21"]


@pytest.mark.parametrize("seed", range(6))
def test_normalise_pieces_equals_normalising_the_whole(seed):
    """Streams are normalised a chunk of pieces at a time; the result must be the one-shot normalise of
    the newline-joined pieces, whatever the pieces end or start with (hyphens, combining marks, spaces)."""
    from redactor.text.normalise import normalise_pieces

    rng = random.Random(seed)
    for _ in range(400):
        pieces = ["".join(rng.choice(_PIECE_ALPHABET) for _ in range(rng.randint(0, 12)))
                  for _ in range(rng.randint(0, 30))]
        want = plain_normalise("\n".join(pieces))
        for chunk in (1, 3, 17, 1 << 20):
            assert normalise_pieces(pieces, chunk) == want, (pieces, chunk)


def test_lines_cut_only_at_newlines():
    from redactor.text.normalise import split_lines

    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice(["ab", "\n", "c", "\n\n", "xyz"]) for _ in range(rng.randint(0, 40)))
        for size in (0, 1, 2, 5, 100):
            pieces = list(split_lines(text, size))
            assert "\n".join(pieces) == text
            assert all(len(p) <= max(size, 0) + len(text) for p in pieces)

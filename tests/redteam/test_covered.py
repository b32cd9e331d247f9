"""Issue 19, item 3: the independent "text under a black rectangle" check. A table rule, a frame or a dark
diagram shape next to a glyph does not hide it (no false alarm, nothing removed); text really hidden under
a dark shape (a box drawn over it, or dark text on a dark box) is removed at release and reported, and the
verifier still finds every such hiding place in a file that was not released by the tool."""

from __future__ import annotations

import pymupdf
import pytest

from redactor.pdf.visibility import covered_text
from redactor.verify import verify_document
from tests.redteam import builders as b
from tests.redteam.conftest import requester_text

CODE_LINES = ["Staff contact list for the harbour office.", "The code word is BLUEBIRD for all staff."]

# (builder, lines): a dark shape near or around visible text, which must not count as covering it
NOT_COVERED = {
    "vertical-rule": (b.vertical_rule_through_last_letter, ["Contact ABC", "Routine text"]),
    "horizontal-rule": (b.horizontal_rule_through_text, None),
    "frame": (b.frame_around_text, None),
    "dark-disc-label": (b.label_beside_dark_circle, None),
    "red-on-black": (b.red_text_on_black_box, None),
}
# a hiding place: text a reader cannot see under (or as) a dark shape
COVERED = {
    "black-box": (b.preexisting_black_box, CODE_LINES),
    "black-box-with-label": (b.preexisting_box_with_label, CODE_LINES),
    "dark-text-on-dark-box": (b.dark_text_on_dark_box, ["Staff contact list for the harbour office.",
                                                        "The code word is"]),
    "box-over-most-of-word": (b.box_over_most_of_a_word, CODE_LINES),
    "thick-stroke": (b.thick_stroke_over_word, CODE_LINES),
    "polygon-box": (b.polygon_box_over_word, CODE_LINES),
}


@pytest.mark.parametrize("case", sorted(NOT_COVERED))
def test_shapes_beside_text_are_not_covering_it(case, tmp_path):
    draw, lines = NOT_COVERED[case]
    path = b.shapes_pdf(tmp_path / f"{case}.pdf", draw, lines)
    with pymupdf.open(path) as doc:
        assert covered_text(doc[0]) == []
    assert not [leak for leak in verify_document(path, []).leaks if leak.channel == "covered-text"]


@pytest.mark.parametrize("case", sorted(NOT_COVERED))
def test_shapes_beside_text_release_and_keep_the_text(case, tmp_path, redact):
    draw, lines = NOT_COVERED[case]
    path = b.shapes_pdf(tmp_path / f"{case}.pdf", draw, lines)
    with pymupdf.open(path) as doc:
        before = doc[0].get_text()
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    with pymupdf.open(result.output) as doc:
        assert doc[0].get_text() == before  # nothing withheld, nothing removed


@pytest.mark.parametrize("case", sorted(COVERED))
def test_verify_finds_text_hidden_under_a_dark_shape(case, tmp_path):
    path = b.shapes_pdf(tmp_path / f"{case}.pdf", *COVERED[case])
    leaks = [leak for leak in verify_document(path, []).leaks if leak.channel == "covered-text"]
    assert leaks and all("BLUEBIRD" in leak.detail for leak in leaks), leaks


@pytest.mark.parametrize("case", sorted(COVERED))
def test_hidden_text_is_removed_and_reported_not_refused(case, tmp_path, redact):
    path = b.shapes_pdf(tmp_path / f"{case}.pdf", *COVERED[case])
    assert "bluebird" in requester_text(path)
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    assert "bluebird" not in requester_text(result.output)
    assert "staff contact list" in requester_text(result.output)  # the rest of the page survives
    assert "the code word is" in requester_text(result.output)
    steps = [s for s in report["hardening"] if "under an opaque dark shape" in s]
    assert steps and "BLUEBIRD" in steps[0], report["hardening"]


@pytest.mark.parametrize(("share", "covered"), [(0.3, False), (0.45, False), (0.55, True), (0.9, True)])
def test_coverage_is_measured_not_sampled(share, covered, tmp_path):
    """A box over the lower `share` of the x-height band of a word: covered from half of it (a coarse grid
    of sample points read 30% as 50% on an OCR'd scan and removed a word that could be read)."""
    def draw(page):
        box = b._word_rect(page, "BLUEBIRD")
        base = 120  # CODE_LINES' second line
        core_top, core_bottom = base - 0.55 * 11, base - 0.05 * 11
        b.fill(page, (box.x0 - 2, core_bottom - share * (core_bottom - core_top), box.x1 + 2, base + 3))

    path = b.shapes_pdf(tmp_path / "share.pdf", draw, CODE_LINES)
    with pymupdf.open(path) as doc:
        assert (covered_text(doc[0]) == ["BLUEBIRD"]) is covered

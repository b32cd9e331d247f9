"""Shared helpers of the review tests: a document with something of every kind, and a decisions file
built the way the review page builds it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pymupdf
import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Root in a container needs --no-sandbox; the rest keep a headless run from reaching out to any service.
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]
NEEDS_CHROMIUM = [  # the browser tests: slow (a browser start), skipped with a reason without Chromium
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make system-deps)"),
]


@pytest.fixture
def browser_page(tmp_path):
    """A page (1400 x 900) of a fresh browser profile that records every script error and any request
    leaving file:. Tests that use it carry review_helpers.NEEDS_CHROMIUM."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -r requirements.lock)")
    width, height = 1400, 900
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            accept_downloads=True, viewport={"width": width, "height": height},
        )
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
        page.on("console", lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"))
        page.on("request", lambda req: req.url.startswith("file:") or page.problems.append(f"request: {req.url}"))
        try:
            yield page
        finally:
            context.close()
            shutil.rmtree(tmp_path / "profile", ignore_errors=True)

LINES = [
    "Contact Tom Whitfield on 01632 960123 about IC-304588-B6D4.",
    "The attacker used 192.168.10.4 to reach the server.",
    "Signed for the data team:",
]
SIGNATURE_RECT = (72, 160, 200, 200)  # an image (a "signature") with no text on it


def make_review_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 90
    for line in LINES:
        page.insert_text((72, y), line, fontsize=11, fontname="helv")
        y += 16
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 12), False)
    pix.set_rect(pix.irect, (20, 20, 120))
    page.insert_image(pymupdf.Rect(SIGNATURE_RECT), pixmap=pix)
    doc.new_page().insert_text((72, 90), "Page two mentions Whitfield again.", fontsize=11)
    doc.save(path)
    doc.close()
    return path


def decisions_from(proposals: dict, *, reviewer: str = "Jane Reviewer", decide=None, manual=()) -> dict:
    """Accept everything unless `decide(proposal)` returns a dict of changes (decision, reason, exemptions...)."""
    out = []
    for p in proposals["proposals"]:
        entry = {**p, "decision": "accepted", "reviewer": reviewer, "decided_at": "2026-01-01T10:00:00Z"}
        if decide is not None:
            entry.update(decide(p) or {})
        out.append(entry)
    return {
        "format": "redactor.decisions/1",
        "source": {"name": proposals["source"]["name"], "sha256": proposals["source"]["sha256"]},
        "profile": proposals["profile"],
        "reviewer": reviewer,
        "exported_at": "2026-01-01T10:05:00Z",
        "proposals": out,
        "manual": [{"reviewer": reviewer, "decided_at": "2026-01-01T10:01:00Z", "exemptions": ["s40(2)"], **m}
                   for m in manual],
    }


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def by_text(proposals: dict, text: str) -> dict:
    return next(p for p in proposals["proposals"] if p["text"] == text)


ROTATED_LINES = [  # ten findings on a landscape page kept as a turned portrait page
    "Case notes: Tom Whitfield (tom.whitfield@example.org) phoned on 01632 960123.",
    "Priya Raghunathan reviewed the file; her line is 01632 960456.",
    "The laptop at 192.168.10.4 was returned to Adaeze Okonkwo.",
    "Copy to Daniel McAllister and daniel.mcallister@example.org.",
]


def make_rotated_pdf(path: Path, rotation: int = 90) -> Path:
    """A landscape page stored as a portrait page with /Rotate ROTATION: the text reads left to right as
    displayed, so in the unrotated space PyMuPDF extracts in it runs up, down or backwards."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.set_rotation(rotation)
    y = 80
    for line in ROTATED_LINES:
        page.insert_text(pymupdf.Point(60, y) * page.derotation_matrix, line, fontsize=12, fontname="helv",
                         rotate=rotation)
        y += 40
    doc.save(path)
    doc.close()
    return path


DENSE_PEOPLE = ["Tom Whitfield", "Priya Raghunathan", "Adaeze Okonkwo", "Daniel McAllister", "John Edwards"]


def make_dense_pdf(path: Path) -> Path:
    """A page of tight 8 pt lines (leading 9.5 pt), a finding on nearly every line: a tag above a box
    would cover the line above."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 60
    for i in range(40):
        who = DENSE_PEOPLE[i % len(DENSE_PEOPLE)]
        line = (f"{i + 1:02d}. On the {i + 3}th the officer called {who} about item {i * 7 + 11} "
                f"on 01632 96{i:04d} and noted it.")
        page.insert_text((50, y), line, fontsize=8, fontname="helv")
        y += 9.5
    doc.save(path)
    doc.close()
    return path


def make_rotated_scan(path: Path, rotation: int = 90) -> Path:
    """make_rotated_pdf's page as a scanner stores a landscape sheet: a portrait page holding one image with
    the text sideways, and /Rotate ROTATION to show it upright. No text layer: it is read by OCR."""
    text_pdf = make_rotated_pdf(path.with_suffix(".text.pdf"), rotation)
    with pymupdf.open(text_pdf) as src:
        src[0].set_rotation(0)  # the page content as stored: text sideways
        pix = src[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY, alpha=False)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, pixmap=pix)
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()
    text_pdf.unlink()
    return path

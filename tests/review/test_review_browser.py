"""The review page in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright): load it,
reject one proposal, change one exemption, draw one box, export, and check the exported decisions file,
then apply it. Slow (a browser start); skipped with a reason when Chromium or Playwright is missing."""

from __future__ import annotations

import json

from review_helpers import NEEDS_CHROMIUM, SIGNATURE_RECT, browser_page, by_text, make_review_pdf

from redactor.review import analyze_file, apply_decisions

pytestmark = NEEDS_CHROMIUM
__all__ = ["browser_page"]  # a fixture (review_helpers): Chromium driven by Playwright


def test_review_in_chromium_reject_relabel_draw_export_apply(browser_page, tmp_path, options, detector):
    page = browser_page
    src = make_review_pdf(tmp_path / "notice.pdf")
    analysed = analyze_file(src, options, detector)
    proposals = json.loads(analysed.proposals.read_text())
    phone, ip = by_text(proposals, "01632 960123"), by_text(proposals, "192.168.10.4")

    page.goto(analysed.page.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator(".overlay .box").count() >= len(proposals["proposals"])
    page.fill("#reviewer", "Jane Reviewer")

    # reject one, with a reason
    page.click(f'.item[data-id="{phone["id"]}"] button.reject')
    page.fill(f'.item[data-id="{phone["id"]}"] input.reason', "published switchboard number")
    # change one exemption
    page.select_option(f'.item[data-id="{ip["id"]}"] select.exemption', "s24(1)")
    # keyboard: from the first proposal, j moves down, k back up, a accepts
    first = proposals["proposals"][0]["id"]
    page.click(f'.item[data-id="{first}"] .text')
    page.keyboard.press("j")
    assert "selected" not in page.get_attribute(f'.item[data-id="{first}"]', "class")
    page.keyboard.press("k")
    page.keyboard.press("a")
    assert "accepted" in page.get_attribute(f'.item[data-id="{first}"]', "class")
    # accept the rest, entity by entity
    for button in page.locator("button.accept-entity").all():
        button.click()
    # the score filter hides low-scoring proposals from the list
    page.locator("#min-score").fill("0.99")
    hidden = page.locator(".item.hidden").count()
    page.locator("#min-score").fill("0")
    assert hidden > 0 and page.locator(".item.hidden").count() == 0

    # draw one box over the signature image on page 1
    page.click("#mode-draw")
    overlay = page.locator('#page-1 .overlay')
    box = overlay.bounding_box()
    pdf_w, pdf_h = proposals_page_size(page)
    sx, sy = box["width"] / pdf_w, box["height"] / pdf_h
    x0, y0, x1, y1 = SIGNATURE_RECT
    page.mouse.move(box["x"] + (x0 - 2) * sx, box["y"] + (y0 - 2) * sy)
    page.mouse.down()
    page.mouse.move(box["x"] + (x1 + 2) * sx, box["y"] + (y1 + 2) * sy, steps=5)
    page.mouse.up()
    assert page.locator('.item[data-id="m1-0001"]').count() == 1
    page.keyboard.press("Escape")

    with page.expect_download() as info:
        page.click("#export")
    download = info.value
    assert download.suggested_filename == "notice.decisions.json"
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    assert page.problems == []

    data = json.loads(exported.read_text())
    assert data["source"]["sha256"] == proposals["source"]["sha256"] and data["reviewer"] == "Jane Reviewer"
    decided = {p["id"]: p for p in data["proposals"]}
    assert decided[phone["id"]]["decision"] == "rejected"
    assert decided[phone["id"]]["reason"] == "published switchboard number"
    assert decided[ip["id"]]["exemptions"] == ["s24(1)"] and decided[ip["id"]]["decision"] == "accepted"
    assert decided[ip["id"]]["justification"].startswith("Exemption is required to safeguard national security")
    assert all(p["decision"] in ("accepted", "rejected") for p in data["proposals"])
    assert all(p["reviewer"] == "Jane Reviewer" and p["decided_at"] for p in data["proposals"])
    [manual] = data["manual"]
    assert manual["page"] == 1 and manual["exemptions"] == ["s40(2)"] and manual["reviewer"] == "Jane Reviewer"
    drawn = manual["rects"][0]
    assert all(abs(a - b) < 4 for a, b in zip(drawn, (x0 - 2, y0 - 2, x1 + 2, y1 + 2), strict=True)), drawn

    result = apply_decisions(src, exported, options)
    assert result.error is None, result.error
    report = json.loads(result.document.report.read_text())
    assert {e["id"] for e in report["rejected"]} == {phone["id"]}
    assert any(e.get("manual") for e in report["redactions"])


def proposals_page_size(page) -> tuple[float, float]:
    data = json.loads(page.locator("#review-data").text_content())
    first = data["pages"][0]
    return first["width"], first["height"]

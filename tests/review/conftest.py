"""The review page in a real headless Chromium: Debian's /usr/bin/chromium driven by Playwright."""

from __future__ import annotations

import shutil

import pytest
from review_helpers import CHROMIUM, CHROMIUM_ARGS


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

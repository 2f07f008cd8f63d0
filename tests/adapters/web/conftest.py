"""Fixtures for the browser tests: `clearline serve` as a subprocess and Chromium pages that fail
the test on any console error, failed request or request to anything but the service
(tests/browser_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PageWatch,
    ServedProcess,
    clearline_serve,
    require_chromium,
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServedProcess]:
    """A real `clearline serve` on a fresh SQLite file."""
    with clearline_serve(tmp_path / "clearline.db") as running:
        yield running


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright (skips without it, fails in CI)."""
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def watch() -> PageWatch:
    """The page's problems; the test fails if any is left at its end."""
    return PageWatch()


def _page(chromium: Browser, watch: PageWatch, width: int, height: int) -> Iterator[Page]:
    # A time zone other than UTC, so the tests see times shown in the viewer's local time.
    context = chromium.new_context(
        viewport={"width": width, "height": height},
        timezone_id="America/New_York",
        locale="en-US",
    )
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on("request", watch.on_request)
    page.on("requestfailed", watch.on_request_failed)
    page.on("response", watch.on_response)
    try:
        yield page
    finally:
        context.close()
    assert not watch.problems, "\n".join(watch.problems)
    # No page makes a request to anything but the service (the CSP says so; this checks it).
    assert not watch.foreign_origins(), f"requests beyond the service: {watch.foreign_origins()}"


@pytest.fixture
def page(chromium: Browser, watch: PageWatch) -> Iterator[Page]:
    """A desktop-width page."""
    yield from _page(chromium, watch, 1280, 800)


@pytest.fixture
def phone(chromium: Browser, watch: PageWatch) -> Iterator[Page]:
    """A phone-width page (390 x 844)."""
    yield from _page(chromium, watch, 390, 844)

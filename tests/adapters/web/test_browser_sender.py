"""The sender's journey in a real browser: pre-check as you type, fix the text, file a dispute."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from browser_support import PageWatch, ServedProcess, screenshot_path
from clearline.storage.keys import Role
from compliance_fixtures import REGISTRY, SHOP

NO_OPT_OUT = "Acme: 20% off all winter coats at acme.example/coats"


def test_a_sender_pre_checks_a_text_fixes_it_and_files_a_dispute(
    served: ServedProcess, page: Page, watch: PageWatch
) -> None:
    imported = httpx.post(
        served.base_url + "/v1/registry",
        json=REGISTRY,
        headers={"Authorization": f"Bearer {served.key(Role.OPERATOR)}"},
        timeout=30,
    )
    assert imported.status_code == 200, imported.text
    page.goto(served.base_url + "/")
    page.get_by_label("API key").fill(served.key(Role.SENDER, brand="B-ACME"))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(served.base_url + "/sender")

    # As you type: the result comes without pressing anything (htmx), with the fix to make.
    page.get_by_label("Text to check").press_sequentially(NO_OPT_OUT, delay=5)
    result = page.locator("#lint-result")
    expect(result).to_contain_text("NO_OPT_OUT_LANGUAGE")
    expect(result).to_contain_text('Fix: Add opt-out instructions, e.g. "Reply STOP to opt out."')
    page.screenshot(path=screenshot_path("sender"), full_page=True)
    page.get_by_label("Text to check").press_sequentially(". Reply STOP to opt out", delay=5)
    expect(result).to_contain_text("Delivered: no filtering")
    expect(page).to_have_url(served.base_url + "/sender")  # no page load: the box alone changed

    page.get_by_label("The number (E.164) or campaign id").fill(SHOP)
    page.get_by_label("What went wrong").fill("Our coat sale texts are filtered; they carry STOP.")
    page.get_by_label("Evidence").fill("message s1")
    page.get_by_role("button", name="File dispute").click()
    expect(page.get_by_role("status")).to_contain_text("Dispute filed")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="open")).to_contain_text("sender")
    page.screenshot(path=screenshot_path("sender-dispute"), full_page=True)
    page.get_by_role("link", name="Back to the portal").click()
    expect(page.get_by_role("row").filter(has_text="Dispute 1")).to_contain_text(f"number {SHOP}")

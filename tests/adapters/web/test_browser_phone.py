"""Every role's page fits a phone-width screen (390 px): nothing scrolls sideways."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from browser_support import ServedProcess
from clearline.storage.keys import Role
from compliance_fixtures import REGISTRY


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide on a 390px screen"


def test_the_sender_portal_and_the_operator_console_fit_a_phone(
    served: ServedProcess, phone: Page
) -> None:
    operator = served.key(Role.OPERATOR)
    imported = httpx.post(
        served.base_url + "/v1/registry",
        json=REGISTRY,
        headers={"Authorization": f"Bearer {operator}"},
        timeout=30,
    )
    assert imported.status_code == 200, imported.text
    for key, path in (
        (served.key(Role.SENDER, brand="B-ACME"), "/sender"),
        (operator, "/operator"),
    ):
        phone.goto(served.base_url + "/")
        phone.get_by_label("API key").fill(key)
        phone.get_by_role("button", name="Sign in").click()
        expect(phone).to_have_url(served.base_url + path)
        _fits(phone)
        phone.get_by_role("button", name="Sign out").click()
        expect(phone).to_have_url(served.base_url + "/")

"""Every role's page fits a phone-width screen (390 px): nothing scrolls sideways."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from browser_support import ServedProcess
from clearline.storage.keys import Role
from compliance_fixtures import REGISTRY, SHOP
from http_support import message


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


def test_the_other_pages_fit_a_phone_too(served: ServedProcess, phone: Page) -> None:
    operator = served.key(Role.OPERATOR)
    headers = {"Authorization": f"Bearer {operator}"}
    assert httpx.post(served.base_url + "/v1/registry", json=REGISTRY, headers=headers).is_success
    long_id = "message-" + "x" * 120  # long values wrap instead of widening the page
    body = "Vote for better parks this Tuesday at the community center downtown " * 5
    traffic = [message(long_id, body=body)]
    traffic += [message(f"o{i}", seconds=20 * i, body=body, to=f"+1415555020{i}") for i in range(3)]
    assert httpx.post(
        served.base_url + "/v1/check", json={"messages": traffic}, headers=headers, timeout=30
    ).is_success
    sender = served.key(Role.SENDER, brand="B-ACME")
    filed = httpx.post(
        served.base_url + "/v1/disputes",
        json={"subject_kind": "number", "subject": SHOP, "description": "blocked " * 80},
        headers={"Authorization": f"Bearer {sender}"},
        timeout=30,
    )
    assert filed.status_code == 201, filed.text
    phone.goto(served.base_url + "/")
    _fits(phone)
    for key, home, paths in (
        (operator, "/operator", ["/operator/audit", f"/operator/verdict?id={long_id}"]),
        (sender, "/sender", [f"/sender/disputes/{filed.json()['id']}"]),
    ):
        phone.goto(served.base_url + "/")
        phone.get_by_label("API key").fill(key)
        phone.get_by_role("button", name="Sign in").click()
        expect(phone).to_have_url(served.base_url + home)
        for path in paths:
            phone.goto(served.base_url + path)
            expect(phone.get_by_role("heading", level=1)).to_be_visible()
            _fits(phone)
            phone.wait_for_load_state("networkidle")  # the icon too, before the next page
        phone.get_by_role("button", name="Sign out").click()
        expect(phone).to_have_url(served.base_url + "/")

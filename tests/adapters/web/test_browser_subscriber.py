"""The subscriber's journey in a real browser: contacts-only, the spam folder, a release, the
blocked calls."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from browser_support import PageWatch, ServedProcess, screenshot_path
from clearline.storage.keys import Role
from http_support import message

NUMBER = "+14155550100"
SCRIPT_BODY = '<script>alert("pwned")</script> Your parcel is waiting'


def _check(served: ServedProcess, operator_key: str, *messages: dict[str, object]) -> list[str]:
    answer = httpx.post(
        served.base_url + "/v1/check",
        json={"messages": list(messages)},
        headers={"Authorization": f"Bearer {operator_key}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return [verdict["action"] for verdict in answer.json()["verdicts"]]


def _sign_in(page: Page, served: ServedProcess) -> None:
    page.goto(served.base_url + "/")
    page.get_by_label("API key").fill(served.key(Role.SUBSCRIBER, number=NUMBER))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(served.base_url + "/subscriber")


def test_a_subscriber_turns_on_contacts_only_and_releases_a_held_text(
    served: ServedProcess, page: Page, watch: PageWatch
) -> None:
    page.on("dialog", lambda dialog: watch.on_page_error(f"a script ran: {dialog.message}"))
    operator = served.key(Role.OPERATOR)
    _sign_in(page, served)
    expect(page.get_by_text("Your spam folder is empty.")).to_be_visible()

    page.get_by_label("Contacts only").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Protection settings saved")
    expect(page.get_by_label("Contacts only")).to_be_checked()

    # A stranger's text (with markup in it) now goes to the spam folder.
    assert _check(served, operator, message("m1", to=NUMBER, body=SCRIPT_BODY)) == ["tag"]
    page.reload()
    row = page.get_by_role("row").filter(has_text="+12125550123")
    expect(row).to_contain_text(SCRIPT_BODY)  # the markup shows as text, nothing ran
    expect(row).to_contain_text("11/23/2026, 10:00:00 AM")  # 15:00 UTC, seen from New York
    expect(row).to_contain_text("held")

    # A stranger's call is blocked too, and listed with why, in the viewer's local time.
    blocked = httpx.post(
        served.base_url + "/v1/calls/check",
        json={
            "calls": [
                {"id": "c1", "ts": "2026-11-23T15:05:00Z", "from": "+13125550123", "to": NUMBER}
            ]
        },
        headers={"Authorization": f"Bearer {operator}"},
        timeout=30,
    )
    assert blocked.json()["verdicts"][0]["action"] == "block", blocked.text
    page.reload()
    call_row = page.get_by_role("row").filter(has_text="+13125550123")
    expect(call_row).to_contain_text("11/23/2026, 10:05:00 AM")
    expect(call_row).to_contain_text("CALL_NOT_CONTACT")
    page.screenshot(path=screenshot_path("subscriber"), full_page=True)

    row = page.get_by_role("row").filter(has_text="+12125550123")
    row.get_by_role("button", name="Release").click()
    expect(page.get_by_role("status")).to_contain_text("Released")
    expect(page.get_by_role("row").filter(has_text="+12125550123")).to_contain_text("released")
    # The sender's next text is delivered: the release changed the verdict, not just the page.
    assert _check(served, operator, message("m2", seconds=60, to=NUMBER)) == ["deliver"]


def test_the_subscriber_page_at_phone_width(
    served: ServedProcess, phone: Page, watch: PageWatch
) -> None:
    _sign_in(phone, served)
    phone.get_by_label("Add to blocklist").fill("+1900*")
    phone.get_by_label("Add to blocklist").press("Enter")
    expect(phone.get_by_role("status")).to_contain_text("Added to the list")
    expect(phone.get_by_role("button", name="Remove +1900* from blocklist")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    phone.screenshot(path=screenshot_path("subscriber-phone"), full_page=True)


def test_a_wrong_entry_is_shown_as_a_message(
    served: ServedProcess, page: Page, watch: PageWatch
) -> None:
    watch.expect_status(422)
    _sign_in(page, served)
    page.get_by_label("Add to allowlist").fill("not a number!")
    page.get_by_label("Add to allowlist").press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()

"""The operator's journey in a real browser: today's chart and campaign clusters, an audit search,
a verdict."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from browser_support import PageWatch, ServedProcess, screenshot_path
from clearline.storage.keys import Role
from http_support import message

CAMPAIGN_TEXT = "Vote for better parks this Tuesday at the community center downtown"
ORGANISER = "+13125550100"


def test_an_operator_sees_todays_chart_searches_the_audit_and_opens_a_verdict(
    served: ServedProcess, page: Page, watch: PageWatch
) -> None:
    operator = served.key(Role.OPERATOR)
    headers = {"Authorization": f"Bearer {operator}"}
    blocked = httpx.put(
        served.base_url + "/v1/subscribers/%2B14155550199/preferences",
        json={"blocklist": ["+12125550123"]},
        headers=headers,
        timeout=30,
    )
    assert blocked.status_code == 200, blocked.text
    # A campaign cluster before that: one text from an unregistered number to ten strangers,
    # two of whom answer STOP (an hour earlier in event time, so the audit search below is
    # unchanged).
    campaign = [
        message(
            f"o{i}",
            seconds=20 * i - 3600,
            to=f"+1415555020{i}",
            body=CAMPAIGN_TEXT,
            **{"from": ORGANISER},
        )
        for i in range(10)
    ]
    stops = [
        message(f"r{i}", seconds=i - 3300, to=ORGANISER, body="STOP", **{"from": f"+1415555020{i}"})
        for i in range(2)
    ]
    traffic = [message(f"d{i}", seconds=i) for i in range(5)]
    traffic.append(message("b1", seconds=9, to="+14155550199"))
    for batch in (campaign, stops, traffic):
        checked = httpx.post(
            served.base_url + "/v1/check", json={"messages": batch}, headers=headers, timeout=30
        )
        assert checked.status_code == 200, checked.text

    page.goto(served.base_url + "/")
    page.get_by_label("API key").fill(operator)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(served.base_url + "/operator")
    chart = page.get_by_role("img", name="Verdicts per hour by action, last 24 hours")
    expect(chart).to_be_visible()
    expect(page.locator("#traffic")).to_contain_text("Last 24 hours: 18 verdicts")
    expect(page.locator("#traffic")).to_contain_text("deliver 17")
    expect(page.locator("#traffic")).to_contain_text("block 1")
    assert chart.locator("rect").count() == 2  # this hour's bar: delivered, blocked
    cluster = page.get_by_role("table", name="Top campaign clusters").get_by_role("row").nth(1)
    expect(cluster).to_contain_text("unregistered")
    expect(cluster).to_contain_text("20 % (high)")  # two STOPs to ten first contacts
    page.screenshot(path=screenshot_path("operator"), full_page=True)

    # Sent from 10:00:05 in New York (15:00:05 UTC): only b1, sent at 15:00:09 UTC.
    page.get_by_label("Sent from (your time)").fill("2026-11-23T10:00:05")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Audit")).to_be_visible()
    rows = page.get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the blocked message
    expect(page.get_by_label("Sent from (your time)")).to_have_value("2026-11-23T10:00:05")
    page.get_by_label("Action", exact=True).select_option("deliver")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No verdict matches")).to_be_visible()  # both filters apply
    page.get_by_label("Action", exact=True).select_option("block")
    page.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(2)
    page.screenshot(path=screenshot_path("operator-audit"), full_page=True)

    page.get_by_role("link", name="b1").click()
    expect(page.get_by_role("heading", name="Verdict for message b1")).to_be_visible()
    expect(page.locator("pre.explain")).to_contain_text("Message b1: BLOCK")
    expect(page.locator("pre.explain")).to_contain_text("SUBSCRIBER_BLOCKLIST")
    expect(page.get_by_text("11/23/2026, 10:00:09 AM")).to_be_visible()  # sent, New York time
    page.screenshot(path=screenshot_path("operator-verdict"), full_page=True)

"""The operator console over HTTP (real uvicorn, httpx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from clearline.storage.keys import Role
from http_support import Service, message, serving
from web_support import csrf_of, sign_in

ORGANISER = "+13125550100"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """The real service on a SQLite file, with four verdicts scored now: two delivered, a block
    (a sender the recipient blocklisted) and an empty body."""
    with serving(f"sqlite:///{tmp_path / 'clearline.db'}", audit_writer="inline") as running:
        blocked = running.http.put(
            "/v1/subscribers/%2B14155550199/preferences",
            json={"blocklist": ["+12125550123"]},
            headers=running.headers(),
        )
        assert blocked.status_code == 200, blocked.text
        traffic = [
            message("d1"),
            message("d2", seconds=1, campaign="C-SHOP"),
            message("b1", seconds=2, to="+14155550199"),
            message("e1", seconds=3, body=""),
        ]
        assert running.check(traffic).status_code == 200
        yield running


@pytest.fixture
def operator(service: Service) -> Iterator[httpx.Client]:
    """A browser-like client signed in with an operator key."""
    client = httpx.Client(base_url=service.base_url, timeout=30)
    try:
        assert sign_in(client, service.key(Role.OPERATOR)).status_code == 303
        yield client
    finally:
        client.close()


def test_the_console_shows_todays_counts_disputes_and_policy(operator: httpx.Client) -> None:
    page = operator.get("/operator")
    assert page.status_code == 200
    assert "Last 24 hours: <strong>4</strong> verdicts" in page.text
    assert "<title>block 1</title>" in page.text  # the chart's bar for the blocked message
    assert "SUBSCRIBER_BLOCKLIST</a>: 1" in page.text
    assert (
        'C-SHOP</a>\n      (<span class="error">not registered</span>):\n      1, 0% filtered'
        in page.text
    )
    assert "Thresholds: tag" in page.text and "OPT_OUT_IGNORED" in page.text
    fragment = operator.get("/operator/traffic")
    assert fragment.text.startswith('<div id="traffic"') and "<html" not in fragment.text


def test_the_audit_search_filters_and_pages(operator: httpx.Client) -> None:
    blocked = operator.get("/operator/audit", params={"action": "block"})
    assert blocked.status_code == 200
    assert 'href="/operator/verdict?id=b1"' in blocked.text
    assert "verdict?id=d1" not in blocked.text
    by_sender = operator.get("/operator/audit", params={"sender": "+12125550123"}).text
    assert all(f"verdict?id={m}" in by_sender for m in ("d1", "d2", "b1", "e1"))
    bad_cursor = operator.get("/operator/audit", params={"after": "nonsense"})
    assert bad_cursor.status_code == 422
    assert "`after` is not a cursor this API gave" in bad_cursor.text


def test_a_verdict_page_explains_the_verdict(operator: httpx.Client) -> None:
    page = operator.get("/operator/verdict", params={"id": "b1"})
    assert page.status_code == 200
    assert "Message b1: BLOCK" in page.text
    assert "SUBSCRIBER_BLOCKLIST" in page.text and "to fix:" in page.text
    missing = operator.get("/operator/verdict", params={"id": "nope"})
    assert missing.status_code == 404
    assert "No verdict for message &#39;nope&#39;" in missing.text


def test_the_audit_search_filters_by_time(operator: httpx.Client) -> None:
    since = 1795446002.0  # 2026-11-23T15:00:02Z: b1 and e1 were sent at +2 s and +3 s
    by_epoch = operator.get("/operator/audit", params={"since": since}).text
    assert "verdict?id=b1" in by_epoch and "verdict?id=e1" in by_epoch
    assert "verdict?id=d1" not in by_epoch
    assert f'data-epoch="{since}"' in by_epoch  # shown back (in local time, by audit-form.js)
    typed = operator.get("/operator/audit", params={"from": "2026-11-23T15:00:02"}).text
    assert "verdict?id=b1" in typed and "verdict?id=d2" not in typed  # without a zone: UTC
    bad = operator.get("/operator/audit", params={"to": "yesterday"})
    assert bad.status_code == 422
    assert "To: not a date and time" in bad.text


def test_an_operator_updates_and_resolves_a_dispute_from_the_console(
    service: Service, operator: httpx.Client
) -> None:
    sender = service.key(Role.SENDER, brand="B-ACME")
    filed = service.http.post(
        "/v1/disputes",
        json={"subject_kind": "number", "subject": "+12125550123", "description": "blocked"},
        headers=service.headers(sender),
    )
    assert filed.status_code == 201, filed.text
    number = filed.json()["id"]
    token = csrf_of(operator.get("/operator").text)
    path = f"/operator/disputes/{number}/status"
    empty = operator.post(path, data={"csrf": token, "status": "in_review", "note": ""})
    assert empty.status_code == 422 and 'role="alert"' in empty.text
    done = operator.post(path, data={"csrf": token, "status": "upheld", "note": "Our mistake"})
    assert done.headers["location"] == "/operator?notice=dispute"
    shown = service.http.get(f"/v1/disputes/{number}", headers=service.headers(sender)).json()
    assert shown["status"] == "upheld" and shown["history"][-1]["note"] == "Our mistake"
    again = operator.post(path, data={"csrf": token, "status": "rejected", "note": "No"})
    assert again.status_code == 409  # a resolved dispute is final: the API's own refusal


def test_the_console_shows_a_clusters_open_share_and_opt_out_rate(
    service: Service, operator: httpx.Client
) -> None:
    assert "No clustered texts in the last 24 hours." in operator.get("/operator").text
    text = "Vote for better parks this Tuesday at the community center downtown"
    outreach = [
        message(f"o{i}", seconds=20 * i, to=f"+1415555020{i}", body=text, **{"from": ORGANISER})
        for i in range(10)
    ]
    stops = [
        message(f"r{i}", seconds=300 + i, to=ORGANISER, body="STOP", **{"from": f"+1415555020{i}"})
        for i in range(2)
    ]
    assert service.check(outreach).status_code == 200
    assert service.check(stops).status_code == 200
    page = operator.get("/operator/traffic").text
    table = page.split('id="clusters-heading"')[1]
    row = table.split("<tbody>")[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1].split("</td>")[0].strip() for cell in row.split("<td")[1:]]
    assert cells[1:] == [
        "10",
        "deliver 10",
        "unregistered",
        "100 %",
        "20 % (high)",
    ], cells


def test_markup_from_messages_shows_as_text_in_the_audit_and_the_verdict(
    service: Service, operator: httpx.Client
) -> None:
    markup = '<script>alert("x")</script>'
    checked = service.check(
        [
            message(
                markup, campaign=f"<b>C</b>{markup}", body=f"{markup} see http://a.example/{markup}"
            )
        ]
    )
    assert checked.status_code == 200, checked.text
    audit = operator.get("/operator/audit").text
    verdict = operator.get("/operator/verdict", params={"id": markup}).text
    for page_text in (audit, verdict):
        assert "<script>alert" not in page_text and "<b>C</b>" not in page_text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page_text

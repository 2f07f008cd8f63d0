"""The sender portal over HTTP: only the brand's campaigns, numbers and disputes; the pre-check;
registering a campaign; filing a dispute and following it (real uvicorn, httpx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from clearline.storage.keys import Role
from compliance_fixtures import ALICE, REGISTRY, SHOP, SHOP_2, msg
from http_support import Service, serving
from web_support import csrf_of, sign_in


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """The real service on a SQLite file with the shared test registry imported."""
    with serving(f"sqlite:///{tmp_path / 'clearline.db'}", audit_writer="inline") as running:
        answer = running.http.post("/v1/registry", json=REGISTRY, headers=running.headers())
        assert answer.status_code == 200, answer.text
        yield running


def _signed_in(service: Service, brand: str) -> httpx.Client:
    client = httpx.Client(base_url=service.base_url, timeout=30)
    assert sign_in(client, service.key(Role.SENDER, brand=brand)).status_code == 303
    return client


@pytest.fixture
def acme(service: Service) -> Iterator[httpx.Client]:
    """A browser-like client signed in as a sender of brand B-ACME."""
    client = _signed_in(service, "B-ACME")
    try:
        yield client
    finally:
        client.close()


def _post(client: httpx.Client, path: str, **fields: str) -> httpx.Response:
    token = csrf_of(client.get("/sender").text)
    return client.post(path, data={"csrf": token, **fields})


def test_the_portal_shows_the_brands_campaigns_and_numbers_only(acme: httpx.Client) -> None:
    page = acme.get("/sender")
    assert page.status_code == 200
    assert "<td>C-SHOP</td>" in page.text and "<td>C-ALERTS</td>" in page.text
    assert "C-POLL" not in page.text  # another brand's campaign
    assert f"{SHOP} · campaign C-SHOP" in page.text


def test_the_pre_check_gives_each_reason_with_its_fix(acme: httpx.Client) -> None:
    token = csrf_of(acme.get("/sender").text)
    fragment = acme.post(
        "/sender/lint",
        data={"csrf": token, "text": "Acme: 20% off all winter coats at acme.example/coats"},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text  # htmx gets the result alone
    assert "NO_OPT_OUT_LANGUAGE" in fragment.text
    assert "Fix: Add opt-out instructions" in fragment.text
    fixed = acme.post(
        "/sender/lint",
        data={
            "csrf": token,
            "text": "Acme: 20% off coats at acme.example/coats. Reply STOP to opt out",
        },
    )
    assert "Delivered: no filtering" in fixed.text and "<html" in fixed.text


def test_the_pre_check_refuses_another_brands_campaign_with_the_apis_message(
    acme: httpx.Client,
) -> None:
    answer = _post(acme, "/sender/lint", text="hi", campaign="C-POLL")
    assert answer.status_code == 404
    assert "no campaign &#39;C-POLL&#39; for this key" in answer.text


def test_registering_a_campaign_from_the_portal(acme: httpx.Client) -> None:
    refused = _post(
        acme,
        "/sender/campaigns",
        campaign_id="C-NEWS",
        use_case="marketing",
        sample_messages="Acme news. Reply STOP to opt out.",
        numbers="+12125550199",
    )
    assert refused.status_code == 403
    assert "+12125550199: not assigned to brand &#39;B-ACME&#39;" in refused.text
    done = _post(
        acme,
        "/sender/campaigns",
        campaign_id="C-NEWS",
        use_case="marketing",
        sample_messages="Acme news. Reply STOP to opt out.",
        numbers=SHOP_2,
    )
    assert done.headers["location"] == "/sender?notice=registered"
    assert "<td>C-NEWS</td>" in acme.get("/sender").text


def test_statistics_count_the_campaigns_verdicts_and_reasons(
    service: Service, acme: httpx.Client
) -> None:
    checked = service.check([msg("s1", SHOP, ALICE, ""), msg("s2", SHOP, ALICE, "", minutes=1)])
    assert checked.status_code == 200
    page = acme.get("/sender").text
    assert "C-SHOP: 2 messages" in page
    assert "BODY_EMPTY: 2" in page


def test_filing_a_dispute_and_following_it(service: Service, acme: httpx.Client) -> None:
    filed = _post(
        acme,
        "/sender/disputes",
        subject_kind="number",
        subject=SHOP,
        description="Our order confirmations are <b>blocked</b>",
        evidence="msg-1\nmsg-2",
    )
    assert filed.status_code == 303
    location = filed.headers["location"]
    assert location.startswith("/sender/disputes/") and location.endswith("?notice=filed")
    page = acme.get(location)
    assert page.status_code == 200
    assert "Dispute filed" in page.text
    assert "Our order confirmations are &lt;b&gt;blocked&lt;/b&gt;" in page.text
    assert "<td>open</td>" in page.text  # the history's first step
    dispute_path = location.split("?")[0]
    other = _signed_in(service, "B-VOTE")
    refused = other.get(dispute_path)
    other.close()
    assert refused.status_code == 404
    assert "for this key" in refused.text


def test_a_dispute_without_a_description_is_a_message(acme: httpx.Client) -> None:
    answer = _post(acme, "/sender/disputes", subject_kind="number", subject=SHOP, description="")
    assert answer.status_code == 422
    assert "description" in answer.text and 'role="alert"' in answer.text


def test_the_portal_and_the_console_page_long_dispute_lists(
    service: Service, acme: httpx.Client
) -> None:
    case = {"subject_kind": "number", "subject": SHOP, "description": "blocked"}
    headers = service.headers(service.key(Role.SENDER, brand="B-ACME"))
    for _ in range(27):
        assert service.http.post("/v1/disputes", json=case, headers=headers).status_code == 201
    operator = httpx.Client(base_url=service.base_url, timeout=30)
    try:
        assert sign_in(operator, service.key(Role.OPERATOR)).status_code == 303
        for client, page in ((acme, "/sender"), (operator, "/operator")):
            first = client.get(page).text
            assert first.count("/sender/disputes/" if page == "/sender" else "New status of") == 25
            later = first.split(f'href="{page}?disputes_from=')[1].split('"')[0]
            assert later == "25#disputes" or later == "25#disputes-heading"
            second = client.get(f"{page}?disputes_from=25").text
            assert second.count("/sender/disputes/" if page == "/sender" else "New status of") == 2
            assert "Later deadlines" not in second and "Sooner deadlines" in second
    finally:
        operator.close()


def test_a_pre_checked_text_with_markup_shows_as_text(acme: httpx.Client) -> None:
    answer = _post(acme, "/sender/lint", text='<script>alert("x")</script> Sale today!')
    assert answer.status_code == 200
    assert "<script>alert" not in answer.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Sale today!" in answer.text

"""Registry, campaigns, statistics and lint over HTTP, and every cross-tenant refusal."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from clearline.storage.keys import Role
from compliance_fixtures import ALICE, POLL, REGISTRY, SHOP, msg
from http_support import Service

NEW_CAMPAIGN: dict[str, Any] = {
    "id": "C-NEWS",
    "brand": "B-ACME",
    "use_case": "marketing",
    "sample_messages": ["Acme: this week's news at acme.example/news. Reply STOP to opt out."],
    "numbers": ["+12125550109"],
}


@pytest.fixture
def registered(service: Service) -> Service:
    """The service with the shared test registry imported by the operator."""
    response = service.http.post("/v1/registry", json=REGISTRY, headers=service.headers())
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": {"brands": 2, "campaigns": 3, "numbers": 4}}
    return service


def _acme(service: Service) -> dict[str, str]:
    return service.headers(service.key(Role.SENDER, brand="B-ACME"))


def _vote(service: Service) -> dict[str, str]:
    return service.headers(service.key(Role.SENDER, brand="B-VOTE"))


def test_a_bad_registry_document_is_refused_whole_with_its_problems(service: Service) -> None:
    bad = {"brands": [], "campaigns": [{**NEW_CAMPAIGN, "brand": "B-NOBODY"}]}
    response = service.http.post("/v1/registry", json=bad, headers=service.headers())
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_registry"
    assert "B-NOBODY" in response.json()["message"]
    listing = service.http.get("/v1/campaigns", headers=service.headers()).json()
    assert listing == {"campaigns": []}


def test_only_operators_import_the_registry(registered: Service) -> None:
    response = registered.http.post("/v1/registry", json=REGISTRY, headers=_acme(registered))
    assert response.status_code == 403


def test_a_sender_lists_and_reads_only_its_brands_campaigns(registered: Service) -> None:
    acme = _acme(registered)
    listing = registered.http.get("/v1/campaigns", headers=acme).json()["campaigns"]
    assert [c["id"] for c in listing] == ["C-ALERTS", "C-SHOP"]
    assert registered.http.get("/v1/campaigns/C-SHOP", headers=acme).json()["numbers"] == [
        SHOP,
        "+12125550103",
    ]
    other = registered.http.get("/v1/campaigns/C-POLL", headers=acme)
    assert other.status_code == 404
    assert other.json() == {"error": "not_found", "message": "no campaign 'C-POLL' for this key"}
    everything = registered.http.get("/v1/campaigns", headers=registered.headers()).json()
    assert len(everything["campaigns"]) == 3


def test_subscribers_see_no_campaigns(registered: Service) -> None:
    key = registered.key(Role.SUBSCRIBER, number=ALICE)
    assert registered.http.get("/v1/campaigns", headers=registered.headers(key)).status_code == 403


def test_a_sender_registers_a_campaign_that_then_routes_its_traffic(registered: Service) -> None:
    acme = _acme(registered)
    number = NEW_CAMPAIGN["numbers"][0]
    assigned = registered.http.put(
        f"/v1/numbers/{number}", json={"brand": "B-ACME"}, headers=registered.headers()
    )
    assert assigned.status_code == 200, assigned.text
    created = registered.http.put("/v1/campaigns/C-NEWS", json=NEW_CAMPAIGN, headers=acme)
    assert created.status_code == 200, created.text
    listing = registered.http.get("/v1/campaigns", headers=acme).json()["campaigns"]
    assert "C-NEWS" in [c["id"] for c in listing]


@pytest.mark.parametrize(
    ("campaign", "status", "fragment"),
    [
        ({**NEW_CAMPAIGN, "id": "C-POLL", "brand": "B-VOTE"}, 403, "for brand 'B-ACME' only"),
        ({**NEW_CAMPAIGN, "id": "C-POLL"}, 403, "belongs to another brand"),
        ({**NEW_CAMPAIGN, "numbers": [POLL]}, 409, "only by operator review"),
        (NEW_CAMPAIGN, 403, "not assigned to brand 'B-ACME'"),
        ({**NEW_CAMPAIGN, "id": "C-OTHER"}, 422, "is not 'C-NEWS'"),
        ({**NEW_CAMPAIGN, "use_case": "gossip"}, 422, "`use_case`"),
        ({**NEW_CAMPAIGN, "extra": 1}, 422, "unknown field `extra`"),
    ],
)
def test_a_sender_cannot_write_another_brands_campaign_or_number(
    registered: Service, campaign: dict[str, Any], status: int, fragment: str
) -> None:
    target = "C-POLL" if campaign["id"] == "C-POLL" else "C-NEWS"
    response = registered.http.put(
        f"/v1/campaigns/{target}", json=campaign, headers=_acme(registered)
    )
    assert response.status_code == status, response.text
    assert fragment in response.json()["message"]
    poll = registered.http.get("/v1/campaigns/C-POLL", headers=_vote(registered)).json()
    assert (poll["brand"], poll["numbers"]) == ("B-VOTE", [POLL])


def test_operators_and_subscribers_do_not_register_campaigns(registered: Service) -> None:
    for key in (None, registered.key(Role.SUBSCRIBER, number=ALICE)):
        response = registered.http.put(
            "/v1/campaigns/C-NEWS", json=NEW_CAMPAIGN, headers=registered.headers(key)
        )
        assert response.status_code == 403


def test_a_sender_sees_its_campaigns_verdicts_by_action_and_symbol(registered: Service) -> None:
    traffic = [
        msg("s1", SHOP, ALICE, "Acme: 20% off all winter coats at acme.example/coats. Reply STOP"),
        msg("s2", SHOP, ALICE, "", minutes=1),
        msg("p1", POLL, ALICE, "Vote Together: polls open 7am. Reply STOP to opt out."),
    ]
    checked = registered.check(traffic)
    assert checked.status_code == 200
    expected: Counter[str] = Counter()
    for verdict in checked.json()["verdicts"][:2]:  # the campaign's two messages
        expected.update({r["symbol"] for r in verdict["reasons"]})
    acme = _acme(registered)
    stats = registered.http.get("/v1/campaigns/C-SHOP/stats", headers=acme)
    assert stats.status_code == 200
    body = stats.json()
    assert body["campaign"] == "C-SHOP" and body["messages"] == 2
    assert sum(body["by_action"].values()) == 2
    assert body["by_symbol"].get("BODY_EMPTY") == 1
    assert body["by_symbol"] == dict(expected)  # each symbol once per verdict it fired on
    assert registered.http.get("/v1/campaigns/C-POLL/stats", headers=acme).status_code == 404
    vote = registered.http.get("/v1/campaigns/C-POLL/stats", headers=_vote(registered)).json()
    assert vote["messages"] == 1


def test_lint_explains_what_would_be_filtered(registered: Service) -> None:
    response = registered.http.post(
        "/v1/lint",
        json={"text": "Big sale at bit.ly/x", "campaign": "C-SHOP"},
        headers=_acme(registered),
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["filtered"] is True
    symbols = {f["symbol"] for f in report["findings"]}
    assert "A2P_URL_SHORTENER" in symbols
    assert all(f["fix"] for f in report["findings"])


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"text": "hi", "campaign": "C-POLL"}, 404, "no campaign 'C-POLL'"),
        ({"text": "hi", "send_time": "tomorrow"}, 422, "`send_time`"),
        ({"text": "hi", "send_time": "2026-11-23T10:00:00"}, 422, "`send_time`"),
        ({"text": "hi", "use_case": "gossip"}, 422, "unknown use case"),
        ({"body": "hi"}, 422, "unknown field `body`"),
        ({}, 422, "missing required field `text`"),
    ],
)
def test_lint_refuses_another_brands_campaign_and_bad_input(
    registered: Service, body: dict[str, Any], status: int, fragment: str
) -> None:
    response = registered.http.post("/v1/lint", json=body, headers=_acme(registered))
    assert response.status_code == status, response.text
    assert fragment in response.json()["message"]


def test_subscribers_cannot_lint(registered: Service) -> None:
    key = registered.key(Role.SUBSCRIBER, number=ALICE)
    response = registered.http.post(
        "/v1/lint", json={"text": "hi"}, headers=registered.headers(key)
    )
    assert response.status_code == 403

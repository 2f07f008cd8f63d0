"""``GET /v1/traffic`` (the last hours' verdicts by hour, action, symbol and campaign) and the
audit's ``message_id`` filter, which the operator console's verdict page uses."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from clearline.storage.keys import Role
from http_support import Service, message


@pytest.fixture
def scored(service: Service) -> Service:
    """Four verdicts scored now: three delivered (one for C-SHOP) and one blocked (a sender the
    recipient blocklisted)."""
    blocked = service.http.put(
        "/v1/subscribers/%2B14155550199/preferences",
        json={"blocklist": ["+12125550123"]},
        headers=service.headers(),
    )
    assert blocked.status_code == 200, blocked.text
    traffic = [
        message("d1"),
        message("d2", seconds=1, campaign="C-SHOP"),
        message("b1", seconds=2, to="+14155550199"),
        message("d3", seconds=3),
    ]
    assert service.check(traffic).status_code == 200
    return service


def test_traffic_counts_this_hours_verdicts_by_action_and_symbol(scored: Service) -> None:
    answer = scored.http.get("/v1/traffic", headers=scored.headers())
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["hours"]) == 24
    starts = [dt.datetime.fromisoformat(hour["start"]).timestamp() for hour in body["hours"]]
    assert body["hours"][0]["start"] == body["since"]  # RFC 3339, as every time of the API
    assert starts == [starts[0] + 3600 * i for i in range(24)]
    assert starts[-1] <= time.time()
    # Scored a moment ago: in the last hour (or the one before, when the hour just turned).
    recent = body["hours"][-2:]
    assert sum(n for hour in recent for n in hour["by_action"].values()) == 4
    assert sum(hour["by_action"].get("block", 0) for hour in recent) == 1
    assert {"symbol": "SUBSCRIBER_BLOCKLIST", "messages": 1} in body["top_symbols"]
    assert body["top_campaigns"][0]["campaign"] == "C-SHOP"


def test_traffic_is_for_operators_only(scored: Service) -> None:
    key = scored.key(Role.SENDER, brand="B-ACME")
    assert scored.http.get("/v1/traffic", headers=scored.headers(key)).status_code == 403


def test_the_audit_finds_one_message_by_its_id(scored: Service) -> None:
    answer = scored.http.get("/v1/audit", params={"message_id": "b1"}, headers=scored.headers())
    assert answer.status_code == 200
    assert [(v["id"], v["action"]) for v in answer.json()["verdicts"]] == [("b1", "block")]


CAMPAIGN_TEXT = "Vote for better parks this Tuesday at the community center downtown"
ORGANISER = "+13125550100"


def test_top_clusters_carry_their_open_share_opt_out_rate_and_registration(
    service: Service,
) -> None:
    # One text from an unregistered long code to ten strangers (first contacts, 20 s apart),
    # and two of them answer STOP: 100 % opens, 20 % opt-outs, all unregistered.
    outreach = [
        message(
            f"o{i}", seconds=20 * i, to=f"+1415555020{i}", body=CAMPAIGN_TEXT, **{"from": ORGANISER}
        )
        for i in range(10)
    ]
    replies = [
        message(f"r{i}", seconds=300 + i, to=ORGANISER, body="STOP", **{"from": f"+1415555020{i}"})
        for i in range(2)
    ]
    assert service.check(outreach).status_code == 200
    assert service.check(replies).status_code == 200
    answer = service.http.get("/v1/traffic", headers=service.headers())
    assert answer.status_code == 200, answer.text
    clusters = answer.json()["top_clusters"]
    assert len(clusters) == 1  # the STOPs are too short to cluster
    top = clusters[0]
    assert top["messages"] == 10
    profile = top["profile"]
    assert profile["open_share"] == pytest.approx(1.0, abs=0.001)
    assert profile["opt_out_rate"] == pytest.approx(0.2, abs=0.001)
    assert profile["unregistered_share"] == pytest.approx(1.0, abs=0.001)
    assert profile["as_of"] == "2026-11-23T15:05:01Z"  # the last reply's event time

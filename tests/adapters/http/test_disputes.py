"""Disputes over HTTP: a sender files and follows its own; operators work the queue in time."""

from __future__ import annotations

import time
from typing import Any

import pytest

from clearline.adapters.http import metrics
from clearline.adapters.http.times import parse_time
from clearline.storage.keys import Role
from compliance_fixtures import POLL, REGISTRY, SHOP, SHOP_2
from http_support import Service, message, serving

CASE: dict[str, Any] = {
    "subject_kind": "campaign",
    "subject": "C-SHOP",
    "description": "Our opted-in customers stopped getting the weekend offer.",
    "evidence": ["consent export 2026-11-20", "message id s1"],
}


@pytest.fixture
def registered(service: Service) -> Service:
    response = service.http.post("/v1/registry", json=REGISTRY, headers=service.headers())
    assert response.status_code == 200
    return service


def _acme(service: Service) -> dict[str, str]:
    return service.headers(service.key(Role.SENDER, brand="B-ACME"))


def _vote(service: Service) -> dict[str, str]:
    return service.headers(service.key(Role.SENDER, brand="B-VOTE"))


def test_a_sender_files_a_dispute_with_deadlines(registered: Service) -> None:
    before = time.time()
    filed = registered.http.post("/v1/disputes", json=CASE, headers=_acme(registered))
    assert filed.status_code == 201, filed.text
    dispute = filed.json()
    assert (dispute["brand"], dispute["status"], dispute["evidence"]) == (
        "B-ACME",
        "open",
        CASE["evidence"],
    )
    filed_at = parse_time(dispute["filed_at"])
    assert parse_time(dispute["status_due_at"]) == pytest.approx(filed_at + 24 * 3600)
    assert parse_time(dispute["resolution_due_at"]) == pytest.approx(filed_at + 24 * 3600)
    assert filed_at >= before - 1e-6  # shown to the microsecond
    assert not dispute["status_overdue"] and not dispute["resolution_overdue"]
    assert [e["status"] for e in dispute["history"]] == ["open"]


def test_the_operator_updates_and_resolves_and_the_sender_sees_every_step(
    registered: Service,
) -> None:
    acme = _acme(registered)
    dispute_id = registered.http.post("/v1/disputes", json=CASE, headers=acme).json()["id"]
    queue = registered.http.get(
        "/v1/disputes", params={"status": "open"}, headers=registered.headers()
    ).json()["disputes"]
    assert [d["id"] for d in queue] == [dispute_id]
    step = {"status": "in_review", "note": "Looking at the consent records."}
    path = f"/v1/disputes/{dispute_id}/status"
    assert registered.http.post(path, json=step, headers=registered.headers()).status_code == 200
    decision = {"status": "upheld", "note": "Consent verified; filtering lifted."}
    resolved = registered.http.post(path, json=decision, headers=registered.headers())
    assert resolved.status_code == 200
    seen = registered.http.get(f"/v1/disputes/{dispute_id}", headers=acme).json()
    assert (seen["status"], seen["decision_note"]) == ("upheld", decision["note"])
    assert [(e["by"], e["status"]) for e in seen["history"]] == [
        ("sender", "open"),
        ("operator", "in_review"),
        ("operator", "upheld"),
    ]
    again = registered.http.post(path, json=step, headers=registered.headers())
    assert (again.status_code, again.json()["error"]) == (409, "conflict")


def test_a_sender_never_sees_or_touches_another_brands_disputes(registered: Service) -> None:
    dispute_id = registered.http.post("/v1/disputes", json=CASE, headers=_acme(registered)).json()[
        "id"
    ]
    vote = _vote(registered)
    assert registered.http.get(f"/v1/disputes/{dispute_id}", headers=vote).status_code == 404
    assert registered.http.get("/v1/disputes", headers=vote).json() == {"disputes": []}
    step = {"status": "rejected", "note": "nope"}
    response = registered.http.post(f"/v1/disputes/{dispute_id}/status", json=step, headers=vote)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("case", "status", "fragment"),
    [
        ({**CASE, "subject": "C-POLL"}, 404, "no campaign 'C-POLL'"),
        ({**CASE, "subject_kind": "number", "subject": POLL}, 403, "registered to another brand"),
        ({**CASE, "subject_kind": "number", "subject": "12345"}, 422, "E.164"),
        ({**CASE, "subject_kind": "person"}, 422, "subject_kind"),
        ({**CASE, "priority": "high"}, 422, "priority"),
        ({**CASE, "description": ""}, 422, "description"),
    ],
)
def test_a_dispute_about_another_brand_or_badly_formed_is_refused(
    registered: Service, case: dict[str, Any], status: int, fragment: str
) -> None:
    response = registered.http.post("/v1/disputes", json=case, headers=_acme(registered))
    assert response.status_code == status, response.text
    payload = response.json()
    assert fragment in payload["message"] + " ".join(payload.get("problems", []))


def test_a_sender_may_dispute_an_unregistered_number(registered: Service) -> None:
    case = {**CASE, "subject_kind": "number", "subject": "+13125550177"}
    response = registered.http.post("/v1/disputes", json=case, headers=_acme(registered))
    assert response.status_code == 201


def test_operators_and_subscribers_do_not_file_and_subscribers_do_not_read(
    registered: Service,
) -> None:
    subscriber = registered.headers(registered.key(Role.SUBSCRIBER, number="+14155550100"))
    for headers in (registered.headers(), subscriber):
        assert registered.http.post("/v1/disputes", json=CASE, headers=headers).status_code == 403
    assert registered.http.get("/v1/disputes", headers=subscriber).status_code == 403


def test_an_unknown_dispute_is_404_for_everyone(registered: Service) -> None:
    assert registered.http.get("/v1/disputes/999", headers=registered.headers()).status_code == 404
    update = {"status": "in_review", "note": "x"}
    response = registered.http.post(
        "/v1/disputes/999/status", json=update, headers=registered.headers()
    )
    assert response.status_code == 404


class ClockAhead:
    """A wall clock the test moves: ``time()`` is the real time plus ``ahead`` seconds."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def time(self) -> float:
        """The real time, moved forward by ``ahead``."""
        return time.time() + self.ahead


def _samples(service: Service) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    from prometheus_client.parser import text_string_to_metric_families

    response = service.http.get("/metrics")
    assert response.status_code == 200, response.text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


OVERDUE_STATUS = ("clearline_disputes_overdue", (("deadline", "status"),))
OVERDUE_RESOLUTION = ("clearline_disputes_overdue", (("deadline", "resolution"),))


def test_metrics_show_the_dispute_queue_and_what_is_overdue(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The queue is read at scrape time; the scrape's clock is moved instead of waiting for a
    # deadline. Status update due after 24 h, resolution after 48 h: each side of each deadline.
    clock = ClockAhead()
    monkeypatch.setattr(metrics, "time", clock)
    hour = 3600.0
    with serving(db_url, dispute_resolution_hours=48) as service:
        registry = service.http.post("/v1/registry", json=REGISTRY, headers=service.headers())
        assert registry.status_code == 200, registry.text
        filed = service.http.post("/v1/disputes", json=CASE, headers=_acme(service))
        assert filed.status_code == 201, filed.text
        seen = {}
        for ahead in (0.0, 24 * hour - 60, 24 * hour + 60, 48 * hour - 60, 48 * hour + 60):
            clock.ahead = ahead
            seen[ahead] = _samples(service)
    assert seen[0.0][("clearline_disputes", (("status", "open"),))] == 1
    assert seen[0.0][("clearline_disputes", (("status", "upheld"),))] == 0
    overdue = [(s[OVERDUE_STATUS], s[OVERDUE_RESOLUTION]) for s in seen.values()]
    assert overdue == [(0, 0), (0, 0), (1, 0), (1, 0), (1, 1)]
    oldest = seen[48 * hour + 60][("clearline_dispute_oldest_open_seconds", ())]
    assert oldest >= 48 * hour + 60


NOON_SECONDS = 5 * 3600.0  # 20:00 UTC: noon for the +1415 recipients, outside quiet hours
ALICE, BOB = "+14155550100", "+14155550111"
FLOODER = "+13125550177"


def _flood(service: Service, sender: str, prefix: str, to: str = ALICE) -> list[dict[str, Any]]:
    """Seven identical texts within minutes: the seventh is blocked on its score (flood guard)."""
    batch = [
        message(f"{prefix}{i}", seconds=NOON_SECONDS + i, to=to, body="see you at six")
        | {"from": sender}
        for i in range(7)
    ]
    verdicts: list[dict[str, Any]] = service.check(batch).json()["verdicts"]
    return verdicts


def _resolve(service: Service, dispute_id: int, status: str) -> dict[str, Any]:
    step = {"status": status, "note": "Consent records verified; filtering lifted."}
    response = service.http.post(
        f"/v1/disputes/{dispute_id}/status", json=step, headers=service.headers()
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_upholding_a_number_dispute_lifts_its_block_at_once(registered: Service) -> None:
    assert _flood(registered, FLOODER, "a")[-1]["action"] == "block"
    case = {**CASE, "subject_kind": "number", "subject": FLOODER}
    dispute_id = registered.http.post("/v1/disputes", json=case, headers=_acme(registered)).json()[
        "id"
    ]
    resolved = _resolve(registered, dispute_id, "upheld")
    assert resolved["lifted"]["symbol"] == "SENDER_DISPUTE_UPHELD"
    assert resolved["lifted"]["keys"] == [f"sender:{FLOODER}"]
    seen = registered.http.get(f"/v1/disputes/{dispute_id}", headers=_acme(registered)).json()
    assert seen["lifted"] == resolved["lifted"]
    # the very next message, to any recipient, is delivered and names the dispute
    lifted = _flood(registered, FLOODER, "b", to=BOB)[-1]
    assert lifted["action"] == "deliver"
    reason = next(r for r in lifted["reasons"] if r["symbol"] == "SENDER_DISPUTE_UPHELD")
    assert f"dispute {dispute_id}" in reason["detail"]
    audited = registered.http.get(
        "/v1/audit", params={"symbol": "SENDER_DISPUTE_UPHELD"}, headers=registered.headers()
    ).json()
    assert len(audited["verdicts"]) == 7
    # a STOP is still honoured: the correction never overrides it
    stop = message("stop", seconds=NOON_SECONDS + 60, to=FLOODER, body="STOP") | {"from": BOB}
    registered.check([stop])
    after = [
        message(f"c{i}", seconds=NOON_SECONDS + 70 + i, to=BOB, body=f"hello {i}")
        | {"from": FLOODER}
        for i in range(2)
    ]
    assert registered.check(after).json()["verdicts"][-1]["action"] == "block"


def test_an_operator_can_withdraw_a_lift_and_the_block_returns(registered: Service) -> None:
    case = {**CASE, "subject_kind": "number", "subject": FLOODER}
    acme = _acme(registered)
    dispute_id = registered.http.post("/v1/disputes", json=case, headers=acme).json()["id"]
    path = f"/v1/disputes/{dispute_id}/withdraw-lift"
    reason = {"note": "The number started sending lottery texts."}
    # nothing is lifted before the dispute is upheld
    early = registered.http.post(path, json=reason, headers=registered.headers())
    assert early.status_code == 409 and "nothing to withdraw" in early.json()["message"]
    _resolve(registered, dispute_id, "upheld")
    assert _flood(registered, FLOODER, "a")[-1]["action"] == "deliver"
    # a sender cannot withdraw; the operator can, once
    assert registered.http.post(path, json=reason, headers=acme).status_code == 403
    withdrawn = registered.http.post(path, json=reason, headers=registered.headers())
    assert withdrawn.status_code == 200, withdrawn.text
    shown = withdrawn.json()
    assert shown["lifted"]["withdrawn_note"] == reason["note"]
    assert shown["history"][-1]["note"] == f"lift withdrawn: {reason['note']}"
    again = registered.http.post(path, json=reason, headers=registered.headers())
    assert again.status_code == 409
    # the next flood from the number is judged on its own again
    after = _flood(registered, FLOODER, "b", to=BOB)[-1]
    assert after["action"] == "block"
    assert all(r["symbol"] != "SENDER_DISPUTE_UPHELD" for r in after["reasons"])
    seen = registered.http.get(f"/v1/disputes/{dispute_id}", headers=acme).json()
    assert "withdrawn_at" in seen["lifted"]


def test_upholding_a_campaign_dispute_lifts_its_numbers(registered: Service) -> None:
    assert _flood(registered, SHOP, "a")[-1]["action"] == "block"
    dispute_id = registered.http.post("/v1/disputes", json=CASE, headers=_acme(registered)).json()[
        "id"
    ]
    resolved = _resolve(registered, dispute_id, "upheld")
    assert resolved["lifted"]["keys"] == ["campaign:C-SHOP", f"sender:{SHOP}", f"sender:{SHOP_2}"]
    assert _flood(registered, SHOP_2, "b")[-1]["action"] == "deliver"


def test_a_rejected_dispute_lifts_nothing(registered: Service) -> None:
    case = {**CASE, "subject_kind": "number", "subject": FLOODER}
    dispute_id = registered.http.post("/v1/disputes", json=case, headers=_acme(registered)).json()[
        "id"
    ]
    assert _resolve(registered, dispute_id, "rejected")["lifted"] is None
    assert _flood(registered, FLOODER, "a")[-1]["action"] == "block"


@pytest.mark.parametrize("dispute_id", [2**63, 2**63 + 1, 2**31, 10**30, 0, -1, -(2**63) - 1])
def test_a_dispute_id_no_dispute_can_have_is_404_on_every_route(
    service: Service, dispute_id: int
) -> None:
    operator = service.headers()
    shown = service.http.get(f"/v1/disputes/{dispute_id}", headers=operator)
    step = {"status": "in_review", "note": "looking"}
    updated = service.http.post(f"/v1/disputes/{dispute_id}/status", json=step, headers=operator)
    withdrawn = service.http.post(
        f"/v1/disputes/{dispute_id}/withdraw-lift", json={"note": "abuse"}, headers=operator
    )
    for response in (shown, updated, withdrawn):
        assert response.status_code == 404, response.text
        assert response.json()["error"] == "not_found"


def test_the_queue_is_paged_with_an_offset(registered: Service) -> None:
    acme = _acme(registered)
    filed = [
        registered.http.post("/v1/disputes", json=CASE, headers=acme).json()["id"] for _ in range(3)
    ]
    first = registered.http.get("/v1/disputes", params={"limit": 2}, headers=registered.headers())
    rest = registered.http.get(
        "/v1/disputes", params={"limit": 2, "offset": 2}, headers=registered.headers()
    )
    assert [d["id"] for d in first.json()["disputes"]] == filed[:2]
    assert [d["id"] for d in rest.json()["disputes"]] == filed[2:]
    bad = registered.http.get("/v1/disputes", params={"offset": -1}, headers=registered.headers())
    assert bad.status_code == 422


def _robocall(service: Service, first: int, count: int) -> list[dict[str, Any]]:
    """Calls from SHOP to callees far apart, one a second: the 11th within a minute is labelled
    (CALLER_RATE_MINUTE)."""
    calls = [
        {
            "id": f"call-{i}",
            "ts": f"2026-11-23T15:00:{i:02d}Z",
            "from": SHOP,
            "to": f"+1415555{1000 + 37 * i:04d}",
        }
        for i in range(first, first + count)
    ]
    response = service.http.post(
        "/v1/calls/check", json={"calls": calls}, headers=service.headers()
    )
    assert response.status_code == 200, response.text
    verdicts: list[dict[str, Any]] = response.json()["verdicts"]
    return verdicts


def test_upholding_a_calling_number_dispute_rings_its_next_call_without_the_label(
    registered: Service,
) -> None:
    labelled = _robocall(registered, 0, 11)[-1]
    assert labelled["action"] == "tag"
    assert "CALLER_RATE_MINUTE" in [r["symbol"] for r in labelled["reasons"]]
    case = {**CASE, "subject_kind": "calling_number", "subject": SHOP}
    filed = registered.http.post("/v1/disputes", json=case, headers=_acme(registered))
    assert filed.status_code == 201, filed.text
    assert filed.json()["subject_kind"] == "calling_number"
    resolved = _resolve(registered, filed.json()["id"], "upheld")
    assert resolved["lifted"]["symbol"] == "CALL_DISPUTE_UPHELD"
    assert resolved["lifted"]["keys"] == [f"caller:{SHOP}"]
    # The next call still dials at the same rate, and rings unlabelled, naming the dispute.
    lifted = _robocall(registered, 11, 1)[-1]
    assert lifted["action"] == "deliver"
    symbols = [r["symbol"] for r in lifted["reasons"]]
    assert "CALLER_RATE_MINUTE" in symbols
    reason = next(r for r in lifted["reasons"] if r["symbol"] == "CALL_DISPUTE_UPHELD")
    assert f"dispute {filed.json()['id']}" in reason["detail"]
    # The number's texts are not corrected by a dispute about its calls.
    assert _flood(registered, SHOP, "t")[-1]["action"] == "block"


@pytest.mark.parametrize(
    ("subject", "fragment"),
    [(SHOP, "registered to another brand"), (FLOODER, "not registered to your brand")],
)
def test_only_the_brand_that_owns_a_calling_number_may_dispute_its_calls(
    registered: Service, subject: str, fragment: str
) -> None:
    case = {**CASE, "subject_kind": "calling_number", "subject": subject}
    response = registered.http.post("/v1/disputes", json=case, headers=_vote(registered))
    assert response.status_code == 403, response.text
    assert fragment in response.json()["message"]

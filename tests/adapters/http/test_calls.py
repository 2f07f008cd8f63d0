"""``POST /v1/calls/check`` and the blocked-calls lists, over HTTP on SQLite and PostgreSQL:
operator keys only, errors in place, idempotent by call id, the subscriber's preferences applied,
and each subscriber seeing only the calls to their own number."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from clearline.storage.keys import Role
from http_support import Service

T0 = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
ALICE = "+14155550100"
BOB = "+14155550177"
STRANGER = "+13125550123"
FRIEND = "+12125550111"


def call(id: str, *, minutes: float = 0.0, **fields: Any) -> dict[str, Any]:
    """A call record as JSON, ``minutes`` after a fixed instant."""
    record: dict[str, Any] = {
        "id": id,
        "ts": (T0 + dt.timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z"),
        "from": STRANGER,
        "to": ALICE,
    }
    record.update(fields)
    return record


def check_calls(service: Service, calls: list[Any], key: str | None = None) -> httpx.Response:
    return service.http.post("/v1/calls/check", json={"calls": calls}, headers=service.headers(key))


def _verdicts(response: httpx.Response) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.text
    return [
        (v.get("id"), v.get("action"), [r["symbol"] for r in v.get("reasons", [])])
        if "error" not in v
        else (v["index"], v["id"], "error")
        for v in response.json()["verdicts"]
    ]


def test_operator_checks_calls_and_bad_ones_get_errors_in_place(service: Service) -> None:
    response = check_calls(
        service,
        [call("c1"), {"id": "bad", "ts": "yesterday", "from": STRANGER, "to": ALICE}, call("c2")],
    )
    assert _verdicts(response) == [
        ("c1", "deliver", ["SHAKEN_ABSENT"]),
        (1, "bad", "error"),
        ("c2", "deliver", ["SHAKEN_ABSENT"]),
    ]
    assert "ts" in response.json()["verdicts"][1]["error"]


@pytest.mark.parametrize(
    ("role", "binding"),
    [(Role.SENDER, {"brand": "ACME"}), (Role.SUBSCRIBER, {"number": ALICE})],
)
def test_only_operators_may_check_calls(
    service: Service, role: Role, binding: dict[str, str]
) -> None:
    response = check_calls(service, [call("c1")], key=service.key(role, **binding))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    # Nothing was scored or recorded: the operator's check of the same id is a first scoring.
    operator = service.http.get(f"/v1/subscribers/{ALICE}/calls/blocked", headers=service.headers())
    assert operator.json()["calls"] == []


def test_calls_check_needs_a_key(service: Service) -> None:
    response = service.http.post("/v1/calls/check", json={"calls": [call("c1")]})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{nope", 400), (b'{"messages": []}', 422), (b"[]", 422)],
)
def test_calls_check_refuses_a_bad_envelope(service: Service, body: bytes, status: int) -> None:
    response = service.http.post(
        "/v1/calls/check",
        content=body,
        headers={**service.headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == status, response.text


def test_a_call_checked_twice_gets_its_stored_verdict_and_is_not_counted_again(
    service: Service,
) -> None:
    alice = service.headers(service.key(Role.SUBSCRIBER, number=ALICE))
    prefs = {"mode": "contacts_only"}
    assert service.http.put("/v1/subscriber/preferences", json=prefs, headers=alice).is_success
    first = _verdicts(check_calls(service, [call("c1")]))
    assert first == [("c1", "block", ["SHAKEN_ABSENT", "CALL_NOT_CONTACT"])]
    # The same call again: not a second call from the stranger (which would ring through).
    assert _verdicts(check_calls(service, [call("c1")])) == first
    # A second, new call within three minutes is one, and rings through.
    assert _verdicts(check_calls(service, [call("c2", minutes=1)])) == [
        ("c2", "deliver", ["SHAKEN_ABSENT", "CALL_REPEATED"])
    ]


def test_blocked_calls_are_listed_for_the_subscriber_and_the_operator_only(
    service: Service,
) -> None:
    alice = service.headers(service.key(Role.SUBSCRIBER, number=ALICE))
    bob = service.headers(service.key(Role.SUBSCRIBER, number=BOB))
    prefs = {"mode": "contacts_only", "contacts": [FRIEND], "blocklist": ["+1900*"]}
    assert service.http.put("/v1/subscriber/preferences", json=prefs, headers=alice).is_success
    calls = [
        call("stranger"),
        call("friend", minutes=5, **{"from": FRIEND}),
        call("premium", minutes=10, **{"from": "+19005550100"}),
        call("to-bob", minutes=11, to=BOB),
        call("e911", minutes=12, **{"from": ALICE, "to": "911"}),
    ]
    assert _verdicts(check_calls(service, calls)) == [
        ("stranger", "block", ["SHAKEN_ABSENT", "CALL_NOT_CONTACT"]),
        ("friend", "deliver", ["SHAKEN_ABSENT"]),
        ("premium", "block", ["SHAKEN_ABSENT", "CALL_BLOCKLIST"]),
        ("to-bob", "deliver", ["SHAKEN_ABSENT"]),
        ("e911", "deliver", ["EMERGENCY_CALL", "SHAKEN_ABSENT"]),
    ]
    mine = service.http.get("/v1/subscriber/calls/blocked", headers=alice)
    assert mine.status_code == 200, mine.text
    listed = mine.json()
    assert listed["number"] == ALICE
    assert [(c["id"], c["from"]) for c in listed["calls"]] == [
        ("premium", "+19005550100"),
        ("stranger", STRANGER),
    ]
    assert "CALL_BLOCKLIST" in [r["symbol"] for r in listed["calls"][0]["reasons"]]
    assert service.http.get("/v1/subscriber/calls/blocked", headers=bob).json()["calls"] == []
    operator = service.http.get(f"/v1/subscribers/{ALICE}/calls/blocked", headers=service.headers())
    assert operator.json()["calls"] == listed["calls"]
    page = service.http.get(
        f"/v1/subscribers/{ALICE}/calls/blocked?limit=1", headers=service.headers()
    ).json()
    assert [c["id"] for c in page["calls"]] == ["premium"]
    assert page["next"] == "2026-11-23T15:10:00Z"  # the event time of the call shown last
    rest = service.http.get(
        f"/v1/subscribers/{ALICE}/calls/blocked",
        params={"limit": 1, "before": page["next"]},
        headers=service.headers(),
    ).json()
    assert [(c["id"], c["ts"]) for c in rest["calls"]] == [("stranger", "2026-11-23T15:00:00Z")]
    # A subscriber reads only its own list; the operator's form is for operators.
    refused = service.http.get(f"/v1/subscribers/{ALICE}/calls/blocked", headers=bob)
    assert refused.status_code == 403
    sender = service.headers(service.key(Role.SENDER, brand="ACME"))
    assert service.http.get("/v1/subscriber/calls/blocked", headers=sender).status_code == 403


def test_an_ftc_complaint_file_posted_to_the_lists_tags_calls_from_complained_numbers(
    service: Service,
) -> None:
    ftc = (
        "Company_Phone_Number,Created_Date,Violation_Date,Consumer_City,Consumer_State,"
        "Consumer_Area_Code,Subject,Recorded_Message_Or_Robocall\n"
        "3125550199,2021-07-07 00:01:15,,,,312,Medical & prescriptions,Y\n"
        "13125550199,2021-07-07 08:00:00,,,,312,Other,\n"
        "70611454600144,2021-07-07 00:01:49,,,,510,No Subject Provided,\n"
    )
    imported = service.http.post(
        "/v1/lists",
        content=ftc.encode(),
        headers={**service.headers(), "Content-Type": "text/csv"},
    )
    assert (imported.status_code, imported.json()) == (
        200,
        {"imported": {"listed": 2, "skipped": 1}},
    )
    response = check_calls(service, [call("c1", **{"from": "+13125550199"})])
    assert _verdicts(response) == [("c1", "tag", ["SHAKEN_ABSENT", "CALLER_COMPLAINTS"])]
    detail = response.json()["verdicts"][0]["reasons"][1]["detail"]
    assert detail == "2 consumer complaints about calls from +13125550199, the latest: FTC: Other"

"""Time on the HTTP API: every instant in a response is an RFC 3339 UTC string, and every time
parameter takes RFC 3339 (with an offset) or, as before, epoch seconds."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from clearline.adapters.http.times import parse_time, rfc3339
from clearline.storage.keys import Role
from http_support import T0, Service, message

NUMBER = "+14155550100"
RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")


def _is_rfc3339(value: object) -> bool:
    return isinstance(value, str) and RFC3339_UTC.fullmatch(value) is not None


def _stamp(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def test_the_audit_shows_and_filters_by_rfc3339_times(service: Service) -> None:
    batch = [message("a1", body=""), message("a2", seconds=60), message("a3", seconds=120)]
    assert service.check(batch).status_code == 200
    operator = service.headers()

    def ids(**params: object) -> list[str]:
        response = service.http.get("/v1/audit", params=params, headers=operator)
        assert response.status_code == 200, response.text
        return [verdict["id"] for verdict in response.json()["verdicts"]]

    assert ids(since="2026-11-23T15:01:00Z") == ["a3", "a2"]  # the 422
    assert ids(until="2026-11-23T16:01:00+01:00") == ["a1"]  # an offset is converted
    assert ids(since=T0.timestamp() + 60, until=str(T0.timestamp() + 120)) == ["a2"]  # epoch
    verdicts = service.http.get("/v1/audit", headers=operator).json()["verdicts"]
    assert [v["ts"] for v in verdicts] == [_stamp(120), _stamp(60), _stamp(0)]
    assert all(_is_rfc3339(v["received_at"]) for v in verdicts)


@pytest.mark.parametrize("since", ["2026-11-23T15:01:00", "yesterday", "nan", "2026-13-01T00:00Z"])
def test_a_time_that_is_not_rfc3339_with_an_offset_nor_epoch_is_a_clear_422(
    service: Service, since: str
) -> None:
    response = service.http.get("/v1/audit", params={"since": since}, headers=service.headers())
    assert response.status_code == 422
    assert any(problem.startswith("since:") for problem in response.json()["problems"])


def test_the_spam_folder_reports_and_preferences_show_rfc3339(service: Service) -> None:
    batch = [message("s1", body=""), message("s2", seconds=30, body="")]  # tagged: in the folder
    assert service.check(batch).status_code == 200
    subscriber = service.headers(service.key(Role.SUBSCRIBER, number=NUMBER))
    folder = service.http.get("/v1/subscriber/spam", headers=subscriber).json()["messages"]
    assert [(entry["id"], entry["ts"]) for entry in folder] == [
        ("s2", _stamp(30)),
        ("s1", _stamp(0)),
    ]
    older = service.http.get(
        "/v1/subscriber/spam", params={"before": _stamp(30)}, headers=subscriber
    ).json()["messages"]
    assert [entry["id"] for entry in older] == ["s1"]
    released = service.http.post("/v1/subscriber/spam/s1/release", headers=subscriber).json()
    assert _is_rfc3339(released["message"]["decided_at"])
    report = service.http.post(
        "/v1/subscriber/reports", json={"message_id": "s2"}, headers=subscriber
    ).json()
    assert _is_rfc3339(report["reported_at"])
    listed = service.http.get("/v1/reports", headers=service.headers()).json()["reports"]
    assert [r["reported_at"] for r in listed] == [report["reported_at"]]
    prefs = service.http.get("/v1/subscriber/preferences", headers=subscriber).json()
    assert list(prefs["reported"].values()) == [report["reported_at"]]


def test_disputes_and_keys_show_rfc3339(service: Service) -> None:
    sender = service.headers(service.key(Role.SENDER, brand="B-ACME"))
    case = {"subject_kind": "number", "subject": "+12125550123", "description": "our line"}
    filed = service.http.post("/v1/disputes", json=case, headers=sender)
    assert filed.status_code == 201, filed.text
    dispute = filed.json()
    for field in ("filed_at", "status_due_at", "resolution_due_at", "updated_at"):
        assert _is_rfc3339(dispute[field]), (field, dispute[field])
    assert dispute["resolved_at"] is None
    assert parse_time(dispute["status_due_at"]) == pytest.approx(
        parse_time(dispute["filed_at"]) + 24 * 3600, abs=1e-3
    )
    resolved = service.http.post(
        f"/v1/disputes/{dispute['id']}/status",
        json={"status": "upheld", "note": "our mistake"},
        headers=service.headers(),
    ).json()
    assert _is_rfc3339(resolved["resolved_at"]) and _is_rfc3339(resolved["lifted"]["at"])
    assert all(_is_rfc3339(event["ts"]) for event in resolved["history"])
    keys = service.http.get("/v1/keys", headers=service.headers()).json()["keys"]
    assert all(_is_rfc3339(key["created_at"]) and key["revoked_at"] is None for key in keys)


def test_instants_round_trip_through_their_rfc3339_form() -> None:
    for epoch in (T0.timestamp(), T0.timestamp() + 0.25, 1_795_000_000.123456, 0.0):
        assert parse_time(rfc3339(epoch)) == epoch
    assert rfc3339(T0.timestamp()) == "2026-11-23T15:00:00Z"
    assert rfc3339(T0.timestamp() + 0.25) == "2026-11-23T15:00:00.25Z"

"""Operators search the audit, and import consent and number lists over HTTP."""

from __future__ import annotations

import msgspec
import pytest

from clearline.storage.keys import Role
from compliance_fixtures import CONSENT, REGISTRY
from http_support import T0, Service, message

DNO = "+12125550170"


def _ids(response: object) -> list[str]:
    return [v["id"] for v in response.json()["verdicts"]]  # type: ignore[attr-defined]


@pytest.fixture
def audited(service: Service) -> Service:
    batch = [
        message("a1", body="", to="+14155550100"),
        message("a2", seconds=60, body="hello", to="+14155550100"),
        message("b1", seconds=120, body="", **{"from": "+12125550199", "to": "+14155550111"}),
    ]
    assert service.check(batch).status_code == 200
    return service


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["b1", "a2", "a1"]),
        ({"sender": "+12125550123"}, ["a2", "a1"]),
        ({"recipient": "+14155550111"}, ["b1"]),
        ({"symbol": "BODY_EMPTY"}, ["b1", "a1"]),
        ({"action": "deliver"}, ["a2"]),
        ({"since": T0.timestamp() + 60}, ["b1", "a2"]),
        ({"until": T0.timestamp() + 60}, ["a1"]),
        ({"symbol": "BODY_EMPTY", "sender": "+12125550123", "limit": 5}, ["a1"]),
    ],
)
def test_operators_search_the_audit_by_every_filter(
    audited: Service, params: dict[str, object], expected: list[str]
) -> None:
    response = audited.http.get("/v1/audit", params=params, headers=audited.headers())
    assert response.status_code == 200, response.text
    assert _ids(response) == expected


def test_only_operators_search_the_audit(audited: Service) -> None:
    for key in (
        audited.key(Role.SENDER, brand="B-ACME"),
        audited.key(Role.SUBSCRIBER, number="+14155550100"),
    ):
        assert audited.http.get("/v1/audit", headers=audited.headers(key)).status_code == 403


def test_an_imported_do_not_originate_listing_blocks_at_once(service: Service) -> None:
    listing = msgspec.json.encode({"number": DNO, "list": "do_not_originate"}) + b"\n"
    response = service.http.post("/v1/lists", content=listing, headers=service.headers())
    assert (response.status_code, response.json()) == (200, {"imported": {"listed": 1}})
    verdict = service.check([message("dno", **{"from": DNO})]).json()["verdicts"][0]
    assert verdict["action"] == "block"
    assert "SENDER_DO_NOT_ORIGINATE" in {r["symbol"] for r in verdict["reasons"]}


def test_consent_imports_after_the_registry_and_bad_files_are_refused_whole(
    service: Service,
) -> None:
    assert service.http.post("/v1/registry", json=REGISTRY, headers=service.headers()).is_success
    lines = b"".join(msgspec.json.encode(c) + b"\n" for c in CONSENT)
    ok = service.http.post("/v1/consent", content=lines, headers=service.headers())
    assert (ok.status_code, ok.json()) == (200, {"imported": {"consents": len(CONSENT)}})
    bad = lines + b'{"subscriber": "12"}\n'
    refused = service.http.post("/v1/consent", content=bad, headers=service.headers())
    assert (refused.status_code, refused.json()["error"]) == (422, "invalid_import")
    assert "line 5" in refused.json()["message"]
    wrong_format = service.http.post(
        "/v1/lists", params={"format": "xml"}, content=b"", headers=service.headers()
    )
    assert wrong_format.status_code == 422


def test_only_operators_import_consent_and_lists(service: Service) -> None:
    sender = service.headers(service.key(Role.SENDER, brand="B-ACME"))
    for path in ("/v1/consent", "/v1/lists"):
        assert service.http.post(path, content=b"", headers=sender).status_code == 403


def test_the_audit_pages_on_with_the_cursor_it_gives(service: Service) -> None:
    batch = [message(f"p{i}", seconds=i // 2, body="") for i in range(7)]  # two verdicts a second
    assert service.check(batch).status_code == 200
    seen: list[str] = []
    params: dict[str, object] = {"symbol": "BODY_EMPTY", "limit": 3}
    for _ in range(5):
        page = service.http.get("/v1/audit", params=params, headers=service.headers()).json()
        seen += [v["id"] for v in page["verdicts"]]
        if page["next"] is None:
            break
        params["after"] = page["next"]
    # newest first, each verdict once, across pages that split same-second verdicts
    assert seen == ["p6", "p5", "p4", "p3", "p2", "p1", "p0"]
    assert page["next"] is None and len(page["verdicts"]) == 1


@pytest.mark.parametrize("after", ["x", "1.5", "nan_3", "1.5_-1", "1.5_" + "9" * 40, "inf_2"])
def test_a_cursor_the_api_did_not_give_is_a_clear_422(audited: Service, after: str) -> None:
    response = audited.http.get("/v1/audit", params={"after": after}, headers=audited.headers())
    assert response.status_code == 422
    assert "not a cursor" in response.json()["message"]


def _consent_csv() -> bytes:
    columns = ["subscriber", "campaign", "type", "method", "disclosure", "ts"]
    lines = [",".join(columns)]
    lines += [",".join(f'"{record.get(c, "")}"' for c in columns) for record in CONSENT]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("content_type", ["text/csv", "text/csv; charset=utf-8", "Text/CSV"])
def test_consent_and_lists_sent_as_text_csv_are_read_as_csv(
    service: Service, content_type: str
) -> None:
    assert service.http.post("/v1/registry", json=REGISTRY, headers=service.headers()).is_success
    headers = {**service.headers(), "Content-Type": content_type}
    consent = service.http.post("/v1/consent", content=_consent_csv(), headers=headers)
    assert (consent.status_code, consent.json()) == (200, {"imported": {"consents": len(CONSENT)}})
    listing = f"number,list,since,note\n{DNO},do_not_originate,,agency line\n".encode()
    lists = service.http.post("/v1/lists", content=listing, headers=headers)
    assert (lists.status_code, lists.json()) == (200, {"imported": {"listed": 1}})
    verdict = service.check([message("dno-csv", **{"from": DNO})]).json()["verdicts"][0]
    assert verdict["action"] == "block"


def test_an_explicit_format_wins_over_the_content_type(service: Service) -> None:
    listing = msgspec.json.encode({"number": DNO, "list": "do_not_originate"}) + b"\n"
    headers = {**service.headers(), "Content-Type": "text/csv"}
    response = service.http.post(
        "/v1/lists", params={"format": "jsonl"}, content=listing, headers=headers
    )
    assert (response.status_code, response.json()) == (200, {"imported": {"listed": 1}})

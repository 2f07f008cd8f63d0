"""Keys and roles: 401 for a missing or wrong key, 403 for the wrong role; keys stored hashed."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, update

from clearline.storage import open_database
from clearline.storage.keys import Role
from clearline.storage.models import ApiKey
from http_support import Service, message


@pytest.mark.parametrize(
    ("headers", "fragment"),
    [
        ({}, "missing API key"),
        ({"Authorization": "Basic b3BlcmF0b3I6c2VjcmV0"}, "missing API key"),
        ({"Authorization": "Bearer"}, "missing API key"),
        ({"Authorization": "Bearer not-a-key"}, "unknown or revoked API key"),
        (
            {"Authorization": "Bearer clk_0123456789abcdef_" + "A" * 43},
            "unknown or revoked API key",
        ),
    ],
)
def test_a_missing_or_wrong_key_is_refused_with_401(
    service: Service, headers: dict[str, str], fragment: str
) -> None:
    response = service.http.post("/v1/check", json={"messages": [message()]}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"] == "unauthorized"
    assert fragment in response.json()["message"]


def test_a_tampered_key_is_refused(service: Service) -> None:
    key = service.key(Role.OPERATOR)
    tampered = key[:-1] + ("B" if key[-1] != "B" else "C")
    assert service.check([message()], key=tampered).status_code == 401
    assert service.check([message()], key=key).status_code == 200


def test_a_revoked_key_is_refused(service: Service) -> None:
    key = service.key(Role.OPERATOR)
    database = open_database(service.db_url)
    with database.session() as session:
        session.execute(
            update(ApiKey).where(ApiKey.id == key.split("_")[1]).values(revoked_at=time.time())
        )
    database.close()
    response = service.check([message()], key=key)
    assert response.status_code == 401
    assert response.json()["message"] == "unknown or revoked API key"


@pytest.mark.parametrize(
    ("role", "binding"),
    [(Role.SENDER, {"brand": "ACME"}), (Role.SUBSCRIBER, {"number": "+14155550100"})],
)
def test_only_operators_may_check_traffic(
    service: Service, role: Role, binding: dict[str, str]
) -> None:
    response = service.check([message()], key=service.key(role, **binding))
    assert response.status_code == 403
    assert response.json() == {
        "error": "forbidden",
        "message": f"this endpoint is for operator keys; this key's role is {role.value}",
    }


def test_keys_are_stored_only_as_hashes(service: Service) -> None:
    key = service.key(Role.SENDER, brand="ACME")
    database = open_database(service.db_url)
    with database.session() as session:
        rows = session.scalars(select(ApiKey)).all()
    database.close()
    secret = key.split("_", 2)[2]
    for row in rows:
        assert secret not in row.secret_sha256 and key not in row.secret_sha256
        assert len(row.secret_sha256) == 64


def test_a_key_knows_its_role_and_binding(service: Service) -> None:
    key = service.key(Role.SUBSCRIBER, number="+14155550100")
    me = service.http.get("/v1/keys/me", headers=service.headers(key))
    assert me.status_code == 200
    assert me.json() == {
        "key_id": key.split("_")[1],
        "role": "subscriber",
        "brand": None,
        "number": "+14155550100",
    }


def test_an_operator_creates_a_sender_key_over_the_api(service: Service) -> None:
    created = service.http.post(
        "/v1/keys",
        json={"role": "sender", "brand": "ACME", "label": "acme ops"},
        headers=service.headers(),
    )
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    me = service.http.get("/v1/keys/me", headers=service.headers(key)).json()
    assert (me["role"], me["brand"]) == ("sender", "ACME")
    assert service.check([message()], key=key).status_code == 403


@pytest.mark.parametrize(
    ("role", "binding"),
    [(Role.SENDER, {"brand": "ACME"}), (Role.SUBSCRIBER, {"number": "+14155550100"})],
)
def test_senders_and_subscribers_cannot_create_keys(
    service: Service, role: Role, binding: dict[str, str]
) -> None:
    key = service.key(role, **binding)
    for wanted in ({"role": "operator"}, {"role": "sender", "brand": "OTHER"}):
        response = service.http.post("/v1/keys", json=wanted, headers=service.headers(key))
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"role": "sender"}, "must be bound to a brand"),
        ({"role": "subscriber", "number": "12345"}, "must be E.164"),
        ({"role": "operator", "brand": "ACME"}, "only sender keys are bound to a brand"),
        ({"role": "admin"}, "role"),
        ({"role": "operator", "scopes": ["all"]}, "scopes"),
        ({"role": 3}, "role"),
    ],
)
def test_a_key_request_that_does_not_fit_its_role_is_a_clear_422(
    service: Service, body: dict[str, object], fragment: str
) -> None:
    response = service.http.post("/v1/keys", json=body, headers=service.headers())
    assert response.status_code == 422
    payload = response.json()
    assert payload["error"] == "invalid_request"
    assert fragment in payload["message"] + " ".join(payload.get("problems", []))


def test_an_operator_revokes_a_key_and_it_stops_working_at_once(service: Service) -> None:
    key = service.key(Role.SENDER, brand="ACME")
    assert service.http.get("/v1/keys/me", headers=service.headers(key)).status_code == 200
    key_id = key.split("_")[1]
    sender = service.http.delete(f"/v1/keys/{key_id}", headers=service.headers(key))
    assert sender.status_code == 403
    revoked = service.http.delete(f"/v1/keys/{key_id}", headers=service.headers())
    assert revoked.status_code == 204
    after = service.http.get("/v1/keys/me", headers=service.headers(key))
    assert (after.status_code, after.json()["error"]) == (401, "unauthorized")
    again = service.http.delete(f"/v1/keys/{key_id}", headers=service.headers())
    assert again.status_code == 404


def test_an_operator_lists_the_keys_without_their_secrets(service: Service) -> None:
    sender = service.key(Role.SENDER, brand="ACME")
    subscriber = service.key(Role.SUBSCRIBER, number="+14155550100")
    for key in (sender, subscriber):  # nobody else may list
        assert service.http.get("/v1/keys", headers=service.headers(key)).status_code == 403
    service.http.delete(f"/v1/keys/{subscriber.split('_')[1]}", headers=service.headers())
    active = service.http.get("/v1/keys", headers=service.headers())
    every = service.http.get("/v1/keys?include_revoked=true", headers=service.headers())
    assert active.status_code == every.status_code == 200
    by_id = {k["key_id"]: k for k in every.json()["keys"]}
    sender_entry = by_id[sender.split("_")[1]]
    assert (sender_entry["role"], sender_entry["brand"], sender_entry["revoked_at"]) == (
        "sender",
        "ACME",
        None,
    )
    revoked_entry = by_id[subscriber.split("_")[1]]
    assert revoked_entry["number"] == "+14155550100" and revoked_entry["revoked_at"] is not None
    assert {k["key_id"] for k in active.json()["keys"]} == set(by_id) - {revoked_entry["key_id"]}
    listing = every.text
    assert sender.split("_", 2)[2] not in listing and "secret" not in listing


@pytest.mark.parametrize("key_id", ["%00", "abc%00def", "9223372036854775808", "x" * 300, "ABC"])
def test_revoking_a_key_id_no_key_can_have_is_404(service: Service, key_id: str) -> None:
    response = service.http.delete(f"/v1/keys/{key_id}", headers=service.headers())
    assert response.status_code == 404, response.text
    assert response.json()["error"] == "not_found"

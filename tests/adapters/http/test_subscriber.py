"""The subscriber's spam folder: only its own number's filtered messages, refused to others."""

from __future__ import annotations

import pytest

from clearline.storage.keys import Role
from http_support import Service, message

ALICE, BOB = "+14155550100", "+14155550111"


@pytest.fixture
def traffic(service: Service) -> Service:
    batch = [
        message("a-ok", to=ALICE, body="see you at six"),
        message("a-empty", seconds=1, to=ALICE, body=""),
        message("a-empty-2", seconds=2, to=ALICE, body="  "),
        message("b-empty", seconds=3, to=BOB, body=""),
    ]
    assert service.check(batch).status_code == 200
    return service


def test_a_subscriber_sees_its_filtered_messages_newest_first(traffic: Service) -> None:
    alice = traffic.headers(traffic.key(Role.SUBSCRIBER, number=ALICE))
    folder = traffic.http.get("/v1/subscriber/spam", headers=alice)
    assert folder.status_code == 200
    body = folder.json()
    assert body["number"] == ALICE
    assert [m["id"] for m in body["messages"]] == ["a-empty-2", "a-empty"]
    assert body["messages"][0]["reasons"][0]["symbol"] == "BODY_EMPTY"
    assert body["messages"][0]["from"] == "+12125550123"
    limited = traffic.http.get("/v1/subscriber/spam", params={"limit": 1}, headers=alice).json()
    assert [m["id"] for m in limited["messages"]] == ["a-empty-2"]


def test_a_subscriber_never_sees_another_numbers_messages(traffic: Service) -> None:
    bob = traffic.headers(traffic.key(Role.SUBSCRIBER, number=BOB))
    ids = [m["id"] for m in traffic.http.get("/v1/subscriber/spam", headers=bob).json()["messages"]]
    assert ids == ["b-empty"]


@pytest.mark.parametrize(
    ("role", "binding"), [(Role.OPERATOR, {}), (Role.SENDER, {"brand": "B-ACME"})]
)
def test_only_subscriber_keys_have_a_spam_folder(
    traffic: Service, role: Role, binding: dict[str, str]
) -> None:
    key = traffic.key(role, **binding)
    response = traffic.http.get("/v1/subscriber/spam", headers=traffic.headers(key))
    assert response.status_code == 403


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"limit": "x"}, {"before": "x"}])
def test_bad_paging_is_a_clear_422(traffic: Service, params: dict[str, object]) -> None:
    alice = traffic.headers(traffic.key(Role.SUBSCRIBER, number=ALICE))
    response = traffic.http.get("/v1/subscriber/spam", params=params, headers=alice)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert response.json()["problems"]

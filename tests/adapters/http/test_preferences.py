"""Subscriber controls over HTTP: each choice changes the verdict the subscriber sees, a STOP
beats every choice, release and spam reports change later verdicts, and no key reaches another
number's preferences or spam folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clearline.storage.keys import Role
from http_support import Service, message, serving

ALICE, BOB = "+14155550100", "+14155550111"
FRIEND, STRANGER, PREMIUM = "+12125550123", "+13125550142", "+19005550199"


def _verdict(service: Service, id: str, **fields: Any) -> dict[str, Any]:
    response = service.check([message(id, **fields)])
    assert response.status_code == 200, response.text
    verdict: dict[str, Any] = response.json()["verdicts"][0]
    return verdict


def _symbols(verdict: dict[str, Any]) -> list[str]:
    return [r["symbol"] for r in verdict["reasons"]]


def _alice(service: Service) -> dict[str, str]:
    return service.headers(service.key(Role.SUBSCRIBER, number=ALICE))


def _set(service: Service, headers: dict[str, str], **prefs: Any) -> dict[str, Any]:
    response = service.http.put("/v1/subscriber/preferences", json=prefs, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_preferences_start_at_the_defaults_and_read_back_normalised(service: Service) -> None:
    alice = _alice(service)
    shown = service.http.get("/v1/subscriber/preferences", headers=alice).json()
    assert shown == {
        "number": ALICE,
        "mode": "all",
        "default_blocking": True,
        "contacts": [],
        "allowlist": [],
        "blocklist": [],
        "released": {},
        "reported": {},
    }
    _set(service, alice, allowlist=[FRIEND, "AcmeBank", FRIEND], blocklist=[" +1900* "])
    shown = service.http.get("/v1/subscriber/preferences", headers=alice).json()
    assert (shown["allowlist"], shown["blocklist"]) == ([FRIEND, "acmebank"], ["+1900*"])


def test_an_allowlisted_sender_is_delivered(service: Service) -> None:
    assert _verdict(service, "before", body="")["action"] == "tag"
    _set(service, _alice(service), allowlist=[FRIEND])
    after = _verdict(service, "after", seconds=1, body="")
    assert after["action"] == "deliver"
    assert "SUBSCRIBER_ALLOWLIST" in _symbols(after)
    # Bob did not allowlist the sender
    assert _verdict(service, "to-bob", seconds=2, to=BOB, body="")["action"] == "tag"


def test_a_stop_is_never_overridden_by_an_allowlist(service: Service) -> None:
    _set(service, _alice(service), allowlist=[FRIEND])
    stop = _verdict(service, "stop", **{"from": ALICE, "to": FRIEND, "body": "STOP"})
    assert stop["action"] == "deliver"
    _verdict(service, "confirm", seconds=1, body="You are unsubscribed. No more messages.")
    later = _verdict(service, "later", seconds=60, body="hello again")
    assert later["action"] == "block"
    assert {"OPT_OUT_IGNORED", "SUBSCRIBER_ALLOWLIST"} <= set(_symbols(later))


def test_blocklisted_numbers_and_prefixes_are_blocked(service: Service) -> None:
    alice = _alice(service)
    _set(service, alice, blocklist=[STRANGER, "+1900*"])
    assert _verdict(service, "m1", **{"from": STRANGER})["action"] == "block"
    premium = _verdict(service, "m2", **{"from": PREMIUM})
    assert premium["action"] == "block"
    assert premium["reasons"][-1]["detail"] == f"{PREMIUM} matches blocklist entry +1900*"
    assert _verdict(service, "m3")["action"] == "deliver"
    # the entry can be removed again
    response = service.http.patch(
        "/v1/subscriber/preferences", json={"remove": {"blocklist": ["+1900*"]}}, headers=alice
    )
    assert response.json()["blocklist"] == [STRANGER]
    assert _verdict(service, "m4", **{"from": PREMIUM})["action"] == "deliver"


def test_contacts_only_and_allowlist_only_send_the_rest_to_the_spam_folder(
    service: Service,
) -> None:
    alice = _alice(service)
    _set(service, alice, mode="contacts_only", contacts=[FRIEND])
    stranger = _verdict(service, "m1", **{"from": STRANGER})
    assert (stranger["action"], _symbols(stranger)) == ("tag", ["SUBSCRIBER_NOT_CONTACT"])
    assert _verdict(service, "m2")["action"] == "deliver"
    patched = service.http.patch(
        "/v1/subscriber/preferences",
        json={"mode": "allowlist_only", "add": {"allowlist": [STRANGER]}},
        headers=alice,
    ).json()
    assert (patched["mode"], patched["contacts"], patched["allowlist"]) == (
        "allowlist_only",
        [FRIEND],
        [STRANGER],
    )
    friend = _verdict(service, "m3")
    assert (friend["action"], _symbols(friend)) == ("tag", ["SUBSCRIBER_NOT_ALLOWLISTED"])
    assert _verdict(service, "m4", **{"from": STRANGER})["action"] == "deliver"
    folder = service.http.get("/v1/subscriber/spam", headers=alice).json()["messages"]
    assert [m["id"] for m in folder] == ["m3", "m1"]


def test_opting_out_of_default_blocking_delivers_what_would_only_be_tagged(
    service: Service,
) -> None:
    _set(service, _alice(service), default_blocking=False)
    tagged = _verdict(service, "empty", body="")
    assert tagged["action"] == "deliver"
    assert _symbols(tagged) == ["BODY_EMPTY", "SUBSCRIBER_DEFAULT_BLOCKING_OFF"]
    flood = [message(f"f{i}", seconds=10 + i, body="same text") for i in range(7)]
    verdicts = service.check(flood).json()["verdicts"]
    assert verdicts[-1]["action"] == "block"  # what the score blocks stays blocked


def test_the_spam_folder_holds_the_text_and_release_delivers_the_sender_later(
    service: Service,
) -> None:
    alice = _alice(service)
    service.check([message("held", body=""), message("spam", seconds=1, body="  \n")])
    folder = service.http.get("/v1/subscriber/spam", headers=alice).json()["messages"]
    assert [(m["id"], m["body"], m["status"]) for m in folder] == [
        ("spam", "  \n", "held"),
        ("held", "", "held"),
    ]
    released = service.http.post("/v1/subscriber/spam/held/release", headers=alice)
    assert released.status_code == 200, released.text
    assert released.json()["message"]["status"] == "released"
    assert released.json()["message"]["body"] == ""
    statuses = service.http.get(
        "/v1/subscriber/spam", params={"status": "released"}, headers=alice
    ).json()["messages"]
    assert [m["id"] for m in statuses] == ["held"]
    later = _verdict(service, "later", seconds=2, body="")
    assert later["action"] == "deliver"
    assert {"SUBSCRIBER_RELEASED", "SENDER_RELEASED"} <= set(_symbols(later))
    prefs = service.http.get("/v1/subscriber/preferences", headers=alice).json()
    assert list(prefs["released"]) == [FRIEND]
    # the sender earned a small credit with everyone
    to_bob = _verdict(service, "to-bob", seconds=3, to=BOB, body="")
    assert [r["score"] for r in to_bob["reasons"] if r["symbol"] == "SENDER_RELEASED"] == [-0.5]
    again = service.http.post("/v1/subscriber/spam/held/release", headers=alice)
    assert again.status_code == 200
    missing = service.http.post("/v1/subscriber/spam/later/release", headers=alice)
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")


def test_a_spam_report_filters_the_sender_and_feeds_its_standing(service: Service) -> None:
    alice = _alice(service)
    assert _verdict(service, "scam", **{"from": STRANGER, "body": ""})["action"] == "tag"
    reported = service.http.post(
        "/v1/subscriber/reports", json={"message_id": "scam"}, headers=alice
    )
    assert reported.status_code == 201, reported.text
    assert reported.json()["sender"] == STRANGER
    later = _verdict(service, "later", seconds=1, **{"from": STRANGER, "body": "hello"})
    assert later["action"] == "tag"
    assert {"SUBSCRIBER_REPORTED_SENDER", "SENDER_SPAM_REPORTS"} <= set(_symbols(later))
    # the 7726 flow without a message id: the sender and the text received
    for n in range(3):
        number = f"+1415555{n + 200:04d}"
        key = service.headers(service.key(Role.SUBSCRIBER, number=number))
        report = {"sender": STRANGER, "body": "You won a prize"}
        assert service.http.post("/v1/subscriber/reports", json=report, headers=key).is_success
    to_bob = _verdict(service, "to-bob", seconds=2, **{"to": BOB, "from": STRANGER})
    assert to_bob["action"] == "tag"
    assert to_bob["score"] == 6.0  # four distinct reporters x 1.5
    listed = service.http.get(
        "/v1/reports", params={"sender": STRANGER}, headers=service.headers()
    ).json()["reports"]
    assert len(listed) == 4
    # the first report names the message, whose held text it keeps; the others the text sent
    assert [(r["message_id"], r["body"]) for r in listed] == [
        *[(None, "You won a prize")] * 3,
        ("scam", ""),
    ]
    folder = service.http.get("/v1/subscriber/spam", headers=alice).json()["messages"]
    assert [(m["id"], m["status"]) for m in folder] == [("later", "held"), ("scam", "reported")]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"sender": STRANGER, "extra": 1},
        {"message_id": ""},
    ],
)
def test_a_report_must_name_a_message_or_a_sender(service: Service, body: Any) -> None:
    response = service.http.post("/v1/subscriber/reports", json=body, headers=_alice(service))
    assert response.status_code == 422
    assert response.json()["message"]


def test_bad_preferences_are_refused_with_the_entry_named(service: Service) -> None:
    alice = _alice(service)
    bad = service.http.put(
        "/v1/subscriber/preferences", json={"allowlist": ["+1 (212) 555"]}, headers=alice
    )
    assert (bad.status_code, bad.json()["error"]) == (422, "invalid_request")
    assert "allowlist: '+1 (212) 555' is not" in bad.json()["message"]
    for body in ({"mode": "friends_only"}, {"colour": "red"}, {"add": {"friends": [FRIEND]}}):
        response = service.http.patch("/v1/subscriber/preferences", json=body, headers=alice)
        assert response.status_code == 422, body
        assert response.json()["problems"]


def test_operators_manage_any_number(service: Service) -> None:
    path = f"/v1/subscribers/{BOB}/preferences"
    response = service.http.put(path, json={"blocklist": [FRIEND]}, headers=service.headers())
    assert response.status_code == 200
    assert _verdict(service, "m1", to=BOB)["action"] == "block"
    folder = service.http.get(f"/v1/subscribers/{BOB}/spam", headers=service.headers()).json()
    assert [m["id"] for m in folder["messages"]] == ["m1"]
    released = service.http.post(
        f"/v1/subscribers/{BOB}/spam/m1/release", headers=service.headers()
    )
    assert released.json()["message"]["status"] == "released"


def test_no_key_reaches_another_numbers_preferences_or_folder(service: Service) -> None:
    service.check([message("to-bob", to=BOB, body="")])
    alice = _alice(service)
    bob_path = f"/v1/subscribers/{BOB}"
    assert service.http.get(f"{bob_path}/preferences", headers=alice).status_code == 403
    change = {"allowlist": [FRIEND]}
    assert (
        service.http.put(f"{bob_path}/preferences", json=change, headers=alice).status_code == 403
    )
    assert service.http.patch(
        f"{bob_path}/preferences", json=change, headers=alice
    ).status_code == (403)
    assert service.http.get(f"{bob_path}/spam", headers=alice).status_code == 403
    assert service.http.post(f"{bob_path}/spam/to-bob/release", headers=alice).status_code == 403
    assert (
        service.http.post(f"{bob_path}/reports", json={"sender": FRIEND}, headers=alice).status_code
        == 403
    )
    # through its own paths, another number's message does not exist
    assert service.http.post("/v1/subscriber/spam/to-bob/release", headers=alice).status_code == 404
    report = service.http.post(
        "/v1/subscriber/reports", json={"message_id": "to-bob"}, headers=alice
    )
    assert report.status_code == 404
    # its own number through the operator's spelling is fine
    assert service.http.get(f"/v1/subscribers/{ALICE}/preferences", headers=alice).is_success
    # Bob's folder and preferences are untouched
    bob = service.headers(service.key(Role.SUBSCRIBER, number=BOB))
    assert service.http.get("/v1/subscriber/preferences", headers=bob).json()["allowlist"] == []
    assert service.http.get("/v1/subscriber/spam", headers=bob).json()["messages"][0]["status"] == (
        "held"
    )
    # senders have no subscriber controls, and only operators list reports
    acme = service.headers(service.key(Role.SENDER, brand="B-ACME"))
    for method, path in [
        ("GET", "/v1/subscriber/preferences"),
        ("PUT", "/v1/subscriber/preferences"),
        ("GET", f"{bob_path}/preferences"),
        ("POST", f"{bob_path}/reports"),
        ("POST", "/v1/subscriber/reports"),
        ("GET", "/v1/reports"),
    ]:
        response = service.http.request(method, path, json={"sender": FRIEND}, headers=acme)
        assert response.status_code == 403, (method, path)
    assert service.http.get("/v1/reports", headers=alice).status_code == 403


def test_preferences_outlive_a_restart(db_url: str) -> None:
    with serving(db_url) as first:
        _set(first, _alice(first), blocklist=[STRANGER])
    with serving(db_url) as second:
        assert _verdict(second, "m1", **{"from": STRANGER})["action"] == "block"


def test_no_text_is_held_with_a_zero_retention(db_url: str, tmp_path: Path) -> None:
    with serving(db_url, held_retention_days=0) as service:
        service.check([message("m1", body="")])
        folder = service.http.get("/v1/subscriber/spam", headers=_alice(service)).json()
        assert [(m["id"], m["body"], m["status"]) for m in folder["messages"]] == [
            ("m1", None, "held")
        ]


def test_held_text_with_a_nul_is_kept_readable_on_every_database(service: Service) -> None:
    alice = _alice(service)
    _set(service, alice, mode="allowlist_only")  # so the text is tagged, and held
    response = service.check([message("m1", body="hi\x00")])
    assert response.json()["verdicts"][0]["action"] == "tag"
    folder = service.http.get("/v1/subscriber/spam", headers=alice).json()["messages"]
    assert folder[0]["body"] == "hi\ufffd"
    report = {"sender": STRANGER, "body": "a\x00b"}
    assert service.http.post("/v1/subscriber/reports", json=report, headers=alice).is_success
    listed = service.http.get("/v1/reports", headers=service.headers()).json()["reports"]
    assert listed[0]["body"] == "a\ufffdb"
    bad = service.http.post("/v1/subscriber/reports", json={"sender": "x\x00"}, headers=alice)
    assert bad.status_code == 422

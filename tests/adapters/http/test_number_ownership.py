"""Who owns a number, who may lint as it, and who verifies a political campaign: every refusal
of another tenant's key, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from clearline.storage.keys import Role
from compliance_fixtures import ALICE, CAROL, POLL, REGISTRY, SHOP
from http_support import Service, message

#: A number brand B-VOTE texts people from, in no campaign yet.
VOTE_OFFICE = "+12125550150"
#: The voting brand's campaign text (noon in San Francisco, 5 hours after ``message``'s T0).
VOTE_TEXT = "Vote Together: polls open 7am-8pm Tuesday. Reply STOP to opt out."
NOON = 5 * 3600.0

SQUAT: dict[str, Any] = {
    "id": "C-GRAB",
    "brand": "B-ACME",
    "use_case": "marketing",
    "sample_messages": ["Acme: deals at acme.example. Reply STOP to opt out."],
    "numbers": [VOTE_OFFICE],
}

VOTE_OFFICE_CAMPAIGN: dict[str, Any] = {
    "id": "C-OFFICE",
    "brand": "B-VOTE",
    "use_case": "customer_care",
    "sample_messages": ["Vote Together: your volunteer shift is confirmed. Reply STOP to end."],
    "numbers": [VOTE_OFFICE],
}


@pytest.fixture
def registered(service: Service) -> Service:
    """The service with the shared test registry imported by the operator."""
    response = service.http.post("/v1/registry", json=REGISTRY, headers=service.headers())
    assert response.status_code == 200, response.text
    return service


def _acme(service: Service) -> dict[str, str]:
    return service.headers(service.key(Role.SENDER, brand="B-ACME"))


def _vote(service: Service) -> dict[str, str]:
    return service.headers(service.key(Role.SENDER, brand="B-VOTE"))


def _ordinary_text(service: Service, id: str) -> dict[str, Any]:
    checked = service.check([message(id, **{"from": VOTE_OFFICE, "to": ALICE})])
    assert checked.status_code == 200, checked.text
    verdict: dict[str, Any] = checked.json()["verdicts"][0]
    return verdict


def test_a_sender_cannot_squat_another_brands_number(registered: Service) -> None:
    acme, vote = _acme(registered), _vote(registered)
    squat = registered.http.put("/v1/campaigns/C-GRAB", json=SQUAT, headers=acme)
    assert squat.status_code == 403, squat.text
    assert squat.json()["message"].startswith(f"{VOTE_OFFICE}: not assigned to brand 'B-ACME'")
    assert registered.http.get("/v1/campaigns/C-GRAB", headers=acme).status_code == 404
    # B's ordinary texts are still ordinary: no campaign's rules apply to them.
    assert _ordinary_text(registered, "before")["action"] == "deliver"

    assigned = registered.http.put(
        f"/v1/numbers/{VOTE_OFFICE}", json={"brand": "B-VOTE"}, headers=registered.headers()
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json() == {"number": VOTE_OFFICE, "brand": "B-VOTE", "taken_from": None}
    again = registered.http.put("/v1/campaigns/C-GRAB", json=SQUAT, headers=acme)
    assert again.status_code == 409, again.text
    assert again.json()["error"] == "conflict"
    assert "changes brands only by operator review" in again.json()["message"]
    assert "B-VOTE" not in again.json()["message"]  # the other brand is not named
    assert _ordinary_text(registered, "after")["action"] == "deliver"

    # B registers and disputes its own number.
    own = registered.http.put("/v1/campaigns/C-OFFICE", json=VOTE_OFFICE_CAMPAIGN, headers=vote)
    assert own.status_code == 200, own.text
    dispute = {"subject_kind": "number", "subject": VOTE_OFFICE, "description": "Ours."}
    assert registered.http.post("/v1/disputes", json=dispute, headers=vote).status_code == 201
    refused = registered.http.post("/v1/disputes", json=dispute, headers=acme)
    assert refused.status_code == 403


def test_a_sender_cannot_take_a_number_from_another_brands_campaign(registered: Service) -> None:
    squat = {**SQUAT, "numbers": [SHOP, POLL]}
    response = registered.http.put("/v1/campaigns/C-GRAB", json=squat, headers=_acme(registered))
    assert response.status_code == 409, response.text
    assert response.json()["message"].startswith(f"{POLL}: assigned to another brand")
    poll = registered.http.get("/v1/campaigns/C-POLL", headers=_vote(registered)).json()
    assert poll["numbers"] == [POLL]
    shop = registered.http.get("/v1/campaigns/C-SHOP", headers=_acme(registered)).json()
    assert SHOP in shop["numbers"]  # nothing of the refused campaign was applied


def test_the_operator_moves_a_number_after_review(registered: Service) -> None:
    moved = registered.http.put(
        f"/v1/numbers/{POLL}", json={"brand": "B-ACME"}, headers=registered.headers()
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["taken_from"] == "C-POLL"
    poll = registered.http.get("/v1/campaigns/C-POLL", headers=_vote(registered)).json()
    assert poll["numbers"] == []
    squat = {**SQUAT, "numbers": [POLL]}
    taken = registered.http.put("/v1/campaigns/C-GRAB", json=squat, headers=_acme(registered))
    assert taken.status_code == 200, taken.text
    back = registered.http.put("/v1/campaigns/C-POLL", json=poll, headers=_vote(registered))
    assert back.status_code == 422  # a campaign with no number; B-VOTE cannot take it back
    retake = registered.http.put(
        "/v1/campaigns/C-POLL", json={**poll, "numbers": [POLL]}, headers=_vote(registered)
    )
    assert retake.status_code == 409


def test_a_released_number_belongs_to_nobody(registered: Service) -> None:
    operator = registered.headers()
    released = registered.http.delete(f"/v1/numbers/{POLL}", headers=operator)
    assert released.status_code == 200, released.text
    assert registered.http.delete(f"/v1/numbers/{POLL}", headers=operator).status_code == 404
    poll = registered.http.get("/v1/campaigns/C-POLL", headers=operator).json()
    assert poll["numbers"] == []
    squat = {**SQUAT, "numbers": [POLL]}
    again = registered.http.put("/v1/campaigns/C-GRAB", json=squat, headers=_acme(registered))
    assert again.status_code == 403


def test_a_sender_cannot_dispute_a_number_assigned_to_another_brand(registered: Service) -> None:
    assigned = registered.http.put(
        f"/v1/numbers/{VOTE_OFFICE}", json={"brand": "B-VOTE"}, headers=registered.headers()
    )
    assert assigned.status_code == 200, assigned.text
    dispute = {"subject_kind": "number", "subject": VOTE_OFFICE, "description": "Ours?"}
    refused = registered.http.post("/v1/disputes", json=dispute, headers=_acme(registered))
    assert refused.status_code == 403, refused.text
    assert refused.json()["message"] == f"{VOTE_OFFICE} is registered to another brand"
    owner = registered.http.post("/v1/disputes", json=dispute, headers=_vote(registered))
    assert owner.status_code == 201, owner.text


def test_numbers_are_listed_by_brand(registered: Service) -> None:
    listing = registered.http.get("/v1/numbers", headers=_vote(registered))
    assert listing.status_code == 200, listing.text
    assert listing.json() == {
        "numbers": [{"number": POLL, "brand": "B-VOTE", "campaign": "C-POLL"}]
    }
    everything = registered.http.get("/v1/numbers", headers=registered.headers()).json()
    assert {n["brand"] for n in everything["numbers"]} == {"B-ACME", "B-VOTE"}
    assert len(everything["numbers"]) == 4


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", f"/v1/numbers/{POLL}", {"brand": "B-ACME"}),
        ("PUT", f"/v1/numbers/{VOTE_OFFICE}", {"brand": "B-ACME"}),
        ("DELETE", f"/v1/numbers/{POLL}", None),
        ("POST", "/v1/campaigns/C-SHOP/verification", {"token": "CV-1"}),
        ("POST", "/v1/campaigns/C-POLL/verification", {"token": "CV-1"}),
    ],
)
def test_only_operators_assign_numbers_and_verify_campaigns(
    registered: Service, method: str, path: str, body: dict[str, str] | None
) -> None:
    for key in (
        registered.key(Role.SENDER, brand="B-ACME"),
        registered.key(Role.SENDER, brand="B-VOTE"),
        registered.key(Role.SUBSCRIBER, number=ALICE),
    ):
        response = registered.http.request(method, path, json=body, headers=registered.headers(key))
        assert response.status_code == 403, (key, response.text)
    poll = registered.http.get("/v1/campaigns/C-POLL", headers=registered.headers()).json()
    assert poll["numbers"] == [POLL]


def test_subscribers_see_no_numbers(registered: Service) -> None:
    key = registered.key(Role.SUBSCRIBER, number=ALICE)
    assert registered.http.get("/v1/numbers", headers=registered.headers(key)).status_code == 403


@pytest.mark.parametrize(
    ("number", "body", "status", "fragment"),
    [
        ("12125550150", {"brand": "B-VOTE"}, 422, "not an E.164 number"),
        (VOTE_OFFICE, {"brand": "B-NOBODY"}, 422, "brand 'B-NOBODY' is not registered"),
        (VOTE_OFFICE, {"brand": "B-VOTE", "extra": 1}, 422, "extra"),
    ],
)
def test_a_bad_assignment_is_refused(
    registered: Service, number: str, body: dict[str, Any], status: int, fragment: str
) -> None:
    response = registered.http.put(f"/v1/numbers/{number}", json=body, headers=registered.headers())
    assert response.status_code == status, response.text
    assert fragment in response.text


def test_the_registry_import_assigns_numbers_a_sender_then_attaches(registered: Service) -> None:
    grant = {"numbers": [{"number": VOTE_OFFICE, "brand": "B-VOTE"}]}
    imported = registered.http.post("/v1/registry", json=grant, headers=registered.headers())
    assert imported.status_code == 200, imported.text
    assert imported.json()["imported"]["numbers"] == 1
    vote = _vote(registered)
    own = registered.http.put("/v1/campaigns/C-OFFICE", json=VOTE_OFFICE_CAMPAIGN, headers=vote)
    assert own.status_code == 200, own.text
    squat = registered.http.put("/v1/campaigns/C-GRAB", json=SQUAT, headers=_acme(registered))
    assert squat.status_code == 409


def test_a_registry_that_gives_a_number_to_two_brands_is_refused(registered: Service) -> None:
    grant = {
        "numbers": [{"number": SHOP, "brand": "B-VOTE"}],
        "campaigns": [{**SQUAT, "numbers": [SHOP]}],
    }
    response = registered.http.post("/v1/registry", json=grant, headers=registered.headers())
    assert response.status_code == 422
    assert "given to brand 'B-VOTE' but a campaign of brand 'B-ACME'" in response.text


@pytest.mark.parametrize(
    ("sender", "status"),
    [(POLL, 403), (VOTE_OFFICE, 403), (SHOP, 200)],
)
def test_a_sender_lints_only_as_its_own_numbers(
    registered: Service, sender: str, status: int
) -> None:
    body = {"text": VOTE_TEXT, "sender": sender, "recipient": CAROL}
    response = registered.http.post("/v1/lint", json=body, headers=_acme(registered))
    assert response.status_code == status, response.text
    if status == 403:
        assert response.json()["message"] == (
            f"this key lints only as numbers assigned to brand 'B-ACME'; {sender} is not one "
            "of them"
        )


def test_a_sender_without_a_number_does_not_lint_as_another_brands(registered: Service) -> None:
    stand_in = "+12025550100"  # what lint sends from when given no sender and no campaign
    assigned = registered.http.put(
        f"/v1/numbers/{stand_in}", json={"brand": "B-VOTE"}, headers=registered.headers()
    )
    assert assigned.status_code == 200, assigned.text
    acme = _acme(registered)
    body = {"text": VOTE_TEXT, "recipient": CAROL}
    refused = registered.http.post("/v1/lint", json=body, headers=acme)
    assert refused.status_code == 403, refused.text
    assert "give one" in refused.json()["message"]
    own = registered.http.post("/v1/lint", json={**body, "campaign": "C-SHOP"}, headers=acme)
    assert own.status_code == 200, own.text
    vote = registered.http.post("/v1/lint", json=body, headers=_vote(registered))
    assert vote.status_code == 200, vote.text


def test_the_operator_and_the_owner_lint_as_the_number(registered: Service) -> None:
    body = {"text": VOTE_TEXT, "campaign": "C-POLL", "sender": POLL, "recipient": CAROL}
    for headers in (registered.headers(), _vote(registered)):
        response = registered.http.post("/v1/lint", json=body, headers=headers)
        assert response.status_code == 200, response.text


def _poll_verdict(service: Service, id: str) -> dict[str, Any]:
    checked = service.check([message(id, seconds=NOON, body=VOTE_TEXT, to=CAROL, **{"from": POLL})])
    assert checked.status_code == 200, checked.text
    verdict: dict[str, Any] = checked.json()["verdicts"][0]
    return verdict


def _symbols(verdict: dict[str, Any]) -> set[str]:
    return {r["symbol"] for r in verdict["reasons"]}


def test_a_self_declared_political_token_is_not_a_verification(registered: Service) -> None:
    vote = _vote(registered)
    poll = registered.http.get("/v1/campaigns/C-POLL", headers=vote).json()
    claimed = registered.http.put(
        "/v1/campaigns/C-POLL", json={**poll, "verification_token": "CV-SELF"}, headers=vote
    )
    assert claimed.status_code == 200, claimed.text
    unverified = _poll_verdict(registered, "claimed")
    assert "CAMPAIGN_NOT_VERIFIED" in _symbols(unverified)
    assert unverified["action"] == "block"
    linted = registered.http.post(
        "/v1/lint", json={"text": VOTE_TEXT, "campaign": "C-POLL"}, headers=vote
    ).json()
    assert "CAMPAIGN_NOT_VERIFIED" in {f["symbol"] for f in linted["findings"]}

    wrong = registered.http.post(
        "/v1/campaigns/C-POLL/verification",
        json={"token": "CV-OTHER"},
        headers=registered.headers(),
    )
    assert wrong.status_code == 409, wrong.text
    verified = registered.http.post(
        "/v1/campaigns/C-POLL/verification", json={"token": "CV-SELF"}, headers=registered.headers()
    )
    assert verified.status_code == 200, verified.text
    assert verified.json() == {
        "campaign": "C-POLL",
        "brand": "B-VOTE",
        "token": "CV-SELF",
        "verified": True,
    }
    assert "CAMPAIGN_NOT_VERIFIED" not in _symbols(_poll_verdict(registered, "verified"))
    unknown = registered.http.post(
        "/v1/campaigns/C-NONE/verification", json={"token": "CV-SELF"}, headers=registered.headers()
    )
    assert unknown.status_code == 404


def test_an_imported_token_verifies_only_its_brands_campaign(registered: Service) -> None:
    tokens = {
        "verified_tokens": [
            {"token": "CV-ACME", "brand": "B-ACME"},
            {"token": "CV-VOTE", "brand": "B-VOTE"},
        ]
    }
    imported = registered.http.post("/v1/registry", json=tokens, headers=registered.headers())
    assert imported.status_code == 200, imported.text
    vote = _vote(registered)
    poll = registered.http.get("/v1/campaigns/C-POLL", headers=vote).json()
    borrowed = {**poll, "verification_token": "CV-ACME"}
    assert (
        registered.http.put("/v1/campaigns/C-POLL", json=borrowed, headers=vote).status_code == 200
    )
    assert "CAMPAIGN_NOT_VERIFIED" in _symbols(_poll_verdict(registered, "borrowed"))
    own = {**poll, "verification_token": "CV-VOTE"}
    assert registered.http.put("/v1/campaigns/C-POLL", json=own, headers=vote).status_code == 200
    assert "CAMPAIGN_NOT_VERIFIED" not in _symbols(_poll_verdict(registered, "own"))

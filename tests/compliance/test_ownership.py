"""Who owns a number and which political tokens are verified: the registry file's `numbers` and
`verified_tokens`, and what the A2P rules make of a token nobody verified."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import msgspec
import pytest

from clearline import Engine
from clearline.compliance.imports import ImportFileError, import_files, read_registry
from clearline.compliance.store import ComplianceStore
from clearline.policy import load_config
from clearline.state import open_state
from compliance_fixtures import BANK, CAROL, POLL, REGISTRY, isolating_config
from support import make_message

OFFICE = "+12125550150"
VOTE_TEXT = "Vote Together: polls open 7am-8pm Tuesday. Reply STOP to opt out."


def _store(tmp_path: Path) -> ComplianceStore:
    return ComplianceStore(open_state(str(tmp_path / "state.sqlite")))


def _import(store: ComplianceStore, doc: dict[str, Any]) -> None:
    import_files(store, registry=msgspec.json.encode(doc))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"numbers": [{"number": "2125550150", "brand": "B-VOTE"}]}, "is not an E.164 number"),
        (
            {"numbers": [{"number": OFFICE, "brand": "B-NOBODY"}]},
            "numbers[0]: number +12125550150 names brand 'B-NOBODY', which is neither",
        ),
        (
            {
                "numbers": [
                    {"number": OFFICE, "brand": "B-VOTE"},
                    {"number": OFFICE, "brand": "B-ACME"},
                ]
            },
            "numbers[1]: number +12125550150 is given to both 'B-VOTE' and 'B-ACME'",
        ),
        (
            {"numbers": [{"number": BANK, "brand": "B-VOTE"}]},
            "is given to brand 'B-VOTE' but a campaign of brand 'B-ACME' in this file sends",
        ),
        (
            {"verified_tokens": [{"token": "CV-1", "brand": "B-NOBODY"}]},
            "verified_tokens[0]: token 'CV-1' names brand 'B-NOBODY'",
        ),
        (
            {
                "verified_tokens": [
                    {"token": "CV-1", "brand": "B-VOTE"},
                    {"token": "CV-1", "brand": "B-ACME"},
                ]
            },
            "token 'CV-1' is verified for both 'B-VOTE' and 'B-ACME'",
        ),
        ({"verified_tokens": [{"token": "", "brand": "B-VOTE"}]}, "length >= 1"),
    ],
)
def test_bad_assignments_and_tokens_are_named_and_nothing_is_imported(
    tmp_path: Path, extra: dict[str, Any], expected: str
) -> None:
    store = _store(tmp_path)
    with pytest.raises(ImportFileError) as caught:
        _import(store, {**REGISTRY, **extra})
    assert expected in str(caught.value)
    assert len(store.campaigns) == 0


def test_an_import_assigns_numbers_and_the_operator_has_the_last_word(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _import(store, REGISTRY)
    assert store.owners_of([BANK, POLL, OFFICE]) == {BANK: "B-ACME", POLL: "B-VOTE"}
    _import(store, {"numbers": [{"number": OFFICE, "brand": "B-VOTE"}]})
    assert store.owners_of([OFFICE]) == {OFFICE: "B-VOTE"}
    # The operator gives the political number to the other brand: it leaves C-POLL.
    _import(store, {"numbers": [{"number": POLL, "brand": "B-ACME"}]})
    assert store.owners_of([POLL]) == {POLL: "B-ACME"}
    assert store.campaigns.get_many({"C-POLL"})["C-POLL"].numbers == ()
    assert store.campaign_for_numbers([POLL]) == {}


def test_a_number_a_campaign_stops_listing_stays_its_brands(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _import(store, REGISTRY)
    changed = copy.deepcopy(REGISTRY)
    changed["campaigns"][0]["numbers"] = ["+12125550180"]
    _import(store, changed)
    assert store.campaign_for_numbers([BANK]) == {}
    assert store.owners_of([BANK]) == {BANK: "B-ACME"}


def test_only_an_operators_import_verifies_tokens(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _import(store, REGISTRY)
    claimed = copy.deepcopy(REGISTRY)
    claimed["campaigns"][2]["verification_token"] = "CV-CLAIM"
    doc = read_registry(msgspec.json.encode({"campaigns": claimed["campaigns"][2:]}), store)
    store.apply_registry(doc, by_operator=False)  # as a sender's PUT /v1/campaigns/{id}
    poll = store.campaigns.get_many({"C-POLL"})["C-POLL"]
    assert poll.verification_token == "CV-CLAIM"
    assert not store.is_verified(poll)
    store.verify_token("CV-CLAIM", "B-ACME")  # verified for another brand: still not this one's
    assert not store.is_verified(poll)
    _import(store, {"campaigns": claimed["campaigns"][2:]})  # the operator's import
    assert store.is_verified(poll)


def _political_verdict_symbols(tmp_path: Path, token_brand: str | None) -> list[str]:
    doc = copy.deepcopy(REGISTRY)
    doc["campaigns"][2]["verification_token"] = "CV-123"
    with Engine(load_config([isolating_config(tmp_path)])) as engine:
        store = ComplianceStore(engine.state)
        registry = read_registry(msgspec.json.encode(doc), store)
        store.apply_registry(registry, by_operator=False)
        if token_brand is not None:
            store.verify_token("CV-123", token_brand)
        verdict = engine.score(make_message("vote", sender=POLL, to=CAROL, body=VOTE_TEXT))
    return [r.symbol for r in verdict.reasons]


@pytest.mark.parametrize(
    ("token_brand", "verified"), [(None, False), ("B-ACME", False), ("B-VOTE", True)]
)
def test_a_political_campaign_is_verified_only_by_its_brands_verified_token(
    tmp_path: Path, token_brand: str | None, verified: bool
) -> None:
    symbols = _political_verdict_symbols(tmp_path, token_brand)
    assert ("CAMPAIGN_NOT_VERIFIED" not in symbols) is verified

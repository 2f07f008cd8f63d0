"""Lure signals: call-back numbers, money bait and smishing requests, with their details."""

from __future__ import annotations

import pytest

from clearline.model import Hit
from clearline.signals.base import Batch
from clearline.signals.lures import LureSignal
from clearline.signals.restricted import RestrictedCategorySignal
from clearline.state.memory import MemoryStateStore
from support import make_message


def lure_hits(body: str, to: str = "+447700900123") -> list[Hit]:
    hits: list[list[Hit]] = [[]]
    LureSignal({}, MemoryStateStore()).check(Batch([make_message(body=body, to=to)]), hits)
    return hits[0]


def by_symbol(hits: list[Hit]) -> dict[str, str]:
    return {hit.symbol: hit.detail for hit in hits}


def test_premium_rate_call_back_number_is_named() -> None:
    found = by_symbol(lure_hits("You have won! To claim call 09061701461 now"))
    assert "09061701461" in found["CALLBACK_PREMIUM_RATE"]
    assert "premium-rate" in found["CALLBACK_PREMIUM_RATE"]
    assert "LURE_MONEY_PRIZE" in found


def test_international_call_back_number_names_the_country() -> None:
    found = by_symbol(lure_hits("Call us back on +234 803 123 4567", to="+12125550123"))
    assert "NG" in found["CALLBACK_INTERNATIONAL"]


def test_urgency_with_credential_request_is_smishing() -> None:
    found = by_symbol(
        lure_hits("Your account has been suspended. Verify your account at the link below.")
    )
    detail = found["SMISHING_CREDENTIAL_REQUEST"]
    assert "suspended" in detail
    assert "Verify your account" in detail


def test_advice_against_sharing_credentials_is_not_a_request() -> None:
    found = by_symbol(lure_hits("Your bank will never ask you to confirm your PIN by text."))
    assert "SMISHING_CREDENTIAL_REQUEST" not in found


@pytest.mark.parametrize(
    "body",
    [
        "Running 10 min late, call me on 020 7946 0018 if you need me",
        "Happy birthday! Hope you have a lovely day",
        "Your order #12345 has shipped and arrives Tuesday",
    ],
)
def test_ordinary_messages_get_no_lure_hits(body: str) -> None:
    assert lure_hits(body) == []


def test_restricted_category_is_a_named_symbol_with_its_words() -> None:
    hits: list[list[Hit]] = [[]]
    message = make_message(body="100 free spins at our online casino tonight")
    RestrictedCategorySignal({}, MemoryStateStore()).check(Batch([message]), hits)
    [hit] = hits[0]
    assert hit.symbol == "CATEGORY_GAMBLING"
    assert "casino" in hit.detail

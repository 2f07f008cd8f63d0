from __future__ import annotations

import pytest

from clearline import Action, Engine
from clearline.signals.numbers import classify_sender
from support import make_message


@pytest.mark.parametrize(
    "sender", ["+12125550123", "+447911123456", "72345", "262966", "AcmeBank", "UPS"]
)
def test_real_numbers_short_codes_and_sender_ids_pass(sender: str) -> None:
    assert classify_sender(sender) is None


@pytest.mark.parametrize(
    ("sender", "symbol", "detail"),
    [
        ("+10995550123", "SENDER_INVALID_NUMBER", "not a valid number"),
        ("+999123456789", "SENDER_INVALID_NUMBER", "+999123456789"),
        ("+1555", "SENDER_MALFORMED", "not an E.164 number"),
        ("BANK-ALERT!!", "SENDER_MALFORMED", "not a number, short code or sender ID"),
    ],
)
def test_invalid_and_malformed_senders_are_blocked_with_the_reason(
    sender: str, symbol: str, detail: str
) -> None:
    verdict = Engine().score(make_message(sender=sender))
    assert verdict.action is Action.BLOCK
    [reason] = verdict.reasons
    assert reason.symbol == symbol
    assert detail in reason.detail


def test_a_long_number_without_its_plus_is_malformed_where_no_message_rule_caught_it() -> None:
    # A ``Message`` refuses such a sender at input; the signal keeps its own answer for callers
    # that classify bare addresses.
    assert classify_sender("2125550123999") == (
        "SENDER_MALFORMED",
        "'2125550123999' is neither a short code nor E.164 (add + and the country code)",
    )


def test_fast_north_american_check_agrees_with_phonenumbers() -> None:
    import random

    import phonenumbers

    from clearline.signals.numbers import is_valid_nanp

    rng = random.Random(20261123)
    numbers = [f"+1{rng.randint(2_000_000_000, 9_999_999_999)}" for _ in range(5000)]
    numbers += ["+12125550123", "+18005550199", "+10995550123", "+12121234567"]
    for number in numbers:
        expected = phonenumbers.is_valid_number(phonenumbers.parse(number))
        assert is_valid_nanp(number) is expected, number

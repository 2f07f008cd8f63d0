from __future__ import annotations

import pytest

from clearline import Action, InputError, decode_message, message_from_mapping
from support import line


def test_actions_are_ordered_from_mildest_to_strictest() -> None:
    ranks = [a.rank for a in (Action.DELIVER, Action.TAG, Action.THROTTLE, Action.BLOCK)]
    assert ranks == sorted(ranks) == [0, 1, 2, 3]


def test_message_reads_from_as_sender_and_defaults_channel_to_sms() -> None:
    message = decode_message(line(campaign="C123"))
    assert message.sender == "+12125550123"
    assert message.channel == "sms"
    assert message.campaign == "C123"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"ts": "2026-11-23 15:00"}, "`ts` must be an RFC 3339 timestamp"),
        ({"ts": "2026-11-23T15:00:00"}, "UTC offset"),
        ({"to": "415-555-0100"}, "`to` must be an E.164 number"),
        ({"channel": "fax"}, "`channel`"),
        ({"id": ""}, "`id`"),
        ({"from": ""}, "`from`"),
        ({"body": 5}, "`body`: expected `str`"),
        ({"surprise": True}, "unknown field `surprise`"),
    ],
)
def test_bad_fields_are_rejected_with_the_field_named(
    fields: dict[str, object], expected: str
) -> None:
    with pytest.raises(InputError, match=expected.replace("(", r"\(")):
        decode_message(line(**fields))


def test_mapping_input_follows_the_same_rules() -> None:
    with pytest.raises(InputError, match="missing required field `ts`"):
        message_from_mapping({"id": "a", "from": "+12125550123", "to": "+14155550100", "body": ""})


@pytest.mark.parametrize("sender", ["12125550123", "4155550100", "123456789", "12"])
def test_a_from_of_digits_that_is_not_a_short_code_is_an_input_error(sender: str) -> None:
    with pytest.raises(InputError, match=r"`from` must be an E\.164 number.*add \+"):
        decode_message(line(**{"from": sender}))


@pytest.mark.parametrize("sender", ["723", "72345", "12345678", "AcmeBank", "+12125550123"])
def test_short_codes_sender_ids_and_e164_senders_stay_valid(sender: str) -> None:
    assert decode_message(line(**{"from": sender})).sender == sender

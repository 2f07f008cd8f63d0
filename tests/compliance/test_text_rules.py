"""The wording rules: keywords, natural-language opt-outs, opt-out language, sender ID, links."""

from __future__ import annotations

import pytest

from clearline.compliance.text_rules import (
    has_opt_out_language,
    identifies_itself,
    keyword_of,
    marketing_in,
    opt_out_request,
    public_shortener_in,
)


@pytest.mark.parametrize(
    "body",
    [
        "STOP",
        "stop",
        "Stop!",
        " STOP. ",
        "STOPALL",
        "unsubscribe",
        "Cancel",
        "END",
        "quit",
        "REVOKE",
        "opt out",
        "OPT-OUT",
        "optout",
        "Opt  Out",
    ],
)
def test_ctia_stop_keywords_are_recognised_in_any_case_and_punctuation(body: str) -> None:
    assert keyword_of(body) == "stop"


@pytest.mark.parametrize(
    ("body", "keyword"),
    [("START", "start"), ("unstop", "start"), ("HELP", "help"), ("Info?", "help")],
)
def test_start_and_help_keywords(body: str, keyword: str) -> None:
    assert keyword_of(body) == keyword


@pytest.mark.parametrize(
    "body",
    [
        "stop by at 5",
        "I'll stop at the shop",
        "help me move on saturday?",
        "the end of the film",
        "don't stop me now",
        "Yup next stop.",
        "Wait 2 min..stand at bus stop",
        "Great comedy..cant stop laughing da:)",
        "Take us out shopping and Mark will distract Isaiah.",
        "STOP VIOLENCE AGAINST WOMEN. Pls join in dis chain & pass it on to ten friends today.",
    ],
)
def test_ordinary_texts_are_not_opt_out_requests(body: str) -> None:
    assert opt_out_request(body) is None


@pytest.mark.parametrize(
    "body",
    [
        "please stop texting me",
        "Stop sending me these messages",
        "remove me from your list",
        "Take me off your list",
        "don't text me again",
        "I want to opt out",
        "no more texts please",
        "Unsubscribe me",
        "stop please",
        "leave me alone",
        "Sorry, please remove me from this list.",
    ],
)
def test_plain_requests_to_stop_are_opt_outs(body: str) -> None:
    assert opt_out_request(body) == "natural language"


@pytest.mark.parametrize(
    "body",
    [
        "Reply STOP to opt out",
        "Txt STOP to end",
        "Text END to quit.",
        "STOP to cancel",
        "reply 'STOP' to unsubscribe",
        "To unsubscribe, reply QUIT",
        "You can opt out at any time.",
        "No advisories? Opt out via our Help Center.",
    ],
)
def test_opt_out_language_is_found(body: str) -> None:
    assert has_opt_out_language(f"Acme: your order shipped. {body}")


def test_opt_out_language_is_not_found_in_plain_notices() -> None:
    assert not has_opt_out_language("Acme: your order shipped. Track it at acme.example/t/1")
    assert not has_opt_out_language("We will stop by at 5 to drop off the parcel")


def test_sender_identity_by_registered_name_or_by_wording() -> None:
    assert identifies_itself("ACME BANK: balance low", ("Acme Bank",))
    assert not identifies_itself("Your balance is low", ("Acme Bank",))
    assert identifies_itself("Acme: 20% off today")
    assert identifies_itself("Hi, this is Sam with Vote Together")
    assert not identifies_itself("20% off today only")


def test_public_shorteners_and_marketing_words() -> None:
    assert public_shortener_in("see https://bit.ly/3abc now") == "bit.ly"
    assert public_shortener_in("see TinyURL.com/xyz") == "tinyurl.com"
    assert public_shortener_in("see acme.example/bit.ly-guide") is None
    assert public_shortener_in("see rabbit.ly/x") is None
    assert marketing_in("You are unsubscribed. No more messages.") is None
    assert marketing_in("Unsubscribed. Enjoy 30% off next time!") == "30% off"


def test_a_link_is_marketing_in_a_confirmation() -> None:
    assert marketing_in("Unsubscribed. See acme.example/new for more.") == "acme.example/"


def test_the_kind_memo_answers_as_classify_and_stays_bounded() -> None:
    from clearline.compliance.text_rules import NATURAL_OPT_OUT_MAX_CHARS, KindMemo, classify

    memo = KindMemo(size=3)
    bodies = ["STOP", "help", "please stop texting me", "see you at 5", "Stop.", "START"]
    assert [memo.kind(b) for b in bodies] == [classify(b) for b in bodies]
    assert len(memo._kinds) <= 3
    long_text = "stop " * (NATURAL_OPT_OUT_MAX_CHARS // 5 + 1)
    assert memo.kind(long_text) is None
    assert long_text not in memo._kinds
    memo.remember({"UNSUBSCRIBE": "stop", "x": None, "y": None, "z": None})
    assert len(memo._kinds) <= 4  # emptied first when the answers would not fit
    assert memo.kind("UNSUBSCRIBE") == "stop"

from __future__ import annotations

from clearline import Action, Engine
from support import make_message


def test_empty_and_whitespace_bodies_are_tagged() -> None:
    verdicts = Engine().score_batch([make_message("a", body=""), make_message("b", body=" \n ")])
    for verdict in verdicts:
        assert verdict.action is Action.TAG
        assert [r.symbol for r in verdict.reasons] == ["BODY_EMPTY"]


def test_bodies_over_the_concatenation_limit_are_tagged_with_the_size() -> None:
    verdict = Engine().score(make_message(body="a" * 1601))
    assert [r.symbol for r in verdict.reasons] == ["BODY_OVERSIZED"]
    assert "1,601 characters" in verdict.reasons[0].detail


def test_ordinary_text_has_no_body_findings() -> None:
    verdict = Engine().score(make_message(body="a" * 1600))
    assert verdict.reasons == ()

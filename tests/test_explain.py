"""How a verdict reads to a person: forced decisions and lifted ones are named."""

from __future__ import annotations

from clearline import Engine
from clearline.explain import explain_verdict
from clearline.model import Action, Reason, Verdict


def _explain(verdict: Verdict) -> str:
    engine = Engine()
    return explain_verdict(verdict, engine.policy, engine.symbol_specs)


def test_a_lifted_verdict_names_the_decision_that_delivered_it() -> None:
    verdict = Verdict(
        "m1",
        Action.DELIVER,
        16.0,
        (
            Reason("CONTENT_SPAM", 16.0, "spam probability 0.999"),
            Reason("SUBSCRIBER_ALLOWLIST", 0.0, "+14155550100 is on the allowlist"),
        ),
    )
    text = _explain(verdict)
    assert "Delivered because of SUBSCRIBER_ALLOWLIST" in text
    assert "the score alone would block it" in text


def test_a_plain_delivery_claims_no_lift() -> None:
    verdict = Verdict("m2", Action.DELIVER, 0.0, (Reason("SUBSCRIBER_ALLOWLIST", 0.0, ""),))
    assert "Delivered because of" not in _explain(verdict)


def test_a_forced_block_is_named_as_the_deciding_reason() -> None:
    verdict = Verdict(
        "m3",
        Action.BLOCK,
        0.0,
        (Reason("OPT_OUT_IGNORED", 0.0, "opted out"), Reason("SUBSCRIBER_ALLOWLIST", 0.0, "")),
    )
    text = _explain(verdict)
    assert "Decided by OPT_OUT_IGNORED" in text
    assert "Delivered because of" not in text

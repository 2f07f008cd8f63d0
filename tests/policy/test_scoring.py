from __future__ import annotations

import msgspec

from clearline import Action, Hit, Policy, SymbolSpec
from clearline.policy.config import PolicyConfig


def _policy(**raw: object) -> Policy:
    config = msgspec.convert(raw, PolicyConfig)
    specs = [SymbolSpec(name, "d", "a") for name in config.symbols]
    return Policy(config, specs)


POLICY = _policy(
    actions={"tag": 5.0, "throttle": 10.0, "block": 15.0},
    groups={"links": {"max_score": 8.0}},
    symbols={
        "A": {"score": 6.0, "group": "links"},
        "B": {"score": 6.0, "group": "links"},
        "GOOD": {"score": -3.0},
        "HEAVY": {"score": 16.0},
        "STOPPED": {"score": 0.0, "force": "block", "priority": 100},
        "ALLOWED": {"score": 0.0, "force": "deliver", "priority": 50},
        "RATE": {"score": 0.0, "force": "throttle", "priority": 50},
    },
)


def test_no_hits_means_deliver_with_score_zero() -> None:
    verdict = POLICY.decide("m", [])
    assert (verdict.action, verdict.score, verdict.reasons) == (Action.DELIVER, 0.0, ())


def test_scores_add_up_and_thresholds_pick_the_action() -> None:
    assert POLICY.decide("m", [Hit("A")]).action is Action.TAG
    verdict = POLICY.decide("m", [Hit("A", weight=2.0)])
    # capped at the group's max_score
    assert verdict.score == 8.0 and verdict.action is Action.TAG
    assert POLICY.decide("m", [Hit("HEAVY")]).action is Action.BLOCK
    assert POLICY.decide("m", [Hit("A"), Hit("GOOD")]).action is Action.DELIVER


def test_group_cap_cuts_the_hit_that_crosses_it_so_reasons_sum_to_the_score() -> None:
    verdict = POLICY.decide("m", [Hit("A", "first"), Hit("B", "second"), Hit("HEAVY")])
    assert [r.score for r in verdict.reasons] == [6.0, 2.0, 16.0]
    assert verdict.score == sum(r.score for r in verdict.reasons) == 24.0


def test_forced_actions_sit_outside_the_sum_and_highest_priority_wins() -> None:
    assert POLICY.decide("m", [Hit("HEAVY"), Hit("ALLOWED")]).action is Action.DELIVER
    assert POLICY.decide("m", [Hit("ALLOWED"), Hit("STOPPED")]).action is Action.BLOCK
    # equal priority: the stricter action
    assert POLICY.decide("m", [Hit("ALLOWED"), Hit("RATE")]).action is Action.THROTTLE


def test_weights_scale_the_configured_score_and_details_are_kept() -> None:
    verdict = POLICY.decide("m", [Hit("HEAVY", "found it", weight=0.25)])
    assert verdict.reasons[0].score == 4.0
    assert verdict.reasons[0].detail == "found it"


def test_a_forced_action_other_than_deliver_never_lowers_the_score_action() -> None:
    # A rate limit (throttle) on a message whose score already blocks it keeps it blocked.
    assert POLICY.decide("m", [Hit("HEAVY"), Hit("RATE")]).action is Action.BLOCK
    assert POLICY.decide("m", [Hit("A"), Hit("RATE")]).action is Action.THROTTLE


LIFTING = _policy(
    actions={"tag": 5.0, "block": 15.0},
    symbols={
        "SPAMMY": {"score": 6.0},
        "HEAVY": {"score": 16.0},
        "STOPPED": {"score": 20.0, "force": "block", "priority": 1000},
        "RATE": {"score": 0.0, "force": "throttle", "priority": 10},
        "FILTERED": {"score": 0.0, "force": "tag", "priority": 150},
        "ALLOWLISTED": {"score": 0.0, "lift": "block"},
        "NO_DEFAULT_BLOCKING": {"score": 0.0, "lift": "tag"},
    },
)


def test_a_lift_delivers_what_the_score_alone_would_filter() -> None:
    verdict = LIFTING.decide("m", [Hit("HEAVY"), Hit("ALLOWLISTED")])
    # the score and the reasons stay as they are: only the action is lifted
    assert (verdict.action, verdict.score) == (Action.DELIVER, 16.0)
    assert LIFTING.decide("m", [Hit("SPAMMY"), Hit("ALLOWLISTED")]).action is Action.DELIVER


def test_a_lift_to_tag_delivers_what_would_only_be_tagged_but_not_what_blocks() -> None:
    assert LIFTING.decide("m", [Hit("SPAMMY"), Hit("NO_DEFAULT_BLOCKING")]).action is Action.DELIVER
    assert LIFTING.decide("m", [Hit("HEAVY"), Hit("NO_DEFAULT_BLOCKING")]).action is Action.BLOCK


def test_a_lift_never_overrides_a_forced_action() -> None:
    # a STOP is never overridden, whatever the recipient allowlisted
    assert LIFTING.decide("m", [Hit("STOPPED"), Hit("ALLOWLISTED")]).action is Action.BLOCK
    # a throttle still holds the message back, but the score's block is lifted under it
    assert LIFTING.decide("m", [Hit("HEAVY"), Hit("RATE"), Hit("ALLOWLISTED")]).action is (
        Action.THROTTLE
    )
    assert LIFTING.decide("m", [Hit("FILTERED"), Hit("NO_DEFAULT_BLOCKING")]).action is Action.TAG


def test_the_strongest_lift_of_a_message_applies() -> None:
    hits = [Hit("HEAVY"), Hit("NO_DEFAULT_BLOCKING"), Hit("ALLOWLISTED")]
    assert LIFTING.decide("m", hits).action is Action.DELIVER


CEILING = _policy(
    actions={"tag": 5.0, "block": 15.0},
    symbols={
        "SPAMMY": {"score": 6.0},
        "HEAVY": {"score": 16.0},
        "STOPPED": {"score": 0.0, "force": "block", "priority": 150},
        "AT_MOST_TAG": {"score": 0.0, "ceiling": "tag"},
        "AT_MOST_DELIVER": {"score": 0.0, "ceiling": "deliver"},
        "ALLOWLISTED": {"score": 0.0, "lift": "block"},
    },
)


def test_a_ceiling_caps_the_score_action_but_keeps_the_score() -> None:
    verdict = CEILING.decide("m", [Hit("HEAVY"), Hit("AT_MOST_TAG")])
    assert (verdict.action, verdict.score) == (Action.TAG, 16.0)
    assert CEILING.decide("m", [Hit("SPAMMY"), Hit("AT_MOST_TAG")]).action is Action.TAG
    assert CEILING.decide("m", [Hit("AT_MOST_TAG")]).action is Action.DELIVER


def test_the_strictest_ceiling_applies_and_a_lift_still_lowers_under_it() -> None:
    hits = [Hit("HEAVY"), Hit("AT_MOST_TAG"), Hit("AT_MOST_DELIVER")]
    assert CEILING.decide("m", hits).action is Action.DELIVER
    hits = [Hit("HEAVY"), Hit("AT_MOST_TAG"), Hit("ALLOWLISTED")]
    assert CEILING.decide("m", hits).action is Action.DELIVER


def test_a_ceiling_never_caps_a_forced_action() -> None:
    assert CEILING.decide("m", [Hit("STOPPED"), Hit("AT_MOST_TAG")]).action is Action.BLOCK

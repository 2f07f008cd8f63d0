"""Per-number behaviour against CTIA's typical consumer profile."""

from __future__ import annotations

from pathlib import Path

import msgspec

from clearline import Engine
from clearline.policy import load_config
from support import make_message

# Content analytics are out of scope here: only behaviour decides in these tests.
_ONLY = {"behaviour", "campaigns"}


def _engine(tmp_path: Path) -> Engine:
    config = load_config()
    signals = {
        name: {**settings, "enabled": name in _ONLY} for name, settings in config.signals.items()
    }
    return Engine(config=msgspec.structs.replace(config, signals=signals))


def _symbols(verdict: object) -> list[str]:
    return [r.symbol for r in verdict.reasons]  # type: ignore[attr-defined]


def test_a_person_texting_friends_back_and_forth_is_left_alone(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    me, friends = "+12125550123", [f"+1415555{i:04d}" for i in range(2, 12)]
    messages = []
    for round_ in range(10):
        for j, friend in enumerate(friends):
            t = round_ * 600 + j * 20
            messages.append(make_message(f"o{round_}-{j}", seconds=t, sender=me, to=friend))
            messages.append(make_message(f"i{round_}-{j}", seconds=t + 5, sender=friend, to=me))
    verdicts = engine.score_batch(messages)
    flagged = [v for v in verdicts if set(_symbols(v)) - {"ESTABLISHED_CONTACT"}]
    assert flagged == []
    assert "ESTABLISHED_CONTACT" in _symbols(verdicts[-1])


def test_more_than_sixty_texts_a_minute_from_an_unregistered_number_is_stopped(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path)
    messages = [
        make_message(f"m{i}", seconds=i * 0.5, to=f"+1415555{i:04d}", body=f"note {i}")
        for i in range(70)
    ]
    verdicts = engine.score_batch(messages)
    assert "P2P_RATE_EXCEEDED" not in _symbols(verdicts[59])
    assert verdicts[60].action.value in ("throttle", "block")  # block: also cold and one-way
    assert "P2P_RATE_EXCEEDED" in _symbols(verdicts[60])
    assert "61 texts" in next(
        r.detail for r in verdicts[60].reasons if r.symbol == "P2P_RATE_EXCEEDED"
    )


def test_one_way_cold_outreach_is_flagged_and_answered_outreach_is_not(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    cold = [
        make_message(f"c{i}", seconds=i * 90, to=f"+1415555{i:04d}", body=f"deal number {i}")
        for i in range(45)
    ]
    verdicts = engine.score_batch(cold)
    last = _symbols(verdicts[-1])
    assert "ONE_WAY_TRAFFIC" in last and "COLD_OUTREACH" in last
    engine = _engine(tmp_path)
    answered = []
    for i in range(45):
        recipient = f"+1415555{i:04d}"
        answered.append(make_message(f"a{i}", seconds=i * 90, to=recipient, body=f"hi {i}"))
        answered.append(
            make_message(f"r{i}", seconds=i * 90 + 30, sender=recipient, to="+12125550123")
        )
    verdicts = engine.score_batch(answered)
    assert not {"ONE_WAY_TRAFFIC", "COLD_OUTREACH"} & set(_symbols(verdicts[-2]))


def test_many_stops_from_first_contacts_raise_the_opt_out_rate(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    messages = []
    for i in range(40):
        recipient = f"+1415555{i:04d}"
        messages.append(make_message(f"s{i}", seconds=i * 60, to=recipient, body=f"offer {i}"))
        if i % 5 == 0:
            messages.append(
                make_message(
                    f"x{i}", seconds=i * 60 + 10, sender=recipient, to="+12125550123", body="STOP"
                )
            )
    verdicts = engine.score_batch(messages)
    detail = next((r.detail for r in verdicts[-1].reasons if r.symbol == "HIGH_OPT_OUT_RATE"), "")
    assert "replied STOP" in detail


def test_profile_limits_do_not_apply_to_short_codes(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    messages = [
        make_message(
            f"m{i}", seconds=i * 0.1, sender="72345", to=f"+1415555{i:04d}", body=f"code {i}"
        )
        for i in range(300)
    ]
    assert all(v.reasons == () for v in engine.score_batch(messages))

"""Subscriber controls change the verdicts the subscriber sees, and never override a STOP."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

import msgspec
import pytest

from clearline import Action, Engine, Message, Verdict
from clearline.policy import ConfigError, PolicyConfig, load_config
from clearline.redress.subscribers import (
    PreferencesChange,
    apply_change,
    note_correction,
    note_release,
    note_report,
)
from clearline.signals.preferences import (
    CAMPAIGN_KEY_PREFIX,
    SENDER_KEY_PREFIX,
    Correction,
    normalise_entry,
)
from clearline.state import Merge, StateStore, Table
from clearline.state.memory import MemoryStateStore
from support import T0, make_message

ALICE, BOB = "+14155550100", "+14155550111"
FRIEND, SPAMMER, OTHER = "+12125550123", "+19005550199", "+13125550142"
NOW = T0.timestamp()

V = TypeVar("V")


# The content analytics judge text, not subscribers' choices; leaving them out keeps these tests
# about the preferences (and independent of the shipped classifier's weights).
_CONTENT_SIGNALS = ("links", "lures", "categories", "content")


def _config() -> PolicyConfig:
    config = load_config()
    signals = dict(config.signals)
    for name in _CONTENT_SIGNALS:
        signals[name] = {**signals.get(name, {}), "enabled": False}
    return msgspec.structs.replace(config, signals=signals)


def _engine(state: MemoryStateStore | None = None) -> tuple[Engine, MemoryStateStore]:
    state = state if state is not None else MemoryStateStore()
    return Engine(_config(), state), state


def _prefs(state: StateStore, number: str = ALICE, **change: Any) -> None:
    apply_change(state, number, PreferencesChange(**change), NOW)


def _empty(id: str, sender: str = FRIEND, to: str = ALICE, seconds: float = 0.0) -> Message:
    """A text the shipped policy tags on its score alone (BODY_EMPTY)."""
    return make_message(id, sender=sender, to=to, body="", seconds=seconds)


def _flooded(engine: Engine, sender: str = FRIEND, to: str = ALICE) -> Verdict:
    """The 7th identical text within an hour: blocked on its score alone (FLOOD_IDENTICAL)."""
    batch = [
        make_message(f"f{sender}{to}{i}", sender=sender, to=to, body="same", seconds=i)
        for i in range(7)
    ]
    return engine.score_batch(batch)[-1]


def _symbols(verdict: Verdict) -> list[str]:
    return [r.symbol for r in verdict.reasons]


def test_without_preferences_nothing_changes() -> None:
    engine, _ = _engine()
    verdict = engine.score(_empty("m1"))
    assert verdict.action is Action.TAG
    assert _symbols(verdict) == ["BODY_EMPTY"]


def test_an_allowlisted_sender_is_delivered_whatever_the_score() -> None:
    engine, state = _engine()
    _prefs(state, allowlist=[FRIEND])
    tagged = engine.score(_empty("m1"))
    assert tagged.action is Action.DELIVER
    assert "SUBSCRIBER_ALLOWLIST" in _symbols(tagged)
    blocked = _flooded(engine)
    assert blocked.action is Action.DELIVER and blocked.score >= 15
    # another recipient's choice does not help the sender with Bob
    assert engine.score(_empty("m2", to=BOB)).action is Action.TAG


def test_a_stop_is_never_overridden_by_an_allowlist() -> None:
    engine, state = _engine()
    _prefs(state, allowlist=[FRIEND])
    stop = make_message("stop", sender=ALICE, to=FRIEND, body="STOP")
    assert engine.score(stop).action is Action.DELIVER
    confirmation = make_message("ok", sender=FRIEND, to=ALICE, body="You are unsubscribed.")
    assert "OPT_OUT_CONFIRMATION" in _symbols(engine.score(confirmation))
    after = engine.score(make_message("after", sender=FRIEND, to=ALICE, body="hi", seconds=60))
    assert after.action is Action.BLOCK
    assert {"OPT_OUT_IGNORED", "SUBSCRIBER_ALLOWLIST"} <= set(_symbols(after))


def test_blocklisted_numbers_and_prefixes_are_blocked() -> None:
    engine, state = _engine()
    _prefs(state, blocklist=[OTHER, "+1900*"])
    exact = engine.score(make_message("m1", sender=OTHER, to=ALICE, body="hello"))
    assert exact.action is Action.BLOCK
    assert exact.reasons[-1].detail == f"{OTHER} matches blocklist entry {OTHER}"
    prefixed = engine.score(make_message("m2", sender=SPAMMER, to=ALICE, body="hello"))
    assert prefixed.action is Action.BLOCK
    assert "+1900*" in prefixed.reasons[-1].detail
    assert engine.score(make_message("m3", to=ALICE, body="hello")).action is Action.DELIVER


def test_the_most_specific_entry_wins_between_allowlist_and_blocklist() -> None:
    engine, state = _engine()
    _prefs(state, blocklist=["+1900*"], allowlist=[SPAMMER, "+1212*"])
    assert engine.score(_empty("m1", sender=SPAMMER)).action is Action.DELIVER
    assert engine.score(_empty("m2", sender="+19005550100")).action is Action.BLOCK
    # equally specific: the blocklist wins
    _prefs(state, blocklist=["+1212*"])
    assert engine.score(_empty("m3", sender=FRIEND)).action is Action.BLOCK


def test_contacts_only_sends_strangers_to_the_spam_folder() -> None:
    engine, state = _engine()
    _prefs(state, mode="contacts_only", contacts=[FRIEND], allowlist=["acmebank"])
    stranger = engine.score(make_message("m1", sender=OTHER, to=ALICE, body="hello"))
    assert stranger.action is Action.TAG
    assert _symbols(stranger) == ["SUBSCRIBER_NOT_CONTACT"]
    assert engine.score(make_message("m2", sender=FRIEND, body="hello")).action is Action.DELIVER
    # an allowlisted sender ID passes too, compared case-insensitively
    bank = engine.score(make_message("m3", sender="AcmeBank", body="Your code is 1234"))
    assert bank.action is Action.DELIVER
    # a contact is not exempt from the analytics: a flood still blocks
    assert _flooded(engine).action is Action.BLOCK


def test_allowlist_only_filters_everyone_not_on_the_allowlist() -> None:
    engine, state = _engine()
    _prefs(state, mode="allowlist_only", contacts=[FRIEND], allowlist=[OTHER])
    friend = engine.score(make_message("m1", sender=FRIEND, body="hello"))
    assert (friend.action, _symbols(friend)) == (Action.TAG, ["SUBSCRIBER_NOT_ALLOWLISTED"])
    assert engine.score(make_message("m2", sender=OTHER, body="hello")).action is Action.DELIVER


def test_opting_out_of_default_blocking_delivers_what_would_only_be_tagged() -> None:
    engine, state = _engine()
    _prefs(state, default_blocking=False)
    tagged = engine.score(_empty("m1"))
    assert tagged.action is Action.DELIVER
    assert _symbols(tagged) == ["BODY_EMPTY", "SUBSCRIBER_DEFAULT_BLOCKING_OFF"]
    # what the score blocks stays blocked
    assert _flooded(engine).action is Action.BLOCK


def test_a_release_delivers_the_sender_later_and_credits_it_with_everyone() -> None:
    engine, state = _engine()
    note_release(state, ALICE, FRIEND, NOW)
    later = engine.score(_empty("m1"))
    assert later.action is Action.DELIVER
    assert "SUBSCRIBER_RELEASED" in _symbols(later)
    credit = [r for r in later.reasons if r.symbol == "SENDER_RELEASED"]
    assert credit[0].score == -0.5
    to_bob = engine.score(_empty("m2", to=BOB))
    assert [r.score for r in to_bob.reasons if r.symbol == "SENDER_RELEASED"] == [-0.5]
    assert to_bob.score == 4.5  # a small credit on the score, not an allowlist
    for i in range(10):
        note_release(state, f"+1415555{i:04d}", FRIEND, NOW)
    capped = engine.score(_empty("m3", to=BOB))
    assert [r.score for r in capped.reasons if r.symbol == "SENDER_RELEASED"] == [-2.0]


def test_reports_tag_for_the_reporter_and_score_by_distinct_reporters() -> None:
    engine, state = _engine()
    note_report(state, ALICE, OTHER, NOW)
    note_report(state, ALICE, OTHER, NOW)  # the same reporter twice counts once
    mine = engine.score(make_message("m1", sender=OTHER, to=ALICE, body="hello"))
    assert mine.action is Action.TAG
    assert {"SUBSCRIBER_REPORTED_SENDER", "SENDER_SPAM_REPORTS"} <= set(_symbols(mine))
    to_bob = engine.score(make_message("m2", sender=OTHER, to=BOB, body="hello"))
    assert (to_bob.action, to_bob.score) == (Action.DELIVER, 1.5)
    for i in range(3):
        note_report(state, f"+1415555{i:04d}", OTHER, NOW)
    many = engine.score(make_message("m3", sender=OTHER, to=BOB, body="hello"))
    assert (many.action, many.score) == (Action.TAG, 6.0)
    assert "4 subscriber(s) reported" in many.reasons[0].detail
    for i in range(20):
        note_report(state, f"+1650555{i:04d}", OTHER, NOW)
    capped = engine.score(make_message("m4", sender=OTHER, to=BOB, body="hello"))
    assert (capped.action, capped.score) == (Action.TAG, 12.0)  # reports alone never block


def test_old_reports_fall_out_of_the_window() -> None:
    engine, state = _engine()
    note_report(state, BOB, OTHER, NOW - 91 * 86_400)
    verdict = engine.score(make_message("m1", sender=OTHER, to=ALICE, body="hello"))
    assert verdict.reasons == ()


def test_the_later_of_release_and_report_wins() -> None:
    engine, state = _engine()
    note_report(state, ALICE, OTHER, NOW)
    note_release(state, ALICE, OTHER, NOW + 1)
    released = engine.score(make_message("m1", sender=OTHER, to=ALICE, body="hello"))
    assert "SUBSCRIBER_RELEASED" in _symbols(released)
    assert "SENDER_SPAM_REPORTS" not in _symbols(released)
    note_report(state, ALICE, OTHER, NOW + 2)
    reported = engine.score(make_message("m2", sender=OTHER, to=ALICE, body="hello"))
    assert reported.action is Action.TAG


def test_an_upheld_dispute_lifts_the_score_for_every_recipient_but_not_a_stop() -> None:
    engine, state = _engine()
    note_correction(state, [SENDER_KEY_PREFIX + FRIEND], Correction(7, NOW, "verified"), NOW)
    lifted = _flooded(engine, to=BOB)
    assert lifted.action is Action.DELIVER
    upheld = [r for r in lifted.reasons if r.symbol == "SENDER_DISPUTE_UPHELD"]
    assert "dispute 7" in upheld[0].detail and "verified" in upheld[0].detail
    engine.score(make_message("stop", sender=ALICE, to=FRIEND, body="STOP", seconds=100))
    engine.score(make_message("ok", sender=FRIEND, to=ALICE, body="Unsubscribed.", seconds=150))
    after = engine.score(make_message("after", sender=FRIEND, to=ALICE, body="hi", seconds=200))
    assert after.action is Action.BLOCK
    # a subscriber's own blocklist still applies to the corrected sender
    _prefs(state, BOB, blocklist=[FRIEND])
    assert engine.score(make_message("m9", sender=FRIEND, to=BOB, body="hi")).action is (
        Action.BLOCK
    )


def test_a_correction_lasts_correction_days_and_then_the_score_counts_again() -> None:
    engine, state = _engine()
    note_correction(state, [SENDER_KEY_PREFIX + FRIEND], Correction(7, NOW, "verified"), NOW)
    day = 86_400
    within = engine.score(_empty("m1", to=BOB, seconds=29 * day))
    assert within.action is Action.DELIVER
    assert "lasts until 2026-12-" in within.reasons[-1].detail
    after = engine.score(_empty("m2", to=BOB, seconds=31 * day))
    assert after.action is Action.TAG  # the empty text's own score, no longer lifted
    assert "SENDER_DISPUTE_UPHELD" not in _symbols(after)


def test_correction_days_must_be_positive() -> None:
    config = _config()
    signals = dict(config.signals)
    signals["preferences"] = {**signals["preferences"], "correction_days": 0}
    with pytest.raises(ConfigError, match=r"\[signals.preferences\]: setting `correction_days`"):
        Engine(msgspec.structs.replace(config, signals=signals), MemoryStateStore())


def test_a_campaign_correction_covers_messages_sent_under_that_campaign() -> None:
    engine, state = _engine()
    note_correction(
        state, [CAMPAIGN_KEY_PREFIX + "C-POLL"], Correction(3, NOW, "registered P2P"), NOW
    )
    message = make_message("m1", sender=OTHER, body="", campaign="C-POLL")
    verdict = engine.score(message)
    assert verdict.action is Action.DELIVER
    assert "campaign C-POLL" in verdict.reasons[-1].detail
    assert engine.score(_empty("m2", sender=OTHER)).action is Action.TAG
    # a sender address shaped like the campaign's key is not the campaign
    assert engine.score(_empty("m3", sender="campaign:C-POLL")).action is not Action.DELIVER


@pytest.mark.parametrize(
    ("entry", "normalised"),
    [
        ("+12125550123", "+12125550123"),
        (" +1900* ", "+1900*"),
        ("72345", "72345"),
        ("AcmeBank", "acmebank"),
    ],
)
def test_entries_are_normalised(entry: str, normalised: str) -> None:
    assert normalise_entry(entry) == normalised


@pytest.mark.parametrize("entry", ["", "*", "+0123*", "12", "+1 212 555", "a" * 12, "+1*2"])
def test_bad_entries_are_refused_with_what_is_accepted(entry: str) -> None:
    with pytest.raises(ValueError, match=r"E\.164"):
        normalise_entry(entry)


def test_changes_edit_lists_and_refuse_unknown_ones() -> None:
    state = MemoryStateStore()
    _prefs(state, allowlist=[FRIEND])
    prefs = apply_change(
        state,
        ALICE,
        PreferencesChange(add={"allowlist": [OTHER, FRIEND]}, remove={"allowlist": [FRIEND]}),
        NOW,
    )
    assert prefs.allowlist == [OTHER]
    with pytest.raises(ValueError, match="no list called 'friends'"):
        apply_change(state, ALICE, PreferencesChange(add={"friends": [OTHER]}), NOW)
    with pytest.raises(ValueError, match="blocklist: 'x!' is not"):
        apply_change(state, ALICE, PreferencesChange(blocklist=["x!"]), NOW)


class _CountingStore(MemoryStateStore):
    def __init__(self) -> None:
        super().__init__()
        self.reads: dict[str, int] = {}

    def table(
        self,
        name: str,
        value_type: type[V],
        *,
        window: bool = False,
        merge: Merge[V] | None = None,
    ) -> Table[V]:
        inner = super().table(name, value_type, window=window, merge=merge)
        reads = self.reads
        outer = self

        class Counting:
            def get_many(self, keys: Collection[str]) -> dict[str, V]:
                reads[name] = reads.get(name, 0) + 1
                return inner.get_many(keys)

            def __getattr__(self, attr: str) -> Any:
                return getattr(inner, attr)

            def __len__(self) -> int:
                return len(inner)

        del outer
        return Counting()  # type: ignore[return-value]


def test_a_batch_reads_each_preference_table_once() -> None:
    state = _CountingStore()
    engine, _ = _engine(state)
    _prefs(state, allowlist=[FRIEND])
    state.reads.clear()
    batch = [_empty(f"m{i}", to=f"+1415555{i:04d}") for i in range(50)]
    engine.score_batch(batch)
    assert state.reads["subscriber_prefs"] == 1
    assert state.reads["sender_standing"] == 1


def test_the_blocklist_symbol_names_a_listed_sender_and_no_other() -> None:
    engine, state = _engine()
    _prefs(state, blocklist=["+1900*"])
    listed = engine.score(make_message("m1", sender=SPAMMER, to=ALICE, body="hello"))
    assert (listed.action, _symbols(listed)) == (Action.BLOCK, ["SUBSCRIBER_BLOCKLIST"])
    near = engine.score(make_message("m2", sender="+18005550199", to=ALICE, body="hello"))
    assert "SUBSCRIBER_BLOCKLIST" not in _symbols(near)
    to_bob = engine.score(make_message("m3", sender=SPAMMER, to=BOB, body="hello"))
    assert "SUBSCRIBER_BLOCKLIST" not in _symbols(to_bob)


def test_a_report_counts_for_90_days() -> None:
    engine, state = _engine()
    note_report(state, BOB, OTHER, NOW - 89 * 86_400)
    verdict = engine.score(make_message("m1", sender=OTHER, to=ALICE, body="hello"))
    assert _symbols(verdict) == ["SENDER_SPAM_REPORTS"]

"""How each number behaves over time, judged against what a person can do (CTIA's P2P profile).

CTIA's "typical consumer operation" for one number: about 15-60 messages a minute at most, about
1,000 a day, about 200 unique recipients a day, inbound and outbound close to 1:1. Traffic outside
that profile is application-to-person (A2P) and must be registered, so the profile symbols apply to
unregistered long codes only; a registered campaign is held to its tier by the registry signal.
The opt-out rate applies to every sender: a number whose first contacts keep answering STOP is
texting people who did not ask for it, registered or not.

State, all on event time:

* ``contact_pair``: per pair of numbers (either direction), when each side last texted the other
  and who opened the current exchange. It answers "first contact?" (no message either way within
  ``pair_retention_days``), "new recipient today?" and "is this a reply to an outreach?". Expires
  after the retention; about 150 bytes a pair in memory.
* ``number_activity``: per number, the send times of the last minute (at most ``max_per_minute``
  + 1) and, for each hour of the last 24 with traffic, sent, received, new recipients, first
  contacts (opens), replies to those and opt-outs, with their day totals. Expires a day after the
  number's last message; about 400 bytes a number active in one hour, key and table included.

The signal leaves these per-message columns in ``batch.columns`` for the opt-out ledger and the
campaigns signal, so it runs before both: ``first_contact``, ``sender_opened`` (the sender started
the current exchange with this recipient), ``established`` (both have texted each other),
``unregistered_long_code`` (the sender is a 10-digit long code no registered campaign sends from),
``answers_opener`` (the first answer to an exchange the other side opened) and
``sender_converses`` (before this message, at least one of the people the sender texted first in
the last 24 h answered, and at least half of them did: a person in conversations, not a cold
spammer, whose texts to someone new the content signal weighs as a conversation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from clearline.compliance.store import ComplianceStore
from clearline.compliance.text_rules import classify
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, setting
from clearline.state import StateStore

_HOUR = 3600.0
_DAY = 24 * _HOUR
_SLOTS = 24
# Counters of one hour (and of the day totals) in NumberActivity.counts.
_SENT, _RECEIVED, _NEW_RECIPIENTS, _OPENS, _REPLIES, _OPTOUTS = range(6)
_FIELDS = 6
_SLOT_WIDTH = _FIELDS + 1  # the hour's tag, then its counters
_EMPTY_SLOT = (0,) * _FIELDS
# NANP toll-free prefixes: verified through their own program, not 10DLC registration.
_TOLL_FREE = ("+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888")


def is_unregistered_long_code(sender: str, campaign: str | None) -> bool:
    """True for a 10-digit long code (not toll-free) that no registered campaign sends from."""
    return (
        campaign is None
        and len(sender) >= 11
        and sender.startswith("+")
        and (not sender.startswith(_TOLL_FREE))
    )


# One shared hit: the most common finding needs no allocation per message.
_ESTABLISHED = Hit("ESTABLISHED_CONTACT", "sender and recipient have texted each other")


class PairState(msgspec.Struct, gc=False):
    """Two numbers' history: ``low`` and ``high`` are the pair's numbers in sorted order."""

    low_sent: float = -1.0  # when ``low`` last texted ``high`` (-1: never)
    high_sent: float = -1.0
    opened_by_low: bool = True
    awaiting_reply: bool = False


class NumberActivity(msgspec.Struct, gc=False):
    """One number's recent traffic in hourly slots, plus its sends of the last minute.

    Compact, because a network has millions of active numbers: only the hours with traffic have
    a slot. ``counts`` holds the six day totals (``counts[field]``), then one slot per hour with
    traffic, oldest first: the hour's tag (``hour % 24``, which tells the hours of one day
    apart) and its six counters. The counters stay small ints, which Python shares, so a
    number active in one hour costs about a fifth of a dense 24-hour ring.
    """

    # Send times of the last minute: one time alone (the usual case, and a list costs more),
    # else a list; None if the number never sent.
    minute: float | list[float] | None = None
    hour: int = 0  # the newest hour index (epoch // 3600) written
    counts: list[int] = []

    def slot(self, hour: int) -> int:
        """The offset in ``counts`` of hour ``hour``'s counters, made if missing; -1 if over a
        day old. Slots a day older than ``hour`` are dropped and taken off the totals.

        Callers add to ``counts[offset + field]`` and ``counts[field]`` (the total) together.
        """
        counts = self.counts
        newest = self.hour
        if hour == newest and counts:
            return len(counts) - _FIELDS  # the newest hour's slot is always the last
        if not counts or hour >= newest + _SLOTS:  # new, or a silent day: start afresh
            self.counts = [*_EMPTY_SLOT, hour % _SLOTS, *_EMPTY_SLOT]
            self.hour = hour
            return _FIELDS + 1
        if hour > newest:
            cut = _FIELDS
            while cut < len(counts) and newest - (newest - counts[cut]) % _SLOTS <= hour - _SLOTS:
                for field in range(_FIELDS):
                    counts[field] -= counts[cut + 1 + field]
                cut += _SLOT_WIDTH
            if cut > _FIELDS:
                del counts[_FIELDS:cut]
            counts.append(hour % _SLOTS)
            counts.extend(_EMPTY_SLOT)
            self.hour = hour
            return len(counts) - _FIELDS
        if hour <= newest - _SLOTS:
            return -1
        # A late message for an earlier hour of the day: find its slot, or insert one in order.
        at = _FIELDS
        while at < len(counts):
            slot_hour = newest - (newest - counts[at]) % _SLOTS
            if slot_hour == hour:
                return at + 1
            if slot_hour > hour:
                break
            at += _SLOT_WIDTH
        counts[at:at] = [hour % _SLOTS, *_EMPTY_SLOT]
        return at + 1

    def bump(self, epoch: float, field: int) -> None:
        """Count one event of kind ``field`` at event time ``epoch`` (ignored if over a day old)."""
        offset = self.slot(int(epoch // _HOUR))
        if offset >= 0:
            self.counts[offset + field] += 1
            self.counts[field] += 1


def merge_pairs(base: PairState | None, mine: PairState, theirs: PairState) -> PairState:
    """Two workers' updates to one pair (``clearline.state.Merge``): each side's latest send,
    and the opener and awaiting flags of whichever saw the pair's latest message."""
    del base  # the times only grow and the flags follow the newest message: no delta needed
    newest = mine if _latest(mine) >= _latest(theirs) else theirs
    return PairState(
        max(mine.low_sent, theirs.low_sent),
        max(mine.high_sent, theirs.high_sent),
        newest.opened_by_low,
        newest.awaiting_reply,
    )


def _latest(pair: PairState) -> float:
    return max(pair.low_sent, pair.high_sent)


def _hourly(activity: NumberActivity | None) -> dict[int, list[int]]:
    """A number's hourly counters by hour index (epoch // 3600)."""
    if activity is None:
        return {}
    counts = activity.counts
    newest = activity.hour
    return {
        newest - (newest - counts[at]) % _SLOTS: counts[at + 1 : at + _SLOT_WIDTH]
        for at in range(_FIELDS, len(counts), _SLOT_WIDTH)
    }


def _minute_times(activity: NumberActivity | None) -> list[float]:
    minute = None if activity is None else activity.minute
    if minute is None:
        return []
    return [minute] if isinstance(minute, float) else list(minute)


class BehaviourSignal:
    """Per-number windows judged against the P2P profile, and opt-out rates for every sender."""

    name: ClassVar[str] = "behaviour"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "P2P_RATE_EXCEEDED",
            "An unregistered number sent more texts in a minute than a person can type.",
            "Slow down to a person's pace, or register the traffic as A2P (10DLC) and send "
            "within the campaign's throughput.",
        ),
        SymbolSpec(
            "P2P_VOLUME_EXCEEDED",
            "An unregistered number sent more texts in a day than CTIA's typical consumer "
            "profile (about 1,000).",
            "Register the traffic as A2P (10DLC); person-to-person numbers are not for bulk "
            "sending.",
        ),
        SymbolSpec(
            "P2P_FANOUT_EXCEEDED",
            "An unregistered number texted more unique recipients in a day than CTIA's typical "
            "consumer profile (about 200).",
            "Register the traffic as A2P (10DLC) and send it from the campaign's numbers.",
        ),
        SymbolSpec(
            "ONE_WAY_TRAFFIC",
            "An unregistered number sends many texts and receives almost none; people's "
            "texting is close to 1:1.",
            "Register application traffic as A2P; if these are conversations, they should get "
            "answers.",
        ),
        SymbolSpec(
            "COLD_OUTREACH",
            "An unregistered number mostly texts people who never texted it, and few answer.",
            "Text only people who asked to hear from you, and register the program as A2P "
            "with its consent records.",
        ),
        SymbolSpec(
            "ESTABLISHED_CONTACT",
            "Sender and recipient have texted each other before: an ongoing conversation.",
            "Nothing to fix: this lowers the score, because spam does not get answers.",
        ),
        SymbolSpec(
            "HIGH_OPT_OUT_RATE",
            "Many of the people this number contacted first replied STOP.",
            "Check how the list was collected: send only to people who gave consent to this "
            "program, and honour every opt-out.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.max_per_minute: int = setting(settings, "max_per_minute", int, 60)
        self.max_per_day: int = setting(settings, "max_per_day", int, 1000)
        self.max_recipients_per_day: int = setting(settings, "max_recipients_per_day", int, 200)
        self.one_way_min_sent: int = setting(settings, "one_way_min_sent", int, 40)
        self.one_way_max_ratio: float = setting(settings, "one_way_max_ratio", float, 0.1)
        self.cold_min_opens: int = setting(settings, "cold_min_opens", int, 20)
        self.cold_open_share: float = setting(settings, "cold_open_share", float, 0.8)
        self.cold_max_reply_rate: float = setting(settings, "cold_max_reply_rate", float, 0.1)
        self.optout_min_opens: int = setting(settings, "optout_min_opens", int, 30)
        self.optout_max_rate: float = setting(settings, "optout_max_rate", float, 0.1)
        retention_days: float = setting(settings, "pair_retention_days", float, 30.0)
        self.pair_retention = retention_days * _DAY
        # Below this many texts a day, no threshold can be reached.
        self._quiet_below = min(
            self.optout_min_opens,
            self.cold_min_opens,
            self.one_way_min_sent,
            self.max_per_day + 1,
            self.max_recipients_per_day + 1,
        )
        self._pairs = state.table("contact_pair", PairState, window=True, merge=merge_pairs)
        self._numbers = state.table(
            "number_activity", NumberActivity, window=True, merge=self.merge_activity
        )
        self._registry = ComplianceStore(state)
        self._next_sweep = float("-inf")
        self._next_pair_sweep = float("-inf")

    def merge_activity(
        self, base: NumberActivity | None, mine: NumberActivity, theirs: NumberActivity
    ) -> NumberActivity:
        """One number's activity when two workers counted its traffic at once
        (``clearline.state.Merge``): the other worker's counters plus what this batch added to
        each hour, the last day kept; the last minute's sends of both."""
        hours = _hourly(theirs)
        before = _hourly(base)
        for hour, counters in _hourly(mine).items():
            was = before.get(hour, _EMPTY_SLOT)
            into = hours.setdefault(hour, [0] * _FIELDS)
            for field in range(_FIELDS):
                into[field] += counters[field] - was[field]
        newest = max(mine.hour, theirs.hour)
        kept = sorted(h for h in hours if h > newest - _SLOTS)
        totals = [sum(hours[h][field] for h in kept) for field in range(_FIELDS)]
        counts = totals + [n for h in kept for n in (h % _SLOTS, *hours[h])] if kept else []
        added = Counter(_minute_times(mine))
        added.subtract(_minute_times(base))
        times = sorted(
            _minute_times(theirs) + [t for t, count in added.items() for _ in range(count)]
        )
        if times:
            times = [t for t in times[-self.max_per_minute - 1 :] if t > times[-1] - 60]
        minute: float | list[float] | None = (
            (times[0] if len(times) == 1 else times) if times else theirs.minute
        )
        return NumberActivity(minute, newest, counts)

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        if not messages:
            return
        epochs = batch.epochs
        senders = [m.sender for m in messages]
        recipients = [m.to for m in messages]
        pair_keys = [
            f"{s}\x1f{r}" if s < r else f"{r}\x1f{s}"
            for s, r in zip(senders, recipients, strict=True)
        ]
        pairs = self._pairs.get_many(set(pair_keys))
        sender_set = set(senders)
        numbers = self._numbers.get_many(sender_set.union(recipients))
        campaigns = self._registry.campaign_for_numbers(sender_set)
        unregistered_of = {
            s: campaigns.get(s) is None and is_unregistered_long_code(s, None) for s in sender_set
        }
        unregistered_long_code = [unregistered_of[s] for s in senders]
        quiet_below = self._quiet_below
        max_per_minute = self.max_per_minute
        retention = self.pair_retention
        first_contact: list[bool] = []
        sender_opened: list[bool] = []
        established: list[bool] = []
        converses: list[bool] = []
        answers = [False] * len(messages)
        current_hour = -1
        for i, now in enumerate(epochs):
            sender = senders[i]
            recipient = recipients[i]
            key = pair_keys[i]
            pair = pairs.get(key)
            if pair is None:
                pair = pairs[key] = PairState()
            if sender < recipient:
                sender_is_low = True
                last_out = pair.low_sent
                last_in = pair.high_sent
                pair.low_sent = now
            else:
                sender_is_low = False
                last_out = pair.high_sent
                last_in = pair.low_sent
                pair.high_sent = now
            latest = last_out if last_out > last_in else last_in
            first = latest < 0 or now - latest > retention
            first_contact.append(first)
            sender_opened.append(not first and pair.opened_by_low == sender_is_low)
            conversation = last_in >= 0 and last_out >= 0 and now - last_in <= retention
            established.append(conversation)
            if conversation:
                # Both sides have texted each other: a conversation, not outreach.
                hits[i].append(_ESTABLISHED)

            hour = int(now // _HOUR)
            if hour == current_hour:
                hour = current_hour  # one int object per hour, shared by every number's state
            else:
                current_hour = hour
            out = numbers.get(sender)
            if out is None:
                out = numbers[sender] = NumberActivity()
            offset = out.slot(hour)
            # Read before this message counts: its own open must not make it look answered less.
            answered = out.counts[_REPLIES]  # the day totals come first
            converses.append(answered >= 1 and 2 * answered >= out.counts[_OPENS])
            if offset >= 0:
                counts = out.counts  # the day totals first, then the hourly slots
                counts[offset + _SENT] += 1
                counts[_SENT] += 1
                if last_out < 0 or now - last_out > _DAY:
                    counts[offset + _NEW_RECIPIENTS] += 1
                    counts[_NEW_RECIPIENTS] += 1
                if first:
                    counts[offset + _OPENS] += 1
                    counts[_OPENS] += 1
            inbound = numbers.get(recipient)
            if inbound is None:
                inbound = numbers[recipient] = NumberActivity()
            offset = inbound.slot(hour)
            if offset >= 0:
                inbound.counts[offset + _RECEIVED] += 1
                inbound.counts[_RECEIVED] += 1
            if first:
                pair.opened_by_low = sender_is_low
                pair.awaiting_reply = True
            elif pair.awaiting_reply and pair.opened_by_low != sender_is_low:
                # The other side opened this exchange and this is the first answer.
                pair.awaiting_reply = False
                answers[i] = True
                field = _OPTOUTS if classify(messages[i].body) == "stop" else _REPLIES
                inbound.bump(now, field)
            minute = out.minute
            if minute is None or (isinstance(minute, float) and minute <= now - 60):
                out.minute = now  # the usual case: no other send in the last minute
                last_minute = 1
            else:
                if isinstance(minute, float):
                    minute = out.minute = [minute]
                if minute and minute[-1] <= now - 60:
                    minute.clear()
                minute.append(now)
                if len(minute) > max_per_minute + 1 or minute[0] <= now - 60:
                    minute = [t for t in minute[-max_per_minute - 1 :] if t > now - 60]
                    out.minute = minute
                last_minute = len(minute)
            if out.counts[_SENT] >= quiet_below or last_minute > max_per_minute:
                self._judge(out, last_minute, unregistered_long_code[i], sender, hits[i])
        batch.columns["first_contact"] = first_contact
        batch.columns["sender_opened"] = sender_opened
        batch.columns["established"] = established
        batch.columns["unregistered_long_code"] = unregistered_long_code
        batch.columns["answers_opener"] = answers
        batch.columns["sender_converses"] = converses
        latest = max(epochs)
        self._pairs.put_many(pairs, latest)
        self._numbers.put_many(numbers, latest)
        if latest >= self._next_sweep:
            self._numbers.expire(latest - _DAY)
            self._next_sweep = latest + _HOUR
            if latest >= self._next_pair_sweep:
                # Pairs are kept for weeks: sweeping every 24th of the retention (at most
                # daily) lets a stale pair outlive it by at most a 24th, at far less cost.
                self._pairs.expire(latest - self.pair_retention)
                self._next_pair_sweep = latest + min(_DAY, self.pair_retention / 24)

    def _judge(
        self,
        out: NumberActivity,
        last_minute: int,
        unregistered: bool,
        sender: str,
        hits: list[Hit],
    ) -> None:
        totals = out.counts  # the day totals come first
        opens = totals[_OPENS]
        optouts = totals[_OPTOUTS]
        if opens >= self.optout_min_opens and optouts >= self.optout_max_rate * opens:
            hits.append(
                Hit(
                    "HIGH_OPT_OUT_RATE",
                    f"{optouts} of the {opens} people {sender} texted first in the last 24 h "
                    f"replied STOP ({100 * optouts / opens:.0f} %; over "
                    f"{100 * self.optout_max_rate:.0f} % is high)",
                )
            )
        if not unregistered:
            return
        if last_minute > self.max_per_minute:
            hits.append(
                Hit(
                    "P2P_RATE_EXCEEDED",
                    f"{last_minute} texts from {sender} in the last minute "
                    f"(a person sends at most about {self.max_per_minute})",
                )
            )
        sent = totals[_SENT]
        if sent > self.max_per_day:
            hits.append(
                Hit(
                    "P2P_VOLUME_EXCEEDED",
                    f"{sent:,} texts from {sender} in 24 h (typical person: up to "
                    f"{self.max_per_day:,})",
                )
            )
        recipients = totals[_NEW_RECIPIENTS]
        if recipients > self.max_recipients_per_day:
            hits.append(
                Hit(
                    "P2P_FANOUT_EXCEEDED",
                    f"{recipients:,} different recipients in 24 h (typical person: up to "
                    f"{self.max_recipients_per_day})",
                )
            )
        received = totals[_RECEIVED]
        if sent >= self.one_way_min_sent and received < self.one_way_max_ratio * sent:
            hits.append(
                Hit(
                    "ONE_WAY_TRAFFIC",
                    f"{sender} sent {sent:,} texts and received {received:,} in 24 h",
                )
            )
        replies = totals[_REPLIES]
        if (
            opens >= self.cold_min_opens
            and opens >= self.cold_open_share * sent
            and replies < self.cold_max_reply_rate * opens
        ):
            hits.append(
                Hit(
                    "COLD_OUTREACH",
                    f"{opens} of {sent} texts in 24 h went to people who never texted {sender}; "
                    f"{replies} answered",
                )
            )

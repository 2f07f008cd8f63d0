"""The opt-out ledger: STOP is honoured every time, durably, and START undoes it.

A message whose whole text is an opt-out keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT,
REVOKE, OPT OUT, OPTOUT), or a short natural-language request ("please stop texting me"), records
an opt-out of its sender (the subscriber) from its recipient (the number they replied to) and, when
that number belongs to a registered campaign, from the whole campaign. From then on:

* one confirmation from that sender or campaign is allowed within ``confirmation_window_seconds``
  if it carries no marketing (``OPT_OUT_CONFIRMATION``); marketing in it is
  ``OPT_OUT_CONFIRMATION_MARKETING``;
* a HELP or INFO from the subscriber allows one answer within the same window;
* anything else is ``OPT_OUT_IGNORED``, which the policy forces to block above every other rule;
* START or UNSTOP from the subscriber to the number removes the opt-out.

The keyword messages themselves (STOP, START, HELP) carry ``OPT_OUT_REQUEST``, ``OPT_IN_REQUEST``
or ``HELP_REQUEST``, which force delivery: the sender must receive them to honour them.

Durability: entries live in the state store's ``optout`` table and never expire. The engine
commits the store after the batch's signals and before it returns the batch's verdicts, so with
``--state`` a STOP is on disk before its own verdict (and any confirmation) leaves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Final

import msgspec

from clearline.compliance.consent import CAMPAIGN_SCOPE, SENDER_SCOPE
from clearline.compliance.registry import NumberAssignment
from clearline.compliance.text_rules import (
    KIND_MEMO,
    Keyword,
    classify,
    keyword_of,
    marketing_in,
)
from clearline.model import Hit, Message, SymbolSpec
from clearline.signals.base import Batch, setting
from clearline.signals.behaviour import is_unregistered_long_code
from clearline.state import StateStore

#: Symbols after which the other compliance rules do not judge a message: it is either already
#: blocked by the ledger or the one confirmation the rules allow.
LEDGER_DECIDED: Final = frozenset(
    {"OPT_OUT_IGNORED", "OPT_OUT_CONFIRMATION", "OPT_OUT_CONFIRMATION_MARKETING", "HELP_REPLY"}
)


class OptOutEntry(msgspec.Struct, gc=False):
    """One subscriber's opt-out from one sender number or campaign.

    Attributes:
        ts: when the opt-out was received (event time, seconds since the epoch).
        via: ``keyword`` or ``natural language``, and the text, for the verdict's detail.
        confirm_until: the end of the window for the single confirmation.
        confirmed: the confirmation has been sent (no second one).
        help_until: a HELP was received; one answer is allowed until then.
    """

    ts: float
    via: str
    confirm_until: float
    confirmed: bool = False
    help_until: float = 0.0


class SubscriberOptOuts(msgspec.Struct, gc=False):
    """Every opt-out of one subscriber, by scope (``n:<number>`` or ``c:<campaign>``).

    Keyed by subscriber so that a batch needs one lookup per distinct recipient, and so that the
    state a store caches grows with subscribers, not with (subscriber, sender) pairs.
    """

    entries: dict[str, OptOutEntry] = {}


def _stamp(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


class OptOutSignal:
    """Keeps the opt-out ledger and blocks messages that ignore it."""

    name: ClassVar[str] = "optout"
    # A failure must not deliver what this signal exists to stop (see ``fails_closed``).
    fails_closed: ClassVar[bool] = True
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "OPT_OUT_IGNORED",
            "The recipient opted out (STOP) of this sender or campaign, and has not opted back in.",
            "Remove the subscriber from every list of this campaign now; send nothing more until "
            "they text START. STOP must always be honoured.",
        ),
        SymbolSpec(
            "OPT_OUT_CONFIRMATION_MARKETING",
            "The one confirmation allowed after a STOP contains marketing (an offer, a link, "
            "a price or a request to donate).",
            'Confirm an opt-out with a plain sentence ("You are unsubscribed from X. No more '
            'messages will be sent.") and nothing else.',
        ),
        SymbolSpec(
            "OPT_OUT_CONFIRMATION",
            "The single confirmation allowed after an opt-out (informational).",
            "Nothing to fix: one plain confirmation within the window is expected.",
        ),
        SymbolSpec(
            "HELP_REPLY",
            "The answer allowed to a HELP or INFO from a subscriber who opted out (informational).",
            "Nothing to fix: HELP always gets an answer.",
        ),
        SymbolSpec(
            "OPT_OUT_REQUEST",
            "The subscriber asks to stop receiving messages (a STOP keyword or a plain request); "
            "recorded in the opt-out ledger and always delivered to the sender.",
            "Honour it: confirm once without marketing, then send nothing until START.",
        ),
        SymbolSpec(
            "OPT_IN_REQUEST",
            "The subscriber texted START or UNSTOP: earlier opt-outs from this sender are lifted.",
            "Nothing to fix; you may message the subscriber again.",
        ),
        SymbolSpec(
            "HELP_REQUEST",
            "The subscriber asks for help (HELP or INFO); always delivered.",
            "Answer with who you are, how to get support and how to opt out.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.window: float = setting(settings, "confirmation_window_seconds", float, 900.0)
        self.natural_language: bool = setting(settings, "natural_language", bool, True)
        self._ledger = state.table("optout", SubscriberOptOuts)
        self._numbers = state.table("registry_number", NumberAssignment)

    def _kinds_of(self, messages: Sequence[Message]) -> list[Keyword | None]:
        if self.natural_language:
            # Chat, templates and bulk notices recur all day: the process's memo.
            return [KIND_MEMO.kind(message.body) for message in messages]
        return [classify(message.body, natural_language=False) for message in messages]

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        if not messages:
            return
        epochs = batch.epochs
        kinds = self._kinds_of(messages)
        # The subscriber each message concerns: the recipient of an ordinary message (is it
        # allowed?), the sender of a keyword (whose ledger changes).
        subjects = [m.to if k is None else m.sender for m, k in zip(messages, kinds, strict=True)]
        ledger: dict[str, SubscriberOptOuts] = dict(self._ledger.get_many(set(subjects)))
        stopping = {s for s, k in zip(subjects, kinds, strict=True) if k == "stop"}
        # Only keywords and messages to subscribers with (or about to have) opt-outs need the
        # ordered walk; for most batches that is a handful.
        active = [
            i
            for i, subject in enumerate(subjects)
            if kinds[i] is not None or subject in ledger or subject in stopping
        ]
        if not active:
            return
        numbers = {messages[i].sender if kinds[i] is None else messages[i].to for i in active}
        campaign_of = {n: a.campaign for n, a in self._numbers.get_many(numbers).items()}
        changed: set[str] = set()
        window = self.window
        sender_opened = batch.columns.get("sender_opened")  # from the behaviour signal
        for i in active:
            message = messages[i]
            now = epochs[i]
            kind = kinds[i]
            subject = subjects[i]
            number = message.sender if kind is None else message.to
            campaign = message.campaign if kind is None else None
            campaign = campaign or campaign_of.get(number)
            scopes = [SENDER_SCOPE + number]
            if campaign is not None:
                scopes.append(CAMPAIGN_SCOPE + campaign)
            record = ledger.get(subject)
            if kind == "stop":
                if (
                    sender_opened is not None
                    and sender_opened[i]
                    and campaign is None
                    and is_unregistered_long_code(number, None)
                ):
                    # A person telling someone they texted first to stop ("stop it lol") is
                    # conversation, not an opt-out from a program: no sender program to leave.
                    continue
                via = "keyword" if keyword_of(message.body) else "natural language"
                if record is None:
                    record = ledger[subject] = SubscriberOptOuts({})
                # A repeated STOP keeps the first opt-out: one confirmation, never twice.
                repeated = any(scope in record.entries for scope in scopes)
                for scope in scopes:
                    if scope not in record.entries:
                        record.entries[scope] = OptOutEntry(
                            now,
                            f"{via} {message.body.strip()[:40]!r}",
                            now + window,
                            confirmed=repeated,
                        )
                changed.add(subject)
                hits[i].append(
                    Hit("OPT_OUT_REQUEST", f"{message.sender} opted out of {message.to} ({via})")
                )
                continue
            if kind == "start":
                lifted = 0
                if record is not None:
                    for scope in scopes:
                        lifted += record.entries.pop(scope, None) is not None
                    changed.add(subject)
                hits[i].append(
                    Hit(
                        "OPT_IN_REQUEST",
                        f"{message.sender} opted back in to {message.to} "
                        f"({lifted} opt-out(s) lifted)",
                    )
                )
                continue
            if kind == "help":
                if record is not None:
                    for scope in scopes:
                        entry = record.entries.get(scope)
                        if entry is not None:
                            entry.help_until = now + window
                            changed.add(subject)
                hits[i].append(Hit("HELP_REQUEST", f"{message.sender} asked {message.to} for help"))
                continue
            if record is None:
                continue
            entries = [(sc, e) for sc in scopes if (e := record.entries.get(sc)) is not None]
            if not entries:
                continue
            if any(e.help_until >= now for _, e in entries):
                for _, e in entries:
                    e.help_until = 0.0
                changed.add(subject)
                hits[i].append(Hit("HELP_REPLY", "the one answer to the subscriber's HELP"))
            elif all(not e.confirmed and now <= e.confirm_until for _, e in entries):
                for _, e in entries:
                    e.confirmed = True
                changed.add(subject)
                marketing = marketing_in(message.body)
                if marketing is None:
                    hits[i].append(Hit("OPT_OUT_CONFIRMATION", "the one confirmation allowed"))
                else:
                    hits[i].append(
                        Hit(
                            "OPT_OUT_CONFIRMATION_MARKETING",
                            f"the opt-out confirmation contains marketing: {marketing!r}",
                        )
                    )
            else:
                earliest = min(entries, key=lambda item: item[1].ts)[1]
                scope_names = " and ".join(
                    sc.replace(CAMPAIGN_SCOPE, "campaign ", 1).replace(SENDER_SCOPE, "", 1)
                    for sc, _ in entries
                )
                hits[i].append(
                    Hit(
                        "OPT_OUT_IGNORED",
                        f"{message.to} opted out of {scope_names} at {_stamp(earliest.ts)} "
                        f"({earliest.via}) and has not texted START",
                    )
                )
        if changed:
            latest = max(epochs)
            kept = {k: r for k in changed if (r := ledger[k]).entries}
            gone = [k for k in changed if not ledger[k].entries]
            if kept:
                self._ledger.put_many(kept, latest)
            if gone:
                self._ledger.delete_many(gone)

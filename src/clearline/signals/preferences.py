"""Subscriber controls and feedback: what each recipient chose, and what recipients taught us.

Each subscriber (a recipient number) may keep preferences in the ``subscriber_prefs`` state
table: a mode (``all``, ``contacts_only``, ``allowlist_only``), contacts, an allowlist and a
blocklist (numbers, short codes, sender IDs, or number prefixes such as ``+1900*``), an opt-out of
default blocking, and the senders they released from their spam folder or reported as spam.
Senders carry a ``sender_standing``: distinct subscribers who reported (the 7726 flow) or released
them, and an operator's correction when a dispute was upheld.

How each choice changes a verdict (the policy's ``force`` and ``lift`` in
``scores.d/70-subscriber.toml``):

* blocklisted sender: ``SUBSCRIBER_BLOCKLIST`` forces block;
* allowlisted sender: ``SUBSCRIBER_ALLOWLIST`` lifts the score's action to deliver;
* between the two lists the longest (most specific) entry wins, an exact number over any prefix,
  and on a tie the blocklist;
* a sender the subscriber reported: ``SUBSCRIBER_REPORTED_SENDER`` forces tag (the spam folder);
  a sender they released: ``SUBSCRIBER_RELEASED`` lifts like an allowlist (the later of the two
  decisions is kept);
* ``contacts_only`` / ``allowlist_only``: anyone else is ``SUBSCRIBER_NOT_CONTACT`` /
  ``SUBSCRIBER_NOT_ALLOWLISTED``, forced tag (the spam folder);
* opted out of default blocking: ``SUBSCRIBER_DEFAULT_BLOCKING_OFF`` lifts a score's ``tag``
  to deliver (what the score blocks stays blocked);
* sender-wide: ``SENDER_SPAM_REPORTS`` scored per distinct reporter, ``SENDER_RELEASED`` a small
  negative score per distinct releaser, ``SENDER_DISPUTE_UPHELD`` lifts the score's action for
  every recipient (the operator's correction, naming the dispute) for ``correction_days``
  (default 30) after the dispute was upheld, never for good.

A lift never overrides a forced action, so a STOP (``OPT_OUT_IGNORED``) is never overridden by an
allowlist, a release or an upheld dispute.

Only messages *to* a subscriber with preferences are judged by their preferences; the state is
read with one ``get_many`` per table per batch (recipients, then senders and campaigns).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Final, Literal

import msgspec

from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, SignalConfigError, setting
from clearline.state import StateStore

PREFS_TABLE: Final = "subscriber_prefs"
STANDING_TABLE: Final = "sender_standing"
#: ``sender_standing`` keys: ``sender:<address>`` or ``campaign:<id>`` (prefixed both, so no
#: sender address, which may be any string, can pose as a campaign's key).
SENDER_KEY_PREFIX: Final = "sender:"
CAMPAIGN_KEY_PREFIX: Final = "campaign:"

Mode = Literal["all", "contacts_only", "allowlist_only"]

#: The most entries one list (contacts, allowlist, blocklist) may hold.
MAX_LIST_ENTRIES: Final = 1_000
#: The most released or reported senders remembered per subscriber (oldest forgotten first).
MAX_DECISIONS: Final = 1_000
#: The most reporters / releasers remembered per sender (oldest forgotten first).
MAX_VOICES: Final = 1_000

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_PREFIX = re.compile(r"\+[1-9][0-9]{0,13}")
_SHORT_CODE = re.compile(r"[0-9]{3,8}")
_SENDER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .&_-]{0,10}")


class SubscriberPreferences(msgspec.Struct, gc=False):
    """One subscriber's choices (the ``subscriber_prefs`` table, keyed by their number).

    Attributes:
        mode: ``all``, ``contacts_only`` or ``allowlist_only``.
        default_blocking: False once the subscriber opted out of default blocking.
        contacts, allowlist, blocklist: normalised entries (see ``normalise_entry``).
        released: sender -> when the subscriber released a message of theirs (epoch seconds).
        reported: sender -> when the subscriber reported them as spam.
    """

    mode: Mode = "all"
    default_blocking: bool = True
    contacts: list[str] = []
    allowlist: list[str] = []
    blocklist: list[str] = []
    released: dict[str, float] = {}
    reported: dict[str, float] = {}


class Correction(msgspec.Struct, frozen=True, gc=False):
    """An operator's sender-scoped correction: a dispute upheld, so its block is lifted."""

    dispute_id: int
    ts: float
    note: str


class SenderStanding(msgspec.Struct, gc=False):
    """What subscribers and operators said about one sender (``sender_standing`` table).

    Attributes:
        reporters: subscriber -> when they last reported this sender as spam.
        releasers: subscriber -> when they last released one of its messages.
        reports: every report ever received (the distinct reporters above are what scores).
        releases: every release ever made.
        correction: the operator's correction after an upheld dispute, if any.
    """

    reporters: dict[str, float] = {}
    releasers: dict[str, float] = {}
    reports: int = 0
    releases: int = 0
    correction: Correction | None = None


def normalise_entry(entry: str) -> str:
    """An allowlist, blocklist or contacts entry in the form the signal matches.

    Accepted: an E.164 number (``+12125550123``), a prefix of one ending in ``*`` (``+1900*``), a
    short code (``72345``) or an alphanumeric sender ID (``AcmeBank``, compared case-insensitively).

    Raises:
        ValueError: the entry is none of these (the message says what is accepted).
    """
    text = entry.strip()
    if text.endswith("*") and _PREFIX.fullmatch(text[:-1]):
        return text
    if _E164.fullmatch(text) or _SHORT_CODE.fullmatch(text):
        return text
    if _SENDER_ID.fullmatch(text) and not text.isdigit():
        return text.casefold()
    raise ValueError(
        f"{entry!r} is not an E.164 number (+12125550123), a prefix (+1900*), a short code "
        "(3-8 digits) or a sender ID (letters and digits, at most 11)"
    )


def sender_key(sender: str) -> str:
    """The form of a message's sender that list entries are compared with."""
    return sender if sender[:1] == "+" or sender[:1].isdigit() else sender.casefold()


class EntryList:
    """One list, compiled for matching: exact entries and prefixes."""

    __slots__ = ("_exact", "_prefixes")

    def __init__(self, entries: Iterable[str]) -> None:
        self._exact: set[str] = set()
        self._prefixes: set[str] = set()
        for entry in entries:
            if entry.endswith("*"):
                self._prefixes.add(entry[:-1])
            else:
                self._exact.add(entry)

    def match(self, key: str) -> tuple[int, str] | None:
        """The most specific entry matching ``key`` as (specificity, entry), or ``None``.

        An exact entry beats any prefix; a longer prefix beats a shorter one.
        """
        if key in self._exact:
            return (len(key) + 1, key)
        if self._prefixes and key[:1] == "+":
            for n in range(len(key), 1, -1):
                if key[:n] in self._prefixes:
                    return (n, key[:n] + "*")
        return None

    def __bool__(self) -> bool:
        return bool(self._exact or self._prefixes)


class _Compiled:
    __slots__ = ("allow", "block", "contacts", "prefs")

    def __init__(self, prefs: SubscriberPreferences) -> None:
        self.prefs = prefs
        self.allow = EntryList(prefs.allowlist)
        self.block = EntryList(prefs.blocklist)
        self.contacts = EntryList(prefs.contacts)


def _day(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d")


class SubscriberPreferenceSignal:
    """Applies each recipient's choices and what subscribers reported or released."""

    name: ClassVar[str] = "preferences"
    # A failure must not deliver what this signal exists to stop (see ``fails_closed``).
    fails_closed: ClassVar[bool] = True
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "SUBSCRIBER_BLOCKLIST",
            "The recipient blocklisted this sender (or a prefix covering it).",
            "The recipient does not want your messages: stop sending to them.",
        ),
        SymbolSpec(
            "SUBSCRIBER_ALLOWLIST",
            "The recipient allowlisted this sender (or a prefix covering it): delivered whatever "
            "the score, unless a rule such as a STOP forces another action.",
            "Nothing to fix.",
        ),
        SymbolSpec(
            "SUBSCRIBER_NOT_CONTACT",
            "The recipient accepts texts only from their contacts (contacts-only mode); this "
            "sender is not one, so the text went to their spam folder.",
            "Reach the subscriber through a channel they chose; they can add you as a contact.",
        ),
        SymbolSpec(
            "SUBSCRIBER_NOT_ALLOWLISTED",
            "The recipient accepts texts only from their allowlist (allowlist-only mode); this "
            "sender is not on it, so the text went to their spam folder.",
            "The subscriber can allowlist you; nothing else changes this.",
        ),
        SymbolSpec(
            "SUBSCRIBER_DEFAULT_BLOCKING_OFF",
            "The recipient opted out of default blocking: what the score would only tag is "
            "delivered (what it blocks stays blocked).",
            "Nothing to fix.",
        ),
        SymbolSpec(
            "SUBSCRIBER_RELEASED",
            "The recipient released an earlier message of this sender from their spam folder: "
            "its texts to them are delivered, unless a rule such as a STOP forces another action.",
            "Nothing to fix.",
        ),
        SymbolSpec(
            "SUBSCRIBER_REPORTED_SENDER",
            "The recipient reported this sender as spam (7726); its texts to them go to their "
            "spam folder.",
            "Stop messaging this subscriber; check that you have their consent.",
        ),
        SymbolSpec(
            "SENDER_SPAM_REPORTS",
            "Subscribers reported this sender as spam (7726); scored per distinct reporter in "
            "the reporting window.",
            "Message only people who consented, identify yourself and honour STOP; reports fall "
            "out of the window with time.",
        ),
        SymbolSpec(
            "SENDER_RELEASED",
            "Subscribers released this sender's messages from their spam folders (a small "
            "credit per distinct subscriber).",
            "Nothing to fix.",
        ),
        SymbolSpec(
            "SENDER_DISPUTE_UPHELD",
            "An operator upheld the sender's dispute: the block from the score is lifted for this "
            "sender or campaign (a STOP or a listing still applies).",
            "Nothing to fix.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        window_days = setting(settings, "feedback_window_days", float, 90.0)
        if window_days <= 0:
            raise SignalConfigError("setting `feedback_window_days` must be positive")
        self._window = window_days * 86_400.0
        self._min_reporters = setting(settings, "min_reporters", int, 1)
        self._max_releasers = setting(settings, "max_releasers_counted", int, 4)
        correction_days = setting(settings, "correction_days", float, 30.0)
        if correction_days <= 0:
            raise SignalConfigError("setting `correction_days` must be positive")
        self._correction_ttl = correction_days * 86_400.0
        self._prefs = state.table(PREFS_TABLE, SubscriberPreferences)
        self._standing = state.table(STANDING_TABLE, SenderStanding)
        # Compiled lists by recipient, reused while the stored value is the same object (the
        # stores hand back the object they cache until it is replaced).
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, recipient: str, prefs: SubscriberPreferences) -> _Compiled:
        compiled = self._compiled.get(recipient)
        if compiled is None or compiled.prefs is not prefs:
            if len(self._compiled) >= 100_000:
                self._compiled.clear()
            compiled = self._compiled[recipient] = _Compiled(prefs)
        return compiled

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        if not messages:
            return
        prefs = self._prefs.get_many({m.to for m in messages})
        keys = {SENDER_KEY_PREFIX + m.sender for m in messages}
        keys.update(CAMPAIGN_KEY_PREFIX + m.campaign for m in messages if m.campaign)
        standing = self._standing.get_many(keys)
        if not prefs and not standing:
            return
        epochs = batch.epochs
        for i, message in enumerate(messages):
            found = hits[i]
            if standing:
                self._sender_wide(message.sender, message.campaign, epochs[i], standing, found)
            chosen = prefs.get(message.to)
            if chosen is not None:
                self._recipient(message.sender, self._compile(message.to, chosen), found)

    def _sender_wide(
        self,
        sender: str,
        campaign: str | None,
        now: float,
        standing: Mapping[str, SenderStanding],
        found: list[Hit],
    ) -> None:
        own = standing.get(SENDER_KEY_PREFIX + sender)
        if own is not None:
            since = now - self._window
            reporters = sum(1 for ts in own.reporters.values() if ts >= since)
            if reporters >= self._min_reporters:
                found.append(
                    Hit(
                        "SENDER_SPAM_REPORTS",
                        f"{reporters} subscriber(s) reported {sender} as spam in the last "
                        f"{self._window / 86_400:g} days",
                        float(reporters),
                    )
                )
            releasers = sum(1 for ts in own.releasers.values() if ts >= since)
            if releasers:
                found.append(
                    Hit(
                        "SENDER_RELEASED",
                        f"{releasers} subscriber(s) released messages of {sender} from their "
                        "spam folder",
                        float(min(releasers, self._max_releasers)),
                    )
                )
        # A correction lifts blocks for `correction_days` after the dispute was upheld: long
        # enough for the analytics to learn the sender's real behaviour, and never a permanent
        # pass for a number that later changes hands or starts spamming.
        correction = self._live_correction(own, now)
        subject = sender
        if correction is None and campaign is not None:
            correction = self._live_correction(standing.get(CAMPAIGN_KEY_PREFIX + campaign), now)
            subject = f"campaign {campaign}"
        if correction is not None:
            found.append(
                Hit(
                    "SENDER_DISPUTE_UPHELD",
                    f"dispute {correction.dispute_id} about {subject} was upheld on "
                    f"{_day(correction.ts)}: {correction.note} (the correction lasts until "
                    f"{_day(correction.ts + self._correction_ttl)})",
                )
            )

    def _live_correction(self, standing: SenderStanding | None, now: float) -> Correction | None:
        """The standing's correction, unless it is older than ``correction_days`` at ``now``."""
        correction = standing.correction if standing is not None else None
        if correction is None or now - correction.ts > self._correction_ttl:
            return None
        return correction

    @staticmethod
    def _recipient(sender: str, compiled: _Compiled, found: list[Hit]) -> None:
        prefs = compiled.prefs
        key = sender_key(sender)
        blocked = compiled.block.match(key) if compiled.block else None
        allowed = compiled.allow.match(key) if compiled.allow else None
        if blocked is not None and (allowed is None or blocked[0] >= allowed[0]):
            found.append(
                Hit("SUBSCRIBER_BLOCKLIST", f"{sender} matches blocklist entry {blocked[1]}")
            )
            return
        if allowed is not None:
            found.append(
                Hit("SUBSCRIBER_ALLOWLIST", f"{sender} matches allowlist entry {allowed[1]}")
            )
            return
        reported = prefs.reported.get(sender)
        released = prefs.released.get(sender)
        if reported is not None and (released is None or reported >= released):
            found.append(
                Hit(
                    "SUBSCRIBER_REPORTED_SENDER",
                    f"the recipient reported {sender} as spam on {_day(reported)}",
                )
            )
            return
        if released is not None:
            found.append(
                Hit(
                    "SUBSCRIBER_RELEASED",
                    f"the recipient released a message of {sender} on {_day(released)}",
                )
            )
            return
        if prefs.mode == "contacts_only" and compiled.contacts.match(key) is None:
            found.append(
                Hit("SUBSCRIBER_NOT_CONTACT", f"{sender} is not in the recipient's contacts")
            )
            return
        if prefs.mode == "allowlist_only":
            found.append(
                Hit("SUBSCRIBER_NOT_ALLOWLISTED", f"{sender} is not on the recipient's allowlist")
            )
            return
        if not prefs.default_blocking:
            found.append(
                Hit(
                    "SUBSCRIBER_DEFAULT_BLOCKING_OFF",
                    "the recipient opted out of default blocking",
                )
            )

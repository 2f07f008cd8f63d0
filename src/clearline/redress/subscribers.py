"""Subscriber controls as writes to the engine's state: preferences, releases, spam reports.

The ``preferences`` signal (``clearline.signals.preferences``) reads what these functions write,
from the same ``StateStore``, so a choice takes effect on the next message scored. Every call
must run where the engine's store lives (the HTTP service's scoring thread: ``worker.call``).

Stored values are never changed in place: each write builds a new struct, because the signal
reuses what it compiled from a value for as long as the store hands back the same object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import msgspec

from clearline.signals.preferences import (
    MAX_DECISIONS,
    MAX_LIST_ENTRIES,
    MAX_VOICES,
    PREFS_TABLE,
    SENDER_KEY_PREFIX,
    STANDING_TABLE,
    Correction,
    Mode,
    SenderStanding,
    SubscriberPreferences,
    normalise_entry,
)
from clearline.state import StateStore, Table

__all__ = [
    "PreferencesChange",
    "apply_change",
    "load_preferences",
    "note_correction",
    "note_release",
    "note_report",
    "sender_standing",
]


class PreferencesChange(msgspec.Struct, frozen=True, kw_only=True):
    """A change to one subscriber's preferences; fields left ``None`` stay as they are.

    ``contacts`` / ``allowlist`` / ``blocklist`` replace a list; ``add`` and ``remove`` edit
    lists by name (``{"allowlist": ["+1212*"]}``).
    """

    mode: Mode | None = None
    default_blocking: bool | None = None
    contacts: list[str] | None = None
    allowlist: list[str] | None = None
    blocklist: list[str] | None = None
    add: dict[str, list[str]] | None = None
    remove: dict[str, list[str]] | None = None


_LISTS = ("contacts", "allowlist", "blocklist")


def _prefs(state: StateStore) -> Table[SubscriberPreferences]:
    return state.table(PREFS_TABLE, SubscriberPreferences)


def _standing(state: StateStore) -> Table[SenderStanding]:
    return state.table(STANDING_TABLE, SenderStanding)


def load_preferences(state: StateStore, number: str) -> SubscriberPreferences:
    """The subscriber's preferences (the defaults when they chose nothing)."""
    return _prefs(state).get_many([number]).get(number, SubscriberPreferences())


def _normalised(entries: Iterable[str], name: str) -> list[str]:
    try:
        kept = list(dict.fromkeys(normalise_entry(e) for e in entries))
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
    if len(kept) > MAX_LIST_ENTRIES:
        raise ValueError(f"{name}: at most {MAX_LIST_ENTRIES:,} entries, got {len(kept):,}")
    return kept


def apply_change(
    state: StateStore, number: str, change: PreferencesChange, ts: float
) -> SubscriberPreferences:
    """Apply ``change`` to the subscriber's preferences and store them.

    Raises:
        ValueError: an entry is not a number, prefix, short code or sender ID, a list is too
            long, or ``add``/``remove`` name a list that does not exist.
    """
    current = load_preferences(state, number)
    lists: dict[str, list[str]] = {name: list(getattr(current, name)) for name in _LISTS}
    for name in _LISTS:
        replacement = getattr(change, name)
        if replacement is not None:
            lists[name] = _normalised(replacement, name)
    for edits, adding in ((change.add, True), (change.remove, False)):
        for name, entries in (edits or {}).items():
            if name not in lists:
                raise ValueError(f"no list called {name!r}; lists are {', '.join(_LISTS)}")
            normalised = _normalised(entries, name)
            if adding:
                lists[name] = _normalised([*lists[name], *normalised], name)
            else:
                gone = set(normalised)
                lists[name] = [e for e in lists[name] if e not in gone]
    updated = msgspec.structs.replace(
        current,
        mode=change.mode if change.mode is not None else current.mode,
        default_blocking=(
            change.default_blocking
            if change.default_blocking is not None
            else current.default_blocking
        ),
        **lists,
    )
    _prefs(state).put_many({number: updated}, ts)
    return updated


def _bounded(items: Mapping[str, float], key: str, ts: float, limit: int) -> dict[str, float]:
    kept = {k: v for k, v in items.items() if k != key}
    kept[key] = ts
    if len(kept) > limit:
        kept = dict(sorted(kept.items(), key=lambda kv: kv[1])[-limit:])
    return kept


def _without(items: Mapping[str, float], key: str) -> dict[str, float]:
    return {k: v for k, v in items.items() if k != key}


def _decide(
    reported: Mapping[str, float],
    released: Mapping[str, float],
    key: str,
    ts: float,
    limit: int,
    *,
    report: bool,
) -> tuple[dict[str, float], dict[str, float]]:
    """(reported, released) after ``key``'s newest decision: kept in one map, dropped from the
    other."""
    if report:
        return _bounded(reported, key, ts, limit), _without(released, key)
    return _without(reported, key), _bounded(released, key, ts, limit)


def _note_decision(
    state: StateStore, subscriber: str, sender: str, ts: float, *, report: bool
) -> None:
    """Record a subscriber's release (``report=False``) or spam report of ``sender``: in their
    preferences and in the sender's standing, one voice per subscriber, the newer decision
    replacing the other kind."""
    prefs = load_preferences(state, subscriber)
    reported, released = _decide(
        prefs.reported, prefs.released, sender, ts, MAX_DECISIONS, report=report
    )
    _prefs(state).put_many(
        {subscriber: msgspec.structs.replace(prefs, released=released, reported=reported)}, ts
    )
    key = SENDER_KEY_PREFIX + sender
    standing = sender_standing(state, [key]).get(key, SenderStanding())
    reporters, releasers = _decide(
        standing.reporters, standing.releasers, subscriber, ts, MAX_VOICES, report=report
    )
    _standing(state).put_many(
        {
            key: msgspec.structs.replace(
                standing,
                releasers=releasers,
                reporters=reporters,
                releases=standing.releases + (not report),
                reports=standing.reports + report,
            )
        },
        ts,
    )


def note_release(state: StateStore, subscriber: str, sender: str, ts: float) -> None:
    """The subscriber released a message of ``sender``: deliver its texts to them from now on,
    and credit the sender's standing (one voice per subscriber; a release replaces a report)."""
    _note_decision(state, subscriber, sender, ts, report=False)


def note_report(state: StateStore, subscriber: str, sender: str, ts: float) -> None:
    """The subscriber reported ``sender`` as spam: its texts to them go to the spam folder, and
    the sender's standing counts one more distinct reporter (a report replaces a release)."""
    _note_decision(state, subscriber, sender, ts, report=True)


def note_correction(
    state: StateStore, keys: Sequence[str], correction: Correction, ts: float
) -> None:
    """Record an operator's correction (an upheld dispute) for ``sender:`` / ``campaign:`` keys."""
    found = sender_standing(state, keys)
    _standing(state).put_many(
        {
            key: msgspec.structs.replace(found.get(key, SenderStanding()), correction=correction)
            for key in keys
        },
        ts,
    )


def withdraw_correction(state: StateStore, keys: Sequence[str], dispute_id: int, ts: float) -> int:
    """Remove the correction dispute ``dispute_id`` recorded under ``keys`` (a later dispute's
    correction of the same key is left alone); return how many keys lost one."""
    found = sender_standing(state, keys)
    changed = {
        key: msgspec.structs.replace(standing, correction=None)
        for key, standing in found.items()
        if standing.correction is not None and standing.correction.dispute_id == dispute_id
    }
    if changed:
        _standing(state).put_many(changed, ts)
    return len(changed)


def sender_standing(state: StateStore, keys: Iterable[str]) -> dict[str, SenderStanding]:
    """The stored standing of those of ``keys`` (``sender:`` / ``campaign:`` keys) that have one."""
    return _standing(state).get_many(list(keys))

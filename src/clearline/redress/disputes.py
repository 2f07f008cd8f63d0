"""Disputes: filed by a sender about a number, a campaign or a calling number, answered by an
operator in time.

Deadlines follow the product brief: a status update is due 24 hours after filing (the FCC's
redress expectation), a resolution after the operator's target (default 24 hours; the 2020
stoppage took five days, Clearline aims at hours). Every step is an event the sender sees.

A resolution that upholds the sender lifts the block at once (``lift_block``): a sender-scoped
correction in the engine's ``sender_standing`` table (for the number, or for the campaign and
every number registered to it) makes the ``preferences`` signal add ``SENDER_DISPUTE_UPHELD``,
whose policy ``lift`` delivers what the *score* would filter, for every recipient. Forced actions
still apply: a STOP, a do-not-originate listing, a throttle, a subscriber's own blocklist. The
correction is recorded on the dispute (``lifted``) and every verdict it changes names the dispute
in the audit. It lasts the preferences signal's ``correction_days``; an operator can withdraw it
sooner (``withdraw_lift``).

A dispute about a **calling number** ("my calls are labelled spam"; subject kind
``calling_number``, filed only by the brand that owns the number) corrects the number's calls
instead: the key ``caller:<number>`` in the same table, which makes the ``call_preferences``
signal add ``CALL_DISPUTE_UPHELD`` (the same ``lift``) to every call from it, for that signal's
``correction_days``. A number's texts and its calls are corrected apart.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Sequence
from typing import Any

import msgspec
from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session

from clearline.redress.subscribers import note_correction, withdraw_correction
from clearline.signals.call_preferences import CALLER_KEY_PREFIX
from clearline.signals.preferences import CAMPAIGN_KEY_PREFIX, SENDER_KEY_PREFIX, Correction
from clearline.state import StateStore
from clearline.storage.keys import Principal
from clearline.storage.models import Dispute, DisputeEvent

#: A status update is due this long after filing.
STATUS_UPDATE_SECONDS = 24 * 3600.0


class DisputeStatus(enum.Enum):
    """Where a dispute stands."""

    OPEN = "open"
    IN_REVIEW = "in_review"
    UPHELD = "upheld"  # the sender was right; the filtering is to be lifted
    REJECTED = "rejected"  # the filtering stands, with the reason in the note


FINAL = frozenset({DisputeStatus.UPHELD, DisputeStatus.REJECTED})


class DisputeError(ValueError):
    """The step is not allowed (e.g. updating a resolved dispute); the message says why."""


def file_dispute(
    session: Session,
    principal: Principal,
    *,
    subject_kind: str,
    subject: str,
    description: str,
    evidence: Sequence[str],
    resolution_seconds: float,
) -> Dispute:
    """Record a new dispute for the principal's brand (the caller checked the subject is theirs)."""
    now = time.time()
    dispute = Dispute(
        brand=principal.brand or "",
        subject_kind=subject_kind,
        subject=subject,
        description=description,
        evidence=msgspec.json.encode(list(evidence)).decode(),
        status=DisputeStatus.OPEN.value,
        filed_at=now,
        status_due_at=now + STATUS_UPDATE_SECONDS,
        resolution_due_at=now + resolution_seconds,
        updated_at=now,
    )
    session.add(dispute)
    session.flush()
    _event(session, dispute, principal, DisputeStatus.OPEN, "filed", now)
    return dispute


def _event(
    session: Session,
    dispute: Dispute,
    principal: Principal,
    status: DisputeStatus,
    note: str,
    now: float,
) -> None:
    session.add(
        DisputeEvent(
            dispute_id=dispute.id,
            ts=now,
            actor_role=principal.role.value,
            actor_key=principal.key_id,
            status=status.value,
            note=note,
        )
    )


def update_dispute(
    session: Session, dispute: Dispute, principal: Principal, status: DisputeStatus, note: str
) -> Dispute:
    """An operator's step: a status update (``in_review``) or a resolution (upheld/rejected).

    Raises:
        DisputeError: the dispute is already resolved, or the step goes back to ``open``.
    """
    if DisputeStatus(dispute.status) in FINAL:
        raise DisputeError(f"dispute {dispute.id} is already {dispute.status}")
    if status is DisputeStatus.OPEN:
        raise DisputeError("a dispute cannot be reopened; file a new one")
    now = time.time()
    dispute.status = status.value
    dispute.updated_at = now
    if status in FINAL:
        dispute.resolved_at = now
        dispute.decision_note = note
    _event(session, dispute, principal, status, note, now)
    return dispute


def correction_keys(dispute: Dispute, campaign_numbers: Sequence[str] = ()) -> list[str]:
    """The ``sender_standing`` keys an upheld dispute corrects: the number, the campaign and
    the numbers registered to it when it was resolved, or the calling number's calls."""
    if dispute.subject_kind == "calling_number":
        return [CALLER_KEY_PREFIX + dispute.subject]
    if dispute.subject_kind == "campaign":
        numbers = [SENDER_KEY_PREFIX + n for n in campaign_numbers]
        return [CAMPAIGN_KEY_PREFIX + dispute.subject, *numbers]
    return [SENDER_KEY_PREFIX + dispute.subject]


def lift_block(state: StateStore, dispute: Dispute, keys: Sequence[str], now: float) -> None:
    """Record the correction of an upheld dispute, in the engine's state and on the dispute.

    Args:
        state: the engine's state store (the write commits with the caller's transaction).
        dispute: the dispute, already upheld.
        keys: from ``correction_keys``.
        now: wall-clock time of the resolution.
    """
    correction = Correction(dispute.id, now, dispute.decision_note or "")
    note_correction(state, keys, correction, now)
    calls = dispute.subject_kind == "calling_number"
    symbol = "CALL_DISPUTE_UPHELD" if calls else "SENDER_DISPUTE_UPHELD"
    dispute.lifted = msgspec.json.encode({"symbol": symbol, "keys": list(keys), "at": now}).decode()


def withdraw_lift(
    session: Session, state: StateStore, dispute: Dispute, principal: Principal, note: str
) -> int:
    """Withdraw an upheld dispute's correction before it expires (the sender turned out to be
    abusing it, say): the keys it lifted are scored on their own again from the next message.
    Recorded as an event the sender sees and on ``lifted`` (``withdrawn_at``, ``withdrawn_note``).

    Returns:
        How many keys still held this dispute's correction (0: it had already been replaced).

    Raises:
        DisputeError: the dispute lifted nothing, or its lift was already withdrawn.
    """
    if dispute.lifted is None:
        raise DisputeError(f"dispute {dispute.id} lifted no block: there is nothing to withdraw")
    lifted: dict[str, Any] = msgspec.json.decode(dispute.lifted)
    if "withdrawn_at" in lifted:
        raise DisputeError(f"the lift of dispute {dispute.id} was already withdrawn")
    now = time.time()
    removed = withdraw_correction(state, lifted.get("keys", []), dispute.id, now)
    lifted.update(withdrawn_at=now, withdrawn_note=note)
    dispute.lifted = msgspec.json.encode(lifted).decode()
    dispute.updated_at = now
    status = DisputeStatus(dispute.status)
    _event(session, dispute, principal, status, f"lift withdrawn: {note}", now)
    return removed


def find_dispute(session: Session, dispute_id: int, brand: str | None) -> Dispute | None:
    """The dispute, if it exists and (when ``brand`` is given) belongs to that brand."""
    dispute = session.get(Dispute, dispute_id)
    if dispute is None or (brand is not None and dispute.brand != brand):
        return None
    return dispute


def list_disputes(
    session: Session,
    brand: str | None,
    status: DisputeStatus | None,
    limit: int,
    offset: int = 0,
) -> list[Dispute]:
    """Disputes of one brand (or all, for operators), soonest resolution deadline first; the
    first ``offset`` of that order are skipped (the next page)."""
    statement = (
        select(Dispute).order_by(Dispute.resolution_due_at, Dispute.id).offset(offset).limit(limit)
    )
    if brand is not None:
        statement = statement.where(Dispute.brand == brand)
    if status is not None:
        statement = statement.where(Dispute.status == status.value)
    return list(session.scalars(statement))


def describe(session: Session, dispute: Dispute, *, history: bool, now: float) -> dict[str, Any]:
    """The dispute as the API shows it, with overdue flags and (optionally) its history."""
    final = DisputeStatus(dispute.status) in FINAL
    shown: dict[str, Any] = {
        "id": dispute.id,
        "brand": dispute.brand,
        "subject_kind": dispute.subject_kind,
        "subject": dispute.subject,
        "description": dispute.description,
        "evidence": msgspec.json.decode(dispute.evidence),
        "status": dispute.status,
        "filed_at": dispute.filed_at,
        "status_due_at": dispute.status_due_at,
        "resolution_due_at": dispute.resolution_due_at,
        "updated_at": dispute.updated_at,
        "decision_note": dispute.decision_note,
        "resolved_at": dispute.resolved_at,
        "lifted": msgspec.json.decode(dispute.lifted) if dispute.lifted else None,
        "status_overdue": dispute.status == DisputeStatus.OPEN.value
        and now > dispute.status_due_at,
        "resolution_overdue": not final and now > dispute.resolution_due_at,
    }
    if history:
        events = session.scalars(
            select(DisputeEvent)
            .where(DisputeEvent.dispute_id == dispute.id)
            .order_by(DisputeEvent.id)
        )
        shown["history"] = [
            {"ts": e.ts, "by": e.actor_role, "status": e.status, "note": e.note} for e in events
        ]
    return shown


class QueueFigures(msgspec.Struct, frozen=True):
    """The dispute queue at one instant, for metrics."""

    by_status: dict[str, int]
    oldest_unresolved_seconds: float
    status_overdue: int
    resolution_overdue: int


def _queue_statements() -> tuple[Any, Any, Any, Any]:
    unresolved = Dispute.status.in_([DisputeStatus.OPEN.value, DisputeStatus.IN_REVIEW.value])
    now: BindParameter[float] = bindparam("now")
    return (
        select(Dispute.status, func.count()).group_by(Dispute.status),
        select(func.min(Dispute.filed_at)).where(unresolved),
        select(func.count()).where(
            Dispute.status == DisputeStatus.OPEN.value, Dispute.status_due_at < now
        ),
        select(func.count()).where(unresolved, Dispute.resolution_due_at < now),
    )


# Built once: /metrics reads them on every scrape, and a statement built per call leaves
# SQLAlchemy bind parameters in reference cycles (the service runs with the collector off).
_BY_STATUS, _OLDEST_UNRESOLVED, _STATUS_OVERDUE, _RESOLUTION_OVERDUE = _queue_statements()


def queue_figures(session: Session, now: float) -> QueueFigures:
    """Counts by status, the age of the oldest unresolved dispute, and how many are overdue."""
    by_status = {str(status): int(count) for status, count in session.execute(_BY_STATUS)}
    oldest = session.execute(_OLDEST_UNRESOLVED).scalar_one()
    status_overdue = session.execute(_STATUS_OVERDUE, {"now": now}).scalar_one()
    resolution_overdue = session.execute(_RESOLUTION_OVERDUE, {"now": now}).scalar_one()
    return QueueFigures(
        by_status=by_status,
        oldest_unresolved_seconds=max(0.0, now - oldest) if oldest is not None else 0.0,
        status_overdue=int(status_overdue),
        resolution_overdue=int(resolution_overdue),
    )

"""``/v1/disputes``: senders file and follow disputes; operators work the queue within deadlines.

* ``POST /v1/disputes`` (sender): about one of its brand's campaigns, a number (not one
  assigned or registered to another brand), or a calling number whose calls are labelled spam
  (``calling_number``: only one assigned or registered to the brand itself), with a description
  and evidence.
* ``GET /v1/disputes`` (sender: its brand's; operator: the queue, soonest deadline first,
  ``?status=`` to filter), ``GET /v1/disputes/{id}`` with the history. Another brand's dispute
  is 404.
* ``POST /v1/disputes/{id}/status`` (operator): ``in_review`` with a note (the 24-hour update),
  or a resolution: ``upheld`` / ``rejected`` with a note the sender sees. ``upheld`` lifts the
  block at once (``clearline.redress.disputes.lift_block``), in the same transaction as the
  resolution, for the preferences signal's ``correction_days``.
* ``POST /v1/disputes/{id}/withdraw-lift`` (operator): ``{"note"}``; ends that lift sooner (409
  if the dispute lifted nothing or was already withdrawn).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.deps import (
    OperatorDep,
    SenderDep,
    SenderOrOperatorDep,
    Services,
    ServicesDep,
)
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.routers.registry import visible_campaign
from clearline.adapters.http.times import with_rfc3339
from clearline.redress.disputes import (
    DisputeError,
    DisputeStatus,
    correction_keys,
    describe,
    file_dispute,
    find_dispute,
    lift_block,
    list_disputes,
    update_dispute,
    withdraw_lift,
)
from clearline.storage.keys import Role
from clearline.storage.models import Dispute

router = APIRouter(prefix="/v1/disputes", tags=["disputes"])

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")

#: Dispute ids are INTEGER (32-bit) on PostgreSQL and SQLite's 64-bit rowids: an id outside the
#: narrower range names no dispute, and the database must not see it (it would refuse the bind).
_MAX_DISPUTE_ID = 2**31 - 1


_DISPUTE_TIMES = ("filed_at", "status_due_at", "resolution_due_at", "updated_at", "resolved_at")


def _shown(session: Session, dispute: Dispute, *, history: bool, now: float) -> dict[str, Any]:
    """``describe``, with every instant in RFC 3339 (the history's, and the lift's too)."""
    shown = with_rfc3339(describe(session, dispute, history=history, now=now), _DISPUTE_TIMES)
    if shown.get("lifted") is not None:
        with_rfc3339(shown["lifted"], ("at", "withdrawn_at"))
    for event in shown.get("history", ()):
        with_rfc3339(event, ("ts",))
    return shown


def _find(session: Session, dispute_id: int, brand: str | None) -> Dispute | None:
    """``find_dispute``, with an id no dispute can have answered ``None`` without a query."""
    if not 0 < dispute_id <= _MAX_DISPUTE_ID:
        return None
    return find_dispute(session, dispute_id, brand)


class NewDispute(BaseModel):
    """What the sender disputes, and why."""

    model_config = ConfigDict(extra="forbid")

    subject_kind: Literal["number", "campaign", "calling_number"] = Field(
        description="`number` (its texts), `campaign`, or `calling_number` (its calls are "
        "labelled spam; only the brand that owns the number may file)."
    )
    subject: str = Field(min_length=1, max_length=128, description="E.164 number or campaign id.")
    description: str = Field(min_length=1, max_length=10_000)
    evidence: list[Annotated[str, Field(max_length=2_000)]] = Field(
        default_factory=list, max_length=50, description="Links, message ids, consent records."
    )


class DisputeUpdate(BaseModel):
    """An operator's step on a dispute."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["in_review", "upheld", "rejected"]
    note: str = Field(min_length=1, max_length=10_000, description="What the sender reads.")


@router.post("", status_code=201, summary="File a dispute (senders)")
async def create(
    request: NewDispute, services: ServicesDep, principal: SenderDep
) -> dict[str, Any]:
    """File a dispute about one of the brand's campaigns, a number or a calling number."""
    if request.subject_kind == "campaign":
        await visible_campaign(services, principal, request.subject)
    else:
        if _E164.fullmatch(request.subject) is None:
            raise ApiError(422, "invalid_request", "a number must be E.164, like +15551234567")
        compliance = services.worker.compliance
        # The brand an operator assigned it to (or its campaign's): not only campaign numbers.
        owners = await services.worker.call(lambda: compliance.owners_of([request.subject]))
        owner = owners.get(request.subject)
        if owner is not None and owner != principal.brand:
            raise ApiError(403, "forbidden", f"{request.subject} is registered to another brand")
        if request.subject_kind == "calling_number" and owner is None:
            # A calling number's label is lifted for every callee: only its owner may ask.
            raise ApiError(
                403,
                "forbidden",
                f"{request.subject} is not registered to your brand: only the brand that owns "
                "a calling number may dispute the label of its calls (an operator assigns it "
                "with PUT /v1/numbers/NUMBER)",
            )
    resolution_seconds = services.settings.dispute_resolution_hours * 3600

    def store() -> dict[str, Any]:
        with services.database.session() as session:
            dispute = file_dispute(
                session,
                principal,
                subject_kind=request.subject_kind,
                subject=request.subject,
                description=request.description,
                evidence=request.evidence,
                resolution_seconds=resolution_seconds,
            )
            return _shown(session, dispute, history=True, now=time.time())

    return await run_in_threadpool(store)


def _brand_scope(principal: Any) -> str | None:
    return None if principal.role is Role.OPERATOR else principal.brand


@router.get("", summary="Disputes: a sender's own, or the operator's queue")
def index(
    services: ServicesDep,
    principal: SenderOrOperatorDep,
    status: Annotated[DisputeStatus | None, Query(description="Only this status.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[
        int,
        Query(ge=0, le=1_000_000, description="Skip this many (the next page: offset + limit)."),
    ] = 0,
) -> dict[str, Any]:
    """Disputes visible to the key, soonest resolution deadline first."""
    now = time.time()
    with services.database.session() as session:
        disputes = list_disputes(session, _brand_scope(principal), status, limit, offset)
        return {"disputes": [_shown(session, d, history=False, now=now) for d in disputes]}


@router.get("/{dispute_id}", summary="One dispute with its history")
def show(dispute_id: int, services: ServicesDep, principal: SenderOrOperatorDep) -> dict[str, Any]:
    """The dispute and every step taken on it."""
    with services.database.session() as session:
        dispute = _find(session, dispute_id, _brand_scope(principal))
        if dispute is None:
            raise ApiError(404, "not_found", f"no dispute {dispute_id} for this key")
        return _shown(session, dispute, history=True, now=time.time())


async def _operator_step(
    services: Services, dispute_id: int, act: Callable[[Session, Dispute], None]
) -> dict[str, Any]:
    """Run an operator's ``act`` on a dispute on the scoring thread, in one transaction with the
    engine's state (a lift or its withdrawal commits before the next message is scored): 404
    for an unknown dispute, 409 for a step the dispute's state refuses; the dispute afterwards."""

    def step(session: Session) -> dict[str, Any]:
        dispute = _find(session, dispute_id, None)
        if dispute is None:
            raise ApiError(404, "not_found", f"no dispute {dispute_id}")
        try:
            act(session, dispute)
        except DisputeError as exc:
            raise ApiError(409, "conflict", str(exc)) from None
        session.flush()
        return _shown(session, dispute, history=True, now=time.time())

    return await services.worker.call_in_session(step)


@router.post("/{dispute_id}/status", summary="Update or resolve a dispute (operators)")
async def update(
    dispute_id: int, request: DisputeUpdate, services: ServicesDep, principal: OperatorDep
) -> dict[str, Any]:
    """Record a status update or the resolution, with a note the sender sees; ``upheld`` lifts
    the block of the number or campaign at once (the response's ``lifted`` says how)."""
    status = DisputeStatus(request.status)
    worker = services.worker

    def act(session: Session, dispute: Dispute) -> None:
        update_dispute(session, dispute, principal, status, request.note)
        if status is DisputeStatus.UPHELD:
            numbers: tuple[str, ...] = ()
            if dispute.subject_kind == "campaign":
                found = worker.compliance.campaigns.get_many([dispute.subject]).get(dispute.subject)
                numbers = found.numbers if found is not None else ()
            lift_block(worker.state, dispute, correction_keys(dispute, numbers), time.time())

    return await _operator_step(services, dispute_id, act)


class LiftWithdrawal(BaseModel):
    """Why an operator withdraws an upheld dispute's lift."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=1, max_length=10_000, description="What the sender reads.")


@router.post("/{dispute_id}/withdraw-lift", summary="Withdraw an upheld dispute's lift (operators)")
async def withdraw(
    dispute_id: int, request: LiftWithdrawal, services: ServicesDep, principal: OperatorDep
) -> dict[str, Any]:
    """End the correction an upheld dispute recorded before it expires: from the next message,
    the number or campaign is scored on its own again. The history and ``lifted`` record it."""
    state = services.worker.state

    def act(session: Session, dispute: Dispute) -> None:
        withdraw_lift(session, state, dispute, principal, request.note)

    return await _operator_step(services, dispute_id, act)

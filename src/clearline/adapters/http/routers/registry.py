"""The 10DLC-style registry over HTTP: the same brands and campaigns as ``clearline registry``.

* ``POST /v1/registry`` (operators): import a registry document (the CLI's file format), all or
  nothing, with every problem named.
* ``GET /v1/campaigns``, ``GET /v1/campaigns/{id}`` (senders: their brand's; operators: all).
* ``PUT /v1/campaigns/{id}`` (senders): register or replace a campaign of the key's brand.
  The brand must already be registered (operators vet brands), and so must its numbers: a sender
  attaches only numbers an operator assigned to its brand (403 for a number nobody assigned it,
  409 for another brand's: numbers change brands only by operator review). A sender cannot
  overwrite another brand's campaign. A political campaign's token is a claim until an operator
  verifies it.
* ``POST /v1/campaigns/{id}/verification`` (operators): ``{"token"}``, the campaign's political
  verification token, checked by the operator: from then on the campaign is verified.
* ``GET /v1/campaigns/{id}/stats``: verdicts of the campaign's traffic by action and by symbol,
  so a sender sees why it is filtered.
* ``GET /v1/numbers`` (senders: their brand's; operators: all), ``PUT /v1/numbers/{number}``
  (operators): ``{"brand"}`` assigns a number to a brand (taking it off another brand's campaign),
  ``DELETE /v1/numbers/{number}`` (operators) takes it from its brand and campaign.

Another brand's campaign is answered 404 on reads, as if it did not exist: a sender learns
nothing about other brands.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import msgspec
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.bodies import read_json, read_limited_body
from clearline.adapters.http.deps import (
    OperatorDep,
    SenderDep,
    SenderOrOperatorDep,
    Services,
    ServicesDep,
)
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.openapi import ref
from clearline.compliance.imports import ImportFileError, import_files, read_registry
from clearline.compliance.registry import (
    Campaign,
    NumberAssignment,
    NumberOwner,
    RegistryFile,
    is_sender_address,
)
from clearline.storage.keys import Principal, Role
from clearline.storage.models import VerdictRecord

router = APIRouter(prefix="/v1", tags=["registry"])

_encoder = msgspec.json.Encoder()


def _json(value: Any, status: int = 200) -> Response:
    return Response(_encoder.encode(value), status, media_type="application/json")


def _visible(principal: Principal, campaign: Campaign | None) -> Campaign | None:
    if campaign is None:
        return None
    if principal.role is Role.OPERATOR or campaign.brand == principal.brand:
        return campaign
    return None


@router.post(
    "/registry",
    summary="Import a registry document (operators)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/RegistryFile"}}
            },
        }
    },
    response_class=Response,
)
async def import_registry(
    request: Request, _operator: OperatorDep, services: ServicesDep
) -> Response:
    """Add or replace brands and campaigns (the `clearline registry import` format)."""
    body = await read_limited_body(request, services.settings.max_body_bytes)
    worker = services.worker

    def apply() -> dict[str, int]:
        summary = import_files(worker.compliance, registry=body)
        return {
            "brands": summary.brands,
            "campaigns": summary.campaigns,
            "numbers": summary.numbers,
        }

    try:
        counts = await worker.call(apply)
    except ImportFileError as exc:
        raise ApiError(422, "invalid_registry", str(exc)) from None
    return _json({"imported": counts})


@router.get(
    "/campaigns", summary="List campaigns (a sender sees its brand's)", response_class=Response
)
async def list_campaigns(services: ServicesDep, principal: SenderOrOperatorDep) -> Response:
    """Campaigns visible to the key, by id."""
    return _json({"campaigns": await visible_campaigns(services, principal)})


async def visible_campaigns(services: Services, principal: Principal) -> list[Campaign]:
    """The campaigns the key may see (a sender: its brand's; an operator: all), by id."""
    worker = services.worker

    def listing() -> list[Campaign]:
        campaigns = worker.state.scan("registry_campaign", Campaign)
        return sorted(
            (c for c in campaigns.values() if _visible(principal, c) is not None),
            key=lambda c: c.id,
        )

    return await worker.call(listing)


async def visible_campaign(services: Services, principal: Principal, campaign_id: str) -> Campaign:
    """The campaign if the key may see it.

    Raises:
        ApiError: 404 when it does not exist or belongs to another brand.
    """
    compliance = services.worker.compliance
    found = await services.worker.call(
        lambda: compliance.campaigns.get_many({campaign_id}).get(campaign_id)
    )
    visible = _visible(principal, found)
    if visible is None:
        raise ApiError(404, "not_found", f"no campaign {campaign_id!r} for this key")
    return visible


@router.get("/campaigns/{campaign_id}", summary="One campaign", response_class=Response)
async def get_campaign(
    campaign_id: str, services: ServicesDep, principal: SenderOrOperatorDep
) -> Response:
    """The campaign, if the key's brand runs it (operators: any)."""
    return _json(await visible_campaign(services, principal, campaign_id))


@router.put(
    "/campaigns/{campaign_id}",
    summary="Register or replace a campaign of the key's brand (senders)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ref("Campaign")}},
        }
    },
    response_class=Response,
)
async def put_campaign(
    campaign_id: str, request: Request, services: ServicesDep, principal: SenderDep
) -> Response:
    """Register the campaign under the key's brand, checked like a registry import."""
    campaign = await read_json(request, Campaign, services.settings.max_body_bytes)
    return _json(await register_campaign(services, principal, campaign_id, campaign))


async def register_campaign(
    services: Services, principal: Principal, campaign_id: str, campaign: Campaign
) -> Campaign:
    """Register ``campaign`` for the sender ``principal`` (``PUT /v1/campaigns/{id}`` and the
    sender page).

    Raises:
        ApiError: 422 for an id that differs or a campaign the registry refuses, 403 for another
            brand's campaign or a number not assigned to the brand, 409 for another brand's number.
    """
    if campaign.id != campaign_id:
        raise ApiError(
            422, "invalid_request", f"the body's id {campaign.id!r} is not {campaign_id!r}"
        )
    if campaign.brand != principal.brand:
        raise ApiError(
            403, "forbidden", f"this key registers campaigns for brand {principal.brand!r} only"
        )
    worker = services.worker
    compliance = worker.compliance

    brand = principal.brand

    def register() -> ApiError | None:
        existing = compliance.campaigns.get_many({campaign_id}).get(campaign_id)
        if existing is not None and existing.brand != brand:
            return ApiError(403, "forbidden", f"campaign {campaign_id!r} belongs to another brand")
        doc = read_registry(msgspec.json.encode(RegistryFile(campaigns=(campaign,))), compliance)
        owners = compliance.owners_of(campaign.numbers)
        claimed = sorted(n for n, owner in owners.items() if owner != brand)
        if claimed:
            return ApiError(
                409,
                "conflict",
                f"{', '.join(claimed)}: assigned to another brand, and a number changes brands "
                "only by operator review (ask the operator to review the assignment); nothing "
                "was registered",
            )
        unassigned = sorted(set(campaign.numbers) - owners.keys())
        if unassigned:
            return ApiError(
                403,
                "forbidden",
                f"{', '.join(unassigned)}: not assigned to brand {brand!r}; a campaign sends "
                "only from numbers an operator assigned to its brand (ask the operator to "
                "assign them); nothing was registered",
            )
        # A sender's token is its claim: only an operator verifies it.
        compliance.apply_registry(doc, by_operator=False)
        compliance.commit()
        return None

    try:
        refusal = await worker.call(register)
    except ImportFileError as exc:
        raise ApiError(422, "invalid_registry", str(exc)) from None
    if refusal is not None:
        raise refusal
    return campaign


class TokenCheck(BaseModel):
    """The political verification token the operator checked."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=256, description="As the campaign gives it.")


@router.post(
    "/campaigns/{campaign_id}/verification",
    summary="Verify a political campaign's token (operators)",
)
async def verify_campaign(
    campaign_id: str, check: TokenCheck, services: ServicesDep, _operator: OperatorDep
) -> dict[str, Any]:
    """Record that the operator verified the campaign's token (e.g. with Campaign Verify).

    The token must be the campaign's current one (409 otherwise: it changed since the review).
    """
    compliance = services.worker.compliance

    def verify() -> Campaign | ApiError:
        campaign = compliance.campaigns.get_many({campaign_id}).get(campaign_id)
        if campaign is None:
            return ApiError(404, "not_found", f"no campaign {campaign_id!r}")
        if campaign.verification_token != check.token:
            return ApiError(
                409,
                "conflict",
                f"campaign {campaign_id!r} does not give that token (it gives "
                f"{campaign.verification_token!r}); review its current registration",
            )
        compliance.verify_token(check.token, campaign.brand)
        compliance.commit()
        return campaign

    outcome = await services.worker.call(verify)
    if isinstance(outcome, ApiError):
        raise outcome
    return {
        "campaign": outcome.id,
        "brand": outcome.brand,
        "token": check.token,
        "verified": True,
    }


class NumberBrand(BaseModel):
    """The brand a number is assigned to."""

    model_config = ConfigDict(extra="forbid")

    brand: str = Field(min_length=1, max_length=128, pattern=r"^\S+$")


def _checked_number(number: str) -> str:
    if not is_sender_address(number):
        raise ApiError(
            422,
            "invalid_request",
            f"{number!r} is not an E.164 number (+ and country code) or a short code",
        )
    return number


@router.get("/numbers", summary="Numbers and the brands they belong to")
async def list_numbers(services: ServicesDep, principal: SenderOrOperatorDep) -> dict[str, Any]:
    """Each number with its brand and campaign (a sender sees its brand's)."""
    worker = services.worker
    brand = None if principal.role is Role.OPERATOR else principal.brand

    def listing() -> list[dict[str, str | None]]:
        owners = worker.state.scan("registry_owner", NumberOwner)
        sending = worker.state.scan("registry_number", NumberAssignment)
        campaigns = worker.state.scan("registry_campaign", Campaign)
        rows: list[dict[str, str | None]] = []
        for number in sorted(owners.keys() | sending.keys()):
            assignment = sending.get(number)
            campaign = campaigns.get(assignment.campaign) if assignment is not None else None
            owner = owners.get(number)
            # Registered before owners were recorded: its campaign's brand's.
            owned_by = owner.brand if owner is not None else campaign.brand if campaign else None
            if owned_by is None or (brand is not None and owned_by != brand):
                continue
            rows.append(
                {"number": number, "brand": owned_by, "campaign": campaign.id if campaign else None}
            )
        return rows

    return {"numbers": await worker.call(listing)}


@router.put("/numbers/{number}", summary="Assign a number to a brand (operators)")
async def assign_number(
    number: str, body: NumberBrand, services: ServicesDep, _operator: OperatorDep
) -> dict[str, Any]:
    """Make the number the brand's: its campaigns may then send from it. A number that sent for
    another brand's campaign leaves that campaign (``taken_from``)."""
    _checked_number(number)
    compliance = services.worker.compliance

    def assign() -> str | ApiError | None:
        if not compliance.brands.get_many({body.brand}):
            return ApiError(422, "invalid_request", f"brand {body.brand!r} is not registered")
        taken_from = compliance.assign_number(number, body.brand)
        compliance.commit()
        return taken_from

    outcome = await services.worker.call(assign)
    if isinstance(outcome, ApiError):
        raise outcome
    return {"number": number, "brand": body.brand, "taken_from": outcome}


@router.delete("/numbers/{number}", summary="Take a number from its brand (operators)")
async def release_number(
    number: str, services: ServicesDep, _operator: OperatorDep
) -> dict[str, Any]:
    """The number belongs to no brand afterwards and leaves the campaign it sent for."""
    _checked_number(number)
    compliance = services.worker.compliance

    def release() -> bool:
        released = compliance.release_number(number)
        compliance.commit()
        return released

    if not await services.worker.call(release):
        raise ApiError(404, "not_found", f"{number} is not assigned to any brand")
    return {"number": number, "released": True}


@router.get(
    "/campaigns/{campaign_id}/stats",
    summary="Verdicts of a campaign's traffic by action and by symbol",
)
async def campaign_stats(
    campaign_id: str, services: ServicesDep, principal: SenderOrOperatorDep
) -> dict[str, Any]:
    """Counts by action and by symbol over the audit, for the campaign's messages."""
    await visible_campaign(services, principal, campaign_id)

    def count() -> dict[str, Any]:
        with services.database.session() as session:
            by_action = dict(
                session.execute(
                    select(VerdictRecord.action, func.count())
                    .where(VerdictRecord.campaign == campaign_id)
                    .group_by(VerdictRecord.action)
                ).all()
            )
            # Few distinct sets of symbols fire on one campaign: count the sets, then split.
            by_symbol: Counter[str] = Counter()
            for symbols, times in session.execute(
                select(VerdictRecord.symbols, func.count())
                .where(VerdictRecord.campaign == campaign_id)
                .group_by(VerdictRecord.symbols)
            ).all():
                for symbol in set(symbols.split()):
                    by_symbol[symbol] += times
        return {
            "campaign": campaign_id,
            "messages": sum(by_action.values()),
            "by_action": by_action,
            "by_symbol": dict(by_symbol),
        }

    # A blocking query: run it in the thread pool, not on the event loop.
    return await run_in_threadpool(count)

"""The 10DLC-style registry over HTTP: the same brands and campaigns as ``clearline registry``.

* ``POST /v1/registry`` (operators): import a registry document (the CLI's file format), all or
  nothing, with every problem named.
* ``GET /v1/campaigns``, ``GET /v1/campaigns/{id}`` (senders: their brand's; operators: all).
* ``PUT /v1/campaigns/{id}`` (senders): register or replace a campaign of the key's brand.
  The brand must already be registered (operators vet brands). A sender can neither overwrite
  another brand's campaign nor take a number registered to another brand's campaign.
* ``GET /v1/campaigns/{id}/stats``: verdicts of the campaign's traffic by action and by symbol,
  so a sender sees why it is filtered.

Another brand's campaign is answered 404 on reads, as if it did not exist: a sender learns
nothing about other brands.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import msgspec
from fastapi import APIRouter, Request, Response
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
from clearline.compliance.imports import ImportFileError, import_files
from clearline.compliance.registry import Campaign, RegistryFile
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
    worker = services.worker

    def listing() -> list[Campaign]:
        campaigns = worker.state.scan("registry_campaign", Campaign)
        return sorted(
            (c for c in campaigns.values() if _visible(principal, c) is not None),
            key=lambda c: c.id,
        )

    return _json({"campaigns": await worker.call(listing)})


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

    def register() -> str | None:
        existing = compliance.campaigns.get_many({campaign_id}).get(campaign_id)
        if existing is not None and existing.brand != principal.brand:
            return f"campaign {campaign_id!r} belongs to another brand"
        owners = compliance.campaign_for_numbers(campaign.numbers)
        taken = sorted(n for n, c in owners.items() if c.brand != principal.brand)
        if taken:
            return f"{', '.join(taken)} registered to another brand's campaign"
        document = msgspec.json.encode(RegistryFile(campaigns=(campaign,)))
        import_files(compliance, registry=document)
        return None

    try:
        refusal = await worker.call(register)
    except ImportFileError as exc:
        raise ApiError(422, "invalid_registry", str(exc)) from None
    if refusal is not None:
        raise ApiError(403, "forbidden", refusal)
    return _json(campaign)


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

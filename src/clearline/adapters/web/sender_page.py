"""The sender portal: the brand's campaigns and numbers, registering a campaign, the pre-check
(``/v1/lint``, as you type with htmx), delivery statistics, and disputes with their history.
Every read and write is the API's own endpoint function for the key."""

from __future__ import annotations

from typing import Annotated, Any, get_args

import msgspec
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.deps import ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.routers import disputes, lint, registry
from clearline.adapters.web.frame import (
    SignedIn,
    posted_as,
    problem,
    redirect,
    render,
    signed_in_as,
)
from clearline.compliance.registry import Campaign, UseCase
from clearline.model import MAX_BODY_CHARS
from clearline.storage.keys import Role

router = APIRouter(include_in_schema=False)

SenderPage = Annotated[SignedIn, Depends(signed_in_as(Role.SENDER))]
SenderPost = Annotated[SignedIn, Depends(posted_as(Role.SENDER))]

#: Campaigns whose statistics the portal shows (the first, by id).
STATS_CAMPAIGNS = 20
#: Disputes per page.
DISPUTES_PAGE = 25

_NOTICES = {
    "registered": "Campaign registered.",
    "filed": "Dispute filed. The operator answers within the deadlines shown.",
}
_USE_CASES = sorted(get_args(UseCase))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


async def _portal(
    request: Request,
    services: ServicesDep,
    signed_in: SignedIn,
    *,
    disputes_from: int = 0,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
    lint_text: str = "",
    lint_campaign: str = "",
    report: Any = None,
    lint_error: str | None = None,
) -> Response:
    principal = signed_in.principal
    campaigns = await registry.visible_campaigns(services, principal)
    numbers = (await registry.list_numbers(services, principal))["numbers"]
    stats = [
        await registry.campaign_stats(campaign.id, services, principal)
        for campaign in campaigns[:STATS_CAMPAIGNS]
    ]
    filed = await run_in_threadpool(
        lambda: disputes.index(
            services, principal, None, limit=DISPUTES_PAGE + 1, offset=disputes_from
        )
    )
    more = len(filed["disputes"]) > DISPUTES_PAGE
    context = {
        "signed_in": signed_in,
        "campaigns": campaigns,
        "numbers": numbers,
        "stats": stats,
        "disputes": filed["disputes"][:DISPUTES_PAGE],
        "disputes_from": disputes_from,
        "disputes_next": disputes_from + DISPUTES_PAGE if more else None,
        "disputes_previous": max(disputes_from - DISPUTES_PAGE, 0) if disputes_from else None,
        "use_cases": _USE_CASES,
        "notice": _NOTICES.get(notice or ""),
        "error": error,
        "lint_text": lint_text,
        "lint_campaign": lint_campaign,
        "report": report,
        "lint_error": lint_error,
        "max_text": MAX_BODY_CHARS,
    }
    return render(request, "sender.html", context, status=status)


@router.get("/sender")
async def sender_page(
    request: Request,
    services: ServicesDep,
    signed_in: SenderPage,
    notice: Annotated[str | None, Query(max_length=32)] = None,
    disputes_from: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The sender portal (``disputes_from``: the disputes list's page, an offset)."""
    return await _portal(request, services, signed_in, disputes_from=disputes_from, notice=notice)


@router.post("/sender/lint")
async def pre_check(
    request: Request,
    services: ServicesDep,
    signed_in: SenderPost,
    text: Annotated[str, Form(max_length=MAX_BODY_CHARS)] = "",
    campaign: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    """Lint a text as the brand; htmx gets the result alone, a plain form post the portal."""
    asked = lint.LintRequest(text=text, campaign=campaign or None)
    report: Any = None
    error: str | None = None
    status = 200
    try:
        report = msgspec.to_builtins(await lint.lint_as(services, signed_in.principal, asked))
    except ApiError as exc:
        error, status = problem(exc), exc.status
    if request.headers.get("HX-Request") == "true":
        # A refusal is shown in the result box; 200 so htmx swaps it in.
        return render(request, "lint_result.html", {"report": report, "error": error})
    return await _portal(
        request,
        services,
        signed_in,
        lint_error=error,
        status=status,
        lint_text=text,
        lint_campaign=campaign,
        report=report,
    )


@router.post("/sender/campaigns")
async def register(
    request: Request,
    services: ServicesDep,
    signed_in: SenderPost,
    campaign_id: Annotated[str, Form(max_length=128)] = "",
    use_case: Annotated[str, Form(max_length=64)] = "",
    sample_messages: Annotated[str, Form(max_length=20_000)] = "",
    opt_out_message: Annotated[str, Form(max_length=2_000)] = "",
    help_message: Annotated[str, Form(max_length=2_000)] = "",
    numbers: Annotated[str, Form(max_length=10_000)] = "",
    description: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    """Register (or replace) a campaign of the brand: ``PUT /v1/campaigns/{id}``."""
    principal = signed_in.principal
    fields = {
        "id": campaign_id.strip(),
        "brand": principal.brand,
        "use_case": use_case,
        "sample_messages": _lines(sample_messages),
        "opt_out_message": opt_out_message.strip(),
        "help_message": help_message.strip(),
        "numbers": numbers.replace(",", " ").split(),
        "description": description.strip(),
    }
    try:
        campaign = msgspec.convert(fields, Campaign)
        await registry.register_campaign(services, principal, campaign.id, campaign)
    except msgspec.ValidationError as exc:
        return await _portal(request, services, signed_in, error=f"Campaign: {exc}", status=422)
    except ApiError as exc:
        return await _portal(request, services, signed_in, error=problem(exc), status=exc.status)
    return redirect("/sender?notice=registered")


@router.post("/sender/disputes")
async def file_dispute(
    request: Request,
    services: ServicesDep,
    signed_in: SenderPost,
    subject_kind: Annotated[str, Form(max_length=16)] = "",
    subject: Annotated[str, Form(max_length=256)] = "",
    description: Annotated[str, Form(max_length=20_000)] = "",
    evidence: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    """File a dispute: ``POST /v1/disputes``."""
    try:
        asked = disputes.NewDispute.model_validate(
            {
                "subject_kind": subject_kind,
                "subject": subject.strip(),
                "description": description.strip(),
                "evidence": _lines(evidence),
            }
        )
        filed = await disputes.create(asked, services, signed_in.principal)
    except (ApiError, ValidationError) as exc:
        status = exc.status if isinstance(exc, ApiError) else 422
        return await _portal(request, services, signed_in, error=problem(exc), status=status)
    return redirect(f"/sender/disputes/{filed['id']}?notice=filed")


@router.get("/sender/disputes/{dispute_id}")
async def dispute_page(
    request: Request,
    services: ServicesDep,
    signed_in: SenderPage,
    dispute_id: int,
    notice: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    """One dispute with its status history (another brand's is 404, as in the API)."""
    try:
        shown = await run_in_threadpool(disputes.show, dispute_id, services, signed_in.principal)
    except ApiError as exc:
        return render(
            request,
            "error.html",
            {"message": exc.message, "signed_in": signed_in, "status": exc.status},
            status=exc.status,
        )
    context = {"signed_in": signed_in, "dispute": shown, "notice": _NOTICES.get(notice or "")}
    return render(request, "dispute.html", context)

"""The operator console: traffic by hour and action (a server-drawn SVG chart, refreshed by htmx),
top symbols and campaigns, the disputes queue with its clocks, the audit search, a verdict
explained, and the policy in force. Every figure is the API's own endpoint function."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.deps import Services, ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.routers import audit, disputes, registry, traffic
from clearline.adapters.web.frame import (
    SignedIn,
    posted_as,
    problem,
    redirect,
    render,
    signed_in_as,
)
from clearline.explain import explain_verdict
from clearline.model import Verdict
from clearline.storage.keys import Role

router = APIRouter(include_in_schema=False)

OperatorPage = Annotated[SignedIn, Depends(signed_in_as(Role.OPERATOR))]
OperatorPost = Annotated[SignedIn, Depends(posted_as(Role.OPERATOR))]

_NOTICES = {"dispute": "Dispute updated; the sender sees the note in its history."}

#: Audit search results per page.
AUDIT_PAGE = 50
#: Disputes of the queue per page.
DISPUTES_PAGE = 25
ACTIONS = ("deliver", "tag", "throttle", "block")
# Colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics).
_COLOURS = {"deliver": "#1d6b2f", "tag": "#9a6700", "throttle": "#6639ba", "block": "#b00020"}
_CHART_WIDTH, _CHART_HEIGHT = 720, 200


@dataclass(frozen=True)
class Bar:
    """One action's part of one hour's bar, in chart coordinates."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


def _chart(summary: dict[str, Any]) -> dict[str, Any]:
    hours: list[dict[str, Any]] = summary["hours"]
    totals = [sum(hour["by_action"].values()) for hour in hours]
    peak = max(totals, default=0) or 1
    slot = _CHART_WIDTH / max(len(hours), 1)
    bars: list[Bar] = []
    for index, hour in enumerate(hours):
        base = float(_CHART_HEIGHT)
        for action in ACTIONS:
            count = hour["by_action"].get(action, 0)
            if not count:
                continue
            height = count / peak * (_CHART_HEIGHT - 10)
            base -= height
            bars.append(
                Bar(index * slot + 1, base, slot - 2, height, _COLOURS[action], f"{action} {count}")
            )
    by_action = {a: sum(h["by_action"].get(a, 0) for h in hours) for a in ACTIONS}
    return {
        "bars": bars,
        "width": _CHART_WIDTH,
        "height": _CHART_HEIGHT,
        "peak": max(totals, default=0),
        "by_action": by_action,
        "colours": _COLOURS,
        "hours": hours,
        "total": sum(totals),
    }


async def _traffic(services: Services, signed_in: SignedIn) -> dict[str, Any]:
    summary = await traffic.traffic(services, signed_in.principal, 24)
    registered = {c.id for c in await registry.visible_campaigns(services, signed_in.principal)}
    campaigns = [
        {
            **row,
            "registered": row["campaign"] in registered,
            "filtered_share": 1 - row["by_action"].get("deliver", 0) / row["messages"],
        }
        for row in summary["top_campaigns"]
    ]
    # Marked high from the campaign signal's own threshold (CAMPAIGN_HIGH_OPT_OUT).
    campaign_settings = services.worker.engine.config.signals.get("campaigns", {})
    high_opt_out = float(campaign_settings.get("optout_max_rate", 0.1))
    clusters = [
        {**row, "senders": _senders(row["profile"]), "high_opt_out": _at_least(row, high_opt_out)}
        for row in summary["top_clusters"]
    ]
    return {
        **summary,
        "top_campaigns": campaigns,
        "top_clusters": clusters,
        "high_opt_out": high_opt_out,
        "half_life_hours": float(campaign_settings.get("half_life_hours", 12.0)),
        "chart": _chart(summary),
    }


def _senders(profile: dict[str, Any] | None) -> str:
    """Who sends a cluster, in words: registered, unregistered long codes, or a mix."""
    if profile is None or profile["unregistered_share"] is None:
        return "unknown"
    share = profile["unregistered_share"]
    if share == 0:
        return "registered"
    if share >= 0.995:
        return "unregistered"
    return f"{share * 100:.0f} % unregistered"


def _at_least(row: dict[str, Any], rate: float) -> bool:
    profile = row["profile"]
    return bool(profile and profile["opt_out_rate"] is not None and profile["opt_out_rate"] >= rate)


def _policy(services: Services) -> dict[str, Any]:
    engine = services.worker.engine
    specs = engine.symbol_specs
    symbols = [
        {
            "name": name,
            "score": config.score,
            "group": config.group,
            "force": config.force,
            "description": specs[name].description if name in specs else "",
        }
        for name, config in sorted(engine.config.symbols.items())
    ]
    return {"actions": msgspec.to_builtins(engine.config.actions), "symbols": symbols}


async def _console(
    request: Request,
    services: Services,
    signed_in: SignedIn,
    *,
    disputes_from: int = 0,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    queue = await run_in_threadpool(
        lambda: disputes.index(
            services, signed_in.principal, None, limit=DISPUTES_PAGE + 1, offset=disputes_from
        )
    )
    shown = queue["disputes"][:DISPUTES_PAGE]
    more = len(queue["disputes"]) > DISPUTES_PAGE
    context = {
        "signed_in": signed_in,
        "traffic": await _traffic(services, signed_in),
        "disputes": shown,
        "disputes_from": disputes_from,
        "disputes_next": disputes_from + DISPUTES_PAGE if more else None,
        "disputes_previous": max(disputes_from - DISPUTES_PAGE, 0) if disputes_from else None,
        "policy": _policy(services),
        "actions": ACTIONS,
        "notice": _NOTICES.get(notice or ""),
        "error": error,
    }
    return render(request, "operator.html", context, status=status)


@router.get("/operator")
async def console(
    request: Request,
    services: ServicesDep,
    signed_in: OperatorPage,
    notice: Annotated[str | None, Query(max_length=32)] = None,
    disputes_from: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The operator console (``disputes_from``: the disputes queue's page, an offset)."""
    return await _console(request, services, signed_in, disputes_from=disputes_from, notice=notice)


@router.post("/operator/disputes/{dispute_id}/status")
async def update_dispute(
    request: Request,
    services: ServicesDep,
    signed_in: OperatorPost,
    dispute_id: int,
    status: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Record a status update or the resolution: ``POST /v1/disputes/{id}/status``."""
    try:
        change = disputes.DisputeUpdate.model_validate({"status": status, "note": note.strip()})
        await disputes.update(dispute_id, change, services, signed_in.principal)
    except (ApiError, ValidationError) as exc:
        code = exc.status if isinstance(exc, ApiError) else 422
        return await _console(request, services, signed_in, error=problem(exc), status=code)
    return redirect("/operator?notice=dispute")


@router.get("/operator/traffic")
async def traffic_fragment(
    request: Request, services: ServicesDep, signed_in: OperatorPage
) -> Response:
    """The chart and its counts alone (htmx refreshes them every 30 seconds)."""
    context = {"traffic": await _traffic(services, signed_in), "actions": ACTIONS}
    return render(request, "traffic.html", context)


def _given(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _utc_epoch(typed: str | None, field: str) -> float | None:
    """Epoch seconds of a date and time typed without a zone (read as UTC)."""
    if not typed or not typed.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(typed.strip())
    except ValueError:
        raise ValueError(f"{field}: not a date and time like 2026-11-23T10:00: {typed!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


@router.get("/operator/audit")
async def audit_search(
    request: Request,
    services: ServicesDep,
    signed_in: OperatorPage,
    sender: Annotated[str | None, Query(max_length=64)] = None,
    recipient: Annotated[str | None, Query(max_length=32)] = None,
    campaign: Annotated[str | None, Query(max_length=128)] = None,
    symbol: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=16)] = None,
    since: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    until: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    sent_from: Annotated[str | None, Query(alias="from", max_length=32)] = None,
    sent_to: Annotated[str | None, Query(alias="to", max_length=32)] = None,
    after: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Search the audit with ``GET /v1/audit``'s filters, a page at a time.

    ``since`` / ``until`` are epoch seconds (``audit-form.js`` turns the form's local date and
    time into them); without the script the form's ``from`` / ``to`` arrive as they were typed
    and are read as UTC.
    """
    filters: dict[str, Any] = {
        "sender": _given(sender),
        "recipient": _given(recipient),
        "campaign": _given(campaign),
        "symbol": _given(symbol),
        "action": _given(action) if _given(action) in ACTIONS else None,
    }
    found: dict[str, Any] = {"verdicts": [], "next": None}
    error = None
    status = 200
    try:
        filters["since"] = since if since is not None else _utc_epoch(sent_from, "From")
        filters["until"] = until if until is not None else _utc_epoch(sent_to, "To")
        found = await run_in_threadpool(
            lambda: audit.search_audit(
                services,
                signed_in.principal,
                **filters,
                message_id=None,
                limit=AUDIT_PAGE,
                after=_given(after),
            )
        )
    except ValueError as exc:
        error, status = str(exc), 422
    except ApiError as exc:
        error, status = problem(exc), exc.status
    query = urlencode({name: value for name, value in filters.items() if value is not None})
    context = {
        "signed_in": signed_in,
        "filters": filters,
        "verdicts": found["verdicts"],
        "next": found["next"],
        "paged": after is not None,
        "query": query,
        "error": error,
        "actions": ACTIONS,
    }
    return render(request, "audit.html", context, status=status)


@router.get("/operator/verdict")
async def verdict_page(
    request: Request,
    services: ServicesDep,
    signed_in: OperatorPage,
    id: Annotated[str, Query(min_length=1, max_length=256, pattern=r"^[^\x00]+$")],
) -> Response:
    """One verdict from the audit, explained as ``clearline explain`` does."""
    found = await run_in_threadpool(
        lambda: audit.search_audit(
            services,
            signed_in.principal,
            sender=None,
            recipient=None,
            campaign=None,
            symbol=None,
            action=None,
            since=None,
            until=None,
            message_id=id,
            limit=1,
            after=None,
        )
    )
    if not found["verdicts"]:
        return render(
            request,
            "error.html",
            {"message": f"No verdict for message {id!r} in the audit.", "signed_in": signed_in},
            status=404,
        )
    shown = found["verdicts"][0]
    verdict = msgspec.convert(
        {k: shown[k] for k in ("id", "action", "score", "reasons", "cluster")}, Verdict
    )
    engine = services.worker.engine
    context = {
        "signed_in": signed_in,
        "verdict": shown,
        "explained": explain_verdict(verdict, engine.policy, engine.symbol_specs),
    }
    return render(request, "verdict.html", context)

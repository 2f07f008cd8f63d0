"""``POST /v1/lint``: the sender's pre-check ("will this be filtered, and why?").

The same check as ``clearline lint``, against the service's registry, consent and opt-outs. A
sender may name only its own brand's campaigns (another brand's is answered 404) and lint only as
its own brand's numbers (another ``sender`` is answered 403): the answer reads the recipient's
consent and opt-outs for that number, which are the number's owner's business alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from fastapi import APIRouter, Request, Response

from clearline.adapters.http.bodies import read_json
from clearline.adapters.http.deps import SenderOrOperatorDep, Services, ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.openapi import ref
from clearline.adapters.http.routers.registry import visible_campaign
from clearline.compliance.lint import DEFAULT_SENDER, LintError, LintReport, lint_message
from clearline.compliance.registry import Campaign
from clearline.model import MAX_BODY_CHARS
from clearline.storage.keys import Principal, Role

router = APIRouter(prefix="/v1", tags=["lint"])

_encoder = msgspec.json.Encoder()


class LintRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What to pre-check.

    Attributes:
        text: the message body.
        campaign: a registered campaign id (its brand, samples and use case are used).
        sender: the number to send from (default: the campaign's first number).
        recipient: an E.164 recipient: adds the consent, opt-out and quiet-hours checks.
        send_time: when it would be sent (RFC 3339 with an offset); default now.
        use_case: the use case assumed when no campaign is given.
    """

    text: Annotated[str, msgspec.Meta(max_length=MAX_BODY_CHARS)]
    campaign: Annotated[str, msgspec.Meta(min_length=1, max_length=128)] | None = None
    sender: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None
    recipient: Annotated[str, msgspec.Meta(min_length=1, max_length=32)] | None = None
    send_time: Annotated[dt.datetime, msgspec.Meta(tz=True)] | None = None
    use_case: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] = "marketing"


async def _refuse_another_brands_number(
    services: Services, principal: Principal, asked: LintRequest, campaign: Campaign | None
) -> None:
    """403 unless the number the lint sends from is the sender's brand's.

    A ``sender`` given must be assigned to the brand; without one the lint sends from the
    campaign's first number (the brand's), or from a stand-in that must be nobody else's.
    """
    if asked.sender is not None:
        number, stand_in = asked.sender, False
    elif campaign is not None and campaign.numbers:
        number, stand_in = campaign.numbers[0], False
    else:
        number, stand_in = DEFAULT_SENDER, True
    compliance = services.worker.compliance
    owner = (await services.worker.call(lambda: compliance.owners_of([number]))).get(number)
    if owner == principal.brand or (stand_in and owner is None):
        return
    # One answer whoever owns it (or nobody): a sender learns nothing about the number.
    hint = " (the stand-in used when no `sender` is given: give one)" if stand_in else ""
    raise ApiError(
        403,
        "forbidden",
        f"this key lints only as numbers assigned to brand {principal.brand!r}; "
        f"{number} is not one of them{hint}",
    )


@router.post(
    "/lint",
    summary="Pre-check a message: every rule it breaks and how to fix it",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ref("LintRequest")}},
        }
    },
    responses={
        200: {
            "description": "The report: action, score, findings (symbol, score, fix).",
            "content": {"application/json": {"schema": ref("LintReport")}},
        }
    },
    response_class=Response,
)
async def lint(request: Request, services: ServicesDep, principal: SenderOrOperatorDep) -> Response:
    """What the filter would do with the message, and every reason."""
    asked = await read_json(request, LintRequest, services.settings.max_body_bytes)
    report = await lint_as(services, principal, asked)
    return Response(_encoder.encode(report), media_type="application/json")


async def lint_as(services: Services, principal: Principal, asked: LintRequest) -> LintReport:
    """The lint report of ``asked`` for ``principal`` (``POST /v1/lint`` and the sender page).

    Raises:
        ApiError: 404 for a campaign the key may not see, 403 for a number not the brand's,
            422 for input the lint cannot judge.
    """
    campaign = None
    if asked.campaign is not None:
        campaign = await visible_campaign(services, principal, asked.campaign)
    worker = services.worker
    if principal.role is not Role.OPERATOR:
        await _refuse_another_brands_number(services, principal, asked, campaign)

    def check() -> LintReport:
        return lint_message(
            asked.text,
            campaign=asked.campaign,
            sender=asked.sender,
            recipient=asked.recipient,
            send_time=asked.send_time,
            use_case=asked.use_case,
            source=worker.state,
            config=worker.engine.config,
        )

    try:
        return await worker.call(check)
    except LintError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from None

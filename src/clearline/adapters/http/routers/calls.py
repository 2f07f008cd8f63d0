"""Calls over HTTP: ``POST /v1/calls/check`` (operators) and the blocked-calls lists.

``POST /v1/calls/check`` takes ``{"calls": [...]}`` (the ``calls scan`` call format, up to
``max_batch_messages``) and answers ``{"verdicts": [...]}``, one entry per call in order: its
verdict, or ``{"index", "id", "error"}`` for a call that cannot be read. The calls are scored by
a call engine on the scoring thread, over the service's own state (so the subscriber preferences
set through the API apply to calls), and every verdict is recorded in the call audit
(``call_verdict``) in the same transaction as the state it changed. Idempotent by call id: a call
already checked gets its stored verdict back and is not scored again (the per-number rates do
not count it twice). STIR/SHAKEN verification reads ``CLEARLINE_TRUST_STORE`` and
``CLEARLINE_CERT_CACHE``.

``GET /v1/subscriber/calls/blocked`` (a subscriber key: its own number) and
``GET /v1/subscribers/{number}/calls/blocked`` (an operator: any number) list the calls to the
number that were blocked, newest first.
"""

from __future__ import annotations

import weakref
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from clearline.adapters.http.bodies import read_limited_body
from clearline.adapters.http.deps import OperatorDep, ServicesDep, SessionDep, SubscriberDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.routers.check import MessageError
from clearline.adapters.http.scoring import ScoringWorker
from clearline.adapters.http.settings import ServiceSettings
from clearline.adapters.http.times import TimeParam, rfc3339
from clearline.model import Action, Call, InputError, Reason, Verdict
from clearline.signals.voice import VoiceContext
from clearline.storage.call_audit import score_and_record
from clearline.storage.models import CallVerdictRecord
from clearline.voice.codec import decode_call
from clearline.voice.engine import CallEngine

router = APIRouter(tags=["calls"])

_E164 = r"^\+[1-9][0-9]{6,14}$"
NumberPath = Annotated[
    str, Path(pattern=_E164, description="The subscriber's E.164 number (`+` as `%2B`).")
]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many calls.")]
Before = Annotated[
    TimeParam | None,
    Query(
        description="Only calls before this event time (RFC 3339, or epoch seconds): the "
        "previous page's `next`."
    ),
]


class CallsEnvelope(msgspec.Struct, forbid_unknown_fields=True):
    """The request body: the calls to check, in arrival order."""

    calls: list[msgspec.Raw]


class CallsResponse(msgspec.Struct):
    """One entry per call, in order: a ``Verdict`` or a ``MessageError``."""

    verdicts: list[Verdict | MessageError]


_envelope_decoder = msgspec.json.Decoder(CallsEnvelope)
_reasons_decoder = msgspec.json.Decoder(tuple[Reason, ...])
_encoder = msgspec.json.Encoder()
# One call engine per scoring worker, built on its thread at the first call check.
_engines: weakref.WeakKeyDictionary[ScoringWorker, CallEngine] = weakref.WeakKeyDictionary()


def _parse(body: bytes, max_calls: int) -> list[Call | MessageError]:
    try:
        envelope = _envelope_decoder.decode(body)
    except msgspec.ValidationError as exc:
        raise ApiError(
            422, "invalid_request", f'the body must be {{"calls": [...]}}: {exc}'
        ) from None
    except msgspec.DecodeError as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from None
    if len(envelope.calls) > max_calls:
        raise ApiError(
            413,
            "batch_too_large",
            f"{len(envelope.calls):,} calls in one request, over the limit of {max_calls:,}: "
            "split the batch",
        )
    entries: list[Call | MessageError] = []
    for index, raw in enumerate(envelope.calls):
        data = bytes(raw)
        try:
            call = decode_call(data)
        except InputError as exc:
            reason = str(exc).replace("of the line", "of the call")
            entries.append(MessageError(index, _recover_id(data), reason))
            continue
        if "\x00" in call.id or "\x00" in call.caller:
            reason = "`id` and `from` must not contain a NUL character (\\u0000)"
            entries.append(MessageError(index, call.id, reason))
            continue
        entries.append(call)
    return entries


def _recover_id(raw: bytes) -> str | None:
    try:
        obj: Any = msgspec.json.decode(raw.decode("utf-8", "replace"))
    except msgspec.DecodeError:
        return None
    value = obj.get("id") if isinstance(obj, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 256 else None


def _call_engine(worker: ScoringWorker, settings: ServiceSettings) -> CallEngine:
    """The worker's call engine (on the worker thread), over the text engine's policy and state."""
    engine = _engines.get(worker)
    if engine is None:
        # Imported here: the service's text path never loads the cryptography stack.
        from clearline.voice.certs import CertCache, TrustStore
        from clearline.voice.passport import ShakenVerifier

        trust = TrustStore(settings.trust_store) if settings.trust_store else None
        cache = CertCache(settings.cert_cache) if settings.cert_cache else None
        context = VoiceContext(ShakenVerifier(trust, cache))
        engine = CallEngine(worker.engine.config, worker.state, context)
        _engines[worker] = engine
    return engine


def _score(
    worker: ScoringWorker, settings: ServiceSettings, calls: list[Call], session: Session
) -> list[Verdict]:
    """On the worker thread: stored verdicts for known ids, the rest scored and recorded."""
    return score_and_record(
        session, calls, lambda fresh: _call_engine(worker, settings).score_batch(fresh)
    )


@router.post(
    "/v1/calls/check",
    summary="Score calls (operators)",
    description=(
        'Score calls: `{"calls": [...]}` in the `calls scan` format; every call gets one entry '
        "in `verdicts`, in order: its verdict, or `{index, id, error}` if it could not be read. "
        "Recorded in the call audit; idempotent by call id."
    ),
    response_class=Response,
    responses={
        200: {"description": "One entry per call, in order."},
        400: {"description": "The body is not JSON."},
        401: {"description": "Missing or unknown API key."},
        403: {"description": "The key is not an operator key."},
        413: {"description": "Too many calls, or the body is too large."},
        422: {"description": 'The body is not `{"calls": [...]}`.'},
        503: {"description": "The database could not record the verdicts: retry."},
    },
)
async def check_calls(request: Request, _operator: OperatorDep, services: ServicesDep) -> Response:
    """Score calls; see the module docstring for the formats."""
    settings = services.settings
    body = await read_limited_body(request, settings.max_body_bytes)
    entries = _parse(body, settings.max_batch_messages)
    calls = [entry for entry in entries if isinstance(entry, Call)]
    verdicts: list[Verdict] = []
    if calls:
        worker = services.worker
        try:
            verdicts = await worker.call_in_session(
                lambda session: _score(worker, settings, calls, session)
            )
        except SQLAlchemyError as exc:
            raise ApiError(
                503, "unavailable", f"the database could not record verdicts: {type(exc).__name__}"
            ) from exc
    ordered = iter(verdicts)
    answer = CallsResponse(
        [entry if isinstance(entry, MessageError) else next(ordered) for entry in entries]
    )
    return Response(_encoder.encode(answer), media_type="application/json")


def _blocked(session: Session, number: str, limit: int, before: float | None) -> dict[str, Any]:
    query = select(CallVerdictRecord).where(
        CallVerdictRecord.callee == number, CallVerdictRecord.action == Action.BLOCK.value
    )
    if before is not None:
        query = query.where(CallVerdictRecord.ts < before)
    rows = session.scalars(
        query.order_by(CallVerdictRecord.ts.desc(), CallVerdictRecord.id.desc()).limit(limit)
    ).all()
    calls = [
        {
            "id": row.call_id,
            "ts": rfc3339(row.ts),
            "from": row.caller,
            "score": row.score,
            "reasons": msgspec.to_builtins(_reasons_decoder.decode(row.reasons)),
        }
        for row in rows
    ]
    # The next page starts before the last call shown (its event time, as RFC 3339).
    following = rfc3339(rows[-1].ts) if len(rows) == limit else None
    return {"number": number, "calls": calls, "next": following}


@router.get("/v1/subscriber/calls/blocked", summary="The calls to your number that were blocked")
def blocked_calls(
    principal: SubscriberDep, session: SessionDep, limit: Limit = 100, before: Before = None
) -> dict[str, Any]:
    """Blocked calls to the key's own number, newest first, with why each was blocked."""
    return _blocked(session, principal.number or "", limit, before)


@router.get(
    "/v1/subscribers/{number}/calls/blocked", summary="The blocked calls to a number (operators)"
)
def blocked_calls_of(
    number: NumberPath,
    _operator: OperatorDep,
    session: SessionDep,
    limit: Limit = 100,
    before: Before = None,
) -> dict[str, Any]:
    """Blocked calls to ``number``, newest first, with why each was blocked."""
    return _blocked(session, number, limit, before)

"""``POST /v1/check``: score messages (operators), answered in the ``scan`` verdict format.

The body is read and decoded with msgspec rather than declared as a pydantic model: it is the hot
path (batches of 100 at 20,000 messages/s), and each message must be validated *on its own*, so
that one bad message gets an error in its place instead of failing the whole batch. The OpenAPI
schema is still exact: it is generated from the same msgspec types (see ``openapi.py``).

Envelope problems fail the request: invalid JSON (400 ``invalid_json``), a body that is not
``{"messages": [...]}`` or has other fields (422 ``invalid_request``), more than
``max_batch_messages`` messages (413 ``batch_too_large``), a body over ``max_body_bytes``
(413 ``body_too_large``). A message that cannot be read gets, in its place,
``{"index": i, "id": "<id or null>", "error": "<reason>"}`` (``index`` counts from 0).
A round the engine refused because a signal that fails closed failed is a 503 ``signal_failed``
naming the signal, for every request of the round, with nothing scored or audited.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import Any

import msgspec
from fastapi import APIRouter, Request, Response
from sqlalchemy.exc import SQLAlchemyError

from clearline.adapters.http.bodies import read_limited_body
from clearline.adapters.http.deps import OperatorDep, Services, ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.openapi import ref
from clearline.codec import decode_message
from clearline.engine import SignalFailedClosedError
from clearline.model import InputError, Message, Verdict
from clearline.state import StateUnavailableError

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1", tags=["check"])


class CheckEnvelope(msgspec.Struct, forbid_unknown_fields=True):
    """The request body: the messages to check, in arrival order."""

    messages: list[msgspec.Raw]


class MessageError(msgspec.Struct, frozen=True):
    """In place of a verdict: a message that could not be read, and why."""

    index: int
    id: str | None
    error: str


class CheckResponse(msgspec.Struct):
    """One entry per message, in order: a ``Verdict`` or a ``MessageError``."""

    verdicts: list[Verdict | MessageError]


_envelope_decoder = msgspec.json.Decoder(CheckEnvelope)
_encoder = msgspec.json.Encoder()
_AT_PATH = re.compile(r"^(.*) - at `\$\.?(.*)`$")


def _explain_envelope(exc: msgspec.ValidationError) -> str:
    text = str(exc)
    if text.startswith("Expected `object`"):
        return 'the body must be a JSON object: {"messages": [...]}'
    match = _AT_PATH.match(text)
    if match is not None:
        problem, where = match.groups()
        return f"`{where}`: {problem[0].lower()}{problem[1:]}"
    return text.replace("Object missing required field", "missing required field").replace(
        "Object contains unknown field", "unknown field"
    )


def parse_envelope(body: bytes, max_messages: int) -> list[msgspec.Raw]:
    """The raw messages of a check request.

    Raises:
        ApiError: 400 for invalid JSON, 422 for a wrong shape, 413 for too many messages.
    """
    try:
        envelope = _envelope_decoder.decode(body)
    except msgspec.ValidationError as exc:
        raise ApiError(422, "invalid_request", _explain_envelope(exc)) from None
    except msgspec.DecodeError as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from None
    count = len(envelope.messages)
    if count > max_messages:
        raise ApiError(
            413,
            "batch_too_large",
            f"{count:,} messages in one request, over the limit of {max_messages:,}: "
            "split the batch",
        )
    return envelope.messages


def _recover_id(raw: bytes) -> str | None:
    try:
        # Invalid UTF-8 in some field (msgspec raises UnicodeDecodeError for it) must not cost
        # the message its id: read it with the bad bytes replaced.
        obj: Any = msgspec.json.decode(raw.decode("utf-8", "replace"))
    except msgspec.DecodeError:
        return None
    value = obj.get("id") if isinstance(obj, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 256 else None


def decode_messages(raws: list[msgspec.Raw]) -> list[Message | MessageError]:
    """Each raw message as a ``Message``, or the ``MessageError`` that takes its place."""
    decoded: list[Message | MessageError] = []
    for index, raw in enumerate(raws):
        data = bytes(raw)
        try:
            message = decode_message(data)
        except InputError as exc:
            reason = (
                str(exc)
                .replace("a JSON object per line", "each message to be a JSON object")
                .replace("of the line", "of the message")
            )
            decoded.append(MessageError(index, _recover_id(data), reason))
            continue
        # The audit stores these as text, which PostgreSQL refuses with a NUL in it: refused
        # here, one message, instead of failing the whole round on the database.
        if "\x00" in message.id or "\x00" in message.sender or "\x00" in (message.campaign or ""):
            reason = "`id`, `from` and `campaign` must not contain a NUL character (\\u0000)"
            decoded.append(MessageError(index, message.id, reason))
            continue
        decoded.append(message)
    return decoded


CHECK_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["messages"],
    "additionalProperties": False,
    "properties": {
        "messages": {
            "type": "array",
            "items": ref("Message"),
            "description": "Up to `max_batch_messages` (default 1,000) messages, in order.",
        }
    },
}
CHECK_RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["verdicts"],
    "properties": {
        "verdicts": {
            "type": "array",
            "items": {"anyOf": [ref("Verdict"), ref("MessageError")]},
            "description": "One per message, in order: its verdict, or why it was not read.",
        }
    },
}


@router.post(
    "/check",
    summary="Score messages",
    description=(
        "Score one message or a batch (operators). Every message gets one entry in `verdicts`, "
        "in order: a verdict in the `scan` format, or `{index, id, error}` if it could not be "
        "read. Idempotent by message id: an id already checked returns its stored verdict and "
        "is not scored again (state such as flood windows does not count it twice)."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CHECK_REQUEST_SCHEMA}},
        }
    },
    responses={
        200: {
            "description": "One entry per message, in order.",
            "content": {"application/json": {"schema": CHECK_RESPONSE_SCHEMA}},
        },
        400: {"description": "The body is not JSON."},
        401: {"description": "Missing or unknown API key."},
        403: {"description": "The key is not an operator key."},
        413: {"description": "Too many messages, or the body is too large."},
        503: {
            "description": "The database could not record the verdicts (`unavailable`), or a "
            "signal that fails closed failed (`signal_failed`, the signal named): nothing was "
            "scored or recorded; retry."
        },
        422: {"description": 'The body is not `{"messages": [...]}`.'},
    },
    response_class=Response,
)
async def check(request: Request, _operator: OperatorDep, services: ServicesDep) -> Response:
    """Score messages; see the module docstring for the formats and errors.

    ``clearline serve`` answers this route on ``fast_check``'s path (the same ``answer``,
    without FastAPI's per-request machinery); this handler serves the OpenAPI description and
    any other way the app is mounted.
    """
    started = time.perf_counter()
    body = await read_limited_body(request, services.settings.max_body_bytes)
    return Response(await answer(services, body, started), media_type="application/json")


async def answer(services: Services, body: bytes, started: float | None = None) -> bytes:
    """The JSON answer to a check request's ``body`` from an operator.

    Args:
        started: when the request arrived (``time.perf_counter``), for the latency metric.

    Raises:
        ApiError: the envelope is unreadable (400, 413, 422), the database refused (503) or a
            signal that fails closed failed (503).
    """
    started = time.perf_counter() if started is None else started
    settings = services.settings
    entries = decode_messages(parse_envelope(body, settings.max_batch_messages))
    messages = [entry for entry in entries if isinstance(entry, Message)]
    verdicts: Iterator[Verdict] = iter(())
    scored: list[Verdict] = []
    if messages:
        try:
            result = await services.worker.check(messages)
        except SQLAlchemyError as exc:
            # The database is down or refused the round: nothing was recorded, retry later.
            raise ApiError(
                503, "unavailable", f"the database could not record verdicts: {type(exc).__name__}"
            ) from exc
        except StateUnavailableError as exc:
            # Shared state (Redis) is down: nothing of the round was kept, so a STOP is not lost.
            raise ApiError(503, "unavailable", str(exc)) from exc
        except SignalFailedClosedError as exc:
            # The law's checks could not run: no verdict that ignores them, nothing recorded.
            log.error("refused a check round: %s", exc, exc_info=exc.cause)
            raise ApiError(
                503, "signal_failed", f"{exc}; nothing was scored or recorded, retry"
            ) from exc
        verdicts, scored = iter(result.verdicts), result.scored
    answer = CheckResponse(
        [entry if isinstance(entry, MessageError) else next(verdicts) for entry in entries]
    )
    content = _encoder.encode(answer)
    metrics = services.metrics
    metrics.observe_verdicts(scored)
    metrics.errors.inc(len(entries) - len(messages))
    metrics.repeats.inc(len(messages) - len(scored))
    metrics.batch.observe(len(entries))
    metrics.latency.observe(time.perf_counter() - started)
    return content

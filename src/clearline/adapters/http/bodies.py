"""Request bodies read with a size bound and decoded by msgspec into the project's own types.

The compliance types (``Campaign``, ``RegistryFile``, ...) are msgspec structs with their own
validation; decoding a body straight into them gives the API exactly the rules and messages of
the CLI imports, instead of a second, drifting pydantic copy.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import TypeVar

import msgspec
from fastapi import Request

from clearline.adapters.http.errors import ApiError

T = TypeVar("T")

_AT_PATH = re.compile(r"^(.*) - at `\$\.?(.*)`$")


async def read_limited_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything over ``limit`` bytes before reading it all."""
    return await read_bounded(request.headers.get("content-length"), request.stream(), limit)


async def read_bounded(declared: str | None, chunks: AsyncIterator[bytes], limit: int) -> bytes:
    """A body arriving in ``chunks``, refused (413) as soon as its declared length
    (``Content-Length``) or what has arrived goes over ``limit`` bytes."""
    declared = declared or ""
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(
            413, "body_too_large", f"the body is {int(declared):,} bytes, over the {limit:,} limit"
        )
    received: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "body_too_large", f"the body is over the {limit:,}-byte limit")
        received.append(chunk)
    return b"".join(received)


def explain_validation(exc: msgspec.ValidationError) -> str:
    """A msgspec validation error as a sentence naming the field."""
    text = str(exc)
    match = _AT_PATH.match(text)
    if match is not None:
        problem, where = match.groups()
        problem = problem.replace("Object missing required field", "missing required field")
        problem = problem.replace("Object contains unknown field", "unknown field")
        return f"`{where}`: {problem[0].lower()}{problem[1:]}"
    return text.replace("Object missing required field", "missing required field").replace(
        "Object contains unknown field", "unknown field"
    )


def decode_body(body: bytes, type_: type[T]) -> T:
    """``body`` as a ``type_``.

    Raises:
        ApiError: 400 for invalid JSON, 422 when it does not fit ``type_``.
    """
    try:
        return msgspec.json.decode(body, type=type_)
    except msgspec.ValidationError as exc:
        raise ApiError(422, "invalid_request", explain_validation(exc)) from None
    except msgspec.DecodeError as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from None


async def read_json(request: Request, type_: type[T], limit: int) -> T:
    """Read (bounded) and decode the request body as a ``type_``."""
    return decode_body(await read_limited_body(request, limit), type_)

"""One error shape for every failure: ``{"error": CODE, "message": TEXT}``, never a bare 500 page.

``CODE`` is a stable lower_snake word a client can branch on (``unauthorized``, ``forbidden``,
``invalid_json``, ``invalid_request``, ``batch_too_large``, ``body_too_large``, ``not_found``,
``method_not_allowed``, ``conflict``, ``rate_limited``, ``internal_error``); ``MESSAGE`` says
what to fix.
Validation failures add ``problems``: one line per offending field.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from clearline.adapters.http.access_log import route_of

log = logging.getLogger(__name__)

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    503: "unavailable",
}


class ApiError(Exception):
    """An error the client caused (or a clear server-side refusal), with its HTTP status.

    Args:
        status: the HTTP status.
        code: the stable error code.
        message: what went wrong and what to do, for a person.
        headers: extra response headers (``WWW-Authenticate`` on 401).
    """

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: str, message: str, problems: Sequence[str] | None = None) -> dict[str, Any]:
    """The JSON body of an error response."""
    body: dict[str, Any] = {"error": code, "message": message}
    if problems:
        body["problems"] = list(problems)
    return body


def _location(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "request"


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(error_body(exc.code, exc.message), exc.status, headers=exc.headers)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return JSONResponse(error_body(code, detail), exc.status_code, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [f"{_location(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    return JSONResponse(
        error_body("invalid_request", "the request does not match the API schema", problems), 422
    )


#: The body of a 500: the error itself is only logged.
INTERNAL_ERROR: dict[str, Any] = error_body(
    "internal_error", "the server failed on this request; it has been logged"
)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # The route's template, not the path: paths carry phone numbers.
    log.exception("unhandled error on %s %s", request.method, route_of(request.scope), exc_info=exc)
    return JSONResponse(INTERNAL_ERROR, 500)


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through ``error_body``."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)

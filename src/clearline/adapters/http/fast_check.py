"""``POST /v1/check`` answered straight from ASGI, before FastAPI's per-request machinery.

The check route is the service's hot path. Through FastAPI each request also pays for routing,
dependency injection (the services, the bearer scheme, the key, the role), the request and
response objects and four middlewares: about 0.5 ms of CPU, more than scoring a single message
costs. ``ClearlineApp`` answers that one route itself, with the same functions the FastAPI route
uses (``verify_key_of``, ``forbid_unless``, ``check.answer``), the same error shape and the same
limits; every other request, and every other method on the path, goes through FastAPI as before.
The FastAPI route stays declared, so the OpenAPI schema and any other mounting are unchanged, and
an app a deployer extends (middleware, dependency overrides, a root path) uses it for every
request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Any, cast

import msgspec
from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from clearline.adapters.http.bodies import read_bounded
from clearline.adapters.http.deps import (
    Services,
    bearer_key,
    client_ip,
    forbid_unless,
    verify_key_of,
)
from clearline.adapters.http.errors import INTERNAL_ERROR, ApiError, error_body
from clearline.adapters.http.routers import check
from clearline.storage.keys import Role

log = logging.getLogger(__name__)

PATH = "/v1/check"
_OPERATOR = (Role.OPERATOR,)
_JSON = (b"content-type", b"application/json")
_encoder = msgspec.json.Encoder()


class _DisconnectedError(Exception):
    """The client went away before its body arrived."""


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return cast(bytes, value).decode("latin-1")
    return None


async def _body_chunks(receive: Receive) -> AsyncIterator[bytes]:
    """The request body's chunks as ``receive`` delivers them."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _DisconnectedError
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def _send(send: Send, status: int, body: bytes, headers: dict[str, str] | None) -> None:
    raw = [_JSON, (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def answer_check(services: Services, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer one ``POST /v1/check`` (see the module docstring)."""
    started = time.perf_counter()
    try:
        key = bearer_key(_header(scope, b"authorization"))
        principal = await verify_key_of(services, key, client_ip(scope))
        forbid_unless(principal, _OPERATOR)
        limit = services.settings.max_body_bytes
        body = await read_bounded(_header(scope, b"content-length"), _body_chunks(receive), limit)
        content = await check.answer(services, body, started)
    except _DisconnectedError:
        return
    except ApiError as exc:
        content = _encoder.encode(error_body(exc.code, exc.message))
        await _send(send, exc.status, content, exc.headers)
        return
    except Exception:
        log.exception("unhandled error on POST %s", PATH)
        await _send(send, 500, _encoder.encode(INTERNAL_ERROR), None)
        return
    await _send(send, 200, content, None)


class ClearlineApp(FastAPI):
    """The service's FastAPI app, with ``POST /v1/check`` answered by ``answer_check``.

    Only as ``clearline serve`` builds it: once a deployer adds a middleware (trusted hosts,
    CORS, rate limits, request logs), overrides a dependency or mounts the app under a root
    path, every request goes through FastAPI, so nothing they added is bypassed.
    """

    def _fast_path_open(self) -> bool:
        return (
            hasattr(self.state, "services")  # the lifespan has run
            and not self.user_middleware
            and not self.dependency_overrides
            and not self.root_path
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"] == PATH
            and scope["method"] == "POST"
            and not scope.get("root_path")
            and self._fast_path_open()
        ):
            services: Any = self.state.services
            await answer_check(services, scope, receive, send)
            return
        await super().__call__(scope, receive, send)

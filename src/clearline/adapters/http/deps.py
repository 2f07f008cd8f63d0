"""Shared dependencies: the database session, the caller's key and role, the scoring worker.

Routers declare what they need with these ``Annotated`` aliases (FastAPI's "bigger applications"
pattern); the objects behind them live on ``app.state.services``, built by ``create_app``'s
lifespan.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.key_cache import VerifiedKeyCache
from clearline.adapters.http.metrics import ServiceMetrics
from clearline.adapters.http.rate_limits import RateLimits
from clearline.adapters.http.scoring import ScoringWorker
from clearline.adapters.http.settings import ServiceSettings
from clearline.storage.database import Database
from clearline.storage.keys import Principal, Role, verify_key


@dataclass(frozen=True)
class Services:
    """Everything a request may use, built once per app."""

    settings: ServiceSettings
    database: Database
    worker: ScoringWorker
    metrics: ServiceMetrics
    key_cache: VerifiedKeyCache
    rate_limits: RateLimits


# Dependencies without blocking I/O are ``async def``: FastAPI runs a plain ``def`` dependency in
# its thread pool, and that hop (twice or three times per request) costs more than the work.


async def get_services(request: Request) -> Services:
    """The app's ``Services`` (set by the lifespan)."""
    return cast(Services, request.app.state.services)


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """A database session for one request: committed on success, rolled back on error."""
    with services.database.session() as session:
        yield session


# scope="function": the session commits when the endpoint returns, *before* the response is sent,
# so a client that got a 2xx can rely on the write (the default scope commits after sending).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def get_worker(services: ServicesDep) -> ScoringWorker:
    """The scoring worker (the engine on its own thread)."""
    return services.worker


WorkerDep = Annotated[ScoringWorker, Depends(get_worker)]

# auto_error=False: we answer a missing or malformed header ourselves, in the API's error shape.
_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from `clearline keys create`, as `Authorization: Bearer clk_...`.",
)

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


async def authenticate(
    services: ServicesDep,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified principal of the request's API key (see ``verify_key_of``)."""
    key = None if credentials is None else credentials.credentials
    return await verify_key_of(services, key, client_ip(request.scope))


def client_ip(scope: Mapping[str, Any]) -> str:
    """The peer address of an ASGI request (``""`` when the server gives none, e.g. a Unix
    socket: such requests share one failed-authentication bucket)."""
    client = scope.get("client")
    return str(client[0]) if client else ""


async def verify_key_of(services: Services, key: str | None, ip: str) -> Principal:
    """The verified principal of a bearer ``key`` (``None``: the request sent none), within the
    rate limits (``rate_limits.py``).

    A key verified in the last ``KEY_CACHE_SECONDS`` is answered from memory; otherwise it is
    looked up (in the thread pool: the database call blocks), unless ``ip`` has used up its
    failed authentications. A missing, unknown or revoked key counts as a failure of ``ip``.

    Raises:
        ApiError: 401 when the header is missing or malformed, or the key is unknown or revoked;
            429 when ``ip`` is backing off after failures, or the key has used its requests.
    """
    limits = services.rate_limits
    principal = None if key is None else services.key_cache.get(key)
    if principal is None:
        # A key verified a moment ago is not a guess: only lookups wait for the back-off.
        limits.admit_unverified(ip)
    if key is None:
        limits.note_failure(ip)
        raise ApiError(
            401,
            "unauthorized",
            "missing API key: send the header `Authorization: Bearer <key>`",
            _CHALLENGE,
        )
    if principal is None:

        def lookup() -> Principal | None:
            with services.database.session() as session:
                return verify_key(session, key)

        principal = await run_in_threadpool(lookup)
        if principal is not None:
            services.key_cache.put(key, principal)
    if principal is None:
        limits.note_failure(ip)
        raise ApiError(401, "unauthorized", "unknown or revoked API key", _CHALLENGE)
    limits.admit_key(principal)
    return principal


def bearer_key(authorization: str | None) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header value, as FastAPI's ``HTTPBearer``
    reads it (scheme in any case; ``None`` when the header is missing or not a bearer key)."""
    scheme, key = get_authorization_scheme_param(authorization)
    return key if scheme.lower() == "bearer" and key else None


def forbid_unless(principal: Principal, roles: tuple[Role, ...]) -> None:
    """Raise 403 unless ``principal`` has one of ``roles``."""
    if principal.role not in roles:
        allowed = ", ".join(role.value for role in roles)
        raise ApiError(
            403,
            "forbidden",
            f"this endpoint is for {allowed} keys; this key's role is {principal.role.value}",
        )


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that admits only keys of ``roles`` (403 for the others)."""

    async def check(principal: PrincipalDep) -> Principal:
        forbid_unless(principal, roles)
        return principal

    return check


OperatorDep = Annotated[Principal, Depends(require_role(Role.OPERATOR))]
SenderDep = Annotated[Principal, Depends(require_role(Role.SENDER))]
SubscriberDep = Annotated[Principal, Depends(require_role(Role.SUBSCRIBER))]
SenderOrOperatorDep = Annotated[Principal, Depends(require_role(Role.SENDER, Role.OPERATOR))]

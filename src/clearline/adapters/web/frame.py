"""The frame every page shares: templates, the signed-in person, CSRF checks, errors, headers.

A page's authorisation is the API's: ``signed_in_as(*roles)`` turns the session cookie into the
key's ``Principal`` (looked up by id in the database, so a revoked key is signed out at once) and
admits it with ``deps.forbid_unless``, the check behind ``OperatorDep`` and friends; pages then
call the routers' own endpoint functions, so a page never shows what the API would refuse.
"""

from __future__ import annotations

import datetime as dt
import hmac
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from clearline.adapters.http.deps import Services, ServicesDep, forbid_unless
from clearline.adapters.http.errors import ApiError
from clearline.adapters.web.sessions import SESSION_COOKIE, SessionSigner
from clearline.storage.keys import Principal, Role, principal_by_id
from clearline.storage.service_secrets import session_secret

#: Where each role lands after signing in.
ROLE_PAGES = {Role.OPERATOR: "/operator", Role.SENDER: "/sender", Role.SUBSCRIBER: "/subscriber"}

# Every page: nothing but this service may be loaded or posted to, no framing, no inline script.
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _local_time(value: float | str | None) -> Markup:
    """A ``<time>`` element in UTC that ``local-time.js`` rewrites in the viewer's time zone.

    Accepts epoch seconds or an RFC 3339 string (the API answers either).
    """
    if value is None or value == "":
        return Markup("")
    if isinstance(value, int | float):
        instant = dt.datetime.fromtimestamp(value, dt.UTC)
    else:
        try:
            instant = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return Markup("{}").format(value)
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=dt.UTC)
    iso = instant.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    shown = instant.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return Markup('<time datetime="{}">{}</time>').format(iso, shown)


def _environment() -> Environment:
    # autoescape=True for every template: each value from a message or a key is shown as text.
    environment = Environment(
        loader=PackageLoader("clearline.adapters.web", "templates"), autoescape=True
    )
    environment.filters["local_time"] = _local_time
    return environment


templates = Jinja2Templates(env=_environment())


@dataclass(frozen=True)
class SignedIn:
    """The person behind a page request: the key's principal and the session's CSRF token."""

    principal: Principal
    csrf: str


class SignInRequiredError(Exception):
    """No valid session: the page answers with a redirect to the sign-in page."""


class PageError(Exception):
    """A refusal shown as a page (the message is the API's own where there is one)."""

    def __init__(self, status: int, message: str, signed_in: SignedIn | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.signed_in = signed_in


async def signer(request: Request, services: Services) -> SessionSigner:
    """The session signer of the secret in force.

    ``$CLEARLINE_SESSION_SECRET`` when set (``install_web`` keeps its signer); otherwise the
    secret every process shares in the service database, read at each request (one primary-key
    read), so that ``clearline sessions rotate`` signs everyone out at once on every process.
    """
    fixed: SessionSigner | None = request.app.state.web_sessions
    if fixed is not None:
        return fixed

    def read() -> bytes:
        with services.database.session() as db:
            return session_secret(db)

    return SessionSigner(await run_in_threadpool(read))


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A page from ``template`` with the frame's security headers."""
    response = templates.TemplateResponse(
        request, template, dict(context), status_code=status, headers={**_PAGE_HEADERS}
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def redirect(path: str) -> RedirectResponse:
    """A 303 to ``path`` (after a form: the browser follows with a GET)."""
    return RedirectResponse(path, status_code=303, headers={"Cache-Control": "no-store"})


async def current_session(request: Request, services: Services) -> SignedIn | None:
    """The signed-in person, or ``None`` without a valid session or with a revoked key."""
    sessions = await signer(request, services)
    session = sessions.verify(request.cookies.get(SESSION_COOKIE), time.time())
    if session is None:
        return None

    def lookup() -> Principal | None:
        with services.database.session() as db:
            return principal_by_id(db, session.key_id)

    principal = await run_in_threadpool(lookup)
    if principal is None:
        return None
    return SignedIn(principal, sessions.csrf_token(session.nonce))


def signed_in_as(*roles: Role) -> Callable[..., Awaitable[SignedIn]]:
    """A dependency for a page of ``roles``: redirect to sign-in without a session, 403 page for
    another role (the API's own ``forbid_unless``), 429 page past the key's rate limit."""

    async def check(request: Request, services: ServicesDep) -> SignedIn:
        signed_in = await current_session(request, services)
        if signed_in is None:
            raise SignInRequiredError
        try:
            forbid_unless(signed_in.principal, roles)
            # A page counts as a request of the key, under the API's rate limits.
            services.rate_limits.admit_key(signed_in.principal)
        except ApiError as exc:
            raise PageError(exc.status, _page_refusal(exc, signed_in), signed_in) from None
        return signed_in

    return check


def _page_refusal(exc: ApiError, signed_in: SignedIn) -> str:
    role = signed_in.principal.role
    if exc.status == 403:
        return f"This page is not for {role.value} keys. Your page is {ROLE_PAGES[role]}."
    return exc.message


def posted_as(*roles: Role) -> Callable[..., Awaitable[SignedIn]]:
    """Like ``signed_in_as`` for a form post, which must also carry the session's CSRF token."""
    page = signed_in_as(*roles)

    async def check(
        request: Request, services: ServicesDep, csrf: Annotated[str, Form(max_length=128)] = ""
    ) -> SignedIn:
        signed_in = await page(request, services)
        if not csrf or not hmac.compare_digest(signed_in.csrf, csrf):
            raise PageError(
                403,
                "This form has expired or did not come from this site: reload the page and "
                "try again.",
                signed_in,
            )
        return signed_in

    return check


def problem(exc: ApiError | ValidationError | ValueError) -> str:
    """One line a person can act on, from the API's refusal or a form's validation error."""
    if isinstance(exc, ApiError):
        return exc.message
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(exc)


def page_error_response(request: Request, exc: Exception) -> Response:
    """The page for a ``PageError`` or a redirect for ``SignInRequiredError``."""
    if isinstance(exc, SignInRequiredError):
        if request.headers.get("HX-Request") == "true":
            # A fragment request (the pre-check, the chart) whose session ended: htmx loads the
            # sign-in page as a whole page instead of swapping it into a box.
            return Response(status_code=204, headers={"HX-Redirect": "/"})
        return redirect("/")
    assert isinstance(exc, PageError)
    return render(
        request,
        "error.html",
        {"message": exc.message, "signed_in": exc.signed_in, "status": exc.status},
        status=exc.status,
    )


#: Where the pages live: a bad address under these is answered with a page, not the API's JSON.
_PAGE_PREFIXES = ("/operator", "/sender", "/subscriber", "/sign-in", "/sign-out")


def is_page_path(path: str) -> bool:
    """Whether ``path`` is one of the web pages' (``/`` and the role pages with their forms)."""
    return path == "/" or any(path == p or path.startswith(p + "/") for p in _PAGE_PREFIXES)


def bad_address_page(request: Request, exc: Exception) -> Response:
    """The page for a page address the app cannot serve: a value it cannot read (422), or no such
    page or method (404, 405). One line a person can act on, never the API's JSON."""
    if isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path"))
        message = f"This address has a value the page cannot use: {where}: {first.get('msg', '')}."
        status = 422
    else:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        message = (
            "There is no page at this address."
            if status == 404
            else f"This page cannot be used that way ({request.method})."
        )
    return render(
        request,
        "error.html",
        {"message": message, "signed_in": None, "status": status},
        status=status,
    )

"""Signing in with an API key, landing on the role's page, signing out."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from clearline.adapters.http.deps import ServicesDep, client_ip, verify_key_of
from clearline.adapters.http.errors import ApiError
from clearline.adapters.web.frame import (
    ROLE_PAGES,
    SignedIn,
    current_session,
    posted_as,
    redirect,
    render,
    signer,
)
from clearline.adapters.web.sessions import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    SIGN_IN_COOKIE,
    SIGN_IN_FORM_SECONDS,
    SessionSigner,
    new_nonce,
)
from clearline.storage.keys import Role

router = APIRouter(include_in_schema=False)


def _sign_in_page(
    request: Request, sessions: SessionSigner, message: str | None = None, status: int = 200
) -> Response:
    """The sign-in form, with a fresh nonce cookie its CSRF token is bound to."""
    nonce = new_nonce()
    response = render(
        request,
        "sign_in.html",
        {"csrf": sessions.csrf_token(nonce), "message": message, "signed_in": None},
        status=status,
    )
    response.set_cookie(
        SIGN_IN_COOKIE,
        nonce,
        max_age=SIGN_IN_FORM_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/")
async def home(request: Request, services: ServicesDep) -> Response:
    """The sign-in page, or the signed-in person's own page."""
    signed_in = await current_session(request, services)
    if signed_in is not None:
        return redirect(ROLE_PAGES[signed_in.principal.role])
    return _sign_in_page(request, await signer(request, services))


@router.post("/sign-in")
async def sign_in(
    request: Request,
    services: ServicesDep,
    key: Annotated[str, Form(max_length=256)] = "",
    csrf: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    """Check the key; on success set the session cookie and go to the role's page."""
    sessions = await signer(request, services)
    if not sessions.csrf_ok(request.cookies.get(SIGN_IN_COOKIE), csrf):
        return _sign_in_page(
            request,
            sessions,
            "The sign-in form expired or did not come from this page: try again.",
            403,
        )
    key = key.strip()
    if not key:
        return _sign_in_page(request, sessions, "Enter your API key (it starts with clk_).", 422)
    try:
        # The API's check, with its rate limits: failed sign-ins count against the address.
        principal = await verify_key_of(services, key, client_ip(request.scope))
    except ApiError as exc:
        if exc.status != 401:  # 429: too many failures from this address, or the key's quota
            return _sign_in_page(request, sessions, exc.message, exc.status)
        return _sign_in_page(
            request,
            sessions,
            "That key is unknown or revoked. Check it, or ask your operator for a new one.",
            401,
        )
    response = redirect(ROLE_PAGES[principal.role])
    response.set_cookie(
        SESSION_COOKIE,
        sessions.issue(principal.key_id, time.time()),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    response.delete_cookie(SIGN_IN_COOKIE)
    return response


@router.post("/sign-out")
async def sign_out(
    _signed_in: Annotated[SignedIn, Depends(posted_as(*Role))],
) -> Response:
    """End the session in this browser."""
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")
    return response

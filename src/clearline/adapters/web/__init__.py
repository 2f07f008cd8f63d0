"""Web pages for people, served by ``clearline serve`` beside the API (issue 21).

``install_web(app)`` mounts them: ``/`` (sign-in), the role pages (``/operator``, ``/sender``,
``/subscriber``), ``/sign-out`` and ``/static``. Pages are server-rendered Jinja2 templates with
autoescaping; they authorise with the API's own code and call the routers' endpoint functions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from clearline.adapters.web import operator_page, sender_page, sign_in, subscriber_page
from clearline.adapters.web.frame import (
    PageError,
    SignInRequiredError,
    bad_address_page,
    is_page_path,
    page_error_response,
)
from clearline.adapters.web.sessions import SessionSigner

__all__ = ["install_web"]


def install_web(app: FastAPI, session_secret: bytes | None = None) -> None:
    """Mount the web pages and their static files on ``app``.

    Args:
        app: the service (``create_app``).
        session_secret: the key that signs session cookies (``$CLEARLINE_SESSION_SECRET``);
            ``None`` (the default): the secret shared in the service database
            (``clearline.storage.service_secrets``), the same for every process on it.
    """
    app.state.web_sessions = SessionSigner(session_secret) if session_secret else None
    app.add_exception_handler(SignInRequiredError, page_error_response)
    app.add_exception_handler(PageError, page_error_response)
    # A bad address of a page is a page; the API's own paths keep their JSON errors.
    for error in (RequestValidationError, StarletteHTTPException):
        api_handler = app.exception_handlers[error]
        app.add_exception_handler(error, _page_or_api(api_handler))
    for module in (sign_in, operator_page, sender_page, subscriber_page):
        app.include_router(module.router)
    app.mount(
        "/static",
        StaticFiles(packages=[("clearline.adapters.web", "static")]),
        name="static",
    )


def _page_or_api(
    api_handler: Callable[[Request, Exception], Awaitable[Response] | Response],
) -> Callable[[Request, Exception], Awaitable[Response]]:
    """A handler answering a page's address with a page, any other address with ``api_handler``."""

    async def handle(request: Request, exc: Exception) -> Response:
        if is_page_path(request.url.path):
            return bad_address_page(request, exc)
        answer = api_handler(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    return handle

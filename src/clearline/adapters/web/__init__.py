"""Web pages for people, served by ``clearline serve`` beside the API (issue 21).

``install_web(app)`` mounts them: ``/`` (sign-in), the role pages (``/operator``, ``/sender``,
``/subscriber``), ``/sign-out`` and ``/static``. Pages are server-rendered Jinja2 templates with
autoescaping; they authorise with the API's own code and call the routers' endpoint functions.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from clearline.adapters.web import operator_page, sender_page, sign_in, subscriber_page
from clearline.adapters.web.frame import PageError, SignInRequiredError, page_error_response
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
    for module in (sign_in, operator_page, sender_page, subscriber_page):
        app.include_router(module.router)
    app.mount(
        "/static",
        StaticFiles(packages=[("clearline.adapters.web", "static")]),
        name="static",
    )

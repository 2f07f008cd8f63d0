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


def install_web(app: FastAPI, sessions: SessionSigner | None = None) -> None:
    """Mount the web pages and their static files on ``app``.

    Args:
        app: the service (``create_app``).
        sessions: the session signer; a new one (a random secret) by default, so a restart
            signs everyone out.
    """
    app.state.web_sessions = sessions if sessions is not None else SessionSigner()
    app.add_exception_handler(SignInRequiredError, page_error_response)
    app.add_exception_handler(PageError, page_error_response)
    for module in (sign_in, operator_page, sender_page, subscriber_page):
        app.include_router(module.router)
    app.mount(
        "/static",
        StaticFiles(packages=[("clearline.adapters.web", "static")]),
        name="static",
    )

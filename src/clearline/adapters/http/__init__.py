"""The HTTP service (``clearline serve``): FastAPI on uvicorn, over the SQL storage.

Layout (FastAPI's "bigger applications"):
    ``app``       ``create_app(settings)``: wiring, lifespan, error handlers, OpenAPI.
    ``settings``  ``ServiceSettings`` (pydantic-settings, ``CLEARLINE_*`` variables).
    ``deps``      shared dependencies: ``SessionDep``, ``PrincipalDep``, ``OperatorDep``,
                  ``WorkerDep``.
    ``errors``    ``ApiError`` and the one JSON error shape every 4xx/5xx uses.
    ``scoring``   ``ScoringWorker``: the engine on one dedicated thread, idempotent by message id.
    ``metrics``   Prometheus collectors, one registry per app.
    ``routers/``  one module per resource (``check``, ``keys``, ``health``).
    ``cli``       ``clearline serve`` and ``clearline keys create``.
"""

from __future__ import annotations

from clearline.adapters.http.app import create_app
from clearline.adapters.http.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]

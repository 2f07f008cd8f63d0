"""The HTTP service (``clearline serve``): FastAPI on uvicorn, over the SQL storage.

Layout (FastAPI's "bigger applications"):
    ``app``        ``create_app(settings)``: wiring, lifespan, error handlers, OpenAPI.
    ``settings``   ``ServiceSettings`` (pydantic-settings, ``CLEARLINE_*`` variables).
    ``deps``       shared dependencies: ``SessionDep``, ``PrincipalDep``, ``OperatorDep``,
                   ``SenderDep``, ``SubscriberDep``, ``SenderOrOperatorDep``, ``WorkerDep``.
    ``errors``     ``ApiError`` and the one JSON error shape every 4xx/5xx uses.
    ``bodies``     bounded body reading, msgspec decoding into the project's own types.
    ``scoring``    ``ScoringWorker``: the engine on one thread, group commit, idempotency.
    ``key_cache``  verified keys kept 30 s in memory.
    ``metrics``    Prometheus collectors, one registry per app.
    ``openapi``    msgspec JSON Schemas merged into the OpenAPI document.
    ``routers/``   one module per resource: ``check``, ``audit``, ``registry``, ``imports``,
                   ``lint``, ``disputes``, ``subscriber``, ``keys``, ``health``.
    ``cli``        ``clearline serve`` and ``clearline keys create|revoke``.

docs/http.md describes the endpoints, the design and what is left.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clearline.adapters.http.app import create_app
    from clearline.adapters.http.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]

_EXPORTS = {
    "create_app": "clearline.adapters.http.app",
    "ServiceSettings": "clearline.adapters.http.settings",
}


def __getattr__(name: str) -> Any:
    # Exported lazily (PEP 562): the web pages (clearline.adapters.web) use this package's
    # modules, and the app mounts the pages, so importing the app from this package's own
    # initialisation would make `import clearline.adapters.web` a cycle.
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)

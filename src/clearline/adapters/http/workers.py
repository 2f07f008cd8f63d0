"""``clearline serve --workers N``: N service processes answering on one port.

uvicorn's supervisor binds the port once and starts N worker processes that accept on it (the
kernel hands each new connection to one of them); each imports ``app_from_environment`` and
builds its own app from the ``CLEARLINE_*`` environment the ``serve`` flags were written into.
The processes share nothing in memory: their windows live in Redis (``--state-url``) and their
ledgers, audit and keys in the service database, as several ``serve`` processes do
(docs/scale.md).
"""

from __future__ import annotations

import json
import os

from fastapi import FastAPI

from clearline.adapters.http.settings import ServiceSettings

#: The import string uvicorn's worker processes load (``factory=True``).
FACTORY = "clearline.adapters.http.workers:app_from_environment"


def settings_environment(settings: ServiceSettings) -> dict[str, str]:
    """The ``CLEARLINE_*`` variables that make ``ServiceSettings()`` in a worker process equal
    the ``serve`` flags' settings (the fields ``serve`` sets; the rest came from the
    environment already)."""
    environment = {
        "CLEARLINE_DB_URL": settings.db_url,
        "CLEARLINE_CONFIG_PATHS": json.dumps([os.path.abspath(p) for p in settings.config_paths]),
        "CLEARLINE_GC_FREEZE_INTERVAL": repr(settings.gc_freeze_interval),
    }
    if settings.state_url is not None:
        environment["CLEARLINE_STATE_URL"] = settings.state_url
    return environment


def app_from_environment() -> FastAPI:
    """The service of one worker process, from ``CLEARLINE_*`` (uvicorn calls it in each)."""
    from clearline.adapters.http.app import create_app
    from clearline.adapters.runtime import tune_gc_for_throughput, tune_threads_for_latency

    tune_gc_for_throughput()
    tune_threads_for_latency()
    return create_app(ServiceSettings())

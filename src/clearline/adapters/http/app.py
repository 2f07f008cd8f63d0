"""``create_app(settings)``: the FastAPI application of ``clearline serve``.

The lifespan opens the database (applying migrations), builds the engine on its scoring thread
over the SQL state store, and tears both down on shutdown, committing the engine's state.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from clearline.adapters.http.access_log import ACCESS_LOGGER, RouteTemplateFilter
from clearline.adapters.http.deps import Services
from clearline.adapters.http.errors import install_error_handlers
from clearline.adapters.http.fast_check import ClearlineApp
from clearline.adapters.http.key_cache import VerifiedKeyCache
from clearline.adapters.http.metrics import ServiceMetrics
from clearline.adapters.http.openapi import install_openapi
from clearline.adapters.http.rate_limits import Clock, RateLimits
from clearline.adapters.http.routers import (
    audit,
    calls,
    check,
    disputes,
    health,
    imports,
    keys,
    lint,
    registry,
    subscriber,
    traffic,
)
from clearline.adapters.http.scoring import ScoringWorker
from clearline.adapters.http.settings import ServiceSettings
from clearline.adapters.runtime import FrozenHeap, usable_cores
from clearline.adapters.web import install_web
from clearline.compliance.lint import LintReport
from clearline.compliance.registry import Campaign, RegistryFile
from clearline.model import Message, Verdict
from clearline.policy import load_config
from clearline.redress.disputes import QueueFigures, queue_figures
from clearline.storage.audit_writer import ProcessAuditWriter
from clearline.storage.database import open_database

_DESCRIPTION = """\
Clearline's HTTP API: explainable verdicts on text messages.

Every request carries an API key (`Authorization: Bearer clk_...`, from `clearline keys create`).
Roles: **operator** (checks traffic, sees everything), **sender** (one brand),
**subscriber** (one number). Errors are `{"error": CODE, "message": TEXT}`.
"""


#: The most text workers the default starts (each holds the content model, about 35 MB).
MAX_DEFAULT_TEXT_WORKERS = 8


def text_workers(settings: ServiceSettings) -> int:
    """The text worker processes to start: ``settings.text_workers``, by default one less than
    the cores this process may use (``runtime.usable_cores``: affinity and cgroup quota), and
    none with shared state (every service process would start its own)."""
    if settings.text_workers is not None:
        return settings.text_workers
    if settings.state_url is not None:
        return 0
    return min(MAX_DEFAULT_TEXT_WORKERS, max(0, usable_cores() - 1))


def create_app(
    settings: ServiceSettings | None = None, *, clock: Clock = time.monotonic
) -> FastAPI:
    """Build the service (a ``ClearlineApp``: ``POST /v1/check`` skips FastAPI's per-request
    machinery, see ``fast_check``).

    Args:
        settings: the service settings; from ``CLEARLINE_*`` environment variables when ``None``.
        clock: the monotonic clock the rate limits read (tests pass one they move).

    Returns:
        The app; its lifespan opens the database and starts the scoring worker, so serve it with
        uvicorn or enter ``TestClient(app)`` as a context manager.

    Raises:
        clearline.policy.ConfigError: an invalid ``config_paths`` file (checked here, at once).
    """
    settings = settings if settings is not None else ServiceSettings()
    config = load_config(settings.config_paths)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = open_database(settings.db_url)
        try:
            # Shared state writes inline: a round another worker conflicts with is scored again.
            inline = settings.audit_writer == "inline" or settings.state_url is not None
            writer = None if inline else ProcessAuditWriter(database.url)
            worker = ScoringWorker(
                database,
                config,
                settings.held_retention_days * 86_400.0,
                audit_retention_seconds=settings.audit_retention_days * 86_400.0,
                audit_writer=writer,
                state_url=settings.state_url,
                ledger_cache_seconds=settings.ledger_cache_seconds,
                open_without_shared_state=settings.state_unavailable == "open",
                text_workers=text_workers(settings),
                text_workers_after=settings.text_workers_after,
            )
        except BaseException:
            database.close()
            raise

        def read_queue(now: float) -> QueueFigures:
            with database.session() as session:
                return queue_figures(session, now)

        metrics = ServiceMetrics(read_queue)
        limits = RateLimits(settings, metrics.rate_limited, clock)
        app.state.services = Services(
            settings,
            database,
            worker,
            metrics,
            VerifiedKeyCache(settings.key_cache_seconds),
            limits,
        )
        heap = None
        freezer: asyncio.Task[None] | None = None
        if settings.gc_freeze_interval:
            heap = FrozenHeap(
                settings.gc_freeze_interval,
                settings.gc_full_interval,
                work=lambda: worker.checked,
                quiet_rate=settings.gc_quiet_rate,
                max_wait=settings.gc_full_max_wait,
            )
            loop = asyncio.get_running_loop()
            heap.start(loop.time())  # the engine and its state as loaded
            freezer = loop.create_task(heap.keep_frozen())
        # Access log lines name the route, not the numbers in the path (personal data).
        access_filter = RouteTemplateFilter(app.openapi()["paths"])
        logging.getLogger(ACCESS_LOGGER).addFilter(access_filter)
        try:
            yield
        finally:
            logging.getLogger(ACCESS_LOGGER).removeFilter(access_filter)
            if freezer is not None:
                freezer.cancel()
                with suppress(asyncio.CancelledError):
                    await freezer
            if heap is not None:
                heap.stop()
            worker.close()
            database.close()

    app = ClearlineApp(
        title="Clearline",
        version="0.1.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_openapi(
        app,
        (
            Message,
            Verdict,
            check.MessageError,
            RegistryFile,
            Campaign,
            lint.LintRequest,
            LintReport,
        ),
    )
    for module in (check, audit, registry, imports, lint, disputes, subscriber, keys, health):
        app.include_router(module.router)
    app.include_router(traffic.router)
    app.include_router(calls.router)
    # The pages for people: /, /operator, /sender, /subscriber, /static.
    secret = settings.session_secret
    install_web(app, secret.get_secret_value().encode() if secret is not None else None)
    return app

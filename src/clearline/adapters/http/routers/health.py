"""``GET /healthz`` (the service up, its database and shared state reachable), ``GET /metrics``."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from clearline.adapters.http.deps import ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.state import StateUnavailableError

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Liveness and database reachability")
def health(services: ServicesDep) -> dict[str, str]:
    """``{"status": "ok"}`` when the database (and the shared state's Redis, with
    ``--state-url``) answers; 503 otherwise. With ``state_unavailable = "open"`` the service
    keeps answering while Redis is down (each verdict says ``STATE_UNAVAILABLE``), so it says
    ``{"status": "degraded", "state": why}`` with 200 then: a load balancer keeps it in rotation,
    a monitor sees why."""
    try:
        with services.database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not healthy", with the reason
        raise ApiError(503, "unavailable", f"the database does not answer: {exc}") from None
    state_url = services.settings.state_url
    if state_url is not None:
        from clearline.state.redis_store import ping

        try:
            ping(state_url)
        except StateUnavailableError as exc:
            if services.settings.state_unavailable == "open":
                return {"status": "degraded", "state": str(exc)}
            raise ApiError(503, "unavailable", str(exc)) from None
    return {"status": "ok"}


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Text format."}},
)
def metrics(services: ServicesDep) -> Response:
    """Verdicts by action and symbol, check latency and batch sizes (see ``metrics.py``)."""
    return Response(services.metrics.render(), media_type=CONTENT_TYPE_LATEST)

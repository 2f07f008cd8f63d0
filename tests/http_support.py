"""HTTP service test support: serve the real app on 127.0.0.1, keys, messages as JSON."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

from clearline.adapters.http import ServiceSettings, create_app
from clearline.storage import open_database
from clearline.storage.keys import Role, create_key

T0 = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def message(id: str = "m1", *, seconds: float = 0.0, **fields: Any) -> dict[str, Any]:
    """A valid message as a JSON object, ``seconds`` after a fixed instant."""
    record: dict[str, Any] = {
        "id": id,
        "ts": (T0 + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z"),
        "from": "+12125550123",
        "to": "+14155550100",
        "body": "see you at six",
    }
    record.update(fields)
    return record


def make_key(db_url: str, role: Role, **binding: Any) -> str:
    """Create a key straight in the database (as `clearline keys create` does)."""
    database = open_database(db_url)
    try:
        with database.session() as session:
            key, _ = create_key(session, role, **binding)
    finally:
        database.close()
    return key


class Service:
    """A running service: its URL, an HTTP client, and an operator key."""

    def __init__(self, base_url: str, db_url: str, operator_key: str) -> None:
        self.base_url = base_url
        self.db_url = db_url
        self.operator_key = operator_key
        self.http = httpx.Client(base_url=base_url, timeout=30)

    def headers(self, key: str | None = None) -> dict[str, str]:
        """The Authorization header for ``key`` (the operator's by default)."""
        return {"Authorization": f"Bearer {key or self.operator_key}"}

    def check(self, messages: list[Any], key: str | None = None) -> httpx.Response:
        """POST /v1/check with ``messages``."""
        return self.http.post("/v1/check", json={"messages": messages}, headers=self.headers(key))

    def key(self, role: Role, **binding: Any) -> str:
        """A new key of ``role``."""
        return make_key(self.db_url, role, **binding)


@contextmanager
def serving(
    db_url: str,
    wrap: Callable[[FastAPI], ASGIApp] | None = None,
    clock: Callable[[], float] = time.monotonic,
    **settings: Any,
) -> Iterator[Service]:
    """Serve ``create_app`` (seen through ``wrap`` if given, its rate limits on ``clock``) with
    uvicorn in a thread on a free 127.0.0.1 port."""
    operator_key = make_key(db_url, Role.OPERATOR)
    app = create_app(ServiceSettings(db_url=db_url, **settings), clock=clock)
    served = app if wrap is None else wrap(app)
    server = uvicorn.Server(uvicorn.Config(served, log_level="warning", lifespan="on"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the service did not start (see the log above)")
        time.sleep(0.01)
    service = Service(f"http://127.0.0.1:{port}", db_url, operator_key)
    try:
        yield service
    finally:
        service.http.close()
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()

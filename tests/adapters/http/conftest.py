"""Fixtures: a database per test (SQLite always, PostgreSQL when its binaries exist) and the real
app served by uvicorn on 127.0.0.1, driven over HTTP with httpx."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from http_support import Service, serving
from postgres_server import (
    create_database,
    drop_database,
    missing_reason,
    running_postgres,
    skip_or_fail,
)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """One real PostgreSQL server for the whole run (skips with the reason when unavailable; in CI
    fails instead)."""
    reason = missing_reason()
    if reason is not None:
        skip_or_fail(reason)
    with running_postgres() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server (for tests of PostgreSQL alone)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = create_database(postgres_admin_url, name)
    try:
        yield url
    finally:
        drop_database(postgres_admin_url, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'clearline.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def service(db_url: str) -> Iterator[Service]:
    """The service on a fresh database of each backend."""
    with serving(db_url) as running:
        yield running

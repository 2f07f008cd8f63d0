"""A throwaway PostgreSQL 15 server for tests, started from the test process and stopped by PID.

Follows ../shared/docs/ENVIRONMENT.md: ``initdb``/``postgres`` from ``/usr/lib/postgresql/15/bin``
(or ``$CLEARLINE_PG_BIN``) run as the ``postgres`` user when the tests run as root, listening on
127.0.0.1 only, with its socket in the data directory; stopped with SIGINT (fast shutdown).
When the binaries are missing the caller skips with the reason ``missing_reason()`` gives, except
in CI (``CI=true``), where a PostgreSQL that cannot be had is a failure (``skip_or_fail``).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import psycopg

import peers

PG_BIN = Path(os.environ.get("CLEARLINE_PG_BIN", "/usr/lib/postgresql/15/bin"))


def missing_reason() -> str | None:
    """Why a real PostgreSQL cannot be started here, or ``None`` when it can."""
    for name in ("initdb", "postgres"):
        if not (PG_BIN / name).is_file():
            return (
                f"PostgreSQL server binaries not found ({PG_BIN / name}); install the "
                "postgresql-15 package or set CLEARLINE_PG_BIN to run the PostgreSQL tests"
            )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root but there is no `postgres` user to run the server as"
    return None


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the PostgreSQL tests for ``reason``; in CI fail them instead, since CI must run them
    (a skip there would hide that half of the suite)."""
    peers.skip_or_fail(reason, what="the PostgreSQL tests cannot run: ")


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server; yield its admin URL (``postgresql+psycopg://postgres@127.0.0.1:PORT``)."""
    as_user: dict[str, Any] = {}
    base = Path(tempfile.mkdtemp(prefix="clearline-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        os.chown(base, account.pw_uid, account.pw_gid)
    log_path = base / "server.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(
            [
                PG_BIN / "initdb",
                "-D",
                data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            **as_user,
        )
        port = peers.free_port()
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [
                    PG_BIN / "postgres",
                    "-D",
                    data,
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    f"port={port}",
                    "-c",
                    f"unix_socket_directories={data}",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                **as_user,
            )
        _wait_until_ready(process, port, log_path)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # "fast shutdown"
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(base, ignore_errors=True)


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"postgres exited at start:\n{log_path.read_text()}")
        try:
            psycopg.connect(
                f"host=127.0.0.1 port={port} user=postgres dbname=postgres", connect_timeout=2
            ).close()
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                log = log_path.read_text()
                raise RuntimeError(f"postgres did not accept connections:\n{log}") from exc
            time.sleep(0.1)


def create_database(admin_url: str, name: str) -> str:
    """Create database ``name``; return its SQLAlchemy URL."""
    with psycopg.connect(_libpq(admin_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    return f"{admin_url}/{name}"


def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name``, closing any connection left to it."""
    with psycopg.connect(_libpq(admin_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def _libpq(admin_url: str) -> str:
    return admin_url.replace("postgresql+psycopg://", "postgresql://") + "/postgres"

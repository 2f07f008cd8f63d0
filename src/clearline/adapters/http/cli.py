"""``clearline serve``, ``clearline keys create|list|revoke`` and ``clearline sessions rotate``: the
service, its keys and its web sessions, on one database."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import msgspec
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from clearline.adapters.http.settings import ServiceSettings
from clearline.adapters.http.workers import FACTORY, settings_environment
from clearline.policy import ConfigError
from clearline.state import StateUnavailableError, open_state_url
from clearline.storage.database import DatabaseError, normalize_url, open_database
from clearline.storage.keys import KeyBindingError, Role, create_key, list_keys, revoke_key
from clearline.storage.service_secrets import rotate_session_secret

_db_option = click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Service database: a SQLAlchemy URL (postgresql+psycopg://user@127.0.0.1/db) or a "
    "SQLite file path. Default: $CLEARLINE_DB_URL, else ./clearline.db.",
)


def _db_url(db_url: str | None) -> str:
    return db_url if db_url is not None else ServiceSettings().db_url


def _missing_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite ``--db`` that does not exist (None for PostgreSQL, an existing file or
    a URL that ``open_database`` will refuse with its own message)."""
    try:
        parsed = make_url(normalize_url(url))
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@_db_option
@click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Policy override file (TOML); repeatable, later files win.",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug", "trace"]),
    default="info",
    show_default=True,
    help="uvicorn's log level.",
)
@click.option(
    "--gc-freeze-interval",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Automatic garbage collection off, heap frozen this often (seconds); 0 keeps the "
    "collector. Cuts the latency tail; see docs/http.md.",
)
@click.option(
    "--state-url",
    default=None,
    metavar="URL",
    help="Share state with other workers: sliding windows in Redis (redis://HOST:PORT/DB), "
    "ledgers in --db. Default: $CLEARLINE_STATE_URL, else none. See docs/scale.md.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Service processes answering on the port (one core each); above 1 needs --state-url, "
    "and they share --db. See docs/scale.md.",
)
@click.option(
    "--text-workers",
    type=click.IntRange(min=0, max=64),
    default=None,
    help="Processes that compute requests' per-text work (fingerprints, content facts and "
    "scores) while the scoring thread scores earlier rounds; same verdicts. Default: "
    "$CLEARLINE_TEXT_WORKERS, else one less than the cores (0 with --state-url). See "
    "docs/http.md.",
)
def serve(
    host: str,
    port: int,
    db_url: str | None,
    config_paths: tuple[str, ...],
    log_level: str,
    gc_freeze_interval: float,
    state_url: str | None = None,
    workers: int = 1,
    text_workers: int | None = None,
) -> None:
    """Run the HTTP API (OpenAPI at /docs, metrics at /metrics).

    The database schema is created or upgraded on start. Create a first operator key with
    `clearline keys create --role operator` on the same --db.
    """
    import uvicorn

    from clearline.adapters.http.app import create_app
    from clearline.adapters.runtime import tune_gc_for_throughput, tune_threads_for_latency

    try:
        settings = ServiceSettings(
            db_url=_db_url(db_url), config_paths=config_paths, gc_freeze_interval=gc_freeze_interval
        )
    except ValidationError as exc:  # a CLEARLINE_* variable that cannot be used
        raise click.ClickException(_setting_problem(exc)) from None
    if state_url is not None:  # (else $CLEARLINE_STATE_URL, if set)
        settings = settings.model_copy(update={"state_url": state_url})
    if text_workers is not None:  # (else $CLEARLINE_TEXT_WORKERS, if set)
        settings = settings.model_copy(update={"text_workers": text_workers})
    if workers > 1 and settings.state_url is None:
        raise click.ClickException(
            f"--workers {workers} needs --state-url redis://HOST:PORT/DB: the processes share "
            "their windows there (and their ledgers and audit in --db); see docs/scale.md"
        )
    try:
        # Migrate first so a bad URL or an unreachable server is a clear message, not a trace.
        open_database(settings.db_url).close()
        if settings.state_url is not None:
            open_state_url(settings.state_url).close()
        app = create_app(settings)
    except (DatabaseError, ConfigError, StateUnavailableError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    if workers > 1:
        # Each worker process builds its own app from the environment (the flags written in).
        os.environ.update(settings_environment(settings))
        uvicorn.run(
            FACTORY, factory=True, workers=workers, host=host, port=port, log_level=log_level
        )
        return
    tune_gc_for_throughput()  # when --gc-freeze-interval 0 keeps the collector
    tune_threads_for_latency()
    # loop and http "auto": uvloop and the httptools parser (dependencies) where available.
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _setting_problem(exc: ValidationError) -> str:
    """The first bad setting, named as the environment variable that set it."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ()))
    reason = str(first["msg"]).removeprefix("Value error, ")
    return f"CLEARLINE_{field.upper()}: {reason}" if field else reason


@contextmanager
def _key_session(db_url: str | None) -> Iterator[Session]:
    """A session on the keys' database (``--db``), committed when the block ends without an
    error; a database that cannot be opened is a clear error, not a traceback."""
    try:
        database = open_database(_db_url(db_url))
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        with database.session() as session:
            yield session
    finally:
        database.close()


@click.group()
def keys() -> None:
    """Manage API keys of the HTTP service."""


@keys.command("create")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), required=True, help="What the key does."
)
@click.option("--brand", default=None, help="The brand a sender key speaks for.")
@click.option("--number", default=None, help="The E.164 number a subscriber key belongs to.")
@click.option("--label", default="", help="A note: who holds the key.")
@_db_option
def create(
    role: str, brand: str | None, number: str | None, label: str, db_url: str | None
) -> None:
    """Create an API key and print it (it is stored hashed: this is the only time it is shown)."""
    try:
        with _key_session(db_url) as session:
            key, principal = create_key(
                session, Role(role), brand=brand, number=number, label=label
            )
    except KeyBindingError as exc:
        raise click.UsageError(str(exc)) from None
    binding = principal.brand or principal.number
    click.echo(key)
    click.echo(
        f"created {role} key {principal.key_id}" + (f" for {binding}" if binding else ""),
        err=True,
    )


@keys.command("revoke")
@click.argument("key_id")
@_db_option
def revoke(key_id: str, db_url: str | None) -> None:
    """Revoke the key whose id is KEY_ID (the hex after `clk_`); every running service process
    stops accepting it within 30 seconds ($CLEARLINE_KEY_CACHE_SECONDS)."""
    with _key_session(db_url) as session:
        revoked = revoke_key(session, key_id)
    if not revoked:
        raise click.ClickException(f"no active key {key_id!r}")
    click.echo(f"revoked key {key_id}", err=True)


def _when(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@keys.command("list")
@click.option("--all", "include_revoked", is_flag=True, help="Show revoked keys too.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per key (JSON Lines).")
@_db_option
def list_command(include_revoked: bool, as_json: bool, db_url: str | None) -> None:
    """List the keys (id, role, brand or number, label, created, revoked), never their secrets."""
    with _key_session(db_url) as session:
        listed = list_keys(session, include_revoked=include_revoked)
    if as_json:
        for key in listed:
            click.echo(msgspec.json.encode(key).decode())
        return
    rows = [
        (
            key.key_id,
            key.role.value,
            key.brand or key.number or "",
            key.label,
            _when(key.created_at),
            _when(key.revoked_at),
        )
        for key in listed
    ]
    header = ("KEY ID", "ROLE", "BRAND/NUMBER", "LABEL", "CREATED", "REVOKED")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


@click.group()
def sessions() -> None:
    """The web pages' sign-in sessions."""


@sessions.command("rotate")
@_db_option
def rotate(db_url: str | None) -> None:
    """Replace the secret that signs web sessions: everyone signed in to the web pages is signed
    out, at once on every service process on the database (unless the services read
    $CLEARLINE_SESSION_SECRET: change that and restart them instead)."""
    url = _db_url(db_url)
    missing = _missing_sqlite_file(url)
    if missing is not None:
        # Opening it would create an empty database and report a rotation no service sees.
        raise click.ClickException(
            f"no service database at {missing}: check --db (or $CLEARLINE_DB_URL); nothing was "
            "rotated"
        )
    with _key_session(url) as session:
        replaced = rotate_session_secret(session)
    if replaced:
        click.echo("rotated the web session secret: every web session has ended", err=True)
    else:
        click.echo(
            "stored a new web session secret: there was none yet (no service on this database "
            "had signed anyone in), so no session ended",
            err=True,
        )

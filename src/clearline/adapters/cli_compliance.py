"""Compliance commands: ``registry import``, ``consent import``, ``lists import`` and ``lint``.

Imports write either into the ``--state`` SQLite file that ``scan --state`` reads, or into the
service database (``--db URL``) that ``clearline serve`` reads, through the same storage code as
the API's imports. Each checks the whole file first and imports nothing when any line is wrong
(exit 1, every problem named by line). The two kinds of file are told apart on open, so neither
can be given where the other is meant.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, get_args

import click
import msgspec

from clearline.compliance.imports import ImportFileError, import_files
from clearline.compliance.lint import LintError, lint_message
from clearline.compliance.registry import UseCase
from clearline.compliance.store import ComplianceStore
from clearline.engine import Engine
from clearline.policy import ConfigError, load_config
from clearline.state import open_state
from clearline.state.sqlite import StateFileError

_FORMATS = click.Choice(["auto", "jsonl", "csv"])


class _UsageError(click.ClickException):
    """A question ``lint`` cannot answer; exit 2 so that 1 keeps meaning "would be filtered"."""

    exit_code = 2


def _target_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--db",
        "db_url",
        default=None,
        metavar="URL",
        help="The service database to import into (the one `clearline serve --db` reads): a "
        "SQLAlchemy URL or a SQLite file path.",
    )(func)
    return click.option(
        "--state",
        "state_path",
        default=None,
        type=click.Path(dir_okay=False),
        help="The SQLite state file to import into (the one `scan --state` reads).",
    )(func)


def _run_import(state_path: str | None, db_url: str | None, **files: Any) -> None:
    if (state_path is None) == (db_url is None):
        raise click.UsageError(
            "give exactly one of --state FILE (for `scan --state`) or --db URL (for "
            "`clearline serve`)"
        )
    if db_url is not None:
        _import_into_database(db_url, **files)
        return
    assert state_path is not None
    try:
        state = open_state(state_path)
    except StateFileError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        summary = import_files(ComplianceStore(state), **files)
    except ImportFileError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        state.close()
    click.echo(f"{summary.render()} into {state_path}")


def _import_into_database(db_url: str, **files: Any) -> None:
    """Import into the service database's state, as ``POST /v1/registry`` and friends do."""
    # Here, not at the top: `--state` imports start without SQLAlchemy.
    from sqlalchemy.exc import SQLAlchemyError

    from clearline.storage.database import DatabaseError, open_database
    from clearline.storage.state_store import SqlStateStore

    try:
        database = open_database(db_url)  # creates or upgrades the schema, as `serve` does
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        state = SqlStateStore(database.engine)
        try:
            summary = import_files(ComplianceStore(state), **files)
        finally:
            state.close()
    except ImportFileError as exc:
        raise click.ClickException(str(exc)) from None
    except SQLAlchemyError as exc:  # the server went away mid-import: nothing was committed
        raise click.ClickException(f"cannot import into {database.display_url}: {exc}") from None
    finally:
        database.close()
    click.echo(f"{summary.render()} into {database.display_url}")
    # The running service caches what it has read (an empty registry it never reads again).
    click.echo(
        "a `clearline serve` already running on this database uses it after a restart (with "
        "--state-url, once its Redis ledger cache entries expire, CLEARLINE_LEDGER_CACHE_SECONDS); "
        "while it runs, import through the API instead (POST /v1/registry, /v1/consent, "
        "/v1/lists)",
        err=True,
    )


@click.group()
def registry() -> None:
    """The 10DLC-style registry of brands, campaigns and their numbers."""


@registry.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@_target_options
def registry_import(path: str, state_path: str | None, db_url: str | None) -> None:
    """Import brands and campaigns (with their numbers) from a JSON file.

    Campaigns already registered are replaced. See docs/compliance.md for the format.
    """
    _run_import(state_path, db_url, registry=path)


@click.group()
def consent() -> None:
    """The consent ledger: who agreed to receive what, from whom."""


@consent.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@_target_options
@click.option("--format", "fmt", type=_FORMATS, default="auto", show_default=True)
def consent_import(path: str, state_path: str | None, db_url: str | None, fmt: str) -> None:
    """Import consent records from JSON Lines or CSV (one record a line).

    Fields: subscriber, campaign or sender, type (conversational, informational, promotional),
    method, disclosure, ts. Campaigns must already be registered.
    """
    _run_import(state_path, db_url, consent=path, fmt=fmt)


@click.group("lists")
def number_lists() -> None:
    """Operator number lists: do-not-originate, unallocated, reassigned."""


@number_lists.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@_target_options
@click.option("--format", "fmt", type=_FORMATS, default="auto", show_default=True)
def lists_import(path: str, state_path: str | None, db_url: str | None, fmt: str) -> None:
    """Import number listings from JSON Lines or CSV: number, list, since, note."""
    _run_import(state_path, db_url, lists=path, fmt=fmt)


def _parse_time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _UsageError(f"--at {value!r} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise _UsageError("--at needs a UTC offset, e.g. 2026-11-23T14:05:00-05:00")
    return when


@click.command()
@click.argument("text")
@click.option("--campaign", default=None, help="Registered campaign id the message belongs to.")
@click.option(
    "--from", "sender", default=None, help="Number to send from (default: the campaign's)."
)
@click.option(
    "--to", "recipient", default=None, help="Recipient (E.164): checks consent, quiet hours."
)
@click.option(
    "--at", "send_time", default=None, help="Send time, ISO 8601 with offset (default now)."
)
@click.option(
    "--use-case",
    type=click.Choice(list(get_args(UseCase))),
    default="marketing",
    show_default=True,
    help="Use case assumed when no --campaign is given.",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="State file holding the registry, consent, opt-outs and lists.",
)
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Registry JSON file to use (in memory).",
)
@click.option(
    "--consent",
    "consent_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Consent file to use (in memory).",
)
@click.option(
    "--lists",
    "lists_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Number-list file to use (in memory).",
)
@click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Policy override TOML (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def lint(
    text: str,
    campaign: str | None,
    sender: str | None,
    recipient: str | None,
    send_time: str | None,
    use_case: str,
    state_path: str | None,
    registry_path: str | None,
    consent_path: str | None,
    lists_path: str | None,
    config_paths: tuple[str, ...],
    as_json: bool,
) -> None:
    """Pre-check a message: every rule TEXT would break, its symbol, score and fix.

    TEXT is the message body (- reads it from stdin). Exits 0 when the message would be
    delivered, 1 when it would be filtered (tagged, throttled or blocked), 2 on a usage error.
    """
    if text == "-":
        text = sys.stdin.read().rstrip("\n")
    when = _parse_time(send_time)
    if state_path and (registry_path or consent_path or lists_path):
        # Loading files would write them into the operator's state file as a side effect.
        raise _UsageError("give either --state or --registry/--consent/--lists, not both")
    try:
        config = load_config(config_paths)
        # Read-only: a mistyped --state is an error, never a new empty registry to lint against.
        state = open_state(state_path, read_only=True)
    except (ConfigError, StateFileError) as exc:
        raise _UsageError(str(exc)) from None
    try:
        if registry_path or consent_path or lists_path:
            import_files(ComplianceStore(state), registry_path, consent_path, lists_path)
        report = lint_message(
            text,
            campaign=campaign,
            sender=sender,
            recipient=recipient,
            send_time=when,
            use_case=use_case,
            source=state,
            config=config,
        )
    except (ImportFileError, LintError, ConfigError) as exc:
        raise _UsageError(str(exc)) from None
    finally:
        state.close()
    if as_json:
        click.echo(msgspec.json.encode(report).decode())
    else:
        click.echo(report.render())
    sys.exit(1 if report.filtered else 0)


def load_compliance_files(
    engine: Engine,
    registry_path: str | None,
    consent_path: str | None,
    lists_path: str | None,
    quiet: bool = False,
) -> None:
    """Load ``scan --registry/--consent/--lists`` into the engine's state before scanning.

    With ``--state`` the files are imported into that file too; without, they live in memory
    for this run only.

    Raises:
        click.ClickException: a file is wrong (nothing was loaded); the engine is closed.
    """
    try:
        summary = import_files(
            ComplianceStore(engine.state), registry_path, consent_path, lists_path
        )
    except ImportFileError as exc:
        engine.close()
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(summary.render(), err=True)

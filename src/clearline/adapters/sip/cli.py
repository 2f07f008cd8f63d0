"""``clearline sip``: the SIP redirect server that screens calls."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal

import click

from clearline.adapters.cli import _config_option, _state_url_option
from clearline.adapters.cli_voice import (
    _open_call_engine,
    _voice_context,
    cert_cache_option,
    trust_store_option,
)
from clearline.adapters.runtime import FrozenHeap, run_event_loop
from clearline.adapters.sip.redirect import DEFAULT_REDRESS, CallScorer, RedirectServer
from clearline.adapters.sip.server import SipServer, Transport
from clearline.policy import ConfigError, load_config
from clearline.state import StateUnavailableError

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise click.BadParameter(f"expected HOST:PORT, got {value!r}", param_hint="--listen")
    return host.strip("[]") or "127.0.0.1", int(port)


def _open_audited_scorer(
    db_url: str,
    config_paths: tuple[str, ...],
    trust_dir: str | None,
    cache_dir: str | None,
    state_url: str | None,
) -> contextlib.AbstractContextManager[CallScorer]:
    """``--db``: the call engine over the service database, recording every verdict."""
    # Imported here: without --db the SIP front never loads SQLAlchemy and the migrations.
    from clearline.adapters.sip.audited import AuditedCallScorer
    from clearline.storage.database import DatabaseError, open_database

    context = _voice_context(trust_dir, cache_dir)
    try:
        config = load_config(config_paths)
        database = open_database(db_url)
    except (ConfigError, DatabaseError) as exc:
        raise click.ClickException(str(exc)) from None
    try:
        return AuditedCallScorer(database, config, context, state_url)
    except (ConfigError, StateUnavailableError, ValueError) as exc:
        database.close()
        raise click.ClickException(str(exc)) from None


async def _serve(server: SipServer, gc_freeze_interval: float) -> None:
    try:
        await server.start()
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {server.host}:{server.port}: {exc.strerror or exc}"
        ) from None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    # As in `smpp` and `serve`: automatic collection off and the heap frozen every interval, a
    # full collection every 15 minutes in a quiet second, so no collection stalls call setup.
    heap = (
        FrozenHeap(
            gc_freeze_interval,
            900.0,
            work=lambda: server.redirect.invites_scored,
            quiet_rate=100.0,
            max_wait=86_400.0,
        )
        if gc_freeze_interval
        else None
    )
    keeper = None
    if heap is not None:
        heap.start(loop.time())
        keeper = loop.create_task(heap.keep_frozen())
    host, port = server.address
    click.echo(f"clearline sip: listening on {host}:{port} ({server.transport})", err=True)
    try:
        await stop.wait()
    finally:
        if keeper is not None:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        if heap is not None:
            heap.stop()
        await server.stop()


@click.command()
@click.option("--listen", metavar="HOST:PORT", required=True, help="Where SBCs send INVITEs.")
@click.option(
    "--transport",
    type=click.Choice(["udp", "tcp", "both"]),
    default="both",
    show_default=True,
    help="SIP transports to listen on (the same port for both).",
)
@trust_store_option
@cert_cache_option
@click.option(
    "--redress",
    default=DEFAULT_REDRESS,
    show_default=True,
    help="Who a blocked caller contacts to dispute the block (a phone number or URL), put in "
    "the 603's Reason header.",
)
@_config_option
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Keep signal state (per-number call windows) in this SQLite file across restarts.",
)
@_state_url_option
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="The service database of `clearline serve --db` (a SQLAlchemy URL or a SQLite file): "
    "subscriber preferences, lists and upheld disputes read from it every batch, every verdict "
    "recorded in its call audit. Windows stay in memory, or in Redis with --state-url.",
)
@click.option(
    "--gc-freeze-interval",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Automatic garbage collection off, heap frozen this often (seconds); 0 keeps the "
    "collector.",
)
def sip(
    listen: str,
    transport: Transport,
    trust_dir: str | None,
    cache_dir: str | None,
    redress: str,
    config_paths: tuple[str, ...],
    state_path: str | None,
    gc_freeze_interval: float,
    state_url: str | None = None,
    db_url: str | None = None,
) -> None:
    """Run a SIP redirect server that screens each INVITE.

    Allowed calls get 302 Moved Temporarily back to the Request-URI with the verstat (and a spam
    label when tagged); blocked calls get 603 Network Blocked naming the redress contact.
    State: in memory, in a file (--state), in Redis shared by several servers (--state-url), or
    the service database (--db, with or without --state-url).
    """
    host, port = _host_port(listen)
    if _CONTROL.search(redress) or not redress.strip():
        raise click.BadParameter(
            "must be one line of printable text (no line breaks or control characters)",
            param_hint="--redress",
        )
    if len(redress) > 160:
        raise click.BadParameter("must be at most 160 characters", param_hint="--redress")
    if state_path is not None and db_url is not None:
        raise click.UsageError("give --state PATH or --db URL, not both")
    scorer: contextlib.AbstractContextManager[CallScorer]
    if db_url is not None:
        scorer = _open_audited_scorer(db_url, config_paths, trust_dir, cache_dir, state_url)
    else:
        scorer = _open_call_engine(
            config_paths, state_path, trust_dir, cache_dir, state_url=state_url
        )
    if trust_dir is None:
        click.echo(
            "note: no --trust-store: signed calls cannot verify (SHAKEN_INVALID, untrusted chain)",
            err=True,
        )
    with scorer as engine:
        server = SipServer(RedirectServer(engine, redress), host, port, transport)
        run_event_loop(_serve(server, gc_freeze_interval))

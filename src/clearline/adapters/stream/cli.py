"""``clearline stream``: score a NATS JetStream subject into another (see ``jetstream.py``)."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import click

from clearline.engine import Engine
from clearline.model import Message, Verdict
from clearline.policy import ConfigError, PolicyConfig, load_config
from clearline.state import StateUnavailableError, open_state, open_state_url

if TYPE_CHECKING:  # (imported when the command runs: nats-py is in the optional scale extra)
    from clearline.adapters.stream.jetstream import StreamSettings


@click.command()
@click.option("--nats", "nats_url", required=True, metavar="URL", help="nats://HOST:PORT")
@click.option("--in", "in_subject", required=True, metavar="SUBJECT", help="Messages arrive here.")
@click.option(
    "--out", "out_subject", required=True, metavar="SUBJECT", help="Verdicts are published here."
)
@click.option(
    "--state-url",
    default=None,
    metavar="URL",
    help="Keep signal state in Redis (redis://HOST:PORT/DB), shared with other workers.",
)
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Audit every verdict in this service database before publishing it (and answer a "
    "redelivered message id with its stored verdict); ledgers live there too.",
)
@click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Policy override file (TOML); repeatable, later files win.",
)
@click.option("--durable", default="clearline", show_default=True, help="Durable consumer name.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=256, show_default=True)
@click.option(
    "--ack-wait",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds before an unacknowledged message is redelivered (for a consumer created here).",
)
def stream(
    nats_url: str,
    in_subject: str,
    out_subject: str,
    state_url: str | None,
    db_url: str | None,
    config_paths: tuple[str, ...],
    durable: str,
    batch_size: int,
    ack_wait: float,
) -> None:
    """Score messages from a NATS JetStream subject; publish their verdicts to another.

    Each input is acknowledged only after its verdict is stored by JetStream (and audited, with
    --db); verdicts carry Nats-Msg-Id = the message id, so a redelivery duplicates none. Stops
    cleanly on SIGTERM or Ctrl-C after the batch in hand.
    """
    if in_subject == out_subject:
        raise click.UsageError("--in and --out must be different subjects")
    try:
        from clearline.adapters.stream.jetstream import StreamSettings
    except ImportError as exc:  # the optional scale extra is not installed
        raise click.ClickException(
            f"clearline stream needs the NATS client ({exc.name} is not installed): "
            "pip install 'clearline[scale]' (pinned: requirements-scale.lock)"
        ) from None
    logging.basicConfig(level=logging.INFO, format="clearline stream: %(message)s")
    settings = StreamSettings(nats_url, in_subject, out_subject, durable, batch_size, ack_wait)
    try:
        config = load_config(config_paths)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        asyncio.run(_serve(settings, config, state_url, db_url))
    except (StateUnavailableError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None


async def _serve(
    settings: StreamSettings, config: PolicyConfig, state_url: str | None, db_url: str | None
) -> None:
    from clearline.adapters.stream.jetstream import run_stream

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if db_url is not None:
        await _serve_audited(settings, config, state_url, db_url, stop)
        return
    state = open_state_url(state_url) if state_url is not None else open_state(None)
    engine = Engine(config, state)
    # The engine is not thread-safe: one thread of its own scores every batch, off the loop.
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clearline-stream")

    async def score(messages: Sequence[Message]) -> list[Verdict]:
        return await loop.run_in_executor(executor, engine.score_batch, messages)

    try:
        await run_stream(settings, score, stop)
    finally:
        executor.submit(engine.close).result()
        executor.shutdown()


async def _serve_audited(
    settings: StreamSettings,
    config: PolicyConfig,
    state_url: str | None,
    db_url: str,
    stop: asyncio.Event,
) -> None:
    from clearline.adapters.http.scoring import ScoringWorker
    from clearline.adapters.stream.jetstream import Score, run_stream
    from clearline.storage.database import DatabaseError, open_database

    try:
        database = open_database(db_url)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        # Inline audit: a batch's verdicts are committed before they are published.
        worker = ScoringWorker(database, config, state_url=state_url)

        async def score(messages: Sequence[Message]) -> list[Verdict]:
            result: Any = await worker.check(messages)
            verdicts: list[Verdict] = result.verdicts
            return verdicts

        _: Score = score
        try:
            await run_stream(settings, score, stop)
        finally:
            worker.close()
    finally:
        database.close()

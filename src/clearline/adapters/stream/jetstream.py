"""Score messages from a NATS JetStream subject and publish their verdicts to another.

One loop: fetch up to ``batch_size`` messages from a durable pull consumer, decode them (the
``scan`` input format, one JSON object per NATS message), score them as one batch, publish each
verdict (the ``scan`` verdict JSON; an unreadable message gets ``{"line": SEQ, "id": ...,
"error": ...}``, ``SEQ`` its sequence in the input stream) with ``Nats-Msg-Id`` set to the message
id, wait for JetStream to store them, and only then acknowledge the inputs. So:

* a crash before the acks redelivers the inputs (after the consumer's ``ack_wait``); their
  verdicts are published again under the same ``Nats-Msg-Id`` and JetStream drops the copies
  (within the output stream's duplicate window, two minutes by default): no verdict is duplicated;
* with ``--db``, each batch is scored through the service's ``ScoringWorker``: the verdicts are
  audited (committed) before they are published, and a redelivered message id gets its stored
  verdict back without being scored again (windows do not count it twice);
* a batch that cannot be scored (a signal that fails closed, the state store down) is not
  acknowledged: it is handed back (``nak``) and scored again after ``retry_seconds``;
* NATS down: the client reconnects for good, the loop waits and resumes where the durable
  consumer stands.

The adapter uses the streams that already hold its subjects and creates one
(``CLEARLINE_<SUBJECT>``, the server's defaults: limits retention, file storage) only for a subject
that no stream holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import nats
import nats.errors
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, StreamConfig
from nats.js.errors import NotFoundError

from clearline.codec import ErrorRecord, decode_message, encode_verdict
from clearline.model import InputError, Message, Verdict

log = logging.getLogger(__name__)

#: Scores one batch (off the event loop); raises when the batch cannot be scored now.
Score = Callable[[Sequence[Message]], Awaitable[list[Verdict]]]

# The errors of a connection that is down or reconnecting (nats-py raises these and OSErrors).
_NATS_DOWN = (nats.errors.Error, OSError, asyncio.TimeoutError)


@dataclass(frozen=True)
class StreamSettings:
    """Where ``clearline stream`` reads and writes.

    Attributes:
        nats_url: ``nats://HOST:PORT``.
        in_subject: the subject messages arrive on.
        out_subject: the subject verdicts are published to.
        durable: the durable consumer's name (several adapters with one name share the work).
        batch_size: the most messages scored as one batch.
        ack_wait: seconds before JetStream redelivers a message nobody acknowledged (used when
            the durable consumer is created here).
        retry_seconds: the pause after a failure (NATS down, a batch not scored).
    """

    nats_url: str
    in_subject: str
    out_subject: str
    durable: str = "clearline"
    batch_size: int = 256
    ack_wait: float = 30.0
    retry_seconds: float = 1.0


def stream_name_for(subject: str) -> str:
    """The name of the stream created for ``subject`` when none holds it."""
    return "CLEARLINE_" + re.sub(r"[^A-Za-z0-9_-]", "_", subject).upper()


async def _stream_for(js: JetStreamContext, subject: str) -> str:
    """The stream that holds ``subject``, created when there is none."""
    try:
        return await js.find_stream_name_by_subject(subject)
    except NotFoundError:
        name = stream_name_for(subject)
        await js.add_stream(StreamConfig(name=name, subjects=[subject]))
        log.info("created stream %s for %s", name, subject)
        return name


async def _connect(settings: StreamSettings, stop: asyncio.Event) -> Client | None:
    """Connect, waiting as long as NATS does not answer (``None`` once ``stop`` is set)."""
    # Reconnecting for good applies to the first connection too: nats-py retries inside
    # ``connect`` until a server answers, so wait for that or for ``stop``, whichever comes first.
    connecting = asyncio.ensure_future(
        nats.connect(
            settings.nats_url,
            max_reconnect_attempts=-1,
            reconnect_time_wait=settings.retry_seconds,
            connect_timeout=2,
            error_cb=_quiet,
            disconnected_cb=_disconnected,
            reconnected_cb=_reconnected,
        )
    )
    stopping = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait(
            {connecting, stopping}, timeout=2.0, return_when="FIRST_COMPLETED"
        )
        if not done:
            log.warning("waiting for NATS at %s", settings.nats_url)
            done, _ = await asyncio.wait({connecting, stopping}, return_when="FIRST_COMPLETED")
        if connecting in done:
            return connecting.result()
        return None
    finally:
        stopping.cancel()
        if not connecting.done():
            connecting.cancel()


async def _quiet(exc: Exception) -> None:
    log.debug("NATS: %s", _why(exc))


async def _disconnected() -> None:
    log.warning("NATS connection lost: waiting for it to come back")


async def _reconnected() -> None:
    log.info("NATS connection back: resuming")


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_stream(settings: StreamSettings, score: Score, stop: asyncio.Event) -> None:
    """Consume, score, publish and acknowledge until ``stop`` is set (see the module docstring)."""
    client = await _connect(settings, stop)
    if client is None:
        return
    try:
        js = client.jetstream()
        subscription = await _subscribe(js, settings, stop)
        if subscription is None:
            return
        while not stop.is_set():
            try:
                batch = await subscription.fetch(settings.batch_size, timeout=1.0)
            except nats.errors.TimeoutError:
                continue  # nothing arrived within a second
            except _NATS_DOWN as exc:
                log.debug("fetch failed: %s", _why(exc))
                await _pause(stop, settings.retry_seconds)
                continue
            await _handle(js, batch, score, settings, stop)
            try:
                await client.flush(timeout=5)  # the acks reach the server before the next fetch
            except _NATS_DOWN as exc:  # unacknowledged inputs come back; their copies are dropped
                log.debug("flush failed: %s", _why(exc))
    finally:
        await client.close()


async def _subscribe(
    js: JetStreamContext, settings: StreamSettings, stop: asyncio.Event
) -> JetStreamContext.PullSubscription | None:
    while not stop.is_set():
        try:
            in_stream = await _stream_for(js, settings.in_subject)
            out_stream = await _stream_for(js, settings.out_subject)
            subscription = await js.pull_subscribe(
                settings.in_subject,
                durable=settings.durable,
                stream=in_stream,
                config=ConsumerConfig(ack_wait=settings.ack_wait),
            )
        except _NATS_DOWN as exc:
            log.warning("cannot set up the streams yet (%s); retrying", _why(exc))
            await _pause(stop, settings.retry_seconds)
            continue
        log.info(
            "consuming %s (stream %s, durable %s), verdicts to %s (stream %s)",
            settings.in_subject,
            in_stream,
            settings.durable,
            settings.out_subject,
            out_stream,
        )
        return subscription
    return None


def _decode(batch: Sequence[Msg]) -> list[Message | ErrorRecord]:
    records: list[Message | ErrorRecord] = []
    for msg in batch:
        try:
            records.append(decode_message(msg.data))
        except InputError as exc:
            records.append(ErrorRecord(msg.metadata.sequence.stream, _id_of(msg.data), str(exc)))
    return records


def _id_of(data: bytes) -> str | None:
    try:
        obj: Any = msgspec.json.decode(data)
    except msgspec.DecodeError:
        return None
    value = obj.get("id") if isinstance(obj, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 256 else None


async def _handle(
    js: JetStreamContext,
    batch: Sequence[Msg],
    score: Score,
    settings: StreamSettings,
    stop: asyncio.Event,
) -> None:
    """Score one fetched batch, publish its verdicts, acknowledge what was published."""
    records = _decode(batch)
    messages = [record for record in records if isinstance(record, Message)]
    try:
        verdicts = iter(await score(messages) if messages else [])
    except Exception as exc:  # not scored now: hand the batch back, JetStream redelivers it
        log.error("a batch of %d was not scored (%s); it will be redelivered", len(batch), exc)
        for msg in batch:
            with contextlib.suppress(*_NATS_DOWN):  # unacknowledged, it comes back anyway
                await msg.nak(delay=settings.retry_seconds)
        await _pause(stop, settings.retry_seconds)
        return
    publishes = []
    for msg, record in zip(batch, records, strict=True):
        if isinstance(record, Message):
            verdict = next(verdicts)
            payload, msg_id = encode_verdict(verdict), verdict.id
        else:
            payload = msgspec.json.encode(record)
            msg_id = record.id or f"{msg.metadata.stream}:{msg.metadata.sequence.stream}"
        publishes.append(
            js.publish(settings.out_subject, payload, headers={"Nats-Msg-Id": msg_id}, timeout=5)
        )
    # Published together (pipelined on the connection, stored in order), each awaited for its
    # JetStream ack; an input is acknowledged only once its verdict is stored.
    results = await asyncio.gather(*publishes, return_exceptions=True)
    failed = 0
    for msg, result in zip(batch, results, strict=True):
        if isinstance(result, BaseException):
            failed += 1
            continue
        try:
            await msg.ack()
        except _NATS_DOWN:
            failed += 1  # redelivered later; its verdict's copy is dropped as a duplicate
    if failed:
        log.warning("%d verdicts not confirmed; their messages will be redelivered", failed)

"""HTTP API throughput and latency: ``POST /v1/check`` against ``clearline serve``.

Layout (2 cores): the service runs as its own process (``clearline serve`` on a fresh SQLite file,
or ``--db URL``), pinned to core 0 when possible; this process, on core 1, is the client
(keep-alive HTTP/1.1 connections on asyncio streams).

Prints:
  * sustained messages/s with batches of ``--batch`` (100) from ``--clients`` (4) concurrent
    clients, each message a fresh id (so every message is scored and audited): ``t<client>-<n>``,
    in order as an SMSC numbers its messages, or with ``--random-ids`` a random UUID each (as
    many HTTP senders make them; since migration 0006 SQLite keeps them in its FTS5 index, see
    docs/http.md). The messages replay a pool of 20,000 (chat, codes, a lure, empty bodies,
    promotions from 10,000 senders over 11 hours of event time, which the service sees as a
    snowshoe flood: nearly every message is blocked, its text held, three symbols or more). By
    default every replay repeats the same event times, so flood and campaign windows never expire
    and each verdict carries more reasons as the run goes on, the worst case;
    ``--event-time advance`` moves each replay on by the pool's span, a continuing stream;
  * single-message latency p50/p99 at a fixed ``--rate`` (500) requests/s for ``--seconds``, with
    the service's CPU time per request and the share of CPU the hypervisor took meanwhile.

``--unique-bodies`` sends issue 19's traffic instead: ``--messages`` (200,000) person-to-person
messages whose bodies are all different (``bench/unique_traffic.py``, UCI texts with corpus words
spliced in, among 20,000 numbers, from ``--seed``), each sent once with its event time: the
throughput run stops when the pool runs out (it says so), and the latency run sends further
unique messages of the same kind.

Issue 5's bars: >= 20,000 messages/s in batches of 100; single-message p99 < 10 ms at 500/s.

With ``--audit-writer process`` the service writes its audit in a process of its own
(``CLEARLINE_AUDIT_WRITER=process``); the service is then not pinned, so its two processes can use
both cores (the client stays on core 1).

Usage: python bench/api.py [--db URL] [--batch 100] [--clients 4] [--seconds 10] [--rate 500]
                          [--random-ids] [--event-time repeat|advance]
                          [--audit-writer inline|process]
                          [--unique-bodies [--messages 200000] [--seed 19]]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import msgspec

from machine import cpu_seconds, cpu_steal, steal_percent
from unique_traffic import unique_traffic


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _pin(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


_BODIES = (
    "running late, see you at 6",
    "Your Acme Bank code is {n}. Do not share it.",
    "did you get the tickets? {n} left",
    "URGENT: your account is locked, verify at http://acme-secure.example/{n}",
    "",
    "Acme: 20% off coats this weekend. Reply STOP to opt out.",
)


#: The throughput run replays a pool of this many messages, two seconds of event time apart.
_POOL_SIZE = 20_000
_POOL_SPAN = dt.timedelta(seconds=2 * _POOL_SIZE)


def _unique_messages(count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` records of issue 19's traffic: every body different, 20,000 numbers."""
    data = unique_traffic(count, 20_000, seed)
    decode = msgspec.json.Decoder(dict[str, Any]).decode
    return [decode(line) for line in data.splitlines()]


def _messages(count: int) -> list[dict[str, Any]]:
    """Mixed, deterministic traffic over a day: chat, codes, a lure, empty bodies, promotions."""
    rng = random.Random(7)
    start = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
    return [
        {
            "id": f"m{i}",
            "ts": (start + dt.timedelta(seconds=i * 2)).isoformat().replace("+00:00", "Z"),
            "from": f"+1212555{rng.randrange(10_000):04d}",
            "to": f"+1415555{rng.randrange(10_000):04d}",
            "body": rng.choice(_BODIES).format(n=rng.randrange(100_000, 999_999)),
        }
        for i in range(count)
    ]


class _Connection:
    """One keep-alive HTTP/1.1 connection that posts JSON and reads the answer.

    httpx's async client tops out near 300 requests/s on one core of this machine (a trivial
    ASGI app measures the same), which would measure the client, not the service; this one
    costs a few tens of microseconds a request.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, host: str, port: int) -> _Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def post(self, path: str, key: str, payload: Any) -> tuple[int, bytes]:
        body = msgspec.json.encode(payload)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


def _check(status: int, answer: bytes) -> None:
    if status != 200:
        raise SystemExit(f"/v1/check answered {status}: {answer[:300]!r}")


def _moved_on(record: dict[str, Any], passes: int) -> dict[str, Any]:
    """``record`` as the ``passes``-th replay of the pool sends it: its event time moved on by
    that many spans of the pool (``--event-time advance``)."""
    if passes:
        sent = dt.datetime.fromisoformat(record["ts"]) + passes * _POOL_SPAN
        record["ts"] = sent.isoformat().replace("+00:00", "Z")
    return record


async def _throughput(
    host: str,
    port: int,
    key: str,
    batch: int,
    clients: int,
    seconds: float,
    random_ids: bool,
    advance: bool,
    unique: list[dict[str, Any]] | None,
) -> float:
    # Unique bodies are sent once each, so the run ends early if the pool runs out.
    pool = unique if unique is not None else _messages(_POOL_SIZE)
    counter = 0
    done = 0
    stop = time.perf_counter() + seconds

    ran_out: list[int] = []  # the clients that found no unique messages left

    async def client(number: int) -> None:
        nonlocal counter, done
        connection = await _Connection.open(host, port)
        try:
            while time.perf_counter() < stop:
                if unique is not None and counter + batch > len(pool):
                    ran_out.append(number)
                    break
                chunk = []
                for _ in range(batch):
                    record = dict(pool[counter % len(pool)])
                    if advance:
                        record = _moved_on(record, counter // len(pool))
                    record["id"] = uuid.uuid4().hex if random_ids else f"t{number}-{counter}"
                    counter += 1
                    chunk.append(record)
                _check(*await connection.post("/v1/check", key, {"messages": chunk}))
                done += batch
        finally:
            connection.close()

    async def report_windows() -> None:
        # A long run shows whether the rate holds as the audit grows, window by window.
        last = 0
        while time.perf_counter() < stop - window:
            await asyncio.sleep(window)
            print(f"  {done - last:>9,} messages in the last {window:g} s", flush=True)
            last = done

    window = 10.0
    started = time.perf_counter()
    reporter = asyncio.create_task(report_windows()) if seconds > 2 * window else None
    await asyncio.gather(*(client(n) for n in range(clients)))
    if reporter is not None:
        reporter.cancel()
    if ran_out:
        print(f"  (the {len(pool):,} unique messages ran out: the run ended early)")
    return done / (time.perf_counter() - started)


async def _latency(
    host: str,
    port: int,
    key: str,
    rate: float,
    seconds: float,
    unique: list[dict[str, Any]] | None,
) -> list[float]:
    """Requests of one message each, sent at ``rate`` per second on a schedule (not waiting for
    answers); a request's latency runs from its scheduled time to its answer, so a service that
    falls behind shows it, and a request that waits for a free connection counts that wait."""
    pool = unique if unique is not None else _messages(5_000)
    latencies: list[float] = []
    idle: asyncio.Queue[_Connection] = asyncio.Queue()
    for _ in range(64):
        idle.put_nowait(await _Connection.open(host, port))

    async def one(index: int, due: float) -> None:
        record = dict(pool[index % len(pool)])
        record["id"] = f"l{index}"
        connection = await idle.get()
        try:
            _check(*await connection.post("/v1/check", key, {"messages": [record]}))
        finally:
            idle.put_nowait(connection)
        latencies.append(time.perf_counter() - due)

    tasks = []
    start = time.perf_counter()
    for index in range(int(rate * seconds)):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index, due)))
    await asyncio.gather(*tasks)
    while not idle.empty():
        idle.get_nowait().close()
    return latencies


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _non_negative(text: str) -> float:
    value = float(text)
    if not value >= 0.0:  # (also NaN)
        raise argparse.ArgumentTypeError(f"{text} is not 0 or more")
    return value


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="service database URL (default: temp SQLite)")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--rate",
        type=_non_negative,
        default=500.0,
        help="single-message requests a second for the latency part (0: no latency part)",
    )
    parser.add_argument("--random-ids", action="store_true", help="random UUID message ids")
    parser.add_argument(
        "--event-time",
        choices=("repeat", "advance"),
        default="repeat",
        help="each replay of the pool at the same event times (repeat: windows never expire, "
        "the worst case) or moved on by the pool's span (advance: a continuing stream)",
    )
    parser.add_argument("--audit-writer", choices=("inline", "process"), default="process")
    parser.add_argument(
        "--unique-bodies", action="store_true", help="issue 19's traffic: every body different"
    )
    parser.add_argument("--messages", type=int, default=200_000, help="with --unique-bodies")
    parser.add_argument("--seed", type=int, default=19, help="with --unique-bodies")
    args = parser.parse_args()
    throughput_pool: list[dict[str, Any]] | None = None
    latency_pool: list[dict[str, Any]] | None = None
    if args.unique_bodies:
        latency_count = int(args.rate * args.seconds)
        pool = _unique_messages(args.messages + latency_count, args.seed)
        throughput_pool, latency_pool = pool[: args.messages], pool[args.messages :]
    folder = Path(tempfile.mkdtemp(prefix="clearline-bench-api-"))
    db = args.db or f"sqlite:///{folder / 'bench.db'}"
    clearline = [sys.executable, "-m", "clearline"]
    key = subprocess.run(
        [*clearline, "keys", "create", "--role", "operator", "--db", db],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = _free_port()
    log = (folder / "serve.log").open("wb")
    pinned = args.audit_writer == "inline"
    server = subprocess.Popen(
        [*clearline, "serve", "--port", str(port), "--db", db, "--log-level", "warning"],
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=(lambda: _pin(0)) if pinned else None,
        env={**os.environ, "CLEARLINE_AUDIT_WRITER": args.audit_writer},
    )
    _pin(1)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit((folder / "serve.log").read_text()) from None
                time.sleep(0.2)
        python = sys.version.split()[0]
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
        print(f"database: {db.split('@')[-1]}; audit writer: {args.audit_writer}")
        if args.unique_bodies:
            print(
                f"traffic: unique bodies ({args.messages:,} for throughput, "
                f"{len(latency_pool or []):,} for latency), 20,000 numbers, seed {args.seed}"
            )
        rate = asyncio.run(
            _throughput(
                "127.0.0.1",
                port,
                key,
                args.batch,
                args.clients,
                args.seconds,
                args.random_ids,
                args.event_time == "advance",
                throughput_pool,
            )
        )
        print(
            f"throughput: {rate:,.0f} messages/s (batches of {args.batch}, "
            f"{args.clients} clients, {args.seconds:g} s, "
            f"{'random' if args.random_ids else 'ordered'} ids, "
            + ("unique bodies)" if args.unique_bodies else f"event time {args.event_time})")
        )
        if int(args.rate * args.seconds) == 0:
            print(
                f"single message: not measured (--rate {args.rate:g} sends none "
                f"in {args.seconds:g} s)"
            )
            return
        cpu_before, steal_before = cpu_seconds(server.pid), cpu_steal()
        latencies = asyncio.run(
            _latency("127.0.0.1", port, key, args.rate, args.seconds, latency_pool)
        )
        cpu = cpu_seconds(server.pid) - cpu_before
        print(
            f"single message at {args.rate:g}/s: p50 {_percentile(latencies, 0.5) * 1000:.2f} ms, "
            f"p99 {_percentile(latencies, 0.99) * 1000:.2f} ms ({len(latencies):,} requests; "
            f"service CPU {cpu / len(latencies) * 1000:.2f} ms per request; "
            f"VM steal {steal_percent(steal_before, cpu_steal()):.1f} %)"
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()

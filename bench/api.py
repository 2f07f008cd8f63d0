"""HTTP API throughput and latency: ``POST /v1/check`` against ``clearline serve``.

Layout (2 cores): the service runs as its own process (``clearline serve`` on a fresh SQLite file,
or ``--db URL``), pinned to core 0 when possible; this process, on core 1, is the client
(httpx, keep-alive connections).

Prints:
  * sustained messages/s with batches of ``--batch`` (100) from ``--clients`` (4) concurrent
    clients, each message a fresh id (so every message is scored and audited);
  * single-message latency p50/p99 at a fixed ``--rate`` (500) requests/s for ``--seconds``.

Issue 5's bars: >= 20,000 messages/s in batches of 100; single-message p99 < 10 ms at 500/s.

Usage: python bench/api.py [--db URL] [--batch 100] [--clients 4] [--seconds 10] [--rate 500]
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
from pathlib import Path
from typing import Any

import httpx


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


async def _throughput(base: str, key: str, batch: int, clients: int, seconds: float) -> float:
    pool = _messages(20_000)
    headers = {"Authorization": f"Bearer {key}"}
    counter = 0
    done = 0
    stop = time.perf_counter() + seconds

    async def client(number: int) -> None:
        nonlocal counter, done
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
            while time.perf_counter() < stop:
                chunk = []
                for _ in range(batch):
                    record = dict(pool[counter % len(pool)])
                    record["id"] = f"t{number}-{counter}"
                    counter += 1
                    chunk.append(record)
                response = await http.post("/v1/check", json={"messages": chunk})
                response.raise_for_status()
                done += batch

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return done / (time.perf_counter() - started)


async def _latency(base: str, key: str, rate: float, seconds: float) -> list[float]:
    pool = _messages(5_000)
    headers = {"Authorization": f"Bearer {key}"}
    latencies: list[float] = []
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=60, limits=httpx.Limits(max_connections=64)
    ) as http:

        async def one(index: int) -> None:
            record = dict(pool[index % len(pool)])
            record["id"] = f"l{index}"
            started = time.perf_counter()
            response = await http.post("/v1/check", json={"messages": [record]})
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()

        tasks = []
        start = time.perf_counter()
        for index in range(int(rate * seconds)):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(index)))
        await asyncio.gather(*tasks)
    return latencies


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="service database URL (default: temp SQLite)")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=500.0)
    args = parser.parse_args()
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
    server = subprocess.Popen(
        [*clearline, "serve", "--port", str(port), "--db", db, "--log-level", "warning"],
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=lambda: _pin(0),
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
        print(f"database: {db.split('@')[-1]}")
        rate = asyncio.run(_throughput(base, key, args.batch, args.clients, args.seconds))
        print(
            f"throughput: {rate:,.0f} messages/s (batches of {args.batch}, "
            f"{args.clients} clients, {args.seconds:g} s)"
        )
        latencies = asyncio.run(_latency(base, key, args.rate, args.seconds))
        print(
            f"single message at {args.rate:g}/s: p50 {_percentile(latencies, 0.5) * 1000:.2f} ms, "
            f"p99 {_percentile(latencies, 0.99) * 1000:.2f} ms ({len(latencies):,} requests)"
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()

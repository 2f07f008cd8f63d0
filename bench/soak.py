"""Soak test of the SMPP firewall (not run in CI): a fixed rate for a long time, one upstream crash.

A load-generating ESME sends submit_sm at ``--rate`` for ``--minutes`` through ``clearline smpp``
(its own process, every shipped signal on, audit written) to the test SMSC, which is killed
(connections aborted) half-way and restarted ``--down-seconds`` later. At the end every
submitted message must have been answered exactly once: forwarded and accepted by the SMSC, or
refused with a status (a policy verdict, or a retryable error while the SMSC was down). Counted
on both sides: the ESME's answers by status, the SMSC's accepted messages, the proxy's audit.

Usage: python bench/soak.py [--minutes 10] [--rate 200] [--down-seconds 5] [--monitor]
Exit status 0 when every message was answered exactly once and the counts agree.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from clearline.adapters.smpp.loadgen import LoadEsme, bench_traffic, percentile, submit_frame
from clearline.adapters.smpp.smsc import TestSmsc


def _resident_kib(pid: int) -> int:
    """A process's resident memory (``VmRSS``), in KiB; 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def soak(args: argparse.Namespace) -> bool:
    total = int(args.rate * args.minutes * 60)
    frames = [submit_frame(*m) for m in bench_traffic(total, args.seed)]
    smsc = TestSmsc(receipts=False, keep_messages=False)
    await smsc.start()
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="clearline-soak-"))
    config = workdir / "smpp.toml"
    config.write_text(
        # gc_quiet_rate 0: full collections on schedule, so the soak runs some under load.
        f"stats_interval = 30\ngc_full_interval = {args.gc_full_interval}\ngc_quiet_rate = 0\n"
        f'[listen]\nhost = "127.0.0.1"\nport = {port}\n'
        f'[upstream]\nhost = "127.0.0.1"\nport = {smsc.port}\nsystem_id = "clearline"\n'
        "reconnect_min = 0.1\nreconnect_max = 1.0\nresponse_timeout = 10.0\n"
        '[[esme]]\nsystem_id = "soak"\npassword = "soakpw"\nwindow = 5000\nsources = ["*"]\n'
        f'[audit]\npath = "{workdir / "audit.jsonl"}"\n'
        f"[engine]\nmonitor = {'true' if args.monitor else 'false'}\n"
    )
    log_path = workdir / "proxy.log"
    log = open(log_path, "wb")  # noqa: SIM115 - open for the proxy's lifetime
    proxy = subprocess.Popen(
        [sys.executable, "-m", "clearline", "smpp", "--settings", str(config)], stderr=log
    )
    try:
        await smsc.wait_bound(60)
        esme = await LoadEsme.connect("127.0.0.1", port, "soak", "soakpw")
        started = time.perf_counter()
        print(
            f"{dt.datetime.now(dt.UTC):%H:%M:%S} sending {total:,} at {args.rate:g}/s", flush=True
        )

        async def crash_upstream() -> None:
            await asyncio.sleep(args.minutes * 30)
            print(f"{dt.datetime.now(dt.UTC):%H:%M:%S} killing the SMSC", flush=True)
            await smsc.stop()
            await asyncio.sleep(args.down_seconds)
            await smsc.start()
            print(f"{dt.datetime.now(dt.UTC):%H:%M:%S} SMSC restarted", flush=True)

        rss: list[tuple[int, int]] = []  # (messages answered, proxy resident KiB), every 30 s

        async def watch_memory() -> None:
            while True:
                await asyncio.sleep(30)
                rss.append((esme.answered, _resident_kib(proxy.pid)))

        crash = asyncio.create_task(crash_upstream())
        watcher = asyncio.create_task(watch_memory())
        sent = await esme.send_paced(frames, args.rate)
        await crash
        watcher.cancel()
        drained = await esme.drain(60)
        elapsed = time.perf_counter() - started
        await esme.unbind()
    finally:
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(30)
        log.close()
        await smsc.stop()
    audit_lines = (workdir / "audit.jsonl").read_bytes().count(b"\n")
    accepted = esme.statuses.get(0, 0)
    print(
        f"sent {sent:,} in {elapsed:,.0f} s; answered {esme.answered:,}; unanswered "
        f"{len(esme.sent_at):,}; duplicate answers {esme.duplicates:,}"
    )
    print(
        "answers by status: "
        + ", ".join(f"0x{k:02x}: {v:,}" for k, v in sorted(esme.statuses.items()))
    )
    print(
        f"SMSC accepted {smsc.counter:,}; ESME saw {accepted:,} accepted; audit records "
        f"{audit_lines:,}"
    )
    print(
        f"latency p50 {percentile(esme.latencies, 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(esme.latencies, 0.99) * 1000:.2f} ms; proxy log {workdir / 'proxy.log'}"
    )
    if len(rss) >= 3:
        (n0, kib0), (n1, kib1) = rss[1], rss[-1]  # from the first minute on
        growth = (kib1 - kib0) / max(1, n1 - n0) * 1000
        print(
            f"proxy memory: {kib0 / 1024:,.0f} MiB after {n0:,} messages, {kib1 / 1024:,.0f} MiB "
            f"after {n1:,} ({growth:,.1f} KiB per 1,000 messages: the engine's windows and "
            "clusters grow with new numbers until they expire)"
        )
    collections = [
        line.split("full garbage collection: ", 1)[-1]
        for line in log_path.read_text().splitlines()
        if "full garbage collection" in line
    ]
    print(f"the proxy's full garbage collections: {'; '.join(collections) or 'none'}")
    # Accepted by the SMSC but answered with an error to the ESME can only be what was in
    # flight when the SMSC died (at-least-once: the ESME retries it).
    in_flight_lost = smsc.counter - accepted
    print(f"in flight when the SMSC died (accepted upstream, answered retryable): {in_flight_lost}")
    ok = (
        drained
        and sent == total
        and esme.answered == sent
        and esme.duplicates == 0
        and audit_lines == sent
        and 0 <= in_flight_lost <= 5000
    )
    print("PASS: every message answered exactly once" if ok else "FAIL")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--down-seconds", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--gc-full-interval",
        type=float,
        default=240.0,
        help="the proxy's full garbage collection interval (seconds), so the soak runs some",
    )
    parser.add_argument("--monitor", action="store_true", help="forward whatever the verdict")
    args = parser.parse_args()
    sys.exit(0 if asyncio.run(soak(args)) else 1)


if __name__ == "__main__":
    main()

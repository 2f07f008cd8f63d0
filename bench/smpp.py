"""SMPP firewall throughput and added latency, side by side with Jasmin 0.11.0 in one run.

Layout (2 cores): the firewall under test runs as its own process pinned to core 0
(``clearline smpp`` with every shipped signal on and the audit file written); this process is
pinned to core 1 and runs the test SMSC upstream and a load-generating ESME.

Prints, for Clearline and (when ``scripts/jasmin start`` is running) for Jasmin with its Python
MT interceptor doing a comparable check:
  * sustained messages/s: the sample traffic sent under a window of outstanding submit_sm,
    counted when answered (and, for forwarded messages, when the SMSC got them);
  * the firewall's CPU time per message (messages per CPU-second = one-core capacity);
  * added latency p50/p99 at a fixed 1,000 messages/s: submit_sm -> submit_sm_resp through the
    firewall minus the same straight to the SMSC.

``--unique-bodies`` sends issue 19's traffic instead of the sample: person-to-person messages
whose bodies are all different (``bench/unique_traffic.py``, UCI texts with corpus words spliced
in, among 20,000 numbers, from ``--seed``), ``--messages`` of them for throughput (Jasmin gets the
first ``--jasmin-messages``) and further ones for the latency runs, so no body is sent twice.

Usage: python bench/smpp.py [--unique-bodies] [--messages 60000] [--window 500] [--rate 1000]
                            [--seconds 15] [--jasmin-port 2775 --jasmin-smsc-port 2776]
                            [--no-jasmin]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import msgspec

from clearline.adapters.smpp.loadgen import LoadEsme, bench_traffic, percentile, submit_frame
from clearline.adapters.smpp.smsc import TestSmsc
from machine import cpu_seconds, cpu_steal, steal_percent
from unique_traffic import unique_traffic

PROXY_CORE = 0
BENCH_CORE = 1


def _cpu_model() -> str:
    for row in Path("/proc/cpuinfo").read_text().splitlines():
        if row.startswith("model name"):
            return row.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _tree_cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):  # a daemon that is not running counts nothing
            total += cpu_seconds(pid)
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sample_frames(count: int, seed: int) -> list[bytes]:
    """Deterministic load-test traffic (``loadgen.bench_traffic``) as submit_sm frames."""
    return [submit_frame(*message) for message in bench_traffic(count, seed)]


def unique_frames(count: int, seed: int) -> list[bytes]:
    """``count`` submit_sm frames of issue 19's traffic: every body different, 20,000 numbers."""
    decode = msgspec.json.Decoder(dict[str, Any]).decode
    records = [decode(line) for line in unique_traffic(count, 20_000, seed).splitlines()]
    return [submit_frame(r["from"], r["to"], r["body"]) for r in records]


async def throughput(
    port: int, frames: list[bytes], window: int, account: tuple[str, str], cpu_pids: list[int]
) -> dict[str, Any]:
    esme = await LoadEsme.connect("127.0.0.1", port, *account)
    cpu_before = _tree_cpu_seconds(cpu_pids)
    started = time.perf_counter()
    await esme.send_windowed(frames, window)
    drained = await esme.drain(600)
    elapsed = time.perf_counter() - started
    cpu = _tree_cpu_seconds(cpu_pids) - cpu_before
    await esme.unbind()
    return {
        "messages": len(frames),
        "answered": esme.answered,
        "all_answered": drained,
        "duplicates": esme.duplicates,
        "seconds": elapsed,
        "messages_per_s": esme.answered / elapsed,
        "cpu_seconds": cpu,
        "messages_per_cpu_s": esme.answered / cpu if cpu else float("nan"),
        "statuses": {f"0x{k:02x}": v for k, v in sorted(esme.statuses.items())},
    }


class Latencies(msgspec.Struct):
    """Per-message answer times of one paced run, and the CPU share stolen meanwhile (%)."""

    seconds: list[float]
    steal_pct: float


async def latency(
    port: int, frames: list[bytes], rate: float, account: tuple[str, str]
) -> Latencies:
    esme = await LoadEsme.connect("127.0.0.1", port, *account)
    before = cpu_steal()
    await esme.send_paced(frames, rate)
    await esme.drain(120)
    stolen = steal_percent(before, cpu_steal())
    await esme.unbind()
    return Latencies(esme.latencies, stolen)


async def _wait_for_bind(smsc: TestSmsc, before: AbstractSet[object], timeout: float = 60) -> None:
    async with asyncio.timeout(timeout):
        while not any(s.bound for s in smsc.sessions if s not in before):
            await asyncio.sleep(0.05)


async def run_clearline(
    args: argparse.Namespace,
    smsc: TestSmsc,
    frames: list[bytes],
    paced: list[bytes],
    base: Latencies,
    *,
    monitor: bool = False,
) -> dict[str, Any]:
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="clearline-bench-smpp-"))
    command = [
        "taskset",
        "-c",
        str(PROXY_CORE),
        sys.executable,
        "-m",
        "clearline",
        "smpp",
        "--listen",
        f"127.0.0.1:{port}",
        "--upstream",
        f"127.0.0.1:{smsc.port}",
        "--upstream-system-id",
        "clearline",
        "--upstream-password",
        "pw",
        "--esme",
        "bench:benchpw:*",  # the benchmark traffic comes from many numbers
        "--audit",
        str(workdir / "audit.jsonl"),
        "--log-level",
        "WARNING",
        *(["--monitor"] if monitor else []),
    ]
    before = set(smsc.sessions)
    log_path = workdir / "proxy.log"
    with open(log_path, "wb") as log:
        proxy = subprocess.Popen(command, stderr=log)
    try:
        await _wait_for_bind(smsc, before)
        account = ("bench", "benchpw")
        await throughput(port, frames[:2000], args.window, account, [proxy.pid])  # warm-up
        received_before = smsc.counter
        result = await throughput(port, frames, args.window, account, [proxy.pid])
        result["smsc_received"] = smsc.counter - received_before
        # Latency is not a one-core question: on this shared machine a process pinned to a core
        # that another job is busy on waits for the scheduler on every wake-up. Unpin it.
        os.sched_setaffinity(proxy.pid, range(os.cpu_count() or 1))
        lat = await latency(port, paced, args.rate, account)
        result["latency"] = _latency_summary(lat, base)
        result["audit_lines"] = (workdir / "audit.jsonl").read_bytes().count(b"\n")
        result["proxy_log"] = str(log_path)
        return result
    finally:
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(30)


def _latency_summary(measured: Latencies, base: Latencies) -> dict[str, float]:
    summary = {}
    for name, q in (("p50", 0.50), ("p99", 0.99)):
        through = percentile(measured.seconds, q) * 1000
        direct = percentile(base.seconds, q) * 1000
        summary[f"{name}_ms"] = through
        summary[f"direct_{name}_ms"] = direct
        summary[f"added_{name}_ms"] = through - direct
    summary["samples"] = len(measured.seconds)
    summary["steal_pct"] = measured.steal_pct
    return summary


def _descendants(roots: list[int]) -> list[int]:
    """``roots`` and every process below them (RabbitMQ's beam.smp runs under its wrapper)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, stack = [], list(roots)
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _jasmin_pids() -> list[int]:
    """Jasmin's daemons and the RabbitMQ and Redis it needs, as scripts/jasmin started them."""
    roots = []
    run_dir = Path(os.environ.get("JASMIN_DIR", "/tmp/clearline-jasmin"))
    for name in ("jasmind", "interceptord", "dlrlookupd", "rabbitmq", "redis"):
        path = run_dir / f"{name}.pid"
        if path.exists():
            roots.append(int(path.read_text().strip()))
    return _descendants(roots)


async def run_jasmin(
    args: argparse.Namespace,
    smsc_port: int,
    frames: list[bytes],
    paced: list[bytes],
    base: Latencies,
) -> dict[str, Any]:
    """Jasmin runs under scripts/jasmin; its SMPP client connector binds to an SMSC here."""
    smsc = TestSmsc(port=smsc_port, receipts=False, keep_messages=False)
    await smsc.start()
    try:
        await smsc.wait_bound(timeout=120)  # jasmin reconnects to its connector by itself
        account = ("bench", "benchpw")
        pids = _jasmin_pids()
        warm = await throughput(args.jasmin_port, frames[:200], 50, account, pids)  # warm-up
        # Let Jasmin's queue drain before measuring.
        await _until_reached(smsc, warm["statuses"].get("0x00", 0))
        received_before = smsc.counter
        started = time.perf_counter()
        result = await throughput(args.jasmin_port, frames, args.window, account, pids)
        # Jasmin answers submit_sm once it has queued the message: count what reached the SMSC.
        forwarded = sum(v for k, v in result["statuses"].items() if k == "0x00")
        last = await _until_reached(smsc, received_before + forwarded)
        result["smsc_received"] = smsc.counter - received_before
        # Jasmin answers 0x00 on queueing, then drops what its own segmentation refuses (texts
        # longer than one submit_sm without message_payload: "size ... does not match").
        result["accepted_never_delivered"] = forwarded - result["smsc_received"]
        result["smsc_seconds"] = last - started
        result["smsc_messages_per_s"] = result["smsc_received"] / result["smsc_seconds"]
        # At the rate Clearline is measured at (Jasmin cannot keep up: its queue grows), and at
        # a rate it sustains.
        same = paced[: int(args.rate * 3)]
        result["latency"] = _latency_summary(
            await latency(args.jasmin_port, same, args.rate, account), base
        )
        result["latency"]["rate"] = args.rate
        slow = paced[: int(args.jasmin_rate * 5)]
        result["latency_sustainable"] = _latency_summary(
            await latency(args.jasmin_port, slow, args.jasmin_rate, account), base
        )
        result["latency_sustainable"]["rate"] = args.jasmin_rate
        # Let Jasmin's queue (thousands behind the 1,000 msg/s phase) drain before the next
        # step: until the SMSC has seen nothing new for 3 s.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(300):
                seen = -1
                while seen != smsc.counter:
                    seen = smsc.counter
                    await asyncio.sleep(3)
        return result
    finally:
        await smsc.stop()


async def _until_reached(smsc: TestSmsc, count: int, idle_seconds: float = 5.0) -> float:
    """Wait until the SMSC has received ``count`` messages in all, or nothing new for a while
    (a gateway that accepted messages may still drop some: never wait for those forever).
    Returns when (``time.perf_counter()``) the last of them arrived, to within 50 ms."""
    seen, last = smsc.counter, time.perf_counter()
    while smsc.counter < count:
        await asyncio.sleep(0.05)
        if smsc.counter != seen:
            seen, last = smsc.counter, time.perf_counter()
        elif time.perf_counter() - last > idle_seconds:
            break
    return last if smsc.counter < count else time.perf_counter()


async def run_chain(args: argparse.Namespace, count: int = 200) -> dict[str, Any]:
    """Interoperability with a real gateway: ESME -> Jasmin -> Clearline -> SMSC, receipts back.

    Clearline takes the place of the SMSC Jasmin's connector binds to (as ESME "clearline").
    """
    smsc = TestSmsc(receipts=True, keep_messages=False, receipt_delay=1.0)
    await smsc.start()
    workdir = Path(tempfile.mkdtemp(prefix="clearline-bench-chain-"))
    command = [
        sys.executable, "-m", "clearline", "smpp", "--log-level", "WARNING",
        "--listen", f"127.0.0.1:{args.jasmin_smsc_port}", "--upstream", f"127.0.0.1:{smsc.port}",
        "--upstream-system-id", "clearline", "--esme", "clearline:pw:*",
        "--audit", str(workdir / "audit.jsonl"),
        "--monitor",  # the point is the round trip: every message forwarded, verdicts audited
    ]  # fmt: skip
    with open(workdir / "proxy.log", "wb") as log:
        proxy = subprocess.Popen(command, stderr=log)
    try:
        await smsc.wait_bound(60)
        traffic = bench_traffic(count, args.seed + 2)
        frames = [submit_frame(*m, registered_delivery=1) for m in traffic]
        esme = await LoadEsme.connect("127.0.0.1", args.jasmin_port, "bench", "benchpw")
        # Jasmin's connector reconnects on its own schedule: wait until a message goes through.
        probes = iter([submit_frame(*m, registered_delivery=1) for m in bench_traffic(200, 99)])
        async with asyncio.timeout(120):
            while smsc.counter == 0:
                await esme.send_windowed([next(probes)], 1)
                await esme.drain(10)
                await asyncio.sleep(1)
        await esme.send_windowed(frames, 50)
        await esme.drain(60)
        accepted = esme.statuses.get(0, 0)  # Jasmin acknowledges once it has queued
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(60):
                while esme.receipts < accepted:
                    await asyncio.sleep(0.1)
        await esme.unbind()
        audit = (workdir / "audit.jsonl").read_bytes().count(b"\n")
        return {
            "sent_through_jasmin": esme.answered,
            "statuses": {f"0x{k:02x}": v for k, v in sorted(esme.statuses.items())},
            "smsc_received": smsc.counter,
            "clearline_audit_records": audit,
            "smsc_receipts_sent": smsc.receipts_sent,
            "receipts_back_at_esme": esme.receipts,
        }
    finally:
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(30)
        await smsc.stop()


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    paced_count = int(args.rate * args.seconds)
    if args.unique_bodies:  # one pool, so the paced runs send bodies throughput did not
        pool = unique_frames(args.messages + paced_count, args.seed)
        frames, paced = pool[: args.messages], pool[args.messages :]
    else:
        frames = sample_frames(args.messages, args.seed)
        paced = sample_frames(paced_count, args.seed + 1)
    smsc = TestSmsc(receipts=False, keep_messages=False)
    await smsc.start()
    report: dict[str, Any] = {
        "machine": f"{_cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/smpp.py " + " ".join(sys.argv[1:]),
        "traffic": "unique bodies (bench/unique_traffic.py)" if args.unique_bodies else "sample",
    }
    base = await latency(smsc.port, paced, args.rate, ("direct", "x"))
    report["direct_to_smsc"] = _latency_summary(base, base)
    report["clearline"] = await run_clearline(args, smsc, frames, paced, base)
    # Monitor mode: the same signals and audit, but every message goes to the SMSC and back.
    report["clearline_monitor"] = await run_clearline(args, smsc, frames, paced, base, monitor=True)
    await smsc.stop()
    if not args.no_jasmin:
        try:
            jasmin_frames = frames[: args.jasmin_messages]
            report["jasmin"] = await run_jasmin(
                args, args.jasmin_smsc_port, jasmin_frames, paced, base
            )
        except (OSError, TimeoutError, ConnectionError) as exc:
            report["jasmin"] = {"error": f"{type(exc).__name__}: {exc}"}
        if not args.no_chain:
            try:
                report["chain"] = await run_chain(args)
            except (OSError, TimeoutError, ConnectionError) as exc:
                report["chain"] = {"error": f"{type(exc).__name__}: {exc}"}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=60_000)
    parser.add_argument("--window", type=int, default=500)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-jasmin", action="store_true")
    parser.add_argument("--jasmin-port", type=int, default=2775)
    parser.add_argument("--jasmin-smsc-port", type=int, default=2776)
    parser.add_argument("--jasmin-messages", type=int, default=3000)
    parser.add_argument("--jasmin-rate", type=float, default=100.0)
    parser.add_argument(
        "--no-chain", action="store_true", help="skip the Jasmin -> Clearline -> SMSC check"
    )
    parser.add_argument("--json", action="store_true", help="print the raw report as JSON")
    parser.add_argument(
        "--unique-bodies", action="store_true", help="issue 19's traffic: every body different"
    )
    args = parser.parse_args()
    os.sched_setaffinity(0, {BENCH_CORE})
    report = asyncio.run(main_async(args))
    if args.json:
        print(msgspec.json.format(msgspec.json.encode(report)).decode())
        return
    print(f"machine: {report['machine']}\ndate: {report['date']}\ncommand: {report['command']}")
    print(f"traffic: {report['traffic']}")
    for name in ("clearline", "clearline_monitor", "jasmin"):
        result = report.get(name)
        if result is None:
            continue
        print(f"\n{name}:")
        if "error" in result:
            print(f"  not measured: {result['error']}")
            continue
        print(
            f"  sustained: {result['messages_per_s']:,.0f} msg/s answered "
            f"({result['answered']:,}/{result['messages']:,} in {result['seconds']:.2f} s, "
            f"statuses {result['statuses']}, duplicates {result['duplicates']})"
        )
        if "smsc_messages_per_s" in result:
            print(
                f"  reached the SMSC: {result['smsc_messages_per_s']:,.0f} msg/s "
                f"({result['smsc_received']:,} messages; accepted but never delivered: "
                f"{result.get('accepted_never_delivered', 0):,})"
            )
        print(
            f"  firewall CPU: {result['cpu_seconds']:.2f} s -> "
            f"{result['messages_per_cpu_s']:,.0f} msg per CPU-second"
        )
        for key in ("latency", "latency_sustainable"):
            lat = result.get(key)
            if lat is None:
                continue
            print(
                f"  latency at {lat.get('rate', args.rate):,.0f} msg/s: p50 {lat['p50_ms']:.2f} "
                f"ms, p99 {lat['p99_ms']:.2f} ms; added p50 {lat['added_p50_ms']:.2f} ms, "
                f"added p99 {lat['added_p99_ms']:.2f} ms ({lat['samples']:,} samples, "
                f"VM steal {lat['steal_pct']:.1f} %)"
            )
    chain = report.get("chain")
    if chain is not None:
        print(f"\nESME -> Jasmin -> Clearline -> SMSC: {chain}")
    direct = report["direct_to_smsc"]
    print(
        f"\ndirect to the SMSC: p50 {direct['p50_ms']:.2f} ms, p99 {direct['p99_ms']:.2f} ms "
        f"(VM steal {direct['steal_pct']:.1f} %)"
    )
    jasmin = report.get("jasmin", {})
    if jasmin.get("messages_per_s"):
        for name in ("clearline", "clearline_monitor"):
            ratio = report[name]["messages_per_s"] / jasmin["messages_per_s"]
            print(f"answered msg/s, {name} / jasmin: {ratio:,.1f}x")


if __name__ == "__main__":
    main()

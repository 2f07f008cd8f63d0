"""Engine throughput and single-message latency, on one core, on simulated traffic.

The input is a simulated day (``clearline simulate``: people, registered senders, campaigns and
spam in realistic proportions), scanned with its registry and consent loaded. Prints:
  * messages/s of the whole ``scan`` pipeline in-process (read JSON Lines, parse and validate,
    every enabled signal, policy, JSON out), pinned to one core, best of ``--repeat`` runs, each
    on a new engine with the process-wide content caches emptied (as cold as a new process);
  * the same for the ``clearline scan`` command as a user runs it (process start included);
  * p50 / p99 / p99.9 latency of ``Engine.score()`` (the single-message online call) on an engine
    that has already seen the first part of the day.

Usage: python bench/throughput.py [--subscribers 20000] [--hours 24] [--repeat 3] [--seed 11]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgspec

from clearline import Engine
from clearline.adapters.runtime import tune_gc_for_throughput
from clearline.codec import read_jsonl
from clearline.compliance.imports import import_files
from clearline.compliance.quiet_hours import zones_for_prefix
from clearline.compliance.store import ComplianceStore
from clearline.content.facts import clear_caches
from clearline.model import Message
from clearline.policy import load_config
from clearline.scan import scan_records
from clearline.simulate import SimulationPaths, run_simulation


def _cpu_model() -> str:
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                return row.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


#: The issue-2 signals: the engine's own cost (parse, signals, policy, JSON out) is measured with
#: these alone; "all" adds every analytics family.
CORE_SIGNALS = frozenset({"body", "numbers", "flood"})


def _engine(paths: SimulationPaths, only: frozenset[str] | None = None) -> Engine:
    config = load_config()
    if only is not None:
        signals = {name: {**s, "enabled": name in only} for name, s in config.signals.items()}
        config = msgspec.structs.replace(config, signals=signals)
    engine = Engine(config=config)
    import_files(ComplianceStore(engine.state), paths.registry, paths.consent)
    return engine


def _pipeline_rate(
    paths: SimulationPaths, data: bytes, repeat: int, only: frozenset[str] | None
) -> tuple[float, int]:
    best = 0.0
    records = 0
    for _ in range(repeat):
        engine = _engine(paths, only)
        # Every run starts as cold as a new process: the content caches are process-wide.
        clear_caches()
        zones_for_prefix.cache_clear()
        sink = open(os.devnull, "wb")  # noqa: SIM115 - closed right below
        started = time.perf_counter()
        summary = scan_records(engine, read_jsonl(io.BytesIO(data)), sink)
        elapsed = time.perf_counter() - started
        sink.close()
        best = max(best, summary.records / elapsed)
        records = summary.records
    return best, records


def _cli_rate(paths: SimulationPaths, count: int) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "clearline", "scan", str(paths.traffic), "-q", "-o"]
    command += [os.devnull, "--registry", str(paths.registry), "--consent", str(paths.consent)]
    subprocess.run(["taskset", "-c", "0", *command], check=True)
    return count / (time.perf_counter() - started)


def _latencies(
    paths: SimulationPaths, data: bytes, count: int, only: frozenset[str] | None
) -> list[float]:
    messages = [m for _, m in read_jsonl(io.BytesIO(data)) if isinstance(m, Message)]
    warm, timed = messages[: len(messages) // 2], messages[len(messages) // 2 :][:count]
    engine = _engine(paths, only)
    engine.score_batch(warm)  # the state a running service has by midday
    timings = []
    clock = time.perf_counter_ns
    for message in timed:
        started = clock()
        engine.score(message)
        timings.append((clock() - started) / 1e6)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--latency-messages", type=int, default=50_000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})
    tune_gc_for_throughput()  # as the scan command does
    print(f"machine: {_cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    with tempfile.TemporaryDirectory(prefix="clearline-throughput-") as folder:
        paths = SimulationPaths.beside(Path(folder) / "traffic.jsonl")
        run_simulation(args.subscribers, args.hours, args.seed, paths)
        data = paths.traffic.read_bytes()
        count = data.count(b"\n")
        print(
            f"input: {count:,} simulated messages ({args.subscribers:,} subscribers, "
            f"{args.hours:g} h, seed {args.seed}), {len(data) / 1e6:.1f} MB"
        )
        for label, only in (
            ("core signals (body, numbers, flood)", CORE_SIGNALS),
            ("all signals", None),
        ):
            rate, _ = _pipeline_rate(paths, data, args.repeat, only)
            timings = _latencies(paths, data, args.latency_messages, only)
            cuts = statistics.quantiles(timings, n=1000)
            print(f"{label}:")
            best = f"best of {args.repeat}"
            print(f"  scan pipeline, in-process, 1 core: {rate:,.0f} messages/s ({best})")
            print(
                f"  Engine.score() latency over {len(timings):,} calls: p50 {cuts[499]:.4f} ms, "
                f"p99 {cuts[989]:.4f} ms, p99.9 {cuts[998]:.4f} ms"
            )
        print(
            f"clearline scan command, all signals, 1 core: {_cli_rate(paths, count):,.0f} "
            "messages/s (process start and file loading included)"
        )


if __name__ == "__main__":
    main()

"""Engine throughput and single-message latency, on one core.

Prints:
  * messages/s of the whole ``scan`` pipeline in-process (read JSON Lines, parse and validate,
    every enabled signal, policy, JSON out), pinned to one core, best of ``--repeat`` runs;
  * the same for the ``clearline scan`` command as a user runs it (process start included);
  * p50 / p99 / p99.9 latency of ``Engine.score()`` (the single-message online call).

Usage: python bench/throughput.py [--messages 300000] [--repeat 3] [--seed 11]
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

from clearline import Engine, decode_message
from clearline.codec import read_jsonl
from clearline.sample import generate_sample
from clearline.scan import scan_records


def _cpu_model() -> str:
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                return row.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _pipeline_rate(data: bytes, repeat: int) -> tuple[float, dict[str, int]]:
    best = 0.0
    actions: dict[str, int] = {}
    for _ in range(repeat):
        engine = Engine()
        sink = open(os.devnull, "wb")  # noqa: SIM115 - closed right below
        started = time.perf_counter()
        summary = scan_records(engine, read_jsonl(io.BytesIO(data)), sink)
        elapsed = time.perf_counter() - started
        sink.close()
        best = max(best, summary.records / elapsed)
        actions = summary.actions
    return best, actions


def _cli_rate(path: str, count: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            "taskset",
            "-c",
            "0",
            sys.executable,
            "-m",
            "clearline",
            "scan",
            path,
            "-q",
            "-o",
            os.devnull,
        ],
        check=True,
    )
    return count / (time.perf_counter() - started)


def _latencies(data: bytes, count: int) -> list[float]:
    engine = Engine()
    messages = [decode_message(raw) for raw in data.splitlines()[:count]]
    for message in messages[:2000]:  # warm caches the way a running service has them warm
        engine.score(message)
    engine = Engine()
    timings = []
    clock = time.perf_counter_ns
    for message in messages:
        started = clock()
        engine.score(message)
        timings.append((clock() - started) / 1e6)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--latency-messages", type=int, default=50_000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})
    data = b"".join(generate_sample(args.messages, args.seed))
    print(f"machine: {_cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(
        f"input: {args.messages:,} generated messages (seed {args.seed}), {len(data) / 1e6:.1f} MB"
    )
    rate, actions = _pipeline_rate(data, args.repeat)
    print(f"scan pipeline, in-process, 1 core: {rate:,.0f} messages/s (best of {args.repeat})")
    print(f"  actions: {actions}")
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as handle:
        handle.write(data)
        handle.flush()
        print(
            f"clearline scan command, 1 core:   {_cli_rate(handle.name, args.messages):,.0f} "
            "messages/s (process start included)"
        )
    timings = _latencies(data, args.latency_messages)
    cuts = statistics.quantiles(timings, n=1000)
    print(
        f"Engine.score() latency over {len(timings):,} calls: p50 {cuts[499]:.4f} ms, "
        f"p99 {cuts[989]:.4f} ms, p99.9 {cuts[998]:.4f} ms"
    )


if __name__ == "__main__":
    main()

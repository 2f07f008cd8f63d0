"""Behaviour analytics on simulated traffic: what each traffic class gets, against the bars.

Simulates a network (default: 20,000 subscribers for 24 hours) with a seed, scans it with the
registry and consent files the simulator wrote, joins the verdicts to the ground truth and prints,
per class, the share delivered / tagged / throttled / blocked; for each unwanted campaign, how many
of its messages were delivered before its first block and the share caught after its first 50;
the issue's bars; scan throughput on one core; and the state's memory.

Usage: python bench/campaigns.py [--subscribers 20000] [--hours 24] [--seed 101] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import msgspec

from clearline import Engine
from clearline.adapters.runtime import tune_gc_for_throughput
from clearline.codec import read_jsonl
from clearline.compliance.imports import import_files
from clearline.compliance.store import ComplianceStore
from clearline.scan import scan_records
from clearline.signals.behaviour import NumberActivity, PairState
from clearline.signals.campaigns import ClusterRef, ClusterStats
from clearline.signals.flood import FloodWindow
from clearline.simulate import SimulationPaths, run_simulation
from clearline.simulate.evaluate import WANTED, evaluate
from clearline.state.memory import MemoryTable


def _cpu_model() -> str:
    for row in Path("/proc/cpuinfo").read_text().splitlines():
        if row.startswith("model name"):
            return row.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _bytes_per_entry(make: Callable[[int], object], count: int = 20_000) -> float:
    """Memory one state entry costs in the in-memory store: value, key and table slots."""
    table: MemoryTable[object] = MemoryTable(type(make(0)))
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    table.put_many({f"+1212555{i:04d}\x1f+1415555{i:04d}": make(i) for i in range(count)}, 1.0)
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return used / count


def _active_number(i: int) -> NumberActivity:
    activity = NumberActivity([1000.0])
    activity.bump(1000.0, 0)
    activity.bump(5000.0, 1)
    return activity


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--keep", type=Path, default=None, help="keep the simulated files here")
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})
    tune_gc_for_throughput()  # as the scan command does
    folder = args.keep or Path(tempfile.mkdtemp(prefix="clearline-campaigns-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = SimulationPaths.beside(folder / "traffic.jsonl")
    print(f"machine: {_cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    started = time.perf_counter()
    counts = run_simulation(args.subscribers, args.hours, args.seed, paths)
    print(
        f"simulated {sum(counts.values()):,} messages: {args.subscribers:,} subscribers, "
        f"{args.hours:g} h, seed {args.seed} ({time.perf_counter() - started:.0f} s)"
    )

    tracemalloc.start()
    engine = Engine()
    import_files(ComplianceStore(engine.state), paths.registry, paths.consent)
    baseline = tracemalloc.get_traced_memory()[0]
    output = io.BytesIO()
    data = paths.traffic.read_bytes()
    summary = scan_records(engine, read_jsonl(io.BytesIO(data)), output)
    state_bytes = tracemalloc.get_traced_memory()[0] - baseline - len(output.getvalue())
    tracemalloc.stop()
    # The throughput figure comes from a second, untraced run (tracemalloc slows Python down).
    engine = Engine()
    import_files(ComplianceStore(engine.state), paths.registry, paths.consent)
    sink = io.BytesIO()
    started = time.perf_counter()
    scan_records(engine, read_jsonl(io.BytesIO(data)), sink)
    rate = summary.records / (time.perf_counter() - started)

    truth = [msgspec.json.decode(line) for line in paths.truth.read_bytes().splitlines()]
    verdicts = [msgspec.json.decode(line) for line in output.getvalue().splitlines()]
    result = evaluate(truth, verdicts)

    print(f"\nscan with every signal, 1 core: {rate:,.0f} messages/s")
    print(f"state memory after the run: {state_bytes / 1e6:,.1f} MB (tracemalloc)")
    print("memory per state entry (key of 28 characters included):")
    for name, make in (
        ("contact pair", lambda i: PairState(1.0, 2.0, True, False)),
        ("active number", _active_number),
        ("cluster", lambda i: ClusterStats(1.0, 3.0, 1.0, 0.5, 0.1, 2.0, 1.0, [1, 2, 3])),
        ("anchor or outreach", lambda i: ClusterRef(f"c{i:09d}")),
        ("flood window", lambda i: FloodWindow([1.0], [12345])),
    ):
        print(f"  {name:<20} {_bytes_per_entry(make):6.0f} bytes")
    print()
    print(result.render())
    print("\ntop symbols by class:")
    for kind in sorted(result.symbols):
        top = ", ".join(f"{s} {n:,}" for s, n in result.symbols[kind].most_common(4))
        print(f"  {kind:<24} {top}")

    print("\nbars:")
    ok = True
    for kind in WANTED:
        delivered = result.share(kind, "deliver")
        blocked = result.by_class.get(kind, Counter())["block"]
        passed = delivered >= 0.999 and blocked == 0
        ok &= passed
        print(
            f"  {'PASS' if passed else 'FAIL'} {kind}: {100 * delivered:.3f} % delivered "
            f"(>= 99.9 %), {blocked} blocked (= 0)"
        )
    for campaign in result.campaigns:
        passed = campaign.caught_after_grace >= 0.99
        ok &= passed
        print(
            f"  {'PASS' if passed else 'FAIL'} {campaign.name}: "
            f"{100 * campaign.caught_after_grace:.2f} % caught after the first 50 (>= 99 %)"
        )
    ignored = result.share("stop_ignored", "block")
    passed = ignored == 1.0
    ok &= passed
    print(f"  {'PASS' if passed else 'FAIL'} stop_ignored: {100 * ignored:.2f} % blocked (= 100 %)")
    passed = rate >= 30_000
    ok &= passed
    print(f"  {'PASS' if passed else 'FAIL'} throughput: {rate:,.0f} messages/s (>= 30,000)")
    if args.keep is None:
        for path in (paths.traffic, paths.registry, paths.consent, paths.truth):
            path.unlink()
        folder.rmdir()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

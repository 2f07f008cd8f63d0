"""Engine throughput and single-message latency, on one core, on unique texts and simulated days.

The headline figure (``--unique-bodies``, run first by default) is ``--messages`` (200,000)
person-to-person messages whose bodies are all different (``bench/unique_traffic.py``: UCI texts
with random corpus words spliced in, among ``--population`` (20,000) numbers, from ``--seed``),
scanned by the ``clearline scan`` code path. Prints messages/s, CPU seconds per message and the
CPU µs per message of each signal's ``check`` (the rest is decoding, policy and JSON out); then the
``clearline scan`` command on the same file. ``--verdicts-out FILE`` keeps the verdicts of the
in-process scan and ``--verdicts-against FILE`` compares them with an earlier run's, line by
line, so a speed change can be shown to keep every verdict. Then the ``clearline scan`` command
with ``--workers 1`` and ``--workers N`` (``--workers``, default 2) side by side, twice, on
every core, each checked against the in-process verdicts.

``--numbers N`` instead reports the bytes of state per active number: N numbers each send one
text to another (the same few short bodies, so the text caches stay small), through every signal
and through the behaviour signal alone, with the state's memory measured by tracemalloc.

The simulated day (``--simulated-day``, run second by default): the input is a simulated day
(``clearline simulate``: people, registered senders, campaigns and spam in realistic
proportions), scanned with its registry and consent loaded. Prints:
  * messages/s of the whole ``scan`` pipeline in-process (read JSON Lines, parse and validate,
    every enabled signal, policy, JSON out), pinned to one core, best of ``--repeat`` runs, each
    on a new engine with the process-wide content caches emptied (as cold as a new process);
  * the same for the ``clearline scan`` command as a user runs it (process start included);
  * p50 / p99 / p99.9 latency of ``Engine.score()`` (the single-message online call) on an engine
    that has already seen the first part of the day.

Usage: python bench/throughput.py [--unique-bodies | --simulated-day] [--messages 200000]
[--population 20000] [--subscribers 20000] [--hours 24] [--repeat 3] [--seed 11]
[--verdicts-out FILE] [--verdicts-against FILE]; python bench/throughput.py --numbers 1000000
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import msgspec

from clearline import Engine
from clearline.adapters.runtime import tune_gc_for_throughput
from clearline.codec import read_jsonl
from clearline.compliance.imports import import_files
from clearline.compliance.quiet_hours import zones_for_prefix
from clearline.compliance.store import ComplianceStore
from clearline.content.facts import clear_caches
from clearline.model import Hit, Message
from clearline.policy import load_config
from clearline.scan import scan_records
from clearline.signals.base import Batch
from clearline.simulate import SimulationPaths, run_simulation

sys.path.insert(0, str(Path(__file__).parent))
from unique_traffic import number, unique_traffic  # a sibling script, not a package


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
    command = [
        sys.executable,
        "-m",
        "clearline",
        "scan",
        str(paths.traffic),
        "-q",
        "--workers",
        "1",
        "-o",
    ]
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


class _TimedChecks:
    """Wraps each signal's ``check`` to add up its time (µs per message is read at the end)."""

    def __init__(self, engine: Engine) -> None:
        self.seconds: dict[str, float] = {}
        for signal in engine.signals:
            self.seconds[signal.name] = 0.0
            # An instance attribute shadows the class's method for this engine only.
            signal.check = self._timed(signal.name, signal.check)  # type: ignore[method-assign]

    def _timed(
        self, name: str, check: Callable[[Batch, list[list[Hit]]], None]
    ) -> Callable[..., None]:
        clock = time.process_time  # CPU time: a loaded host inflates wall time unevenly

        def timed(batch: Batch, hits: list[list[Hit]]) -> None:
            started = clock()
            check(batch, hits)
            self.seconds[name] += clock() - started

        return timed


def _compare_verdicts(ours: bytes, theirs: Path) -> str:
    """Whether two runs' verdict files agree line by line, and where they first differ if not."""
    earlier = theirs.read_bytes().splitlines()
    now = ours.splitlines()
    for line, (a, b) in enumerate(zip(now, earlier, strict=False), 1):
        if a != b:
            shown = f"\n  now    {a[:300]!r}\n  before {b[:300]!r}"
            return f"DIFFERENT from {theirs} from line {line}:{shown}"
    if len(now) != len(earlier):
        return f"DIFFERENT from {theirs}: {len(now):,} lines now, {len(earlier):,} before"
    return f"identical to {theirs} ({len(now):,} verdict lines)"


def _unique_bodies(args: argparse.Namespace) -> None:
    data = unique_traffic(args.messages, args.population, args.seed)
    count = data.count(b"\n")
    print(
        f"input: {count:,} messages with all-different bodies (UCI texts with corpus words "
        f"spliced in), {args.population:,} numbers, seed {args.seed}, {len(data) / 1e6:.1f} MB"
    )
    engine = Engine()
    clear_caches()
    zones_for_prefix.cache_clear()
    timed = _TimedChecks(engine)
    output = io.BytesIO()
    cpu = time.process_time()
    started = time.perf_counter()
    summary = scan_records(engine, read_jsonl(io.BytesIO(data)), output)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    print("all signals, scan pipeline in-process (read, parse, signals, policy, JSON out), 1 core:")
    print(
        f"  {summary.records / elapsed:,.0f} messages/s, "
        f"{cpu / summary.records * 1e6:.1f} µs of CPU per message"
    )
    per_signal = sorted(timed.seconds.items(), key=lambda kv: -kv[1])
    shown = ", ".join(f"{name} {seconds / count * 1e6:.1f}" for name, seconds in per_signal)
    rest = cpu - sum(timed.seconds.values())
    print(
        f"  µs of CPU per message: {shown}; the rest (decode, policy, JSON) "
        f"{rest / count * 1e6:.1f}"
    )
    verdicts = output.getvalue()
    if args.verdicts_out is not None:
        args.verdicts_out.write_bytes(verdicts)
        print(f"  verdicts written to {args.verdicts_out}")
    if args.verdicts_against is not None:
        print(f"  verdicts {_compare_verdicts(verdicts, args.verdicts_against)}")
    with tempfile.TemporaryDirectory(prefix="clearline-unique-") as folder:
        traffic = Path(folder) / "unique.jsonl"
        traffic.write_bytes(data)
        if args.workers > 1:
            _workers_side_by_side(traffic, count, args.workers, verdicts)
        command = [sys.executable, "-m", "clearline", "scan", str(traffic), "-q", "--workers", "1"]
        elapsed, cpu, _ = _run_timed(["taskset", "-c", "0", *command, "-o", os.devnull])
    print(
        f"clearline scan command, all signals, 1 core: {count / elapsed:,.0f} messages/s, "
        f"{cpu / count * 1e6:.1f} µs of CPU per message (process start and file loading included)"
    )


def _run_timed(command: list[str]) -> tuple[float, float, str]:
    """Run a command: its wall seconds, CPU seconds (its own processes' too) and stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu, done.stderr.decode(errors="replace")


def _workers_side_by_side(traffic: Path, count: int, workers: int, verdicts: bytes) -> None:
    """``clearline scan --workers 1`` and ``--workers N`` as a user runs them (a new process
    each, on every core), in turn, twice: the scan's own time as the command reports it, the
    whole command's wall time and CPU (its workers included), and whether the verdicts equal the
    in-process run's. A pool forked from this long-lived process (its heap holding the traffic,
    earlier engines and verdicts) runs slower than the command does, so the command is timed."""
    os.sched_setaffinity(0, range(os.cpu_count() or 1))  # the commands inherit it
    output = traffic.with_name("verdicts.jsonl")
    for _ in range(2):
        for processes in (1, workers):
            command = [sys.executable, "-m", "clearline", "scan", str(traffic)]
            command += ["-o", str(output), "--workers", str(processes)]
            elapsed, cpu, stderr = _run_timed(command)
            found = re.search(r"in ([0-9.]+) s", stderr)
            scan_seconds = float(found.group(1)) if found else float("nan")
            same = output.read_bytes() == verdicts
            print(
                f"  clearline scan --workers {processes}: {count / scan_seconds:,.0f} "
                f"messages/s (the scan as it reports it; {count / elapsed:,.0f} with process "
                f"start), {cpu / count * 1e6:.1f} µs of CPU per message in all processes, "
                f"{'same verdicts' if same else 'DIFFERENT verdicts'}"
            )
    output.unlink()
    os.sched_setaffinity(0, {0})


def _numbers_traffic(numbers: int) -> bytes:
    """Each of ``numbers`` numbers texts the next one once, over an hour; few distinct bodies."""
    bodies = ["ok see you at 6", "where are you", "call me when you can", "on my way", "lol yes"]
    step = 3600.0 / numbers
    lines = []
    for i in range(numbers):
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(1_795_392_000 + int(i * step)))
        lines.append(
            f'{{"id":"n{i}","ts":"{ts}Z","from":"{number(i)}",'
            f'"to":"{number((i + 1) % numbers)}","body":"{bodies[i % len(bodies)]}"}}'
        )
    return ("\n".join(lines) + "\n").encode()


def _state_bytes(data: bytes, only: frozenset[str] | None) -> int:
    config = load_config()
    if only is not None:
        signals = {name: {**s, "enabled": name in only} for name, s in config.signals.items()}
        config = msgspec.structs.replace(config, signals=signals)
    engine = Engine(config=config)
    scan_records(engine, read_jsonl(io.BytesIO(b"")), io.BytesIO())  # imports, caches warmed
    clear_caches()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    sink = open(os.devnull, "wb")  # noqa: SIM115 - closed right below
    scan_records(engine, read_jsonl(io.BytesIO(data)), sink)
    sink.close()
    gc.collect()  # a full collection also empties the free lists (objects kept for reuse)
    used = tracemalloc.get_traced_memory()[0] - baseline
    tracemalloc.stop()
    del engine
    return used


def _memory_per_number(numbers: int) -> None:
    data = _numbers_traffic(numbers)
    print(f"input: {numbers:,} active numbers, each texting the next once within an hour")
    for label, only in (
        ("behaviour signal alone", frozenset({"behaviour"})),
        ("all signals", None),
    ):
        used = _state_bytes(data, only)
        print(
            f"  {label}: state {used / 1e6:,.1f} MB after the run (tracemalloc), "
            f"{used / numbers:,.0f} bytes per active number"
        )


def _simulated_day(args: argparse.Namespace) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--unique-bodies", action="store_true", help="only the unique-body figures")
    which.add_argument("--simulated-day", action="store_true", help="only the simulated day")
    which.add_argument("--numbers", type=int, help="only the bytes of state per active number")
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--population", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2, help="compared with 1 (1: skip)")
    parser.add_argument("--verdicts-out", type=Path)
    parser.add_argument("--verdicts-against", type=Path)
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
    if args.numbers is not None:
        _memory_per_number(args.numbers)
        return
    if not args.simulated_day:
        _unique_bodies(args)
    if not args.unique_bodies:
        _simulated_day(args)


if __name__ == "__main__":
    main()

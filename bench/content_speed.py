"""Content scoring throughput (issue 7): all content signals, one core, in batches.

Two measurements over the same messages (real UCI and Philippine texts, cycled to ``--messages``,
each with its own sender, recipient and time so no other state grows):

1. the content signals (links, lures, categories, classifier) through the engine, in batches of
   the scan default (2,048), with the time each signal takes: once with the per-text caches off
   (every message analysed from scratch: the all-distinct worst case) and once with them on
   (repeated texts, as in bulk A2P and cycled campaign templates, are analysed once);
2. ``clearline scan`` of the same messages as a JSON Lines file, with every non-content signal
   disabled by an override file: decode, score, encode and write, end to end.

Pin it to one core for the recorded figure: ``taskset -c 0 python bench/content_speed.py``
(numpy is told to use one thread as well). Besides messages per second it prints messages per
CPU-second of the process, which other jobs on a shared machine distort much less.

Usage: python bench/content_speed.py [--data ../shared/data] [--messages 200000]
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402 - the thread limits above must be set before numpy loads
import datetime as dt  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

import msgspec  # noqa: E402

from clearline.adapters.runtime import tune_gc_for_throughput  # noqa: E402
from clearline.content.facts import FACTS_CACHE  # noqa: E402
from clearline.content.training import dedupe, load_ph, load_uci  # noqa: E402
from clearline.engine import Engine  # noqa: E402
from clearline.model import Hit, Message  # noqa: E402
from clearline.policy import load_config  # noqa: E402
from clearline.scan import DEFAULT_BATCH_SIZE  # noqa: E402
from clearline.signals import available_signals  # noqa: E402
from clearline.signals.base import Batch  # noqa: E402
from clearline.signals.content import ContentClassifierSignal  # noqa: E402

CONTENT_SIGNALS = ("links", "lures", "categories", "content")


def build_messages(data: Path, count: int) -> list[Message]:
    """``count`` messages cycling through the real texts, with distinct parties and times."""
    corpus = dedupe(load_uci(data / "uci_sms_spam_collection" / "SMSSpamCollection"))
    corpus.extend(dedupe(load_ph(data / "ph_spam_of_the_times" / "text-messages.csv")))
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    texts = corpus.texts
    return [
        Message(
            id=f"m{i}",
            ts=start + dt.timedelta(seconds=i),
            sender=f"+1202555{i % 10_000:04d}",
            to=f"+1212555{(i * 7) % 10_000:04d}",
            body=texts[i % len(texts)],
        )
        for i in range(count)
    ]


def time_signals(messages: list[Message], *, cached: bool) -> None:
    """Content signals through the engine's batch loop, with a per-signal breakdown.

    With ``cached`` false the per-text caches are off, so every message is analysed and scored
    as if its text had never been seen: the worst case, all distinct texts.
    """
    FACTS_CACHE.size = 20_000 if cached else 0
    FACTS_CACHE._facts.clear()
    engine = Engine()
    for signal in engine.signals:
        if isinstance(signal, ContentClassifierSignal) and not cached:
            signal.cache_size = 0
    signals = [s for s in engine.signals if s.name in CONTENT_SIGNALS]
    spent: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    cpu_started = time.process_time()
    for offset in range(0, len(messages), DEFAULT_BATCH_SIZE):
        chunk = messages[offset : offset + DEFAULT_BATCH_SIZE]
        batch = Batch(chunk)
        hits: list[list[Hit]] = [[] for _ in chunk]
        for signal in signals:
            before = time.perf_counter()
            signal.check(batch, hits)
            spent[signal.name] += time.perf_counter() - before
        [engine.policy.decide(m.id, h) for m, h in zip(chunk, hits, strict=True)]
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    mode = "repeated texts cached" if cached else "caches off, every text analysed"
    print(
        f"content signals + policy, batches of {DEFAULT_BATCH_SIZE}, {mode}: "
        f"{len(messages):,} messages in {total:.2f} s = {len(messages) / total:,.0f} messages/s"
        f" ({len(messages) / cpu:,.0f} per CPU-second)"
    )
    for name in CONTENT_SIGNALS:
        print(
            f"  {name:10s} {spent[name]:6.2f} s ({spent[name] / len(messages) * 1e6:5.1f} us a "
            "message; links/lures/categories share one text analysis, run by the first)"
        )


def time_scan(messages: list[Message]) -> None:
    """``clearline scan`` of a JSON Lines file with only the content signals enabled."""
    others = sorted(set(available_signals()) - set(CONTENT_SIGNALS))
    enabled = load_config().signals
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "messages.jsonl"
        source.write_bytes(b"\n".join(msgspec.json.encode(m) for m in messages) + b"\n")
        override = Path(folder) / "content-only.toml"
        override.write_text(
            "".join(f"[signals.{name}]\nenabled = false\n" for name in others if name in enabled)
        )
        command = [
            sys.executable, "-c", "from clearline.adapters.cli import main; main()",
            "scan", str(source), "--config", str(override), "-o", os.devnull, "-q",
        ]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, check=True)
        total = time.perf_counter() - started
    print(
        f"clearline scan (JSON Lines in and out, content signals only, process start "
        f"included): {len(messages):,} messages in {total:.2f} s = "
        f"{len(messages) / total:,.0f} messages/s"
    )


def main() -> None:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    tune_gc_for_throughput()  # as `clearline scan` does (the scan timed below runs the command)
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    affinity = len(os.sched_getaffinity(0))
    print(f"# Content throughput - {dt.date.today()} - Python {platform.python_version()} - {cpu}")
    print(f"command: python {' '.join(sys.argv)}; cores available to the process: {affinity}")
    messages = build_messages(args.data, args.messages)
    distinct = len({m.body for m in messages})
    print(f"{len(messages):,} messages, {distinct:,} distinct texts (real UCI and PH texts)")
    time_signals(messages[: min(len(messages), 4_096)], cached=False)  # load model, warm up
    time_signals(messages, cached=False)
    time_signals(messages, cached=True)
    time_scan(messages)


if __name__ == "__main__":
    main()

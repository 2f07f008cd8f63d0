"""The batch pipeline behind ``clearline scan``: records in, verdicts and errors out, in order."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import attrgetter
from typing import Protocol

import msgspec

from clearline.codec import ErrorRecord, Record, encode_records
from clearline.engine import Engine, SignalFailedClosedError
from clearline.model import Action, Message, Verdict

_ACTION_OF = attrgetter("action")


class Sink(Protocol):
    """Where ``scan_records`` writes JSON Lines: a binary file, or anything with these two."""

    def write(self, data: bytes, /) -> object:
        """Write ``data``."""

    def flush(self) -> object:
        """Push buffered data on."""


#: Messages scored together; large enough to amortise per-batch costs, small enough for latency.
DEFAULT_BATCH_SIZE = 2048


class ScanSummary(msgspec.Struct):
    """What a run did: counts by action and symbol, errors, and speed.

    ``errors`` counts bad lines; ``unscored`` counts messages of batches a signal that fails
    closed failed on (each got an error line; the run goes on with the next batch).
    """

    records: int = 0
    errors: int = 0
    unscored: int = 0
    actions: dict[str, int] = {}
    symbols: dict[str, int] = {}
    seconds: float = 0.0

    @property
    def messages_per_second(self) -> float:
        """Records handled per second of wall time."""
        return self.records / self.seconds if self.seconds > 0 else 0.0

    def render(self, top: int = 10) -> str:
        """The summary as a person reads it on stderr."""
        scanned = self.records - self.errors - self.unscored
        unscored = f", {self.unscored:,} not scored (a signal failed)" if self.unscored else ""
        lines = [
            f"scanned {scanned:,} messages, {self.errors:,} bad lines{unscored}, in "
            f"{self.seconds:.2f} s ({self.messages_per_second:,.0f} lines/s)"
        ]
        for action in Action:
            count = self.actions.get(action.value, 0)
            share = 100.0 * count / scanned if scanned else 0.0
            lines.append(f"  {action.value:<9} {count:>10,}  {share:5.1f} %")
        if self.symbols:
            lines.append("top symbols:")
            ranked = sorted(self.symbols.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            lines.extend(f"  {name:<28} {count:>10,}" for name, count in ranked)
        return "\n".join(lines)


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _refused(chunk: list[Record], error: str) -> list[Message | ErrorRecord]:
    """The chunk with an error record in place of each message (its bad lines unchanged)."""
    return [
        item if isinstance(item, ErrorRecord) else ErrorRecord(line, item.id, error)
        for line, item in chunk
    ]


def scan_records(
    engine: Engine,
    records: Iterable[Record],
    output: Sink,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[ScanSummary], None] | None = None,
    checkpoint: Callable[[int, bytes], None] | None = None,
    workers: int = 1,
) -> ScanSummary:
    """Score every record and write one output line per record, in input order.

    Args:
        engine: the engine to score with.
        records: input records, as ``codec.read_jsonl`` or ``codec.read_csv`` yield them.
        output: where JSON Lines go.
        batch_size: messages per engine batch.
        progress: called after each batch with the running summary.
        checkpoint: called with each batch's last line number and output lines after the batch
            is scored and before its lines are written (``scan --state`` commits its progress).
        workers: processes in all; above 1, others do the per-text work of the coming batches
            (fingerprints, content facts and scores: ``clearline.scan_workers``), with the same
            verdicts in the same order.

    Returns:
        The run's summary.
    """
    started = time.perf_counter()
    actions: Counter[Action] = Counter()
    symbols: Counter[str] = Counter()
    summary = ScanSummary()
    batches = _batches(records, batch_size)
    if workers > 1:
        from clearline.scan_workers import prefetched

        batches = prefetched(engine, batches, workers)
    for chunk in batches:
        items = [item for _, item in chunk]
        messages = [item for item in items if type(item) is Message]
        try:
            verdicts = engine.score_batch(messages) if messages else []
        except SignalFailedClosedError as exc:  # the batch's state was rolled back: go on
            summary.unscored += len(messages)
            verdicts = []
            items = _refused(chunk, f"{exc}; message not scored")
        out: list[Verdict | ErrorRecord]
        if len(verdicts) == len(items):
            out = list(verdicts)
        else:  # put each error back in its input position
            ordered = iter(verdicts)
            out = [item if isinstance(item, ErrorRecord) else next(ordered) for item in items]
            summary.errors += len(chunk) - len(messages)
        actions.update(map(_ACTION_OF, verdicts))
        symbols.update(r.symbol for v in verdicts if v.reasons for r in v.reasons)
        encoded = encode_records(out)
        if checkpoint is not None:
            checkpoint(chunk[-1][0], encoded)
        output.write(encoded)
        summary.records += len(chunk)
        if progress is not None:
            summary.seconds = time.perf_counter() - started
            progress(summary)
    output.flush()
    summary.actions = {action.value: count for action, count in actions.items()}
    summary.symbols = dict(symbols)
    summary.seconds = time.perf_counter() - started
    return summary

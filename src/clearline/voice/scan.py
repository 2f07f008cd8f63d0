"""The batch pipeline behind ``clearline calls scan``: call records in, verdicts and errors out,
in order, exactly as ``clearline scan`` does for messages (``clearline.scan``)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Protocol

from clearline.codec import ErrorRecord, encode_records
from clearline.model import Action, Call, Verdict
from clearline.scan import DEFAULT_BATCH_SIZE, ScanSummary
from clearline.voice.codec import CallRecord
from clearline.voice.engine import CallEngine

__all__ = ["CallScanSummary", "CallSink", "scan_calls"]


class CallSink(Protocol):
    """Where ``scan_calls`` writes JSON Lines: a binary file, or anything with these two."""

    def write(self, data: bytes, /) -> object:
        """Write ``data``."""

    def flush(self) -> object:
        """Push buffered data on."""


class CallScanSummary(ScanSummary):
    """A ``calls scan`` run's summary: the ``scan`` summary, counting calls."""

    def render(self, top: int = 10) -> str:
        """The summary as a person reads it on stderr."""
        first, _, rest = super().render(top).partition("\n")
        return first.replace(" messages, ", " calls, ", 1) + "\n" + rest


def scan_calls(
    engine: CallEngine,
    records: Iterable[CallRecord],
    output: CallSink,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[ScanSummary], None] | None = None,
    checkpoint: Callable[[int, bytes], None] | None = None,
) -> CallScanSummary:
    """Score every call record and write one output line per record, in input order.

    Args:
        engine: the call engine to score with.
        records: input records, as ``voice.codec.read_calls_jsonl``/``read_calls_csv`` yield.
        output: where JSON Lines go.
        batch_size: calls per engine batch.
        progress: called after each batch with the running summary.
        checkpoint: called with each batch's last line number and output lines after the batch
            is scored and before its lines are written (``calls scan --state`` commits its
            progress, as ``scan`` does).

    Returns:
        The run's summary.
    """
    started = time.perf_counter()
    actions: Counter[Action] = Counter()
    symbols: Counter[str] = Counter()
    summary = CallScanSummary()
    iterator = iter(records)
    while chunk := list(islice(iterator, batch_size)):
        items = [item for _, item in chunk]
        calls = [item for item in items if type(item) is Call]
        verdicts = engine.score_batch(calls) if calls else []
        ordered = iter(verdicts)
        out: list[Verdict | ErrorRecord] = [
            item if isinstance(item, ErrorRecord) else next(ordered) for item in items
        ]
        summary.errors += len(items) - len(verdicts)
        actions.update(verdict.action for verdict in verdicts)
        symbols.update(reason.symbol for verdict in verdicts for reason in verdict.reasons)
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

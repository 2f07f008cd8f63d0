"""Prometheus metrics, in a registry per app so several apps (tests) never share counters.

======================================  =========  ==========================================
metric                                  type       labels
======================================  =========  ==========================================
``clearline_verdicts_total``            counter    ``action``: verdicts scored (not repeats)
``clearline_verdict_symbols_total``     counter    ``symbol``: times each symbol fired
``clearline_check_errors_total``        counter    messages refused in place (bad input)
``clearline_check_repeats_total``       counter    messages answered from the audit (same id)
``clearline_check_seconds``             histogram  whole ``POST /v1/check`` request latency
``clearline_check_batch_messages``      histogram  messages per ``POST /v1/check``
======================================  =========  ==========================================
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from clearline.model import Verdict

# Single messages take well under 10 ms; batches of 1,000 take tens of milliseconds.
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


class ServiceMetrics:
    """The service's collectors and the registry that renders them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.verdicts = Counter(
            "clearline_verdicts", "Verdicts scored, by action.", ["action"], registry=self.registry
        )
        self.symbols = Counter(
            "clearline_verdict_symbols",
            "Symbols that fired on scored verdicts.",
            ["symbol"],
            registry=self.registry,
        )
        self.errors = Counter(
            "clearline_check_errors",
            "Messages refused in place by POST /v1/check (invalid input).",
            registry=self.registry,
        )
        self.repeats = Counter(
            "clearline_check_repeats",
            "Messages answered with their stored verdict (id already checked).",
            registry=self.registry,
        )
        self.latency = Histogram(
            "clearline_check_seconds",
            "POST /v1/check latency, from the request to the response body.",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.batch = Histogram(
            "clearline_check_batch_messages",
            "Messages per POST /v1/check.",
            buckets=_BATCH_BUCKETS,
            registry=self.registry,
        )

    def observe_verdicts(self, verdicts: Iterable[Verdict]) -> None:
        """Count newly scored verdicts by action and symbol (tallied first: few label lookups)."""
        actions: Tally[str] = Tally()
        symbols: Tally[str] = Tally()
        for verdict in verdicts:
            actions[verdict.action.value] += 1
            symbols.update(reason.symbol for reason in verdict.reasons)
        for action, count in actions.items():
            self.verdicts.labels(action).inc(count)
        for symbol, count in symbols.items():
            self.symbols.labels(symbol).inc(count)

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)

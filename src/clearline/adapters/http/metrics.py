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
``clearline_rate_limited_total``        counter    ``limit``: requests refused with 429 (the key's
                                                   role, or ``auth_failures`` for an IP)
``clearline_disputes``                  gauge      ``status``: disputes in each status
``clearline_dispute_oldest_open_seconds``  gauge   age of the oldest unresolved dispute
``clearline_disputes_overdue``          gauge      ``deadline``: ``status`` / ``resolution``
======================================  =========  ==========================================

The dispute gauges are read from the database when ``/metrics`` is scraped.
"""

from __future__ import annotations

import time
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from clearline.model import Verdict
from clearline.redress.disputes import QueueFigures

# Single messages take well under 10 ms; batches of 1,000 take tens of milliseconds.
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


class DisputeQueueCollector(Collector):
    """Dispute queue gauges, computed at scrape time by ``read_queue(now)``."""

    def __init__(self, read_queue: Callable[[float], QueueFigures]) -> None:
        self._read_queue = read_queue

    def collect(self) -> Iterator[Metric]:
        figures = self._read_queue(time.time())
        by_status = GaugeMetricFamily(
            "clearline_disputes", "Disputes by status.", labels=["status"]
        )
        for status in ("open", "in_review", "upheld", "rejected"):
            by_status.add_metric([status], figures.by_status.get(status, 0))
        yield by_status
        yield GaugeMetricFamily(
            "clearline_dispute_oldest_open_seconds",
            "Age of the oldest dispute not yet resolved (0 when none).",
            value=figures.oldest_unresolved_seconds,
        )
        overdue = GaugeMetricFamily(
            "clearline_disputes_overdue",
            "Unresolved disputes past a deadline (status update: 24 h; resolution: the target).",
            labels=["deadline"],
        )
        overdue.add_metric(["status"], figures.status_overdue)
        overdue.add_metric(["resolution"], figures.resolution_overdue)
        yield overdue


class ServiceMetrics:
    """The service's collectors and the registry that renders them.

    Args:
        read_queue: reads the dispute queue's figures (omitted: no dispute gauges).
    """

    def __init__(self, read_queue: Callable[[float], QueueFigures] | None = None) -> None:
        self.registry = CollectorRegistry()
        if read_queue is not None:
            self.registry.register(DisputeQueueCollector(read_queue))
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
        self.rate_limited = Counter(
            "clearline_rate_limited",
            "Requests refused with 429: by the key's role, or auth_failures for a client IP.",
            labelnames=["limit"],
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

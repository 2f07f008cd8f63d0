"""Rate limits: requests per API key by role, and failed authentications per client IP.

Token buckets (a burst, refilled at a steady rate) in memory, one limiter per kind, each
tracking at most ``rate_limit_tracked`` keys or IPs: the least recently seen one is forgotten
first (it starts again with a full bucket), so memory stays bounded whatever a client sends.
A refused request is 429 ``rate_limited`` with ``Retry-After`` (whole seconds until a token),
counted in ``clearline_rate_limited_total{limit}``.

Both ``POST /v1/check`` paths (FastAPI's route and ``fast_check``) and every other endpoint
come here through ``deps.verify_key_of``, so the limits are the same whichever way a request
is served. Limits are per process.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable

from prometheus_client import Counter

from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.settings import ServiceSettings
from clearline.storage.keys import Principal, Role

#: A clock that only goes forward, in seconds (``time.monotonic``; tests pass their own).
Clock = Callable[[], float]


class TokenBuckets:
    """A token bucket per name (an API key id, a client IP), the least recently used forgotten
    beyond ``max_tracked``.

    Args:
        per_minute: tokens added per minute (above 0).
        burst: the most tokens a bucket holds (a new name starts full).
        max_tracked: the most names remembered at once.
        clock: seconds on a monotonic clock.
    """

    def __init__(self, per_minute: float, burst: int, max_tracked: int, clock: Clock) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_tracked = max_tracked
        self.clock = clock
        # name -> (tokens, when they were counted); the end of the order is the most recent.
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _tokens(self, name: str, now: float) -> float:
        found = self._buckets.get(name)
        if found is None:
            return self.burst
        tokens, counted_at = found
        return min(self.burst, tokens + max(0.0, now - counted_at) * self.rate)

    def _store(self, name: str, tokens: float, now: float) -> None:
        self._buckets[name] = (tokens, now)
        self._buckets.move_to_end(name)
        while len(self._buckets) > self.max_tracked:
            self._buckets.popitem(last=False)

    def wait(self, name: str) -> float:
        """Seconds until ``name`` has a token (0.0: it has one now); takes nothing."""
        tokens = self._tokens(name, self.clock())
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def take(self, name: str) -> float:
        """Take a token of ``name``'s bucket: 0.0 when one was there, else the seconds until
        there is one (nothing is taken)."""
        now = self.clock()
        tokens = self._tokens(name, now)
        if tokens < 1.0:
            self._store(name, tokens, now)
            return (1.0 - tokens) / self.rate
        self._store(name, tokens - 1.0, now)
        return 0.0

    def __len__(self) -> int:
        return len(self._buckets)


def _refusal(wait: float, message: str) -> ApiError:
    seconds = max(1, math.ceil(wait))
    return ApiError(
        429,
        "rate_limited",
        f"{message}; retry in {seconds} s",
        {"Retry-After": str(seconds)},
    )


class RateLimits:
    """The service's limits, from its settings (a rate of 0 turns that limit off).

    Args:
        settings: the ``rate_limit_*`` and ``auth_failures_*`` fields.
        refused: the counter of refused requests, labelled by ``limit``.
        clock: seconds on a monotonic clock.
    """

    def __init__(self, settings: ServiceSettings, refused: Counter, clock: Clock) -> None:
        tracked = settings.rate_limit_tracked

        def buckets(per_minute: float, burst: int) -> TokenBuckets | None:
            return TokenBuckets(per_minute, burst, tracked, clock) if per_minute > 0 else None

        self.by_role: dict[Role, TokenBuckets | None] = {
            Role.OPERATOR: buckets(
                settings.rate_limit_operator_per_minute, settings.rate_limit_operator_burst
            ),
            Role.SENDER: buckets(
                settings.rate_limit_sender_per_minute, settings.rate_limit_sender_burst
            ),
            Role.SUBSCRIBER: buckets(
                settings.rate_limit_subscriber_per_minute, settings.rate_limit_subscriber_burst
            ),
        }
        self.auth_failures = buckets(
            settings.auth_failures_per_minute, settings.auth_failures_burst
        )
        self.refused = refused

    def admit_key(self, principal: Principal) -> None:
        """Count one request of ``principal``'s key.

        Raises:
            ApiError: 429 when the key has used its requests for now.
        """
        buckets = self.by_role[principal.role]
        if buckets is None:
            return
        wait = buckets.take(principal.key_id)
        if wait > 0:
            self.refused.labels(principal.role.value).inc()
            raise _refusal(wait, f"too many requests with this {principal.role.value} key")

    def admit_unverified(self, ip: str) -> None:
        """Before a key is looked up: refuse an IP that has used its failed authentications.

        Raises:
            ApiError: 429 while ``ip`` has no failed authentication left.
        """
        if self.auth_failures is None:
            return
        wait = self.auth_failures.wait(ip)
        if wait > 0:
            self.refused.labels("auth_failures").inc()
            raise _refusal(wait, "too many failed authentications from this address")

    def note_failure(self, ip: str) -> None:
        """Count a failed authentication (missing, unknown or revoked key) from ``ip``."""
        if self.auth_failures is not None:
            self.auth_failures.take(ip)

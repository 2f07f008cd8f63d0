"""Keys verified recently, kept in memory so a busy client is not a database read per request.

Entries are keyed by the SHA-256 of the key (the raw key is not kept) and live
``KEY_CACHE_SECONDS`` (``CLEARLINE_KEY_CACHE_SECONDS``): a revoked key stops working within that
time on every process (``serve --workers N``, several ``serve`` on one database); with 0 nothing is
cached. Unknown keys are never cached, so a key created a moment ago works at once.
"""

from __future__ import annotations

import hashlib
import time

from clearline.storage.keys import Principal

#: How long a verified key is trusted without asking the database again.
KEY_CACHE_SECONDS = 30.0
_MAX_ENTRIES = 10_000


class VerifiedKeyCache:
    """Key digest -> (principal, expiry on the monotonic clock)."""

    def __init__(self, ttl: float = KEY_CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._entries: dict[bytes, tuple[Principal, float]] = {}

    @staticmethod
    def _digest(key: str) -> bytes:
        return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()

    def get(self, key: str) -> Principal | None:
        """The principal of a key verified less than ``ttl`` seconds ago."""
        entry = self._entries.get(self._digest(key))
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, key: str, principal: Principal) -> None:
        """Remember a verified key (for ``ttl`` seconds; not at all when it is 0)."""
        if self.ttl <= 0:
            return
        if len(self._entries) >= _MAX_ENTRIES:
            now = time.monotonic()
            self._entries = {d: e for d, e in self._entries.items() if e[1] >= now}
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
        self._entries[self._digest(key)] = (principal, time.monotonic() + self.ttl)

    def clear(self) -> None:
        """Forget every key (after a revocation through this process)."""
        self._entries.clear()

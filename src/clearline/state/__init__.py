"""State that signals keep between messages (windows, ledgers), behind one small interface.

``StateStore`` hands out named ``Table``s of typed values (``msgspec.Struct``s). Signals fetch the
keys a whole batch needs at once (``get_many``), update them in arrival order, and write back
(``put_many``); the engine calls ``commit()`` once per batch *before* it returns that batch's
verdicts, so whatever a verdict depends on is durable first, and ``rollback()`` when a signal that
fails closed raised, so nothing of a batch that got no verdicts stays.

Backends:
    ``MemoryStateStore``  the embedded default; values live as Python objects.
    ``SqliteStateStore``  ``--state PATH``; a write-back cache over one SQLite file.
    ``RedisStateStore``   ``--state-url redis://HOST:PORT/DB``; one state shared by many workers
                          (``clearline.state.redis_store``).

A shared store's ``commit`` may raise ``StateConflictError`` (another worker changed a value the
batch wrote since it was read, and the table has no ``merge`` to combine the two changes: the
store rolled back, and the engine scores the batch again) or
``StateUnavailableError`` (the server does not answer: nothing of the batch was kept).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Protocol, TypeAlias, TypeVar

V = TypeVar("V")

#: How a window table combines two workers' concurrent changes to one key (``table(merge=...)``):
#: ``merge(base, mine, theirs)`` takes the value this worker read (``None``: missing), the value
#: it wrote, and the value another worker committed meanwhile, and returns the value that counts
#: both (theirs plus what this worker added to base). Only a shared store calls it.
Merge: TypeAlias = Callable[[V | None, V, V], V]

__all__ = [
    "Merge",
    "StateConflictError",
    "StateStore",
    "StateUnavailableError",
    "Table",
    "open_state",
    "open_state_url",
]


class StateUnavailableError(RuntimeError):
    """A shared state store (Redis) does not answer: nothing of the batch was kept, retry later.
    The message names the store and says so."""


class StateConflictError(StateUnavailableError):
    """Another worker changed a value this batch wrote after the batch read it; the store rolled
    the batch back, and scoring it again on the fresh values succeeds."""


class Table(Protocol[V]):
    """Keyed values of one type, each stamped with the event time it was last written."""

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        """Return the stored values for those of ``keys`` that exist."""
        ...

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        """Store (or replace) values, stamping them with event time ``ts``."""
        ...

    def delete_many(self, keys: Collection[str]) -> None:
        """Forget these keys (missing ones are ignored)."""
        ...

    def expire(self, before: float) -> int:
        """Forget every value last written before event time ``before``; return how many."""
        ...

    def __len__(self) -> int: ...


class StateStore(Protocol):
    """A set of named tables that commit together."""

    def table(
        self,
        name: str,
        value_type: type[V],
        *,
        window: bool = False,
        merge: Merge[V] | None = None,
    ) -> Table[V]:
        """The table called ``name`` holding values of ``value_type`` (created if missing).

        ``window=True`` marks hot sliding-window state (counters, recent times, clusters) that
        the analytics rebuild from traffic on their own: a store may checkpoint such a table
        every few seconds instead of at every commit. Ledgers that must last (opt-outs,
        consent, registry, preferences) are never windows.

        ``merge`` (window tables) lets a shared store combine a key another worker changed
        meanwhile with this batch's change, instead of refusing the batch with
        ``StateConflictError``; stores with a single writer ignore it.
        """
        ...

    def commit(self) -> None:
        """Make every write so far durable (a no-op in memory); window tables may lag by up to
        the store's checkpoint interval."""
        ...

    def rollback(self) -> None:
        """Undo every write since the last commit: each table reads as it did then."""
        ...

    def close(self) -> None:
        """Commit and release resources."""
        ...


def open_state(path: str | None, *, read_only: bool = False) -> StateStore:
    """Open the state store for ``--state PATH``: SQLite at ``path``, memory when ``None``.

    Args:
        path: the state file, or ``None`` for an in-memory store.
        read_only: for commands that only read: the file must exist, and nothing is written to
            it (see ``SqliteStateStore``).

    Raises:
        clearline.state.sqlite.StateFileError: the file is missing (``read_only``),
            unreadable, or a service database or another application's file.
    """
    if path is None:
        from clearline.state.memory import MemoryStateStore

        return MemoryStateStore()
    from clearline.state.sqlite import SqliteStateStore

    return SqliteStateStore(path, read_only=read_only)


def open_state_url(url: str) -> StateStore:
    """Open the shared state store for ``--state-url URL`` (``redis://HOST:PORT/DB``).

    Raises:
        ValueError: the URL is not a Redis URL, or the Redis client is not installed.
        StateUnavailableError: the server does not answer.
    """
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(
            f"--state-url takes a Redis URL (redis://HOST:PORT/DB), got {url!r}; for a state "
            "file use --state PATH"
        )
    try:
        from clearline.state.redis_store import RedisStateStore
    except ImportError as exc:  # the optional scale extra is not installed
        raise ValueError(
            f"--state-url needs the Redis client ({exc.name} is not installed): "
            "pip install 'clearline[scale]' (pinned: requirements-scale.lock)"
        ) from None
    return RedisStateStore(url)

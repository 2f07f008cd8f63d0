"""What a signal is: a plug-in that declares its symbols and finds them in a batch of messages.

A signal never decides an action and never does network I/O per message; it appends ``Hit``s to
the per-message lists it is given. State it keeps across batches goes through the ``StateStore``
it is built with, so the same signal runs in memory, on SQLite, or on a server backend.

To add a signal: write a class with the attributes and methods of ``Signal``, give each symbol a
score in the policy TOML, and register the class, either in ``clearline.signals.BUILTIN`` or
from another package through the ``clearline.signals`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar, Protocol

from clearline.model import Hit, Message, SymbolSpec
from clearline.state import StateStore


class Batch:
    """Messages in arrival order, with columns that several signals need computed once.

    Attributes:
        messages: the batch, in arrival order.
        clusters: the campaign cluster each message was grouped into (set by the campaigns
            signal; the engine copies it into the verdict).
        columns: per-message facts one signal computes and a later one reads, by name (e.g. the
            behaviour signal's ``first_contact``); a reader must tolerate a missing column, since
            the signal that writes it may be disabled.
    """

    __slots__ = ("__dict__", "clusters", "columns", "messages")

    def __init__(self, messages: Sequence[Message]) -> None:
        self.messages = messages
        self.clusters: list[str | None] = [None] * len(messages)
        self.columns: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self.messages)

    @cached_property
    def epochs(self) -> list[float]:
        """Each message's event time as seconds since the Unix epoch (never the wall clock)."""
        return [m.ts.timestamp() for m in self.messages]


class Signal(Protocol):
    """A family of checks.

    Attributes:
        name: lower_snake name, also the key of its ``[signals.<name>]`` settings table.
        symbols: every symbol it can emit.

    A signal may also set ``fails_closed: ClassVar[bool] = True`` (see ``fails_closed``): when
    its ``check`` raises, the engine scores none of the batch rather than give verdicts that
    ignore it.
    """

    name: ClassVar[str]
    symbols: ClassVar[tuple[SymbolSpec, ...]]

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        """Append hits for ``batch.messages[i]`` to ``hits[i]``, looking at messages in order."""
        ...


class SignalType(Protocol):
    """A signal class: its name and symbols are known before it is built."""

    name: str
    symbols: tuple[SymbolSpec, ...]

    def __call__(self, settings: Mapping[str, Any], state: StateStore) -> Signal:
        """Build the signal from its ``[signals.<name>]`` settings and the shared state store."""
        ...


def fails_closed(signal: Signal | SignalType) -> bool:
    """Whether a failure of ``signal`` must stop its batch (the law is at stake: opt-outs,
    operator number lists, a subscriber's block list) instead of leaving its checks out of the
    verdicts (``SIGNAL_FAILED``). A class attribute, ``False`` when absent; ``[signals.<name>]
    on_error = "open" | "closed"`` in the policy overrides it."""
    return bool(getattr(signal, "fails_closed", False))


class SignalConfigError(ValueError):
    """A signal's settings are wrong; the message names the setting."""


def setting(params: Mapping[str, Any], key: str, kind: type, default: Any) -> Any:
    """Read one setting of a signal's TOML table with a type check and a clear error."""
    value = params.get(key, default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SignalConfigError(f"setting `{key}` must be {kind.__name__}, got {value!r}")
    return value

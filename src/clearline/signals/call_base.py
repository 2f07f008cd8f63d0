"""What a call signal is: the call twin of ``signals.base`` (a batch of calls, the signal protocol).

Call signals run in the call engine (``clearline.voice.engine``), never over texts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from clearline.model import Call, Hit, SymbolSpec
from clearline.state import StateStore
from clearline.voice.numbers import e164_digits

if TYPE_CHECKING:
    from clearline.voice.passport import ShakenVerifier

__all__ = ["CallBatch", "CallSignal", "CallSignalType", "VoiceContext"]


class CallBatch:
    """Calls in arrival order, with per-call facts one signal computes and a later one reads."""

    __slots__ = ("__dict__", "calls", "columns")

    def __init__(self, calls: Sequence[Call]) -> None:
        self.calls = calls
        self.columns: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self.calls)

    @cached_property
    def epochs(self) -> list[float]:
        """Each call's event time as seconds since the Unix epoch (never the wall clock)."""
        return [c.ts.timestamp() for c in self.calls]

    @cached_property
    def caller_digits(self) -> list[str]:
        """Each call's From as E.164 digits (``e164_digits``), computed once for every signal."""
        return [e164_digits(c.caller) for c in self.calls]

    @cached_property
    def callee_digits(self) -> list[str]:
        """Each call's To as E.164 digits (``e164_digits``), computed once for every signal."""
        return [e164_digits(c.to) for c in self.calls]


@dataclass(frozen=True)
class VoiceContext:
    """What call signals need beyond their TOML settings and the state store.

    Attributes:
        verifier: the STIR/SHAKEN verifier (trust store and certificate cache); ``None`` when
            no verification is configured, in which case every signed call is invalid
            (``untrusted chain``): nothing is trusted by default.
    """

    verifier: ShakenVerifier | None = None


class CallSignal(Protocol):
    """A family of checks on calls (the call twin of ``signals.base.Signal``)."""

    name: ClassVar[str]
    symbols: ClassVar[tuple[SymbolSpec, ...]]

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        """Append hits for ``batch.calls[i]`` to ``hits[i]``, looking at calls in order."""
        ...


class CallSignalType(Protocol):
    """A call signal class."""

    name: str
    symbols: tuple[SymbolSpec, ...]

    def __call__(
        self, settings: Mapping[str, Any], state: StateStore, context: VoiceContext
    ) -> CallSignal:
        """Build the signal from its ``[signals.<name>]`` settings, the state and the context."""
        ...

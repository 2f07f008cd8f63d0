"""Signals: plug-in families of checks, each declaring the symbols it can emit.

Built-in signals are listed in ``BUILTIN``; other packages add theirs through the
``clearline.signals`` entry-point group (the entry point names a class shaped like ``SignalType``).
"""

from __future__ import annotations

from importlib.metadata import entry_points

from clearline.signals.base import Batch, Signal, SignalConfigError, SignalType
from clearline.signals.body import BodySignal
from clearline.signals.flood import FloodGuardSignal
from clearline.signals.numbers import NumberValiditySignal

__all__ = [
    "BUILTIN",
    "Batch",
    "Signal",
    "SignalConfigError",
    "SignalType",
    "available_signals",
]

#: Built-in signals in the order the engine runs them.
BUILTIN: tuple[SignalType, ...] = (BodySignal, NumberValiditySignal, FloodGuardSignal)


def available_signals() -> dict[str, SignalType]:
    """Every known signal class by name: the built-ins, then those from installed plug-ins."""
    found: dict[str, SignalType] = {cls.name: cls for cls in BUILTIN}
    for entry in entry_points(group="clearline.signals"):
        cls = entry.load()
        found.setdefault(cls.name, cls)
    return found

"""Signals: plug-in families of checks, each declaring the symbols it can emit.

Built-in signals are listed in ``BUILTIN``; other packages add theirs through the
``clearline.signals`` entry-point group (the entry point names a class shaped like ``SignalType``).
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from clearline.signals.base import Batch, Signal, SignalConfigError, SignalType

if TYPE_CHECKING:
    BUILTIN: tuple[SignalType, ...]

__all__ = [
    "BUILTIN",
    "Batch",
    "Signal",
    "SignalConfigError",
    "SignalType",
    "available_signals",
]


@cache
def _builtin() -> tuple[SignalType, ...]:
    """Built-in signals in the order the engine runs them. Order matters where one signal reads
    another's ``batch.columns``: behaviour (first contact, who opened an exchange, registration)
    runs before the opt-out ledger and the campaigns signal; the opt-out ledger runs before the A2P
    rules, which skip what it decided. The content signals share one per-batch analysis.

    Imported on first use of ``BUILTIN``: the content analysis imports ``signals.base`` and
    ``signals.categories``, and the content signal imports the content analysis, so importing
    the signals here would make ``import clearline.content.classifier`` (before anything else) a
    circular import.
    """
    from clearline.signals.a2p import A2PComplianceSignal
    from clearline.signals.behaviour import BehaviourSignal
    from clearline.signals.body import BodySignal
    from clearline.signals.campaigns import CampaignSignal
    from clearline.signals.content import ContentClassifierSignal
    from clearline.signals.flood import FloodGuardSignal
    from clearline.signals.links import LinkSignal
    from clearline.signals.lures import LureSignal
    from clearline.signals.number_lists import NumberListSignal
    from clearline.signals.numbers import NumberValiditySignal
    from clearline.signals.optout import OptOutSignal
    from clearline.signals.preferences import SubscriberPreferenceSignal
    from clearline.signals.restricted import RestrictedCategorySignal

    return (
        BodySignal,
        NumberValiditySignal,
        FloodGuardSignal,
        BehaviourSignal,
        OptOutSignal,
        A2PComplianceSignal,
        NumberListSignal,
        CampaignSignal,
        LinkSignal,
        LureSignal,
        RestrictedCategorySignal,
        ContentClassifierSignal,
        SubscriberPreferenceSignal,
    )


def __getattr__(name: str) -> Any:
    """``BUILTIN``: the built-in signals, imported on first use (see ``_builtin``)."""
    if name != "BUILTIN":
        raise AttributeError(f"module 'clearline.signals' has no attribute {name!r}")
    builtin = globals()["BUILTIN"] = _builtin()
    return builtin


def available_signals() -> dict[str, SignalType]:
    """Every known signal class by name: the built-ins, then those from installed plug-ins."""
    found: dict[str, SignalType] = {cls.name: cls for cls in _builtin()}
    for entry in entry_points(group="clearline.signals"):
        cls = entry.load()
        found.setdefault(cls.name, cls)
    return found

"""Voice signals: checks on calls, run by the call engine (``clearline.voice.engine``).

Calls go through their own pipeline of signals over the same policy as texts, so a text batch never
pays for a voice check and a call never pays for a content model. A call signal has the shape of a
text signal (a name, declared symbols, ``check`` appending hits) but reads a ``CallBatch``.

- ``emergency``: calls to 911/933/112 (and from an operator's list of PSAP/critical numbers) get
  ``EMERGENCY_CALL``, which the policy forces to deliver at the highest priority, whatever else.
- ``shaken``: the STIR/SHAKEN verification of the call's Identity header (``SHAKEN_A/B/C``,
  ``SHAKEN_INVALID`` weighted by its reason, ``SHAKEN_ABSENT``).
- ``call_behaviour`` (``call_behaviour.py``): how each calling number dials, on event time.
- ``call_prefixes`` (``call_prefixes.py``): the same rates per calling prefix (NPA-NXX), so a
  dialler rotating through one number block is judged as one.
- ``call_campaigns`` (``call_campaigns.py``): one dialling pattern (a run of callee numbers, a
  list) continued from number to number, clustered and judged as one.
- ``caller_lists`` (``caller_lists.py``): complaints, do-not-originate, unallocated and invalid
  callers, from the operator's number lists.
- ``call_preferences`` (``call_preferences.py``): the callee's mode, lists and opt-out of default
  blocking, as subscribers keep them for texts.

This module stays light (no cryptography import): the text engine reads these declarations so
that one policy file can score both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from clearline.model import Hit, SymbolSpec
from clearline.signals.base import SignalConfigError, setting
from clearline.signals.call_base import CallBatch, CallSignal, CallSignalType, VoiceContext
from clearline.signals.call_behaviour import CallBehaviourSignal
from clearline.signals.call_campaigns import CallCampaignSignal
from clearline.signals.call_preferences import CallPreferenceSignal
from clearline.signals.call_prefixes import CallPrefixSignal
from clearline.signals.caller_lists import CallerListSignal
from clearline.state import StateStore
from clearline.voice.numbers import e164_digits

__all__ = [
    "CALL_SIGNALS",
    "CallBatch",
    "CallBehaviourSignal",
    "CallCampaignSignal",
    "CallPreferenceSignal",
    "CallPrefixSignal",
    "CallSignal",
    "CallSignalType",
    "CallerListSignal",
    "EmergencyCallSignal",
    "ShakenSignal",
    "VoiceContext",
]


def _numbers(params: Mapping[str, Any], key: str, default: Sequence[str]) -> frozenset[str]:
    values = setting(params, key, list, list(default))
    if not all(isinstance(v, str) and v for v in values):
        raise SignalConfigError(f"setting `{key}` must be a list of numbers as strings")
    return frozenset(values)


class EmergencyCallSignal:
    """Emergency calls are always delivered: calls to 911, 933 (the 911 test line), 112, and calls
    from the operator's PSAP and critical numbers (callbacks from emergency services)."""

    name: ClassVar[str] = "emergency"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "EMERGENCY_CALL",
            "An emergency call (to 911, 933 or 112, or from a PSAP or critical number): always "
            "delivered, whatever the score, the subscriber's mode or the other checks.",
            "Nothing to do: emergency calls are never blocked or labelled.",
        ),
    )

    def __init__(
        self, settings: Mapping[str, Any], state: StateStore, context: VoiceContext
    ) -> None:
        """Read ``emergency_numbers`` (called) and ``critical_callers`` (calling) from TOML."""
        self.emergency_numbers = _numbers(settings, "emergency_numbers", ("911", "933", "112"))
        self.critical_callers = frozenset(
            e164_digits(n) for n in _numbers(settings, "critical_callers", ())
        )

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        """Mark calls to an emergency number or from a critical caller."""
        emergency = self.emergency_numbers
        critical = self.critical_callers
        for call, call_hits in zip(batch.calls, hits, strict=True):
            if call.to in emergency:
                call_hits.append(Hit("EMERGENCY_CALL", f"a call to {call.to}"))
            elif critical and e164_digits(call.caller) in critical:
                call_hits.append(
                    Hit("EMERGENCY_CALL", f"{call.caller} is on the PSAP/critical numbers list")
                )


#: ``[signals.shaken.failure_weights]`` keys: ``ShakenFailure`` values with underscores.
_FAILURE_KEYS = (
    "bad_signature",
    "stale",
    "number_mismatch",
    "untrusted_chain",
    "unknown_cert",
    "malformed",
)


class ShakenSignal:
    """STIR/SHAKEN: the attestation the verified PASSporT gives, or why it does not verify.

    The caller checked against ``orig.tn`` is the P-Asserted-Identity when the call has one (the
    network-asserted identity the originating carrier signs), else From.
    """

    name: ClassVar[str] = "shaken"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "SHAKEN_A",
            "STIR/SHAKEN full attestation: the signing carrier knows the caller and that it may "
            "use this number (verstat TN-Validation-Passed). Lowers the score; never an "
            "allowlist.",
            "Nothing to do.",
        ),
        SymbolSpec(
            "SHAKEN_B",
            "STIR/SHAKEN partial attestation: the carrier knows the caller but not that it may "
            "use this number (verstat TN-Validation-Passed).",
            "Callers: ask your carrier for A attestation of numbers you are assigned.",
        ),
        SymbolSpec(
            "SHAKEN_C",
            "STIR/SHAKEN gateway attestation: the carrier only passed the call on "
            "(verstat TN-Validation-Passed).",
            "Callers: originate through a carrier that can attest your numbers.",
        ),
        SymbolSpec(
            "SHAKEN_INVALID",
            "The call's STIR/SHAKEN signature did not verify (verstat TN-Validation-Failed); "
            "the detail gives the reason: bad signature, stale, number mismatch, untrusted "
            "chain, unknown cert or malformed.",
            "Callers: ask your carrier why its PASSporT fails. Operators: for `unknown cert`, "
            "add the x5u certificate to the cache (clearline certs add).",
        ),
        SymbolSpec(
            "SHAKEN_ABSENT",
            "The call carries no STIR/SHAKEN Identity header (verstat No-TN-Validation).",
            "Callers: originate through a carrier that signs calls.",
        ),
    )

    def __init__(
        self, settings: Mapping[str, Any], state: StateStore, context: VoiceContext
    ) -> None:
        """Read ``[signals.shaken.failure_weights]`` and take the verifier from the context."""
        weights = setting(settings, "failure_weights", dict, {})
        unknown = sorted(set(weights) - set(_FAILURE_KEYS))
        if unknown:
            raise SignalConfigError(
                f"failure_weights: unknown reason {unknown[0]!r}; the reasons are "
                f"{', '.join(_FAILURE_KEYS)}"
            )
        self.failure_weights = {
            key.replace("_", " "): setting(weights, key, float, 1.0) for key in _FAILURE_KEYS
        }
        self.verifier = context.verifier

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        """Verify each call's Identity header and append the attestation symbol."""
        verifier = self.verifier
        weights = self.failure_weights
        for call, call_hits in zip(batch.calls, hits, strict=True):
            if not call.identity:
                call_hits.append(
                    Hit("SHAKEN_ABSENT", "no Identity header; verstat No-TN-Validation")
                )
                continue
            if verifier is None:
                call_hits.append(
                    Hit(
                        "SHAKEN_INVALID",
                        "untrusted chain: no trust store or certificate cache configured; "
                        "verstat TN-Validation-Failed",
                        weights["untrusted chain"],
                    )
                )
                continue
            caller = call.pai or call.caller
            result = verifier.verify(call.identity, caller, call.to, call.ts)
            detail = f"{result.detail}; verstat {result.verstat.value}"
            weight = weights[result.failure.value] if result.failure is not None else 1.0
            call_hits.append(Hit(result.symbol, detail, weight))


#: The call signals in the order the call engine runs them.
CALL_SIGNALS: tuple[CallSignalType, ...] = (
    EmergencyCallSignal,
    ShakenSignal,
    CallBehaviourSignal,
    CallPrefixSignal,
    CallCampaignSignal,
    CallerListSignal,
    CallPreferenceSignal,
)

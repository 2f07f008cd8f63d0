"""The call engine: runs the call signals over a batch of calls in arrival order, then the policy.

It is the text engine's twin for calls (``clearline.engine``), over the same policy files and the
same verdict format, with its own pipeline of signals (``clearline.signals.voice``), so texts
never pay for voice checks and calls never pay for the content model. Like the text engine it does
no network I/O and never reads the wall clock: time is each call's ``ts``.

With a shared state store (``--state-url``), a batch that another worker's commit overlapped
(``StateConflictError``) is rolled back and scored again on that worker's values, as the text
engine does, so neither worker's counts are lost.

A signal that raises is reported on every call of the batch as ``SIGNAL_FAILED`` (scored 0) and
the rest of the batch is scored: for calls that is fail-open on purpose, since an emergency call
must ring whatever breaks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from clearline.closing import ClosesOnExit
from clearline.engine import ENGINE_SYMBOLS, MAX_CONFLICT_RETRIES, roll_back_refused
from clearline.model import Call, Hit, SymbolSpec, Verdict, is_symbol_name
from clearline.policy import ConfigError, Policy, PolicyConfig, load_config
from clearline.policy.config import shipped_names
from clearline.signals import SignalConfigError, available_signals
from clearline.signals.voice import CALL_SIGNALS, CallBatch, CallSignal, VoiceContext
from clearline.state import StateConflictError, StateStore, StateUnavailableError, open_state

log = logging.getLogger(__name__)

__all__ = ["CallEngine"]


class CallEngine(ClosesOnExit):
    """Scores calls into explainable verdicts.

    Example:
        >>> engine = CallEngine(context=VoiceContext(ShakenVerifier(trust, cache)))
        >>> verdicts = engine.score_batch(calls)
    """

    def __init__(
        self,
        config: PolicyConfig | None = None,
        state: StateStore | None = None,
        context: VoiceContext | None = None,
        signals: Sequence[CallSignal] | None = None,
    ) -> None:
        """Build a call engine.

        ``symbol_specs`` holds the symbols the call signals and the engine declare (and the text
        signals' too, when a local policy file named a symbol or signal the shipped files do not).

        Args:
            config: the policy; the shipped default when ``None``.
            state: where signals keep state; in memory when ``None``.
            context: the STIR/SHAKEN verifier; without one, nothing signed is trusted.
            signals: use exactly these call signals instead of the enabled ones from config.

        Raises:
            ConfigError: the configuration names unknown signals or symbols, or a signal's
                settings are invalid.
        """
        self.config = config if config is not None else load_config()
        self.state = state if state is not None else open_state(None)
        self.context = context if context is not None else VoiceContext()
        self.symbol_specs: dict[str, SymbolSpec] = {s.name: s for s in ENGINE_SYMBOLS}
        declarations = [cls.symbols for cls in CALL_SIGNALS]
        declarations += [signal.symbols for signal in signals or ()]
        for symbols in declarations:
            self.symbol_specs.update((spec.name, spec) for spec in symbols)
        known_names = {cls.name for cls in CALL_SIGNALS}
        # The policy is shared with texts, so it names the text signals and their symbols too.
        # Those the shipped files name are declared (``shipped_names``); the text signals, whose
        # imports (numpy, the content model, the link analysis) were most of a call command's
        # start-up, are imported only to check names a local policy file adds.
        shipped_symbols, shipped_signals = shipped_names()
        if (set(self.config.symbols) - self.symbol_specs.keys() - shipped_symbols) or (
            set(self.config.signals) - known_names - shipped_signals
        ):
            text_signals = available_signals()
            for cls in text_signals.values():
                self.symbol_specs.update((spec.name, spec) for spec in cls.symbols)
            known_names |= text_signals.keys()
        unknown_signals = sorted(set(self.config.signals) - known_names - shipped_signals)
        if unknown_signals:
            raise ConfigError(f"unknown signals in [signals]: {', '.join(unknown_signals)}")
        unknown_symbols = sorted(
            set(self.config.symbols) - self.symbol_specs.keys() - shipped_symbols
        )
        if unknown_symbols:
            raise ConfigError(f"no signal declares these symbols: {', '.join(unknown_symbols)}")
        self.signals: tuple[CallSignal, ...] = (
            tuple(signals) if signals is not None else tuple(self._build_signals())
        )
        declared = [spec for signal in self.signals for spec in signal.symbols]
        misnamed = sorted({spec.name for spec in declared if not is_symbol_name(spec.name)})
        if misnamed:
            raise ConfigError(f"symbols must be UPPER_SNAKE: {', '.join(misnamed)}")
        self.policy = Policy(self.config, [*declared, *ENGINE_SYMBOLS])

    def _build_signals(self) -> list[CallSignal]:
        built: list[CallSignal] = []
        for cls in CALL_SIGNALS:
            settings = dict(self.config.signals.get(cls.name, {}))
            if not settings.pop("enabled", True):
                continue
            try:
                built.append(cls(settings, self.state, self.context))
            except SignalConfigError as exc:
                raise ConfigError(f"[signals.{cls.name}]: {exc}") from exc
        return built

    def score_batch(self, calls: Sequence[Call]) -> list[Verdict]:
        """Score calls in arrival order; one verdict per call, in the same order.

        Raises:
            StateUnavailableError: a shared state store does not answer (or other workers kept
                changing the batch's keys); nothing of the batch was kept, and it has no verdicts.
        """
        for attempt in range(1, MAX_CONFLICT_RETRIES + 1):
            try:
                return self._score_once(calls)
            except StateConflictError:
                # Another worker wrote a key this batch wrote: undo the batch and score it again
                # on the values that worker committed (as ``Engine.score_batch`` does).
                self._roll_back()
                if attempt == MAX_CONFLICT_RETRIES:
                    raise
                log.info("state conflict on a batch of %d calls; scoring it again", len(calls))
        raise AssertionError("unreachable")

    def _roll_back(self) -> None:
        roll_back_refused(self.state)

    def _score_once(self, calls: Sequence[Call]) -> list[Verdict]:
        batch = CallBatch(calls)
        hits: list[list[Hit]] = [[] for _ in calls]
        for signal in self.signals:
            try:
                signal.check(batch, hits)
            except StateUnavailableError:  # the store is down, not the signal: refuse the batch
                self._roll_back()
                raise
            except Exception as exc:  # a broken signal must not lose the batch
                log.exception("call signal %s failed on a batch of %d", signal.name, len(calls))
                failure = Hit("SIGNAL_FAILED", f"{signal.name}: {type(exc).__name__}: {exc}")
                for call_hits in hits:
                    call_hits.append(failure)
        self.state.commit()
        decide = self.policy.decide
        return [decide(call.id, call_hits) for call, call_hits in zip(calls, hits, strict=True)]

    def score(self, call: Call) -> Verdict:
        """Score one call (the online path)."""
        return self.score_batch((call,))[0]

    def close(self) -> None:
        """Commit and close the state store."""
        self.state.close()

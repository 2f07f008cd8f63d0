"""The engine: runs the enabled signals over a batch in arrival order, then the policy.

It never does network I/O and never reads the wall clock: everything time-based uses each
message's ``ts``, so replaying a file gives the same verdicts. State is committed once per batch,
before the batch's verdicts are returned.

A signal that raises fails open (its checks are left out: ``SIGNAL_FAILED`` in every verdict of
the batch) or, for the signals that enforce the law (``fails_closed``, or ``[signals.<name>]
on_error = "closed"``), closed: the batch gets no verdicts, its state changes are rolled back,
and ``SignalFailedClosedError`` tells the adapter to answer a temporary failure.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import clearline.signals.voice as call_signals
from clearline.closing import ClosesOnExit
from clearline.model import Hit, Message, SymbolSpec, Verdict, is_symbol_name
from clearline.policy import ConfigError, Policy, PolicyConfig, load_config
from clearline.policy.config import signal_on_error, where_set
from clearline.signals import Batch, Signal, SignalConfigError, SignalType, available_signals
from clearline.signals.base import fails_closed
from clearline.state import StateConflictError, StateStore, StateUnavailableError, open_state

log = logging.getLogger(__name__)

#: How often a batch is scored again after a conflict on a shared state store before giving up.
MAX_CONFLICT_RETRIES = 8

#: Symbols the engine itself emits.
ENGINE_SYMBOLS = (
    SymbolSpec(
        "SIGNAL_FAILED",
        "A signal that fails open raised an error on this message's batch; its checks are "
        "missing from the verdict.",
        "Nothing for the sender to do; operators should look at the logs for the named signal.",
    ),
    SymbolSpec(
        "STATE_UNAVAILABLE",
        "The shared state store (Redis) did not answer: the message was scored without the "
        "sliding windows other workers share (flood, volume, campaigns), its opt-outs and "
        "other ledgers still checked and recorded.",
        "Nothing for the sender to do; operators should bring Redis back.",
    ),
)


class SignalFailedClosedError(RuntimeError):
    """A signal that fails closed raised: the batch has no verdicts and none of its state was
    kept. Adapters answer a temporary failure (SMPP ``ESME_RSYSERR``, HTTP 503, a ``scan``
    error line per message), so the sender retries rather than the message go out unchecked.

    Attributes:
        signal: the failed signal's name.
        cause: what it raised.
    """

    def __init__(self, signal: str, cause: BaseException) -> None:
        super().__init__(f"signal `{signal}` failed: {type(cause).__name__}: {cause}")
        self.signal = signal
        self.cause = cause


def roll_back_refused(state: StateStore) -> None:
    """Undo a refused batch's state changes (the text and call engines' common step)."""
    # The batch is refused whatever happens here; a store that cannot roll back (a lost
    # database connection) has dropped its caches and rolls back with its transaction.
    try:
        state.rollback()
    except Exception:
        log.exception("rolling back the state of a refused batch failed")


class Engine(ClosesOnExit):
    """Scores messages into explainable verdicts.

    Example:
        >>> from clearline import Engine
        >>> engine = Engine()
        >>> verdicts = engine.score_batch(messages)   # batch use, arrival order
        >>> verdict = engine.score(message)           # the online path: a batch of one
    """

    def __init__(
        self,
        config: PolicyConfig | None = None,
        state: StateStore | None = None,
        signals: Sequence[Signal] | None = None,
    ) -> None:
        """Build an engine.

        Args:
            config: the policy; the shipped default when ``None``.
            state: where signals keep state; in memory when ``None``.
            signals: use exactly these signals instead of building the enabled ones from config.

        Raises:
            ConfigError: the configuration names unknown signals or symbols, or a signal's
                settings are invalid.
        """
        self.config = config if config is not None else load_config()
        self.state = state if state is not None else open_state(None)
        #: Score a batch without its shared windows when the shared state does not answer,
        #: instead of refusing it, where the store can (``SharedStateStore.detached``: its
        #: ledgers are in a database); each verdict then carries ``STATE_UNAVAILABLE``.
        self.open_without_shared_state = False
        known = available_signals()
        self.symbol_specs: dict[str, SymbolSpec] = {s.name: s for s in ENGINE_SYMBOLS}
        # Call signals run in the call engine; the policy they share is checked here as well.
        declarations = [cls.symbols for cls in known.values()]
        declarations += [cls.symbols for cls in call_signals.CALL_SIGNALS]
        declarations += [signal.symbols for signal in signals or ()]
        for symbols in declarations:
            self.symbol_specs.update((spec.name, spec) for spec in symbols)
        call_names = {cls.name for cls in call_signals.CALL_SIGNALS}
        unknown_signals = sorted(set(self.config.signals) - known.keys() - call_names)
        if unknown_signals:
            raise ConfigError(
                f"{self._file_of('signals', unknown_signals[0])}unknown signals in [signals]: "
                f"{', '.join(unknown_signals)}"
            )
        unknown_symbols = sorted(set(self.config.symbols) - self.symbol_specs.keys())
        if unknown_symbols:
            raise ConfigError(
                f"{self._file_of('symbols', unknown_symbols[0])}no signal declares these "
                f"symbols: {', '.join(unknown_symbols)}"
            )
        if signals is None:
            signals = self._build_signals(known)
        self.signals: tuple[Signal, ...] = tuple(signals)
        self._closed = tuple(self._fails_closed(signal) for signal in self.signals)
        declared = [spec for sig in self.signals for spec in sig.symbols]
        # The audit indexes and searches symbols as UPPER_SNAKE words (``party_index``).
        misnamed = sorted({spec.name for spec in declared if not is_symbol_name(spec.name)})
        if misnamed:
            raise ConfigError(f"symbols must be UPPER_SNAKE: {', '.join(misnamed)}")
        self.policy = Policy(self.config, [*declared, *ENGINE_SYMBOLS])

    @classmethod
    def from_files(
        cls,
        config_paths: Iterable[str | Path] = (),
        state_path: str | None = None,
        *,
        read_only_state: bool = False,
    ) -> Engine:
        """An engine from layered ``--config`` files and an optional ``--state`` SQLite path
        (created when missing; with ``read_only_state``, it must exist and is never written)."""
        config = load_config(config_paths)
        return cls(config=config, state=open_state(state_path, read_only=read_only_state))

    def _fails_closed(self, signal: Signal) -> bool:
        configured = signal_on_error(self.config, signal.name)
        return fails_closed(signal) if configured is None else configured

    def _build_signals(self, known: Mapping[str, SignalType]) -> list[Signal]:
        built: list[Signal] = []
        for name, cls in known.items():
            settings = dict(self.config.signals.get(name, {}))
            if not settings.pop("enabled", True):
                continue
            settings.pop("on_error", None)  # the engine's setting (``_fails_closed``)
            try:
                built.append(cls(settings, self.state))
            except SignalConfigError as exc:
                raise ConfigError(
                    f"{self._file_of('signals', name)}[signals.{name}]: {exc}"
                ) from exc
        return built

    def _file_of(self, *keys: str) -> str:
        """``"local.toml: "`` for the policy file that set ``keys``, when it is known."""
        origin = where_set(self.config, *keys)
        return f"{origin}: " if origin is not None else ""

    def score_batch(self, messages: Sequence[Message]) -> list[Verdict]:
        """Score messages in arrival order; one verdict per message, in the same order.

        Raises:
            SignalFailedClosedError: a signal that fails closed raised; the state is as before the
                batch (rolled back), and no message of the batch has a verdict.
            StateUnavailableError: a shared state store does not answer (or other workers kept
                changing the batch's keys); nothing of the batch was kept, and it has no verdicts.
        """
        try:
            return self._score_with_retries(messages)
        except StateConflictError:
            raise
        except StateUnavailableError as exc:
            detached = getattr(self.state, "detached", None)
            if not self.open_without_shared_state or detached is None:
                raise
            # The error's advice ("nothing of the batch was kept: retry ...") is for a refusal;
            # here the batch is scored all the same, so only its cause is logged.
            cause = str(exc).split(";")[0]
            log.warning(
                "scoring a batch of %d without shared state (state_unavailable = open): %s",
                len(messages),
                cause,
            )
            self._roll_back()  # a commit that failed may have left the ledgers' changes pending
            unavailable = Hit("STATE_UNAVAILABLE", cause)
            with detached():
                return self._score_once(messages, unavailable)

    def _score_with_retries(self, messages: Sequence[Message]) -> list[Verdict]:
        for attempt in range(1, MAX_CONFLICT_RETRIES + 1):
            try:
                return self._score_once(messages)
            except StateConflictError:
                # Another worker wrote a key this batch wrote: undo the whole batch (a store may
                # hold other tables' changes, made in place) and score it again on the values
                # that worker committed, so neither worker's counts are lost.
                self._roll_back()
                if attempt == MAX_CONFLICT_RETRIES:
                    raise
                log.info("state conflict on a batch of %d; scoring it again", len(messages))
        raise AssertionError("unreachable")

    def _score_once(self, messages: Sequence[Message], note: Hit | None = None) -> list[Verdict]:
        batch = Batch(messages)
        hits: list[list[Hit]] = [[] if note is None else [note] for _ in messages]
        for signal, closed in zip(self.signals, self._closed, strict=True):
            try:
                signal.check(batch, hits)
            except StateUnavailableError:  # the store is down, not the signal: refuse the batch
                self._roll_back()
                raise
            except Exception as exc:  # a broken signal must not lose the batch
                if closed:  # (the adapter reports it: a log line, a 503, a scan error line)
                    self._roll_back()
                    raise SignalFailedClosedError(signal.name, exc) from exc
                log.exception("signal %s failed on a batch of %d", signal.name, len(messages))
                failure = Hit("SIGNAL_FAILED", f"{signal.name}: {type(exc).__name__}: {exc}")
                for message_hits in hits:
                    message_hits.append(failure)
        self.state.commit()
        decide = self.policy.decide
        return [decide(m.id, h, c) for m, h, c in zip(messages, hits, batch.clusters, strict=True)]

    def _roll_back(self) -> None:
        roll_back_refused(self.state)

    def score(self, message: Message) -> Verdict:
        """Score one message (the online path)."""
        return self.score_batch((message,))[0]

    def close(self) -> None:
        """Commit and close the state store."""
        self.state.close()

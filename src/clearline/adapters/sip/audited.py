"""``clearline sip --db``: calls scored over the service database, and recorded in its call audit.

The service database (``clearline serve --db``) holds what a subscriber and an operator decided:
the subscriber preferences set with ``PUT /v1/subscriber/preferences``, the number lists, the
corrections of upheld disputes. ``serve`` writes them, so every batch reads them afresh
(``SharedStateStore``: one ``SELECT ... IN`` per table); the windows (per-number call rates) live
in Redis with ``--state-url``, else in this process's memory. Every verdict is recorded in the
call audit (``call_verdict``) in the same transaction as the state it changed, so the
blocked-calls lists (``GET /v1/subscriber/calls/blocked``) show calls the SIP front refused, and
a call id already recorded (an SBC that fails over to a second server) gets its stored verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from clearline.closing import ClosesOnExit
from clearline.model import Call, Verdict
from clearline.policy import PolicyConfig
from clearline.signals.voice import VoiceContext
from clearline.state import StateUnavailableError
from clearline.storage.call_audit import score_and_record
from clearline.storage.database import Database
from clearline.storage.shared_state import SharedStateStore
from clearline.voice.engine import CallEngine

__all__ = ["AuditedCallScorer"]


class AuditedCallScorer(ClosesOnExit):
    """A call engine over the service database's state, recording every verdict.

    Args:
        database: the service database (opened and migrated).
        config: the policy.
        context: the STIR/SHAKEN verifier.
        state_url: Redis for the windows (``redis://HOST:PORT/DB``), shared with other workers;
            ``None`` keeps them in memory.

    Raises:
        clearline.state.StateUnavailableError: Redis does not answer.
        clearline.policy.ConfigError: the policy is invalid.
    """

    def __init__(
        self,
        database: Database,
        config: PolicyConfig,
        context: VoiceContext,
        state_url: str | None = None,
    ) -> None:
        self.database = database
        # No Redis ledger cache: ``serve`` (with or without --state-url) writes these ledgers,
        # and only writers that share the cache keep it fresh.
        self.state = SharedStateStore(database.engine, state_url, ledger_cache_seconds=0)
        try:
            self.engine = CallEngine(config, self.state, context)
        except BaseException:
            self.state.close()
            raise

    def score_batch(self, calls: Sequence[Call]) -> list[Verdict]:
        """One verdict per call, in order, recorded with the state in one transaction.

        Raises:
            StateUnavailableError: Redis or the database does not answer; nothing of the batch
                was kept.
        """
        try:
            with self.state.unit_of_work() as connection:
                if not connection.in_transaction():
                    connection.begin()
                # rollback_only: the unit of work commits; an error rolls the whole unit back.
                session = Session(bind=connection, join_transaction_mode="rollback_only")
                try:
                    verdicts = score_and_record(session, calls, self.engine.score_batch)
                    session.flush()
                finally:
                    session.close()
        except SQLAlchemyError as exc:
            raise StateUnavailableError(
                f"the service database could not record the calls ({type(exc).__name__}); "
                "nothing of the batch was kept: retry"
            ) from exc
        return verdicts

    def close(self) -> None:
        """Write the windows, commit, and close the database."""
        try:
            self.engine.close()
        finally:
            self.database.close()

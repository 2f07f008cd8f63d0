"""The service's tables, as SQLAlchemy 2 typed declarative models.

The migrations in ``clearline/storage/migrations/versions`` create exactly these; a test checks
that the two agree, so a model change without a migration fails CI.
"""

from __future__ import annotations

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The declarative base of every Clearline table."""


class ApiKey(Base):
    """An API key: only its SHA-256 is stored; the raw key is shown once, at creation.

    ``id`` is the public part of the key (``clk_<id>_<secret>``), so a lookup is one primary-key
    read and a log line can name a key without revealing it.
    """

    __tablename__ = "api_key"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    brand: Mapped[str | None] = mapped_column(String(128), default=None)
    number: Mapped[str | None] = mapped_column(String(32), default=None)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float, default=None)


class ServiceSecret(Base):
    """A secret every process of the service shares, by name (``web_session``: the key that signs
    the web pages' session cookies, ``clearline.storage.service_secrets``)."""

    __tablename__ = "service_secret"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))  # URL-safe base64 of 32 random bytes
    created_at: Mapped[float] = mapped_column(Float)


class VerdictRecord(Base):
    """One verdict, written once, in the same transaction as the state it depended on.

    ``message_id`` is unique: a message checked twice gets its stored verdict back. PostgreSQL
    enforces it with a unique B-tree; on SQLite (from migration 0006) the message id is a term of
    the FTS5 index (``party_index``) and the scoring worker, the audit's one writer, keeps it
    unique (``known_ids``): a B-tree on random ids (UUIDs) cost every row a random page write.
    """

    __tablename__ = "verdict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(256))
    ts: Mapped[float] = mapped_column(Float)  # the message's event time (epoch seconds)
    received_at: Mapped[float] = mapped_column(Float)  # wall clock when it was scored
    sender: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(32))
    campaign: Mapped[str | None] = mapped_column(String(128), default=None)
    action: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    symbols: Mapped[str] = mapped_column(Text)  # space-separated (indexed: ``party_index``)
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of {symbol, score, detail}
    cluster: Mapped[str | None] = mapped_column(String(256), default=None)

    __table_args__ = (
        # On SQLite, message id, sender and recipient are indexed by an FTS5 table instead
        # (``party_index``).
        UniqueConstraint("message_id", name="verdict_message_id_key").ddl_if(dialect="postgresql"),
        Index("ix_verdict_sender_ts", "sender", "ts").ddl_if(dialect="postgresql"),
        Index("ix_verdict_recipient_ts", "recipient", "ts").ddl_if(dialect="postgresql"),
        # Messages sent under no campaign (people's texts, most of the traffic) are not in it:
        # statistics ask for one campaign (partial since migration 0007).
        Index(
            "ix_verdict_campaign_ts",
            "campaign",
            "ts",
            sqlite_where=text("campaign IS NOT NULL"),
            postgresql_where=text("campaign IS NOT NULL"),
        ),
    )


class VerdictSymbol(Base):
    """One symbol that fired on one verdict: the index behind search by symbol, PostgreSQL only.

    On SQLite (from migration 0007) each symbol is a term of the audit's FTS5 index instead
    (``party_index``): this table's three B-trees cost half of the audit's write.
    """

    __tablename__ = "verdict_symbol"

    verdict_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("verdict.id", ondelete="CASCADE"), primary_key=True
    )
    symbol: Mapped[str] = mapped_column(String(64), primary_key=True)

    __table_args__ = (Index("ix_verdict_symbol_symbol", "symbol"),)


class StateEntry(Base):
    """One key of one engine state table (see ``clearline.state.Table``).

    ``value`` is the msgpack of the table's ``msgspec`` struct; ``ts`` the event time it was last
    written, which ``expire`` compares against.
    """

    __tablename__ = "state_entry"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    ts: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_state_entry_table_ts", "table_name", "ts"),)


class Dispute(Base):
    """A sender's dispute about a filtered number or campaign, and where it stands.

    ``status`` goes ``open`` -> ``in_review`` -> ``upheld`` | ``rejected``. Deadlines are wall-clock
    epochs set at filing: a status update is due 24 hours after filing, a resolution after the
    operator's configured target.
    """

    __tablename__ = "dispute"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    brand: Mapped[str] = mapped_column(String(128))
    # "number" | "campaign" | "calling_number"
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(128))
    description: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)  # JSON list of strings
    status: Mapped[str] = mapped_column(String(16))
    filed_at: Mapped[float] = mapped_column(Float)
    status_due_at: Mapped[float] = mapped_column(Float)
    resolution_due_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    decision_note: Mapped[str | None] = mapped_column(Text, default=None)
    resolved_at: Mapped[float | None] = mapped_column(Float, default=None)
    # When upheld: the correction that lifted the block (JSON: symbol, keys, at), else NULL.
    lifted: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (
        Index("ix_dispute_brand_filed", "brand", "filed_at"),
        Index("ix_dispute_status_due", "status", "resolution_due_at"),
    )


class DisputeEvent(Base):
    """One step of a dispute's history (filed, status update, resolution), as the sender sees it."""

    __tablename__ = "dispute_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dispute_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("dispute.id", ondelete="CASCADE"), index=True
    )
    ts: Mapped[float] = mapped_column(Float)
    actor_role: Mapped[str] = mapped_column(String(16))
    actor_key: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)


class HeldMessage(Base):
    """The text of a message that was tagged or blocked, held for the recipient's spam folder.

    Written in the scoring transaction beside its audit row; deleted ``held_retention_days``
    after it was held (the verdict audit row stays). ``status`` is ``held``, ``released`` (the
    subscriber took it out of the spam folder) or ``reported`` (they reported it as spam).
    """

    __tablename__ = "held_message"

    # Keyed by the audit row (ids grow with time, so each insert appends). Keyed by message id,
    # as until migration 0005, every held text took a random page write when ids are random
    # (UUIDs): 34 µs a message at 200,000 audit rows on SQLite. The message's id, parties and
    # time are the audit row's.
    verdict_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("verdict.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    body: Mapped[str] = mapped_column(Text)
    held_at: Mapped[float] = mapped_column(Float)  # wall clock; retention counts from here
    status: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[float | None] = mapped_column(Float, default=None)

    __table_args__ = (Index("ix_held_message_held_at", "held_at"),)


class SpamReport(Base):
    """A subscriber's spam report (the 7726 flow): the sender, and the message when known."""

    __tablename__ = "spam_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reporter: Mapped[str] = mapped_column(String(32))
    sender: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(256), default=None)
    body: Mapped[str | None] = mapped_column(Text, default=None)
    reported_at: Mapped[float] = mapped_column(Float)
    actor_key: Mapped[str] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_spam_report_sender_at", "sender", "reported_at"),
        Index("ix_spam_report_reporter_at", "reporter", "reported_at"),
    )


class CallVerdictRecord(Base):
    """One call's verdict, as ``POST /v1/calls/check`` gave it: the call audit.

    ``call_id`` is unique: a call checked twice gets its stored verdict back. The blocked-calls
    lists read it by callee, newest first (``ix_call_verdict_callee_ts``).
    """

    __tablename__ = "call_verdict"
    __table_args__ = (
        Index("ux_call_verdict_call_id", "call_id", unique=True),
        Index("ix_call_verdict_callee_ts", "callee", "ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[str] = mapped_column(String(256))
    ts: Mapped[float] = mapped_column(Float)  # the call's event time (epoch seconds)
    received_at: Mapped[float] = mapped_column(Float)  # wall clock when it was scored
    caller: Mapped[str] = mapped_column(String(256))
    callee: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of {symbol, score, detail}

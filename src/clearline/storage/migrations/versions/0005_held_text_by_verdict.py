"""Held text is keyed by its audit row (``verdict.id``) instead of the message id.

Audit ids grow with time, so a held text's insert appends; keyed by the message id, every held
text of a sender with random ids (UUIDs) took a random page write, 34 µs a message at 200,000
audit rows on SQLite. The message's id, parties and event time were copies of the audit row's
and go (the folder reads them from the audit).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Rebuild ``held_message`` keyed by ``verdict_id`` (held text already stored is kept)."""
    op.create_table(
        "held_message_new",
        sa.Column(
            "verdict_id",
            sa.Integer(),
            sa.ForeignKey("verdict.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("held_at", sa.Float(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.Float(), nullable=True),
    )
    op.execute(
        "INSERT INTO held_message_new (verdict_id, body, held_at, status, decided_at) "
        "SELECT v.id, h.body, h.held_at, h.status, h.decided_at "
        "FROM held_message h JOIN verdict v ON v.message_id = h.message_id"
    )
    op.drop_table("held_message")
    op.rename_table("held_message_new", "held_message")
    _rename_constraints("held_message_new")
    op.create_index("ix_held_message_held_at", "held_message", ["held_at"])


def _rename_constraints(old_table: str) -> None:
    # PostgreSQL keeps a renamed table's constraint names; give them the names a table created
    # as held_message has, so later migrations can refer to them. (SQLite's are unnamed.)
    if op.get_bind().dialect.name != "postgresql":
        return
    for old, new in (("pkey", "pkey"), ("verdict_id_fkey", "verdict_id_fkey")):
        op.execute(
            f"ALTER TABLE held_message RENAME CONSTRAINT {old_table}_{old} TO held_message_{new}"
        )


def downgrade() -> None:
    """Back to ``held_message`` keyed by message id."""
    op.create_table(
        "held_message_old",
        sa.Column("message_id", sa.String(256), primary_key=True),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("ts", sa.Float(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("held_at", sa.Float(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.Float(), nullable=True),
    )
    op.execute(
        "INSERT INTO held_message_old "
        "(message_id, recipient, sender, ts, body, held_at, status, decided_at) "
        "SELECT v.message_id, v.recipient, v.sender, v.ts, h.body, h.held_at, h.status, "
        "h.decided_at FROM held_message h JOIN verdict v ON v.id = h.verdict_id"
    )
    op.drop_table("held_message")
    op.rename_table("held_message_old", "held_message")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE held_message RENAME CONSTRAINT held_message_old_pkey TO held_message_pkey"
        )
    op.create_index("ix_held_message_held_at", "held_message", ["held_at"])
    op.create_index("ix_held_message_recipient_ts", "held_message", ["recipient", "ts"])

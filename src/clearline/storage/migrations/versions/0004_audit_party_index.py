"""The audit's sender and recipient index on SQLite becomes an FTS5 table (``party_index``);
the held text's unused recipient index goes.

B-tree indexes on random keys cost every audit row a random page write on SQLite, and the commit
of a scoring round grew with the audit's size (see ``clearline.storage.party_index``). PostgreSQL
keeps its B-tree indexes on ``verdict``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

from clearline.storage import party_index

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Index ``verdict`` by party with FTS5 on SQLite (rows already stored included)."""
    op.drop_index("ix_held_message_recipient_ts", table_name="held_message")
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        party_index.create_sqlite_objects(connection, symbols=False)
        op.drop_index("ix_verdict_sender_ts", table_name="verdict")
        op.drop_index("ix_verdict_recipient_ts", table_name="verdict")


def downgrade() -> None:
    """Back to B-tree indexes everywhere."""
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.create_index("ix_verdict_sender_ts", "verdict", ["sender", "ts"])
        op.create_index("ix_verdict_recipient_ts", "verdict", ["recipient", "ts"])
        party_index.drop_sqlite_objects(connection)
    op.create_index("ix_held_message_recipient_ts", "held_message", ["recipient", "ts"])

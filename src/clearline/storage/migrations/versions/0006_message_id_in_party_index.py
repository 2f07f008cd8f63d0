"""On SQLite the audit's message id is indexed by the FTS5 party index, not a unique B-tree.

Senders that make their message ids UUIDs took every audit row to a random leaf of the unique
B-tree on ``verdict.message_id``, a random 4 KiB page write at each commit: 23-27 µs of commit a
message at 200,000 rows, growing with the audit (``bench/audit_rounds.py --random-ids``). The id
becomes a third term of ``verdict_party`` (``party_index``), which the scoring worker looks up
only for ids its in-memory filter (``known_ids``) may have seen; the worker, the audit's one
writer, keeps ids unique. PostgreSQL keeps its unique constraint.

SQLite cannot drop a column's UNIQUE constraint, so ``verdict`` is rebuilt (same ids, same rows).
Dropping the old table would cascade to its children when foreign keys are on (as the service
connects), so their rows are set aside first and put back after; the party index is rebuilt.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearline.storage import party_index

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_COLUMNS = (
    "id, message_id, ts, received_at, sender, recipient, campaign, action, score, symbols, "
    "reasons, cluster"
)
_CHILDREN = ("verdict_symbol", "held_message")


def _rebuild_verdict(*, unique_message_id: bool) -> None:
    connection = op.get_bind()
    party_index.drop_sqlite_objects(connection)
    for child in _CHILDREN:
        op.execute(f"CREATE TEMP TABLE kept_{child} AS SELECT * FROM {child}")
    op.create_table(
        "verdict_rebuilt",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(256), nullable=False, unique=unique_message_id),
        sa.Column("ts", sa.Float(), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("campaign", sa.String(128), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("symbols", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("cluster", sa.String(256), nullable=True),
    )
    copy = f"INSERT INTO verdict_rebuilt ({_COLUMNS}) SELECT {_COLUMNS} FROM verdict ORDER BY id"
    op.execute(copy)
    op.drop_table("verdict")  # with foreign keys on, its children's rows go with it
    op.rename_table("verdict_rebuilt", "verdict")
    op.create_index("ix_verdict_campaign_ts", "verdict", ["campaign", "ts"])
    for child in _CHILDREN:
        op.execute(f"DELETE FROM {child}")  # (with foreign keys off, they stayed)
        op.execute(f"INSERT INTO {child} SELECT * FROM kept_{child}")
        op.execute(f"DROP TABLE kept_{child}")
    party_index.create_sqlite_objects(connection, symbols=False)  # (went with the old table)


def upgrade() -> None:
    """SQLite: ``verdict`` without the unique B-tree on ``message_id``; the id in the FTS index."""
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_verdict(unique_message_id=False)


def downgrade() -> None:
    """SQLite: the unique B-tree back (fails if the worker ever stored an id twice)."""
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_verdict(unique_message_id=True)

"""The service's first schema: API keys, the verdict audit and the engine's state.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "api_key",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("brand", sa.String(128), nullable=True),
        sa.Column("number", sa.String(32), nullable=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("revoked_at", sa.Float(), nullable=True),
    )
    op.create_table(
        "verdict",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(256), nullable=False, unique=True),
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
    op.create_index("ix_verdict_sender_ts", "verdict", ["sender", "ts"])
    op.create_index("ix_verdict_recipient_ts", "verdict", ["recipient", "ts"])
    op.create_index("ix_verdict_campaign_ts", "verdict", ["campaign", "ts"])
    op.create_table(
        "verdict_symbol",
        sa.Column(
            "verdict_id",
            sa.Integer(),
            sa.ForeignKey("verdict.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("symbol", sa.String(64), primary_key=True),
    )
    op.create_index("ix_verdict_symbol_symbol", "verdict_symbol", ["symbol"])
    op.create_table(
        "state_entry",
        sa.Column("table_name", sa.String(64), primary_key=True),
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("ts", sa.Float(), nullable=False),
    )
    op.create_index("ix_state_entry_table_ts", "state_entry", ["table_name", "ts"])


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("state_entry")
    op.drop_table("verdict_symbol")
    op.drop_table("verdict")
    op.drop_table("api_key")

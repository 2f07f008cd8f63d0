"""Disputes: a sender's case about a filtered number or campaign, and its history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the dispute tables."""
    op.create_table(
        "dispute",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("brand", sa.String(128), nullable=False),
        sa.Column("subject_kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("filed_at", sa.Float(), nullable=False),
        sa.Column("status_due_at", sa.Float(), nullable=False),
        sa.Column("resolution_due_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.Float(), nullable=True),
    )
    op.create_index("ix_dispute_brand_filed", "dispute", ["brand", "filed_at"])
    op.create_index("ix_dispute_status_due", "dispute", ["status", "resolution_due_at"])
    op.create_table(
        "dispute_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "dispute_id",
            sa.Integer(),
            sa.ForeignKey("dispute.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ts", sa.Float(), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("actor_key", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_dispute_event_dispute_id", "dispute_event", ["dispute_id"])


def downgrade() -> None:
    """Drop the dispute tables."""
    op.drop_table("dispute_event")
    op.drop_table("dispute")

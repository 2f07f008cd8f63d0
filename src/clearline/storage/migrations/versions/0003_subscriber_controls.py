"""Subscriber controls: held message text for the spam folder, spam reports (7726), and the
correction an upheld dispute recorded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the held-message and spam-report tables; add ``dispute.lifted``."""
    op.add_column("dispute", sa.Column("lifted", sa.Text(), nullable=True))
    op.create_table(
        "held_message",
        sa.Column("message_id", sa.String(256), primary_key=True),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("ts", sa.Float(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("held_at", sa.Float(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.Float(), nullable=True),
    )
    op.create_index("ix_held_message_recipient_ts", "held_message", ["recipient", "ts"])
    op.create_index("ix_held_message_held_at", "held_message", ["held_at"])
    op.create_table(
        "spam_report",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("reporter", sa.String(32), nullable=False),
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(256), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("reported_at", sa.Float(), nullable=False),
        sa.Column("actor_key", sa.String(32), nullable=False),
    )
    op.create_index("ix_spam_report_sender_at", "spam_report", ["sender", "reported_at"])
    op.create_index("ix_spam_report_reporter_at", "spam_report", ["reporter", "reported_at"])


def downgrade() -> None:
    """Drop the subscriber-control tables."""
    op.drop_table("spam_report")
    op.drop_table("held_message")
    with op.batch_alter_table("dispute") as batch:
        batch.drop_column("lifted")

"""The call audit: one row per call checked through ``POST /v1/calls/check``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``call_verdict`` with its unique call id and its (callee, ts) index."""
    op.create_table(
        "call_verdict",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("call_id", sa.String(256), nullable=False),
        sa.Column("ts", sa.Float(), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("caller", sa.String(256), nullable=False),
        sa.Column("callee", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
    )
    op.create_index("ux_call_verdict_call_id", "call_verdict", ["call_id"], unique=True)
    op.create_index("ix_call_verdict_callee_ts", "call_verdict", ["callee", "ts"])


def downgrade() -> None:
    """Drop the call audit."""
    op.drop_table("call_verdict")

"""Secrets shared by the service's processes: the web pages' session-signing key.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``service_secret`` (a row per secret, created by the first process that needs it)."""
    op.create_table(
        "service_secret",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    """Drop the shared secrets (the next start of an older version draws its own)."""
    op.drop_table("service_secret")

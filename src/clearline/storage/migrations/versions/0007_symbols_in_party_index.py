"""On SQLite the symbols that fired are terms of the FTS5 party index, not rows of
``verdict_symbol``; the campaign index leaves out messages sent under no campaign.

Each symbol of each verdict was a row of ``verdict_symbol``: the table, its primary key and its
symbol index, three B-trees written per symbol, half of what the audit writer spent at 600,000
audit rows (``bench/audit_rounds.py``). On SQLite the index ``verdict_party`` now also holds a
term ``y<SYMBOL>`` per symbol (``party_index``; its tokenizer keeps ``_`` inside a token, so the
index is rebuilt) and the table goes. PostgreSQL keeps the table.

``ix_verdict_campaign_ts`` indexed every verdict, most of them (people's texts) under no campaign,
where statistics never look: it becomes partial (``campaign IS NOT NULL``), on both databases.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearline.storage import party_index

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

_CAMPAIGN_INDEX = "ix_verdict_campaign_ts"
_NOT_NULL = sa.text("campaign IS NOT NULL")

# Downgrade: one row per distinct symbol of each verdict's space-separated ``symbols``.
_SPLIT_SYMBOLS = """
INSERT OR IGNORE INTO verdict_symbol (verdict_id, symbol)
WITH RECURSIVE split(verdict_id, symbol, rest) AS (
    SELECT id, '', symbols || ' ' FROM verdict
    UNION ALL
    SELECT verdict_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest <> ''
)
SELECT verdict_id, symbol FROM split WHERE symbol <> '' ORDER BY verdict_id
"""


def upgrade() -> None:
    """SQLite: symbols in the FTS index, ``verdict_symbol`` dropped; both: a partial campaign
    index."""
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        party_index.drop_sqlite_objects(connection)
        party_index.create_sqlite_objects(connection, symbols=True)
        op.drop_index("ix_verdict_symbol_symbol", table_name="verdict_symbol")
        op.drop_table("verdict_symbol")
    op.drop_index(_CAMPAIGN_INDEX, table_name="verdict")
    op.create_index(
        _CAMPAIGN_INDEX,
        "verdict",
        ["campaign", "ts"],
        sqlite_where=_NOT_NULL,
        postgresql_where=_NOT_NULL,
    )


def downgrade() -> None:
    """The full campaign index back; SQLite: ``verdict_symbol`` filled from the ``symbols``
    column, and the FTS index as 0006 left it."""
    connection = op.get_bind()
    op.drop_index(_CAMPAIGN_INDEX, table_name="verdict")
    op.create_index(_CAMPAIGN_INDEX, "verdict", ["campaign", "ts"])
    if connection.dialect.name == "sqlite":
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
        op.execute(_SPLIT_SYMBOLS)
        party_index.drop_sqlite_objects(connection)
        party_index.create_sqlite_objects(connection, symbols=False)

"""Durable storage for the service: API keys, the verdict audit and the engine's state, in SQL.

One database (SQLite by default, PostgreSQL with ``postgresql+psycopg://...``) holds everything
that must outlive a restart. The schema is owned by the Alembic migrations shipped in
``clearline/storage/migrations`` and applied by ``open_database`` on start.

Modules:
    ``models``       the SQLAlchemy tables (``ApiKey``, ``VerdictRecord``, ``VerdictSymbol``,
                     ``StateEntry``, ``Dispute``, ``DisputeEvent``, ``HeldMessage``,
                     ``SpamReport``).
    ``database``     URLs, engines, sessions and migrations (``open_database``).
    ``keys``         API keys: creation (the raw key is shown once), verification (hashed),
                     revocation.
    ``audit``        one row per verdict; lookup by message id for idempotent ingestion.
    ``party_index``  the audit's index by sender and recipient (FTS5 on SQLite, B-trees on
                     PostgreSQL), so a row's insert costs the same whatever the audit's size.
    ``state_store``  a ``StateStore`` over the ``state_entry`` table, so the opt-out ledger,
                     consent and registry persist like ``scan --state`` does in its SQLite file.
    ``spam_folder``  held text of tagged and blocked messages (with retention), the folder
                     listing, release and report marks, the spam-report log.
"""

from __future__ import annotations

from clearline.storage.database import Database, DatabaseError, normalize_url, open_database

__all__ = ["Database", "DatabaseError", "normalize_url", "open_database"]

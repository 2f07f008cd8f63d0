"""Alembic's environment: always online, on the connection ``Database.upgrade`` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from clearline.storage.database import VERSION_TABLE
from clearline.storage.models import Base
from clearline.storage.party_index import in_models

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "Clearline's migrations run through clearline.storage.open_database(), "
        "which passes a connection; the alembic command line is not wired for them"
    )
dialect: str = connection.dialect.name
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    # SQLite alters tables by copying them; Alembic's batch mode does that for later migrations.
    render_as_batch=dialect == "sqlite",
    include_object=lambda _object, name, type_, _reflected, _compare_to: in_models(
        name, type_, dialect
    ),
)
with context.begin_transaction():
    context.run_migrations()

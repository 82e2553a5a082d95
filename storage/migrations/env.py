"""Alembic environment: migrations run on a connection handed over by storage.engine.migrate."""

from __future__ import annotations

from alembic import context

from storage.tables import metadata

target_metadata = metadata
connection = context.config.attributes.get("connection")

if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by developers
    import os

    from sqlalchemy import create_engine
    engine = create_engine(os.environ.get("NEWSWATCH_DB", "sqlite:///dev.db"))
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", transaction_per_migration=False)
    context.run_migrations()

"""Alembic environment for the knowledge base; the URL comes from the caller, never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from knowledge.db import sync_url
from knowledge.models import Base

config = context.config
target_metadata = Base.metadata
VERSION_TABLE = config.get_main_option("version_table") or "kb_alembic_version"


def _url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("knowledge migrations need a URL: knowledge.db.migrate(url) or -x url=...")
    return sync_url(url)


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _include_name(name, type_, parent_names) -> bool:
    """Autogenerate looks only at knowledge tables, so a database shared with the app DB is safe."""
    return type_ != "table" or (name or "").startswith("kb_")


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

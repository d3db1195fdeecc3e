"""Database URLs, engines and migrations for the knowledge base.

Nothing here connects at import time. Sync engines serve the importer and Alembic; the query API uses
the async engine from `async_url` (aiosqlite / psycopg async).
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_URL = "sqlite:///var/knowledge.db"
ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def sync_url(url: str) -> str:
    """Normalise a URL to a sync driver SQLAlchemy has here (psycopg 3 for PostgreSQL)."""
    for prefix in ("postgresql+asyncpg://", "postgresql+psycopg_async://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("sqlite+aiosqlite://"):
        return "sqlite://" + url[len("sqlite+aiosqlite://") :]
    return url


def async_url(url: str) -> str:
    """The async-driver form of a URL (aiosqlite for SQLite, psycopg async for PostgreSQL)."""
    url = sync_url(url)
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url  # psycopg 3 picks its async mode under create_async_engine


def ensure_sqlite_dir(url: str) -> None:
    """Create the parent folder of a SQLite file (e.g. `var/`) so a fresh checkout can import."""
    url = sync_url(url)
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.attributes["url"] = url
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    """Run `alembic upgrade <revision>` on `url`."""
    from alembic import command

    ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)

"""App database (Contract 5): models on one declarative `Base`, async engine, Alembic migrations.

The counselor dashboard declares its tables (`bot/counselor/models.py`) on the same `Base`, so one
Alembic history (`bot/migrations/`) covers the whole app DB. Nothing connects at import time:
`Database.from_url()` builds a lazy engine, `migrate()` runs Alembic synchronously (call it in a
thread from async code).

SQLite notes: every transaction starts with `BEGIN IMMEDIATE` (the recipe from SQLAlchemy's aiosqlite
docs, made immediate) so concurrent writers queue on the busy timeout instead of failing with
"database is locked" when a read lock would have to be upgraded; WAL lets readers run beside a writer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    false,
    text,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
SQLITE_BUSY_TIMEOUT_S = 30
PRIVATE_MODE = 0o600


def utcnow() -> dt.datetime:
    """Timezone-aware now; columns store UTC."""
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    """Declarative base shared by the gateway's and the counselor dashboard's tables."""


class Conversation(Base):
    """One person on one channel (`web:<uuid>`, `tg:<chat_id>`, `api:<id>`)."""

    __tablename__ = "conversations"

    sender_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    site: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_message_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    handoff_requested: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    handoff_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    held_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    summary_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    summary_updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Message(Base):
    """One message. `direction`: `in` (person), `out` (bot), `counselor`.

    `client_id` on an `in` row is the client's idempotency key; the `out` rows answering it carry the
    same `client_id`, so a repeated key is answered from the record (Contract 4).
    """

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_sender_created", "sender_id", "id"),
        Index(
            "uq_messages_inbound_client_id",
            "sender_id",
            "client_id",
            unique=True,
            sqlite_where=text("direction = 'in' AND client_id IS NOT NULL"),
            postgresql_where=text("direction = 'in' AND client_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(
        String(160), ForeignKey("conversations.sender_id", ondelete="CASCADE")
    )
    direction: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    buttons_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    pivot_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # structured answer (Contract 7)
    client_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TelegramUpdate(Base):
    """Seen Telegram `update_id`s: insert-or-ignore before processing makes retries a no-op.

    The update's JSON is kept until it has been processed (`processed_at`), so one that was claimed but
    not processed when the gateway stopped is processed after the restart instead of being lost.
    """

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TelegramOutgoing(Base):
    """A message for Telegram, kept until `sendMessage` confirmed it (the outbox, bot/telegram/outbox.py).

    `dedup_key` (`<update_id>:<n>`) makes re-queueing the replies of an update already handled a no-op;
    `next_attempt_at` is both the retry time and a lease: a sender claims a row by moving it forward.
    """

    __tablename__ = "telegram_outbox"
    __table_args__ = (Index("ix_telegram_outbox_pending", "sent_at", "failed_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    dedup_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    text: Mapped[str] = mapped_column(Text)  # already escaped for parse_mode=HTML
    markup_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # Telegram's, once sent
    after_message_id: Mapped[int | None] = mapped_column(
        BigInteger, nullable=True
    )  # newest id known when queued
    # an attempt was made whose outcome Telegram never told us (timeout, dropped connection, crash)
    in_doubt: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # sent with disable_notification: a later part of one answer (only its first message sounds)
    silent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class TelegramCallback(Base):
    """Button payloads longer than Telegram's 64-byte `callback_data`, keyed by a hash of the payload.

    Kept in the database (not memory) so buttons keep working across restarts and gateway instances.
    """

    __tablename__ = "telegram_callbacks"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --------------------------------------------------------------------------- URLs and engines
def sync_url(url: str) -> str:
    """The sync-driver form (sqlite3 / psycopg 3) used by Alembic."""
    for prefix in ("postgresql+asyncpg://", "postgresql+psycopg_async://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("sqlite+aiosqlite://"):
        return "sqlite://" + url[len("sqlite+aiosqlite://") :]
    return url


def async_url(url: str) -> str:
    """The async-driver form (aiosqlite / asyncpg) used at run time."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg_async://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (PostgreSQL, in-memory)."""
    url = sync_url(url)
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return Path(url[len("sqlite:///") :].split("?", 1)[0])
    return None


def ensure_sqlite_dir(url: str) -> None:
    """Create `var/` (or wherever the SQLite file lives) so a fresh checkout can start."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def ensure_private_sqlite_file(url: str) -> None:
    """Create the SQLite file readable by its owner only (0600): it holds people's conversations.
    SQLite gives its -wal and -shm files the main file's mode. An empty file is a valid database."""
    path = sqlite_path(url)
    if path is None:
        return
    ensure_sqlite_dir(url)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_MODE))
    restrict_mode(path)


def restrict_mode(path: Path) -> None:
    """chmod 0600 a file we own (one created earlier with a looser umask); others' files stay as they are."""
    with contextlib.suppress(OSError):
        if path.exists() and path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_MODE)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """A lazy async engine; for SQLite with WAL, a busy timeout and `BEGIN IMMEDIATE` transactions."""
    aurl = async_url(url)
    if aurl.startswith("sqlite+aiosqlite://"):
        engine = create_async_engine(aurl, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        _tune_sqlite(engine, sqlite_path(url))
        return engine
    return create_async_engine(aurl, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size)


def _tune_sqlite(engine: AsyncEngine, path: Path | None) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if path is not None:  # connecting created the file if it was missing: owner-only
            restrict_mode(path)
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: no corruption on crash, far fewer fsyncs
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (no deadlock-prone lock upgrade); readers stay deferred.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass(frozen=True)
class Database:
    """An engine and its session factory; one per app, opened and disposed in `cleanup_ctx`."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    # For read-only work: on SQLite a deferred BEGIN, so reads never wait for the write lock.
    reader: async_sessionmaker[AsyncSession]

    @classmethod
    def from_url(cls, url: str) -> Database:
        engine = create_engine(url)
        read_engine = engine.execution_options(sqlite_begin="DEFERRED")
        return cls(
            engine,
            async_sessionmaker(engine, expire_on_commit=False),
            async_sessionmaker(read_engine, expire_on_commit=False),
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def ping(self) -> None:
        """`SELECT 1`; raises when the database is unreachable."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


# --------------------------------------------------------------------------- migrations
def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.attributes["url"] = url
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    """`alembic upgrade <revision>` on `url` (blocking: run in a thread from async code)."""
    from alembic import command

    ensure_private_sqlite_file(url)
    command.upgrade(alembic_config(url), revision)

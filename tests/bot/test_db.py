"""App DB: Alembic upgrade on fresh SQLite and PostgreSQL, no drift between models and migrations,
and the store on PostgreSQL (insert-or-ignore, one-transaction exchange, forget incl. tracker events)."""

from __future__ import annotations

import contextlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bot import store, tracker_store
from bot.db import Base, Database, migrate, sync_url

with contextlib.suppress(ImportError):
    import bot.counselor.models  # noqa: F401  -- their tables are part of the same metadata


def _drift(url: str) -> list:
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    return diff


def test_sqlite_upgrade_from_scratch_matches_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'app.db'}"
    migrate(url)
    names = set(inspect(create_engine(url)).get_table_names())
    assert {"conversations", "messages", "telegram_updates", "telegram_callbacks", "alembic_version"} <= names
    assert _drift(url) == []
    migrate(url)  # idempotent


@pytest.mark.postgres
def test_postgres_upgrade_matches_models(fresh_pg):
    migrate(fresh_pg)
    assert _drift(fresh_pg) == []


@pytest.mark.postgres
async def test_store_on_postgres(fresh_pg):
    migrate(fresh_pg)
    db = Database.from_url(fresh_pg)
    tracker = Database.from_url(fresh_pg)  # Rasa's tracker table in the same database for the test
    try:
        await tracker_store.create_table(tracker)
        await tracker_store.add_events(tracker, ["web:pg-person-0001"])
        sender = "web:pg-person-0001"
        await store.record_exchange(db, sender, "hi", [{"text": "hello", "buttons": []}], client_id="c1")
        assert await store.find_reply(db, sender, "c1") == [{"text": "hello", "buttons": []}]
        assert await store.claim_telegram_update(db, 2**40) is True
        assert await store.claim_telegram_update(db, 2**40) is False
        key = await store.save_callback_payload(db, "/x" * 50)
        assert await store.save_callback_payload(db, "/x" * 50) == key
        assert await store.load_callback_payload(db, key) == "/x" * 50
        await store.mark_handoff(db, sender)
        flags = await store.set_flags(db, sender, held_by="ann", reviewed=True)
        assert flags.handoff_requested and flags.held_by == "ann" and flags.reviewed
        assert flags.created_at.tzinfo is not None
        result = await store.forget_sender(db, sender, tracker)
        assert result == store.ForgetResult(conversations=1, messages=2, tracker_events=1)
    finally:
        await db.dispose()
        await tracker.dispose()


async def test_forget_tolerates_missing_tracker_table_and_file(tmp_path, migrated_app_db):
    import shutil

    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    missing_file = Database.from_url(f"sqlite:///{tmp_path / 'nope.db'}")
    import sqlite3

    sqlite3.connect(tmp_path / "empty.db").close()
    no_table = Database.from_url(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        await store.record_inbound(db, "api:z", "hi")
        assert (await store.forget_sender(db, "api:z", missing_file)).tracker_events == 0
        assert not (tmp_path / "nope.db").exists()  # deleting must not create Rasa's file
        assert (await store.forget_sender(db, "api:z", no_table)).tracker_events == 0
    finally:
        for d in (db, missing_file, no_table):
            await d.dispose()


async def test_concurrent_writers_on_sqlite_do_not_fail(tmp_path, migrated_app_db):
    """BEGIN IMMEDIATE + busy timeout: many concurrent exchanges, none lost to 'database is locked'."""
    import asyncio
    import shutil

    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        await asyncio.gather(
            *(
                store.record_exchange(db, f"api:u{i % 10}", f"m{i}", [{"text": "r", "buttons": []}])
                for i in range(100)
            )
        )
        assert await store.count_messages(db) == 200
    finally:
        await db.dispose()


async def test_retention_purges_only_idle_conversations(tmp_path, migrated_app_db):
    import datetime as dt
    import shutil

    from sqlalchemy import update

    from bot.db import Conversation, utcnow

    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        await store.record_exchange(db, "api:old", "hi", [{"text": "hello", "buttons": []}])
        await store.record_exchange(db, "api:new", "hi", [{"text": "hello", "buttons": []}])
        async with db.sessionmaker.begin() as session:
            await session.execute(
                update(Conversation)
                .where(Conversation.sender_id == "api:old")
                .values(last_message_at=utcnow() - dt.timedelta(days=400))
            )
        tracker = Database.from_url(f"sqlite:///{tmp_path / 'tracker.db'}")
        await tracker_store.create_table(tracker)
        await tracker_store.add_events(tracker, ["api:old", "api:new"])
        assert await store.purge_expired(db, 365, tracker) == 1
        assert (
            await tracker_store.count_events(tracker, "api:old"),
            await tracker_store.count_events(tracker),
        ) == (0, 1)
        await tracker.dispose()
        assert await store.get_flags(db, "api:old") is None
        assert await store.count_messages(db, "api:old") == 0
        assert await store.count_messages(db, "api:new") == 2
    finally:
        await db.dispose()


async def test_migration_waits_then_gives_up_on_an_unreachable_database():
    from sqlalchemy.exc import OperationalError

    from bot.app import migrate_when_reachable

    with pytest.raises(OperationalError):
        await migrate_when_reachable("postgresql://postgres@127.0.0.1:9/none", wait_s=1.0)


async def test_forgetting_a_telegram_person_deletes_the_outbox_copies_of_their_replies(
    tmp_path, migrated_app_db
):
    import shutil

    from sqlalchemy import func, select

    from bot.db import TelegramOutgoing

    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        await store.record_inbound(db, "tg:4242", "hi")
        async with db.sessionmaker.begin() as session:
            session.add_all(
                [TelegramOutgoing(chat_id=4242, text="hello"), TelegramOutgoing(chat_id=99, text="x")]
            )
        await store.forget_sender(db, "tg:4242")
        async with db.reader() as session:
            left = dict(
                (
                    await session.execute(
                        select(TelegramOutgoing.chat_id, func.count()).group_by(TelegramOutgoing.chat_id)
                    )
                ).all()
            )
        assert left == {99: 1}  # that person's copies are gone, another chat's are kept
    finally:
        await db.dispose()


async def _age(db, sender_ids, days):
    import datetime as dt

    from sqlalchemy import update

    from bot.db import Conversation, utcnow

    async with db.sessionmaker.begin() as session:
        await session.execute(
            update(Conversation)
            .where(Conversation.sender_id.in_(sender_ids))
            .values(last_message_at=utcnow() - dt.timedelta(days=days))
        )


async def test_the_purge_deletes_people_as_forget_does_in_chunks(tmp_path, migrated_app_db, monkeypatch):
    """One deletion for a confirmed 'forget me' and the retention purge (`store._delete_people`), a few
    senders per transaction: messages, conversation, a Telegram chat's outbox copies, tracker events."""
    import shutil

    from sqlalchemy import select

    from bot.db import TelegramOutgoing

    monkeypatch.setattr(store, "DELETE_CHUNK", 2)
    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    old = ["api:o1", "api:o2", "web:o3", "tg:77", "api:o5"]
    try:
        for sender in [*old, "tg:99"]:
            await store.record_exchange(db, sender, "hi", [{"text": "hello", "buttons": []}])
        async with db.sessionmaker.begin() as session:
            session.add_all(
                [TelegramOutgoing(chat_id=77, text="old"), TelegramOutgoing(chat_id=99, text="x")]
            )
        await _age(db, old, 400)
        tracker = Database.from_url(f"sqlite:///{tmp_path / 'tracker.db'}")
        await tracker_store.create_table(tracker)
        await tracker_store.add_events(tracker, [*old, "tg:99"])
        assert await store.purge_expired(db, 365, tracker) == 5  # three chunks
        assert (
            await tracker_store.count_events(tracker),
            await tracker_store.count_events(tracker, "tg:99"),
        ) == (1, 1)
        await tracker.dispose()
        for sender in old:
            assert await store.get_flags(db, sender) is None
            assert await store.count_messages(db, sender) == 0
        assert await store.count_messages(db, "tg:99") == 2
        async with db.reader() as session:
            assert list(await session.scalars(select(TelegramOutgoing.chat_id))) == [99]
        assert await store.purge_expired(db, 365) == 0  # nothing left to purge
    finally:
        await db.dispose()


async def test_a_conversation_that_spoke_again_since_it_was_listed_is_not_purged(tmp_path, migrated_app_db):
    import datetime as dt
    import shutil

    from bot.db import utcnow

    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        for sender in ("api:idle", "api:back"):
            await store.record_exchange(db, sender, "hi", [{"text": "hello", "buttons": []}])
        await _age(db, ["api:idle"], 400)
        # both were idle when the purge listed them; api:back wrote since (its last_message_at is now)
        cutoff = utcnow() - dt.timedelta(days=365)
        result = await store._delete_people(db, ["api:idle", "api:back"], None, idle_before=cutoff)
        assert (result.conversations, result.messages) == (1, 2)
        assert await store.get_flags(db, "api:idle") is None
        assert await store.count_messages(db, "api:back") == 2
    finally:
        await db.dispose()


@pytest.mark.postgres
async def test_purge_on_postgres_past_the_drivers_parameter_limit(fresh_pg):
    """33,000 expired conversations: one IN list would pass asyncpg's 32,767 bound parameters (the purge
    used to fail there on every sweep, keeping data past RETENTION_DAYS)."""
    migrate(fresh_pg)
    db = Database.from_url(fresh_pg)
    n = 33_000
    try:
        async with db.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO conversations (sender_id, channel, created_at, last_message_at,"
                    " handoff_requested, reviewed) SELECT 'api:o' || g, 'api', now(),"
                    " now() - interval '400 days', false, false FROM generate_series(1, :n) g"
                ),
                {"n": n},
            )
            await conn.run_sync(tracker_store.RASA_METADATA.create_all)  # Rasa's events table
            await conn.execute(
                text(
                    "INSERT INTO events (sender_id, type_name) SELECT 'api:o' || g, 'user'"
                    " FROM generate_series(1, :n) g"
                ),
                {"n": n},
            )
        await store.record_exchange(db, "api:recent", "hi", [{"text": "hello", "buttons": []}])
        assert await store.purge_expired(db, 365, db) == n
        assert await tracker_store.count_events(db) == 0
        async with db.engine.connect() as conn:
            assert (await conn.execute(text("SELECT sender_id FROM conversations"))).scalars().all() == [
                "api:recent"
            ]
    finally:
        await db.dispose()

"""All the gateway's SQL on Rasa's tracker store (`TRACKER_DATABASE_URL`), in one module.

Rasa 3.6's `SQLTrackerStore` keeps one table, `events`, one row per tracker event (`SQLTrackerStore.SQLEvent`
in rasa/core/tracker_store.py; Pivot's `pivot_rasa.tracker_store.CachedSQLTrackerStore` writes the same
table). `EVENTS` mirrors it column for column so the gateway, its tests and Rasa agree on one schema;
`tests/bot/test_tracker_store.py` checks the mirror against a table the real Rasa created and filled.

The gateway reads trackers only through Rasa's HTTP API (`bot.rasa.RasaClient.tracker`); here it only
deletes a person's rows, for a confirmed deletion and for the retention purge (`bot.store._delete_people`).
Rasa creates the table when it first starts; before that (or with no file yet) there is nothing to delete.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, insert, select
from sqlalchemy.exc import DBAPIError

from bot.db import Database, sqlite_path

log = logging.getLogger(__name__)

# Rasa's schema, not the app DB's: its own MetaData, never created by the gateway's migrations.
RASA_METADATA = MetaData()
EVENTS = Table(
    "events",
    RASA_METADATA,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def _no_table(exc: DBAPIError) -> bool:
    reason = str(exc.orig).lower()
    return "events" in reason and ("no such table" in reason or "does not exist" in reason)


def _no_file(tracker: Database) -> bool:
    path = sqlite_path(str(tracker.engine.url))
    return path is not None and not path.exists()


async def delete_events(tracker: Database, sender_ids: Sequence[str]) -> int:
    """Delete every tracker event of these senders; how many rows went. 0 when the tracker store has no
    file or no `events` table yet (Rasa has not started on it)."""
    if not sender_ids or _no_file(tracker):
        return 0
    try:
        async with tracker.engine.begin() as conn:
            result = await conn.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(list(sender_ids))))
            return int(result.rowcount or 0)
    except DBAPIError as exc:
        if _no_table(exc):
            return 0
        log.error("could not delete tracker events of %d senders: %s", len(sender_ids), exc.orig)
        raise


async def count_events(tracker: Database, sender_id: str | None = None) -> int:
    """Rows in `events` (of one sender); 0 without a file or table. For tests and checks."""
    if _no_file(tracker):
        return 0
    query = select(func.count()).select_from(EVENTS)
    if sender_id is not None:
        query = query.where(EVENTS.c.sender_id == sender_id)
    try:
        async with tracker.engine.connect() as conn:
            return int((await conn.execute(query)).scalar() or 0)
    except DBAPIError as exc:
        if _no_table(exc):
            return 0
        raise


async def create_table(tracker: Database) -> None:
    """The `events` table as Rasa creates it, for a tracker store Rasa has not started on (tests)."""
    async with tracker.engine.begin() as conn:
        await conn.run_sync(RASA_METADATA.create_all)


async def add_events(tracker: Database, sender_ids: Iterable[str], type_name: str = "user") -> None:
    """One event row per sender id, shaped as Rasa writes them (tests)."""
    rows = [{"sender_id": s, "type_name": type_name, "timestamp": 0.0, "data": "{}"} for s in sender_ids]
    if rows:
        async with tracker.engine.begin() as conn:
            await conn.execute(insert(EVENTS), rows)


__all__ = ["EVENTS", "add_events", "count_events", "create_table", "delete_events"]

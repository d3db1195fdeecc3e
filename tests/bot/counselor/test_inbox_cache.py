"""Listing reads the summaries the gateway cached after each turn; it builds only missing ones."""

from __future__ import annotations

from bot.db import Conversation
from bot.keys import DB_KEY

from .conftest import recorded_tracker, seed


async def updated_at(client, sender_id: str):
    async with client.app[DB_KEY].sessionmaker() as db:
        conv = await db.get(Conversation, sender_id)
        return conv.summary_updated_at if conv else None


async def test_inbox_keeps_cached_summaries_and_builds_missing_ones(client, login_as, trackers) -> None:
    await login_as("counselor")
    trackers["web:cached"] = recorded_tracker("web:cached")
    await seed(client, "web:cached", [("bank teller to fintech", "ok")])
    await client.get("/counselor/c/web:cached")  # builds and caches it
    built = await updated_at(client, "web:cached")
    assert built is not None
    # A later message makes the cache older than the conversation; the tracker now says nothing.
    trackers["web:cached"] = {"sender_id": "web:cached", "events": []}
    await seed(client, "web:cached", [("one more thing", "ok")])
    await seed(client, "web:new", [("I teach and like design", "ok")])
    assert await updated_at(client, "web:new") is None

    body = await (await client.get("/counselor/")).text()
    assert "Banking → Fintech" in body  # the cached summary, not one rebuilt from the empty tracker
    assert await updated_at(client, "web:cached") == built
    assert await updated_at(client, "web:new") is not None  # never built: built now

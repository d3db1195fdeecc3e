"""Listing and exporting read the summaries the gateway cached after each turn; no GET rebuilds one.

A conversation with no summary yet is listed as being prepared and its rebuild goes to the background
queue (`turn_summaries.SUMMARIES`); the conversation's own page waits for a missing one and shows a stale
one with a notice while it is refreshed.
"""

from __future__ import annotations

from bot.counselor.turn_summaries import SUMMARIES
from bot.db import Conversation
from bot.keys import DB_KEY

from .conftest import recorded_tracker, seed


async def updated_at(client, sender_id: str):
    async with client.app[DB_KEY].sessionmaker() as db:
        conv = await db.get(Conversation, sender_id)
        return conv.summary_updated_at if conv else None


async def test_inbox_and_exports_never_rebuild(client, login_as, trackers, tracker_reads) -> None:
    await login_as("counselor")
    trackers["web:cached"] = recorded_tracker("web:cached")
    await seed(client, "web:cached", [("bank teller to fintech", "ok")])  # built after its turn
    built = await updated_at(client, "web:cached")
    assert built is not None and tracker_reads == ["web:cached"]
    # A later message makes the cache older than the conversation; the tracker now says nothing.
    trackers["web:cached"] = {"sender_id": "web:cached", "events": []}
    await seed(client, "web:cached", [("one more thing", "ok")], summarise=False)
    await seed(client, "web:new", [("I teach and like design", "ok")], summarise=False)

    body = await (await client.get("/counselor/")).text()
    assert "Banking → Fintech" in body  # the cached summary, not one rebuilt from the empty tracker
    assert "Summary being prepared" in body  # web:new: listed at once, its summary not waited for
    await client.app[SUMMARIES].drain()  # the listing queued the missing one for the background
    assert tracker_reads == ["web:cached", "web:new"] and await updated_at(client, "web:new") is not None
    assert await updated_at(client, "web:cached") == built  # the stale cached one was kept

    for path in ("/counselor/", "/counselor/handoffs", "/counselor/export.csv", "/counselor/export.json"):
        assert (await client.get(path)).status == 200, path
    await client.app[SUMMARIES].drain()
    assert tracker_reads == ["web:cached", "web:new"]  # none of these GETs rebuilt anything
    assert "Summary being prepared" not in await (await client.get("/counselor/")).text()


async def test_conversation_page_uses_the_cache(client, login_as, trackers, tracker_reads) -> None:
    await login_as("counselor")
    trackers["web:p"] = recorded_tracker("web:p")
    await seed(client, "web:p", [("bank teller to fintech", "ok")])
    page = await (await client.get("/counselor/c/web:p")).text()
    assert "wants to move from bank teller to fintech" in page and "being updated" not in page
    assert tracker_reads == ["web:p"]  # built after the turn; the page read the cache

    await seed(client, "web:p", [("and evenings only", "ok")], summarise=False)
    page = await (await client.get("/counselor/c/web:p")).text()
    assert "being updated" in page and "wants to move from bank teller to fintech" in page
    await client.app[SUMMARIES].drain()
    assert tracker_reads == ["web:p", "web:p"]  # the stale one was refreshed in the background
    assert "being updated" not in await (await client.get("/counselor/c/web:p")).text()

    await seed(client, "web:none", [("I'm a bank teller", "ok")], summarise=False)
    trackers["web:none"] = recorded_tracker("web:none")
    page = await (await client.get("/counselor/c/web:none")).text()  # nothing cached: waits for it
    assert "wants to move from bank teller to fintech" in page

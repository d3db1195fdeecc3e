"""Pages read the summaries the gateway cached in the background, and never show one older than the
conversation: a listed row or an opened conversation whose summary is missing or older than its last
message (a turn still in its quiet period, a message no turn summarised) is rebuilt at once by the queue
(`turn_summaries.SUMMARIES`) and waited for; an up-to-date one is read from the cache without asking Rasa.
Exports hurry only the rebuilds pending in this process. The dashboard's settings here have a quiet period
of an hour, so nothing is rebuilt by its timer during a test.
"""

from __future__ import annotations

import asyncio

from bot.counselor import gateway, queries
from bot.counselor.turn_summaries import SUMMARIES
from bot.db import Conversation
from bot.keys import DB_KEY

from .conftest import recorded_tracker, seed


async def updated_at(client, sender_id: str):
    async with client.app[DB_KEY].sessionmaker() as db:
        conv = await db.get(Conversation, sender_id)
        return conv.summary_updated_at if conv else None


async def turn(client, sender_id: str, text: str) -> None:
    """A turn as the conversation service records it: the message, then the after-turn hook (debounced)."""
    await seed(client, sender_id, [(text, "ok")], summarise=False)
    client.app[SUMMARIES].schedule(sender_id)


async def test_fresh_rows_are_read_from_the_cache(client, login_as, trackers, tracker_reads) -> None:
    await login_as("counselor")
    trackers["web:cached"] = recorded_tracker("web:cached")
    await seed(client, "web:cached", [("bank teller to fintech", "ok")])  # built in the background
    built = await updated_at(client, "web:cached")
    assert built is not None and tracker_reads == ["web:cached"]
    for path in ("/counselor/", "/counselor/handoffs", "/counselor/export.csv", "/counselor/export.json"):
        assert (await client.get(path)).status == 200, path
    assert "Banking → Fintech" in await (await client.get("/counselor/")).text()
    assert (
        "wants to move from bank teller to fintech"
        in await (await client.get("/counselor/c/web:cached")).text()
    )
    assert tracker_reads == ["web:cached"] and await updated_at(client, "web:cached") == built


async def test_the_inbox_waits_for_a_turn_in_its_quiet_period(
    client, login_as, trackers, tracker_reads
) -> None:
    await login_as("counselor")
    summaries = client.app[SUMMARIES]
    trackers["web:quiet"] = recorded_tracker("web:quiet")
    await turn(client, "web:quiet", "bank teller to fintech")  # no summary yet; its rebuild waits
    assert summaries.pending("web:quiet") and tracker_reads == []
    text = await (await client.get("/counselor/")).text()
    assert "Banking → Fintech" in text and "Summary being prepared" not in text  # built for the page
    assert tracker_reads == ["web:quiet"] and not summaries.pending("web:quiet")  # and not once more later
    await summaries.drain()
    assert tracker_reads == ["web:quiet"]


async def test_the_inbox_rebuilds_a_row_older_than_its_last_message(
    client, login_as, trackers, tracker_reads
) -> None:
    await login_as("counselor")
    trackers["web:old"] = recorded_tracker("web:old")
    await seed(client, "web:old", [("bank teller to fintech", "ok")])
    before = await updated_at(client, "web:old")
    # A message that no turn summarised (e.g. under hold, or answered by another gateway process).
    await seed(client, "web:old", [("one more thing", "ok")], summarise=False)
    await seed(client, "web:new", [("I teach and like design", "ok")], summarise=False)
    text = await (await client.get("/counselor/")).text()
    assert "Summary being prepared" not in text  # web:new was built for the page too
    assert sorted(tracker_reads) == ["web:new", "web:old", "web:old"]
    assert await updated_at(client, "web:old") > before
    async with client.app[DB_KEY].reader() as db:
        conv = await db.get(Conversation, "web:old")
    assert not queries.is_stale(conv)
    assert (await client.get("/counselor/")).status == 200
    assert len(tracker_reads) == 3  # now fresh: read from the cache


async def test_exports_hurry_only_pending_rebuilds(client, login_as, trackers, tracker_reads) -> None:
    await login_as("counselor")
    trackers["web:x"] = recorded_tracker("web:x")
    await seed(client, "web:x", [("bank teller to fintech", "ok")])
    await seed(client, "web:x", [("a message no turn summarised", "ok")], summarise=False)
    await turn(client, "web:p", "I'm a bank teller")
    assert (await client.get("/counselor/export.json")).status == 200
    assert tracker_reads == ["web:x", "web:p"]  # the pending one ran for the export; the old one is listed
    assert not client.app[SUMMARIES].pending("web:p")


async def test_the_conversation_page_waits_for_the_pending_rebuild(
    client, login_as, trackers, tracker_reads
) -> None:
    await login_as("counselor")
    summaries = client.app[SUMMARIES]
    trackers["web:p"] = recorded_tracker("web:p")
    await seed(client, "web:p", [("bank teller to fintech", "ok")])
    page = await (await client.get("/counselor/c/web:p")).text()
    assert "wants to move from bank teller to fintech" in page and "being updated" not in page
    assert tracker_reads == ["web:p"]  # fresh: the page read the cache

    await turn(client, "web:p", "and evenings only")
    assert summaries.pending("web:p")
    page = await (await client.get("/counselor/c/web:p")).text()
    assert "being updated" not in page and "wants to move from bank teller to fintech" in page
    assert tracker_reads == ["web:p", "web:p"] and not summaries.pending("web:p")
    async with client.app[DB_KEY].reader() as db:
        assert not queries.is_stale(await db.get(Conversation, "web:p"))

    await seed(client, "web:none", [("I'm a bank teller", "ok")], summarise=False)
    trackers["web:none"] = recorded_tracker("web:none")
    page = await (await client.get("/counselor/c/web:none")).text()  # nothing cached, nothing pending
    assert "wants to move from bank teller to fintech" in page


async def test_a_slow_rasa_shows_the_older_summary_with_a_notice(
    client, login_as, trackers, tracker_reads, monkeypatch
) -> None:
    await login_as("counselor")
    trackers["web:slow"] = recorded_tracker("web:slow")
    await seed(client, "web:slow", [("bank teller to fintech", "ok")])
    gate = asyncio.Event()
    real = gateway.fetch_tracker

    async def held(app, sender_id):
        await gate.wait()
        return await real(app, sender_id)

    monkeypatch.setattr(gateway, "fetch_tracker", held)
    monkeypatch.setattr(queries, "FRESH_WAIT_S", 0.05)
    await turn(client, "web:slow", "and evenings only")
    page = await (await client.get("/counselor/c/web:slow")).text()
    assert "being updated" in page and "wants to move from bank teller to fintech" in page
    gate.set()
    await client.app[SUMMARIES].drain()  # the rebuild the page started went on
    assert "being updated" not in await (await client.get("/counselor/c/web:slow")).text()
    assert tracker_reads == ["web:slow", "web:slow"]

"""The counselor summary is rebuilt in the background when a conversation goes quiet, not after every turn:
each turn pushes the rebuild back by the quiet period, never past the cap after the first turn it lacks; a
hand-off request is rebuilt at once; pending rebuilds run at shutdown. Through the real gateway app and
its conversation service (fake Rasa); the debounce is read on a clock the test moves, so no test waits for
a timer except the one that checks a rebuild does come by itself (with a 50 ms quiet period)."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from bot.app import init_app
from bot.conversation import CONVERSATION_KEY
from bot.counselor import queries
from bot.counselor.turn_summaries import SUMMARIES
from bot.db import Conversation
from bot.keys import DB_KEY
from tests.bot.conftest import API_HEADERS

QUIET, CAP = 20.0, 120.0


async def cached(client, sender_id: str) -> dict | None:
    async with client.app[DB_KEY].sessionmaker() as db:
        conv = await db.get(Conversation, sender_id)
        return json.loads(conv.summary_json) if conv is not None and conv.summary_json else None


async def settled(client, sender_id: str, turns: int) -> dict:
    for _ in range(500):
        summary = await cached(client, sender_id)
        if summary is not None and summary["user_turns"] == turns:
            return summary
        await asyncio.sleep(0.02)
    raise AssertionError(f"no summary with {turns} turns: {await cached(client, sender_id)}")


async def settled_at_least(client, sender_id: str, turns: int) -> dict:
    for _ in range(500):
        summary = await cached(client, sender_id)
        if summary is not None and summary["user_turns"] >= turns:
            return summary
        await asyncio.sleep(0.01)
    raise AssertionError(f"no summary with {turns} turns: {await cached(client, sender_id)}")


async def say(client, sender_id: str, text: str) -> None:
    resp = await client.post("/api/v1/messages", json={"sender_id": sender_id, "text": text})
    assert resp.status == 200, await resp.text()


class Clock:
    """The queue's time source, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rebuilds(monkeypatch) -> list[str]:
    """Senders whose summary was rebuilt (each one a full tracker read in Rasa), in order."""
    calls: list[str] = []
    real = queries.refresh_summary

    async def counted(app, conv, **kw):
        calls.append(conv.sender_id)
        return await real(app, conv, **kw)

    monkeypatch.setattr(queries, "refresh_summary", counted)
    return calls


@pytest.fixture
async def slow_client(aiohttp_client, gateway_settings):
    """The gateway with the default quiet period and cap, its queue on a clock the test moves."""
    settings = gateway_settings.replace(summary_quiet_s=QUIET, summary_max_delay_s=CAP)
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)
    clock = Clock()
    client.app[SUMMARIES].clock = clock
    return client, client.app[SUMMARIES], clock


async def test_a_quiet_conversation_gets_its_summary_by_itself(gateway_client, fake_rasa) -> None:
    """tests/bot/conftest.py sets a 50 ms quiet period: no page, no drain, the summary comes."""
    service = gateway_client.app[CONVERSATION_KEY]
    assert service.after_turn == [gateway_client.app[SUMMARIES].after_turn]  # the dashboard's rebuild
    body = {"sender_id": "api:turns", "text": "I'm a bank teller and want to move into fintech"}
    assert (await gateway_client.post("/api/v1/messages", json=body)).status == 200
    first = await settled(gateway_client, "api:turns", 1)
    assert first["first_message"] == body["text"] and first["source"] == "tracker+gateway"
    for text in ("what skills am I missing?", "thanks"):
        await say(gateway_client, "api:turns", text)
    await settled(gateway_client, "api:turns", 3)  # coalesced or not, the last turn is in
    assert len([c for c in fake_rasa.calls if c["sender"] == "api:turns"]) == 3


async def test_turns_push_the_rebuild_back_and_a_burst_costs_one(slow_client, rebuilds) -> None:
    client, summaries, clock = slow_client
    start = clock.now
    await say(client, "api:burst", "I'm a bank teller and want to move into fintech")
    assert summaries.due("api:burst") == start + QUIET and rebuilds == []
    clock.now += 5
    await say(client, "api:burst", "what skills am I missing?")
    assert summaries.due("api:burst") == start + 5 + QUIET  # pushed back by the new turn
    clock.now += 12
    await say(client, "api:burst", "thanks")
    assert summaries.due("api:burst") == start + 17 + QUIET
    assert rebuilds == [] and await cached(client, "api:burst") is None  # the person is still talking
    await summaries.drain()
    assert rebuilds == ["api:burst"]  # three turns, one tracker read
    assert (await cached(client, "api:burst"))["user_turns"] == 3
    assert summaries.due("api:burst") is None and not summaries.pending("api:burst")


async def test_a_chatty_person_is_summarised_by_the_cap(slow_client, rebuilds) -> None:
    client, summaries, clock = slow_client
    start = clock.now
    turns = 0
    while clock.now + QUIET <= start + CAP:  # a turn every 19 s: never 20 s quiet
        await say(client, "api:chatty", f"message {turns}")
        turns += 1
        assert summaries.due("api:chatty") == clock.now + QUIET
        clock.now += 19
    await say(client, "api:chatty", "one more")  # at start + 114: the quiet period would end after the cap
    turns += 1
    assert summaries.due("api:chatty") == start + CAP and rebuilds == []
    clock.now = start + CAP + 1
    await say(client, "api:chatty", "and another")  # past the cap: the rebuild starts now, not at +20 s
    for _ in range(500):
        if rebuilds:
            break
        await asyncio.sleep(0.01)
    assert rebuilds == ["api:chatty"]
    summary = await settled_at_least(client, "api:chatty", turns)  # this turn is in it, or in the next one
    assert summary["first_message"] == "message 0"
    # the cap counts again from the first turn after that rebuild started
    clock.now += 3
    await say(client, "api:chatty", "still here")
    assert summaries.due("api:chatty") == clock.now + QUIET


async def test_a_handoff_request_is_summarised_at_once(slow_client, rebuilds, fake_rasa) -> None:
    client, summaries, clock = slow_client
    await say(client, "api:help", "I'm a bank teller and want to move into fintech")
    assert summaries.due("api:help") == clock.now + QUIET
    await say(client, "api:help", "this is useless, can I talk to a human?")  # the clock does not move
    await summaries.wait("api:help")
    summary = await cached(client, "api:help")
    assert rebuilds == ["api:help"] and summary["user_turns"] == 2 and summary["handoff_requested"]


async def test_one_rebuild_per_sender_and_a_turn_during_it_gets_its_own(slow_client, monkeypatch) -> None:
    client, summaries, clock = slow_client
    real = queries.refresh_summary
    running, most, release = 0, 0, asyncio.Event()
    inside = asyncio.Event()

    async def slow(app, conv, **kw):
        nonlocal running, most
        running += 1
        most = max(most, running)
        inside.set()
        await release.wait()
        try:
            return await real(app, conv, **kw)
        finally:
            running -= 1

    monkeypatch.setattr(queries, "refresh_summary", slow)
    await say(client, "api:one", "can I talk to a human?")  # at once
    await inside.wait()
    await say(client, "api:one", "hello?")  # during the rebuild: one more, after its quiet period
    assert summaries.due("api:one") == clock.now + QUIET
    fresh = asyncio.ensure_future(summaries.fresh(["api:one"]))  # a page asks meanwhile: at once after it
    release.set()
    await asyncio.wait_for(fresh, 5)
    assert most == 1 and (await cached(client, "api:one"))["user_turns"] == 2


async def test_pending_rebuilds_run_at_shutdown(aiohttp_client, gateway_settings, rebuilds) -> None:
    settings = gateway_settings.replace(summary_quiet_s=3600.0, summary_max_delay_s=7200.0)
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)
    for sender in ("api:a", "api:b"):
        await say(client, sender, "I'm a bank teller and want to move into fintech")
        await say(client, sender, "thanks")
    assert rebuilds == [] and client.app[SUMMARIES].pending("api:a")
    await client.close()  # the app's cleanup runs what is pending
    assert sorted(rebuilds) == ["api:a", "api:b"]
    path = settings.app_database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = dict(db.execute("SELECT sender_id, summary_json FROM conversations").fetchall())
    assert {s: json.loads(rows[s])["user_turns"] for s in ("api:a", "api:b")} == {"api:a": 2, "api:b": 2}


def test_the_quiet_period_and_cap_are_settings() -> None:
    from bot.settings import Settings

    assert (Settings.from_env({}).summary_quiet_s, Settings.from_env({}).summary_max_delay_s) == (20.0, 120.0)
    s = Settings.from_env({"SUMMARY_QUIET_SECONDS": "0", "SUMMARY_MAX_DELAY_SECONDS": "30"})
    assert (s.summary_quiet_s, s.summary_max_delay_s) == (0.0, 30.0)


async def test_no_quiet_period_rebuilds_after_every_turn(aiohttp_client, gateway_settings, rebuilds) -> None:
    settings = gateway_settings.replace(summary_quiet_s=0.0)
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)
    clock = Clock()
    client.app[SUMMARIES].clock = clock  # the clock never moves: only a zero delay can start a rebuild
    await say(client, "api:zero", "hello")
    await client.app[SUMMARIES].wait("api:zero")
    assert rebuilds == ["api:zero"]

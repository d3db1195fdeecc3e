"""Hand-back when Rasa cannot take it (the real gateway and SQLite; Rasa is conftest's fake, scripted to
refuse the slot reset, or a port where nothing listens): the person is not told they are back and stays with
the counselor until Rasa took the reset; the release is retried by the worker, also after a gateway restart;
a counselor holding again calls it off; deleting the person deletes it."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from bench.stack import free_port
from bot import handback, store
from bot.counselor import gateway as dashboard
from bot.delivery import forget_person
from bot.handback import BACK_WITH_PIVOT, Handback
from bot.keys import DB_KEY
from tests.bot.notify.conftest import PUBLIC_URL, stack_settings, start_stack, wait_for

COUNSELOR = "sam@college.example"
BACK = BACK_WITH_PIVOT["en"]


async def say(client: Any, sender: str, text: str) -> list[str]:
    body = {"sender_id": sender, "text": text, "site": "college.example"}
    resp = await client.post("/api/v1/messages", json=body)
    assert resp.status == 200, await resp.text()
    return [m["text"] for m in (await resp.json())["messages"]]


async def told_back(client: Any, sender: str) -> int:
    history = await store.get_history(client.server.app[DB_KEY], sender)
    return sum(1 for h in history if h.text == BACK)


async def rows(client: Any) -> int:
    async with client.server.app[DB_KEY].reader() as session:
        return int(await session.scalar(select(func.count()).select_from(Handback)) or 0)


async def test_rasa_down_at_release_the_person_stays_with_the_counselor_until_it_worked(stack, fake_rasa):
    app = stack.server.app
    await say(stack, "api:ann", "I want a human")
    await dashboard.set_hold(app, "api:ann", COUNSELOR)
    fake_rasa.events_statuses = [503, 503]  # Rasa refuses the reset twice, then takes it

    await dashboard.set_hold(app, "api:ann", None)

    flags = await store.get_flags(app[DB_KEY], "api:ann")
    assert flags is not None and flags.held_by == COUNSELOR  # still with the counselor: the bot stays quiet
    assert await told_back(stack, "api:ann") == 0
    waiting = await handback.pending(app[DB_KEY], "api:ann")
    assert waiting is not None and waiting.attempts == 1 and "HTTP 503" in (waiting.last_error or "")
    health = await (await stack.get("/healthz")).json()
    assert health["parts"]["handback"].startswith("degraded: 1 waiting for Rasa")
    asked = len(fake_rasa.calls)
    (reply,) = await say(stack, "api:ann", "are you still there?")
    assert reply.startswith(
        "Yes, I'm here. The counselor has finished here; Pivot will be back with you shortly"
    )
    assert len(fake_rasa.calls) == asked  # not handed to Rasa while its slot still says "hand-off"

    seconds = await wait_for(lambda: len(fake_rasa.posted_events) == 1, timeout=10.0)  # 1 s, then 2 s backoff
    for _ in range(100):
        if await told_back(stack, "api:ann"):
            break
        await asyncio.sleep(0.05)

    assert await told_back(stack, "api:ann") == 1
    flags = await store.get_flags(app[DB_KEY], "api:ann")
    assert flags is not None and flags.held_by is None and not flags.handoff_requested
    assert await rows(stack) == 0
    assert (await say(stack, "api:ann", "what about data analytics?")) == [
        "You said: what about data analytics?"
    ]
    health = await (await stack.get("/healthz")).json()
    assert health["parts"]["handback"] == "ok"
    print(f"hand-back after Rasa refused twice: done {seconds:.1f} s after the release")


async def test_a_release_waiting_for_rasa_survives_a_gateway_restart(
    aiohttp_client, gateway_settings, sites_file, mailbox, fake_rasa
):
    down = stack_settings(
        gateway_settings, sites_file, mailbox, rasa_urls=(f"http://127.0.0.1:{free_port()}",)
    )
    first = await start_stack(aiohttp_client, down)
    app = first.server.app
    await store.record_exchange(app[DB_KEY], "api:bo", "I want a human", [], channel="api")
    await dashboard.set_hold(app, "api:bo", COUNSELOR)
    await dashboard.set_hold(app, "api:bo", None)  # nothing listens where Rasa should be
    assert await rows(first) == 1 and await told_back(first, "api:bo") == 0
    await first.close()  # the gateway stops with the release still waiting

    second = await start_stack(aiohttp_client, stack_settings(gateway_settings, sites_file, mailbox))
    await wait_for(lambda: len(fake_rasa.posted_events) == 1, timeout=10.0)
    for _ in range(100):
        if await told_back(second, "api:bo"):
            break
        await asyncio.sleep(0.05)

    assert await told_back(second, "api:bo") == 1 and await rows(second) == 0
    assert fake_rasa.posted_events == [
        {"sender": "api:bo", "events": [{"event": "slot", "name": "handoff_requested", "value": False}]}
    ]
    flags = await store.get_flags(second.server.app[DB_KEY], "api:bo")
    assert flags is not None and flags.held_by is None


async def test_holding_again_calls_the_waiting_release_off(stack, fake_rasa):
    app = stack.server.app
    await say(stack, "api:cy", "I want a human")
    await dashboard.set_hold(app, "api:cy", COUNSELOR)
    fake_rasa.events_statuses = [503]

    await dashboard.set_hold(app, "api:cy", None)
    await dashboard.set_hold(app, "api:cy", COUNSELOR)  # the counselor changes their mind
    await asyncio.sleep(1.5)  # past the first retry time

    assert await rows(stack) == 0 and fake_rasa.posted_events == []
    assert await told_back(stack, "api:cy") == 0
    flags = await store.get_flags(app[DB_KEY], "api:cy")
    assert flags is not None and flags.held_by == COUNSELOR


async def test_deleting_the_person_deletes_the_waiting_release(stack, fake_rasa):
    app = stack.server.app
    await say(stack, "api:di", "I want a human")
    await dashboard.set_hold(app, "api:di", COUNSELOR)
    fake_rasa.events_statuses = [503] * 5
    await dashboard.set_hold(app, "api:di", None)
    assert await rows(stack) == 1

    await forget_person(app, "api:di")

    assert await rows(stack) == 0 and await store.get_flags(app[DB_KEY], "api:di") is None


async def test_the_line_reaches_an_open_widget_with_its_id(stack, fake_rasa):
    app = stack.server.app
    body = await (await stack.post("/api/v1/session", headers={"Origin": PUBLIC_URL})).json()
    sender, token = body["sender_id"], body["token"]
    resp = await stack.post(
        "/api/v1/messages",
        json={"sender_id": sender, "token": token, "text": "I want a human", "site": "college.example"},
        headers={"Origin": PUBLIC_URL},
    )
    assert resp.status == 200
    await dashboard.set_hold(app, sender, COUNSELOR)
    ws = await stack.ws_connect(
        "/ws", params={"sender_id": sender, "token": token}, headers={"Origin": PUBLIC_URL}
    )

    await dashboard.set_hold(app, sender, None)
    while (frame := await ws.receive_json(timeout=5))["type"] != "bot":
        pass
    await ws.close()

    history = await store.get_history(app[DB_KEY], sender)
    assert frame["messages"] == [{"text": BACK, "buttons": []}]
    assert frame["ids"] == [history[-1].id] and history[-1].text == BACK  # the widget acknowledges this id

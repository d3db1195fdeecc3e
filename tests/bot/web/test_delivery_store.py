"""`bot.web_delivery`'s reads and writes on SQLite and PostgreSQL (acknowledgements, what to re-send, the
current list), and the HTTP fallback's handling of a press on an old list."""

from __future__ import annotations

import shutil

import pytest

from bot import store
from bot.db import Database, migrate
from bot.keys import DB_KEY, WIDGET_SESSIONS_KEY
from bot.web_delivery import LIST_CHANGED, acked_ids, current_list, record_acks, reply_ids, unacked
from tests.bot.fakes import PICK_FIRST

SENDER = "web:5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"
LIST = [{"title": "Tell me more about #1", "payload": PICK_FIRST}]


async def _check(db: Database) -> None:
    await store.record_exchange(db, SENDER, "list a", [{"text": "1. Cert A", "buttons": LIST}], client_id="a")
    await store.record_exchange(db, SENDER, "list b", [{"text": "1. Cert B", "buttons": LIST}], client_id="b")
    [a] = await reply_ids(db, SENDER, "a")
    [b] = await reply_ids(db, SENDER, "b")
    assert await current_list(db, SENDER) == ({b}, LIST)
    assert [m["id"] for m in await unacked(db, SENDER)] == [a, b]

    assert await record_acks(db, SENDER, [a, a, 10**9]) == (1, [])  # unknown ids and repeats count nothing
    assert await record_acks(db, "web:someone-else-000", [b]) == (0, [])
    assert await acked_ids(db, SENDER) == {a}
    assert [m["id"] for m in await unacked(db, SENDER)] == [b]

    # "That list has changed" repeats list B: both stay current.
    await store.record_exchange(db, SENDER, "#1", [{"text": LIST_CHANGED, "buttons": LIST}], client_id="s")
    [notice] = await reply_ids(db, SENDER, "s")
    assert await current_list(db, SENDER) == ({b, notice}, LIST)
    result = await store.forget_sender(db, SENDER)
    assert result.messages == 6 and await acked_ids(db, SENDER) == set()  # acks go with the messages


async def test_on_sqlite(tmp_path, migrated_app_db):
    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        await _check(db)
    finally:
        await db.dispose()


@pytest.mark.postgres
async def test_on_postgres(fresh_pg):
    migrate(fresh_pg)
    db = Database.from_url(fresh_pg)
    try:
        await _check(db)
    finally:
        await db.dispose()


async def test_the_http_fallback_answers_a_press_on_an_old_list_too(gateway_client, fake_rasa):
    token = gateway_client.app[WIDGET_SESSIONS_KEY].token_for(SENDER)
    origin = {"Origin": "https://college.example"}

    async def post(text: str, client_id: str, **extra):
        body = {"sender_id": SENDER, "token": token, "text": text, "client_id": client_id, **extra}
        return await gateway_client.post("/api/v1/messages", json=body, headers=origin)

    await post("list a", "a")
    await post("list b", "b")
    db = gateway_client.app[DB_KEY]
    [list_a] = await reply_ids(db, SENDER, "a")
    [list_b] = await reply_ids(db, SENDER, "b")

    stale = await post(PICK_FIRST, "old", display="Tell me more about #1", list=list_a)
    assert stale.status == 200
    assert (await stale.json())["messages"] == [{"text": LIST_CHANGED, "buttons": LIST}]
    current = await post(PICK_FIRST, "cur", display="Tell me more about #1", list=list_b)
    assert (await current.json())["messages"][0]["text"] == f"You said: {PICK_FIRST}"
    assert fake_rasa.texts() == ["list a", "list b", PICK_FIRST]  # the old press never reached Rasa

    for bad in ("7", 0, -1, True, 2**63, [1]):
        resp = await post(PICK_FIRST, f"bad{abs(hash(str(bad))) % 1000}", list=bad)
        assert resp.status == 400 and "list must be" in (await resp.json())["error"]


async def test_shutdown_ends_the_waits_for_rasa(aiohttp_client, gateway_settings, fake_rasa):
    """A message kept while Rasa is down stops waiting when the gateway stops (the browser's outbox
    sends it again after the restart); nothing is recorded half-way."""
    from bot.app import init_app
    from bot.web_delivery import WEB_DELIVERY_KEY
    from tests.bot.web.widget_model import WidgetModel, until

    client = await aiohttp_client(await init_app(gateway_settings))
    delivery = client.app[WEB_DELIVERY_KEY]
    fake_rasa.status_code = 500
    model = WidgetModel(client, SENDER)
    await model.connect()
    await model.send("kept", "k1")
    await until(lambda: delivery.waiting == {(SENDER, "k1")})
    [task] = list(delivery.tasks)
    await client.app.shutdown()
    assert task.cancelled() and delivery.waiting == set()
    assert await store.count_messages(client.app[DB_KEY], SENDER) == 0
    await model.close()

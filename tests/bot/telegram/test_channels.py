"""The channel registry with Telegram configured (bot/channels.py): the gateway reaches a Telegram person
through the registry's `LiveChannel`, never by name. Real gateway, real SQLite, the suite's fake Rasa and
the local fake Bot API server (Telegram's servers are the only thing faked)."""

from __future__ import annotations

import asyncio

from bot import handback
from bot.channels import CHANNELS_KEY, LiveChannel
from bot.delivery import hold_conversation
from bot.telegram.channel import TELEGRAM_KEY
from bot.web_delivery import WEB_DELIVERY_KEY
from tests.bot.telegram.conftest import SECRET, settle
from tests.bot.telegram.updates import CHAT_ID, text_message

SENDER = f"tg:{CHAT_ID}"


async def post(client, update):
    return await client.post(
        "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )


async def test_the_registry_holds_the_widget_and_telegram(tg_client):
    channels = tg_client.app[CHANNELS_KEY]
    assert [c.name for c in channels] == ["web", "telegram"]
    assert all(isinstance(c, LiveChannel) for c in channels)
    assert channels.of(SENDER) is tg_client.app[TELEGRAM_KEY]
    assert channels.of("web:00000000-0000-4000-8000-000000000000") is tg_client.app[WEB_DELIVERY_KEY]
    assert channels.of("api:someone") is None


async def test_healthz_reads_every_channel_from_the_registry(tg_client):
    body = await (await tg_client.get("/healthz")).json()
    assert body["status"] == "ok"
    assert body["parts"]["telegram"] == "ok"  # essential: it would fail the check
    assert body["parts"]["widget"].startswith("ok: ")  # advisory
    assert set(body["counts"]) == {"widget", "telegram"}


async def test_a_hand_back_line_reaches_the_telegram_chat_once(tg_client, bot_api, fake_rasa):
    await post(tg_client, text_message(9801, "I want a human"))
    await settle(tg_client)
    await hold_conversation(tg_client.app, SENDER, "ann")
    before = len(bot_api.sent_texts())

    assert await handback.release(tg_client.app, SENDER)  # Rasa took the slot reset: handed back now
    for _ in range(200):
        if len(bot_api.sent_texts()) > before:
            break
        await asyncio.sleep(0.02)
    [line] = bot_api.sent_texts()[before:]
    assert line.startswith("You're back with Pivot")
    assert [sender for sender, _ in fake_rasa.appended] == [SENDER]  # the slot reset reached Rasa

    # The same recorded line pushed again (a retry) is the same outbox row: nothing is sent twice.
    channel = tg_client.app[CHANNELS_KEY].of(SENDER)
    message_id = max(m.id for m in await _history(tg_client))
    assert await channel.push_line(SENDER, message_id, line, key=f"{handback.LINE_KEY_PREFIX}{message_id}")
    await asyncio.sleep(0.2)
    assert bot_api.sent_texts()[before:] == [line]


async def _history(client):
    from bot import store
    from bot.keys import DB_KEY

    return await store.get_history(client.app[DB_KEY], SENDER)

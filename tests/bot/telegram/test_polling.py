"""Long-polling mode (no TELEGRAM_WEBHOOK_URL): updates fetched with getUpdates from the fake Bot API."""

from __future__ import annotations

import asyncio

from bot.app import init_app
from bot.telegram.channel import TELEGRAM_KEY
from tests.bot.telegram.conftest import settle
from tests.bot.telegram.updates import text_message


async def test_polling_processes_each_update_once(aiohttp_client, telegram_settings, bot_api, fake_rasa):
    settings = telegram_settings.replace(telegram_webhook_url="", telegram_secret_token="")
    bot_api.pending_updates.extend([text_message(1, "hi there"), text_message(2, "and again")])
    client = await aiohttp_client(await init_app(settings))
    await asyncio.wait_for(client.app[TELEGRAM_KEY].ready.wait(), 10)
    assert (await client.post("/telegram/webhook", json={})).status == 404  # no webhook route when polling
    for _ in range(200):
        if len(bot_api.sent_texts()) >= 2:
            break
        await asyncio.sleep(0.05)
    await settle(client)
    assert "deleteWebhook" in [m for m, _ in bot_api.calls]
    assert [c["message"] for c in fake_rasa.calls] == ["hi there", "and again"]
    assert bot_api.sent_texts() == ["You said: hi there", "You said: and again"]

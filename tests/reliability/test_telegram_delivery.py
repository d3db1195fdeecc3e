"""Telegram delivers an update at least once; Pivot must process it exactly once.

Telegram re-sends an update when it did not get a 200 in time, may deliver updates out of order after a
retry, and keeps delivering while the gateway restarts. The gateway claims each `update_id` in its app DB
(`telegram_updates`) before queueing it, answers 503 until it is connected, and finishes queued work on a
graceful shutdown. Telegram itself is the local fake Bot API server of the gateway's own tests.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import aiohttp

from bot.app import init_app
from bot.telegram.channel import TELEGRAM_KEY
from tests.reliability.conftest import telegram_client, telegram_settings
from tests.reliability.doors import post_telegram, settle, tg_update
from tests.reliability.harness import Backend, audit


async def rasa_user_texts(backend: Backend, sender: str) -> list[str]:
    """What reached Rasa for `sender`: the double's call log, or the real tracker's user events."""
    if backend.fake_rasa is not None:
        return [c["message"] for c in backend.fake_rasa.calls if c["sender"] == sender]
    async with aiohttp.ClientSession() as http:
        url = f"{backend.rasa_url}/conversations/{sender}/tracker"
        async with http.get(url, params={"token": backend.rasa_token}) as resp:
            events = (await resp.json())["events"] or []
    return [e["text"] for e in events if e["event"] == "user"]


def sent_to(bot_api, chat_id: int) -> list[str]:
    return [p["text"] for m, p in bot_api.calls if m == "sendMessage" and int(p["chat_id"]) == chat_id]


async def deliver(client, update_id: int, text: str, chat_id: int):
    return await post_telegram(client, json.dumps(tg_update(update_id, text, chat_id)).encode())


async def test_same_update_delivered_five_times_at_once(tg_client, backend, bot_api):
    chat_id = 7_100_001
    answers = await asyncio.gather(*(deliver(tg_client, 501, "hi", chat_id) for _ in range(5)))
    assert [a.status for a in answers] == [200] * 5  # acknowledged, so Telegram stops retrying
    await settle(tg_client.app)
    assert await rasa_user_texts(backend, f"tg:{chat_id}") == ["hi"]
    [exchange] = audit(tg_client.settings.app_database_url)[f"tg:{chat_id}"]
    assert sent_to(bot_api, chat_id) and len(sent_to(bot_api, chat_id)) == len(exchange.replies)


async def test_out_of_order_and_repeated_updates_are_each_processed_once(tg_client, backend, bot_api):
    chat_id = 7_100_002
    texts = {601: "hello", 602: "I work in finance", 603: "thanks"}
    for update_id in (603, 601, 602, 601, 603, 602):
        assert (await deliver(tg_client, update_id, texts[update_id], chat_id)).status == 200
    await settle(tg_client.app)
    reached = await rasa_user_texts(backend, f"tg:{chat_id}")
    assert Counter(reached) == Counter(texts.values())
    assert reached == ["thanks", "hello", "I work in finance"]  # one chat: processed in arrival order
    stored = audit(tg_client.settings.app_database_url)[f"tg:{chat_id}"]
    assert [e.inbound for e in stored] == reached


async def test_redelivery_after_a_restart_is_dropped(aiohttp_client, backend, bot_api, tmp_path):
    """An update processed before a restart and re-sent after it (Telegram missed the 200) is not processed
    again: the claim lives in the app DB, not in the process."""
    settings = telegram_settings(backend, bot_api, tmp_path)
    chat_id = 7_100_003
    first = await telegram_client(aiohttp_client, settings)
    assert (await deliver(first, 701, "hi", chat_id)).status == 200
    await settle(first.app)
    await first.close()

    second = await telegram_client(aiohttp_client, settings)
    assert (await deliver(second, 701, "hi", chat_id)).status == 200
    assert (await deliver(second, 702, "thanks", chat_id)).status == 200
    await settle(second.app)
    assert await rasa_user_texts(backend, f"tg:{chat_id}") == ["hi", "thanks"]
    assert [e.inbound for e in audit(settings.app_database_url)[f"tg:{chat_id}"]] == ["hi", "thanks"]


async def test_update_arriving_while_the_gateway_starts_is_retried_then_processed_once(
    aiohttp_client, backend, bot_api, tmp_path
):
    """Until the gateway has reached Telegram it answers 503 + Retry-After and stores nothing, so Telegram's
    retry is what gets processed — once."""
    settings = telegram_settings(backend, bot_api, tmp_path)
    chat_id = 7_100_004
    bot_api.fail_methods.add("getMe")  # Telegram unreachable: the gateway keeps retrying in the background
    client = await aiohttp_client(await init_app(settings))
    starting = await deliver(client, 801, "hi", chat_id)
    assert starting.status == 503 and starting.headers.get("Retry-After"), starting
    assert audit(settings.app_database_url) == {}
    bot_api.fail_methods.clear()
    await asyncio.wait_for(client.app[TELEGRAM_KEY].ready.wait(), 30)
    for _ in range(2):  # Telegram's retry, and one more for good measure
        assert (await deliver(client, 801, "hi", chat_id)).status == 200
    await settle(client.app)
    assert await rasa_user_texts(backend, f"tg:{chat_id}") == ["hi"]
    assert len(audit(settings.app_database_url)[f"tg:{chat_id}"]) == 1


async def test_update_in_flight_during_a_graceful_restart_is_finished_once(
    aiohttp_client, fake_backend, bot_api, tmp_path
):
    """Shutting the gateway down while Rasa is still thinking about a message lets it finish (reply sent,
    exchange stored); the same update re-sent to the restarted gateway is dropped."""
    settings = telegram_settings(fake_backend, bot_api, tmp_path)
    fake_backend.fake_rasa.delay_s = 1.5
    chat_id = 7_100_005
    first = await telegram_client(aiohttp_client, settings)
    assert (await deliver(first, 901, "hi", chat_id)).status == 200
    await asyncio.sleep(0.2)  # the update is with Rasa now
    await first.close()  # graceful: cleanup waits for the chat queues
    assert len(sent_to(bot_api, chat_id)) == 2  # FakeRasa answers "hi" with two messages
    fake_backend.fake_rasa.delay_s = 0
    second = await telegram_client(aiohttp_client, settings)
    assert (await deliver(second, 901, "hi", chat_id)).status == 200
    await settle(second.app)
    assert await rasa_user_texts(fake_backend, f"tg:{chat_id}") == ["hi"]
    assert len(audit(settings.app_database_url)[f"tg:{chat_id}"]) == 1
    assert len(sent_to(bot_api, chat_id)) == 2


async def test_update_claimed_but_never_processed_is_not_lost(
    aiohttp_client, fake_backend, bot_api, tmp_path
):
    """A crash after the claim: the update is claimed and acknowledged (Telegram will not re-send it), then
    the process stops before the chat queue runs it. The restarted gateway finds it and processes it once."""
    settings = telegram_settings(fake_backend, bot_api, tmp_path)
    chat_id = 7_100_006
    first = await telegram_client(aiohttp_client, settings)
    channel = first.app[TELEGRAM_KEY]
    channel.queues.submit = lambda key, update: None  # the crash: claimed, never queued
    assert (await deliver(first, 1001, "hi", chat_id)).status == 200
    await first.close()
    second = await telegram_client(aiohttp_client, settings)
    await deliver(second, 1001, "hi", chat_id)  # and if Telegram did re-send it, it is not done twice
    await settle(second.app)
    assert await rasa_user_texts(fake_backend, f"tg:{chat_id}") == ["hi"]
    assert len(audit(settings.app_database_url)[f"tg:{chat_id}"]) == 1
    assert len(sent_to(bot_api, chat_id)) == 2

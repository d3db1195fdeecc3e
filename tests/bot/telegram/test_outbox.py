"""The Telegram outbox: replies reach the person exactly once through 429s, 502s and restarts, and an
update handled before a crash is not sent to Rasa again (issue 12). Telegram's servers are the only thing
faked, by the local fake Bot API server."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from sqlalchemy import select, update

from bot import store
from bot.app import init_app
from bot.db import TelegramOutgoing, TelegramUpdate
from bot.keys import DB_KEY
from bot.telegram.channel import TELEGRAM_KEY
from tests.bot.telegram.conftest import settle
from tests.bot.telegram.test_webhook import SENDER, post
from tests.bot.telegram.updates import CHAT_ID, text_message


def delivered_texts(bot_api) -> list[str]:
    return [p["text"] for p in bot_api.delivered if int(p["chat_id"]) == CHAT_ID]


async def until_sent(client, timeout_s: float = 20.0) -> None:
    """Wait until the outbox holds nothing pending (the sweep retries every 2 s)."""
    outbox = client.app[TELEGRAM_KEY].outbox
    for _ in range(int(timeout_s / 0.1)):
        if await outbox.pending() == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("telegram outbox still has pending messages")


async def outbox_rows(client) -> list[TelegramOutgoing]:
    async with client.app[DB_KEY].reader() as session:
        return list(await session.scalars(select(TelegramOutgoing).order_by(TelegramOutgoing.id)))


async def test_three_429s_in_a_row_still_deliver_the_reply_once(tg_client, bot_api):
    bot_api.faults["sendMessage"] = [("429", 1)] * 3

    await post(tg_client, text_message(9401, "good morning"))
    await settle(tg_client)
    await until_sent(tg_client)

    assert delivered_texts(bot_api) == ["You said: good morning"]
    [row] = await outbox_rows(tg_client)
    assert row.sent_at is not None and row.failed_at is None


async def test_502s_are_retried_in_order_and_nothing_is_sent_twice(tg_client, bot_api):
    bot_api.faults["sendMessage"] = [("502", None)] * 2

    await post(tg_client, text_message(9411, "first"))
    await post(tg_client, text_message(9412, "second"))
    await settle(tg_client)
    assert await tg_client.app[TELEGRAM_KEY].outbox.pending() == 2  # not recorded as sent yet
    await until_sent(tg_client)

    assert delivered_texts(bot_api) == ["You said: first", "You said: second"]
    assert all(r.sent_at is not None for r in await outbox_rows(tg_client))


async def test_a_reply_telegram_refused_before_a_restart_is_sent_after_it(
    aiohttp_client, telegram_settings, bot_api
):
    bot_api.faults["sendMessage"] = [("502", None)] * 50  # Telegram is down for this whole run
    first = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(first.app[TELEGRAM_KEY].ready.wait(), 10)
    await post(first, text_message(9421, "are you there?"))
    await settle(first)
    await first.close()
    assert delivered_texts(bot_api) == []

    bot_api.faults.clear()  # Telegram is back
    second = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(second.app[TELEGRAM_KEY].ready.wait(), 10)
    await until_sent(second)

    assert delivered_texts(bot_api) == ["You said: are you there?"]


async def test_an_update_handled_before_a_crash_is_not_sent_to_rasa_again(
    aiohttp_client, telegram_settings, bot_api, fake_rasa
):
    first = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(first.app[TELEGRAM_KEY].ready.wait(), 10)
    await post(first, text_message(9431, "I work in finance"))
    await settle(first)
    # The crash: the exchange was stored and the reply sent, but the update was not marked done.
    async with first.app[DB_KEY].sessionmaker.begin() as session:
        await session.execute(
            update(TelegramUpdate)
            .where(TelegramUpdate.update_id == 9431)
            .values(
                processed_at=None,
                payload=json.dumps(text_message(9431, "I work in finance")),
                received_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1),
            )
        )
    await first.close()

    second = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(second.app[TELEGRAM_KEY].ready.wait(), 10)
    await settle(second)

    assert [c["message"] for c in fake_rasa.calls if c["sender"] == SENDER] == ["I work in finance"]
    assert delivered_texts(bot_api) == ["You said: I work in finance"]
    async with second.app[DB_KEY].reader() as session:
        done = await session.scalar(
            select(TelegramUpdate.processed_at).where(TelegramUpdate.update_id == 9431)
        )
    assert done is not None


async def test_a_blocked_bot_gives_up_that_message_only(tg_client, bot_api):
    bot_api.fail_methods.add("sendMessage")
    await post(tg_client, text_message(9441, "one"))
    await settle(tg_client)
    bot_api.fail_methods.clear()
    await post(tg_client, text_message(9442, "two"))
    await settle(tg_client)

    rows = await outbox_rows(tg_client)
    assert [(r.failed_at is not None, r.sent_at is not None) for r in rows] == [(True, False), (False, True)]
    assert "blocked" in rows[0].last_error
    assert delivered_texts(bot_api) == ["You said: two"]


async def test_copies_older_than_the_retention_period_are_deleted(tg_client, bot_api):
    await post(tg_client, text_message(9451, "old"))
    await post(tg_client, text_message(9452, "new"))
    await settle(tg_client)
    async with tg_client.app[DB_KEY].sessionmaker.begin() as session:
        await session.execute(
            update(TelegramOutgoing)
            .where(TelegramOutgoing.text == "You said: old")
            .values(created_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=366))
        )

    # the one retention purge: the chat's conversation is recent, its year-old copy goes all the same
    assert await store.purge_expired(tg_client.app[DB_KEY], 365) == 0
    assert [r.text for r in await outbox_rows(tg_client)] == ["You said: new"]


async def test_a_late_timeout_is_found_past_what_the_person_wrote_meanwhile(tg_client, bot_api, monkeypatch):
    """The reply to "one" timed out here but Telegram showed it; the person had written "two" just before
    it (the id between), and "three" after it. The look steps over the person's message (the bot can't
    edit it), finds the reply and sends nothing again; every message is answered once, in order."""
    monkeypatch.setattr("bot.telegram.outbox.SEND_TIMEOUT_S", 1.0)
    bot_api.faults["sendMessage"] = [("timeout", 2.0)]
    first = bot_api.incoming(text_message(13001, "one"))
    second = bot_api.incoming(text_message(13002, "two"))  # written before the reply to "one" went out
    await post(tg_client, first)
    for _ in range(100):  # the reply to "one" is in the chat; its answer has not come back yet
        if delivered_texts(bot_api):
            break
        await asyncio.sleep(0.02)
    third = bot_api.incoming(text_message(13003, "three"))
    await post(tg_client, second)
    await post(tg_client, third)
    await settle(tg_client)
    await until_sent(tg_client, 30)

    assert delivered_texts(bot_api) == ["You said: one", "You said: two", "You said: three"]
    one, two = int(first["message"]["message_id"]), int(second["message"]["message_id"])
    reply_id = two + 1
    assert [int(p["message_id"]) for m, p in bot_api.named("editMessageText")] == [two, reply_id]
    assert "edit_date" not in bot_api.messages[(CHAT_ID, reply_id)] and one < two
    rows = await outbox_rows(tg_client)
    assert [r.message_id for r in rows] == [int(m["message_id"]) for m in bot_api.shown(CHAT_ID)]
    assert tg_client.app[TELEGRAM_KEY].fault_counts()["found_delivered"] == 1

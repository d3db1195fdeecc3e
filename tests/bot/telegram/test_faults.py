"""The Telegram fault suite (issue 12): what real Bot API servers do to a bot — 429 with retry_after, 500
and 502, requests that time out (delivered or not), 400s for HTML and length, 403 from a person who blocked
the bot, duplicate and out-of-order updates, gateway restarts — and Rasa going down under it. Each scenario
says which replies the person must get, and fault_tally.py sums faults injected, replies delivered, lost,
duplicated and recorded-but-undelivered; the sums are printed at the end of the run.

Telegram's servers are the only thing faked, by the local fake Bot API server (fake_bot_api.py), which
answers as the real one does; the updates are Telegram's real JSON shapes; Rasa is the REST-contract fake.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.app import init_app
from bot.db import TelegramOutgoing, TelegramUpdate
from bot.keys import DB_KEY
from bot.telegram.channel import TELEGRAM_KEY
from bot.telegram.handlers import RASA_WAIT
from tests.bot.telegram.conftest import settle
from tests.bot.telegram.fault_tally import record
from tests.bot.telegram.test_outbox import until_sent
from tests.bot.telegram.test_webhook import post
from tests.bot.telegram.updates import CHAT_ID, text_message

HI = ["Hi! I'm Pivot. Where do you work now?", "Pick one or type it:"]


async def sent_rows(client) -> list[str]:
    async with client.app[DB_KEY].reader() as session:
        rows = await session.scalars(
            select(TelegramOutgoing).where(TelegramOutgoing.chat_id == CHAT_ID).order_by(TelegramOutgoing.id)
        )
        return [r.text for r in rows if r.sent_at is not None]


async def messages_sent(client) -> int:
    """What the person sent in this scenario: the distinct updates that reached the gateway (each is
    claimed once in the app DB, however often Telegram delivered it)."""
    async with client.app[DB_KEY].reader() as session:
        return int(await session.scalar(select(func.count()).select_from(TelegramUpdate)) or 0)


async def tally(client, bot_api, expected: list[str]) -> dict[str, int]:
    return record(bot_api, CHAT_ID, expected, await sent_rows(client), await messages_sent(client))


def delivered(bot_api) -> list[str]:
    return [p["text"] for p in bot_api.delivered if int(p["chat_id"]) == CHAT_ID]


@pytest.fixture(autouse=True)
def short_send_timeout(monkeypatch):
    """A sendMessage that takes longer than 2 s counts as timed out (10 s in production); a slow, busy test
    machine stays well under it."""
    monkeypatch.setattr("bot.telegram.outbox.SEND_TIMEOUT_S", 2.0)


async def test_429_500_502_and_a_hung_request_in_one_turn(tg_client, bot_api):
    bot_api.faults["sendMessage"] = [("429", 1), ("502", None), ("500", None), ("hang", 3.0)]
    await post(tg_client, text_message(12001, "hi"))
    await settle(tg_client)
    await until_sent(tg_client, 30)

    counts = await tally(tg_client, bot_api, HI)
    assert delivered(bot_api) == HI  # both, in order, once
    assert counts["lost"] == counts["duplicated"] == counts["recorded_not_delivered"] == 0
    assert counts["faults_injected"] == 4
    faults = tg_client.app[TELEGRAM_KEY].fault_counts()
    assert faults["timeout"] == 1 and faults["server_error"] == 2 and faults["sent"] == 2


async def test_a_timeout_after_telegram_took_the_message_is_not_sent_again(tg_client, bot_api):
    """The Bot API has no idempotency key: Telegram got the message but its answer came too late. Before
    sending it again the outbox looks for it in the chat (editMessageText with its own text answers "not
    modified" for the message that already shows it) and finds it: once, nothing lost. A timeout on a
    message that never got through (the hung request) is sent again, also once."""
    bot_api.faults["sendMessage"] = [("timeout", 3.0)]
    await post(tg_client, bot_api.incoming(text_message(12011, "slow network")))
    await settle(tg_client)
    await until_sent(tg_client, 30)
    bot_api.faults["sendMessage"] = [("hang", 3.0)]
    await post(tg_client, bot_api.incoming(text_message(12012, "still slow")))
    await settle(tg_client)
    await until_sent(tg_client, 30)

    expected = ["You said: slow network", "You said: still slow"]
    counts = await tally(tg_client, bot_api, expected)
    assert delivered(bot_api) == expected
    assert counts["lost"] == counts["duplicated"] == counts["recorded_not_delivered"] == 0
    faults = tg_client.app[TELEGRAM_KEY].fault_counts()
    assert faults["timeout"] == 2 and faults["found_delivered"] == 1
    assert all("edit_date" not in m for m in bot_api.shown(CHAT_ID))  # the look changed nothing shown


async def test_a_reply_sent_just_before_a_crash_is_not_sent_again_after_the_restart(
    aiohttp_client, telegram_settings, bot_api, fake_rasa
):
    """The gateway sent a reply, Telegram took it, and the process died before recording it (the row is
    claimed, in doubt, not sent). The restarted gateway finds the message in the chat instead of sending
    it a second time; the next reply goes out normally, after the person's own message."""
    from sqlalchemy import update

    from bot.db import utcnow

    first = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(first.app[TELEGRAM_KEY].ready.wait(), 10)
    await post(first, bot_api.incoming(text_message(12091, "before the crash")))
    await settle(first)
    await until_sent(first)
    db = first.app[DB_KEY]
    async with db.sessionmaker.begin() as session:  # as the dead process left it: sent, but not recorded
        await session.execute(
            update(TelegramOutgoing)
            .where(TelegramOutgoing.chat_id == CHAT_ID)
            .values(sent_at=None, message_id=None, in_doubt=True, next_attempt_at=utcnow())  # lease over
        )
    await first.close()

    second = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(second.app[TELEGRAM_KEY].ready.wait(), 10)
    await until_sent(second, 30)
    await post(second, bot_api.incoming(text_message(12092, "after the restart")))
    await settle(second)
    await until_sent(second)

    expected = ["You said: before the crash", "You said: after the restart"]
    assert delivered(bot_api) == expected
    counts = await tally(second, bot_api, expected)
    assert counts["lost"] == counts["duplicated"] == counts["recorded_not_delivered"] == 0
    assert second.app[TELEGRAM_KEY].fault_counts()["found_delivered"] == 1


async def test_refused_html_and_overlong_text_are_resent_as_plain_text(tg_client, bot_api):
    bot_api.faults["sendMessage"] = [("bad_html", None)]
    await post(tg_client, text_message(12021, "fish & chips"))
    await settle(tg_client)
    bot_api.faults["sendMessage"] = [("too_long", None)]
    await post(tg_client, text_message(12022, "second"))
    await settle(tg_client)
    await until_sent(tg_client)

    assert delivered(bot_api) == ["You said: fish & chips", "You said: second"]
    assert [p.get("parse_mode") for p in bot_api.delivered] == [None, None]  # sent as text, not HTML
    counts = await tally(tg_client, bot_api, ["You said: fish & chips", "You said: second"])
    assert counts["lost"] == counts["duplicated"] == 0
    assert tg_client.app[TELEGRAM_KEY].fault_counts()["plain_text_fallback"] == 2


async def test_a_person_who_blocked_the_bot_stops_nothing_else(tg_client, bot_api):
    """403 is final for that message (retrying cannot help); the next one, once unblocked, goes out."""
    bot_api.blocked_chats.add(CHAT_ID)
    await post(tg_client, text_message(12031, "one"))
    await settle(tg_client)
    bot_api.blocked_chats.clear()
    await post(tg_client, text_message(12032, "two"))
    await settle(tg_client)
    await until_sent(tg_client)

    assert delivered(bot_api) == ["You said: two"]
    assert ("sendMessage", "Forbidden: bot was blocked by the user") in bot_api.refused
    counts = await tally(tg_client, bot_api, ["You said: two"])
    assert counts["recorded_not_delivered"] == 0  # the refused one is recorded as failed, not sent
    assert tg_client.app[TELEGRAM_KEY].fault_counts()["blocked"] == 1


async def test_duplicate_and_out_of_order_updates_under_502s(tg_client, bot_api, fake_rasa):
    bot_api.faults["sendMessage"] = [("502", None)] * 3
    texts = {12043: "thanks", 12041: "good day", 12042: "I work in finance"}
    for update_id in (12043, 12041, 12043, 12042, 12041, 12042):
        assert (await post(tg_client, text_message(update_id, texts[update_id]))).status == 200
    await settle(tg_client)
    await until_sent(tg_client, 30)

    expected = ["You said: thanks", "You said: good day", "You said: I work in finance"]  # arrival order
    assert delivered(bot_api) == expected
    assert [c["message"] for c in fake_rasa.calls] == ["thanks", "good day", "I work in finance"]
    counts = await tally(tg_client, bot_api, expected)
    assert counts["lost"] == counts["duplicated"] == 0


async def test_rasa_down_across_a_gateway_restart(aiohttp_client, telegram_settings, bot_api, fake_rasa):
    """Rasa is down when the message comes and the gateway restarts before Rasa is back: the person is
    told once that the message is kept, and the restarted gateway answers it once Rasa returns."""
    fake_rasa.status_code = 503
    first = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(first.app[TELEGRAM_KEY].ready.wait(), 10)
    await post(first, text_message(12051, "hi"))
    for _ in range(250):
        if delivered(bot_api):
            break
        await asyncio.sleep(0.02)
    assert delivered(bot_api) == [RASA_WAIT]
    await first.close()  # the waiting worker stops; the update stays claimed

    fake_rasa.status_code = 200
    second = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(second.app[TELEGRAM_KEY].ready.wait(), 10)
    await settle(second)
    await until_sent(second)

    assert delivered(bot_api) == [RASA_WAIT, *HI]  # the notice not repeated, the answer once
    counts = await tally(second, bot_api, [RASA_WAIT, *HI])
    assert counts["lost"] == counts["duplicated"] == counts["recorded_not_delivered"] == 0


async def test_every_message_kept_while_rasa_is_down_is_answered_after_a_restart(
    aiohttp_client, telegram_settings, bot_api, fake_rasa
):
    """Two messages arrive while Rasa is down and the gateway restarts before Rasa is back: both are in
    the app DB (their claimed updates), not in the stopped process, and both are answered once, in
    order, by the restarted gateway; the person reads the notice once."""
    fake_rasa.status_code = 503
    first = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(first.app[TELEGRAM_KEY].ready.wait(), 10)
    await post(first, text_message(12081, "hi"))
    await post(first, text_message(12082, "I work in finance"))
    for _ in range(250):
        if delivered(bot_api):
            break
        await asyncio.sleep(0.02)
    assert delivered(bot_api) == [RASA_WAIT]
    await first.close()
    asked_before_restart = len(fake_rasa.calls)

    fake_rasa.status_code = 200
    second = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(second.app[TELEGRAM_KEY].ready.wait(), 10)
    await settle(second)
    await until_sent(second)

    expected = [RASA_WAIT, *HI, "You said: I work in finance"]
    assert delivered(bot_api) == expected
    assert [c["message"] for c in fake_rasa.calls[asked_before_restart:]] == ["hi", "I work in finance"]
    counts = await tally(second, bot_api, expected)
    assert counts["lost"] == counts["duplicated"] == counts["recorded_not_delivered"] == 0


async def test_polling_through_502_and_429_on_get_updates(
    aiohttp_client, telegram_settings, bot_api, fake_rasa
):
    settings = telegram_settings.replace(telegram_webhook_url="", telegram_secret_token="")
    bot_api.faults["getUpdates"] = [("502", None), ("429", 1)]
    bot_api.add_update(text_message(12061, "polled"))
    client = await aiohttp_client(await init_app(settings))
    await asyncio.wait_for(client.app[TELEGRAM_KEY].ready.wait(), 10)
    for _ in range(300):
        if delivered(bot_api):
            break
        await asyncio.sleep(0.05)
    await settle(client)
    await until_sent(client)

    assert [c["message"] for c in fake_rasa.calls] == ["polled"]
    counts = await tally(client, bot_api, ["You said: polled"])
    assert counts["lost"] == counts["duplicated"] == 0 and counts["faults_injected"] == 2


async def test_a_counselor_reply_through_a_502_is_retried_and_its_receipt_recorded(tg_client, bot_api):
    """The dashboard marks a counselor's reply delivered only once Telegram confirmed it."""
    from bot.counselor import receipts
    from bot.delivery import deliver_counselor_message

    await post(tg_client, text_message(12071, "I want a human"))
    await settle(tg_client)
    await until_sent(tg_client)
    bot_api.faults["sendMessage"] = [("502", None)]
    result = await deliver_counselor_message(tg_client.app, "tg:" + str(CHAT_ID), "Hi Jane, Ann here.", "ann")
    assert result.recorded and not result.live  # not confirmed yet: not marked delivered
    db = tg_client.app[DB_KEY]
    [state] = (await receipts.reply_states(db, f"tg:{CHAT_ID}")).values()
    assert state.delivered_at is None
    await until_sent(tg_client)

    # The receipt is written by the outbox's after-send hook, just after the row is marked sent:
    # wait for it rather than read in between.
    for _ in range(100):
        [state] = (await receipts.reply_states(db, f"tg:{CHAT_ID}")).values()
        if state.delivered_at is not None:
            break
        await asyncio.sleep(0.05)
    assert state.delivered_at is not None and state.via == "telegram"
    expected = ["I'll ask a counselor to join.", "Counselor: Hi Jane, Ann here."]
    counts = await tally(tg_client, bot_api, expected)
    assert counts["lost"] == counts["duplicated"] == counts["recorded_not_delivered"] == 0

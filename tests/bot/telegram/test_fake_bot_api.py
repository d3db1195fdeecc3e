"""The local fake Bot API server answers as Telegram's does, so python-telegram-bot raises what it would
against the real servers (the fake stands in for Telegram's servers, the only thing faked here)."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut

from tests.bot.telegram.updates import CHAT_ID, text_message


@pytest.fixture
async def bot(bot_api):
    async with Bot(bot_api.token, base_url=f"{bot_api.url}/bot") as bot:
        yield bot


async def test_send_message_limits_like_telegram(bot, bot_api):
    await bot.send_message(CHAT_ID, "a" * 4096)
    await bot.send_message(CHAT_ID, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")  # counted after parsing
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(CHAT_ID, "a" * 4097)
    for bad in ("<b>open", "<x>1</x>", "a < b", "fish & chips", "<b><i>x</b></i>"):
        with pytest.raises(BadRequest, match="(?i)parse entities"):
            await bot.send_message(CHAT_ID, bad, parse_mode="HTML")
    await bot.send_message(
        CHAT_ID, 'a &lt; b &amp; <a href="https://x.example/?a=1&amp;b=2">c</a>', parse_mode="HTML"
    )
    assert bot_api.shown(CHAT_ID)[-1]["text"] == "a < b & c"
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
        await bot.send_message(CHAT_ID, "pick", reply_markup=markup)


async def test_faults_on_demand_map_to_the_errors_ptb_raises(bot, bot_api):
    bot_api.faults["sendMessage"] = [("429", 7), ("502", None), ("403", None), ("hang", 0.5)]
    with pytest.raises(RetryAfter) as retry:
        await bot.send_message(CHAT_ID, "x")
    assert "Retry in 7 seconds" in str(retry.value)  # PTB read parameters.retry_after
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT_ID, "x")
    with pytest.raises(Forbidden, match="(?i)blocked"):
        await bot.send_message(CHAT_ID, "x")
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT_ID, "x", read_timeout=0.1)
    assert bot_api.delivered == [] and sum(bot_api.injected.values()) == 4


async def test_callback_queries_webhooks_and_edits(bot, bot_api):
    sent = await bot.send_message(
        CHAT_ID, "pick", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    )
    press = bot_api.press(1, bot_api.shown(CHAT_ID)[-1], "A")
    assert press["callback_query"]["message"]["message_id"] == sent.message_id
    assert await bot.answer_callback_query(press["callback_query"]["id"])
    with pytest.raises(BadRequest, match="(?i)query is too old"):  # answered once already
        await bot.answer_callback_query(press["callback_query"]["id"])
    await bot.edit_message_reply_markup(CHAT_ID, sent.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_reply_markup(CHAT_ID, sent.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match="(?i)not found"):
        await bot.edit_message_reply_markup(CHAT_ID, 999_999, reply_markup=None)
    with pytest.raises(BadRequest, match="(?i)HTTPS"):
        await bot.set_webhook("http://pivot.example/telegram/webhook")
    await bot.set_webhook("https://pivot.example/telegram/webhook")
    with pytest.raises(Conflict):
        await bot.get_updates()


async def test_long_polling_waits_for_an_update_and_confirms_with_offset(bot, bot_api):
    assert await bot.get_updates(timeout=0) == ()
    waiting = asyncio.create_task(bot.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.2)
    assert not waiting.done()  # a long poll holds the request until there is something
    bot_api.add_update(text_message(41, "hello"))
    [update] = await asyncio.wait_for(waiting, 5)
    assert update.update_id == 41 and update.message.text == "hello"
    assert await bot.get_updates(offset=42, timeout=0) == ()
    assert bot_api.pending_updates == []  # confirmed: Telegram forgets it


async def test_edit_message_text_answers_as_telegram_does(bot, bot_api):
    """The answers the outbox's look for a message in doubt relies on: the person's messages can't be
    edited, an id past the newest is not found, the same text and keyboard is "not modified"; and a
    private chat numbers the person's and the bot's messages in one sequence."""
    mine = bot_api.incoming(text_message(1, "hello"))["message"]["message_id"]
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="k:abc:/affirm")]])
    sent = await bot.send_message(CHAT_ID, "Is it <b>this</b>?", parse_mode="HTML", reply_markup=markup)
    assert sent.message_id == mine + 1
    with pytest.raises(BadRequest, match="(?i)can't be edited"):
        await bot.edit_message_text("Is it <b>this</b>?", chat_id=CHAT_ID, message_id=mine, parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)not found"):
        await bot.edit_message_text("x", chat_id=CHAT_ID, message_id=sent.message_id + 1)
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text(
            "Is it <b>this</b>?", chat_id=CHAT_ID, message_id=sent.message_id, parse_mode="HTML",
            reply_markup=markup,
        )  # fmt: skip
    with pytest.raises(BadRequest, match="(?i)parse entities"):
        await bot.edit_message_text("<b>open", chat_id=CHAT_ID, message_id=sent.message_id, parse_mode="HTML")
    edited = await bot.edit_message_text(  # another keyboard (none) is a change
        "Is it <b>this</b>?", chat_id=CHAT_ID, message_id=sent.message_id, parse_mode="HTML"
    )
    assert edited.text == "Is it this?" and edited.reply_markup is None

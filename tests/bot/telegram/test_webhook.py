"""Telegram webhook mode end to end inside the gateway: real update JSON in, exact Bot API calls out.

Rasa is the fake from tests/bot/fakes.py (its REST contract); Telegram's servers are the only other thing
faked, by the local fake Bot API server (tests/bot/telegram/fake_bot_api.py).
"""

from __future__ import annotations

import asyncio
import json

from bot import store
from bot.conversation import FORGET_BY_COUNSELOR
from bot.keys import DB_KEY
from bot.telegram.channel import TELEGRAM_KEY
from bot.telegram.handlers import LIST_CHANGED, RASA_WAIT
from tests.bot.conftest import API_HEADERS
from tests.bot.fakes import FINANCE_PAYLOAD
from tests.bot.telegram.conftest import SECRET, settle
from tests.bot.telegram.updates import (
    CHAT_ID,
    GROUP_CHAT,
    callback_query,
    edited_message,
    photo_message,
    sticker_message,
    text_message,
)

HOOK = "/telegram/webhook"
SENDER = f"tg:{CHAT_ID}"


async def post(client, update, secret=SECRET):
    return await client.post(HOOK, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})


def with_buttons(bot_api, chat_id: int = CHAT_ID) -> dict:
    """The newest message of the chat that shows buttons, as the person's app has it."""
    return [m for m in bot_api.shown(chat_id) if m.get("reply_markup")][-1]


async def outbox_texts(client) -> list[str]:
    """What the Telegram outbox still keeps for the chat."""
    from sqlalchemy import select

    from bot.db import TelegramOutgoing

    async with client.app[DB_KEY].reader() as session:
        rows = await session.scalars(select(TelegramOutgoing.text).where(TelegramOutgoing.chat_id == CHAT_ID))
        return list(rows)


def sends(bot_api):
    """sendMessage calls as (chat_id, text, reply_markup or None)."""
    return [(int(p["chat_id"]), p["text"], p.get("reply_markup")) for m, p in bot_api.named("sendMessage")]


async def test_startup_registers_webhook_and_commands(tg_client, bot_api):
    methods = [m for m, _ in bot_api.calls]
    assert methods[:3] == ["getMe", "setMyCommands", "setWebhook"]
    hook = bot_api.named("setWebhook")[0][1]
    assert hook["url"] == "https://pivot.example/telegram/webhook"
    assert hook["secret_token"] == SECRET
    assert hook["allowed_updates"] == ["message", "edited_message", "callback_query"]
    commands = [c["command"] for c in bot_api.named("setMyCommands")[0][1]["commands"]]
    assert commands == ["start", "help", "restart", "privacy", "forget"]


async def test_text_goes_to_rasa_and_buttons_become_an_inline_keyboard(tg_client, bot_api, fake_rasa):
    bot_api.calls.clear()
    resp = await post(tg_client, text_message(1001, "hi"))
    assert resp.status == 200
    await settle(tg_client)
    assert fake_rasa.calls == [{"sender": SENDER, "message": "hi", "metadata": {"channel": "telegram"}}]
    assert [m for m, _ in bot_api.calls] == ["sendChatAction", "sendMessage", "sendMessage"]
    assert bot_api.named("sendChatAction")[0][1] == {"chat_id": str(CHAT_ID), "action": "typing"}
    first, second = bot_api.named("sendMessage")
    assert first[1]["text"] == "Hi! I'm Pivot. Where do you work now?"
    assert first[1]["parse_mode"] == "HTML"
    assert "reply_markup" not in first[1]
    keyboard = second[1]["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in keyboard] == [["Finance"], ["Teaching"]]
    finance, teaching = keyboard[0][0]["callback_data"], keyboard[1][0]["callback_data"]
    tag = finance.split(":")[1]  # one tag per turn: `k:<tag>:<payload>`
    assert finance == f"k:{tag}:{FINANCE_PAYLOAD}"
    assert teaching == f'k:{tag}:/inform_current{{"occupation": "field:teaching"}}'
    assert len(tag) == 6 and all(len(d.encode()) <= 64 for d in (finance, teaching))
    history = await store.get_history(tg_client.app[DB_KEY], SENDER)
    assert [(h.from_, h.text) for h in history][:2] == [
        ("user", "hi"),
        ("bot", "Hi! I'm Pivot. Where do you work now?"),
    ]


async def test_wrong_or_missing_secret_is_403_and_has_no_side_effect(tg_client, bot_api, fake_rasa):
    bot_api.calls.clear()
    for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}):
        resp = await tg_client.post(HOOK, json=text_message(2001, "hi"), headers=headers)
        assert resp.status == 403
        assert await resp.json() == {"error": "forbidden"}
    await settle(tg_client)
    assert fake_rasa.calls == [] and bot_api.calls == []
    db = tg_client.app[DB_KEY]
    assert await store.count_messages(db) == 0
    assert await store.claim_telegram_update(db, 2001) is True  # the forged update id was not even claimed


async def test_duplicate_update_is_processed_once(tg_client, bot_api, fake_rasa):
    update = text_message(3001, "hello there")
    for _ in range(3):
        assert (await post(tg_client, update)).status == 200
    await settle(tg_client)
    assert [c["message"] for c in fake_rasa.calls] == ["hello there"]
    assert bot_api.sent_texts() == ["You said: hello there"]


async def test_messages_of_one_chat_are_answered_in_order(tg_client, bot_api, fake_rasa):
    fake_rasa.delay_s = 0.02
    for i in range(8):
        await post(tg_client, text_message(4000 + i, f"m{i}", message_id=i + 10))
    await settle(tg_client)
    assert bot_api.sent_texts() == [f"You said: m{i}" for i in range(8)]
    assert fake_rasa.max_in_flight_per_sender[SENDER] == 1


async def test_button_press_is_answered_then_sent_to_rasa(tg_client, bot_api, fake_rasa):
    await post(tg_client, text_message(5000, "hi"))  # offers the Finance button
    await settle(tg_client)
    bot_api.calls.clear()
    update = bot_api.press(5001, with_buttons(bot_api), "Finance")
    await post(tg_client, update)
    await settle(tg_client)
    assert bot_api.calls[0] == (
        "answerCallbackQuery",
        {"callback_query_id": update["callback_query"]["id"]},
    )
    assert not [r for r in bot_api.refused if r[0] == "answerCallbackQuery"]  # the spinner stopped
    assert fake_rasa.calls[-1]["message"] == FINANCE_PAYLOAD
    history = await store.get_history(tg_client.app[DB_KEY], SENDER)
    assert history[3].text == "Finance"  # the transcript shows the label, not the payload


async def test_made_up_callback_data_never_reaches_rasa(tg_client, bot_api, fake_rasa):
    forged = '/inform_current{"occupation": "field:nursing"}'
    await post(tg_client, text_message(5010, "hi"))
    await post(tg_client, callback_query(5011, forged, buttons=[("Nursing", forged)]))
    await post(tg_client, callback_query(5012, "/request_human"))
    await settle(tg_client)

    assert [c["message"] for c in fake_rasa.calls] == ["hi"]
    assert bot_api.sent_texts()[-2:] == [LIST_CHANGED, LIST_CHANGED]  # with the buttons Pivot did offer
    assert [b["text"] for [b] in with_buttons(bot_api)["reply_markup"]["inline_keyboard"]] == [
        "Finance",
        "Teaching",
    ]


async def test_long_payloads_go_through_the_callback_table(tg_client, bot_api, fake_rasa):
    await post(tg_client, text_message(6001, "long buttons"))
    await settle(tg_client)
    markup = bot_api.named("sendMessage")[-1][1]["reply_markup"]
    data = markup["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("k:") and ":p:" in data and len(data.encode()) <= 64
    await post(tg_client, bot_api.press(6002, with_buttons(bot_api), "Long"))
    await settle(tg_client)
    assert (
        fake_rasa.calls[-1]["message"].startswith("/ask_credential{")
        and len(fake_rasa.calls[-1]["message"]) > 64
    )
    await post(tg_client, callback_query(6003, "p:unknownkey"))
    await settle(tg_client)
    assert bot_api.sent_texts()[-1] == LIST_CHANGED
    assert len(fake_rasa.calls) == 2


async def test_long_reply_is_split_under_4096(tg_client, bot_api):
    await post(tg_client, text_message(7001, "long"))
    await settle(tg_client)
    texts = bot_api.sent_texts()
    assert len(texts) >= 2
    assert all(len(t) <= 4096 for t in texts)
    assert "".join(texts).replace("\n", "").replace(" ", "") == (
        ("Credential details. " * 100).strip().replace(" ", "") * 5
    )


async def test_html_in_replies_is_escaped(tg_client, bot_api):
    await post(tg_client, text_message(7101, "<b>x</b> & <script>"))
    await settle(tg_client)
    assert bot_api.sent_texts()[-1] == "You said: &lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;"


async def test_start_with_deep_link_presets_the_field(tg_client, bot_api, fake_rasa):
    await post(tg_client, text_message(8001, "/start finance"))
    await post(tg_client, text_message(8002, "/start"))
    await settle(tg_client)
    assert [c["message"] for c in fake_rasa.calls] == ["I work in finance", "/greet"]


async def test_static_commands(tg_client, bot_api, fake_rasa):
    bot_api.calls.clear()
    for i, cmd in enumerate(["/help", "/privacy", "/frobnicate"]):
        await post(tg_client, text_message(8100 + i, cmd))
    await settle(tg_client)
    texts = bot_api.sent_texts()
    assert texts[0].startswith("I'm Pivot. I suggest certificates")
    assert "/forget" in texts[1] and "365 days" in texts[1]
    assert texts[2] == "I don't know that command. Try /help, or just tell me about your career move."
    assert fake_rasa.calls == []


async def test_restart_goes_to_rasa(tg_client, fake_rasa):
    await post(tg_client, text_message(8201, "/restart"))
    await settle(tg_client)
    assert fake_rasa.calls[-1]["message"] == "/restart"


async def test_forget_asks_then_deletes(tg_client, bot_api, fake_rasa):
    db = tg_client.app[DB_KEY]
    await post(tg_client, text_message(9001, "hi"))
    await post(tg_client, text_message(9002, "/forget"))
    await settle(tg_client)
    question = bot_api.named("sendMessage")[-1][1]
    assert question["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "gw:forget:yes"
    assert await store.count_messages(db, SENDER) > 0
    await post(tg_client, bot_api.press(9003, with_buttons(bot_api), "Yes, delete everything"))
    await settle(tg_client)
    assert await store.count_messages(db, SENDER) == 0
    assert "reply_markup" not in bot_api.shown(CHAT_ID)[-2]  # the question cannot be answered twice
    assert await store.get_flags(db, SENDER) is None
    assert bot_api.sent_texts()[-1] == "Done. I deleted our conversation and everything you told me."
    assert bot_api.named("answerCallbackQuery")
    assert await outbox_texts(tg_client) == ["Done. I deleted our conversation and everything you told me."]


async def test_a_confirmed_forget_from_rasa_also_deletes_the_kept_replies(tg_client, bot_api, fake_rasa):
    await post(tg_client, text_message(9005, "I work in finance"))
    await post(tg_client, text_message(9006, "forget me"))  # Rasa answers with the forget_me event
    await settle(tg_client)
    assert await store.count_messages(tg_client.app[DB_KEY], SENDER) == 0
    assert await outbox_texts(tg_client) == ["Done. I deleted what you told me."]


async def test_forget_on_handoff_is_left_to_the_counselor(tg_client, bot_api, fake_rasa):
    db = tg_client.app[DB_KEY]
    await post(tg_client, text_message(9011, "I want a human"))
    await settle(tg_client)
    await post(tg_client, callback_query(9012, "gw:forget:yes"))
    await settle(tg_client)

    assert await store.count_messages(db, SENDER) == 2
    assert bot_api.sent_texts()[-1] == FORGET_BY_COUNSELOR


async def test_stickers_photos_and_edits(tg_client, bot_api, fake_rasa):
    bot_api.calls.clear()
    await post(tg_client, sticker_message(9101))
    await post(tg_client, photo_message(9102))
    await post(tg_client, edited_message(9103, "edited text"))
    await settle(tg_client)
    assert bot_api.sent_texts() == ["I can only read text for now. Please type your message."] * 2
    assert fake_rasa.calls == []


async def test_group_chats_only_answer_when_addressed(tg_client, bot_api, fake_rasa):
    bot_api.calls.clear()
    await post(tg_client, text_message(9201, "anyone here switching careers?", chat=GROUP_CHAT))
    await post(tg_client, text_message(9202, "@pivot_test_bot can you help?", chat=GROUP_CHAT))
    await post(tg_client, text_message(9203, "/start@other_bot", chat=GROUP_CHAT))
    await settle(tg_client)
    texts = bot_api.sent_texts()
    assert len(texts) == 1 and "private" in texts[0] and "https://t.me/pivot_test_bot" in texts[0]
    assert fake_rasa.calls == []


async def test_rasa_down_keeps_the_message_and_answers_it_when_rasa_is_back(tg_client, bot_api, fake_rasa):
    fake_rasa.status_code = 503
    await post(tg_client, text_message(9301, "hi"))
    await post(tg_client, text_message(9302, "are you there?"))
    for _ in range(500):
        if bot_api.sent_texts():
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(1.5)  # a retry or two while Rasa is still down
    assert bot_api.sent_texts() == [RASA_WAIT]  # said once, not once per retry or per message
    assert await store.count_messages(tg_client.app[DB_KEY], SENDER) == 0

    fake_rasa.status_code = 200  # Rasa is back
    await settle(tg_client, timeout=15)
    texts = bot_api.sent_texts()
    assert texts[0] == RASA_WAIT and "Hi! I'm Pivot. Where do you work now?" in texts
    assert texts[-1] == "You said: are you there?"  # in order, each once
    history = [(h.from_, h.text) for h in await store.get_history(tg_client.app[DB_KEY], SENDER)]
    assert [t for f, t in history if f == "user"] == ["hi", "are you there?"]
    assert tg_client.app[TELEGRAM_KEY].fault_counts()["rasa_recovered"] == 1


async def test_garbage_bodies_are_4xx(tg_client):
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    garbage = (
        b"not json",
        b"[]",
        json.dumps({"message": {}}).encode(),
        b"\xff\xfe",
        b"[" * 30_000 + b"]" * 30_000,
        b'{"update_id": 77, "message": "nope"}',
        b'{"update_id": 78, "message": {"text": "hi"}}',
        b'{"update_id": true}',
        json.dumps(text_message(2**70, "hi")).encode(),
        json.dumps(text_message(-1, "hi")).encode(),
    )
    for body in garbage:
        resp = await tg_client.post(HOOK, data=body, headers=headers)
        assert resp.status == 400, body


async def test_counselor_message_reaches_telegram(tg_client, bot_api):
    from bot.delivery import deliver_counselor_message

    await post(tg_client, text_message(9401, "I want a human"))
    await settle(tg_client)
    result = await deliver_counselor_message(tg_client.app, SENDER, "Hi Jane, <Ann> here.", "ann")
    assert result.live and result.channel == "telegram"
    assert bot_api.sent_texts()[-1] == "<b>Counselor:</b> Hi Jane, &lt;Ann&gt; here."
    bot_api.fail_methods.add("sendMessage")
    blocked = await deliver_counselor_message(tg_client.app, SENDER, "Still there?", "ann")
    assert blocked.recorded and not blocked.live


async def test_wrong_bot_token_leaves_the_gateway_up(aiohttp_client, telegram_settings, bot_api):
    from bot.app import init_app
    from bot.telegram.channel import TELEGRAM_KEY

    settings = telegram_settings.replace(telegram_bot_token="123:wrong")
    client = await aiohttp_client(await init_app(settings))
    for _ in range(100):
        if not client.app[TELEGRAM_KEY]._tasks[0].done():  # noqa: SLF001
            await asyncio.sleep(0.02)
    assert not client.app[TELEGRAM_KEY].ready.is_set()
    resp = await post(client, text_message(9501, "hi"))
    assert resp.status == 503  # Telegram will retry later
    api = await client.post(
        "/api/v1/messages", json={"sender_id": "api:a", "text": "hi"}, headers=API_HEADERS
    )
    assert api.status == 200


async def test_held_conversation_is_not_sent_to_rasa(tg_client, bot_api, fake_rasa):
    from bot.delivery import hold_conversation, release_conversation

    await post(tg_client, text_message(9601, "hi"))
    await settle(tg_client)
    await hold_conversation(tg_client.app, SENDER, "ann")
    await post(tg_client, text_message(9602, "is anyone there?"))
    await post(tg_client, text_message(9603, "hello? I have a question about loans"))
    await settle(tg_client)
    assert [c["message"] for c in fake_rasa.calls] == ["hi"]
    answers = [t for t in bot_api.sent_texts() if t.startswith("Yes, I'm here.")]  # bot.hold answers the wait
    assert len(answers) == 1  # the question about loans is kept for the counselor, already answered
    await release_conversation(tg_client.app, SENDER)
    await post(tg_client, text_message(9604, "back"))
    await settle(tg_client)
    assert fake_rasa.calls[-1]["message"] == "back"
    history = [h.text for h in await store.get_history(tg_client.app[DB_KEY], SENDER)]
    assert "is anyone there?" in history and "hello? I have a question about loans" in history


async def test_retry_after_a_gateway_restart_is_dropped(
    aiohttp_client, telegram_settings, bot_api, fake_rasa
):
    """Telegram re-delivers an update the previous gateway process already took: processed once."""
    from bot.app import init_app
    from bot.telegram.channel import TELEGRAM_KEY

    update = text_message(9701, "before restart")
    first = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(first.app[TELEGRAM_KEY].ready.wait(), 10)
    assert (await post(first, update)).status == 200
    await settle(first)
    await first.close()
    second = await aiohttp_client(await init_app(telegram_settings))  # same app DB
    await asyncio.wait_for(second.app[TELEGRAM_KEY].ready.wait(), 10)
    assert (await post(second, update)).status == 200
    await settle(second)
    assert [c["message"] for c in fake_rasa.calls] == ["before restart"]
    assert bot_api.sent_texts() == ["You said: before restart"]


async def test_claimed_but_unprocessed_update_is_processed_after_a_restart(
    aiohttp_client, telegram_settings, bot_api, fake_rasa
):
    """The gateway stops after acknowledging an update but before processing it (Telegram will not
    re-send): the next start processes it, exactly once, even if Telegram re-sends it after all."""
    from bot.app import init_app
    from bot.telegram.channel import TELEGRAM_KEY

    first = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(first.app[TELEGRAM_KEY].ready.wait(), 10)
    first.app[TELEGRAM_KEY].queues.submit = lambda key, update: None  # the crash: claimed, never run
    assert (await post(first, text_message(9801, "lost?"))).status == 200
    await first.close()
    assert fake_rasa.calls == []

    second = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(second.app[TELEGRAM_KEY].ready.wait(), 10)
    await settle(second)
    assert (await post(second, text_message(9801, "lost?"))).status == 200  # a late re-send
    await settle(second)
    assert [c["message"] for c in fake_rasa.calls] == ["lost?"]
    assert bot_api.sent_texts() == ["You said: lost?"]
    third = await aiohttp_client(await init_app(telegram_settings))  # and not again on the next start
    await asyncio.wait_for(third.app[TELEGRAM_KEY].ready.wait(), 10)
    await settle(third)
    assert len(fake_rasa.calls) == 1

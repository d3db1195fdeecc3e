"""Inline buttons as a person meets them on Telegram: presses on older lists, presses Telegram will not let
the bot acknowledge, payloads typed by hand (issue 12).

Real update JSON (callback queries built by the fake from the message it actually showed the person);
Rasa is the REST-contract fake of tests/bot/fakes.py; Telegram's servers are the only other thing faked,
by the local fake Bot API server.
"""

from __future__ import annotations

import pytest

from bot.telegram.channel import TELEGRAM_KEY
from bot.telegram.handlers import LIST_CHANGED, LIST_CHANGED_TOAST, UNKNOWN_COMMAND
from tests.bot.fakes import PICK_FIRST
from tests.bot.telegram.conftest import settle
from tests.bot.telegram.test_webhook import SENDER, post, with_buttons
from tests.bot.telegram.updates import CHAT_ID, text_message


def to_rasa(fake_rasa) -> list[str]:
    return [c["message"] for c in fake_rasa.calls if c["sender"] == SENDER]


async def two_lists(tg_client, bot_api) -> tuple[dict, dict]:
    """'list a' then 'list b': both end with "Tell me more about #1" carrying the same payload."""
    await post(tg_client, text_message(11001, "list a"))
    await settle(tg_client)
    older = with_buttons(bot_api)
    await post(tg_client, text_message(11002, "list b"))
    await settle(tg_client)
    return older, with_buttons(bot_api)


async def test_a_press_on_an_older_list_is_not_run_against_the_newest(tg_client, bot_api, fake_rasa):
    older, newer = await two_lists(tg_client, bot_api)
    assert older["text"] == "1. Cert A" and newer["text"] == "1. Cert B"

    press = bot_api.press(11003, older, "Tell me more about #1")
    await post(tg_client, press)
    await settle(tg_client)

    assert PICK_FIRST not in to_rasa(fake_rasa)  # "#1" of list A never became "#1" of list B
    answer = bot_api.named("answerCallbackQuery")[-1][1]
    assert answer == {"callback_query_id": press["callback_query"]["id"], "text": LIST_CHANGED_TOAST}
    assert not [r for r in bot_api.refused if r[0] == "answerCallbackQuery"]  # the spinner stopped
    assert "reply_markup" not in bot_api.messages[(CHAT_ID, older["message_id"])]  # old buttons removed
    with pytest.raises(AssertionError):
        bot_api.press(11004, bot_api.messages[(CHAT_ID, older["message_id"])], "Tell me more about #1")
    shown_again = with_buttons(bot_api)
    assert shown_again["text"] == LIST_CHANGED
    assert shown_again["reply_markup"] == newer["reply_markup"]  # the current list, as it is
    assert tg_client.app[TELEGRAM_KEY].fault_counts()["stale_buttons"] == 1

    await post(tg_client, bot_api.press(11005, shown_again, "Tell me more about #1"))
    await post(tg_client, bot_api.press(11006, newer, "Tell me more about #1"))  # same list: also current
    await settle(tg_client)
    assert to_rasa(fake_rasa) == ["list a", "list b", PICK_FIRST, PICK_FIRST]


async def test_a_press_telegram_will_not_let_us_acknowledge_still_counts(tg_client, bot_api, fake_rasa):
    """The press arrives after Telegram's answer window (the gateway was down, Telegram re-sent the update)
    or answerCallbackQuery meets 502s: the answer is given up, the press is not."""
    _older, newer = await two_lists(tg_client, bot_api)
    late = bot_api.press(11011, newer, "Tell me more about #1")
    bot_api.expire_queries()
    await post(tg_client, late)
    await settle(tg_client)
    bot_api.faults["answerCallbackQuery"] = [("502", None), ("502", None)]
    await post(tg_client, bot_api.press(11012, newer, "Tell me more about #1"))
    await settle(tg_client)

    assert to_rasa(fake_rasa)[-2:] == [PICK_FIRST, PICK_FIRST]
    assert bot_api.sent_texts()[-2:] == [f"You said: {PICK_FIRST}"] * 2
    assert [r[1] for r in bot_api.refused if r[0] == "answerCallbackQuery"][0].startswith(
        "Bad Request: query is too old"
    )
    assert len(bot_api.named("answerCallbackQuery")) == 1 + 2  # the 502 one was tried once more
    assert tg_client.app[TELEGRAM_KEY].fault_counts()["callback_unanswered"] == 2


async def test_a_typed_payload_is_read_as_words(tg_client, fake_rasa):
    """' /inform_current{...}' (a space first, so Telegram marks no command) must not set a slot."""
    await post(tg_client, text_message(11021, ' /inform_current{"occupation": "field:nursing"}'))
    await settle(tg_client)
    assert to_rasa(fake_rasa) == ['inform_current{"occupation": "field:nursing"}']


async def test_slashes_alone_get_the_short_help(tg_client, bot_api, fake_rasa):
    await post(tg_client, text_message(11031, " //"))
    await settle(tg_client)
    assert to_rasa(fake_rasa) == []
    assert bot_api.sent_texts() == [UNKNOWN_COMMAND]

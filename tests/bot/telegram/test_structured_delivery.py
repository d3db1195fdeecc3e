"""A structured answer (Contract 7) through the whole Telegram path: real update JSON into the webhook, the
gateway validating the payload Rasa sent after its text, the channel drawing it in Telegram's idiom, and the
exact `sendMessage` calls the local fake Bot API server receives (it parses the HTML as Telegram does and
refuses what Telegram refuses).

What Rasa answers is what the real actions emit on the knowledge base built from this checkout (run here
through rasa_sdk's dispatcher and turned into Rasa's REST output), so the schema, the renderer and the
channel are tested together; Rasa itself is the suite's fake (tests/bot/fakes.py), Telegram's servers the
only other thing faked.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot import store
from bot.keys import DB_KEY
from bot.telegram.format import TELEGRAM_TEXT_LIMIT
from tests.actions.conftest import kb_url  # noqa: F401 - the session fixture building the test KB
from tests.actions.helpers import rest_output
from tests.bot.telegram.conftest import SECRET, settle
from tests.bot.telegram.updates import CHAT_ID, text_message

SENDER = f"tg:{CHAT_ID}"
FINTECH = {
    "current_field": "field:finance",
    "target_field": "field:fintech",
    "current_field_title": "Finance",
    "target_field_title": "Fintech",
}




async def actions_output(kb_url: str) -> dict[str, list[dict[str, Any]]]:  # noqa: F811
    import yaml
    from rasa_sdk.executor import CollectingDispatcher

    from actions import kb as kb_module
    from actions.compare import ActionCompareCredentials
    from actions.credential_details import ActionCredentialDetails
    from actions.recommend import ActionRecommendCredentials
    from knowledge.api import KnowledgeBase
    from tests.actions.conftest import ROOT
    from tests.actions.helpers import make_tracker, slot_events

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    kb = KnowledgeBase.from_url(kb_url)
    kb_module.set_kb(kb)
    try:
        d = CollectingDispatcher()
        events = await ActionRecommendCredentials().run(d, make_tracker(FINTECH), domain)
        out = {"recommend": d.messages}
        shown = {**FINTECH, "recommended_ids": slot_events(events)["recommended_ids"]}
        ordinals = [{"entity": "ordinal", "value": "1"}, {"entity": "ordinal", "value": "2"}]
        for key, action, tracker in (
            (
                "details",
                ActionCredentialDetails(),
                make_tracker(shown, intent="pick_item", entities=ordinals[:1]),
            ),
            (
                "compare",
                ActionCompareCredentials(),
                make_tracker(shown, intent="compare_credentials", entities=ordinals),
            ),
        ):
            d = CollectingDispatcher()
            await action.run(d, tracker, domain)
            out[key] = d.messages
        return out
    finally:
        kb_module.set_kb(None)
        await kb.close()


async def post(client, update):
    resp = await client.post(
        "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )
    assert resp.status == 200


def sends(bot_api) -> list[dict[str, Any]]:
    return [p for m, p in bot_api.named("sendMessage")]


@pytest.fixture
async def scripted(fake_rasa, kb_url):  # noqa: F811
    """The fake Rasa answers with the actions' output: the list for a message, details for a press on
    'Tell me more about #1', the comparison when asked to compare."""
    said = await actions_output(kb_url)

    def reply(sender: str, message: str) -> list[dict[str, Any]]:
        key = "details" if "pick_item" in message else "compare" if "compare" in message else "recommend"
        return [{"recipient_id": sender, **m} for m in rest_output(said[key])]

    fake_rasa.reply = reply
    return said


async def test_a_recommendation_list_arrives_as_short_html_messages_with_the_keyboard_on_the_last(
    tg_client, bot_api, scripted
):
    [message] = scripted["recommend"]
    payload = message["custom"]["pivot"]
    await post(tg_client, text_message(9901, "I work in finance and want to get into fintech"))
    await settle(tg_client)

    sent = sends(bot_api)
    items, outro = payload["items"], payload.get("outro", [])
    assert len(sent) == 1 + len(items) + len(outro)  # the intro, one per credential, the closing lines
    assert all(p["parse_mode"] == "HTML" for p in sent)
    assert all(p["link_preview_options"] == {"is_disabled": True} for p in sent)  # no page preview per card
    # One answer, one notification: the first message sounds, the rest arrive silently.
    silent = [str(p.get("disable_notification", "false")).lower() == "true" for p in sent]  # form-encoded
    assert silent == [False] + [True] * (len(sent) - 1)
    shown = bot_api.shown(CHAT_ID)  # as the person's app shows them (the fake parsed the HTML)
    assert shown[0]["text"] == payload["intro"]
    for card, item in zip(shown[1:], items, strict=False):
        assert card["text"].startswith(f"#{item['rank']} {item['name']}\n{item['issuer']}")
        for fact in (item["cost"], item["time"], item["format"], item["dated"]):
            assert fact in card["text"]
        assert len(card["text"]) < 1000  # a phone screen, not a page
    assert all(
        utf16 <= TELEGRAM_TEXT_LIMIT for utf16 in (len(m["text"].encode("utf-16-le")) // 2 for m in shown)
    )
    assert "cur:" not in json.dumps([m["text"] for m in shown])  # no knowledge-base id reaches the person

    keyboards = [p.get("reply_markup") for p in sent]
    assert all(k is None for k in keyboards[:-1])
    titles = [row[0]["text"] for row in keyboards[-1]["inline_keyboard"]]
    assert titles == [b["title"] for b in message["buttons"]]
    assert message["text"] not in [m["text"] for m in shown]  # the cards replace the wall of text

    # The record keeps the whole text and the structured answer, for the history and the summary.
    [bot_row] = [h for h in await store.get_history(tg_client.app[DB_KEY], SENDER) if h.from_ == "bot"]
    assert bot_row.text == message["text"]


async def test_a_press_on_the_list_draws_the_credential_and_a_comparison_stays_one_message(
    tg_client, bot_api, scripted
):
    await post(tg_client, text_message(9911, "I work in finance and want to get into fintech"))
    await settle(tg_client)
    with_keyboard = [m for m in bot_api.shown(CHAT_ID) if m.get("reply_markup")][-1]
    first = with_keyboard["reply_markup"]["inline_keyboard"][0][0]["text"]
    before = len(sends(bot_api))
    await post(tg_client, bot_api.press(9912, with_keyboard, first))
    await settle(tg_client)

    [details] = scripted["details"]
    item = details["custom"]["pivot"]["item"]
    drawn = bot_api.shown(CHAT_ID)[before:]
    assert len(drawn) == 2  # the card, then its details
    assert drawn[0]["text"].startswith(f"#1 {item['name']}\n{item['issuer']}")
    assert "Prerequisites:" in drawn[1]["text"] or "Skills:" in drawn[1]["text"]

    before = len(sends(bot_api))
    await post(tg_client, text_message(9913, "compare the first two"))
    await settle(tg_client)
    [comparison] = [m["custom"]["pivot"] for m in scripted["compare"] if m.get("custom")]
    [drawn] = bot_api.shown(CHAT_ID)[before:]
    assert drawn["text"].startswith(f"{comparison['a']['name']}  vs  {comparison['b']['name']}")
    for row in comparison["rows"]:
        assert f"{row['aspect']}\nA: {row['a']}\nB: {row['b']}" in drawn["text"]

# ruff: noqa: F811  -- the fixtures imported from test_widget.py are used as test arguments
"""The real widget (headless Chromium) against the real gateway under delivery faults (issue 12): it draws a
message id once however often it arrives, acknowledges what it draws (only that counts as delivered),
keeps a message while Rasa is down, and a press on a list replaced meanwhile is answered "that list has
changed". Rasa is the suite's fake (tests/bot/fakes.py via test_widget.py's `WidgetRasa`): another process in
production. Faults on the socket are made with Playwright's WebSocket routing between page and gateway.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.async_api import Page, expect

from bot.keys import DB_KEY, SOCKETS_KEY
from bot.web_delivery import LIST_CHANGED, RASA_WAIT, acked_ids
from tests.browser.test_widget import (  # noqa: F401  -- the module's fixtures (one Chromium per module)
    WidgetEnv,
    bot_bubbles,
    browser,
    context,
    env,
    expect_state,
    history,
    make_env,
    page,
    send,
    until,
    widget,
)

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]
WS_URL = re.compile(r".*/ws\?.*")


async def sender_of(page: Page) -> str:
    return await page.evaluate("window.PivotWidget.senderId")


async def everything_acked(env: WidgetEnv, page: Page) -> bool:
    sender = await sender_of(page)
    shown = {m["id"] for m in await history(env, page) if m["from"] != "user"}
    return bool(shown) and shown <= await acked_ids(env.app[DB_KEY], sender)


async def wait_acked(env: WidgetEnv, page: Page) -> None:
    for _ in range(200):
        if await everything_acked(env, page):
            return
        await page.wait_for_timeout(50)
    raise AssertionError("the widget did not acknowledge what it shows")


async def test_every_frame_twice_is_still_shown_once_and_acknowledged(env: WidgetEnv, page: Page) -> None:
    from bot.delivery import deliver_counselor_message

    def double(ws) -> None:  # between page and gateway: every reply frame arrives twice
        server = ws.connect_to_server()

        def to_page(message) -> None:
            ws.send(message)
            if json.loads(message).get("type") in ("bot", "counselor", "resume"):
                ws.send(message)

        server.on_message(to_page)
        ws.on_message(lambda message: server.send(message))

    await page.route_web_socket(WS_URL, double)
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "say it once")
    await expect(bot_bubbles(page).filter(has_text="You said: say it once")).to_have_count(1)
    result = await deliver_counselor_message(env.app, await sender_of(page), "Hi, Sam here.", "sam")
    assert result.live
    await expect(widget(page, ".msg.counselor")).to_have_count(1)
    await wait_acked(env, page)
    await expect(widget(page, ".msg.counselor")).to_have_count(1)  # after the history check too
    await expect(bot_bubbles(page).filter(has_text="You said: say it once")).to_have_count(1)
    assert page.js_errors == []


async def test_a_lost_reply_comes_back_on_reconnect_and_is_shown_once(env: WidgetEnv, page: Page) -> None:
    from bot.delivery import deliver_counselor_message

    lose = {"on": False}
    dropped: list[str] = []

    def lossy(ws) -> None:  # frames from the gateway are dropped while `lose` is on
        server = ws.connect_to_server()

        def to_page(message) -> None:
            if lose["on"]:
                dropped.append(message)
            else:
                ws.send(message)

        server.on_message(to_page)
        ws.on_message(lambda message: server.send(message))

    synced: list[str] = []  # the widget's history reads (on start, and the check after each reply)
    page.on("requestfinished", lambda r: synced.append(r.url) if "/api/v1/history" in r.url else None)
    await page.route_web_socket(WS_URL, lossy)
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "first")
    await expect(bot_bubbles(page).last).to_contain_text("You said: first")
    await until(lambda: len(synced) >= 2)  # the check after the reply read the record before the fault
    await wait_acked(env, page)
    sender = await sender_of(page)

    lose["on"] = True  # fault: the counselor's reply is lost on its way to the page
    await deliver_counselor_message(env.app, sender, "Are you free on Thursday?", "sam")
    await until(lambda: any('"counselor"' in m for m in dropped))
    assert await widget(page, ".msg.counselor").count() == 0, dropped
    assert not await everything_acked(env, page)  # not recorded as delivered
    lose["on"] = False
    await env.app[SOCKETS_KEY].close_all()  # fault: the connection drops; the widget reconnects
    await expect(widget(page, ".msg.counselor")).to_have_count(1)  # from the `resume` frame
    await wait_acked(env, page)
    await expect(widget(page, ".msg.counselor")).to_have_count(1)
    assert env.rasa.texts() == ["first"]
    assert page.js_errors == []


async def test_a_message_sent_while_rasa_is_down_is_kept_and_answered(env: WidgetEnv, page: Page) -> None:
    from bot.web_delivery import WEB_DELIVERY_KEY

    env.app[WEB_DELIVERY_KEY].retry_first_s = 0.1
    await page.goto(env.host_url)
    await expect_state(page, "online")
    env.rasa.status_code = 500  # fault: Rasa is down
    await send(page, "hello while down")
    await expect(widget(page, ".log .notice")).to_have_text(RASA_WAIT)
    await expect(widget(page, ".msg.user.failed")).to_have_count(0)  # kept, not "Not sent"
    env.rasa.status_code = 200
    await expect(bot_bubbles(page).last).to_contain_text("You said: hello while down")
    await expect(bot_bubbles(page).filter(has_text="You said: hello while down")).to_have_count(1)
    await wait_acked(env, page)
    users = [m["text"] for m in await history(env, page) if m["from"] == "user"]
    assert users == ["hello while down"]
    assert page.js_errors == []


async def test_a_press_on_a_list_replaced_meanwhile_says_so(env: WidgetEnv, page: Page) -> None:
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "show buttons")
    first_list = widget(page, ".log .chips").last
    await expect(first_list.locator("button").first).to_be_enabled()

    env.rasa.delay_s = 1.0  # the next list takes a moment
    await send(page, "show buttons")
    await until(lambda: env.rasa.texts() == ["show buttons", "show buttons"])
    await first_list.locator("button", has_text="Online").click()  # fault: a press on the list being replaced
    await expect(bot_bubbles(page).filter(has_text=LIST_CHANGED)).to_have_count(1)
    env.rasa.delay_s = 0
    assert env.rasa.texts() == ["show buttons", "show buttons"]  # the old press never reached Rasa

    current = widget(page, ".log .chips").last  # the notice offers the current list; it works
    await current.locator("button", has_text="Online").click()
    await expect(bot_bubbles(page).last).to_contain_text("Noted.")
    assert env.rasa.texts()[-1] == '/inform{"format":"online"}'
    assert page.js_errors == []

"""A counselor's reply written while the person's browser is closed reaches them when they come back.

Issue 15, in a real headless Chromium on the real gateway (`bot.app.init_app`, the environment of
`test_dashboard.py`: `ScriptedRasa` behind it, the widget embedded on a host page). The person asks for
a human in the widget and closes the browser (the whole context, so no page and no socket is left; its
storage is kept, as a real browser keeps localStorage between visits). A counselor replies through the
dashboard's reply form. The dashboard must say the reply is waiting; when the person reopens the page
with the same storage, the widget must show the reply under the same sender id, the dashboard must mark
it delivered when they came back, and seen once they write after it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from playwright.async_api import expect
from sqlalchemy import select

from bot import store
from bot.counselor.receipts import ReplyReceipt
from bot.keys import DB_KEY, SOCKETS_KEY
from tests.browser.test_dashboard import HANDOFF_TEXT, REPLY, Env, W, login
from tests.browser.test_dashboard import env as env  # noqa: F401  (the fixture, reused as is)

pytestmark = pytest.mark.browser


async def open_widget(browser: Any, env: Env, storage_state: dict[str, Any] | None = None) -> Any:
    """A fresh browser context (optionally with a saved storage) on the host page, widget online."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, storage_state=storage_state)
    ctx.set_default_timeout(10_000)
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    await page.goto(env.host_url)
    await expect(page.locator(f"{W} .root")).to_have_attribute("data-state", "online")
    return page


async def sockets_closed(env: Env, sender: str, timeout_s: float = 10) -> None:
    """Wait until the gateway has dropped the person's sockets (it sees a closed browser a moment later)."""
    registry = env.app[SOCKETS_KEY]
    for _ in range(int(timeout_s / 0.05)):
        if registry.count(sender) == 0:
            return
        await asyncio.sleep(0.05)
    assert registry.count(sender) == 0


async def receipts_of(env: Env, sender: str) -> list[str]:
    async with env.app[DB_KEY].sessionmaker() as s:
        return list(await s.scalars(select(ReplyReceipt.via).where(ReplyReceipt.sender_id == sender)))


async def test_reply_written_while_the_browser_is_closed_shows_after_reopening(env: Env, browser) -> None:
    # The person chats, asks for a human, and closes the browser; its storage is what a browser keeps.
    person = await open_widget(browser, env)
    box = person.locator(f"{W} textarea")
    await box.fill("I'm a bank teller and want to get into fintech")
    await box.press("Enter")
    await expect(person.locator(f"{W} .log .msg.bot .bubble").last).to_contain_text("Tell me more")
    await box.fill(HANDOFF_TEXT)
    await box.press("Enter")
    await expect(person.locator(f"{W} .log .msg.bot .bubble").last).to_contain_text("asked a counselor")
    sender = await person.evaluate("window.PivotWidget.senderId")
    assert (await store.get_flags(env.app[DB_KEY], sender)).handoff_requested
    assert person.js_errors == []
    saved = await person.context.storage_state()
    await person.context.close()
    await sockets_closed(env, sender)

    # A counselor replies through the dashboard while nobody is there to receive it.
    counselor_ctx = await browser.new_context(viewport={"width": 1360, "height": 900})
    counselor_ctx.set_default_timeout(10_000)
    page = await counselor_ctx.new_page()
    await login(page, env, "sam@college-x.example")
    await page.goto(f"{env.gateway_url}/counselor/c/{sender}")
    await page.locator("#reply-text").fill(REPLY)
    await page.get_by_role("button", name="Send reply").click()
    reply = page.locator("#transcript .msg.counselor")
    await expect(reply.locator(".bubble")).to_have_text(REPLY)
    await expect(reply.locator(".receipt")).to_have_text("waiting: they have not been back since")
    assert await receipts_of(env, sender) == []

    # The person comes back: same storage, same conversation, and the reply is in the transcript.
    person = await open_widget(browser, env, saved)
    assert await person.evaluate("window.PivotWidget.senderId") == sender
    shown = person.locator(f"{W} .log .msg.counselor")
    await expect(shown).to_have_count(1)
    await expect(shown.locator(".bubble")).to_have_text(f"Counselor: {REPLY}")  # hidden label for readers
    await expect(shown.locator(".label")).to_have_text("Counselor")
    await expect(person.locator(f"{W} .log .msg.user .bubble").last).to_contain_text(HANDOFF_TEXT)

    # The dashboard marks it delivered when they came back (a single receipt), then seen once they write.
    await page.reload()
    await expect(reply.locator(".receipt")).to_have_text("delivered when they came back")
    assert await receipts_of(env, sender) == ["history"]
    box = person.locator(f"{W} textarea")
    await box.fill("thank you, I'll read this tonight")
    await box.press("Enter")
    await expect(person.locator(f"{W} .log .msg.user .bubble").last).to_contain_text("read this tonight")
    await expect(person.locator(f"{W} .log .msg.user.sending, {W} .log .msg.user.pending")).to_have_count(0)
    await page.reload()
    await expect(page.locator("#transcript")).to_contain_text("read this tonight")
    await expect(reply.locator(".receipt")).to_have_text("seen (they wrote after it)")
    assert await receipts_of(env, sender) == ["history"]
    assert person.js_errors == []
    await person.context.close()
    await counselor_ctx.close()

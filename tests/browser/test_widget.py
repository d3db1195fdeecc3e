"""The web widget in a real headless Chromium, talking to the real gateway (`bot.app.init_app`).

The gateway runs in-process on a free port with its own SQLite app DB. Behind it, instead of the Rasa
process, sits `WidgetRasa` (the suite's one `FakeRasa`, tests/bot/fakes.py, with this file's script): an
aiohttp server that speaks Rasa's REST-channel JSON (Contract 3) and answers from a script. It stands in
for Rasa so that browser behaviour — buttons, hostile text, offline queueing, exactly-once delivery — can
be tested quickly and deterministically, and so the test can count what Rasa received.
`test_live_stack_demo_page` runs the same widget against the real Rasa + actions stack when the session's
`pivot_stack` is available.

Host pages are served by separate aiohttp servers on other ports, so the widget is embedded cross-origin
exactly as a college's website would embed it: one allowed origin, one foreign origin.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Page, async_playwright, expect

from tests.bot.fakes import FakeRasa
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, free_port, serve_app, serve_backends

# One Chromium for the whole module (starting Playwright and the browser costs more than most tests), so
# the tests and their fixtures share the module's event loop. Each test still gets a fresh browser
# context (fresh storage, so a fresh sender id) and a fresh gateway with an empty database.
pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]

expect.set_options(timeout=10_000)  # generous for a loaded 2-core CI machine; passing runs don't wait
ROOT = Path(__file__).resolve().parents[2]
# docs/screenshots/ is refreshed only on request (PIVOT_UPDATE_SCREENSHOTS=1), so a test run leaves git clean.
SCREENSHOTS = ROOT / ("docs" if os.environ.get("PIVOT_UPDATE_SCREENSHOTS") else "var") / "screenshots"
W = "#pivot-chat-widget"  # the widget's shadow host; Playwright's CSS engine pierces open shadow roots

BUTTON_REPLY = {
    "text": "Which format suits you?",
    "buttons": [
        {"title": "Online", "payload": '/inform{"format":"online"}'},
        {"title": "In person", "payload": '/inform{"format":"in_person"}'},
    ],
}
HOSTILE_TEXT = (
    "Look: <img src=x onerror=alert(1)> <script>alert(2)</script> [click me](javascript:alert(3)) "
    "javascript:alert(4) and https://example.org/ok."
)
# Neutral, fact-free replies for the screenshots (no invented credentials, prices or durations).
STARTER = "I'm a bank teller and want to move into fintech"
STARTER_REPLY = {
    "text": "Banking experience is a good base for fintech. Before I suggest credentials: "
    "how many hours a week can you give to learning?",
    "buttons": [
        {"title": "Under 5 hours", "payload": "under 5 hours a week"},
        {"title": "5 to 10 hours", "payload": "5 to 10 hours a week"},
        {"title": "More than 10", "payload": "more than 10 hours a week"},
    ],
}


class WidgetRasa(FakeRasa):
    """The suite's fake Rasa (tests/bot/fakes.py) answering this file's script; records each message."""

    @staticmethod
    def reply(sender: str, message: str) -> list[dict[str, Any]]:
        return [{"recipient_id": sender, **m} for m in _script(message)]


def _script(text: str) -> list[dict[str, Any]]:
    if text == "show buttons":
        return [BUTTON_REPLY]
    if text == "hostile":
        return [{"text": HOSTILE_TEXT, "buttons": [{"title": "<b>not bold</b>", "payload": "plain"}]}]
    if text == STARTER:
        return [STARTER_REPLY]
    if text.startswith("/inform"):
        return [{"text": "Noted."}]
    if text == "delete my data":  # what the real bot does after confirming: reply, then forget_me
        return [{"text": "Done. I deleted what I stored about you."}, {"custom": {"event": "forget_me"}}]
    if text == "/restart":
        return [{"text": "Let's start again. What do you do now?"}]
    return [{"text": f"You said: {text}"}]


def host_page(widget_src: str, server: str, **data: str) -> str:
    """A host site with hostile global CSS: the widget must look the same regardless."""
    attrs = " ".join(f'data-{k}="{v}"' for k, v in data.items())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>College X careers</title>
<style>* {{ font-family: serif !important; }} button {{ background: red; border: 5px dashed lime; }}
textarea {{ display: none; }} div {{ padding: 30px; }}</style></head>
<body><h1>College X — career services</h1><p><a href="#top" id="host-link">Host link</a></p>
<script src="{widget_src}" data-server="{server}" {attrs} async></script></body></html>"""


@dataclass
class WidgetEnv:
    gateway_url: str
    host_url: str  # allowed origin
    foreign_url: str  # not in ALLOWED_ORIGINS
    rasa: WidgetRasa
    app: web.Application  # the gateway, for pushing counselor messages and dropping sockets


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    path = chromium_path()
    if not path:
        pytest.skip("Chromium not installed (apt-get install chromium, or set CHROMIUM_PATH)")
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest_asyncio.fixture(loop_scope="module")
async def context(browser) -> AsyncIterator[Any]:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(10_000)
    yield ctx
    await ctx.close()


@pytest_asyncio.fixture(loop_scope="module")
async def page(context) -> Page:
    pg = await context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors  # tests assert the page raised no uncaught exception
    return pg


@pytest_asyncio.fixture(loop_scope="module")
async def make_env(tmp_path) -> AsyncIterator[Callable[..., Any]]:
    from bot.app import init_app
    from bot.settings import Settings

    runners: list[web.AppRunner] = []

    async def start(**overrides: Any) -> WidgetEnv:
        rasa = WidgetRasa()
        backend_runners, backends = await serve_backends(rasa)
        runners.extend(backend_runners)
        gw_port, host_port, foreign_port = free_port(), free_port(), free_port()
        gateway_url = f"http://127.0.0.1:{gw_port}"
        settings = Settings(
            port=gw_port, host="127.0.0.1", **backends,
            app_database_url=f"sqlite:///{tmp_path / 'app.db'}",
            kb_database_url=f"sqlite:///{tmp_path / 'kb.db'}",
            tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
            allowed_origins=(gateway_url, f"http://127.0.0.1:{host_port}"),
            session_secret="s" * 40,
            **overrides,
        )
        gateway = await init_app(settings)
        runner, _ = await serve_app(gateway, gw_port)
        runners.append(runner)

        async def page_handler(request: web.Request) -> web.Response:
            q = request.query
            data = {"site": "college-x", "title": q.get("title", "College X careers"),
                    "color": q.get("color", "#0f766e"), "position": q.get("position", "right"),
                    "open": q.get("open", "true"), "lang": q.get("lang", "en")}
            html = host_page(f"{gateway_url}/widget.js", gateway_url, **data)
            return web.Response(text=html, content_type="text/html")

        for port in (host_port, foreign_port):
            host_app = web.Application()
            host_app.router.add_get("/", page_handler)
            runner, _ = await serve_app(host_app, port)
            runners.append(runner)
        return WidgetEnv(
            gateway_url, f"http://127.0.0.1:{host_port}/", f"http://127.0.0.1:{foreign_port}/", rasa, gateway
        )

    yield start
    for runner in reversed(runners):
        await runner.cleanup()


@pytest_asyncio.fixture(loop_scope="module")
async def env(make_env) -> WidgetEnv:
    return await make_env()


# ---------------------------------------------------------------- helpers
def widget(page: Page, selector: str = ""):
    return page.locator(f"{W} {selector}".strip())


async def send(page: Page, text: str) -> None:
    box = widget(page, "textarea")
    await box.fill(text)
    await box.press("Enter")


async def expect_state(page: Page, state: str, timeout: float = 10_000) -> None:
    await expect(widget(page, ".root")).to_have_attribute("data-state", state, timeout=timeout)


def bot_bubbles(page: Page):
    return widget(page, ".log .msg.bot .bubble")


async def until(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    """Wait for something the test server observes (Playwright's `expect` covers the page side)."""
    for _ in range(int(timeout_s / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    assert condition()


async def history(env: WidgetEnv, page: Page) -> list[dict[str, Any]]:
    sender = await page.evaluate("window.PivotWidget.senderId")
    token = await page.evaluate("window.PivotWidget.token")  # issued with the id; history requires it
    return json.loads(await page.evaluate(
        "async (u) => JSON.stringify((await (await fetch(u)).json()).messages)",
        f"{env.gateway_url}/api/v1/history?sender_id={sender}&token={token}",
    ))


# ---------------------------------------------------------------- tests
async def test_chat_from_another_origin(env: WidgetEnv, page: Page) -> None:
    await page.goto(env.host_url)
    await expect(widget(page, ".panel")).to_be_visible()
    await expect_state(page, "online")
    # The host page's global CSS does not reach inside the shadow root.
    assert await widget(page, "textarea").is_visible()
    send_bg = await widget(page, "button.send").evaluate("b => getComputedStyle(b).borderTopStyle")
    assert send_bg != "dashed"

    env.rasa.delay_s = 0.8  # long enough to see the typing indicator
    await send(page, "hello pivot")
    await expect(widget(page, ".typing")).to_be_visible()
    await expect(bot_bubbles(page).last).to_contain_text("You said: hello pivot")
    await expect(widget(page, ".typing")).to_be_hidden()
    sender = await page.evaluate("window.PivotWidget.senderId")
    assert re.fullmatch(r"web:[0-9a-f-]{36}", sender)
    assert [(m["sender"], m["message"]) for m in env.rasa.calls] == [(sender, "hello pivot")]
    assert env.rasa.calls[0]["metadata"].get("site") in ("college-x", None)
    assert await widget(page, ".msg.user .meta").count() == 0  # no "pending" left
    assert page.js_errors == []


async def test_button_sends_payload_and_disables_its_group(env: WidgetEnv, page: Page) -> None:
    await page.goto(env.host_url)
    await expect_state(page, "online")
    # The greeting node is tagged: if a history check re-rendered the log (flicker, screen readers reading
    # it all again) the tag would be gone.
    await widget(page, ".msg.bot").first.evaluate("n => { n.dataset.tag = 'original'; }")
    await send(page, "show buttons")
    online = widget(page, ".log .chip").filter(has_text="Online").last
    await expect(online).to_be_enabled()
    await online.click()
    await expect(bot_bubbles(page).last).to_contain_text("Noted.")
    assert env.rasa.texts() == ["show buttons", '/inform{"format":"online"}']
    group = widget(page, ".log .chips").last
    for chip in await group.locator("button").all():
        await expect(chip).to_be_disabled()
    await expect(group.locator('button[aria-pressed="true"]')).to_have_text("Online")
    # The person sees the button's title, not its payload.
    await expect(widget(page, ".msg.user .bubble").last).to_contain_text("Online")

    # A newer group stays clickable; older ones are retired.
    await send(page, "show buttons")
    await expect(widget(page, ".log .chips")).to_have_count(3)  # starter chips + two groups
    await expect(widget(page, ".log .chips").last.locator("button").first).to_be_enabled()
    for group in (await widget(page, ".log .chips").all())[:-1]:
        await expect(group.locator("button").first).to_be_disabled()
    await asyncio.sleep(0.5)  # past the history check that follows each reply
    await expect(widget(page, ".msg.bot").first).to_have_attribute("data-tag", "original")


async def test_history_survives_reload_and_new_tab(env: WidgetEnv, context, page: Page) -> None:
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "remember me")
    await expect(bot_bubbles(page).last).to_contain_text("You said: remember me")

    await page.reload()
    await expect(widget(page, ".msg.user .bubble")).to_contain_text(["remember me"])
    await expect(bot_bubbles(page).last).to_contain_text("You said: remember me")

    tab = await context.new_page()
    await tab.goto(env.host_url)
    await expect(widget(tab, ".msg.user .bubble")).to_contain_text(["remember me"])
    sender = "window.PivotWidget.senderId"
    assert await tab.evaluate(sender) == await page.evaluate(sender)
    # What one tab says shows up in the other.
    await expect_state(tab, "online")
    await send(tab, "from the second tab")
    await expect(bot_bubbles(page).last).to_contain_text("You said: from the second tab")
    assert env.rasa.texts() == ["remember me", "from the second tab"]


async def test_offline_message_is_queued_and_sent_once(env: WidgetEnv, context, page: Page) -> None:
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await context.set_offline(True)
    await expect_state(page, "offline")
    await send(page, "typed while offline")
    pending = widget(page, ".msg.user.pending")
    await expect(pending).to_contain_text("typed while offline")
    await expect(pending.locator(".meta")).to_contain_text("Pending")
    await asyncio.sleep(0.5)
    assert env.rasa.texts() == []

    await context.set_offline(False)
    await expect(bot_bubbles(page).last).to_contain_text("You said: typed while offline")
    await expect(widget(page, ".msg.user.pending")).to_have_count(0)
    await expect_state(page, "online")
    # A reload (which reconnects and would flush anything left in the outbox) does not resend it.
    await page.reload()
    await expect_state(page, "online")
    await expect(bot_bubbles(page).last).to_contain_text("You said: typed while offline")
    await asyncio.sleep(0.5)
    assert env.rasa.texts() == ["typed while offline"]
    users = [m["text"] for m in await history(env, page) if m["from"] == "user"]
    assert users == ["typed while offline"]


async def test_http_fallback_when_websocket_is_blocked(env: WidgetEnv, page: Page) -> None:
    async def refuse(ws) -> None:  # a proxy that kills every WebSocket
        await ws.close(code=1011, reason="blocked")

    await page.route_web_socket(re.compile(r".*/ws\?.*"), refuse)
    await page.goto(env.host_url)
    await expect_state(page, "online", timeout=15_000)  # reached over HTTP after repeated WS failures
    await send(page, "over plain http")
    await expect(bot_bubbles(page).last).to_contain_text("You said: over plain http")
    await asyncio.sleep(0.3)
    assert env.rasa.texts() == ["over plain http"]


async def test_silent_socket_is_detected_and_replaced(env: WidgetEnv, page: Page) -> None:
    """A socket that stays open but never answers (a phone that changed networks) is dropped after a ping
    goes unanswered, and the widget connects again. Timers are fast-forwarded with Playwright's clock."""
    sockets: list[Any] = []
    pings: list[str] = []

    def black_hole(ws) -> None:  # accepts the socket, reads everything, answers nothing
        sockets.append(ws)
        ws.on_message(lambda message: pings.append(message))

    await page.clock.install()
    await page.route_web_socket(re.compile(r".*/ws\?.*"), black_hole)
    await page.goto(env.host_url)
    await expect_state(page, "online")
    assert len(sockets) == 1
    await page.clock.fast_forward(26_000)  # first ping
    await until(lambda: len(pings) == 1)
    assert json.loads(pings[0]) == {"type": "ping"}
    await page.clock.fast_forward(26_000)  # no answer since: the socket is declared dead
    await page.clock.fast_forward(2_000)  # reconnect backoff
    await until(lambda: len(sockets) == 2)


async def test_foreign_origin_is_refused(env: WidgetEnv, page: Page) -> None:
    # The gateway refuses the handshake from that origin (a browser cannot read the status: ask directly)...
    foreign_origin = env.foreign_url.rstrip("/")
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{env.gateway_url}/ws?sender_id=web:{uuid.uuid4()}",
                                  headers={"Origin": foreign_origin})
    assert refused.value.status == 403
    # ...and the widget embedded there says it cannot connect instead of pretending to work.
    await page.goto(env.foreign_url)
    await expect_state(page, "error", timeout=15_000)
    await expect(widget(page, ".banner")).to_be_visible()
    await expect(widget(page, ".banner")).to_contain_text("Can't reach")
    await send(page, "let me in")
    await expect(widget(page, ".msg.user").last).to_contain_text("let me in")
    await expect(widget(page, ".msg.user").last.locator(".meta")).to_contain_text("Pending")
    await asyncio.sleep(0.5)
    assert env.rasa.calls == []


async def test_hostile_text_renders_inertly(env: WidgetEnv, page: Page) -> None:
    dialogs: list[str] = []

    async def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", on_dialog)
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "<img src=x onerror=alert(9)>")
    await send(page, "hostile")
    bubble = bot_bubbles(page).last
    await expect(bubble).to_contain_text("<img src=x onerror=alert(1)>")
    await expect(bubble).to_contain_text("<script>alert(2)</script>")

    async def check_inert() -> None:
        assert await widget(page, "img").count() == 0
        assert await widget(page, ".log script").count() == 0
        links = await widget(page, ".log a").evaluate_all(
            "as => as.map(a => [a.href, a.target, a.rel, a.textContent])"
        )
        assert links == [["https://example.org/ok", "_blank", "noopener noreferrer", "https://example.org/ok"]]
        await expect(widget(page, ".log .chip").last).to_have_text("<b>not bold</b>")
        # Clicking the javascript: text does nothing: it is text, not a link.
        await widget(page, ".log .bubble").get_by_text("javascript:alert(4)").last.click()
        await widget(page, ".log .bubble").get_by_text("[click me](javascript:alert(3))").last.click()
        await asyncio.sleep(0.3)
        assert dialogs == []

    await check_inert()
    await page.reload()  # the same text from the server's history is just as inert
    await expect(bot_bubbles(page).last).to_contain_text("<img src=x onerror=alert(1)>")
    await expect(widget(page, ".msg.user .bubble").first).to_contain_text("<img src=x onerror=alert(9)>")
    await check_inert()
    assert page.js_errors == []


async def test_keyboard_only(env: WidgetEnv, page: Page) -> None:
    await page.goto(env.host_url + "?open=false")
    await expect(widget(page, ".panel")).to_be_hidden()
    launcher = widget(page, ".launcher")
    await page.keyboard.press("Tab")  # host link
    await page.keyboard.press("Tab")  # the launcher
    await expect(launcher).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(widget(page, ".panel")).to_be_visible()
    await expect(widget(page, "textarea")).to_be_focused()
    await expect(launcher).to_have_attribute("aria-expanded", "true")
    await page.keyboard.type("hello by keyboard")
    await page.keyboard.press("Enter")
    await expect(bot_bubbles(page).last).to_contain_text("You said: hello by keyboard")

    log = widget(page, ".log")
    await expect(log).to_have_attribute("role", "log")
    await expect(log).to_have_attribute("aria-live", "polite")

    # Menu: reachable by Tab, opens with Enter, arrows move, Escape closes it and returns focus.
    menu_button = widget(page, '.header button[aria-haspopup="menu"]')
    await menu_button.focus()
    await page.keyboard.press("Enter")
    items = widget(page, '.menu [role="menuitem"]')
    await expect(items.first).to_be_focused()
    await page.keyboard.press("ArrowDown")
    await expect(items.nth(1)).to_be_focused()
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("Enter")  # "About": attribution sheet
    about = widget(page, ".sheet").filter(has_text="O*NET")
    await expect(about).to_be_visible()
    await expect(about.locator('a[href="https://creativecommons.org/licenses/by/4.0/"]')).to_have_count(1)
    await page.keyboard.press("Escape")
    await expect(about).to_be_hidden()
    await expect(widget(page, "textarea")).to_be_focused()

    # Escape closes the panel and gives focus back to the launcher.
    await page.keyboard.press("Escape")
    await expect(widget(page, ".panel")).to_be_hidden()
    await expect(launcher).to_be_focused()
    await expect(launcher).to_have_attribute("aria-expanded", "false")
    # Every control has an accessible name.
    unnamed = await widget(page, "button").evaluate_all(
        "bs => bs.filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).length"
    )
    assert unnamed == 0


async def test_forget_me_and_restart_from_menu(env: WidgetEnv, page: Page) -> None:
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await widget(page, '.header button[aria-haspopup="menu"]').click()
    await widget(page, '.menu [role="menuitem"]').filter(has_text="Restart").click()
    await expect(widget(page, ".log .divider")).to_have_count(1)
    await expect(bot_bubbles(page).last).to_contain_text("Let's start again")
    await widget(page, '.header button[aria-haspopup="menu"]').click()
    await widget(page, '.menu [role="menuitem"]').filter(has_text="Delete my data").click()
    await widget(page, ".sheet .btn.danger").click()
    await expect(bot_bubbles(page).last).to_contain_text("Done. I deleted what I stored about you.")
    await expect(widget(page, ".log .divider").last).to_contain_text("Your data was deleted")
    assert env.rasa.texts() == ["/restart", "delete my data"]
    assert await history(env, page) == []
    await page.reload()  # a fresh start: greeting and starter suggestions only
    await expect(widget(page, ".log .msg")).to_have_count(1)
    await expect(widget(page, ".log .chip").first).to_be_enabled()


async def test_reconnects_after_the_server_drops_the_socket(env: WidgetEnv, page: Page) -> None:
    from bot.keys import SOCKETS_KEY

    await page.goto(env.host_url)
    await expect_state(page, "online")
    await env.app[SOCKETS_KEY].close_all()  # what a gateway restart does (GOING_AWAY)
    await send(page, "after the drop")
    await expect(bot_bubbles(page).last).to_contain_text("You said: after the drop")
    await expect_state(page, "online")
    await asyncio.sleep(0.5)
    assert env.rasa.texts() == ["after the drop"]


async def test_counselor_message_is_pushed_and_kept(env: WidgetEnv, page: Page) -> None:
    from bot.delivery import deliver_counselor_message

    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "I'd like to talk to a person")
    await expect(bot_bubbles(page).last).to_contain_text("You said:")
    await widget(page, '.header button[aria-label="Close chat"]').click()
    sender = await page.evaluate("window.PivotWidget.senderId")
    result = await deliver_counselor_message(env.app, sender, "Hi, I'm Sam, a career counselor.", "sam")
    assert result.live
    await expect(widget(page, ".launcher .badge")).to_have_text("1")  # unread while closed
    await widget(page, ".launcher").click()
    counselor = widget(page, ".msg.counselor")
    await expect(counselor).to_contain_text("Hi, I'm Sam, a career counselor.")
    await expect(counselor.locator(".label")).to_have_text("Counselor")
    await expect(widget(page, ".launcher .badge")).to_be_hidden()
    await page.reload()
    await expect(widget(page, ".msg.counselor .bubble")).to_contain_text("Hi, I'm Sam")


async def test_server_limits_are_explained(make_env, page: Page) -> None:
    env = await make_env(max_message_chars=40, rate_limit_per_minute=3)
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "x" * 60)
    await expect(widget(page, ".notice").last).to_contain_text("too long")
    await expect(widget(page, ".msg.user.failed")).to_have_count(1)
    for i in range(4):
        await send(page, f"message {i}")
    await expect(widget(page, ".notice").last).to_contain_text(re.compile("too (many|quickly)"))
    assert len(env.rasa.calls) <= 3


CONTRAST_JS = """(els) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const v = rgb(c).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92
    : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const bg = (el) => { for (; el; el = el.parentElement || el.getRootNode().host) {
    const c = getComputedStyle(el).backgroundColor; if (!/rgba\\(.*, 0\\)|transparent/.test(c)) return c; }
    return "rgb(255, 255, 255)"; };
  return els.map((el) => { const a = lum(getComputedStyle(el).color), b = lum(bg(el));
    return [el.className || el.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; });
}"""


async def test_brand_colour_language_and_position(env: WidgetEnv, page: Page) -> None:
    """Whatever `data-color` a site picks, text keeps WCAG AA contrast (4.5:1); lang and position apply."""
    await page.goto(env.host_url)
    await expect_state(page, "online")
    await send(page, "show buttons")
    for color in ("#ffd400", "#a5f3fc", "#4f46e5", "#0f766e"):
        await page.goto(env.host_url + "?color=" + color.replace("#", "%23"))
        await expect(widget(page, ".log .chips").last.locator("button").first).to_be_enabled()
        await expect(widget(page, ".msg.user")).to_have_count(1)
        texts = ".title, .status-text, .msg.user .bubble, .msg.bot .bubble, .chip:not(:disabled)"
        ratios = await widget(page, texts).evaluate_all(CONTRAST_JS)
        assert len(ratios) >= 6
        low = [(name, round(r, 2)) for name, r in ratios if r < 4.5]
        assert low == [], f"text below WCAG AA 4.5:1 with data-color={color}"

    await page.goto(env.host_url + "?lang=es&position=left")
    await expect(widget(page, "textarea")).to_have_attribute("placeholder", "Escribe un mensaje…")
    await expect(widget(page, ".panel")).to_have_attribute("lang", "es")
    box = await widget(page, ".launcher").bounding_box()
    assert box is not None and box["x"] < 100


async def test_phone_and_desktop_screenshots(env: WidgetEnv, browser) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone = await browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, reduced_motion="reduce")
    page = await phone.new_page()
    await page.goto(env.host_url + "?title=Pivot")
    await expect_state(page, "online")
    box = await widget(page, ".panel").bounding_box()
    assert box is not None and box["width"] == 360  # full screen on a phone
    await widget(page, ".log .chip").filter(has_text=STARTER).click()
    await expect(widget(page, ".log .chips").last.locator("button").first).to_be_enabled()
    await expect(bot_bubbles(page).last).to_contain_text("hours a week")
    overflow = await page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 360
    await page.screenshot(path=str(SCREENSHOTS / "widget-phone.png"))
    # prefers-reduced-motion: no animation.
    assert await widget(page, ".msg").first.evaluate("n => getComputedStyle(n).animationName") == "none"
    # Full-screen panel: Tab wraps around inside it instead of reaching the hidden page.
    await expect(widget(page, ".panel")).to_have_attribute("aria-modal", "true")
    await widget(page, "textarea").focus()
    await page.keyboard.press("Tab")  # the send button is disabled (empty input): wraps to the first control
    await expect(widget(page, '.header button[aria-haspopup="menu"]')).to_be_focused()
    await page.keyboard.press("Shift+Tab")
    await expect(widget(page, "textarea")).to_be_focused()
    await phone.close()

    desktop = await browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    page = await desktop.new_page()
    await page.goto(env.gateway_url + "/")  # the gateway's own demo page
    await expect_state(page, "online")
    await widget(page, ".log .chip").filter(has_text=STARTER).click()
    await expect(bot_bubbles(page).last).to_contain_text("hours a week")
    await page.screenshot(path=str(SCREENSHOTS / "widget-desktop.png"))
    await desktop.close()


@pytest.mark.e2e
async def test_live_stack_demo_page(request, page: Page) -> None:
    """The widget on the demo page of the real stack (Rasa + actions + gateway): a reply arrives."""
    stack = request.getfixturevalue("pivot_stack")
    await page.goto(stack.base_url + "/")
    await expect_state(page, "online", timeout=30_000)
    await send(page, "hi")
    await expect(bot_bubbles(page).nth(1)).to_be_visible(timeout=60_000)  # [0] is the local greeting
    assert await widget(page, ".notice").count() == 0
    await page.reload()  # the exchange is in the gateway's record
    await expect(widget(page, ".msg.user .bubble")).to_contain_text(["hi"])
    await expect(bot_bubbles(page).nth(1)).to_be_visible()

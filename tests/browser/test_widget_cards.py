"""Structured answers in the widget, in real headless Chromium against the real gateway.

The replies are not invented: a module fixture runs the real actions (recommendations, details, comparison,
skill gaps) on the knowledge base built from this checkout, and turns what they uttered into Rasa's REST
output exactly as Rasa's CollectingOutputChannel does (the text and buttons, then the custom payload as its
own message). A stand-in Rasa (`CardRasa`, the suite's one `FakeRasa` with these replies) answers with
those; the gateway, its schema check and the widget are the real ones. Checked: a card per credential
(name, issuer, chips, date, details behind a disclosure), the comparison as a two-column table, the log
showing the start of a long answer, focus after a button, the launcher's close icon, phone layout (16 px
input, 44 px targets, no sideways scroll) and axe-core.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Page, async_playwright, expect

from tests.actions.conftest import kb_url  # noqa: F401 - the session fixture building the test KB
from tests.actions.helpers import rest_output
from tests.bot.fakes import FakeRasa
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, free_port, serve_app, serve_backends
from tests.browser.test_widget import SCREENSHOTS, host_page

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]
expect.set_options(timeout=10_000)
W = "#pivot-chat-widget"
FINTECH = {
    "current_field": "field:finance",
    "target_field": "field:fintech",
    "current_field_title": "Finance",
    "target_field_title": "Fintech",
}
CHAT_ICON = "M5 5h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-7l-5 4v-4H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z"
CLOSE_ICON = "M6 6l12 12M18 6L6 18"




@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def replies(kb_url: str) -> dict[str, list[dict[str, Any]]]:  # noqa: F811
    """What the real actions say for a finance → fintech move, keyed by the message that triggers it."""
    import yaml
    from rasa_sdk.executor import CollectingDispatcher

    from actions import kb as kb_module
    from actions.compare import ActionCompareCredentials
    from actions.credential_details import ActionCredentialDetails
    from actions.recommend import ActionRecommendCredentials
    from actions.skill_gap import ActionSkillGap
    from knowledge.api import KnowledgeBase
    from tests.actions.conftest import ROOT
    from tests.actions.helpers import make_tracker, slot_events

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    kb = KnowledgeBase.from_url(kb_url)
    kb_module.set_kb(kb)
    out: dict[str, list[dict[str, Any]]] = {}
    try:
        d = CollectingDispatcher()
        ids = slot_events(await ActionRecommendCredentials().run(d, make_tracker(FINTECH), domain))[
            "recommended_ids"
        ]
        out["recommend"] = rest_output(d.messages)
        shown = {**FINTECH, "recommended_ids": ids}
        for key, action, tracker in (
            ("details", ActionCredentialDetails(), make_tracker(
                shown, intent="pick_item", entities=[{"entity": "ordinal", "value": "1"}])),
            ("compare", ActionCompareCredentials(), make_tracker(
                shown, intent="compare_credentials",
                entities=[{"entity": "ordinal", "value": "1"}, {"entity": "ordinal", "value": "2"}])),
            ("gaps", ActionSkillGap(), make_tracker(shown, intent="ask_skill_gap")),
        ):
            d = CollectingDispatcher()
            await action.run(d, tracker, domain)
            out[key] = rest_output(d.messages)
    finally:
        kb_module.set_kb(None)
        await kb.close()
    assert all(any("custom" in m for m in reply) for reply in out.values())
    return out


@dataclass
class CardRasa(FakeRasa):
    """The suite's fake Rasa (tests/bot/fakes.py) answering each trigger word with the actions' output."""

    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def reply(self, sender: str, message: str) -> list[dict[str, Any]]:
        reply = self.replies.get(message.lstrip("/").split("{")[0]) or [
            {"text": "Noted.", "buttons": [{"title": "Show credentials", "payload": "/recommend"}]}
        ]
        return [{"recipient_id": sender, **m} for m in reply]


@dataclass
class Env:
    host_url: str
    rasa: CardRasa


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    path = chromium_path()
    if not path:
        pytest.skip("Chromium not installed (apt-get install chromium, or set CHROMIUM_PATH)")
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(replies, tmp_path_factory) -> AsyncIterator[Env]:
    from bot.app import init_app
    from bot.settings import Settings

    tmp = tmp_path_factory.mktemp("cards")
    rasa = CardRasa(replies=replies)
    runners, backends = await serve_backends(rasa)
    gw_port, host_port = free_port(), free_port()
    gateway_url = f"http://127.0.0.1:{gw_port}"
    settings = Settings(
        port=gw_port, host="127.0.0.1", **backends,
        app_database_url=f"sqlite:///{tmp / 'app.db'}", kb_database_url=f"sqlite:///{tmp / 'kb.db'}",
        tracker_database_url=f"sqlite:///{tmp / 'tracker.db'}",
        allowed_origins=(gateway_url, f"http://127.0.0.1:{host_port}"), session_secret="s" * 40,
        rate_limit_per_minute=1000,
    )
    runner, _ = await serve_app(await init_app(settings), gw_port)
    runners.append(runner)

    async def page_handler(request: web.Request) -> web.Response:
        html = host_page(f"{gateway_url}/widget.js", gateway_url, site="college-x", title="Pivot",
                         color="#0f766e", open=request.query.get("open", "true"), lang="en")
        return web.Response(text=html, content_type="text/html")

    host_app = web.Application()
    host_app.router.add_get("/", page_handler)
    runner, _ = await serve_app(host_app, host_port)
    runners.append(runner)
    yield Env(f"http://127.0.0.1:{host_port}/", rasa)
    for r in reversed(runners):
        await r.cleanup()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser) -> AsyncIterator[Page]:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    pg = await ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    assert errors == []
    await ctx.close()


def widget(page: Page, selector: str = ""):
    return page.locator(f"{W} {selector}".strip())


async def ask(page: Page, text: str) -> None:
    box = widget(page, "textarea")
    await box.fill(text)
    await box.press("Enter")


def payload(replies: dict[str, list[dict[str, Any]]], key: str) -> dict[str, Any]:
    return next(m["custom"]["pivot"] for m in replies[key] if "custom" in m)


async def test_a_card_per_credential_with_chips_date_and_details(env: Env, page: Page, replies) -> None:
    await page.goto(env.host_url)
    await ask(page, "recommend")
    items = payload(replies, "recommend")["items"]
    cards = widget(page, ".answer.recommendations .card")
    await expect(cards).to_have_count(len(items))
    for card, item in zip(await cards.all(), items, strict=True):
        await expect(card.locator("h3")).to_have_text(f"Option {item['rank']}: {item['name']}")
        await expect(card.locator(".rank")).to_have_text(f"#{item['rank']}")
        await expect(card.locator(".issuer")).to_have_text(item["issuer"])
        await expect(card.locator(".reason")).to_have_text(item["reason"])
        await expect(card.locator(".facts li")).to_have_text(
            [f"Cost {item['cost']}", f"Time {item['time']}", f"Format {item['format']}"]
        )
        await expect(card.locator(".dated")).to_contain_text(item["dated"])
        if item.get("source_url"):
            await expect(card.locator(".dated a")).to_have_attribute("href", item["source_url"])
        details = card.locator("details")
        await expect(details.locator("dl")).to_be_hidden()  # behind the disclosure until asked
    first = cards.first
    await first.locator("summary").click()
    await expect(first.locator("dt").filter(has_text="Prerequisites")).to_be_visible()
    shown = await widget(page, ".log").inner_text()
    assert "cur:" not in shown and "field:" not in shown
    # The text's closing lines (e.g. the limits question) are under the cards.
    for line in payload(replies, "recommend")["outro"]:
        await expect(widget(page, ".answer .outro").filter(has_text=line)).to_have_count(1)
    # The record keeps the payload: after a reload the history draws the same cards.
    await page.reload()
    await expect(cards).to_have_count(len(items))
    await expect(cards.first.locator("h3")).to_have_text(f"Option 1: {items[0]['name']}")


async def test_long_answer_opens_at_its_start(env: Env, page: Page) -> None:
    await page.goto(env.host_url)
    await ask(page, "recommend")
    answer = widget(page, ".msg.rich").last
    await expect(answer.locator(".card")).not_to_have_count(0)
    geometry = await widget(page, ".log").evaluate(
        """(log) => {
          const a = [...log.querySelectorAll('.msg.rich')].pop();
          const l = log.getBoundingClientRect(), r = a.getBoundingClientRect();
          const bottom = log.scrollHeight - log.scrollTop - log.clientHeight;
          return {top: r.top - l.top, bottom, tall: r.height > l.height};
        }"""
    )
    assert geometry["tall"], "the test needs an answer taller than the log"
    assert 0 <= geometry["top"] <= 24  # the answer's first line is at the top of the log
    assert geometry["bottom"] > 100  # not scrolled to the end, below the list


async def test_comparison_is_a_two_column_card(env: Env, page: Page, replies) -> None:
    await page.goto(env.host_url)
    await ask(page, "compare")
    data = payload(replies, "compare")
    table = widget(page, ".answer.compare table")
    await expect(table.locator("thead th")).to_have_text([data["a"]["name"], data["b"]["name"]])
    await expect(table.locator("tbody th")).to_have_text([row["aspect"] for row in data["rows"]])
    await expect(table.locator("tbody td")).to_have_count(2 * len(data["rows"]))
    first = data["rows"][0]
    await expect(table.locator("tbody tr").nth(1).locator("td")).to_have_text([first["a"], first["b"]])


async def test_details_and_skill_gaps(env: Env, page: Page, replies) -> None:
    await page.goto(env.host_url)
    await ask(page, "details")
    item = payload(replies, "details")["item"]
    card = widget(page, ".answer.credential .card")
    await expect(card.locator("h3")).to_contain_text(item["name"])
    await expect(card.locator("details")).to_have_attribute("open", "")  # asked for details: open
    await ask(page, "gaps")
    gaps = payload(replies, "gaps")["gaps"]
    await expect(widget(page, ".answer.skill_gaps .gaps li")).to_have_text(
        [f"{g['name']} ({g['kind']})" for g in gaps]
    )


async def test_focus_stays_in_the_conversation_after_a_button(env: Env, page: Page) -> None:
    await page.goto(env.host_url)
    await ask(page, "hello")
    chip = widget(page, ".log .chip").filter(has_text="Show credentials").last
    await chip.focus()
    await page.keyboard.press("Enter")
    await expect(widget(page, ".answer.recommendations")).to_be_visible()
    focused = await page.evaluate(
        "() => { const h = document.querySelector('#pivot-chat-widget');"
        " return document.activeElement === h && h.shadowRoot.activeElement ?"
        " h.shadowRoot.activeElement.className : document.activeElement.tagName; }"
    )
    assert focused == "log"
    await page.keyboard.press("Tab")  # onwards into the new reply's controls, not back to the page
    host = "document.querySelector('#pivot-chat-widget')"
    assert await page.evaluate(f"() => document.activeElement === {host}")


async def test_launcher_shows_a_close_icon_while_open(env: Env, page: Page) -> None:
    await page.goto(env.host_url + "?open=false")
    launcher = widget(page, ".launcher")
    await expect(launcher.locator("path")).to_have_attribute("d", CHAT_ICON)
    await launcher.click()
    await expect(launcher.locator("path")).to_have_attribute("d", CLOSE_ICON)
    await expect(launcher).to_have_attribute("aria-label", "Close chat")
    await launcher.click()
    await expect(widget(page, ".panel")).to_be_hidden()
    await expect(launcher.locator("path")).to_have_attribute("d", CHAT_ICON)


SMALL_TARGETS_JS = """(root) => [...root.querySelectorAll('button, summary, textarea, [role="menuitem"]')]
  .filter((n) => n.getClientRects().length && !n.closest('[hidden]'))
  .map((n) => ({name: n.textContent.trim() || n.getAttribute('aria-label'), r: n.getBoundingClientRect()}))
  .filter(({r}) => r.height < 44 || r.width < 44)
  .map(({name, r}) => `${name} ${r.width}x${r.height}`)"""


async def phone_page(browser) -> tuple[Any, Page]:
    phone = await browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, reduced_motion="reduce")
    return phone, await phone.new_page()


async def test_phone_targets_in_menu_sheets_and_launcher(env: Env, browser) -> None:
    """Every control a person can reach on a phone is at least 44 px, not only those of the log."""
    phone, page = await phone_page(browser)
    shadow = "document.querySelector('#pivot-chat-widget').shadowRoot"
    await page.goto(env.host_url + "?open=false")
    launcher = widget(page, ".launcher")
    await expect(launcher).to_be_visible()
    assert await page.evaluate(f"() => ({SMALL_TARGETS_JS})({shadow})") == []
    await launcher.tap()
    await expect(widget(page, ".panel")).to_be_visible()
    await expect(launcher).to_be_hidden()  # the full-screen panel has its own close button
    menu_button = widget(page, '.header button[aria-haspopup="menu"]')
    await menu_button.tap()
    await expect(widget(page, ".menu")).to_be_visible()
    await expect(widget(page, '.menu [role="menuitem"]')).to_have_count(3)  # visible, so measured below
    assert await widget(page, ".panel").evaluate(SMALL_TARGETS_JS) == []
    await widget(page, '.menu [role="menuitem"]').filter(has_text="Delete my data").tap()
    sheet = widget(page, ".sheet").filter(has_text="Delete your data?")
    await expect(sheet).to_be_visible()
    await expect(sheet.locator(".btn")).to_have_count(2)
    assert await widget(page, ".panel").evaluate(SMALL_TARGETS_JS) == []
    await sheet.locator(".btn").filter(has_text="Cancel").tap()
    await expect(sheet).to_be_hidden()
    assert await widget(page, "textarea").evaluate("n => getComputedStyle(n).fontSize") == "16px"
    await phone.close()


async def test_phone_layout(env: Env, browser) -> None:
    phone, page = await phone_page(browser)
    await page.goto(env.host_url)
    await ask(page, "recommend")
    await expect(widget(page, ".answer.recommendations .card")).not_to_have_count(0)
    assert await widget(page, "textarea").evaluate("n => getComputedStyle(n).fontSize") == "16px"
    assert await widget(page, ".panel").evaluate(SMALL_TARGETS_JS) == []
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    overflow = await widget(page, ".log").evaluate("n => n.scrollWidth - n.clientWidth")
    assert overflow <= 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "widget-cards-phone.png"))
    await ask(page, "compare")  # two columns fit a 360 px screen
    await expect(widget(page, ".answer.compare table")).to_be_visible()
    assert await widget(page, ".log").evaluate("n => n.scrollWidth - n.clientWidth") <= 0
    await page.screenshot(path=str(SCREENSHOTS / "widget-compare-phone.png"))
    await phone.close()


RUN_AXE = """async () => {
  const rules = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'];
  const result = await axe.run(document, {runOnly: rules});
  const where = (v) => v.nodes.map((n) => n.target.join(' ')).join(', ');
  return result.violations.map((v) => `${v.id}: ${where(v)}`);
}"""


async def axe_violations(page: Page) -> list[str]:
    """axe-core's violations inside the widget (the host page, a bare test page, is left out)."""
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        axe = importlib.resources.files("axe_playwright_python") / "axe.min.js"
        await page.add_script_tag(content=axe.read_text(encoding="utf-8"))
    return [v for v in await page.evaluate(RUN_AXE) if "pivot-chat-widget" in v]


async def test_axe_finds_no_violations_with_cards_open(env: Env, page: Page) -> None:
    await page.goto(env.host_url)
    await ask(page, "recommend")
    await widget(page, ".answer .card summary").first.click()
    await ask(page, "compare")
    await expect(widget(page, ".answer.compare")).to_be_visible()
    assert await axe_violations(page) == []
    # The check reaches inside the shadow root: an unnamed button there is found.
    await widget(page, ".log").evaluate("log => log.append(document.createElement('button'))")
    found = await axe_violations(page)
    assert [v.split(":")[0] for v in found] == ["button-name"]


async def test_axe_finds_no_violations_on_a_phone_with_menu_and_sheet(env: Env, browser) -> None:
    phone, page = await phone_page(browser)
    await page.goto(env.host_url)
    await ask(page, "recommend")
    await expect(widget(page, ".answer.recommendations .card")).not_to_have_count(0)
    await widget(page, '.header button[aria-haspopup="menu"]').tap()
    await expect(widget(page, ".menu")).to_be_visible()
    assert await axe_violations(page) == []
    await widget(page, '.menu [role="menuitem"]').filter(has_text="About").tap()
    await expect(widget(page, ".sheet").filter(has_text="O*NET")).to_be_visible()
    assert await axe_violations(page) == []
    await phone.close()

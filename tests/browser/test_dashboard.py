"""The counselor dashboard in a real headless Chromium, on the real gateway (`bot.app.init_app`).

A person chats in the web widget (embedded on a host page) and asks for a human; a counselor logs in
to `/counselor/`, filters the inbox, opens the conversation, adds a note, replies (the reply appears
in the person's widget), and an admin deletes the person (gone from the database). With 124
conversations the inbox is paged: 50 rows a page, keyboard-reachable page links, filters kept.

Rasa is replaced by `ScriptedRasa`, the suite's one `FakeRasa` (tests/bot/fakes.py: Rasa's REST channel
and tracker API, Contract 3) with this file's script and trackers in Rasa 3.6's event format. Screenshots
of the inbox and the conversation page go to `docs/screenshots/dashboard-*.png`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from playwright.async_api import Page, expect
from sqlalchemy import func, select, update

from bot import store
from bot.counselor.auth import hash_password
from bot.counselor.models import Counselor, Note
from bot.counselor.turn_summaries import SUMMARIES
from bot.db import Conversation, Message, utcnow
from bot.keys import DB_KEY
from tests.bot.fakes import FakeRasa
from tests.browser.conftest import free_port, serve_app, serve_backends

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# docs/screenshots/ is refreshed only on request (PIVOT_UPDATE_SCREENSHOTS=1), so a test run leaves git clean.
SCREENSHOTS = ROOT / ("docs" if os.environ.get("PIVOT_UPDATE_SCREENSHOTS") else "var") / "screenshots"
FIXTURE = ROOT / "tests" / "bot" / "counselor" / "fixtures" / "tracker_fintech_handoff.json"
W = "#pivot-chat-widget"
PASSWORD = "correct horse battery staple"
HANDOFF_TEXT = "this is useless, can I talk to a human?"
REPLY = "Hi, I'm Sam, a career counselor at College X. Happy to help you plan the move into fintech."


# ------------------------------------------------------------------ Rasa stand-in
def _user(ts: float, text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    parse = {"intent": {"name": intent, "confidence": 0.93}, "entities": entities or [], "text": text}
    return {"event": "user", "timestamp": ts, "text": text, "parse_data": parse, "input_channel": "rest"}


def _turn(ts: float, text: str, intent: str, action: str, reply: str, **extra: Any) -> list[dict[str, Any]]:
    events = [_user(ts, text, intent, extra.pop("entities", None))]
    events += [{"event": "slot", "timestamp": ts + 0.1, "name": k, "value": v} for k, v in extra.items()]
    events += [
        {"event": "action", "timestamp": ts + 0.2, "name": action},
        {"event": "bot", "timestamp": ts + 0.3, "text": reply, "data": {}},
        {"event": "action", "timestamp": ts + 0.4, "name": "action_listen"},
    ]
    return events


def _move(
    ts: float, text: str, src: tuple[str, str], dst: tuple[str, str], recs: list[str]
) -> list[dict[str, Any]]:
    ents = [
        {"entity": "occupation", "role": "from", "value": src[0], "text": src[1]},
        {"entity": "occupation", "role": "to", "value": dst[0], "text": dst[1]},
    ]
    reply = "Here are some credentials for that move."
    return _turn(
        ts, text, "ask_transition", "action_recommend_credentials", reply,
        entities=ents, current_field=src[0], target_field=dst[0], recommended_ids=recs,
    )  # fmt: skip


class ScriptedRasa(FakeRasa):
    """The suite's fake Rasa (tests/bot/fakes.py) answering from this file's script; asking for a human
    makes the recorded hand-off conversation that person's tracker."""

    def reply(self, sender: str, message: str) -> list[dict[str, Any]]:
        if "human" in message:
            tracker = json.loads(FIXTURE.read_text())
            tracker["sender_id"] = sender
            shift = time.time() - max(e["timestamp"] for e in tracker["events"])  # recorded earlier: now
            for ev in tracker["events"]:
                ev["timestamp"] += shift
            self.trackers[sender] = tracker
            return [
                {"recipient_id": sender, "text": "I've asked a counselor to join. They'll reply here."},
                {"recipient_id": sender, "custom": {"event": "handoff_requested"}},
            ]
        return [{"recipient_id": sender, "text": "Tell me more about where you want to go."}]


# ------------------------------------------------------------------ environment
@dataclass
class Env:
    gateway_url: str
    host_url: str
    rasa: ScriptedRasa
    app: web.Application


# Other people in the inbox: (sender, site, days ago, reviewed, tracker events). Field and credential
# ids are the knowledge base's curated ones; the bot texts are neutral.
OTHERS: list[tuple[str, str | None, int, bool, list[dict[str, Any]]]] = [
    ("tg:5550101", None, 1, False, _move(0, "I teach 8th grade, could I do instructional design?",
        ("field:teaching", "teach 8th grade"), ("field:instructional-design", "instructional design"),
        ["cur:atd-aptd", "cur:umgc-instructional-design-micromasters"])
        + _turn(10, "online and under 10 hours a week", "inform_constraints", "action_recommend_credentials",
                "Here is the list again, filtered.", format_pref="online", hours_per_week=10.0)),
    ("web:2b7d9c1e-0d7a-4c55-9f0e-1f2a3b4c5d6e", "cc-north", 2, True,
        _move(0, "nurse wanting health informatics",
        ("field:nursing", "nurse"), ("field:health-informatics", "health informatics"),
        ["cur:ancc-informatics-nursing", "cur:ahima-rhia"])),
    ("web:7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "cc-south", 3, False,
        _move(0, "IT help desk to cybersecurity",
        ("field:it-support", "IT help desk"), ("field:cybersecurity", "cybersecurity"),
        ["cur:comptia-security-plus", "cur:isc2-cc"])
        + _turn(10, "is the bootcamp down the road any good", "nlu_fallback", "action_default_fallback",
                "Sorry, I didn't get that.")),
    ("api:workforce-kiosk-3", "workforce-centre", 5, False, _move(0, "accountant, thinking data analytics",
        ("field:accounting", "accountant"), ("field:data-analytics", "data analytics"),
        ["cur:google-data-analytics", "cur:microsoft-power-bi-data-analyst-pl-300"])),
]  # fmt: skip


async def _seed(app: web.Application, rasa: ScriptedRasa) -> None:
    db = app[DB_KEY]
    for sender, site, days_ago, reviewed, events in OTHERS:
        rasa.trackers[sender] = {"sender_id": sender, "events": events}
        for ev in events:
            if ev["event"] == "user":
                reply = next(
                    e["text"] for e in events if e["event"] == "bot" and e["timestamp"] > ev["timestamp"]
                )
                await store.record_exchange(
                    db, sender, ev["text"], [{"text": reply, "buttons": []}], site=site
                )
        then = utcnow() - timedelta(days=days_ago, hours=2)
        async with db.sessionmaker() as s:
            await s.execute(
                update(Conversation)
                .where(Conversation.sender_id == sender)
                .values(created_at=then, last_message_at=then, reviewed=reviewed)
            )
            await s.execute(update(Message).where(Message.sender_id == sender).values(created_at=then))
            await s.commit()
    # Their summaries, as the conversation service's after-turn hook builds them.
    app[SUMMARIES].backfill([sender for sender, *_ in OTHERS])
    await app[SUMMARIES].drain()
    async with db.sessionmaker() as s:
        for email, role in (("sam@college-x.example", "counselor"), ("admin@college-x.example", "admin")):
            s.add(Counselor(email=email, role=role, password_hash=hash_password(PASSWORD), failed_attempts=0))
        await s.commit()


def curated_kb(path: Path) -> None:
    """A knowledge base holding just the curated credentials (real names from knowledge/curated/)."""
    from sqlalchemy import create_engine, insert

    from knowledge.models import Base as KBBase
    from knowledge.models import Credential as KBCredential

    rows = [
        json.loads(line)
        for line in (ROOT / "knowledge/curated/credentials.jsonl").read_text().splitlines()
        if line
    ]
    engine = create_engine(f"sqlite:///{path}")
    KBBase.metadata.create_all(engine, tables=[KBCredential.__table__])
    with engine.begin() as conn:
        conn.execute(
            insert(KBCredential), [{"id": r["id"], "name": r["name"], "curated": True} for r in rows]
        )
    engine.dispose()


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    from bot.app import init_app
    from bot.settings import Settings

    runners: list[web.AppRunner] = []
    curated_kb(tmp_path / "kb.db")
    rasa = ScriptedRasa()
    backend_runners, backends = await serve_backends(rasa)
    runners.extend(backend_runners)
    gw_port, host_port = free_port(), free_port()
    gateway_url, host_url = f"http://127.0.0.1:{gw_port}", f"http://127.0.0.1:{host_port}"
    settings = Settings(
        port=gw_port, host="127.0.0.1", **backends,
        app_database_url=f"sqlite:///{tmp_path / 'app.db'}",
        kb_database_url=f"sqlite:///{tmp_path / 'kb.db'}",
        tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        allowed_origins=(gateway_url, host_url), session_secret="s" * 40, retention_days=365,
    )  # fmt: skip
    app = await init_app(settings)
    runner, _ = await serve_app(app, gw_port)
    runners.append(runner)

    async def host_page(request: web.Request) -> web.Response:
        return web.Response(
            content_type="text/html",
            text=f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>College X careers</title></head><body><h1>College X career services</h1>
<script src="{gateway_url}/widget.js" data-server="{gateway_url}" data-site="college-x" data-open="true"
 data-title="College X careers" async></script></body></html>""",
        )

    host = web.Application()
    host.router.add_get("/", host_page)
    runner, _ = await serve_app(host, host_port)
    runners.append(runner)
    await _seed(app, rasa)
    yield Env(gateway_url, host_url + "/", rasa, app)
    for r in reversed(runners):
        await r.cleanup()


async def login(page: Page, env: Env, email: str) -> None:
    await page.goto(env.gateway_url + "/counselor/")
    await expect(page).to_have_url(f"{env.gateway_url}/counselor/login?next=/counselor/")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator("header.topbar")).to_contain_text(email)


async def count_rows(app: web.Application, sender: str) -> int:
    async with app[DB_KEY].sessionmaker() as s:
        total = 0
        for model in (Conversation, Message, Note):
            total += (
                await s.scalar(select(func.count()).select_from(model).where(model.sender_id == sender)) or 0
            )
        return total


# ------------------------------------------------------------------ the test
async def test_counselor_handles_a_handoff_end_to_end(env: Env, context) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # A person chats in the widget and asks for a human.
    person = await context.new_page()
    await person.goto(env.host_url)
    await expect(person.locator(f"{W} .root")).to_have_attribute("data-state", "online")
    box = person.locator(f"{W} textarea")
    await box.fill("I'm a bank teller and want to get into fintech")
    await box.press("Enter")
    await expect(person.locator(f"{W} .log .msg.bot .bubble").last).to_contain_text("Tell me more")
    await box.fill(HANDOFF_TEXT)
    await box.press("Enter")
    await expect(person.locator(f"{W} .log .msg.bot .bubble").last).to_contain_text("asked a counselor")
    sender = await person.evaluate("window.PivotWidget.senderId")
    assert (await store.get_flags(env.app[DB_KEY], sender)).handoff_requested

    # A counselor (separate browser context: separate cookies) logs in and filters the inbox.
    counselor_ctx = await context.browser.new_context(viewport={"width": 1360, "height": 900})
    counselor_ctx.set_default_timeout(10_000)
    page = await counselor_ctx.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    await login(page, env, "sam@college-x.example")
    rows = page.locator("#conversations tbody tr")
    await expect(rows).to_have_count(5)
    await expect(page.locator(".stat.alert b")).to_have_text("1")
    await expect(page.locator(".chart svg").first).to_be_visible()
    await page.screenshot(path=str(SCREENSHOTS / "dashboard-inbox.png"), full_page=True)

    await page.get_by_label("Channel").select_option("web")
    await page.get_by_label("Hand-off").select_option("yes")
    await page.get_by_role("button", name="Filter").click()
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text(sender)
    await page.get_by_label("Hand-off").select_option("")
    await page.get_by_label("Search messages").fill("help desk")
    await page.get_by_role("button", name="Filter").click()
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("cybersecurity")

    # The hand-off queue leads to the conversation; the summary comes from the tracker.
    await page.get_by_role("link", name="Hand-offs").click()
    await page.get_by_role("link", name=sender).click()
    summary = page.locator("#summary")
    await expect(summary).to_contain_text("wants to move from bank teller to fintech")
    await expect(summary).to_contain_text("In their words: “Where do I even start?”")
    await expect(summary).to_contain_text("asked more about Certified Bitcoin Professional (CBP)")
    await expect(page.locator("#transcript")).to_contain_text(HANDOFF_TEXT)

    # A note.
    await page.get_by_placeholder("Private note for counselors").fill("Wants to stay at the bank part-time.")
    await page.get_by_role("button", name="Add note").click()
    await expect(page.locator("#notes .note")).to_contain_text("Wants to stay at the bank part-time.")

    # A reply reaches the person's open widget; the conversation is now held.
    await page.locator("#reply-text").fill(REPLY)
    await page.get_by_role("button", name="Send reply").click()
    await expect(page.locator("#transcript .msg.counselor .bubble")).to_have_text(REPLY)
    await expect(person.locator(f"{W} .msg.counselor .bubble")).to_contain_text(REPLY)
    flags = await store.get_flags(env.app[DB_KEY], sender)
    assert flags.held_by == "sam@college-x.example"
    await page.screenshot(path=str(SCREENSHOTS / "dashboard-conversation.png"), full_page=True)

    # While held, the bot stays quiet; released, it answers again.
    n_rasa = len(env.rasa.calls)
    await box.fill("thanks Sam, what should I do first?")
    await box.press("Enter")
    await expect(page.locator("body")).to_be_visible()
    # The message reaches the record a moment after it leaves the widget: reload until it is there.
    for _ in range(40):
        await page.reload()
        if "what should I do first?" in await page.locator("#transcript").inner_text():
            break
        await page.wait_for_timeout(250)
    await expect(page.locator("#transcript")).to_contain_text("what should I do first?")
    assert len(env.rasa.calls) == n_rasa
    await page.get_by_role("button", name="Release to the bot").click()
    await expect(page.get_by_role("button", name="Hold (bot stays quiet)")).to_be_visible()
    assert any(s == sender for s, _ in env.rasa.appended)  # the hand-back reset Rasa's hand-off slot
    assert (await store.get_flags(env.app[DB_KEY], sender)).held_by is None
    assert js_errors == []

    # An admin deletes the person after confirming; nothing about them is left.
    admin_ctx = await context.browser.new_context(viewport={"width": 1360, "height": 900})
    admin_ctx.set_default_timeout(10_000)
    admin = await admin_ctx.new_page()
    await login(admin, env, "admin@college-x.example")
    await admin.goto(f"{env.gateway_url}/counselor/c/{sender}")
    await admin.get_by_role("link", name="Delete person…").click()
    await admin.get_by_label("to confirm").fill(sender)
    await admin.get_by_role("button", name="Delete permanently").click()
    await expect(admin.locator(".notice.ok")).to_contain_text("was deleted")
    assert await count_rows(env.app, sender) == 0
    await admin.goto(env.gateway_url + "/counselor/")
    await expect(admin.locator("#conversations tbody tr")).to_have_count(4)
    await admin.goto(env.gateway_url + "/counselor/admin/audit")
    await expect(admin.locator("#audit")).to_contain_text("delete_person")
    await expect(admin.locator("#audit")).to_contain_text("reply")
    await admin_ctx.close()
    await counselor_ctx.close()


async def test_inbox_pages_with_the_keyboard(env: Env, context) -> None:
    """124 conversations: pages of 50 (today's page is no longer one 18,000-px list), the pager is
    reached and followed with the keyboard, and a filter stays on while paging."""
    from tests.bot.counselor.test_scale import insert_conversations

    await insert_conversations(env.app, 120)  # plus the 4 seeded ones
    page = await context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    await login(page, env, "sam@college-x.example")
    rows = page.locator("#conversations tbody tr")
    await expect(rows).to_have_count(50)
    pager = page.get_by_role("navigation", name="Inbox pages", exact=True)
    await expect(pager).to_contain_text("1–50 of 124 · page 1 of 3")
    height = await page.evaluate("document.scrollingElement.scrollHeight")
    assert height < 9000, height  # one page of rows, not every conversation
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "dashboard-inbox-pages.png"), full_page=True)

    next_link = pager.get_by_role("link", name="Next ›")
    await next_link.focus()
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(f"{env.gateway_url}/counselor/?page=2")
    await expect(pager).to_contain_text("51–100 of 124 · page 2 of 3")
    await expect(rows).to_have_count(50)
    await pager.get_by_role("link", name="Last »").click()
    await expect(rows).to_have_count(24)
    await expect(pager.get_by_role("link", name="Next ›")).to_have_count(0)

    await page.get_by_label("Target field").fill("nursing")  # 80 of the 120 (the seeded nurse leaves it)
    await page.get_by_role("button", name="Filter").click()
    await expect(pager).to_contain_text("1–50 of 80")
    await pager.get_by_role("link", name="Next ›").click()
    await expect(rows).to_have_count(30)
    await expect(page.get_by_label("Target field")).to_have_value("nursing")
    for sender in await page.locator("#conversations a.sender").all_inner_texts():
        assert sender.startswith("web:"), sender
    assert js_errors == []

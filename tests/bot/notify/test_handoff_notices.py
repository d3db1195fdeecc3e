"""A hand-off on the gateway (real app, real SQLite, fake Rasa) reaches the counselors of the
person's site: one email through a real SMTP server with STARTTLS and login, one webhook call,
within 5 s, with the summary and a link and without the transcript; nothing to a destination the
site does not have; a failing receiver is retried and shown in /healthz."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from bot.keys import DB_KEY
from bot.notify.config import NotifyConfig
from bot.notify.models import OutboxItem
from tests.bot.notify.conftest import API_KEY, PUBLIC_URL, SMTP_USER, notify_env, wait_for

SECRET_DETAIL = "my employer Acme Savings is laying off 40 tellers"  # said in the chat, never in a notice


async def say(client: Any, sender: str, text: str, site: str) -> dict[str, Any]:
    resp = await client.post("/api/v1/messages", json={"sender_id": sender, "text": text, "site": site})
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def outbox_rows(client: Any) -> list[OutboxItem]:
    async with client.server.app[DB_KEY].reader() as session:
        return list(await session.scalars(select(OutboxItem).order_by(OutboxItem.id)))


async def test_a_handoff_sends_one_email_and_one_webhook_call_within_5_s(stack, mailbox, receiver):
    await say(stack, "api:jane", f"I'm a bank teller, {SECRET_DETAIL}", "college.example")
    loop = asyncio.get_running_loop()
    start = loop.time()
    await say(stack, "api:jane", "I want to talk to a human", "college.example")

    await wait_for(lambda: len(mailbox.messages) >= 1 and len(receiver.calls) >= 1, timeout=5.0)
    elapsed = loop.time() - start
    await asyncio.sleep(0.5)  # nothing more arrives

    assert len(mailbox.messages) == 1 and len(receiver.calls) == 1
    assert elapsed < 5.0
    link = f"{PUBLIC_URL}/counselor/c/api:jane"
    mail = mailbox.messages[0]
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == "careers@college.example"
    assert "Riverside College careers" in mail["Subject"]
    assert mailbox.envelopes[0].rcpt_tos == ["careers@college.example"]
    assert mailbox.tls_sessions == [True] and mailbox.logins == [SMTP_USER]
    assert link in body and "Summary: This person (api)" in body and "asked for a human" in body
    hook = receiver.calls[0]
    assert hook["path"] == "/hooks/college"
    assert f"<{link}|Open the conversation>" in hook["json"]["text"]
    for text in (body, str(hook["json"])):
        assert SECRET_DETAIL not in text and "Acme" not in text and "talk to a human" not in text
    rows = await outbox_rows(stack)
    assert [(r.kind, r.status, r.attempts) for r in rows] == [("email", "sent", 1), ("webhook", "sent", 1)]
    print(f"hand-off → email + webhook in {elapsed:.2f} s")


async def test_a_site_gets_only_the_destinations_it_has(stack, mailbox, receiver):
    await say(stack, "api:lee", "I need a human please", "email-only.example")
    await say(stack, "api:kim", "a human please", "unlisted.example")

    await wait_for(lambda: len(mailbox.messages) == 1)
    await asyncio.sleep(1.0)

    assert mailbox.envelopes[0].rcpt_tos == ["advisers@lakeside.example"]
    assert receiver.calls == []  # email-only site: no webhook; unlisted site without `default`: nothing
    assert [(r.sender_id, r.kind) for r in await outbox_rows(stack)] == [("api:lee", "email")]


async def test_a_teams_site_gets_an_adaptive_card_with_the_link(stack, receiver, mailbox):
    await say(stack, "api:ola", "human", "teams.example")

    await wait_for(lambda: len(receiver.calls) == 1)

    payload = receiver.calls[0]["json"]
    card = payload["attachments"][0]
    assert payload["type"] == "message" and card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open the conversation",
            "url": f"{PUBLIC_URL}/counselor/c/api:ola",
        }
    ]
    assert mailbox.messages == []


async def test_a_failing_webhook_is_retried_and_shown_in_healthz(stack, receiver, mailbox):
    receiver.statuses = [500, 500]
    loop = asyncio.get_running_loop()
    start = loop.time()
    await say(stack, "api:max", "human", "college.example")

    await wait_for(lambda: len(receiver.calls) == 1)
    seen_degraded = ""
    for _ in range(100):  # the first retry is 1 s later; /healthz says so meanwhile
        health = await (await stack.get("/healthz")).json()
        if health["parts"]["notifications"].startswith("degraded"):
            seen_degraded = health["parts"]["notifications"]
            break
        await asyncio.sleep(0.02)
    await wait_for(lambda: len(receiver.calls) == 3, timeout=6.0)
    third = loop.time() - start
    rows = await outbox_rows(stack)
    hook = next(r for r in rows if r.kind == "webhook")
    for _ in range(50):
        if hook.status == "sent":
            break
        await asyncio.sleep(0.05)
        hook = next(r for r in await outbox_rows(stack) if r.kind == "webhook")

    assert "1 retrying" in seen_degraded and "HTTP 500" in seen_degraded
    print(f"500, 500, 200: delivered on the 3rd attempt {third:.2f} s after the request")
    assert (hook.status, hook.attempts, hook.last_error) == ("sent", 3, None)
    assert len(mailbox.messages) == 1  # the email went once, unaffected by the webhook's trouble
    health = await (await stack.get("/healthz")).json()
    assert health["parts"]["notifications"] == "ok" and health["status"] == "ok"


async def test_a_wrong_smtp_password_is_retried_not_lost(
    aiohttp_client, gateway_settings, sites_file, mailbox
):
    from bot.app import init_app

    settings = gateway_settings.replace(
        public_url=PUBLIC_URL,
        api_keys=(API_KEY,),
        notify=NotifyConfig.from_env(notify_env(sites_file, mailbox, SMTP_PASSWORD="wrong")),
    )
    client = await aiohttp_client(await init_app(settings), headers={"X-API-Key": API_KEY})
    await say(client, "api:ann", "human", "email-only.example")

    async def errored() -> OutboxItem | None:
        rows = await outbox_rows(client)
        return rows[0] if rows and rows[0].last_error else None

    row = None
    for _ in range(100):
        row = await errored()
        if row:
            break
        await asyncio.sleep(0.05)

    assert row is not None and row.status == "pending" and "login refused" in (row.last_error or "")
    assert mailbox.messages == []
    async with client.server.app[DB_KEY].reader() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxItem)) == 1

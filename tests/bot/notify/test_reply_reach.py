"""After the notice: a counselor's reply written while the person is away shows when they come
back (history API) with its delivery state for the counselor; a live widget gets it at once; the
release hands the conversation back to Rasa and tells the person; a left email is kept with its
consent and deleted with the person's data."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from bot import store
from bot.counselor import gateway as dashboard
from bot.counselor import receipts
from bot.delivery import deliver_counselor_message, forget_person
from bot.handback import BACK_WITH_PIVOT
from bot.keys import DB_KEY
from bot.notify import contacts
from bot.notify.gateway import NOTIFIER_KEY
from bot.notify.models import ContactDetail, OutboxItem
from tests.bot.notify.conftest import PUBLIC_URL, wait_for

REPLY = "Hi, I'm Sam from the careers office. Could we talk on Thursday?"


async def web_session(client: Any) -> tuple[str, str]:
    body = await (await client.post("/api/v1/session", headers={"Origin": PUBLIC_URL})).json()
    return body["sender_id"], body["token"]


async def say(client: Any, sender: str, token: str | None, text: str, site: str = "college.example") -> Any:
    body = {"sender_id": sender, "text": text, "site": site, **({"token": token} if token else {})}
    resp = await client.post("/api/v1/messages", json=body, headers={"Origin": PUBLIC_URL})
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def history(client: Any, sender: str, token: str) -> list[dict[str, Any]]:
    resp = await client.get(
        "/api/v1/history", params={"sender_id": sender, "token": token}, headers={"Origin": PUBLIC_URL}
    )
    assert resp.status == 200, await resp.text()
    return (await resp.json())["messages"]


async def test_a_reply_written_while_the_person_is_away_shows_when_they_return(stack):
    app = stack.server.app
    sender, token = await web_session(stack)
    await say(stack, sender, token, "I want a human")

    result = await deliver_counselor_message(app, sender, REPLY, "sam@college.example")
    states = await receipts.reply_states(app[DB_KEY], sender)
    (waiting,) = states.values()

    assert result.live is False  # the widget is closed
    assert waiting.delivered_at is None and waiting.label.startswith("waiting")

    shown = await history(stack, sender, token)  # the widget reopens and loads its history

    assert shown[-1] == {
        "id": shown[-1]["id"],
        "from": "counselor",
        "text": REPLY,
        "buttons": [],
        "ts": shown[-1]["ts"],
    }
    (delivered,) = (await receipts.reply_states(app[DB_KEY], sender)).values()
    assert (delivered.via, delivered.seen) == ("history", False)
    assert delivered.label == "delivered when they came back"

    await say(stack, sender, token, "Thursday works for me")
    (seen,) = (await receipts.reply_states(app[DB_KEY], sender)).values()
    assert seen.seen and seen.label.startswith("seen")
    assert seen.delivered_at == delivered.delivered_at  # the first receipt stays


async def test_an_open_widget_gets_the_reply_live(stack):
    app = stack.server.app
    sender, token = await web_session(stack)
    await say(stack, sender, token, "hi")
    ws = await stack.ws_connect(
        "/ws", params={"sender_id": sender, "token": token}, headers={"Origin": PUBLIC_URL}
    )

    result = await deliver_counselor_message(app, sender, REPLY, "sam@college.example")
    frame = await next_frame(ws, "counselor")
    assert result.live and frame == {"type": "counselor", "id": frame["id"], "text": REPLY}
    (state,) = (await receipts.reply_states(app[DB_KEY], sender)).values()
    assert state.delivered_at is None  # pushed, not yet confirmed by the browser

    await ws.send_json({"type": "ack", "ids": [frame["id"]]})  # the widget shows it
    for _ in range(250):  # the ack is handled by the gateway's socket task: wait for its receipt
        (state,) = (await receipts.reply_states(app[DB_KEY], sender)).values()
        if state.delivered_at is not None:
            break
        await asyncio.sleep(0.02)
    await ws.close()
    assert state.via == "live" and state.label == "delivered live in the widget"


async def next_frame(ws: Any, kind: str) -> dict[str, Any]:
    """The next frame of `kind` (a `resume` of earlier unacknowledged replies may come first)."""
    while True:
        frame = await ws.receive_json(timeout=5)
        if frame["type"] == kind:
            return frame


async def test_releasing_resets_rasa_and_tells_the_person(stack, fake_rasa):
    app = stack.server.app
    sender, token = await web_session(stack)
    await say(stack, sender, token, "I want a human")
    await dashboard.set_hold(app, sender, "sam@college.example")
    ws = await stack.ws_connect(
        "/ws", params={"sender_id": sender, "token": token}, headers={"Origin": PUBLIC_URL}
    )

    await dashboard.set_hold(app, sender, None)
    frame = await next_frame(ws, "bot")
    await ws.close()

    assert fake_rasa.posted_events == [
        {"sender": sender, "events": [{"event": "slot", "name": "handoff_requested", "value": False}]}
    ]
    assert frame["type"] == "bot" and frame["messages"][0]["text"] == BACK_WITH_PIVOT["en"]
    assert (await history(stack, sender, token))[-1]["text"] == BACK_WITH_PIVOT["en"]
    reply = await say(stack, sender, token, "what about data analytics?")  # the bot answers again
    assert reply["messages"][0]["text"] == "You said: what about data analytics?"
    # the hand-off request is closed too: a later confirmed deletion is the person's own again
    flags = await store.get_flags(app[DB_KEY], sender)
    assert flags is not None and not flags.handoff_requested and flags.held_by is None


async def test_a_left_email_is_kept_with_consent_and_deleted_with_the_person(stack, mailbox):
    app = stack.server.app
    await say(stack, "api:eve", None, "I want a human")
    await say(stack, "api:eve", None, "yes please, eve@example.org")
    await wait_for(lambda: len(mailbox.messages) == 1)

    contact = await contacts.contact_for(app[DB_KEY], "api:eve")
    assert contact is not None and (contact.value, contact.consent) == ("eve@example.org", "reply by email")

    await deliver_counselor_message(app, "api:eve", REPLY, "sam@college.example")
    await forget_person(app, "api:eve")

    async with app[DB_KEY].reader() as session:
        for model in (ContactDetail, OutboxItem, receipts.ReplyReceipt):
            assert await session.scalar(select(func.count()).select_from(model)) == 0, model.__tablename__


async def test_a_malformed_contact_event_is_not_stored(stack):
    app = stack.server.app
    await say(stack, "api:bob", None, "hi")
    notifier = app[NOTIFIER_KEY]

    await notifier.on_turn(
        "api:bob", None, [{"event": "contact_email", "email": "not an address", "consent": "x"}]
    )
    await notifier.on_turn("api:bob", None, [{"event": "contact_email", "email": "bob@example.org"}])

    assert await contacts.contact_for(app[DB_KEY], "api:bob") is None

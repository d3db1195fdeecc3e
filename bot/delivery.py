"""What the counselor dashboard calls to talk to a person and to hold or release a conversation.

Stable API (documented in bot/README.md):
- `await deliver_counselor_message(app, sender_id, text, counselor)` → `DeliveryResult`
- `await hold_conversation(app, sender_id, counselor)` / `await release_conversation(app, sender_id)`
- `await forget_person(app, sender_id)` → `store.ForgetResult`

While `held_by` is set, the person's messages are recorded but not sent to Rasa (they are told once
that a counselor will answer); releasing hands the conversation back to the bot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiohttp import web

from bot import store
from bot.keys import CONVERSATION_KEY, DB_KEY, SOCKETS_KEY, TELEGRAM_KEY

log = logging.getLogger(__name__)


class UnknownConversation(LookupError):
    """No conversation with that sender id."""


@dataclass(frozen=True)
class DeliveryResult:
    sender_id: str
    recorded: bool
    live: bool  # reached an open widget socket or Telegram right now
    channel: str


async def deliver_counselor_message(
    app: web.Application, sender_id: str, text: str, counselor: str
) -> DeliveryResult:
    """Record a counselor's message (direction `counselor`) and push it to the person.

    Web: every open widget socket of that sender gets `{"type": "counselor", "id": ..., "text": ...}`;
    it counts as delivered when the widget acknowledges the id; if no socket is open (or the frame is
    lost) the person gets it from the history or the `resume` frame next time.
    Telegram (`tg:<chat_id>`): sent by the bot.
    """
    text = text.strip()
    if not text:
        raise ValueError("empty message")
    db = app[DB_KEY]
    if await store.get_flags(db, sender_id) is None:
        raise UnknownConversation(sender_id)
    await store.record_outbound(db, sender_id, [{"text": text, "buttons": []}], direction="counselor")
    channel = store.channel_of(sender_id)
    live = False
    if channel == "web":
        from bot.counselor import receipts

        # Pushed now; its receipt is written when the widget acknowledges the id (bot.web_delivery), and
        # a widget that misses the frame gets it again when it reconnects.
        message_id = await receipts.latest_counselor_message_id(db, sender_id)
        frame = {"type": "counselor", "id": message_id, "text": text}
        live = await app[SOCKETS_KEY].send_json(sender_id, frame) > 0
        log.info("counselor %s wrote to %s (pushed to an open widget: %s)", counselor, sender_id, live)
        return DeliveryResult(sender_id, True, live, channel)
    if channel == "telegram":
        telegram = app.get(TELEGRAM_KEY)
        if telegram is None:
            log.warning("counselor %s wrote to %s but Telegram is not configured", counselor, sender_id)
        else:
            live = await telegram.send_counselor_message(sender_id, text)
    if live:
        from bot.counselor import receipts

        last = await receipts.latest_counselor_message_id(db, sender_id)
        if last is not None:
            await receipts.mark_delivered(db, sender_id, "telegram", [last])
    log.info("counselor %s wrote to %s (live=%s)", counselor, sender_id, live)
    return DeliveryResult(sender_id, True, live, channel)


async def hold_conversation(app: web.Application, sender_id: str, counselor: str) -> store.ConversationFlags:
    flags = await store.set_flags(app[DB_KEY], sender_id, held_by=counselor)
    if flags is None:
        raise UnknownConversation(sender_id)
    return flags


async def release_conversation(app: web.Application, sender_id: str) -> store.ConversationFlags:
    """The counselor is done: no hold and no open hand-off request, so the bot answers again and the
    person's own confirmed "delete my data" is no longer left to a counselor."""
    flags = await store.set_flags(app[DB_KEY], sender_id, held_by=None, handoff_requested=False)
    if flags is None:
        raise UnknownConversation(sender_id)
    return flags


async def forget_person(app: web.Application, sender_id: str) -> store.ForgetResult:
    """Delete everything about a person (app DB incl. counselor notes via cascade, Rasa tracker)."""
    return await app[CONVERSATION_KEY].forget(sender_id)

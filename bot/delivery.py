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
from bot.channels import CHANNELS_KEY
from bot.conversation import CONVERSATION_KEY
from bot.keys import DB_KEY
from bot.store import UnknownConversation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryResult:
    sender_id: str
    recorded: bool
    live: bool  # reached the person now: an open widget socket took it, or Telegram confirmed it
    channel: str


async def deliver_counselor_message(
    app: web.Application, sender_id: str, text: str, counselor: str
) -> DeliveryResult:
    """Record a counselor's message (direction `counselor`) and push it to the person through their live
    channel (`bot.channels`): the widget pushes it to every open socket of the sender (delivered once the
    widget acknowledges the id; a widget that misses it gets it from `resume` or its history), Telegram
    sends it through its outbox (delivered once Telegram confirms it). An `api:` sender has no live
    channel: the message waits in their history."""
    text = text.strip()
    if not text:
        raise ValueError("empty message")
    db = app[DB_KEY]
    if await store.get_flags(db, sender_id) is None:
        raise UnknownConversation(sender_id)
    [message_id] = await store.record_outbound(
        db, sender_id, [{"text": text, "buttons": []}], direction="counselor"
    )
    name = store.channel_of(sender_id)
    channel = app[CHANNELS_KEY].of(sender_id)
    live = False
    if channel is not None:
        live = await channel.push_counselor(sender_id, message_id, text)
    elif name != "api":
        log.warning(
            "counselor %s wrote to %s but the %s channel is not configured", counselor, sender_id, name
        )
    log.info("counselor %s wrote to %s (%s, reached them now: %s)", counselor, sender_id, name, live)
    return DeliveryResult(sender_id, True, live, name)


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

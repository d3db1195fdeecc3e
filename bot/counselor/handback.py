"""Handing a conversation back to the bot when a counselor releases it.

Two things must happen, or the person and the bot disagree about who is talking:
1. Rasa forgets the hand-off: the slot `handoff_requested` is set to false through Rasa's HTTP API
   (`POST /conversations/{id}/tracker/events`, authenticated with RASA_TOKEN), so the bot answers
   topics again instead of "a counselor will reply";
2. the person is told, on their own channel, and the line is recorded in their history.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import aiohttp
from aiohttp import web

from bot import store
from bot.counselor.gateway import HTTP, SETTINGS, TRACKER_TIMEOUT_S, database
from bot.keys import SOCKETS_KEY, TELEGRAM_KEY

log = logging.getLogger(__name__)

BACK_WITH_PIVOT = (
    "You're back with Pivot: the counselor has finished here. Ask me anything about your move, "
    "or ask for a counselor again whenever you need one."
)
RELEASE_EVENTS = [{"event": "slot", "name": "handoff_requested", "value": False}]


async def reset_handoff_slot(app: web.Application, sender_id: str) -> bool:
    """Tell Rasa the hand-off is over; False when Rasa could not be reached (logged)."""
    settings = app[SETTINGS]
    params = {"token": settings.rasa_token} if settings.rasa_token else {}
    url = f"{settings.rasa_urls[0]}/conversations/{quote(sender_id, safe=':')}/tracker/events"
    try:
        async with app[HTTP].post(
            url, json=RELEASE_EVENTS, params=params, timeout=aiohttp.ClientTimeout(total=TRACKER_TIMEOUT_S)
        ) as resp:
            if resp.status == 200:
                return True
            log.warning("hand-back of %s: Rasa answered HTTP %s", sender_id, resp.status)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("hand-back of %s: Rasa unreachable (%s)", sender_id, exc)
    return False


async def tell_person(app: web.Application, sender_id: str, text: str = BACK_WITH_PIVOT) -> bool:
    """Record the line as the bot's and push it live; True when it reached the person now."""
    await store.record_outbound(database(app), sender_id, [{"text": text, "buttons": []}])
    channel = store.channel_of(sender_id)
    if channel == "web":
        frame = {"type": "bot", "reply_to": None, "messages": [{"text": text, "buttons": []}]}
        return await app[SOCKETS_KEY].send_json(sender_id, frame) > 0
    telegram = app.get(TELEGRAM_KEY)
    if channel == "telegram" and telegram is not None:
        try:
            await telegram.send_text(int(sender_id.removeprefix("tg:")), text)
            return True
        except Exception as exc:  # a blocked bot or a Telegram outage: the line stays in the history
            log.warning("hand-back line to %s not delivered: %s", sender_id, exc)
    return False


async def hand_back(app: web.Application, sender_id: str) -> bool:
    """Both steps; returns whether Rasa took the reset (the person is told either way)."""
    reset = await reset_handoff_slot(app, sender_id)
    await tell_person(app, sender_id)
    return reset

"""The dashboard's few touch points with the rest of the gateway, each behind one small function.

The gateway owns settings, the app database (`bot.keys.DB_KEY`), Rasa's tracker store
(`TRACKER_DB_KEY`), the message store (`bot.store`) and delivery (`bot.delivery`). Views call only
these functions, so a change on the gateway's side is a change here and nowhere else. The dashboard
reads no knowledge-base table: credential names come from the structured answers (`Summary.names`).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import delivery, store
from bot.db import Database
from bot.keys import DB_KEY, TRACKER_DB_KEY
from bot.settings import Settings

log = logging.getLogger(__name__)

HTTP = web.AppKey("counselor_http", aiohttp.ClientSession)
SETTINGS = web.AppKey("counselor_settings", Settings)
TRACKER_TIMEOUT_S = 2.0


def database(app: web.Application) -> Database:
    """The app DB the gateway's factory opened (bot.keys.DB_KEY)."""
    return app[DB_KEY]


def reader(app: web.Application) -> async_sessionmaker[AsyncSession]:
    """Sessions for reads only (`Database.reader`): on SQLite a deferred transaction, so a page that only
    reads never takes, or waits for, the write lock the gateway's turns use."""
    return app[DB_KEY].reader


async def fetch_tracker(app: web.Application, sender_id: str) -> dict[str, Any] | None:
    """Rasa's tracker for one sender, or None when Rasa is unreachable, slow or refuses."""
    settings = app[SETTINGS]
    base = settings.rasa_urls[0]  # any Rasa instance serves any conversation (shared tracker store)
    params = {"token": settings.rasa_token} if settings.rasa_token else {}
    try:
        async with app[HTTP].get(
            f"{base}/conversations/{quote(sender_id, safe=':')}/tracker",
            params=params,
            timeout=aiohttp.ClientTimeout(total=TRACKER_TIMEOUT_S),
        ) as resp:
            if resp.status != 200:
                log.info("tracker for %s: HTTP %s", sender_id, resp.status)
                return None
            data = await resp.json()
            return data if isinstance(data, dict) else None
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.info("tracker for %s unavailable: %s", sender_id, exc)
        return None


async def deliver(app: web.Application, sender_id: str, text: str, counselor: str) -> bool:
    """Send a counselor's reply to the person on their own channel; True when it reached them live
    (open widget socket or Telegram), False when it waits in their history."""
    result = await delivery.deliver_counselor_message(app, sender_id, text, counselor)
    return result.live


async def set_hold(app: web.Application, sender_id: str, counselor: str | None) -> None:
    """Hold (the bot stays quiet, a counselor answers; a release still waiting for Rasa is called off) or
    release (`counselor=None`): the conversation is handed back to the bot and the person told once Rasa
    took it, retried until it does (`bot.handback`)."""
    from bot import handback

    if counselor:
        await handback.cancel(database(app), sender_id)
        await delivery.hold_conversation(app, sender_id, counselor)
    else:
        await handback.release(app, sender_id)


async def set_reviewed(app: web.Application, sender_id: str, reviewed: bool) -> None:
    await store.set_flags(database(app), sender_id, reviewed=reviewed)


async def purge(app: web.Application, days: int) -> int:
    """Delete every conversation idle for more than `days`, everywhere: the gateway's retention sweep
    (`store.purge_expired`, the one purge the gateway, the CLI and the dashboard share)."""
    return await store.purge_expired(database(app), days, app[TRACKER_DB_KEY])


async def delete_person(app: web.Application, sender_id: str) -> dict[str, Any]:
    """Delete everything about one sender (app DB with notes and tags by cascade, Rasa's tracker
    events) through the gateway, which serialises it with that sender's conversation turns."""
    return dataclasses.asdict(await delivery.forget_person(app, sender_id))

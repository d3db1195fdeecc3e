"""Handing a conversation back to the bot when a counselor releases it, durably.

Two things must both happen, or the person and the bot disagree about who is talking:
1. Rasa forgets the hand-off: the slot `handoff_requested` is set to false through Rasa's HTTP API
   (`POST /conversations/{id}/tracker/events`, authenticated with RASA_TOKEN), so the bot answers topics
   again and a later "a person, please" is a new request that notifies the counselors again;
2. the person is told, on their own channel, and the line is in their history.

A release is therefore a row in `handbacks` (app DB) until Rasa took the reset. Until then the
conversation stays held: the bot stays quiet and the person is not told they are back (the hold replies
say the counselor has finished and Pivot will be back shortly, `bot.hold`). The row is tried at once,
then by a background worker with backoff (1 s doubling to `BACKOFF_MAX_S`, for as long as it takes; the
dashboard and `/healthz` show it waiting), also after a gateway restart; while one waits, the worker asks
Rasa's `/status` every `POLL_S` and tries every waiting release when Rasa comes back. Rasa took it → in one
transaction the row goes, the hold and the open request are cleared and "You're back with Pivot" is
recorded; then it is pushed to an open widget (with its id, so the widget acknowledges it, and a closed
widget gets it on reconnect) or queued in the Telegram outbox. A counselor who holds the conversation
again before that calls the release off (`cancel`). Deleting the person deletes the row (cascade).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from urllib.parse import quote

import aiohttp
from aiohttp import web
from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from bot import store
from bot.channels import CHANNELS_KEY
from bot.db import Base, Conversation, Database, Message, utcnow
from bot.hold_questions import conversation_language
from bot.keys import DB_KEY, HTTP_KEY, RASA_KEY, SETTINGS_KEY
from bot.limits import KeyedLocks

log = logging.getLogger(__name__)

BACK_WITH_PIVOT = {
    "en": (
        "You're back with Pivot: the counselor has finished here. Ask me anything about your move, "
        "or ask for a counselor again whenever you need one."
    ),
    "es": (
        "Vuelves a estar con Pivot: la persona del equipo de orientación ha terminado aquí. Pregúntame lo "
        "que quieras sobre tu cambio, o pide hablar con una persona otra vez cuando lo necesites."
    ),
    "pt": (
        "Você está de volta com o Pivot: a pessoa da equipe de orientação terminou aqui. Pergunte o que "
        "quiser sobre a sua mudança, ou peça para falar com uma pessoa de novo quando precisar."
    ),
}
RELEASE_EVENTS = [{"event": "slot", "name": "handoff_requested", "value": False}]
TIMEOUT_S = 5.0
POLL_S = 2.0
LEASE_S = 30.0
BACKOFF_BASE_S = 1.0
BACKOFF_MAX_S = 60.0
LINE_KEY_PREFIX = "handback-"  # a channel outbox's dedup key: one hand-back line per recorded message


class Handback(Base):
    """A release Rasa has not taken yet: one row per conversation at most."""

    __tablename__ = "handbacks"

    sender_id: Mapped[str] = mapped_column(
        String(160), ForeignKey("conversations.sender_id", ondelete="CASCADE"), primary_key=True
    )
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)


@dataclass(frozen=True)
class HandbackState:
    """A waiting hand-back, as the dashboard shows it."""

    requested_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(attempts - 1, 0), BACKOFF_MAX_S))


def _aware(ts: dt.datetime) -> dt.datetime:
    return ts.replace(tzinfo=dt.timezone.utc) if ts.tzinfo is None else ts


# --------------------------------------------------------------------------- the table
async def request(db: Database, sender_id: str) -> None:
    """Queue the release (a second release while one waits keeps the first one's row)."""
    now = utcnow()
    async with db.sessionmaker.begin() as session:
        if await session.get(Handback, sender_id) is None:
            session.add(Handback(sender_id=sender_id, requested_at=now, attempts=0, next_attempt_at=now))


async def cancel(db: Database, sender_id: str) -> bool:
    """A counselor holds the conversation again: the waiting release is called off."""
    async with db.sessionmaker.begin() as session:
        result = await session.execute(delete(Handback).where(Handback.sender_id == sender_id))
    return bool(result.rowcount)


async def pending(db: Database, sender_id: str) -> HandbackState | None:
    async with db.reader() as session:
        row = await session.get(Handback, sender_id)
    if row is None:
        return None
    return HandbackState(_aware(row.requested_at), row.attempts, _aware(row.next_attempt_at), row.last_error)


async def _claim(db: Database, sender_id: str, now: dt.datetime) -> int | None:
    """Take the row for one attempt (a lease, so two gateway processes never both try); its attempt number."""
    async with db.sessionmaker.begin() as session:
        result = await session.execute(
            update(Handback)
            .where(Handback.sender_id == sender_id, Handback.next_attempt_at <= now)
            .values(next_attempt_at=now + dt.timedelta(seconds=LEASE_S), attempts=Handback.attempts + 1)
        )
        if not result.rowcount:
            return None
        return await session.scalar(select(Handback.attempts).where(Handback.sender_id == sender_id))


async def _failed(db: Database, sender_id: str, attempts: int, error: str) -> None:
    async with db.sessionmaker.begin() as session:
        await session.execute(
            update(Handback)
            .where(Handback.sender_id == sender_id)
            .values(last_error=error[:500], next_attempt_at=utcnow() + backoff(attempts))
        )


async def _complete(db: Database, sender_id: str, text: str) -> int | None:
    """Rasa took the reset: in one transaction drop the row, clear the hold and the open request, record
    the line. The new message's id, or None when the release was called off meanwhile."""
    async with db.sessionmaker.begin() as session:
        gone = await session.execute(delete(Handback).where(Handback.sender_id == sender_id))
        if not gone.rowcount:
            return None
        await session.execute(
            update(Conversation)
            .where(Conversation.sender_id == sender_id)
            .values(held_by=None, handoff_requested=False, handoff_at=None, last_message_at=utcnow())
        )
        row = Message(sender_id=sender_id, direction="out", text=text, created_at=utcnow())
        session.add(row)
        await session.flush()
        return row.id


async def _expedite(db: Database) -> int:
    """Rasa answers again: every release waiting out its backoff becomes due now. (One another gateway is
    trying at this moment may be tried twice; `_complete` lets only one of them record and tell.)"""
    now = utcnow()
    async with db.sessionmaker.begin() as session:
        result = await session.execute(
            update(Handback)
            .where(Handback.next_attempt_at > now, Handback.last_error.is_not(None))
            .values(next_attempt_at=now)
        )
    return int(result.rowcount or 0)


async def _waiting(db: Database) -> int:
    async with db.reader() as session:
        return int(await session.scalar(select(func.count()).select_from(Handback)) or 0)


async def health(db: Database) -> str:
    async with db.reader() as session:
        waiting = await session.scalar(select(func.count()).select_from(Handback))
        last = await session.scalar(
            select(Handback.last_error)
            .where(Handback.last_error.is_not(None))
            .order_by(Handback.requested_at.desc())
            .limit(1)
        )
    if not waiting:
        return "ok"
    return f"degraded: {waiting} waiting for Rasa" + (f" (last error: {last})" if last else "")


# --------------------------------------------------------------------------- Rasa and the person
async def reset_handoff_slot(app: web.Application, sender_id: str) -> str | None:
    """Tell Rasa the hand-off is over (any instance: they share the tracker store); None when it took
    it, else why not."""
    settings = app[SETTINGS_KEY]
    params = {"token": settings.rasa_token} if settings.rasa_token else {}
    errors = []
    for base in settings.rasa_urls:
        url = f"{base}/conversations/{quote(sender_id, safe=':')}/tracker/events"
        try:
            async with app[HTTP_KEY].post(
                url, json=RELEASE_EVENTS, params=params, timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)
            ) as resp:
                if resp.status == 200:
                    return None
                errors.append(f"Rasa answered HTTP {resp.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            errors.append(f"Rasa unreachable ({type(exc).__name__})")
    return "; ".join(errors) or "no Rasa configured"


async def _language(db: Database, sender_id: str) -> str:
    async with db.reader() as session:
        texts = list(
            await session.scalars(
                select(Message.text)
                .where(Message.sender_id == sender_id, Message.direction == "in")
                .order_by(Message.id.desc())
                .limit(5)
            )
        )
    return conversation_language(texts)


async def tell_person(app: web.Application, sender_id: str, message_id: int, text: str) -> bool:
    """Push the recorded line through the person's live channel (`bot.channels`); True when it reached an
    open widget or Telegram took it into its outbox."""
    channel = app[CHANNELS_KEY].of(sender_id)
    if channel is None:
        return False
    try:
        return await channel.push_line(sender_id, message_id, text, key=f"{LINE_KEY_PREFIX}{message_id}")
    except Exception as exc:  # a channel that keeps an outbox retries; the line stays in the history
        log.warning("hand-back line to %s not pushed: %s", sender_id, exc)
        return False


# --------------------------------------------------------------------------- the worker
class HandbackWorker:
    """Tries each waiting release: at once on release, then every `POLL_S` for the due ones."""

    def __init__(self, app: web.Application, turn_locks: KeyedLocks) -> None:
        self.app = app
        self.turn_locks = turn_locks  # the conversation service's: a release never runs inside a turn
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._rasa_was_up: bool | None = None  # the last `/status` probe while releases wait

    @property
    def db(self) -> Database:
        return self.app[DB_KEY]

    async def release(self, sender_id: str) -> bool:
        """The counselor released the conversation; True when it is handed back now, False while it
        waits for Rasa (the worker keeps trying)."""
        if await store.get_flags(self.db, sender_id) is None:
            raise store.UnknownConversation(sender_id)
        await request(self.db, sender_id)
        return await self.attempt(sender_id)

    async def attempt(self, sender_id: str) -> bool:
        """One try for one conversation, under that conversation's turn lock."""
        async with self.turn_locks.hold(sender_id):
            attempts = await _claim(self.db, sender_id, utcnow())
            if attempts is None:
                return False  # not due, called off, or another process has it
            error = await reset_handoff_slot(self.app, sender_id)
            if error is not None:
                await _failed(self.db, sender_id, attempts, error)
                log.warning("hand-back of %s waits for Rasa (attempt %d): %s", sender_id, attempts, error)
                self._schedule(backoff(attempts).total_seconds())
                return False
            text = BACK_WITH_PIVOT[await _language(self.db, sender_id)]
            message_id = await _complete(self.db, sender_id, text)
            if message_id is None:
                return False
        live = await tell_person(self.app, sender_id, message_id, text)
        log.info("handed %s back to the bot after %d attempt(s) (told live: %s)", sender_id, attempts, live)
        return True

    async def run_once(self) -> int:
        """Try every due release (all waiting ones once Rasa answers again); returns how many were handed
        back."""
        if await _waiting(self.db):
            up = await self._rasa_up()
            if up and self._rasa_was_up is False:  # Rasa is back: no waiting out the backoff
                await _expedite(self.db)
            self._rasa_was_up = up
        async with self.db.reader() as session:
            due = list(
                await session.scalars(
                    select(Handback.sender_id).where(Handback.next_attempt_at <= utcnow()).limit(50)
                )
            )
        done = 0
        for sender_id in due:
            done += await self.attempt(sender_id)
        return done

    async def _rasa_up(self) -> bool:
        rasa = self.app.get(RASA_KEY)
        if rasa is None:
            return False
        states = await asyncio.gather(*(rasa.check(url) for url in rasa.urls), return_exceptions=True)
        return any(state == "ok" for state in states)

    def _schedule(self, delay_s: float) -> None:
        with contextlib.suppress(
            RuntimeError
        ):  # no running loop (called outside the app): the poll covers it
            asyncio.get_running_loop().call_later(delay_s, self._wake.set)

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # a database hiccup: the rows stay, the next pass tries again
                log.exception("hand-back pass failed; retrying")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_S)
            self._wake.clear()

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="handback")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


HANDBACK_KEY = web.AppKey("handback", HandbackWorker)


def setup_handback(app: web.Application, turn_locks: Callable[[web.Application], KeyedLocks]) -> None:
    """The worker lives as long as the app (after the databases and clients contexts); `turn_locks` gives
    the conversation service's per-sender locks once it exists."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        worker = HandbackWorker(app, turn_locks(app))
        app[HANDBACK_KEY] = worker
        worker.start()
        yield
        await worker.stop()

    app.cleanup_ctx.append(ctx)


async def release(app: web.Application, sender_id: str) -> bool:
    """What the dashboard calls on "Release to the bot" (`bot.counselor.gateway.set_hold`)."""
    return await app[HANDBACK_KEY].release(sender_id)


async def app_health(app: web.Application) -> str:
    return "off" if app.get(HANDBACK_KEY) is None else await health(app[DB_KEY])


__all__ = [
    "BACK_WITH_PIVOT",
    "HANDBACK_KEY",
    "Handback",
    "HandbackState",
    "HandbackWorker",
    "app_health",
    "cancel",
    "pending",
    "release",
    "reset_handoff_slot",
    "setup_handback",
]

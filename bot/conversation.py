"""The one path every channel's message takes: order, idempotency, hold, Rasa, record, act.

Web socket, HTTP API and Telegram all call `ConversationService.handle()`. Under the sender's lock it
1. answers a repeated `client_id` from the record (Rasa is not asked twice),
2. while a counselor holds the conversation, records the message without asking Rasa: a question about
   the wait ("how long?", "are you still there?") gets the truthful answer, anything else is kept for
   the counselor with one short acknowledgement per quiet period (`bot.hold`, `bot.hold_questions`),
3. asks Rasa; if Rasa is down, raises `RasaUnavailable` having stored nothing,
4. stores the message and the replies in one transaction,
5. acts on Rasa's custom events: `handoff_requested` flags the conversation, `forget_me` deletes the
   person's data everywhere (the reply is still returned so it can be delivered).

A person's own deletion request never deletes a conversation on hand-off or under a counselor's hold:
the counselor needs it, so the person is told the counselor will act on the request instead (the
request stays in the transcript the counselor reads). Under hold Rasa is not asked, so the message's
intent is read with Rasa's `/model/parse`, which leaves the tracker untouched.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot import hold_questions, payloads, store
from bot.db import Database
from bot.hold import HoldDesk, acknowledgement
from bot.limits import KeyedLocks, SenderLocks
from bot.notify.sites import Sites
from bot.rasa import RasaClient, RasaUnavailable
from bot.rate_limits import Budgets, RateLimits
from bot.store import BotMessage

log = logging.getLogger(__name__)

HOLD_NOTICE = acknowledgement("en")  # kept for callers of the old name
ACTIONS_DOWN_REPLY = (
    "Sorry, I can't look things up right now. Please try again in a minute; "
    "I'll remember what you told me so far."
)
FORGET_BY_COUNSELOR = (
    "A counselor is following up on this conversation, so I won't delete it myself. I've noted that "
    "you want your data deleted; the counselor will act on your request and reply here."
)
RASA_DOWN_ERROR = "Pivot is temporarily unavailable. Please try again in a minute; your message was not lost."


@dataclass(frozen=True)
class Outcome:
    messages: list[BotMessage]
    replayed: bool = False  # answered from the record for a repeated client_id
    held: bool = False  # a counselor holds the conversation; Rasa was not asked
    forgotten: bool = False  # the person's data was deleted after this reply
    handoff: bool = False
    custom: list[dict[str, Any]] = field(default_factory=list)


class ConversationService:
    def __init__(
        self,
        db: Database,
        rasa: RasaClient,
        *,
        tracker_db: Database | None = None,
        http: aiohttp.ClientSession | None = None,
        actions_url: str = "",
        rate_limit_per_minute: int = 30,
        rate_limits: RateLimits | None = None,
        locks: KeyedLocks | SenderLocks | None = None,
    ) -> None:
        self.db = db
        self.rasa = rasa
        self.tracker_db = tracker_db
        self._http = http
        self._actions_url = actions_url.rstrip("/")
        # one turn per sender at a time: across gateway processes with REDIS_URL (`bot.limits.SenderLocks`)
        self.locks = locks if locks is not None else KeyedLocks()
        self.rate = rate_limits or RateLimits(Budgets(per_sender=rate_limit_per_minute))
        # What a held conversation is told (`bot.hold`); the hand-off wiring (`bot.notify.gateway`) gives it
        # the sites' office hours.
        self.hold = HoldDesk(db, Sites())
        # Called with (sender_id, site, custom payloads) after a turn with custom payloads is recorded;
        # the hand-off notifier (`bot.notify`) sets it. Its failure never fails the person's turn.
        self.on_turn: Callable[[str, str | None, list[dict[str, Any]]], Awaitable[None]] | None = None
        # Extra message metadata for Rasa while a hand-off request is open: the notifier's word on whether
        # the counselors got the notice (`{"handoff_notice": ...}`, Contract 3), so the actions never say
        # "notified" when nobody was. Its failure only leaves the metadata out.
        self.handoff_metadata: Callable[[store.ConversationFlags], Awaitable[Mapping[str, Any]]] | None = None
        # Called with the sender id and the turn's outcome after every turn Rasa answered; each must return
        # at once (the counselor summary, `bot.counselor.turn_summaries`, schedules its rebuild in the
        # background: when the conversation goes quiet, at once for a hand-off request).
        self.after_turn: list[Callable[[str, Outcome], None]] = []

    async def retry_after(self, sender_id: str, address: str | None = None) -> float:
        """0 when the sender (from `address`) may send now, else seconds to wait (`bot.rate_limits`)."""
        return await self.rate.retry_after(sender_id, address)

    async def handle(
        self,
        sender_id: str,
        text: str,
        *,
        channel: str,
        site: str | None = None,
        client_id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        display_text: str | None = None,
        rasa_text: str | None = None,
        offered_only: bool = False,
    ) -> Outcome:
        """Process one message. `rasa_text` is what Rasa gets (e.g. a button payload) when it differs
        from what the transcript shows (`display_text`, default `text`). With `offered_only` (text and
        display chosen by the client) a payload or display is honoured only for a button Pivot offered
        in this conversation (`bot.payloads`)."""
        async with self.locks.hold(sender_id):
            recorded, flags = await store.lookup(self.db, sender_id, client_id)
            if recorded is not None:
                return Outcome(recorded, replayed=True)
            if offered_only:
                offered = await store.offered_buttons(self.db, sender_id) if flags is not None else []
                text, display_text = payloads.vet(text, display_text, offered)
            shown = display_text if display_text is not None else text
            if flags is not None and flags.held_by:
                return await self._held(sender_id, shown, channel, site, client_id, rasa_text or text)
            meta = {"channel": channel, **({"site": site} if site else {}), **dict(metadata or {})}
            if flags is not None and flags.handoff_requested and self.handoff_metadata is not None:
                try:
                    meta.update(await self.handoff_metadata(flags))
                except Exception:
                    log.exception("hand-off metadata failed for %s", sender_id)
            sent = rasa_text if rasa_text is not None else text
            reply = await self.rasa.send(sender_id, sent, meta)
            messages = reply.messages
            if not messages and not reply.custom:
                if not await self._actions_healthy():
                    messages = [{"text": ACTIONS_DOWN_REPLY, "buttons": []}]
                elif not await self._rasa_took(sender_id, sent):
                    # Rasa's REST channel answers 200 [] when it fails inside (lock store down, a component
                    # raising): the message never reached the tracker, so store nothing and say "try again".
                    raise RasaUnavailable("Rasa answered nothing and did not record the message")
            if reply.forget_me and _counselor_involved(flags):
                messages = [{"text": FORGET_BY_COUNSELOR, "buttons": []}]
            elif reply.forget_me:
                await self.forget(sender_id, _locked=True)
                return Outcome(messages, forgotten=True, custom=reply.custom)
            await store.record_exchange(
                self.db, sender_id, shown, messages, channel=channel, site=site, client_id=client_id
            )
            if reply.handoff_requested:
                await store.mark_handoff(self.db, sender_id)
            if reply.custom and self.on_turn is not None:
                try:
                    await self.on_turn(sender_id, site, reply.custom)
                except Exception:
                    log.exception("after-turn hook failed for %s", sender_id)
            outcome = Outcome(messages, handoff=reply.handoff_requested, custom=reply.custom)
            for hook in self.after_turn:
                try:
                    hook(sender_id, outcome)
                except Exception:
                    log.exception("after-turn hook failed for %s", sender_id)
            return outcome

    async def _held(
        self, sender_id: str, text: str, channel: str, site: str | None, client_id: str | None, sent: str
    ) -> Outcome:
        """A counselor holds the conversation: Rasa is not asked. An email address left for the reply is
        kept with consent (`HoldDesk.contact`), a question about the wait gets the truthful answer, a
        deletion request is left to the counselor, anything else is kept for the counselor, acknowledged
        at most once per quiet period."""
        replies: list[BotMessage] = []
        ask = hold_questions.classify(text)
        contact = await self.hold.contact(sender_id, text)  # an address for the reply, with consent
        if contact is not None:
            replies = [{"text": contact, "buttons": []}]
        elif ask.about_waiting:
            replies = [{"text": await self.hold.answer(sender_id, text, ask), "buttons": []}]
        elif await self.rasa.intent_of(sent) == "forget_me":
            replies = [{"text": FORGET_BY_COUNSELOR, "buttons": []}]
        else:
            ack = await self.hold.acknowledge(sender_id, text, ask)
            if ack is not None:
                replies = [{"text": ack, "buttons": []}]
        await store.record_exchange(
            self.db, sender_id, text, replies, channel=channel, site=site, client_id=client_id
        )
        return Outcome(replies, held=True)

    async def forget_on_request(self, sender_id: str) -> bool:
        """The person confirmed deleting their data (e.g. Telegram's /forget): delete it unless a
        counselor is involved. Returns whether it was deleted."""
        async with self.locks.hold(sender_id):
            if _counselor_involved(await store.get_flags(self.db, sender_id)):
                return False
            await store.forget_sender(self.db, sender_id, self.tracker_db)
            return True

    async def forget(self, sender_id: str, *, _locked: bool = False) -> store.ForgetResult:
        """Delete the person's data in the app DB and Rasa's tracker store (no questions asked: the
        counselor dashboard and confirmed requests call this)."""
        if _locked:
            return await store.forget_sender(self.db, sender_id, self.tracker_db)
        async with self.locks.hold(sender_id):
            return await store.forget_sender(self.db, sender_id, self.tracker_db)

    async def _rasa_took(self, sender_id: str, text: str) -> bool:
        """Whether Rasa's tracker ends with this message, i.e. an empty answer was a real (silent) answer."""
        tracker = await self.rasa.tracker(sender_id)
        if tracker is None:
            return False
        users = [e for e in tracker.get("events", []) if e.get("event") == "user"]
        return bool(users) and users[-1].get("text") == text

    async def _actions_healthy(self) -> bool:
        """Rasa answered nothing: if the action server is down, the person should hear 'try again'."""
        if self._http is None or not self._actions_url:
            return True
        try:
            async with self._http.get(
                f"{self._actions_url}/health", timeout=aiohttp.ClientTimeout(total=1.5)
            ) as resp:
                return resp.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False


def _counselor_involved(flags: store.ConversationFlags | None) -> bool:
    return flags is not None and (flags.handoff_requested or bool(flags.held_by))


# The gateway's one conversation service, set by `bot.app.clients_ctx`; defined next to its type so that
# `bot/keys.py` needs no import of this module (which imports modules that use those keys).
CONVERSATION_KEY = web.AppKey("conversation", ConversationService)

__all__ = [
    "CONVERSATION_KEY",
    "ConversationService",
    "Outcome",
    "RasaUnavailable",
    "HOLD_NOTICE",
    "FORGET_BY_COUNSELOR",
    "RASA_DOWN_ERROR",
]

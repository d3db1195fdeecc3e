"""`Notifier`: turns hand-off events into outbox rows and a background loop that sends them.

The conversation service calls `on_turn()` with Rasa's custom payloads after each recorded turn
(`bot.conversation`); a *new* hand-off (`{"event": "handoff_requested"}` without `"new": false`)
queues one row per destination of the person's site, a `{"event": "contact_email"}` stores the
address the person chose to leave. The loop wakes at once for a new row (so a notice leaves within
a second or two) and otherwise polls for retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from bot.db import Database, utcnow
from bot.notify import contacts, outbox
from bot.notify.compose import Notice, build_notice
from bot.notify.config import NotifyConfig
from bot.notify.models import OutboxItem
from bot.notify.senders import EmailSender, SendError, WebhookSender
from bot.notify.sites import SiteConfig

log = logging.getLogger(__name__)

POLL_S = 1.0
# sender_id → (synopsis, channel): the dashboard's fact-only summary of the conversation
Summarize = Callable[[str], Awaitable[tuple[str, str]]]


def is_new_handoff(custom: Sequence[Mapping[str, Any]]) -> bool:
    return any(c.get("event") == "handoff_requested" and c.get("new", True) is not False for c in custom)


def destinations(site: SiteConfig | None) -> list[outbox.Destination]:
    if site is None:
        return []
    out = [outbox.Destination("email", e) for e in site.emails]
    if site.webhook:
        out.append(outbox.Destination("webhook", site.webhook))
    return out


class Notifier:
    def __init__(
        self,
        db: Database,
        config: NotifyConfig,
        *,
        summarize: Summarize,
        webhook: WebhookSender,
        email: EmailSender,
        public_url: str,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db = db
        self.config = config
        self.summarize = summarize
        self.webhook = webhook
        self.email = email
        self.public_url = public_url
        self.clock = clock
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ events from a turn
    async def on_turn(self, sender_id: str, site: str | None, custom: Sequence[Mapping[str, Any]]) -> None:
        if is_new_handoff(custom):
            await self.handoff(sender_id, site)
        for c in custom:
            if c.get("event") == "contact_email":
                await self._contact(sender_id, c)

    async def handoff(self, sender_id: str, site: str | None) -> int:
        """Queue a notice to every destination configured for the site; returns how many."""
        dests = destinations(self.config.sites.for_site(site))
        if not dests:
            log.info("hand-off from %s: no destination configured for site %r", sender_id, site)
            return 0
        n = await outbox.enqueue(self.db, sender_id, site, dests)
        self._wake.set()
        return n

    async def turn_metadata(self, flags: Any) -> dict[str, str]:
        """What Rasa's actions are told with each message while a request is open (`bot.conversation`):
        `handoff_notice`, whether the counselors got this request's notice (`outbox.request_notice`)."""
        return {"handoff_notice": await outbox.request_notice(self.db, flags.sender_id, flags.handoff_at)}

    async def _contact(self, sender_id: str, event: Mapping[str, Any]) -> None:
        email = str(event.get("email") or "").strip()
        consent = str(event.get("consent") or "").strip()
        if not contacts.valid_email(email) or not consent:
            log.warning("ignored a contact_email event for %s without a valid address and consent", sender_id)
            return
        await contacts.save_contact(self.db, sender_id, email, consent)

    # ------------------------------------------------------------------ sending
    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="notifier")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # the loop must survive a database hiccup; the rows stay due
                log.exception("notification pass failed; retrying")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_S)
            self._wake.clear()

    async def run_once(self) -> int:
        """Send every due row once; returns how many were attempted."""
        items = await outbox.claim_due(self.db, now=self.clock())
        if not items:
            return 0
        notices = await self._notices(items)
        await asyncio.gather(*(self._send(item, notices.get(item.id)) for item in items))
        return len(items)

    async def _notices(self, items: list[OutboxItem]) -> dict[int, Notice]:
        """Each row's notice: the stored one on a retry, else composed once per conversation."""
        out: dict[int, Notice] = {}
        fresh: dict[str, list[OutboxItem]] = {}
        for item in items:
            if item.payload:
                out[item.id] = Notice.from_json(json.loads(item.payload))
            else:
                fresh.setdefault(item.sender_id, []).append(item)
        for sender_id, rows in fresh.items():
            site = self.config.sites.for_site(rows[0].site)
            if site is None:
                continue  # the site's configuration is gone: _send cancels the rows
            synopsis, channel = await self.summarize(sender_id)
            notice = build_notice(
                site, sender_id, channel, synopsis, self.public_url, self._aware(rows[0].created_at)
            )
            await outbox.save_payload(self.db, [r.id for r in rows], json.dumps(notice.to_json()))
            out.update({r.id: notice for r in rows})
        return out

    @staticmethod
    def _aware(ts: dt.datetime) -> dt.datetime:
        return ts.replace(tzinfo=dt.timezone.utc) if ts.tzinfo is None else ts

    async def _send(self, item: OutboxItem, notice: Notice | None) -> None:
        site = self.config.sites.for_site(item.site)
        if notice is None or outbox.Destination(item.kind, item.destination) not in destinations(site):
            # Configuration changed since the row was queued: never send to a destination the
            # person's site no longer has.
            await outbox.finish(self.db, item, error="destination no longer configured", cancel=True)
            return
        assert site is not None
        try:
            if item.kind == "email":
                await self.email.send(notice, item.destination)
            else:
                await self.webhook.send(notice, item.destination, site.webhook_format)
        except SendError as exc:
            status = await outbox.finish(self.db, item, error=exc.reason, permanent=exc.permanent)
            log.warning(
                "notice %s (%s) for %s: %s → %s", item.id, item.kind, item.sender_id, exc.reason, status
            )
            if status == "pending":
                self._schedule_wake(outbox.backoff(item.attempts).total_seconds())
            return
        await outbox.finish(self.db, item)
        log.info("notice %s (%s) for %s sent", item.id, item.kind, item.sender_id)

    def _schedule_wake(self, delay_s: float) -> None:
        """Retry on time even when the poll interval is longer than the backoff."""
        asyncio.get_running_loop().call_later(delay_s, self._wake.set)

    async def health(self) -> str:
        if not any(s.has_destination for s in self.config.sites.by_key.values()):
            return "off (no destinations in SITES_CONFIG)"
        return (await outbox.health(self.db)).describe()

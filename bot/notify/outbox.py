"""The notification outbox in the app DB: enqueue, claim, finish, and what the dashboard shows.

A row is claimed by moving its `next_attempt_at` forward by a lease in one conditional UPDATE, so
two gateway processes never send the same notice, and a process that dies mid-send leaves the row
to be retried when the lease runs out. Failures back off exponentially up to `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update

from bot.db import Database, utcnow
from bot.notify.models import OutboxItem

MAX_ATTEMPTS = 8
BACKOFF_BASE_S = 1.0
BACKOFF_MAX_S = 600.0
LEASE_S = 120.0


def backoff(attempts: int) -> dt.timedelta:
    """1 s, 2 s, 4 s … after the 1st, 2nd, 3rd failure, at most 10 minutes."""
    return dt.timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(attempts - 1, 0), BACKOFF_MAX_S))


def _aware(ts: dt.datetime | None) -> dt.datetime | None:
    return ts.replace(tzinfo=dt.timezone.utc) if ts is not None and ts.tzinfo is None else ts


@dataclass(frozen=True)
class Destination:
    kind: str  # email | webhook
    address: str


async def enqueue(db: Database, sender_id: str, site: str | None, destinations: Sequence[Destination]) -> int:
    now = utcnow()
    async with db.sessionmaker.begin() as session:
        session.add_all(
            OutboxItem(
                sender_id=sender_id,
                site=site,
                kind=d.kind,
                destination=d.address,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            for d in destinations
        )
    return len(destinations)


async def claim_due(db: Database, limit: int = 20, now: dt.datetime | None = None) -> list[OutboxItem]:
    """Pending rows whose time has come, each claimed for `LEASE_S` (attempts counted up)."""
    now = now or utcnow()
    async with db.reader() as session:
        ids = list(
            await session.scalars(
                select(OutboxItem.id)
                .where(OutboxItem.status == "pending", OutboxItem.next_attempt_at <= now)
                .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
                .limit(limit)
            )
        )
    claimed: list[OutboxItem] = []
    lease = now + dt.timedelta(seconds=LEASE_S)
    for item_id in ids:
        async with db.sessionmaker.begin() as session:
            result = await session.execute(
                update(OutboxItem)
                .where(
                    OutboxItem.id == item_id,
                    OutboxItem.status == "pending",
                    OutboxItem.next_attempt_at <= now,
                )
                .values(next_attempt_at=lease, attempts=OutboxItem.attempts + 1)
            )
            if result.rowcount:
                row = await session.get(OutboxItem, item_id)
                if row is not None:
                    claimed.append(row)
    return claimed


async def save_payload(db: Database, item_ids: Sequence[int], payload: str) -> None:
    async with db.sessionmaker.begin() as session:
        await session.execute(update(OutboxItem).where(OutboxItem.id.in_(item_ids)).values(payload=payload))


async def finish(
    db: Database, item: OutboxItem, *, error: str | None = None, permanent: bool = False, cancel: bool = False
) -> str:
    """Record the attempt's outcome; returns the row's new status."""
    now = utcnow()
    values: dict[str, object]
    if cancel:
        values = {"status": "cancelled", "last_error": error}
    elif error is None:
        values = {"status": "sent", "sent_at": now, "last_error": None}
    elif permanent or item.attempts >= MAX_ATTEMPTS:
        values = {"status": "failed", "last_error": error}
    else:
        values = {"status": "pending", "last_error": error, "next_attempt_at": now + backoff(item.attempts)}
    async with db.sessionmaker.begin() as session:
        await session.execute(update(OutboxItem).where(OutboxItem.id == item.id).values(**values))
    return str(values["status"])


@dataclass(frozen=True)
class OutboxHealth:
    retrying: int
    failed_recently: int
    last_error: str | None

    def describe(self) -> str:
        if not self.retrying and not self.failed_recently:
            return "ok"
        parts = []
        if self.retrying:
            parts.append(f"{self.retrying} retrying")
        if self.failed_recently:
            parts.append(f"{self.failed_recently} failed in the last 24 h")
        return (
            "degraded: " + ", ".join(parts) + (f" (last error: {self.last_error})" if self.last_error else "")
        )


async def health(db: Database) -> OutboxHealth:
    since = utcnow() - dt.timedelta(hours=24)
    async with db.reader() as session:
        retrying = await session.scalar(
            select(func.count()).where(OutboxItem.status == "pending", OutboxItem.last_error.is_not(None))
        )
        failed = await session.scalar(
            select(func.count()).where(OutboxItem.status == "failed", OutboxItem.created_at >= since)
        )
        last = await session.scalar(
            select(OutboxItem.last_error)
            .where(OutboxItem.last_error.is_not(None), OutboxItem.status.in_(("pending", "failed")))
            .order_by(OutboxItem.id.desc())
            .limit(1)
        )
    return OutboxHealth(int(retrying or 0), int(failed or 0), last)


@dataclass(frozen=True)
class NoticeState:
    """One notice as the dashboard shows it (the destination's kind, never a webhook URL)."""

    kind: str
    to: str
    status: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    next_attempt_at: dt.datetime


async def notices_for(db: Database, sender_id: str) -> list[NoticeState]:
    async with db.reader() as session:
        rows = list(
            await session.scalars(
                select(OutboxItem).where(OutboxItem.sender_id == sender_id).order_by(OutboxItem.id)
            )
        )
    return [
        NoticeState(
            r.kind,
            r.destination if r.kind == "email" else "webhook",
            r.status,
            r.attempts,
            r.last_error,
            _aware(r.created_at),  # type: ignore[arg-type]
            _aware(r.sent_at),
            _aware(r.next_attempt_at),  # type: ignore[arg-type]
        )
        for r in rows
    ]


async def notice_status_by_sender(db: Database, sender_ids: Sequence[str]) -> dict[str, str]:
    """sender → the worst state of its notices (`failed` > `retrying` > `pending` > `sent`), for lists."""
    if not sender_ids:
        return {}
    async with db.reader() as session:
        rows = (
            await session.execute(
                select(OutboxItem.sender_id, OutboxItem.status, OutboxItem.last_error).where(
                    OutboxItem.sender_id.in_(list(sender_ids))
                )
            )
        ).all()
    rank = {"sent": 0, "cancelled": 0, "pending": 1, "retrying": 2, "failed": 3}
    out: dict[str, str] = {}
    for sender, status, error in rows:
        state = "retrying" if status == "pending" and error else status
        if rank.get(state, 0) >= rank.get(out.get(sender, "sent"), 0):
            out[sender] = state
    return out


async def request_notice(db: Database, sender_id: str, requested_at: dt.datetime | None) -> str:
    """Whether the counselors got the notice of the request made at `requested_at`, in the words the
    person may be told (`actions/handoff.py`, message metadata `handoff_notice`): `sent` (at least one
    destination took it), `trying` (queued or being retried), `failed` (every destination gave up or
    was removed), `none` (nothing was queued: the site has no destination)."""
    if requested_at is None:
        return "none"
    async with db.reader() as session:
        statuses = set(
            await session.scalars(
                select(OutboxItem.status).where(
                    OutboxItem.sender_id == sender_id,
                    OutboxItem.created_at >= requested_at - dt.timedelta(seconds=5),
                )
            )
        )
    if "sent" in statuses:
        return "sent"
    if "pending" in statuses:
        return "trying"
    return "failed" if statuses else "none"

"""Reads and writes behind the dashboard pages: inbox filters, cached summaries, exports, audit.

Filters on columns (dates, channel, site, hand-off, reviewed, text search) run in SQL; filters on
summary facts (target field, has fallbacks) run over the cached `summary_json`. The gateway rebuilds that
cache after each turn (`bot/counselor/turn_summaries.py`), so listing and exporting read it as it is and
build only the summaries that were never built (conversations recorded before that, or imported).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from aiohttp import web
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.counselor import gateway
from bot.counselor.models import AuditEntry, ConversationTag, Note
from bot.counselor.summary import Summary, build_summary, synopsis
from bot.db import Conversation, Message, utcnow

MAX_LIST = 500
REFRESH_CONCURRENCY = 8


async def audit(db: AsyncSession, actor: str, action: str, target: str | None = None, **detail: Any) -> None:
    db.add(AuditEntry(actor=actor, action=action, target=target, detail=detail or None, at=utcnow()))
    await db.commit()


def aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt


@dataclass
class Filters:
    """Inbox filters, parsed from the query string (all optional)."""

    date_from: date | None = None
    date_to: date | None = None
    channel: str = ""
    site: str = ""
    target: str = ""
    handoff: str = ""  # "", "yes", "no"
    reviewed: str = ""  # "", "yes", "no"
    fallbacks: str = ""  # "", "yes"
    q: str = ""
    tag: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(query.get(name, "")) if query.get(name) else None
            except ValueError:
                return None

        return cls(
            date_from=day("from"),
            date_to=day("to"),
            **{k: str(query.get(k, "")).strip()[:200] for k in ("channel", "site", "target", "q", "tag")},
            handoff=query.get("handoff", "") if query.get("handoff") in ("yes", "no") else "",
            reviewed=query.get("reviewed", "") if query.get("reviewed") in ("yes", "no") else "",
            fallbacks="yes" if query.get("fallbacks") == "yes" else "",
        )

    def as_query(self) -> dict[str, str]:
        out = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "channel": self.channel,
            "site": self.site,
            "target": self.target,
            "handoff": self.handoff,
            "reviewed": self.reviewed,
            "fallbacks": self.fallbacks,
            "q": self.q,
            "tag": self.tag,
        }
        return {k: v for k, v in out.items() if v}

    def sql(self) -> Select[tuple[Conversation]]:
        stmt = select(Conversation)
        if self.date_from:
            stmt = stmt.where(
                Conversation.last_message_at >= datetime.combine(self.date_from, time.min, timezone.utc)
            )
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, timezone.utc)
            stmt = stmt.where(Conversation.created_at < end)
        if self.channel:
            stmt = stmt.where(Conversation.channel == self.channel)
        if self.site:
            stmt = stmt.where(Conversation.site == self.site)
        if self.handoff:
            stmt = stmt.where(Conversation.handoff_requested.is_(self.handoff == "yes"))
        if self.reviewed:
            stmt = stmt.where(Conversation.reviewed.is_(self.reviewed == "yes"))
        if self.q:
            needle = f"%{self.q.lower()}%"
            stmt = stmt.where(
                Conversation.sender_id.in_(
                    select(Message.sender_id).where(func.lower(Message.text).like(needle)).distinct()
                )
                | func.lower(Conversation.sender_id).like(needle)
            )
        if self.tag:
            stmt = stmt.where(
                Conversation.sender_id.in_(
                    select(ConversationTag.sender_id).where(ConversationTag.tag == self.tag)
                )
            )
        return stmt.order_by(Conversation.last_message_at.desc()).limit(MAX_LIST)

    def keep(self, s: Summary) -> bool:
        if self.fallbacks == "yes" and not s.fallback_count:
            return False
        if self.target:
            t = self.target.lower()
            ref = s.target_field
            if ref is None or (t not in ref.label.lower() and t not in ref.id.lower()):
                return False
        return True


def cached_summary(conv: Conversation) -> Summary | None:
    if not conv.summary_json:
        return None
    try:
        return Summary.from_json(json.loads(conv.summary_json))
    except (ValueError, TypeError):
        return None


async def messages_of(db: AsyncSession, sender_id: str) -> list[Message]:
    return list(await db.scalars(select(Message).where(Message.sender_id == sender_id).order_by(Message.id)))


async def refresh_summary(
    app: web.Application, conv: Conversation, *, use_rasa: bool = True
) -> tuple[Summary, bool]:
    """Rebuild one conversation's summary and cache it. Returns (summary, rasa_was_reachable)."""
    tracker = await gateway.fetch_tracker(app, conv.sender_id) if use_rasa else None
    async with gateway.database(app).sessionmaker() as db:
        rows = await messages_of(db, conv.sender_id)
        summary = build_summary(
            tracker,
            rows,
            sender_id=conv.sender_id,
            channel=conv.channel,
            site=conv.site,
            handoff_flag=conv.handoff_requested,
        )
        names = await gateway.credential_names(app, summary.recommended + summary.asked_more_about)
        if names:
            summary.synopsis = synopsis(summary, names)
        fresh = await db.get(Conversation, conv.sender_id)
        if fresh is not None:
            fresh.summary_json = json.dumps(summary.to_json())
            fresh.summary_updated_at = utcnow()
            await db.commit()
    conv.summary_json = json.dumps(summary.to_json())
    return summary, tracker is not None


async def summaries_for(app: web.Application, convs: list[Conversation]) -> dict[str, Summary]:
    """Cached summaries; only missing ones are built (a few at a time; stop asking Rasa once it fails).
    A cached one that is older than the last message (a counselor's reply, a message under hold) is kept:
    rebuilding hundreds per listing is what the after-turn rebuild avoids, and the conversation's own page
    refreshes it."""
    out: dict[str, Summary] = {}
    stale = []
    for conv in convs:
        s = cached_summary(conv)
        if s is None:
            stale.append(conv)
        else:
            out[conv.sender_id] = s  # type: ignore[assignment]
    rasa_up = True
    sem = asyncio.Semaphore(REFRESH_CONCURRENCY)

    async def one(conv: Conversation) -> None:
        nonlocal rasa_up
        async with sem:
            s, reachable = await refresh_summary(app, conv, use_rasa=rasa_up)
            rasa_up = rasa_up and reachable
            out[conv.sender_id] = s

    await asyncio.gather(*(one(c) for c in stale))
    return out


@dataclass
class InboxRow:
    conv: Conversation
    summary: Summary
    tags: list[str] = field(default_factory=list)


async def inbox(app: web.Application, filters: Filters) -> list[InboxRow]:
    async with gateway.database(app).sessionmaker() as db:
        convs = list(await db.scalars(filters.sql()))
        tags: dict[str, list[str]] = {}
        if convs:
            for t in await db.scalars(
                select(ConversationTag).where(ConversationTag.sender_id.in_([c.sender_id for c in convs]))
            ):
                tags.setdefault(t.sender_id, []).append(t.tag)
    summaries = await summaries_for(app, convs)
    return [
        InboxRow(c, summaries[c.sender_id], sorted(tags.get(c.sender_id, [])))
        for c in convs
        if filters.keep(summaries[c.sender_id])
    ]


async def facets(app: web.Application) -> dict[str, list[str]]:
    """Values for the filter drop-downs."""
    async with gateway.database(app).sessionmaker() as db:
        channels = sorted(x for x in await db.scalars(select(Conversation.channel).distinct()) if x)
        sites = sorted(x for x in await db.scalars(select(Conversation.site).distinct()) if x)
        tags = sorted(await db.scalars(select(ConversationTag.tag).distinct()))
    return {"channels": channels, "sites": sites, "tags": tags}


def chart_data(rows: list[InboxRow], days: int = 30) -> dict[str, Any]:
    """Bars for the inbox: most-asked moves (top 8) and conversations started per day."""
    moves = Counter(r.summary.move for r in rows if r.summary.move)
    per_day = Counter(aware(r.conv.created_at).date() for r in rows if r.conv.created_at)
    if per_day:
        last = max(per_day)
        first = max(min(per_day), last - timedelta(days=days - 1))
        span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    else:
        span = []
    return {
        "moves": moves.most_common(8),
        "days": [(d.isoformat(), per_day.get(d, 0)) for d in span],
    }


async def counts(app: web.Application) -> dict[str, int]:
    async with gateway.database(app).sessionmaker() as db:

        async def n(*where: Any) -> int:
            return int(await db.scalar(select(func.count()).select_from(Conversation).where(*where)) or 0)

        return {
            "all": await n(),
            "handoff_open": await n(
                Conversation.handoff_requested.is_(True), Conversation.reviewed.is_(False)
            ),
            "unreviewed": await n(Conversation.reviewed.is_(False)),
            "held": await n(Conversation.held_by.is_not(None)),
        }


async def open_handoffs(app: web.Application) -> int:
    """People waiting for a human (the badge in the navigation)."""
    async with gateway.database(app).sessionmaker() as db:
        stmt = (
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.handoff_requested.is_(True), Conversation.reviewed.is_(False))
        )
        return int(await db.scalar(stmt) or 0)


# ------------------------------------------------------------------ exports
def message_json(m: Message) -> dict[str, Any]:
    return {
        "from": {"in": "user", "out": "bot"}.get(m.direction, m.direction),
        "text": m.text,
        "buttons": json.loads(m.buttons_json) if m.buttons_json else [],
        "ts": aware(m.created_at).isoformat() if m.created_at else None,
    }


def conversation_json(conv: Conversation) -> dict[str, Any]:
    return {
        "sender_id": conv.sender_id,
        "channel": conv.channel,
        "site": conv.site,
        "created_at": aware(conv.created_at).isoformat() if conv.created_at else None,
        "last_message_at": aware(conv.last_message_at).isoformat() if conv.last_message_at else None,
        "handoff_requested": conv.handoff_requested,
        "held_by": conv.held_by,
        "reviewed": conv.reviewed,
    }


async def person_export(
    app: web.Application, sender_id: str, *, with_tracker: bool = True
) -> dict[str, Any] | None:
    """Everything Pivot stores about one sender: conversation, messages, notes, tags, summary, tracker."""
    async with gateway.database(app).sessionmaker() as db:
        conv = await db.get(Conversation, sender_id)
        if conv is None:
            return None
        msgs = await messages_of(db, sender_id)
        notes = list(await db.scalars(select(Note).where(Note.sender_id == sender_id).order_by(Note.id)))
        tags = sorted(
            await db.scalars(select(ConversationTag.tag).where(ConversationTag.sender_id == sender_id))
        )
    summary = cached_summary(conv)
    return {
        "conversation": conversation_json(conv),
        "summary": summary.to_json() if summary else None,
        "messages": [message_json(m) for m in msgs],
        "notes": [{"author": n.author, "text": n.text, "at": aware(n.created_at).isoformat()} for n in notes],
        "tags": tags,
        "rasa_tracker": await gateway.fetch_tracker(app, sender_id) if with_tracker else None,
        "exported_at": utcnow().isoformat(timespec="seconds"),
    }


LIST_COLUMNS = (
    "sender_id", "channel", "site", "first_message_at", "last_message_at", "current_field", "target_field",
    "constraints", "recommended", "asked_more_about", "fallbacks", "frustration", "handoff_requested",
    "reviewed", "tags", "synopsis",
)  # fmt: skip


def list_row(r: InboxRow) -> dict[str, Any]:
    s = r.summary
    return {
        "sender_id": r.conv.sender_id,
        "channel": r.conv.channel,
        "site": r.conv.site or "",
        "first_message_at": s.first_message_at or "",
        "last_message_at": s.last_message_at or "",
        "current_field": s.current_field.label if s.current_field else "",
        "target_field": s.target_field.label if s.target_field else "",
        "constraints": s.constraints,
        "recommended": s.recommended,
        "asked_more_about": s.asked_more_about,
        "fallbacks": s.fallback_count,
        "frustration": s.frustration,
        "handoff_requested": r.conv.handoff_requested,
        "reviewed": r.conv.reviewed,
        "tags": r.tags,
        "synopsis": s.synopsis,
    }


def _csv_cell(value: Any) -> str:
    if isinstance(value, (list, dict)):
        value = (
            json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else "; ".join(map(str, value))
        )
    text = str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ is run as a formula by Excel.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c, "")) for c in columns])
    return buf.getvalue()


async def purge_older_than(db: AsyncSession, days: int, now: datetime | None = None) -> list[str]:
    """Sender ids whose last message is older than `days` (the caller deletes them everywhere)."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    return list(await db.scalars(select(Conversation.sender_id).where(Conversation.last_message_at < cutoff)))

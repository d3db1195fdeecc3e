"""Reads and writes behind the dashboard pages: inbox filters and pages, cached summaries, exports, audit.

Every filter runs in SQL, so a page costs the same at 200 conversations as at 10,000 (`make bench`,
`bench/dashboard.py`): filters on columns (dates, channel, site, hand-off, reviewed, text search, tag) and
filters on summary facts (target field, has fallbacks), which read the cached `summary_json` with the
database's JSON functions (SQLite `json_extract`, PostgreSQL `jsonb_extract_path_text`). The inbox is
paged (`PAGE_SIZE` rows, newest first); counts and charts cover every matching conversation.

Pages only read, through `gateway.reader` (no write lock on SQLite), and never build a summary
themselves: the gateway rebuilds the cache in the background when a conversation goes quiet
(`bot/counselor/turn_summaries.py`). A listed row whose cached summary is missing or older than its last
message is rebuilt at once by that queue and waited for (at most `FRESH_WAIT_S`), so a page shows it as of
its last message; an export waits only for the rebuilds pending in this process and lists a missing one
as "being prepared". Filters on summary facts read the cache as it is (a turn still in its quiet period is
matched once its summary is rebuilt).
"""

from __future__ import annotations

import csv
import io
import json
import math
import time as time_module
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Protocol

from aiohttp import web
from sqlalchemy import Integer, Select, String, case, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.counselor import gateway
from bot.counselor.models import AuditEntry, ConversationTag, Note
from bot.counselor.summary import Summary, build_summary
from bot.db import Conversation, Message, utcnow

PAGE_SIZE = 50
FRESH_WAIT_S = 5.0  # longest a page waits for the summaries it shows to be rebuilt (Rasa's tracker: 2 s each)
MAX_EXPORT = 10_000  # rows in one list export (newest first)
CHART_DAYS = 30
# Charts and drop-down values read every matching row's summary JSON (~0.1 s at 10,000 conversations on
# SQLite): they are kept this long per filter set, so paging through a list does not recompute them.
AGGREGATE_TTL_S = 30.0
AGGREGATE_ENTRIES = 128


class Aggregates:
    """A small time-limited cache of chart and facet values, per app (never a module global)."""

    def __init__(self, clock: Callable[[], float] = time_module.monotonic) -> None:
        self.clock = clock
        self.entries: dict[tuple[Any, ...], tuple[float, Any]] = {}

    async def get(self, key: tuple[Any, ...], compute: Callable[[], Awaitable[Any]]) -> Any:
        now = self.clock()
        hit = self.entries.get(key)
        if hit is not None and now - hit[0] < AGGREGATE_TTL_S:
            return hit[1]
        value = await compute()
        if len(self.entries) >= AGGREGATE_ENTRIES:
            self.entries = {k: v for k, v in self.entries.items() if now - v[0] < AGGREGATE_TTL_S}
            if len(self.entries) >= AGGREGATE_ENTRIES:
                self.entries.clear()
        self.entries[key] = (now, value)
        return value


AGGREGATES = web.AppKey("counselor_aggregates", Aggregates)


def _aggregates(app: web.Application) -> Aggregates | None:
    return app.get(AGGREGATES)


async def audit(db: AsyncSession, actor: str, action: str, target: str | None = None, **detail: Any) -> None:
    db.add(AuditEntry(actor=actor, action=action, target=target, detail=detail or None, at=utcnow()))
    await db.commit()


def aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt


def summary_fact(dialect: str, *path: str) -> ColumnElement[Any]:
    """One value of the cached summary JSON, as text (NULL when absent), in SQL."""
    col = Conversation.summary_json
    if dialect == "postgresql":
        return func.jsonb_extract_path_text(cast(col, JSONB), *path)
    # SQLite: json_extract raises on malformed JSON; such a cache counts as missing.
    return case((func.json_valid(col) == 1, func.json_extract(col, "$." + ".".join(path))), else_=None)


def _day(dialect: str, column: Any) -> ColumnElement[Any]:
    """The UTC calendar day of a timestamp column, in SQL."""
    if dialect == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)  # SQLite stores UTC text: 'YYYY-MM-DD HH:MM:SS...'


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

    def where(self, dialect: str) -> list[ColumnElement[bool]]:
        """The SQL conditions of these filters, on `conversations`."""
        conds: list[ColumnElement[bool]] = []
        if self.date_from:
            conds.append(
                Conversation.last_message_at >= datetime.combine(self.date_from, time.min, timezone.utc)
            )
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, timezone.utc)
            conds.append(Conversation.created_at < end)
        if self.channel:
            conds.append(Conversation.channel == self.channel)
        if self.site:
            conds.append(Conversation.site == self.site)
        if self.handoff:
            conds.append(Conversation.handoff_requested.is_(self.handoff == "yes"))
        if self.reviewed:
            conds.append(Conversation.reviewed.is_(self.reviewed == "yes"))
        if self.q:
            needle = self.q.lower()
            conds.append(
                Conversation.sender_id.in_(
                    select(Message.sender_id).where(
                        func.lower(Message.text).contains(needle, autoescape=True)
                    )
                )
                | func.lower(Conversation.sender_id).contains(needle, autoescape=True)
            )
        if self.tag:
            conds.append(
                Conversation.sender_id.in_(
                    select(ConversationTag.sender_id).where(ConversationTag.tag == self.tag)
                )
            )
        if self.fallbacks == "yes":
            conds.append(cast(summary_fact(dialect, "fallback_count"), Integer) > 0)
        if self.target:
            conds.append(_target_matches(dialect, self.target.lower()))
        return conds


def _target_matches(dialect: str, needle: str) -> ColumnElement[bool]:
    """The target field's words, its title or its id contain `needle` (lower case, literal)."""
    if dialect == "postgresql":
        # One JSON cast per row: the three values as one array text, '["field:x", "x", "X"]'.
        path = literal_column("'$.target_field.*'::jsonpath")  # a constant
        values = func.jsonb_path_query_array(cast(Conversation.summary_json, JSONB), path)
        return func.lower(cast(values, String)).contains(needle, autoescape=True)
    parts = [
        func.lower(func.coalesce(summary_fact(dialect, "target_field", part), "")).contains(
            needle, autoescape=True
        )
        for part in ("label", "title", "id")
    ]
    return parts[0] | parts[1] | parts[2]


def cached_summary(conv: Conversation) -> Summary | None:
    if not conv.summary_json:
        return None
    try:
        return Summary.from_json(json.loads(conv.summary_json))
    except (ValueError, TypeError):
        return None


def pending_summary(conv: Conversation) -> Summary:
    """What a listing shows for a conversation whose summary is not built yet (source "pending")."""
    return Summary(sender_id=conv.sender_id, source="pending", channel=conv.channel, site=conv.site)


def is_stale(conv: Conversation) -> bool:
    """No cached summary, or one older than the conversation's last message."""
    built, last = aware(conv.summary_updated_at), aware(conv.last_message_at)
    return not conv.summary_json or built is None or (last is not None and built < last)


async def messages_of(db: AsyncSession, sender_id: str) -> list[Message]:
    return list(await db.scalars(select(Message).where(Message.sender_id == sender_id).order_by(Message.id)))


async def refresh_summary(
    app: web.Application, conv: Conversation, *, use_rasa: bool = True
) -> tuple[Summary, bool]:
    """Rebuild one conversation's summary and cache it (the background rebuild calls this).
    Returns (summary, rasa_was_reachable). `summary_updated_at` is when the build started reading, so a
    message recorded while it ran leaves the summary stale (`is_stale`) rather than passing for fresh."""
    started = utcnow()
    tracker = await gateway.fetch_tracker(app, conv.sender_id) if use_rasa else None
    async with gateway.reader(app)() as db:
        rows = await messages_of(db, conv.sender_id)
    summary = build_summary(
        tracker,
        rows,
        sender_id=conv.sender_id,
        channel=conv.channel,
        site=conv.site,
        handoff_flag=conv.handoff_requested,
    )
    async with gateway.database(app).sessionmaker() as db:
        fresh = await db.get(Conversation, conv.sender_id)
        if fresh is not None:
            fresh.summary_json = json.dumps(summary.to_json())
            fresh.summary_updated_at = started
            await db.commit()
    conv.summary_json = json.dumps(summary.to_json())
    return summary, tracker is not None


class SummaryQueue(Protocol):
    """The background rebuild of summaries (`bot.counselor.turn_summaries.TurnSummaries`), as pages use it."""

    def schedule(self, sender_id: str, *, at_once: bool = False) -> None: ...

    def pending(self, sender_id: str) -> bool: ...

    def backfill(self, sender_ids: Iterable[str]) -> None: ...

    async def fresh(self, sender_ids: Iterable[str], timeout: float | None = None) -> None: ...

    async def wait(self, sender_id: str) -> None: ...

    async def drain(self) -> None: ...


# Set by `turn_summaries.ctx`; defined here, next to the pages that queue rebuilds, so this module needs no
# import of the rebuild (which imports this one for `refresh_summary`).
SUMMARIES = web.AppKey("counselor_turn_summaries", SummaryQueue)


async def summaries_for(
    app: web.Application, convs: list[Conversation], *, build_stale: bool = True
) -> tuple[list[Conversation], dict[str, Summary]]:
    """The rows' conversations and summaries as of their last message. A cached summary that is missing
    or older than the last message is rebuilt at once by the background queue and waited for (at most
    `FRESH_WAIT_S`; the conversation is read again after it); with `build_stale=False` (exports) only the
    rebuilds already pending in this process are hurried. A summary still missing is shown as pending and
    built in the background."""
    queue = app[SUMMARIES] if SUMMARIES in app else None
    if queue is not None:
        stale = [c.sender_id for c in convs if is_stale(c) and (build_stale or queue.pending(c.sender_id))]
        if stale:
            await queue.fresh(stale, timeout=FRESH_WAIT_S)
            async with gateway.reader(app)() as db:
                again = {
                    c.sender_id: c
                    for c in await db.scalars(select(Conversation).where(Conversation.sender_id.in_(stale)))
                }
            convs = [again.get(c.sender_id, c) for c in convs]
    out: dict[str, Summary] = {}
    missing = []
    for conv in convs:
        s = cached_summary(conv)
        if s is None:
            missing.append(conv.sender_id)
            s = pending_summary(conv)
        out[conv.sender_id] = s
    if missing and queue is not None:
        queue.backfill(missing)
    return convs, out


@dataclass
class InboxRow:
    conv: Conversation
    summary: Summary
    tags: list[str] = field(default_factory=list)


@dataclass
class Page:
    """One page of a listing: its rows, and where it sits among every matching conversation."""

    rows: list[InboxRow]
    number: int  # 1-based
    size: int
    total: int  # conversations matching the filters

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


def page_number(query: Any) -> int:
    try:
        return max(1, min(int(query.get("page", "1")), 1_000_000))
    except ValueError:
        return 1


ORDERS = {
    "recent": (Conversation.last_message_at.desc(), Conversation.sender_id.desc()),
    # hand-off list: oldest request first
    "waiting": (
        func.coalesce(Conversation.handoff_at, Conversation.last_message_at).asc(),
        Conversation.sender_id.asc(),
    ),
}


def _listing(filters: Filters, dialect: str, order: str) -> Select[tuple[Conversation]]:
    return select(Conversation).where(*filters.where(dialect)).order_by(*ORDERS[order])


async def _rows(
    app: web.Application, db: AsyncSession, convs: list[Conversation], *, build_stale: bool = True
) -> list[InboxRow]:
    tags: dict[str, list[str]] = {}
    if convs:
        for t in await db.scalars(
            select(ConversationTag).where(ConversationTag.sender_id.in_([c.sender_id for c in convs]))
        ):
            tags.setdefault(t.sender_id, []).append(t.tag)
    convs, summaries = await summaries_for(app, convs, build_stale=build_stale)
    return [InboxRow(c, summaries[c.sender_id], sorted(tags.get(c.sender_id, []))) for c in convs]


async def inbox_page(
    app: web.Application, filters: Filters, number: int = 1, *, order: str = "recent", size: int = PAGE_SIZE
) -> Page:
    """One page of the conversations matching `filters` (a page past the end shows the last one)."""
    dialect = gateway.database(app).dialect
    async with gateway.reader(app)() as db:
        total = int(
            await db.scalar(select(func.count()).select_from(Conversation).where(*filters.where(dialect)))
            or 0
        )
        number = max(1, min(number, math.ceil(total / size) or 1))
        stmt = _listing(filters, dialect, order).limit(size).offset((number - 1) * size)
        convs = list(await db.scalars(stmt))
        rows = await _rows(app, db, convs)
    return Page(rows, number, size, total)


async def inbox(app: web.Application, filters: Filters, *, limit: int = MAX_EXPORT) -> list[InboxRow]:
    """Every matching conversation up to `limit`, newest first (exports)."""
    dialect = gateway.database(app).dialect
    async with gateway.reader(app)() as db:
        convs = list(await db.scalars(_listing(filters, dialect, "recent").limit(limit)))
        return await _rows(app, db, convs, build_stale=False)


async def facets(app: web.Application) -> dict[str, list[str]]:
    """Values for the filter drop-downs (kept `AGGREGATE_TTL_S`)."""
    cache = _aggregates(app)
    if cache is not None:
        return await cache.get(("facets",), lambda: _facets(app))  # type: ignore[no-any-return]
    return await _facets(app)


async def _facets(app: web.Application) -> dict[str, list[str]]:
    async with gateway.reader(app)() as db:
        channels = sorted(x for x in await db.scalars(select(Conversation.channel).distinct()) if x)
        sites = sorted(x for x in await db.scalars(select(Conversation.site).distinct()) if x)
        tags = sorted(await db.scalars(select(ConversationTag.tag).distinct()))
    return {"channels": channels, "sites": sites, "tags": tags}


def move_label(current: str | None, target: str) -> str:
    """The inbox chart's 'from → to' (as `Summary.move`)."""
    return f"{current or '?'} → {target}"


async def chart_data(app: web.Application, filters: Filters, days: int = CHART_DAYS) -> dict[str, Any]:
    """Bars for the inbox, over every matching conversation: most-asked moves (top 8) and conversations
    started per day (the last `days` days that have any). Kept `AGGREGATE_TTL_S` per filter set."""
    cache = _aggregates(app)
    if cache is None:
        return await _chart_data(app, filters, days)
    key = ("chart", days, *sorted(filters.as_query().items()))
    return await cache.get(key, lambda: _chart_data(app, filters, days))  # type: ignore[no-any-return]


async def _chart_data(app: web.Application, filters: Filters, days: int) -> dict[str, Any]:
    dialect = gateway.database(app).dialect
    conds = filters.where(dialect)

    def name(side: str) -> ColumnElement[Any]:
        return func.coalesce(summary_fact(dialect, side, "title"), summary_fact(dialect, side, "label"))

    current, target = name("current_field"), name("target_field")
    day = _day(dialect, Conversation.created_at)
    async with gateway.reader(app)() as db:
        move_rows = await db.execute(
            select(current, target, func.count()).where(*conds, target.is_not(None)).group_by(current, target)
        )
        day_rows = await db.execute(select(day, func.count()).where(*conds).group_by(day))
    moves: Counter[str] = Counter()
    for cur, tgt, n in move_rows:
        moves[move_label(cur, tgt)] += int(n)
    per_day: dict[date, int] = {}
    for d, n in day_rows:
        if d is None:
            continue
        d = d if isinstance(d, date) else date.fromisoformat(str(d)[:10])
        per_day[d] = per_day.get(d, 0) + int(n)
    if per_day:
        last = max(per_day)
        first = max(min(per_day), last - timedelta(days=days - 1))
        span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    else:
        span = []
    return {
        "moves": sorted(moves.items(), key=lambda kv: (-kv[1], kv[0]))[:8],
        "days": [(d.isoformat(), per_day.get(d, 0)) for d in span],
    }


async def counts(app: web.Application) -> dict[str, int]:
    """The inbox's totals, in one query."""

    waiting = Conversation.handoff_requested.is_(True) & Conversation.reviewed.is_(False)
    async with gateway.reader(app)() as db:
        row = (
            await db.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(case((waiting, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((Conversation.reviewed.is_(False), 1), else_=0)), 0),
                    func.coalesce(func.sum(case((Conversation.held_by.is_not(None), 1), else_=0)), 0),
                ).select_from(Conversation)
            )
        ).one()
    return {"all": int(row[0]), "handoff_open": int(row[1]), "unreviewed": int(row[2]), "held": int(row[3])}


async def open_handoffs(app: web.Application) -> int:
    """People waiting for a human (the badge in the navigation)."""
    async with gateway.reader(app)() as db:
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
    async with gateway.reader(app)() as db:
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

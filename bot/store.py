"""Everything the gateway and the dashboard read or write about conversations (app DB, Contract 5).

All functions take a `bot.db.Database` and open their own short transaction, so a caller never
holds a session across a network call. Message dicts follow Contracts 3/4:
`{"text": str, "buttons": [{"title": str, "payload": str}]}`.

Stable API (the counselor dashboard relies on these names; see bot/README.md):
`record_inbound`, `record_outbound`, `record_exchange`, `find_reply`, `offered_buttons`, `get_history`,
`get_flags`, `set_flags`, `mark_handoff`, `needs_hold_notice`, `forget_sender`, `claim_telegram_update`,
`save_callback_payload`, `load_callback_payload`, `purge_expired`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from sqlalchemy import and_, case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from typing_extensions import NotRequired

from bot import tracker_store
from bot.db import (
    Conversation,
    Database,
    Message,
    TelegramCallback,
    TelegramOutgoing,
    TelegramUpdate,
    utcnow,
)
from bot.web_delivery import WebAck  # noqa: F401  -- its table cascades from messages (bot.web_delivery)

log = logging.getLogger(__name__)

DIRECTIONS = ("in", "out", "counselor")
_FROM = {"in": "user", "out": "bot", "counselor": "counselor"}


class Button(TypedDict):
    title: str
    payload: str


class BotMessage(TypedDict):
    text: str
    buttons: list[Button]
    pivot: NotRequired[dict[str, Any]]  # structured answer drawn in place of the text (bot/answer_payloads)


@dataclass(frozen=True)
class HistoryItem:
    """One transcript line as Contract 4's history returns it."""

    id: int
    from_: str  # "user" | "bot" | "counselor"
    text: str
    buttons: list[Button]
    ts: dt.datetime
    client_id: str | None = None
    pivot: dict[str, Any] | None = None  # the structured answer the text came with (Contract 7)

    def to_json(self) -> dict[str, Any]:
        item = {
            "id": self.id,
            "from": self.from_,
            "text": self.text,
            "buttons": self.buttons,
            "ts": _iso(self.ts),
        }
        return {**item, "pivot": self.pivot} if self.pivot else item


@dataclass(frozen=True)
class ConversationFlags:
    sender_id: str
    channel: str
    site: str | None
    created_at: dt.datetime
    last_message_at: dt.datetime
    handoff_requested: bool
    handoff_at: dt.datetime | None
    held_by: str | None
    reviewed: bool


@dataclass(frozen=True)
class ForgetResult:
    """How many rows went, per store (the tracker count is None when that store was not reachable)."""

    conversations: int
    messages: int
    tracker_events: int | None


class _Unset:
    pass


UNSET: Any = _Unset()


class UnknownConversation(LookupError):
    """No conversation with that sender id (raised by `bot.delivery` and `bot.handback`)."""


def channel_of(sender_id: str) -> str:
    """`web:…` → web, `tg:…` → telegram, anything else → api."""
    prefix = sender_id.split(":", 1)[0]
    return {"web": "web", "tg": "telegram", "api": "api"}.get(prefix, "api")


def _iso(ts: dt.datetime) -> str:
    if ts.tzinfo is None:  # SQLite returns naive datetimes; we always store UTC
        ts = ts.replace(tzinfo=dt.timezone.utc)
    return ts.isoformat()


def _insert(db: Database, model: Any) -> Any:
    return (postgresql.insert if db.dialect == "postgresql" else sqlite.insert)(model)


def _buttons_json(buttons: Sequence[Button] | None) -> str | None:
    return json.dumps(list(buttons), ensure_ascii=False) if buttons else None


def _buttons(raw: str | None) -> list[Button]:
    return json.loads(raw) if raw else []


def _bot_message(row: Message) -> BotMessage:
    """A recorded bot message as it was sent: text, buttons and its structured answer, if any."""
    message: BotMessage = {"text": row.text, "buttons": _buttons(row.buttons_json)}
    if row.pivot_json:
        message["pivot"] = json.loads(row.pivot_json)
    return message


async def _touch_conversation(
    session: Any, db: Database, sender_id: str, channel: str, site: str | None
) -> None:
    """Create the conversation or bump `last_message_at`, in one upsert statement."""
    now = utcnow()
    stmt = _insert(db, Conversation).values(
        sender_id=sender_id,
        channel=channel,
        site=site,
        created_at=now,
        last_message_at=now,
        handoff_requested=False,
        reviewed=False,
    )
    await session.execute(
        stmt.on_conflict_do_update(index_elements=["sender_id"], set_={"last_message_at": now})
    )


def _message_values(
    sender_id: str, messages: Sequence[BotMessage], direction: str, client_id: str | None, now: dt.datetime
) -> list[dict[str, Any]]:
    return [
        {
            "sender_id": sender_id,
            "direction": direction,
            "text": m.get("text") or "",
            "buttons_json": _buttons_json(m.get("buttons")),
            "pivot_json": json.dumps(m["pivot"], ensure_ascii=False) if m.get("pivot") else None,
            "client_id": client_id,
            "created_at": now,
        }
        for m in messages
    ]


# --------------------------------------------------------------------------- messages
async def record_inbound(
    db: Database,
    sender_id: str,
    text_: str,
    *,
    channel: str | None = None,
    site: str | None = None,
    client_id: str | None = None,
) -> int:
    """Store what the person said (creating the conversation if new); returns the message id."""
    async with db.sessionmaker.begin() as session:
        await _touch_conversation(session, db, sender_id, channel or channel_of(sender_id), site)
        row = Message(
            sender_id=sender_id, direction="in", text=text_, client_id=client_id, created_at=utcnow()
        )
        session.add(row)
        await session.flush()
        return row.id


async def record_outbound(
    db: Database,
    sender_id: str,
    messages: Sequence[BotMessage],
    *,
    client_id: str | None = None,
    direction: str = "out",
    channel: str | None = None,
) -> list[int]:
    """Store bot (`out`) or counselor (`counselor`) messages; returns their ids, in order."""
    if direction not in ("out", "counselor"):
        raise ValueError(f"bad direction {direction!r}")
    async with db.sessionmaker.begin() as session:
        await _touch_conversation(session, db, sender_id, channel or channel_of(sender_id), None)
        rows = _message_values(sender_id, messages, direction, client_id, utcnow())
        if not rows:
            return []
        result = await session.execute(
            insert(Message).returning(Message.id, sort_by_parameter_order=True), rows
        )
        return [int(i) for i in result.scalars()]


async def record_exchange(
    db: Database,
    sender_id: str,
    text_: str,
    replies: Sequence[BotMessage],
    *,
    channel: str | None = None,
    site: str | None = None,
    client_id: str | None = None,
) -> None:
    """Store a person's message and the bot's replies in ONE transaction (nothing half-way)."""
    async with db.sessionmaker.begin() as session:
        await _touch_conversation(session, db, sender_id, channel or channel_of(sender_id), site)
        now = utcnow()
        rows = _message_values(sender_id, [{"text": text_, "buttons": []}], "in", client_id, now)
        rows += _message_values(sender_id, replies, "out", client_id, now)
        await session.execute(insert(Message), rows)


async def find_reply(db: Database, sender_id: str, client_id: str) -> list[BotMessage] | None:
    """The recorded reply to `client_id`, or None if that client_id was never processed."""
    async with db.reader() as session:
        rows = (
            await session.scalars(
                select(Message)
                .where(Message.sender_id == sender_id, Message.client_id == client_id)
                .order_by(Message.id)
            )
        ).all()
    if not any(r.direction == "in" for r in rows):
        return None
    return [_bot_message(r) for r in rows if r.direction == "out"]


async def lookup(
    db: Database, sender_id: str, client_id: str | None
) -> tuple[list[BotMessage] | None, ConversationFlags | None]:
    """What `ConversationService.handle` needs first, in one read: the recorded reply to `client_id`
    (None if new) and the conversation's flags (None if new)."""
    async with db.reader() as session:
        conv = await session.get(Conversation, sender_id)
        if conv is None:
            return None, None
        recorded = None
        if client_id:
            rows = (
                await session.scalars(
                    select(Message)
                    .where(Message.sender_id == sender_id, Message.client_id == client_id)
                    .order_by(Message.id)
                )
            ).all()
            if any(r.direction == "in" for r in rows):
                recorded = [_bot_message(r) for r in rows if r.direction == "out"]
        return recorded, _flags(conv)


async def offered_buttons(db: Database, sender_id: str, *, limit: int = 200) -> list[Button]:
    """Every button of the bot's last `limit` messages that carried buttons, newest first: the only
    payloads a person may send back (`bot.payloads`)."""
    async with db.reader() as session:
        rows = (
            await session.scalars(
                select(Message.buttons_json)
                .where(
                    Message.sender_id == sender_id,
                    Message.direction == "out",
                    Message.buttons_json.is_not(None),
                )
                .order_by(Message.id.desc())
                .limit(limit)
            )
        ).all()
    return [b for raw in rows for b in _buttons(raw)]


async def get_history(db: Database, sender_id: str, *, limit: int = 500) -> list[HistoryItem]:
    """The last `limit` messages of a conversation, oldest first."""
    async with db.reader() as session:
        rows = (
            await session.scalars(
                select(Message).where(Message.sender_id == sender_id).order_by(Message.id.desc()).limit(limit)
            )
        ).all()
    return [
        HistoryItem(
            r.id,
            _FROM.get(r.direction, r.direction),
            r.text,
            _buttons(r.buttons_json),
            _aware(r.created_at),
            r.client_id,  # type: ignore[arg-type]
            json.loads(r.pivot_json) if r.pivot_json else None,
        )
        for r in reversed(rows)
    ]


# --------------------------------------------------------------------------- flags
def _aware(ts: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back; everything is stored in UTC, so say so."""
    return ts.replace(tzinfo=dt.timezone.utc) if ts is not None and ts.tzinfo is None else ts


def _flags(c: Conversation) -> ConversationFlags:
    return ConversationFlags(
        c.sender_id,
        c.channel,
        c.site,
        _aware(c.created_at),
        _aware(c.last_message_at),  # type: ignore[arg-type]
        bool(c.handoff_requested),
        _aware(c.handoff_at),
        c.held_by,
        bool(c.reviewed),
    )


async def get_flags(db: Database, sender_id: str) -> ConversationFlags | None:
    async with db.reader() as session:
        conv = await session.get(Conversation, sender_id)
        return _flags(conv) if conv else None


async def set_flags(
    db: Database,
    sender_id: str,
    *,
    handoff_requested: bool = UNSET,
    held_by: str | None = UNSET,
    reviewed: bool = UNSET,
) -> ConversationFlags | None:
    """Change only the flags given; returns the new flags, or None for an unknown conversation."""
    values: dict[str, Any] = {}
    if handoff_requested is not UNSET:
        values["handoff_requested"] = bool(handoff_requested)
        values["handoff_at"] = utcnow() if handoff_requested else None
    if held_by is not UNSET:
        values["held_by"] = held_by
    if reviewed is not UNSET:
        values["reviewed"] = bool(reviewed)
    async with db.sessionmaker.begin() as session:
        if values:
            await session.execute(
                update(Conversation).where(Conversation.sender_id == sender_id).values(**values)
            )
        conv = await session.get(Conversation, sender_id)
        return _flags(conv) if conv else None


async def mark_handoff(db: Database, sender_id: str) -> None:
    """Rasa asked for a human (`{"event": "handoff_requested"}`): flag it for the dashboard, unreview it.
    Asking again while the request is open keeps its first time (its place in the hand-off list, and what
    the person is told about how long they have waited); a release clears it, so a later request is new."""
    async with db.sessionmaker.begin() as session:
        await _touch_conversation(session, db, sender_id, channel_of(sender_id), None)
        await session.execute(
            update(Conversation)
            .where(Conversation.sender_id == sender_id)
            .values(
                handoff_requested=True,
                handoff_at=case(
                    (
                        and_(Conversation.handoff_requested.is_(True), Conversation.handoff_at.is_not(None)),
                        Conversation.handoff_at,
                    ),
                    else_=utcnow(),
                ),
                reviewed=False,
            )
        )


async def needs_hold_notice(db: Database, sender_id: str, notice: str) -> bool:
    """While a counselor holds a conversation the person is told once that a human will answer.

    True unless the latest non-inbound message already is that notice or a counselor message.
    """
    async with db.reader() as session:
        last = await session.scalar(
            select(Message)
            .where(Message.sender_id == sender_id, Message.direction != "in")
            .order_by(Message.id.desc())
            .limit(1)
        )
    if last is None:
        return True
    return last.direction == "out" and last.text != notice


# --------------------------------------------------------------------------- deletion
DELETE_CHUNK = 500  # sender ids per statement: well under asyncpg's 32,767 bound parameters


async def forget_sender(db: Database, sender_id: str, tracker: Database | None = None) -> ForgetResult:
    """Delete everything about a person: messages, conversation (and, via the counselor tables'
    foreign keys, their notes/tags), and Rasa's tracker events (`events.sender_id`).

    A tracker store without an `events` table (Rasa never started) counts as nothing to delete.
    """
    return await _delete_people(db, [sender_id], tracker)


async def purge_expired(db: Database, retention_days: int, tracker: Database | None = None) -> int:
    """The one retention purge (the gateway's sweep, `python -m bot counselor purge`, the dashboard):
    conversations idle for more than `retention_days`, deleted as `forget_sender` deletes a person
    (`_delete_people`), Telegram outbox copies older than that whatever their chat, and Telegram update ids
    older than a week. Returns how many conversations."""
    cutoff = utcnow() - dt.timedelta(days=retention_days)
    async with db.reader() as session:
        old = list(
            await session.scalars(select(Conversation.sender_id).where(Conversation.last_message_at < cutoff))
        )
    deleted = (await _delete_people(db, old, tracker, idle_before=cutoff)).conversations
    async with db.sessionmaker.begin() as session:
        # a chat still in use keeps no copy longer than a conversation may be kept
        await session.execute(delete(TelegramOutgoing).where(TelegramOutgoing.created_at < cutoff))
        week_ago = utcnow() - dt.timedelta(days=7)  # Telegram retries for at most a day
        await session.execute(delete(TelegramUpdate).where(TelegramUpdate.received_at < week_ago))
    return deleted


async def _delete_people(
    db: Database,
    sender_ids: Sequence[str],
    tracker: Database | None,
    *,
    idle_before: dt.datetime | None = None,
) -> ForgetResult:
    """What deleting a person deletes, written once for `forget_sender` and `purge_expired`: their
    messages, their conversation (notes, tags, acks, hand-off rows by cascade), for a `tg:` sender the
    outbox copies of the replies to their chat, then their tracker events. `DELETE_CHUNK` ids per
    transaction, so a purge of many people neither exceeds a driver's parameter limit nor holds SQLite's
    write lock for long. `idle_before` (the purge): a conversation that spoke again since it was listed
    is kept."""
    n_conv = n_msg = n_events = 0
    for i in range(0, len(sender_ids), DELETE_CHUNK):
        part = list(sender_ids[i : i + DELETE_CHUNK])
        async with db.sessionmaker.begin() as session:
            if idle_before is not None:
                part = list(
                    await session.scalars(
                        select(Conversation.sender_id).where(
                            Conversation.sender_id.in_(part), Conversation.last_message_at < idle_before
                        )
                    )
                )
                if not part:
                    continue
            n_msg += int(
                (await session.execute(delete(Message).where(Message.sender_id.in_(part)))).rowcount or 0
            )
            n_conv += int(
                (await session.execute(delete(Conversation).where(Conversation.sender_id.in_(part)))).rowcount
                or 0
            )
            chats = _telegram_chats(part)
            if chats:  # the outbox keeps copies of the replies sent to a Telegram chat
                await session.execute(delete(TelegramOutgoing).where(TelegramOutgoing.chat_id.in_(chats)))
        if tracker is not None:
            n_events += await tracker_store.delete_events(tracker, part)
    return ForgetResult(n_conv, n_msg, n_events)


def _telegram_chats(sender_ids: list[str]) -> list[int]:
    """The Telegram chat ids of `tg:<chat id>` senders."""
    return [int(s[3:]) for s in sender_ids if s.startswith("tg:") and s[3:].lstrip("-").isdigit()]


# --------------------------------------------------------------------------- Telegram bookkeeping
async def claim_telegram_update(db: Database, update_id: int, payload: str | None = None) -> bool:
    """Insert-or-ignore the update id (keeping its JSON until processed); True only for the first
    delivery of that update."""
    async with db.sessionmaker.begin() as session:
        stmt = _insert(db, TelegramUpdate).values(update_id=update_id, received_at=utcnow(), payload=payload)
        result = await session.execute(stmt.on_conflict_do_nothing(index_elements=["update_id"]))
        return bool(result.rowcount)


async def finish_telegram_update(db: Database, update_id: int) -> None:
    """The update has been processed: drop its JSON, keep the id for de-duplication."""
    async with db.sessionmaker.begin() as session:
        await session.execute(
            update(TelegramUpdate)
            .where(TelegramUpdate.update_id == update_id)
            .values(processed_at=utcnow(), payload=None)
        )


async def unfinished_telegram_updates(
    db: Database, *, claimed_before: dt.datetime, claimed_after: dt.datetime
) -> list[tuple[int, str]]:
    """Updates claimed in that window but never processed (the gateway stopped first), oldest first."""
    async with db.reader() as session:
        rows = await session.execute(
            select(TelegramUpdate.update_id, TelegramUpdate.payload)
            .where(
                TelegramUpdate.processed_at.is_(None),
                TelegramUpdate.payload.is_not(None),
                TelegramUpdate.received_at < claimed_before,
                TelegramUpdate.received_at > claimed_after,
            )
            .order_by(TelegramUpdate.update_id)
        )
        return [(int(uid), str(payload)) for uid, payload in rows]


def callback_key(payload: str) -> str:
    """A short, stable key for a payload (same payload → same key, so no table growth on repeats)."""
    digest = hashlib.sha256(payload.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest[:15]).decode("ascii")  # 20 chars


async def save_callback_payload(db: Database, payload: str) -> str:
    key = callback_key(payload)
    async with db.sessionmaker.begin() as session:
        stmt = _insert(db, TelegramCallback).values(key=key, payload=payload, created_at=utcnow())
        await session.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
    return key


async def load_callback_payload(db: Database, key: str) -> str | None:
    async with db.reader() as session:
        row = await session.get(TelegramCallback, key)
        return row.payload if row else None


async def count_messages(db: Database, sender_id: str | None = None) -> int:
    """Row count (tests and stats)."""
    async with db.reader() as session:
        q = select(func.count()).select_from(Message)
        if sender_id is not None:
            q = q.where(Message.sender_id == sender_id)
        return int(await session.scalar(q) or 0)

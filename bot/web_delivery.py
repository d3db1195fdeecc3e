"""Widget delivery: a reply counts as delivered only when the browser acknowledged it (issue 12).

The Telegram channel keeps its own outbox table because Telegram's copy of a message is the only one the
person sees. The widget redraws itself from the gateway's record (`messages`), so that record is the
widget's outbox and this module adds what Telegram's outbox rows hold, per message:

- **Delivered = acknowledged.** Every frame that carries recorded messages names their ids (`ids` of a
  `bot` frame, `id` of a `counselor` frame, `id` of each history item). The widget answers
  `{"type": "ack", "ids": [...]}` once they are on screen; only then is a `web_acks` row written (and a
  counselor reply's receipt, `bot.counselor.receipts`, via `live`). Writing to the socket is not delivery:
  a socket that dies under a frame would otherwise count it as read.
- **Re-sent on reconnect.** When a widget socket opens, the gateway sends `{"type": "resume", "messages":
  [...]}` with the bot and counselor messages of the last `RESUME_WINDOW` it never had acknowledged; the
  widget draws the ones it does not have (it reloads its history) and acknowledges them. The widget
  de-duplicates by id, so a message reaching it twice (resume and a replayed reply) is shown once.
- **Rasa down.** The person reads `RASA_WAIT` once (`{"type": "waiting", "reply_to": ...}`); the message
  is retried (1 s doubling to 30 s) and answered when Rasa is back, pushed to whichever sockets the person
  then has open (none: the resume path delivers it). Later messages of that person wait behind it, in
  order (`order`). A re-sent copy of a waiting message (same `client_id`) is told to wait, not queued
  twice. The wait lives in the gateway process; across a restart the browser's own outbox (localStorage)
  still holds the message and sends it again when it reconnects, and `client_id` keeps Rasa from being
  asked twice.
- **Old buttons.** A button press carries `list`, the id of the bot message whose buttons it came from.
  It counts only when that message is in the newest turn that offered buttons (every message of that
  turn, as on Telegram); otherwise Rasa never sees the payload and the person reads `LIST_CHANGED` with
  the current buttons (recorded, so the history shows the same).

`counts` (a Counter) tallies `frames_sent`, `acked`, `resent`, `rasa_waits`, `rasa_recovered`,
`stale_buttons`, `duplicate_waits`; `/healthz` shows them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from sqlalchemy import DateTime, ForeignKey, Integer, String, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, Database, Message, utcnow
from bot.limits import KeyedLocks
from bot.sockets import SocketRegistry
from bot.validation import ApiError

log = logging.getLogger(__name__)

RESUME_WINDOW = dt.timedelta(hours=24)
RESUME_LIMIT = 50
MAX_ACK_IDS = 500
MAX_ID = 2**63  # message ids are 64-bit integers; anything larger is not one of ours
CURRENT_SCAN = 60  # bot messages with buttons read to find the current list
RASA_RETRY_FIRST_S = 1.0
RASA_RETRY_MAX_S = 30.0
RASA_WAIT = (
    "Pivot is temporarily unavailable. I've kept your message and will answer it here as soon as I'm back; "
    "there's no need to send it again."
)
LIST_CHANGED = "That list has changed since. Here are the current choices:"
BUTTON_EXPIRED = "That button has expired. Please type your answer instead."


class WebAck(Base):
    """One row per bot or counselor message the widget confirmed it shows."""

    __tablename__ = "web_acks"

    message_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    sender_id: Mapped[str] = mapped_column(
        String(160), ForeignKey("conversations.sender_id", ondelete="CASCADE"), index=True
    )
    acked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def _buttons(raw: str | None) -> list[dict[str, str]]:
    return json.loads(raw) if raw else []


def frame_item(row: Message) -> dict[str, Any]:
    """A recorded message as the widget draws it (the history item's shape, with its id)."""
    item: dict[str, Any] = {
        "id": row.id,
        "from": "counselor" if row.direction == "counselor" else "bot",
        "text": row.text,
        "buttons": _buttons(row.buttons_json),
    }
    if row.client_id:
        item["reply_to"] = row.client_id
    if row.pivot_json:
        item["pivot"] = json.loads(row.pivot_json)
    return item


def clean_ids(raw: Any) -> list[int]:
    """The message ids of an ack frame; anything that is not a list of positive ints is ignored."""
    if not isinstance(raw, list):
        return []
    return [i for i in raw[:MAX_ACK_IDS] if isinstance(i, int) and not isinstance(i, bool) and 0 < i < MAX_ID]


async def reply_ids(db: Database, sender_id: str, client_id: str | None) -> list[int]:
    """Ids of the recorded bot messages answering `client_id`, in order."""
    if not client_id:
        return []
    async with db.reader() as session:
        return list(
            await session.scalars(
                select(Message.id)
                .where(
                    Message.sender_id == sender_id,
                    Message.client_id == client_id,
                    Message.direction == "out",
                )
                .order_by(Message.id)
            )
        )


async def unacked(db: Database, sender_id: str, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Bot and counselor messages of the last RESUME_WINDOW the widget never acknowledged, oldest first."""
    since = (now or utcnow()) - RESUME_WINDOW
    acked = select(WebAck.message_id).where(WebAck.sender_id == sender_id)
    async with db.reader() as session:
        rows = (
            await session.scalars(
                select(Message)
                .where(
                    Message.sender_id == sender_id,
                    Message.direction.in_(("out", "counselor")),
                    Message.created_at >= since,
                    Message.id.not_in(acked),
                )
                .order_by(Message.id.desc())
                .limit(RESUME_LIMIT)
            )
        ).all()
    return [frame_item(r) for r in reversed(rows)]


async def record_acks(db: Database, sender_id: str, ids: Sequence[int]) -> tuple[int, list[int]]:
    """Write an ack for each of `ids` that is this sender's bot or counselor message and not yet acked.
    Returns (newly acked, the counselor message ids among them)."""
    if not ids:
        return 0, []
    q = select(Message.id, Message.direction).where(
        Message.sender_id == sender_id,
        Message.id.in_(list(ids)),
        Message.direction.in_(("out", "counselor")),
        Message.id.not_in(select(WebAck.message_id).where(WebAck.sender_id == sender_id)),
    )
    async with db.reader() as session:  # the usual repeat: nothing new, no write lock
        if not (await session.execute(q)).first():
            return 0, []
    insert = (postgresql.insert if db.dialect == "postgresql" else sqlite.insert)(WebAck)
    async with db.sessionmaker.begin() as session:
        rows = (await session.execute(q)).all()
        if not rows:
            return 0, []
        now = utcnow()
        await session.execute(
            insert.values(
                [{"message_id": mid, "sender_id": sender_id, "acked_at": now} for mid, _ in rows]
            ).on_conflict_do_nothing(index_elements=["message_id"])
        )
    return len(rows), [mid for mid, direction in rows if direction == "counselor"]


async def acked_ids(db: Database, sender_id: str) -> set[int]:
    async with db.reader() as session:
        return set(await session.scalars(select(WebAck.message_id).where(WebAck.sender_id == sender_id)))


async def current_list(db: Database, sender_id: str) -> tuple[set[int], list[dict[str, str]]]:
    """The buttons a press may come from: the ids of the newest turn's messages with buttons, and those
    buttons. A "that list has changed" notice offers the current list again, so the list it repeats (and
    any earlier repeat of it) stays current with it."""
    async with db.reader() as session:
        rows = (
            await session.scalars(
                select(Message)
                .where(
                    Message.sender_id == sender_id,
                    Message.direction == "out",
                    Message.buttons_json.is_not(None),
                )
                .order_by(Message.id.desc())
                .limit(CURRENT_SCAN)
            )
        ).all()
    turns: list[list[Message]] = []
    for row in rows:  # newest first, grouped by the message they answered
        if turns and row.client_id and turns[-1][0].client_id == row.client_id:
            turns[-1].append(row)
        else:
            turns.append([row])
    if not turns:
        return set(), []
    newest = turns[0]
    buttons = [b for r in reversed(newest) for b in _buttons(r.buttons_json)]
    ids = {r.id for r in newest}
    for turn in turns:  # through the notices repeating the list, to the turn that offered it
        if not all(r.text == LIST_CHANGED for r in turn):
            if turn is not newest:
                ids |= {r.id for r in turn}
            break
        ids |= {r.id for r in turn}
    return ids, buttons


def clean_list_id(raw: Any) -> int | None:
    """A button press's `list` (the id of the message its buttons came from); absent or null: none."""
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 < raw < MAX_ID:
        raise ApiError(400, "list must be the id of a message (a positive integer)")
    return raw


RASA_WAIT_LIMIT = dt.timedelta(hours=24)  # as on Telegram: a message is kept for a day at most


class WebDelivery:
    """Per-gateway state of the widget channel: counts, per-person order, messages waiting for Rasa; and the
    widget's `LiveChannel` (bot/channels.py): pushes to a person's open sockets."""

    name = "web"
    health_key = "widget"
    essential = False  # the counts are advisory: a widget with no socket open is no outage

    def __init__(self, sockets: SocketRegistry | None = None) -> None:
        self.sockets = sockets if sockets is not None else SocketRegistry()
        self.counts: Counter = Counter()
        self.order = KeyedLocks()  # one widget message of a person at a time, Rasa waits included
        self.waiting: set[tuple[str, str]] = set()  # (sender, client_id) kept while Rasa is down
        self.tasks: set[asyncio.Task[Any]] = set()
        self.retry_first_s = RASA_RETRY_FIRST_S
        self.retry_max_s = RASA_RETRY_MAX_S

    def track(self, task: asyncio.Task[Any]) -> None:
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def close(self) -> None:
        """On shutdown: stop waiting for Rasa (the browser's outbox still holds those messages)."""
        tasks = [t for t in self.tasks if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def fault_counts(self) -> dict[str, int]:
        return dict(self.counts)

    async def push_counselor(self, sender_id: str, message_id: int | None, text: str) -> bool:
        """Every open widget socket of the sender gets `{"type": "counselor", "id", "text"}`. Pushed is not
        delivered: the receipt is written when the widget acknowledges the id (`record_acks`), and a widget
        that missed the frame gets it again from `resume` or its history when it reconnects."""
        frame = {"type": "counselor", "id": message_id, "text": text}
        return await self.sockets.send_json(sender_id, frame) > 0

    async def push_line(self, sender_id: str, message_id: int, text: str, *, key: str) -> bool:
        """A bot line as a `bot` frame with its id (acknowledged like a reply); `key` is not needed here, the
        record is the widget's outbox."""
        frame = {
            "type": "bot",
            "reply_to": None,
            "messages": [{"text": text, "buttons": []}],
            "ids": [message_id],
        }
        return await self.sockets.send_json(sender_id, frame) > 0

    def health(self) -> str:
        c = self.counts
        waiting = len(self.waiting)
        text = (
            f"{c['frames_sent']} replies sent, {c['acked']} acknowledged, {c['resent']} re-sent, "
            f"{c['stale_buttons']} old buttons answered, {c['rasa_waits']} kept while Rasa was down"
        )
        return f"ok: {text}" + (f"; {waiting} waiting for Rasa" if waiting else "")


WEB_DELIVERY_KEY = web.AppKey("web_delivery", WebDelivery)

__all__ = [
    "BUTTON_EXPIRED",
    "LIST_CHANGED",
    "RASA_WAIT",
    "WebAck",
    "WEB_DELIVERY_KEY",
    "WebDelivery",
    "acked_ids",
    "clean_ids",
    "clean_list_id",
    "current_list",
    "frame_item",
    "record_acks",
    "reply_ids",
    "unacked",
]

"""Whether a counselor's reply reached the person, and whether they have seen it.

`reply_receipts` has one row per counselor message once it has been delivered: pushed live to an
open widget socket, accepted by Telegram, or handed to the widget by the history API when the
person came back. "Seen" is not stored: a reply counts as seen when the person wrote after it (the
widget shows the whole history before they can type), which is the only signal every channel gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, Database, Message, utcnow

VIA = ("live", "telegram", "history")


class ReplyReceipt(Base):
    __tablename__ = "reply_receipts"

    message_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    sender_id: Mapped[str] = mapped_column(
        String(160), ForeignKey("conversations.sender_id", ondelete="CASCADE"), index=True
    )
    delivered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    via: Mapped[str] = mapped_column(String(16))


def _aware(ts: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; every column holds UTC."""
    return ts.replace(tzinfo=dt.timezone.utc) if ts is not None and ts.tzinfo is None else ts


@dataclass(frozen=True)
class ReplyState:
    message_id: int
    delivered_at: dt.datetime | None
    via: str | None
    seen: bool

    @property
    def label(self) -> str:
        if self.seen:
            return "seen (they wrote after it)"
        if self.delivered_at is None:
            return "waiting: they have not been back since"
        how = {"live": "live in the widget", "telegram": "on Telegram", "history": "when they came back"}
        return f"delivered {how.get(self.via or '', '')}".strip()


async def mark_delivered(db: Database, sender_id: str, via: str, message_ids: list[int] | None = None) -> int:
    """Record delivery of the given counselor messages (default: every undelivered one of the
    sender). Returns how many were newly recorded; a message already delivered keeps its first
    receipt."""
    if via not in VIA:
        raise ValueError(f"bad via {via!r}")
    q = select(Message.id).where(Message.sender_id == sender_id, Message.direction == "counselor")
    if message_ids is not None:
        q = q.where(Message.id.in_(message_ids))
    q = q.where(Message.id.not_in(select(ReplyReceipt.message_id).where(ReplyReceipt.sender_id == sender_id)))
    async with db.reader() as session:  # the usual case, nothing new: no write lock taken
        if not list(await session.scalars(q)):
            return 0
    async with db.sessionmaker.begin() as session:
        ids = list(await session.scalars(q))
        now = utcnow()
        session.add_all(
            ReplyReceipt(message_id=i, sender_id=sender_id, delivered_at=now, via=via) for i in ids
        )
        return len(ids)


async def reply_states(db: Database, sender_id: str) -> dict[int, ReplyState]:
    """message id → state, for every counselor message of the conversation."""
    async with db.reader() as session:
        rows = (
            await session.execute(
                select(Message.id, ReplyReceipt.delivered_at, ReplyReceipt.via)
                .outerjoin(ReplyReceipt, ReplyReceipt.message_id == Message.id)
                .where(Message.sender_id == sender_id, Message.direction == "counselor")
                .order_by(Message.id)
            )
        ).all()
        last_in = await session.scalar(
            select(func.max(Message.id)).where(Message.sender_id == sender_id, Message.direction == "in")
        )
    return {
        mid: ReplyState(mid, _aware(at), via, last_in is not None and last_in > mid) for mid, at, via in rows
    }

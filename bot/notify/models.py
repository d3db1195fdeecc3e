"""Tables of the hand-off notices, on the gateway's `Base` (one Alembic history, `0005_handoff`).

`notification_outbox`: one row per (hand-off, destination); the worker sends due rows and retries
failures with backoff, so a notice survives a restart or a receiver that is down for a while.
`contact_details`: an email address a person chose to leave for a counselor's reply, with the
wording they agreed to. Both hang off `conversations.sender_id` with ON DELETE CASCADE, so deleting
a person (their request, a counselor's, retention) deletes them too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow

STATUSES = ("pending", "sent", "failed", "cancelled")


class OutboxItem(Base):
    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(
        String(160), ForeignKey("conversations.sender_id", ondelete="CASCADE"), index=True
    )
    site: Mapped[str | None] = mapped_column(String(200), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))  # email | webhook
    destination: Mapped[str] = mapped_column(String(1000))  # an address or a URL from SITES_CONFIG
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # The notice's JSON (`compose.Notice`), written at the first attempt so every retry says the same.
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ContactDetail(Base):
    __tablename__ = "contact_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(
        String(160), ForeignKey("conversations.sender_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="email")
    value: Mapped[str] = mapped_column(String(254))
    consent: Mapped[str] = mapped_column(Text)  # what the person was told it is for
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

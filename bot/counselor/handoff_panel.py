"""What the dashboard shows about a hand-off's reach: the notices sent to the site's counselors
(and their failures), the contact email a person left, each counselor reply's delivery state, and a
release still waiting for Rasa (`bot.handback`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import handback
from bot.counselor.receipts import ReplyState, reply_states
from bot.db import Database
from bot.notify import contacts, outbox
from bot.notify.models import ContactDetail


@dataclass(frozen=True)
class HandoffPanel:
    notices: list[outbox.NoticeState]
    contact: ContactDetail | None
    replies: dict[int, ReplyState]  # counselor message id → delivery state
    handback: handback.HandbackState | None = None  # released, the person not yet back with the bot


async def panel(db: Database, sender_id: str) -> HandoffPanel:
    return HandoffPanel(
        await outbox.notices_for(db, sender_id),
        await contacts.contact_for(db, sender_id),
        await reply_states(db, sender_id),
        await handback.pending(db, sender_id),
    )


async def notice_states(db: Database, sender_ids: Sequence[str]) -> dict[str, str]:
    """sender → `sent` / `pending` / `retrying` / `failed` for the hand-off list."""
    return await outbox.notice_status_by_sender(db, sender_ids)

"""A contact email a person chose to leave for a counselor's reply (outside office hours).

Stored with the words they agreed to, shown to the counselor on the conversation page, deleted with
the conversation (ON DELETE CASCADE). Only the gateway writes it, on the action server's
`{"event": "contact_email"}` after the person typed the address themselves.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.db import Database, utcnow
from bot.notify.models import ContactDetail

EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


def valid_email(value: str) -> bool:
    return len(value) <= 254 and bool(EMAIL_RE.match(value))


async def save_contact(db: Database, sender_id: str, email: str, consent: str) -> None:
    """Keep the person's latest address only: one contact email per conversation."""
    async with db.sessionmaker.begin() as session:
        old = list(await session.scalars(select(ContactDetail).where(ContactDetail.sender_id == sender_id)))
        for row in old:
            await session.delete(row)
        session.add(
            ContactDetail(
                sender_id=sender_id, kind="email", value=email, consent=consent, created_at=utcnow()
            )
        )


async def contact_for(db: Database, sender_id: str) -> ContactDetail | None:
    async with db.reader() as session:
        return await session.scalar(
            select(ContactDetail)
            .where(ContactDetail.sender_id == sender_id)
            .order_by(ContactDetail.id.desc())
        )

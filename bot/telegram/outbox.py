"""Telegram outbox: a reply counts as delivered only when `sendMessage` confirmed it (issue 12).

Every message for a chat is first written to `telegram_outbox`, then sent in order, one chat at a time.
- Success: `sent_at` is set.
- 429 (`RetryAfter`): wait the `retry_after` Telegram asked for — inline when short, else later.
- 5xx, a dropped connection or a timeout (`NetworkError`): retried with exponential backoff. Such an
  attempt (and one cut short by a crash) may have reached Telegram, so the row is `in_doubt`; before
  sending it again the outbox looks for it in the chat (`_find_delivered`): the Bot API has no
  idempotency key (it does not expose MTProto's `random_id`), but a private chat numbers its messages
  one after the other, and `editMessageText` with the row's own text and keyboard answers "message is
  not modified" for the message that already shows exactly that, "message can't be edited" for the
  person's messages and "message to edit not found" past the newest one. So the ids after the newest one
  known (the last confirmed row's `message_id`, or the incoming message being answered) are tried in
  turn, never editing anything the bot did not send: found means sent, not found means send again.
  What remains: a request Telegram carries out only after that look (still in flight when it
  timed out here) is sent twice; losing it would be worse.
- 400 "can't parse entities" or "message is too long" (a rendering bug): sent once more as plain text
  (tags dropped, split under 4,096), so the person still gets the words.
- One `enqueue` is one answer: its first row notifies the person, the later ones are `silent`
  (`disable_notification`), so a list drawn as eight short messages sounds once.
- Other 400s and 403 (`BadRequest`, `Forbidden`: the person blocked the bot): `failed_at`, with the
  reason; retrying cannot help.
A message not sent stops the later ones of its chat (order is kept). A background sweep retries what
is due, including what an earlier run of the gateway left, so nothing waits for the next message. A
row is claimed by moving `next_attempt_at` forward in one UPDATE, so two gateway processes never send
the same row at the same time.

Rows are deleted with the person's data (`forget`) and after RETENTION_DAYS (`store.purge_expired`).
`counts` tallies what happened (sent, 429s, 5xx, timeouts, refusals, give-ups) for the channel's
`fault_counts()`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import logging
import re
import warnings
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.db import Database, TelegramOutgoing, utcnow
from bot.limits import KeyedLocks
from bot.telegram.format import split_text

log = logging.getLogger(__name__)
LEASE = dt.timedelta(seconds=60)  # a claimed row is left alone this long by other senders
INLINE_RETRY_AFTER_S = 5.0  # a 429 asking for at most this long is waited out at once
MAX_ATTEMPTS = 12  # about an hour of backoff, then the message is given up (failed_at)
SWEEP_EVERY_S = 2.0
SEND_TIMEOUT_S = 10.0  # how long one sendMessage may take before it counts as timed out (and is retried)
PROBE_SPAN = 12  # message ids looked at after the newest known one (the person may have written meanwhile)
PLAIN_TEXT_ERRORS = ("can't parse entities", "message is too long")
TAG = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class Part:
    """One sendMessage: HTML text (already escaped) and an optional inline keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(2 ** max(attempts - 1, 0), 300))


def _aware(ts: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back (stored in UTC)."""
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=dt.timezone.utc)


def _retry_after_s(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the int will become a timedelta: accept both
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class Outbox:
    def __init__(
        self,
        db: Database,
        bot: Bot,
        counts: Counter | None = None,
        on_sent: Callable[[TelegramOutgoing], Awaitable[None]] | None = None,
    ) -> None:
        self.db = db
        self.bot = bot
        self.counts: Counter = counts if counts is not None else Counter()
        self.on_sent = on_sent  # called after Telegram confirmed a row (e.g. a counselor reply's receipt)
        self._chats = KeyedLocks()
        self._seen: dict[int, int] = {}  # newest incoming message id per chat (`note_incoming`)

    def note_incoming(self, chat_id: int, message_id: int | None) -> None:
        """The person's message `message_id` reached us: rows queued from now on know that every message of
        theirs up to it exists (the lower bound of `_find_delivered`'s look)."""
        if message_id:
            self._seen[chat_id] = max(self._seen.get(chat_id, 0), int(message_id))

    async def enqueue(self, chat_id: int, parts: Sequence[Part], key: str | None = None) -> None:
        """Store the parts; with `key` (e.g. the update id) a second enqueue of the same parts is a no-op."""
        if not parts:
            return
        now = utcnow()
        rows = [
            {
                "chat_id": chat_id,
                "dedup_key": f"{key}:{i}" if key is not None else None,
                "text": p.text,
                "markup_json": json.dumps(p.markup.to_dict()) if p.markup else None,
                "created_at": now,
                "attempts": 0,
                "next_attempt_at": now,
                "after_message_id": self._seen.get(chat_id),
                "in_doubt": False,
                "silent": i > 0,  # one answer, one notification: its later parts arrive without a sound
            }
            for i, p in enumerate(parts)
        ]
        insert = (postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert)(TelegramOutgoing)
        async with self.db.sessionmaker.begin() as session:
            await session.execute(insert.values(rows).on_conflict_do_nothing(index_elements=["dedup_key"]))

    async def send(self, chat_id: int, parts: Sequence[Part], key: str | None = None) -> bool:
        """Enqueue, then deliver what is due for this chat; True when nothing is left pending."""
        await self.enqueue(chat_id, parts, key)
        return await self.flush(chat_id)

    async def flush(self, chat_id: int) -> bool:
        async with self._chats.hold(str(chat_id)):
            while True:
                row = await self._next(chat_id)
                if row is None:
                    return True
                if _aware(row.next_attempt_at) > utcnow() or not await self._claim(row):
                    return False  # waiting for its retry time, or another sender has it
                if not await self._deliver(row):
                    return False

    async def sweep(self) -> None:
        """Deliver whatever is due, for every chat (also what an earlier run left)."""
        async with self.db.reader() as session:
            chats = (
                await session.scalars(
                    select(TelegramOutgoing.chat_id)
                    .where(
                        TelegramOutgoing.sent_at.is_(None),
                        TelegramOutgoing.failed_at.is_(None),
                        TelegramOutgoing.next_attempt_at <= utcnow(),
                    )
                    .distinct()
                )
            ).all()
        for chat_id in chats:
            await self.flush(chat_id)

    async def run_sweeps(self) -> None:
        while True:
            try:
                await self.sweep()
            except Exception:
                log.exception("telegram outbox sweep failed; retrying")
            await asyncio.sleep(SWEEP_EVERY_S)

    async def pending(self, chat_id: int | None = None) -> int:
        async with self.db.reader() as session:
            stmt = select(TelegramOutgoing.id).where(
                TelegramOutgoing.sent_at.is_(None), TelegramOutgoing.failed_at.is_(None)
            )
            if chat_id is not None:
                stmt = stmt.where(TelegramOutgoing.chat_id == chat_id)
            return len((await session.scalars(stmt)).all())

    async def forget(self, chat_id: int) -> int:
        """Delete every message kept for this chat (the person confirmed deleting their data); returns
        how many rows went."""
        async with self.db.sessionmaker.begin() as session:
            result = await session.execute(
                delete(TelegramOutgoing).where(TelegramOutgoing.chat_id == chat_id)
            )
        return int(result.rowcount or 0)

    async def state(self, key: str) -> str:
        """'sent' when every part enqueued under `key` was confirmed, 'failed' when Telegram refused one,
        else 'pending' (retried in the background)."""
        async with self.db.reader() as session:
            rows = (
                await session.execute(
                    select(TelegramOutgoing.sent_at, TelegramOutgoing.failed_at).where(
                        TelegramOutgoing.dedup_key.like(f"{key}:%")
                    )
                )
            ).all()
        if rows and all(sent is not None for sent, _ in rows):
            return "sent"
        return "failed" if any(failed is not None for _, failed in rows) else "pending"

    async def recent_keyboards(self, chat_id: int, limit: int = 20) -> list[str]:
        """The keyboards (markup JSON) of the chat's last `limit` sent messages that had one, newest first."""
        async with self.db.reader() as session:
            return list(
                (
                    await session.scalars(
                        select(TelegramOutgoing.markup_json)
                        .where(
                            TelegramOutgoing.chat_id == chat_id,
                            TelegramOutgoing.sent_at.is_not(None),
                            TelegramOutgoing.markup_json.is_not(None),
                        )
                        .order_by(TelegramOutgoing.id.desc())
                        .limit(limit)
                    )
                ).all()
            )

    # ------------------------------------------------------------------ internals
    async def _next(self, chat_id: int) -> TelegramOutgoing | None:
        async with self.db.reader() as session:
            return await session.scalar(
                select(TelegramOutgoing)
                .where(
                    TelegramOutgoing.chat_id == chat_id,
                    TelegramOutgoing.sent_at.is_(None),
                    TelegramOutgoing.failed_at.is_(None),
                )
                .order_by(TelegramOutgoing.id)
                .limit(1)
            )

    async def _claim(self, row: TelegramOutgoing) -> bool:
        async with self.db.sessionmaker.begin() as session:
            result = await session.execute(
                update(TelegramOutgoing)
                .where(TelegramOutgoing.id == row.id, TelegramOutgoing.next_attempt_at == row.next_attempt_at)
                .values(next_attempt_at=utcnow() + LEASE, in_doubt=True)  # until Telegram answers
            )
        return result.rowcount == 1

    async def _deliver(self, row: TelegramOutgoing) -> bool:
        markup = (
            InlineKeyboardMarkup.de_json(json.loads(row.markup_json), self.bot) if row.markup_json else None
        )
        plain = False
        look = bool(row.in_doubt)  # as it was before this claim: an earlier attempt may have got through
        while True:
            try:
                if look:
                    found = await self._find_delivered(row, markup)
                    look = False
                    if found is not None:
                        self.counts["found_delivered"] += 1
                        log.info(
                            "message for chat %s had reached Telegram before; not sent again", row.chat_id
                        )
                        return await self._sent(row, found)
                message_id = await self._send(row, markup, plain=plain)
            except RetryAfter as exc:
                self.counts["retry_after"] += 1
                wait = _retry_after_s(exc)
                if wait <= INLINE_RETRY_AFTER_S:
                    await asyncio.sleep(wait)
                    continue
                return await self._later(row, dt.timedelta(seconds=wait), exc, count=False, in_doubt=look)
            except BadRequest as exc:
                if not plain and any(e in str(exc).lower() for e in PLAIN_TEXT_ERRORS):
                    self.counts["plain_text_fallback"] += 1
                    log.warning(
                        "Telegram refused a message's HTML for chat %s (%s); sending it as text",
                        row.chat_id,
                        exc,
                    )
                    plain = True
                    continue
                self.counts["refused"] += 1
                await self._update(row, failed_at=utcnow(), last_error=str(exc)[:500])
                log.warning("Telegram refused a message for chat %s: %s", row.chat_id, exc)
                return True  # nothing to wait for: the next message may go
            except Forbidden as exc:
                self.counts["blocked"] += 1
                await self._update(row, failed_at=utcnow(), last_error=str(exc)[:500])
                log.warning("Telegram refused a message for chat %s: %s", row.chat_id, exc)
                return True
            except TimedOut as exc:
                self.counts["timeout"] += 1
                return await self._later(row, backoff(row.attempts + 1), exc, count=True)
            except (NetworkError, TelegramError) as exc:
                self.counts["server_error"] += 1
                return await self._later(row, backoff(row.attempts + 1), exc, count=True)
            self.counts["sent"] += 1
            return await self._sent(row, message_id)

    async def _sent(self, row: TelegramOutgoing, message_id: int | None) -> bool:
        await self._update(
            row,
            sent_at=utcnow(),
            attempts=row.attempts + 1,
            last_error=None,
            message_id=message_id,
            in_doubt=False,
        )
        if self.on_sent is not None:
            try:
                await self.on_sent(row)
            except Exception:
                log.exception("after-send hook failed for chat %s", row.chat_id)
        return True

    async def _send(
        self, row: TelegramOutgoing, markup: InlineKeyboardMarkup | None, *, plain: bool
    ) -> int | None:
        """One attempt; Telegram's id of the (last) message sent."""
        if not plain:
            sent = await self.bot.send_message(
                row.chat_id,
                row.text,
                reply_markup=markup,
                disable_notification=row.silent,
                read_timeout=SEND_TIMEOUT_S,
            )
            return getattr(sent, "message_id", None)
        chunks = split_text(html.unescape(TAG.sub("", row.text))) or ["…"]
        for i, chunk in enumerate(chunks):
            sent = await self.bot.send_message(
                row.chat_id,
                chunk,
                parse_mode=None,
                reply_markup=markup if i == len(chunks) - 1 else None,
                disable_notification=row.silent or i > 0,
                read_timeout=SEND_TIMEOUT_S,
            )
        return getattr(sent, "message_id", None)

    async def _find_delivered(self, row: TelegramOutgoing, markup: InlineKeyboardMarkup | None) -> int | None:
        """The id of the message an earlier attempt of `row` left in the chat, or None (see the module's
        docstring). Every message the bot sends a chat goes through this outbox one row at a time, so an id
        after the newest known one is either the person's or this row's. Network errors and 429s propagate
        (the attempt is retried later, still in doubt)."""
        async with self.db.reader() as session:
            last_sent = await session.scalar(
                select(TelegramOutgoing.message_id)
                .where(TelegramOutgoing.chat_id == row.chat_id, TelegramOutgoing.message_id.is_not(None))
                .order_by(TelegramOutgoing.message_id.desc())
                .limit(1)
            )
        after = max(int(last_sent or 0), int(row.after_message_id or 0))
        if not after:
            return None  # nothing known in this chat to count from: sending again is all that is left
        for message_id in range(after + 1, after + 1 + PROBE_SPAN):
            try:
                await self.bot.edit_message_text(
                    row.text,
                    chat_id=row.chat_id,
                    message_id=message_id,
                    reply_markup=markup,
                    read_timeout=SEND_TIMEOUT_S,
                )
            except BadRequest as exc:
                reason = str(exc).lower()
                if "not modified" in reason:
                    return message_id  # it shows exactly this row: the earlier attempt got through
                if "can't be edited" in reason:
                    continue  # the person's message
                return None  # "not found": nothing after it yet (or a refusal: not ours either way)
            log.warning(  # a message of the bot's nobody recorded: it now shows this row
                "chat %s had an unrecorded message %s; counted as this one", row.chat_id, message_id
            )
            return message_id
        return None

    async def _later(
        self,
        row: TelegramOutgoing,
        wait: dt.timedelta,
        exc: Exception,
        *,
        count: bool,
        in_doubt: bool = True,
    ) -> bool:
        attempts = row.attempts + (1 if count else 0)
        if attempts >= MAX_ATTEMPTS:
            self.counts["given_up"] += 1
            await self._update(row, failed_at=utcnow(), attempts=attempts, last_error=str(exc)[:500])
            log.error("gave up a message for chat %s after %d attempts: %s", row.chat_id, attempts, exc)
            return True
        await self._update(
            row,
            next_attempt_at=utcnow() + wait,
            attempts=attempts,
            last_error=str(exc)[:500],
            in_doubt=in_doubt,
        )
        log.warning(
            "message for chat %s not sent (%s); retrying in %.0f s", row.chat_id, exc, wait.total_seconds()
        )
        return False

    async def _update(self, row: TelegramOutgoing, **values: object) -> None:
        async with self.db.sessionmaker.begin() as session:
            await session.execute(
                update(TelegramOutgoing).where(TelegramOutgoing.id == row.id).values(**values)
            )

"""Counselor summaries rebuilt after each turn, in the background, instead of when a page is viewed.

After every turn Rasa answered, the conversation service calls `schedule(sender_id)`; the rebuild
(`queries.refresh_summary`: tracker from Rasa, `summary.build_summary`, cached in `summary_json`) runs as
a task, so the person's reply never waits for it. One rebuild per sender runs at a time; turns that arrive
meanwhile are coalesced into one more rebuild after it, so a burst of messages costs two tracker reads,
not one per message. At most `CONCURRENCY` rebuilds run at once (the dashboard also schedules the ones it
finds missing, e.g. conversations recorded before summaries existed). Pending rebuilds finish before the
app shuts down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.conversation import CONVERSATION_KEY
from bot.counselor import gateway, queries
from bot.counselor.queries import SUMMARIES  # the key, typed by the pages' view of this queue
from bot.db import Conversation

log = logging.getLogger(__name__)

CONCURRENCY = 4


class TurnSummaries:
    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.running: dict[str, asyncio.Task[None]] = {}
        self.again: set[str] = set()
        self._slots = asyncio.Semaphore(CONCURRENCY)

    def schedule(self, sender_id: str) -> None:
        if sender_id in self.running:
            self.again.add(sender_id)
            return
        self.running[sender_id] = asyncio.get_running_loop().create_task(self._run(sender_id))

    def backfill(self, sender_ids: list[str]) -> None:
        """Build summaries that are missing; one already being built is not built twice."""
        for sender_id in sender_ids:
            if sender_id not in self.running:
                self.schedule(sender_id)

    async def wait(self, sender_id: str) -> None:
        """Until the rebuild of this sender (scheduled or running) is done."""
        task = self.running.get(sender_id)
        if task is not None:
            await asyncio.shield(task)

    async def _run(self, sender_id: str) -> None:
        try:
            while True:
                self.again.discard(sender_id)
                async with self._slots:
                    async with gateway.reader(self.app)() as db:
                        conv = await db.get(Conversation, sender_id)
                    if conv is None:  # deleted meanwhile ("delete my data")
                        return
                    await queries.refresh_summary(self.app, conv)
                if sender_id not in self.again:
                    return
        except Exception:
            log.exception("could not rebuild the summary of %s", sender_id)
        finally:
            self.running.pop(sender_id, None)

    async def drain(self) -> None:
        while self.running:
            await asyncio.gather(*self.running.values(), return_exceptions=True)


async def ctx(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: hooks the rebuild onto the conversation service once it exists."""
    summaries = TurnSummaries(app)
    app[SUMMARIES] = summaries
    service = app[CONVERSATION_KEY]
    service.after_turn.append(summaries.schedule)
    yield
    service.after_turn.remove(summaries.schedule)
    await summaries.drain()

"""Counselor summaries rebuilt in the background when a conversation goes quiet, and at once when a
counselor needs one.

After every turn Rasa answered, the conversation service calls the hook with the sender and the turn's
`Outcome`. The rebuild (`queries.refresh_summary`: the full tracker from Rasa, `summary.build_summary`,
cached in `summary_json`) does not run then: it runs `quiet_s` (`SUMMARY_QUIET_SECONDS`, 20 s) after the
sender's last turn, each new turn pushing it back, but never later than `max_delay_s`
(`SUMMARY_MAX_DELAY_SECONDS`, 120 s) after the first turn no rebuild has started after, so the summary of
someone who keeps talking still moves. A burst of turns costs one full tracker read in Rasa, not one per
turn (that read grows with the conversation: ≈ 7 ms of Rasa CPU early, 53-256 ms at turn 200). It runs
at once instead
- after a turn that asked for a human (`Outcome.handoff`): the counselors are told now;
- when a page asks for it (`fresh`): the conversation's page and each listed row whose cached summary is
  missing or older than the last message (a turn still in its quiet period, one another gateway process
  answered, a message under hold) wait, up to a bound, for a rebuild that started after they asked, so a
  counselor is not shown a summary older than the conversation;
- at shutdown (`drain`): every pending rebuild runs and is waited for, none is dropped.
One rebuild per sender runs at a time (a turn or a request during it gets one more after it); at most
`CONCURRENCY` run at once. The person's reply never waits for any of this.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field

from aiohttp import web

from bot.conversation import CONVERSATION_KEY, Outcome
from bot.counselor import gateway, queries
from bot.counselor.queries import SUMMARIES  # the key, typed by the pages' view of this queue
from bot.db import Conversation

log = logging.getLogger(__name__)

CONCURRENCY = 4


@dataclass(eq=False)
class _Pending:
    """One sender's rebuilds: the next one's start (event-loop time) and who waits for it."""

    due: float
    first: float | None  # when the first request no rebuild has started after came (the cap counts from it)
    urgent: bool = False  # the next rebuild starts at once; later turns do not push it back
    asked: int = 0  # requests so far (turns, pages)
    started: int = 0  # `asked` when the latest rebuild started: requests up to it are served by it
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    waiters: list[tuple[int, asyncio.Future[None]]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None

    def settle(self, upto: float) -> None:
        """Wake the waiters whose request a finished rebuild served."""
        keep = []
        for asked, fut in self.waiters:
            if asked <= upto:
                if not fut.done():
                    fut.set_result(None)
            else:
                keep.append((asked, fut))
        self.waiters = keep


class TurnSummaries:
    def __init__(
        self,
        app: web.Application,
        *,
        quiet_s: float = 20.0,
        max_delay_s: float = 120.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.app = app
        self.quiet_s = quiet_s
        self.max_delay_s = max_delay_s
        self.clock = clock  # the time source; None: the event loop's, which the waits use too (tests set one)
        self._pending: dict[str, _Pending] = {}
        self._slots = asyncio.Semaphore(CONCURRENCY)
        self._draining = 0

    def _now(self) -> float:
        return self.clock() if self.clock is not None else asyncio.get_running_loop().time()

    def _ask(self, sender_id: str, *, at_once: bool) -> _Pending:
        now = self._now()
        p = self._pending.get(sender_id)
        if p is None:
            p = self._pending[sender_id] = _Pending(due=now, first=now)
            p.task = asyncio.get_running_loop().create_task(self._run(sender_id, p))
        if p.first is None:
            p.first = now
        p.asked += 1
        p.urgent = p.urgent or at_once or self._draining > 0
        p.due = now if p.urgent else min(now + self.quiet_s, p.first + self.max_delay_s)
        p.wake.set()  # the waiting task reads `due` again
        return p

    def schedule(self, sender_id: str, *, at_once: bool = False) -> None:
        """After a turn: rebuild when the sender has been quiet `quiet_s` (or at once)."""
        self._ask(sender_id, at_once=at_once)

    def after_turn(self, sender_id: str, outcome: Outcome) -> None:
        """The conversation service's hook: a hand-off request is rebuilt at once, other turns when quiet."""
        self.schedule(sender_id, at_once=outcome.handoff)

    def pending(self, sender_id: str) -> bool:
        """Whether a rebuild of this sender is waiting or running in this process."""
        return sender_id in self._pending

    def due(self, sender_id: str) -> float | None:
        """When this sender's next rebuild starts (event-loop time), None when none is pending."""
        p = self._pending.get(sender_id)
        return None if p is None or p.started == p.asked else p.due

    def backfill(self, sender_ids: Iterable[str]) -> None:
        """Build these at once in the background; one already pending is left to its own time."""
        for sender_id in sender_ids:
            if sender_id not in self._pending:
                self._ask(sender_id, at_once=True)

    async def fresh(self, sender_ids: Iterable[str], timeout: float | None = None) -> None:
        """Rebuild these at once (joining a pending rebuild, or after the one running) and wait, at most
        `timeout` seconds, until a rebuild that started after this call has finished for each. The
        rebuilds still finish after a timeout."""
        loop = asyncio.get_running_loop()
        futures = []
        for sender_id in dict.fromkeys(sender_ids):
            p = self._ask(sender_id, at_once=True)
            fut: asyncio.Future[None] = loop.create_future()
            p.waiters.append((p.asked, fut))
            futures.append(fut)
        if futures:
            await asyncio.wait(futures, timeout=timeout)

    async def wait(self, sender_id: str) -> None:
        """Until this sender's pending rebuilds have run, at their own time (use `fresh` to hurry them)."""
        p = self._pending.get(sender_id)
        if p is not None and p.task is not None:
            await asyncio.shield(p.task)

    async def _run(self, sender_id: str, p: _Pending) -> None:
        try:
            while p.started < p.asked:
                while (delay := p.due - self._now()) > 0:
                    p.wake.clear()
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(p.wake.wait(), delay)
                p.started, p.first, p.urgent = p.asked, None, False
                await self._rebuild(sender_id)
                p.settle(p.started)
        finally:
            if self._pending.get(sender_id) is p:
                del self._pending[sender_id]
            p.settle(float("inf"))

    async def _rebuild(self, sender_id: str) -> None:
        try:
            async with self._slots:
                async with gateway.reader(self.app)() as db:
                    conv = await db.get(Conversation, sender_id)
                if conv is not None:  # else deleted meanwhile ("delete my data")
                    await queries.refresh_summary(self.app, conv)
        except Exception:
            log.exception("could not rebuild the summary of %s", sender_id)

    async def drain(self) -> None:
        """Run every pending rebuild now and wait for them (shutdown; tests)."""
        self._draining += 1
        try:
            while self._pending:
                for p in list(self._pending.values()):
                    if p.started < p.asked:
                        p.urgent, p.due = True, self._now()
                        p.wake.set()
                await asyncio.gather(
                    *(p.task for p in list(self._pending.values()) if p.task is not None),
                    return_exceptions=True,
                )
        finally:
            self._draining -= 1


async def ctx(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: hooks the rebuild onto the conversation service once it exists; at shutdown
    unhooks it and runs every pending rebuild."""
    settings = app[gateway.SETTINGS]
    summaries = TurnSummaries(app, quiet_s=settings.summary_quiet_s, max_delay_s=settings.summary_max_delay_s)
    app[SUMMARIES] = summaries
    service = app[CONVERSATION_KEY]
    service.after_turn.append(summaries.after_turn)
    yield
    service.after_turn.remove(summaries.after_turn)
    await summaries.drain()

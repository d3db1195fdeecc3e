"""Per-key serialisation and rate limiting.

`KeyedLocks`: one asyncio.Lock per sender so a conversation's messages reach Rasa one at a time and
replies come back in order (asyncio.Lock wakes waiters first-in first-out). Locks are dropped when no
one holds or waits for them, so memory tracks active conversations only. It orders one process.

`SenderLocks`: the same across gateway processes, through a ticket queue per sender in Redis
(`REDIS_URL`), with `KeyedLocks` kept as the fast path within a process (`sender_locks()` picks).

`RateLimiter`: sliding one-minute window per key; `hit()` returns 0 when allowed, else the seconds to
wait (for `Retry-After`); `peek()`/`add()` let `bot.rate_limits` check several budgets before counting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


class KeyedLocks:
    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock_, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock_, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class RateLimiter:
    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic, window_s: float = 60.0
    ) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._last_sweep = clock()

    def hit(self, key: str) -> float:
        wait = self.peek(key)
        if not wait:
            self.add(key)
        return wait

    def peek(self, key: str) -> float:
        """Seconds to wait before `key` may be hit again (0: now), counting nothing."""
        now = self._clock()
        self._sweep(now)
        hits = self._hits.get(key)
        if hits is None:
            return 0.0
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.per_minute:
            return max(1.0, math.ceil(hits[0] + self.window_s - now))
        return 0.0

    def add(self, key: str) -> None:
        self._hits.setdefault(key, deque()).append(self._clock())

    def reset(self, key: str) -> None:
        self._hits.pop(key, None)

    def _sweep(self, now: float) -> None:
        """Forget idle keys once a window so a flood of one-off senders cannot grow memory forever."""
        if now - self._last_sweep < self.window_s:
            return
        self._last_sweep = now
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window_s]:
            del self._hits[key]


# --------------------------------------------------------------------------- across gateway processes
# One queue per sender in Redis: a sorted set of tickets (token → sequence number, so arrival order is
# kept) and one liveness key per ticket (`…:hb:<token>`, expiring after TURN_TTL_S unless its owner
# renews it). The lowest ticket whose owner is alive holds the sender's turn; the tickets of dead owners
# (a crashed process) are dropped by whoever looks next. Keys of one sender share a `{hash tag}`.
TURN_TTL_S = 45.0  # longer than a turn's Rasa timeout (30 s); renewed every TURN_TTL_S / 3 meanwhile
TURN_POLL_S = 0.02  # how often a process's first waiter asks whether its ticket is at the head

# KEYS: queue, sequence, own liveness key. ARGV: token, ttl ms, liveness key prefix.
# Takes a ticket after the newest one and answers whether it already holds the turn (1) or not (0).
_ENQUEUE = """
if redis.call('EXISTS', KEYS[2]) == 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  if last[2] then redis.call('SET', KEYS[2], last[2]) end
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if head == ARGV[1] then return 1 end
  if redis.call('EXISTS', ARGV[3] .. head) == 1 then return 0 end
  redis.call('ZREM', KEYS[1], head)
end
"""
# KEYS: queue. ARGV: token, liveness key prefix. 1: the turn is ours; 0: wait; -1: our ticket is gone.
_HEAD = """
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not head then return -1 end
  if head == ARGV[1] then return 1 end
  if redis.call('EXISTS', ARGV[2] .. head) == 1 then
    if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
    return -1
  end
  redis.call('ZREM', KEYS[1], head)
end
"""
# KEYS: queue, sequence, own liveness key. ARGV: token, ttl ms. 1 while the ticket is still ours.
_RENEW = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
"""
# KEYS: queue, own liveness key. ARGV: token. Only the owner's token is removed.
_RELEASE = """
redis.call('DEL', KEYS[2])
return redis.call('ZREM', KEYS[1], ARGV[1])
"""


@dataclass
class _Turn:
    ticketed: asyncio.Future[None]  # this message has its place in Redis (or gave up on it)
    done: asyncio.Future[None]  # this message's turn is over


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class SenderLocks:
    """Per-sender turns that hold across gateway processes (issue 14), with `KeyedLocks`' interface.

    Within a process a sender's messages are chained in memory as `KeyedLocks` orders them (first come,
    first served): each takes its ticket after the one before it took its own, and waits for that one's
    turn to end without asking Redis (the fast path); only the first waiter of a process polls Redis
    (every `poll_s`) for the turns of other processes. So a sender's messages run one at a time and in
    the order they reached the gateways, whichever process each reached. A ticket is a random token; its
    liveness key expires after `ttl_s` unless renewed (every `ttl_s / 3` while waiting or holding), so a
    crashed process delays its senders by at most `ttl_s`; release removes only the owner's token.

    redis-py's `redis.asyncio.lock.Lock` is a single key taken with SET NX, retried every `sleep` seconds
    (0.1 by default) by every waiter, so a message that arrived later can win the turn; this queue keeps
    arrival order, which is what "per-sender ordering" asks for.

    Redis unreachable (taking the ticket, or asking for the head, fails): a warning is logged and the turn
    runs under the in-process lock alone, the rule `bot.rate_limits` follows. Nothing connects before the
    first turn."""

    def __init__(
        self,
        redis: Any,
        prefix: str = "pivot:turn:",
        *,
        ttl_s: float = TURN_TTL_S,
        poll_s: float = TURN_POLL_S,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self.ttl_ms = int(ttl_s * 1000)
        self.poll_s = poll_s
        self._last: dict[str, _Turn] = {}  # the newest turn of each sender in this process
        self._enqueue = redis.register_script(_ENQUEUE)
        self._head = redis.register_script(_HEAD)
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)
        self.degraded = 0  # turns that ran under the in-process lock alone because Redis failed

    def _keys(self, key: str) -> tuple[str, str, str]:
        base = f"{self._prefix}{{{key}}}"
        return f"{base}:q", f"{base}:seq", f"{base}:hb:"

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        queue, seq, hb = self._keys(key)
        token = secrets.token_hex(12)
        loop = asyncio.get_running_loop()
        me = _Turn(loop.create_future(), loop.create_future())
        prev = self._last.get(key)
        self._last[key] = me
        ticket = queued = False
        take: asyncio.Future[bool] | None = None
        renewer: asyncio.Task[None] | None = None
        try:
            if prev is not None:  # tickets of one process are taken in the order its messages came
                await asyncio.wait({prev.ticketed})
            queued = True  # from here the ticket may exist in Redis (a timeout, a cancel): always dropped
            try:
                take = asyncio.ensure_future(self._take(queue, seq, hb, token))
                ours = await asyncio.shield(take)  # a cancel reaches this task, whatever redis-py does
                ticket = True
            except Exception as exc:  # Redis down: order within this process only
                self._degrade(exc)
                ours = True
            finally:
                _settle(me.ticketed)
            if ticket:
                renewer = asyncio.create_task(self._keep(queue, seq, hb + token, token))
            if prev is not None:  # the fast path: no Redis traffic while this process's turn runs
                await asyncio.wait({prev.done})
            while not ours:
                try:
                    state = int(await asyncio.shield(self._head(keys=[queue], args=[token, hb])))
                except Exception as exc:
                    self._degrade(exc)
                    break
                if state == -1:  # our ticket expired (this process stalled): queue again
                    log.warning("turn lock: the ticket of %s expired while waiting; queuing again", key)
                    try:
                        take = asyncio.ensure_future(self._take(queue, seq, hb, token))
                        ours = await asyncio.shield(take)
                    except Exception as exc:
                        self._degrade(exc)
                        break
                elif state == 1:
                    ours = True
                else:
                    await asyncio.sleep(self.poll_s)
            yield
        finally:
            if renewer is not None:
                renewer.cancel()
            _settle(me.ticketed)
            _settle(me.done)  # the next message of this process then waits on Redis until the drop
            if self._last.get(key) is me:
                del self._last[key]
            if queued:
                await asyncio.shield(self._drop_after(take, queue, hb + token, token))

    async def _take(self, queue: str, seq: str, hb: str, token: str) -> bool:
        return bool(int(await self._enqueue(keys=[queue, seq, hb + token], args=[token, self.ttl_ms, hb])))

    async def _keep(self, queue: str, seq: str, own: str, token: str) -> None:
        while True:
            await asyncio.sleep(self.ttl_ms / 3000)
            try:
                renewed = await asyncio.shield(self._renew(keys=[queue, seq, own], args=[token, self.ttl_ms]))
                if not int(renewed):
                    log.warning("turn lock: a ticket expired before its turn ended (%s)", queue)
                    return
            except Exception as exc:
                log.warning("turn lock: could not renew a ticket (%r)", exc)

    async def _drop_after(self, take: asyncio.Future[bool] | None, queue: str, own: str, token: str) -> None:
        """Drop the ticket once its enqueue is over (a cancelled turn's may still be on its way)."""
        if take is not None and not take.done():
            await asyncio.wait({take})
        if take is not None and take.done() and not take.cancelled():
            take.exception()  # retrieved: a failed enqueue was already logged as a degraded turn
        await self._drop(queue, own, token)

    async def _drop(self, queue: str, own: str, token: str) -> None:
        try:
            await self._release(keys=[queue, own], args=[token])
        except Exception as exc:  # the liveness key expires by itself; the next waiter skips the ticket
            log.warning("turn lock: could not release a ticket (%r); it expires by itself", exc)

    def _degrade(self, exc: BaseException) -> None:
        self.degraded += 1
        log.warning("turn lock: Redis unavailable (%r); ordering this sender within this process only", exc)

    def __len__(self) -> int:
        return len(self._last)

    async def close(self) -> None:
        await self._redis.aclose()


def sender_locks(redis_url: str = "", prefix: str = "pivot:turn:") -> KeyedLocks | SenderLocks:
    """Per-sender turns across processes when `redis_url` is set, else within this process."""
    if not redis_url:
        return KeyedLocks()
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url, socket_timeout=2.0, socket_connect_timeout=1.0)
    return SenderLocks(client, prefix)

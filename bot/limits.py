"""Per-key serialisation and rate limiting, in memory (per gateway process).

`KeyedLocks`: one asyncio.Lock per sender so a conversation's messages reach Rasa one at a time and
replies come back in order (asyncio.Lock wakes waiters first-in first-out). Locks are dropped when no
one holds or waits for them, so memory tracks active conversations only.

`RateLimiter`: sliding one-minute window per key; `hit()` returns 0 when allowed, else the seconds to
wait (for `Retry-After`); `peek()`/`add()` let `bot.rate_limits` check several budgets before counting.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Callable


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

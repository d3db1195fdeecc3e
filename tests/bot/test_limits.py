"""KeyedLocks and RateLimiter."""

from __future__ import annotations

import asyncio

from bot.limits import KeyedLocks, RateLimiter


async def test_keyed_locks_serialise_one_key_and_clean_up():
    locks = KeyedLocks()
    order: list[str] = []

    async def work(key: str, tag: str) -> None:
        async with locks.hold(key):
            order.append(f"{tag}+")
            await asyncio.sleep(0.01)
            order.append(f"{tag}-")

    await asyncio.gather(work("a", "1"), work("a", "2"), work("b", "3"))
    a = [x for x in order if x[0] in "12"]
    assert a == ["1+", "1-", "2+", "2-"]
    assert len(locks) == 0


def test_rate_limiter_window():
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.hit("s") == 0 and limiter.hit("s") == 0
    assert limiter.hit("s") == 60
    now[0] = 30
    assert limiter.hit("s") == 30
    assert limiter.hit("other") == 0
    now[0] = 60.5
    assert limiter.hit("s") == 0
    now[0] = 500
    limiter.hit("new")
    assert set(limiter._hits) == {"new"}  # idle keys swept

"""`bot.limits.SenderLocks` against this machine's Redis: two instances stand for two gateway processes
(each its own client and its own in-process chain). Skipped when Redis is not on 127.0.0.1:6379."""

from __future__ import annotations

import asyncio
import logging
import secrets

import pytest

from bot.limits import KeyedLocks, SenderLocks, sender_locks
from tests.services import REDIS_URL
from tests.services import needs_redis as _needs_redis

needs_redis = _needs_redis()


def _locks(prefix: str, **kw) -> SenderLocks:
    import redis.asyncio as aioredis

    return SenderLocks(aioredis.Redis.from_url(REDIS_URL), prefix, **kw)


@needs_redis
async def test_two_processes_take_turns_in_arrival_order():
    prefix = f"test:turn:{secrets.token_hex(4)}:"
    a, b = _locks(prefix), _locks(prefix)
    log: list[str] = []
    inside = 0
    most = 0

    async def turn(locks: SenderLocks, tag: str) -> None:
        nonlocal inside, most
        async with locks.hold("web:1"):
            inside += 1
            most = max(most, inside)
            log.append(tag)
            await asyncio.sleep(0.05)
            inside -= 1

    tasks = []
    # arrivals alternate between the two "processes" and twice hit the same one in a row
    for i, locks in enumerate([a, b, a, a, b, b, a, b]):
        before = locks._last.get("web:1")
        tasks.append(asyncio.create_task(turn(locks, f"m{i}")))
        await _arrived(locks, "web:1", before)  # each has its ticket before the next one comes
    await asyncio.gather(*tasks)
    assert log == [f"m{i}" for i in range(8)]
    assert most == 1
    assert len(a) == 0 and len(b) == 0
    other = []
    async with a.hold("web:2"):  # another sender is not held up by anyone
        other.append("x")
    assert other == ["x"]
    await a.close()
    await b.close()


@needs_redis
async def test_a_crashed_holder_delays_its_sender_only_until_its_ticket_expires():
    prefix = f"test:turn:{secrets.token_hex(4)}:"
    a, b = _locks(prefix, ttl_s=0.6), _locks(prefix, ttl_s=0.6)
    entered = asyncio.Event()

    async def crashing() -> None:
        async with a.hold("tg:7"):
            entered.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(crashing())
    await entered.wait()
    # the process dies: its renewals stop and nothing releases (cancel the renewer, keep the ticket)
    for t in asyncio.all_tasks():
        if t.get_coro().__qualname__.startswith("SenderLocks._keep"):
            t.cancel()
    a._drop = _never  # type: ignore[method-assign]
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with b.hold("tg:7"):
        waited = loop.time() - start
    assert 0.2 < waited < 2.0
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await a.close()
    await b.close()


async def _arrived(locks: SenderLocks, key: str, before) -> None:
    for _ in range(2000):
        now = locks._last.get(key)
        if now is not None and now is not before and now.ticketed.done():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the message never took its ticket")


async def _never(*_args) -> None:
    return None


async def test_redis_unreachable_falls_back_to_the_process_with_a_warning(caplog):
    locks = sender_locks("redis://127.0.0.1:1/0", "test:turn:")
    assert isinstance(locks, SenderLocks)
    order: list[str] = []

    async def work(tag: str) -> None:
        async with locks.hold("web:1"):
            order.append(f"{tag}+")
            await asyncio.sleep(0.01)
            order.append(f"{tag}-")

    with caplog.at_level(logging.WARNING, logger="bot.limits"):
        await asyncio.gather(work("1"), work("2"))
    assert order == ["1+", "1-", "2+", "2-"]
    assert locks.degraded == 2
    assert "Redis unavailable" in caplog.text
    await locks.close()


def test_without_redis_url_the_in_process_lock():
    assert isinstance(sender_locks(""), KeyedLocks)


def test_several_gateway_workers_need_redis():
    from bot.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="GATEWAY_WORKERS > 1 needs REDIS_URL"):
        Settings.from_env({"GATEWAY_WORKERS": "2"})
    settings = Settings.from_env(
        {"GATEWAY_WORKERS": "2", "GATEWAY_WORKER_INDEX": "1", "REDIS_URL": REDIS_URL, "MIGRATE_ON_START": "0"}
    )
    assert settings.gateway_workers == 2 and not settings.leader and not settings.migrate_on_start
    assert Settings.from_env({}).leader


@needs_redis
async def test_a_cancelled_waiter_leaves_no_ticket_behind():
    import redis.asyncio as aioredis

    prefix = f"test:turn:{secrets.token_hex(4)}:"
    a, b = _locks(prefix), _locks(prefix)
    entered, leave = asyncio.Event(), asyncio.Event()

    async def holder() -> None:
        async with a.hold("web:9"):
            entered.set()
            await leave.wait()

    async def waiter() -> None:
        async with b.hold("web:9"):
            raise AssertionError("a cancelled waiter must never run")

    first = asyncio.create_task(holder())
    await entered.wait()
    second = asyncio.create_task(waiter())
    await _arrived(b, "web:9", None)
    second.cancel()
    await asyncio.gather(second, return_exceptions=True)
    leave.set()
    await first
    client = aioredis.Redis.from_url(REDIS_URL)
    assert await client.zcard(f"{prefix}{{web:9}}:q") == 0
    await client.aclose()
    async with b.hold("web:9"):  # and the sender is free at once
        pass
    await a.close()
    await b.close()

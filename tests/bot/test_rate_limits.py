"""Budgets per client address and for the whole gateway, shared through the real Redis (issue 12)."""

from __future__ import annotations

import secrets

import pytest

from bot.app import init_app
from bot.rate_limits import Budgets, RateLimits, client_address, from_url
from tests.bot.conftest import API_HEADERS

URL = "/api/v1/messages"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _senders(n: int) -> list[str]:
    return [f"api:rot-{secrets.token_hex(4)}" for _ in range(n)]


async def _statuses(client, senders, headers=None) -> list[int]:
    out = []
    for sender in senders:
        resp = await client.post(URL, json={"sender_id": sender, "text": "hi"}, headers=headers or {})
        out.append(resp.status)
    return out


@pytest.fixture
async def redis_prefix():
    """A key prefix no one else uses; its keys are deleted afterwards."""
    redis = pytest.importorskip("redis.asyncio")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception:
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"pivot-test:{secrets.token_hex(6)}:"
    yield prefix
    keys = [k async for k in client.scan_iter(f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def test_rotating_sender_ids_from_one_address_is_limited(aiohttp_client, gateway_settings, fake_rasa):
    settings = gateway_settings.replace(rate_limit_per_address_per_minute=5)
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)

    statuses = await _statuses(client, _senders(8))

    assert statuses == [200] * 5 + [429] * 3
    assert len(fake_rasa.calls) == 5  # the refused ones reached neither Rasa nor the app DB


async def test_each_forwarded_address_has_its_own_budget(aiohttp_client, gateway_settings):
    settings = gateway_settings.replace(rate_limit_per_address_per_minute=2, trusted_proxy_hops=1)
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)

    # The left entries are the client's own claims: rotating them changes nothing.
    spoofed = [{"X-Forwarded-For": f"10.0.0.{i}, 198.51.100.7"} for i in range(3)]
    statuses = [(await _statuses(client, _senders(1), h))[0] for h in spoofed]
    other = await _statuses(client, _senders(1), {"X-Forwarded-For": "203.0.113.9"})

    assert statuses == [200, 200, 429] and other == [200]


async def test_global_budget_covers_every_address(aiohttp_client, gateway_settings):
    settings = gateway_settings.replace(rate_limit_global_per_minute=3, trusted_proxy_hops=1)
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)

    statuses = [
        (await _statuses(client, _senders(1), {"X-Forwarded-For": f"203.0.113.{i}"}))[0] for i in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]


async def test_two_gateway_processes_share_the_budget_through_redis(
    aiohttp_client, gateway_settings, redis_prefix
):
    settings = gateway_settings.replace(
        rate_limit_per_address_per_minute=4, redis_url=REDIS_URL, redis_prefix=redis_prefix
    )
    first = await aiohttp_client(await init_app(settings), headers=API_HEADERS)
    second = await aiohttp_client(await init_app(settings), headers=API_HEADERS)

    statuses = []
    for i, sender in enumerate(_senders(8)):
        statuses += await _statuses((first, second)[i % 2], [sender])

    assert statuses == [200] * 4 + [429] * 4


async def test_redis_refuses_without_counting_and_reports_the_wait(redis_prefix):
    limits = from_url(Budgets(per_sender=2, per_address=0, total=0), REDIS_URL, redis_prefix)
    try:
        waits = [await limits.retry_after("api:x") for _ in range(3)]
        other = await limits.retry_after("api:y")
    finally:
        await limits.close()

    assert waits[:2] == [0.0, 0.0] and 1 <= waits[2] <= 60
    assert other == 0.0


async def test_unreachable_redis_falls_back_to_counting_in_the_process():
    limits = from_url(Budgets(per_sender=2), "redis://127.0.0.1:1/0")
    try:
        waits = [await limits.retry_after("api:x", "198.51.100.1") for _ in range(3)]
    finally:
        await limits.close()

    assert waits[:2] == [0.0, 0.0] and waits[2] >= 1


def test_client_address_believes_only_the_trusted_hops():
    assert client_address("10.0.0.1", "1.1.1.1, 2.2.2.2", 0) == "10.0.0.1"
    assert client_address("10.0.0.1", "1.1.1.1, 2.2.2.2", 1) == "2.2.2.2"
    assert client_address("10.0.0.1", "1.1.1.1, 2.2.2.2", 2) == "1.1.1.1"
    assert client_address("10.0.0.1", "2.2.2.2", 3) == "2.2.2.2"
    assert client_address(None, None, 0) == "unknown"


async def test_a_refused_message_spends_no_other_budget():
    limits = RateLimits(Budgets(per_sender=1, per_address=2, total=0))

    waits = [await limits.retry_after(s, "198.51.100.1") for s in ("api:a", "api:a", "api:b", "api:c")]

    assert [bool(w) for w in waits] == [False, True, False, True]

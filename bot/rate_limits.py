"""Message budgets per sender, per client address and for the whole gateway (issue 12).

A per-sender limit alone is defeated by rotating sender ids (each new id is a new budget, a new
conversation row, a new Rasa tracker and a new inbox entry), so every message also spends from its
client address's budget and from one global budget. A message is counted only when every budget
has room, so a refused message costs nothing.

With `REDIS_URL` set the counts live in Redis (one sliding-window sorted set per budget, checked and
updated by one Lua script, with Redis's clock), so several gateway processes share them; without it,
or while Redis is unreachable, each process counts in memory.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.keys import SETTINGS_KEY
from bot.limits import RateLimiter

log = logging.getLogger(__name__)
WINDOW_S = 60.0

# KEYS: one sorted set per budget. ARGV: window in ms, a unique member, then one limit per key.
# Returns 0 when allowed (and counted in every set), else the milliseconds to wait.
_SCRIPT = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local window = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[i + 2]) then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, window)
end
return 0
"""


@dataclass(frozen=True)
class Budgets:
    """Messages a minute; 0 switches that budget off."""

    per_sender: int = 30
    per_address: int = 300
    total: int = 3000


class RateLimits:
    def __init__(self, budgets: Budgets, redis: Any | None = None, prefix: str = "pivot:rate:") -> None:
        self.budgets = budgets
        self._redis = redis
        self._prefix = prefix
        self._script = redis.register_script(_SCRIPT) if redis is not None else None
        self._memory = {
            name: RateLimiter(limit)
            for name, limit in (
                ("sender", budgets.per_sender),
                ("address", budgets.per_address),
                ("total", budgets.total),
            )
            if limit
        }

    def _keys(self, sender_id: str, address: str | None) -> list[tuple[str, str, int]]:
        """(budget name, key, limit) for each budget this message spends from."""
        wanted = [("sender", sender_id, self.budgets.per_sender), ("total", "all", self.budgets.total)]
        if address:
            wanted.insert(1, ("address", address, self.budgets.per_address))
        return [(name, key, limit) for name, key, limit in wanted if limit]

    async def retry_after(self, sender_id: str, address: str | None = None) -> float:
        """0 when the message may go now (it is counted), else the seconds to wait (nothing counted)."""
        keys = self._keys(sender_id, address)
        if self._script is not None:
            try:
                wait_ms = await self._script(
                    keys=[f"{self._prefix}{name}:{key}" for name, key, _ in keys],
                    args=[int(WINDOW_S * 1000), secrets.token_hex(8), *(limit for *_, limit in keys)],
                )
                return max(1.0, -(-int(wait_ms) // 1000)) if int(wait_ms) else 0.0
            except Exception as exc:  # Redis down: limit per process rather than not at all
                log.warning("rate limits: Redis unavailable (%r); counting in this process", exc)
        waits = [self._memory[name].peek(key) for name, key, _ in keys]
        if any(waits):
            return max(waits)
        for name, key, _ in keys:
            self._memory[name].add(key)
        return 0.0

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()


def client_address(remote: str | None, forwarded_for: str | None, trusted_hops: int = 0) -> str:
    """The address a message is charged to: the peer, or with `trusted_hops` reverse proxies in front
    the `X-Forwarded-For` entry the outermost trusted proxy saw (entries further left are the
    client's own claims and are ignored)."""
    if trusted_hops and forwarded_for:
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        if hops:
            return hops[-min(trusted_hops, len(hops))]
    return remote or "unknown"


def request_address(request: web.Request) -> str:
    return client_address(
        request.remote,
        request.headers.get("X-Forwarded-For"),
        request.app[SETTINGS_KEY].trusted_proxy_hops,
    )


def from_url(budgets: Budgets, redis_url: str = "", prefix: str = "pivot:rate:") -> RateLimits:
    """Shared through Redis when `redis_url` is set, else in memory."""
    if not redis_url:
        return RateLimits(budgets)
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
    return RateLimits(budgets, client, prefix)

"""`GET /healthz`: the state of every part, checked concurrently with short timeouts.

200 `{"status": "ok", "parts": {...}}` when Rasa (every instance, model loaded), the action server,
both databases and (when configured) the Telegram channel are up; 503
`{"status": "unavailable", "failing": [...], "parts": {...}}` otherwise. `counts` holds every live
channel's delivery counters since start (`bot.channels`: the widget's and Telegram's `fault_counts()`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

import aiohttp
from aiohttp import web

from bot.channels import CHANNELS_KEY
from bot.db import Database, sqlite_path
from bot.handback import app_health as handback_health
from bot.keys import DB_KEY, HTTP_KEY, KB_DB_KEY, RASA_KEY, SETTINGS_KEY
from bot.notify.gateway import health as notify_health

TIMEOUT_S = 2.0


async def _timed(check: Awaitable[str]) -> str:
    try:
        return await asyncio.wait_for(check, TIMEOUT_S + 0.5)
    except asyncio.TimeoutError:
        return "timeout"
    except Exception as exc:  # a health check reports, it never raises
        return f"error ({type(exc).__name__})"


async def _db(db: Database, must_exist: bool = False) -> str:
    path = sqlite_path(str(db.engine.url))
    if must_exist and path is not None and not path.exists():
        return f"missing file {path}"
    await db.ping()
    return "ok"


async def _actions(http: aiohttp.ClientSession, url: str) -> str:
    try:
        async with http.get(f"{url}/health", timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as resp:
            return "ok" if resp.status == 200 else f"HTTP {resp.status}"
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        return f"unreachable ({type(exc).__name__})"


async def _rasa(app: web.Application) -> str:
    rasa = app[RASA_KEY]
    states = await asyncio.gather(*(_timed(rasa.check(u, TIMEOUT_S)) for u in rasa.urls))
    bad = [f"{u}: {s}" for u, s in zip(rasa.urls, states, strict=True) if s != "ok"]
    return "ok" if not bad else "; ".join(bad)


async def healthz(request: web.Request) -> web.Response:
    app = request.app
    names = ("rasa", "actions", "app_db", "kb_db")
    results = await asyncio.gather(
        _timed(_rasa(app)),
        _timed(_actions(app[HTTP_KEY], app[SETTINGS_KEY].actions_url)),
        _timed(_db(app[DB_KEY])),
        _timed(_db(app[KB_DB_KEY], must_exist=True)),
    )
    parts = dict(zip(names, results, strict=True))
    channels = list(app[CHANNELS_KEY])
    for channel in channels:  # an essential channel (Telegram) that is not running fails the check
        if channel.essential:
            parts[channel.health_key] = channel.health()
    failing = [n for n, s in parts.items() if s != "ok"]
    # Advisory: failing counselor notices are shown (and retried) but people can still chat.
    parts["notifications"] = await _timed(notify_health(app))
    parts["handback"] = await _timed(handback_health(app))  # releases waiting for Rasa, advisory as well
    # Advisory too: what the channels' fault handling did since start (counters in memory, no I/O).
    counts: dict[str, dict[str, int]] = {}
    for channel in channels:
        if not channel.essential:
            parts[channel.health_key] = channel.health()
        counts[channel.health_key] = channel.fault_counts()
    if failing:
        return web.json_response(
            {"status": "unavailable", "failing": failing, "parts": parts, "counts": counts},
            status=503,
            headers={"Cache-Control": "no-store"},
        )
    return web.json_response(
        {"status": "ok", "parts": parts, "counts": counts}, headers={"Cache-Control": "no-store"}
    )


def setup(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)

"""App factory: `await init_app(settings)` builds the whole gateway; nothing happens at import time.

Resources live in `cleanup_ctx` generators (opened in order on startup, closed in reverse):
databases (after migrating the app DB) → HTTP client + Rasa client + conversation service (per-sender
turns through Redis when REDIS_URL is set) → retention sweeper (gateway worker 0 only) → the socket relay
(REDIS_URL) → Telegram (when configured) → whatever the counselor dashboard adds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
from sqlalchemy.exc import OperationalError

from bot import rate_limits, store
from bot.channels import CHANNELS_KEY, Channels
from bot.conversation import CONVERSATION_KEY, ConversationService
from bot.db import Database, migrate
from bot.keys import DB_KEY, HTTP_KEY, KB_DB_KEY, RASA_KEY, SETTINGS_KEY, SOCKETS_KEY, TRACKER_DB_KEY
from bot.limits import SenderLocks, sender_locks
from bot.middlewares import cors_middleware, error_middleware, security_headers
from bot.rasa import RasaClient
from bot.rate_limits import Budgets
from bot.settings import Settings
from bot.sockets import SocketRegistry, SocketRelay
from bot.views import api, health, pages, ws

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
RETENTION_SWEEP_S = 6 * 3600
MIGRATE_WAIT_S = 60.0


async def migrate_when_reachable(url: str, wait_s: float = MIGRATE_WAIT_S) -> None:
    """Wait for the database (it may still be starting, e.g. PostgreSQL under `make run-scaled`), then
    migrate. Gives up after `wait_s` with the last error."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_s
    delay = 0.5
    while True:
        try:
            await asyncio.to_thread(migrate, url)
            return
        except OperationalError as exc:
            if loop.time() + delay > deadline:
                raise
            log.warning("app DB not reachable yet (%s); retrying in %.1f s", exc.orig, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


async def databases_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS_KEY]
    if settings.migrate_on_start:
        await migrate_when_reachable(settings.app_database_url)
    app[DB_KEY] = Database.from_url(settings.app_database_url)
    app[KB_DB_KEY] = Database.from_url(settings.kb_database_url)
    app[TRACKER_DB_KEY] = Database.from_url(settings.tracker_database_url)
    yield
    for key in (TRACKER_DB_KEY, KB_DB_KEY, DB_KEY):
        await app[key].dispose()


async def clients_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS_KEY]
    connector = aiohttp.TCPConnector(limit=200, limit_per_host=100)
    budgets = Budgets(
        per_sender=settings.rate_limit_per_minute,
        per_address=settings.rate_limit_per_address_per_minute,
        total=settings.rate_limit_global_per_minute,
    )
    limits = rate_limits.from_url(budgets, settings.redis_url, settings.redis_prefix)
    turns = sender_locks(settings.redis_url, f"{settings.redis_prefix}turn:")
    async with aiohttp.ClientSession(connector=connector) as http:
        app[HTTP_KEY] = http
        rasa = RasaClient(
            http, settings.rasa_urls, token=settings.rasa_token, timeout_s=settings.rasa_timeout_s
        )
        app[RASA_KEY] = rasa
        app[CONVERSATION_KEY] = ConversationService(
            app[DB_KEY],
            rasa,
            tracker_db=app[TRACKER_DB_KEY],
            http=http,
            actions_url=settings.actions_url,
            rate_limits=limits,
            locks=turns,
        )
        try:
            yield
        finally:
            await limits.close()
            if isinstance(turns, SenderLocks):
                await turns.close()


async def retention_ctx(app: web.Application) -> AsyncIterator[None]:
    """Delete conversations idle for longer than RETENTION_DAYS, a few times a day (in gateway worker 0
    only: one sweep is enough for every process)."""
    if not app[SETTINGS_KEY].leader:
        yield
        return

    async def sweep() -> None:
        while True:
            await asyncio.sleep(60)
            try:
                n = await store.purge_expired(
                    app[DB_KEY], app[SETTINGS_KEY].retention_days, app[TRACKER_DB_KEY]
                )
                if n:
                    log.info(
                        "retention: deleted %d conversations idle for %d days",
                        n,
                        app[SETTINGS_KEY].retention_days,
                    )
            except Exception:
                log.exception("retention sweep failed; retrying later")
            await asyncio.sleep(RETENTION_SWEEP_S)

    task = asyncio.create_task(sweep())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def relay_ctx(app: web.Application) -> AsyncIterator[None]:
    """With REDIS_URL, pushes to widget sockets reach the sockets other gateway processes hold
    (`bot.sockets.SocketRelay`)."""
    settings = app[SETTINGS_KEY]
    if not settings.redis_url:
        yield
        return
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(
        settings.redis_url, socket_connect_timeout=1.0, socket_timeout=None, health_check_interval=30
    )
    registry = app[SOCKETS_KEY]
    registry.relay = SocketRelay(registry, client, f"{settings.redis_prefix}sockets")
    task = asyncio.create_task(registry.relay.run(), name="socket relay")
    yield
    task.cancel()  # bounded wait: a cancel that lands inside redis-py is not always passed on
    await asyncio.wait({task}, timeout=2.0)
    registry.relay = None
    await client.aclose()


def _init_counselor(app: web.Application, settings: Settings) -> None:
    import bot.counselor as counselor

    init = getattr(counselor, "init_counselor", None)
    if init is None:
        log.warning("bot.counselor.init_counselor is missing: the counselor dashboard is not mounted")
        return
    init(app, settings)


async def init_app(settings: Settings) -> web.Application:
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        middlewares=[error_middleware, cors_middleware],
    )
    app.on_response_prepare.append(security_headers)
    app[SETTINGS_KEY] = settings
    app[SOCKETS_KEY] = SocketRegistry()
    app[CHANNELS_KEY] = Channels()  # the widget (ws.setup) and Telegram add themselves
    app.cleanup_ctx.append(databases_ctx)
    app.cleanup_ctx.append(clients_ctx)
    app.cleanup_ctx.append(retention_ctx)
    app.cleanup_ctx.append(relay_ctx)
    pages.setup(app)
    api.setup(app)
    health.setup(app)
    ws.setup(app)
    if settings.telegram_enabled:
        from bot.telegram import setup as setup_telegram

        setup_telegram(app, settings)
    _init_counselor(app, settings)
    from bot.notify.gateway import setup_notifications  # after the dashboard: notices use its summary

    setup_notifications(app, settings)
    return app

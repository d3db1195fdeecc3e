"""Fixtures of the reliability suite.

Every gateway under test is the real one (`bot.app.init_app`) on a fresh SQLite app DB. Tests that talk to
Rasa run twice: against the doubles of tests/bot/fakes.py (fast, exact call counts) and, marked `e2e`,
against the real Rasa and action server of the session's `pivot_stack`.
"""

from __future__ import annotations

import pytest

from tests.reliability.harness import Backend, LoopThread, ThreadedGateway, live_backend, start_fake_backend

BACKENDS = ["fake", pytest.param("live", marks=pytest.mark.e2e)]


@pytest.fixture(params=BACKENDS)
def live_or_none(request) -> Backend | None:
    """The live backend for the `live` run (starting the session's stack), None for the `fake` run."""
    if request.param == "live":
        return live_backend(request.getfixturevalue("pivot_stack"))
    return None


@pytest.fixture
async def backend(live_or_none, tmp_path):
    """A `Backend` in the test's own event loop (for `aiohttp_client` tests)."""
    if live_or_none is not None:
        yield live_or_none
        return
    fake, runners = await start_fake_backend(tmp_path)
    yield fake
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
async def fake_backend(tmp_path):
    """Always the doubles: for input the gateway must reject before anything reaches Rasa."""
    fake, runners = await start_fake_backend(tmp_path)
    yield fake
    for runner in runners:
        await runner.cleanup()


async def _client(aiohttp_client, backend: Backend, tmp_path, **changes):
    from bot.app import init_app

    settings = backend.settings(tmp_path, **changes)
    client = await aiohttp_client(await init_app(settings))
    client.settings = settings
    return client


@pytest.fixture
async def api_client(aiohttp_client, backend, tmp_path):
    """The gateway in front of the parametrised backend (fake, then live)."""
    return await _client(aiohttp_client, backend, tmp_path)


@pytest.fixture
async def fake_api_client(aiohttp_client, fake_backend, tmp_path):
    """The gateway in front of the doubles only."""
    return await _client(aiohttp_client, fake_backend, tmp_path)


@pytest.fixture
def loop_thread():
    loop = LoopThread()
    yield loop
    loop.close()


@pytest.fixture
def threaded_backend(live_or_none, loop_thread, tmp_path) -> Backend:
    """A `Backend` whose doubles (if any) run in `loop_thread` (for synchronous drivers)."""
    if live_or_none is not None:
        yield live_or_none
        return
    fake, runners = loop_thread.run(start_fake_backend(tmp_path))

    yield fake

    async def cleanup() -> None:
        for runner in runners:
            await runner.cleanup()

    loop_thread.run(cleanup())


@pytest.fixture
def threaded_gateway(threaded_backend, loop_thread, tmp_path):
    """The gateway served from `loop_thread` on a free port, in front of `threaded_backend`."""
    gateway = ThreadedGateway(threaded_backend.settings(tmp_path), loop_thread, threaded_backend).start()
    yield gateway
    gateway.stop()


@pytest.fixture
async def bot_api(aiohttp_server):
    """The local fake Telegram Bot API server of the gateway's own tests (tests/bot/telegram)."""
    from tests.bot.telegram.fake_bot_api import FakeBotApi

    api = FakeBotApi()
    server = await aiohttp_server(api.app())
    api.url = str(server.make_url("")).rstrip("/")
    return api


def telegram_settings(backend: Backend, bot_api, tmp_path, **changes):
    from tests.reliability.doors import TG_SECRET

    return backend.settings(
        tmp_path,
        telegram_bot_token=bot_api.token,
        telegram_api_base_url=bot_api.url,
        telegram_webhook_url="https://pivot.example/telegram/webhook",
        telegram_secret_token=TG_SECRET,
        **changes,
    )


@pytest.fixture
def tg_settings(backend, bot_api, tmp_path):
    return telegram_settings(backend, bot_api, tmp_path)


@pytest.fixture
def fake_tg_settings(fake_backend, bot_api, tmp_path):
    return telegram_settings(fake_backend, bot_api, tmp_path)


async def telegram_client(aiohttp_client, settings):
    """A gateway in Telegram webhook mode (plus the HTTP API and WebSocket), ready to take updates."""
    import asyncio

    from bot.app import init_app
    from bot.telegram.channel import TELEGRAM_KEY

    client = await aiohttp_client(await init_app(settings))
    await asyncio.wait_for(client.app[TELEGRAM_KEY].ready.wait(), 20)
    client.settings = settings
    return client


@pytest.fixture
async def tg_client(aiohttp_client, tg_settings):
    return await telegram_client(aiohttp_client, tg_settings)


@pytest.fixture
async def fake_tg_client(aiohttp_client, fake_tg_settings):
    return await telegram_client(aiohttp_client, fake_tg_settings)

"""Telegram fixtures: the local fake Bot API server (Telegram's servers are the only thing faked) and a
gateway in webhook or polling mode pointed at it."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import init_app
from bot.telegram.channel import TELEGRAM_KEY
from tests.bot.telegram.fake_bot_api import FakeBotApi

SECRET = "s3cret-Token_for-tests"


@pytest.fixture
async def bot_api(aiohttp_server):
    api = FakeBotApi()
    server = await aiohttp_server(api.app())
    api.url = str(server.make_url("")).rstrip("/")
    return api


@pytest.fixture
def telegram_settings(gateway_settings, bot_api):
    return gateway_settings.replace(
        telegram_bot_token=bot_api.token,
        telegram_api_base_url=bot_api.url,
        telegram_webhook_url="https://pivot.example/telegram/webhook",
        telegram_secret_token=SECRET,
    )


@pytest.fixture
async def tg_client(aiohttp_client, telegram_settings):
    client = await aiohttp_client(await init_app(telegram_settings))
    await asyncio.wait_for(client.app[TELEGRAM_KEY].ready.wait(), 10)
    return client


async def settle(client, timeout: float = 10.0) -> None:
    """Wait until every queued update has been processed."""
    channel = client.app[TELEGRAM_KEY]
    for _ in range(int(timeout / 0.02)):
        if not channel.queues._workers:  # noqa: SLF001
            return
        await asyncio.sleep(0.02)
    raise AssertionError("telegram updates still processing")


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the fault suite's counts (faults injected, replies sent, lost, duplicated) at the end."""
    from tests.bot.telegram.fault_tally import summary

    line = summary()
    if line:
        terminalreporter.write_sep("-", "telegram faults")
        terminalreporter.write_line(line)

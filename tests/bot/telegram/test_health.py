"""/healthz names a Telegram channel that cannot start (issue 12). Telegram's servers are the only thing
faked, by the local fake Bot API server."""

from __future__ import annotations

import asyncio

from bot.app import init_app


async def test_healthz_reports_a_telegram_channel_that_cannot_start(aiohttp_client, telegram_settings):
    client = await aiohttp_client(
        await init_app(telegram_settings.replace(telegram_bot_token="7000000001:AAWrongTokenForTests_xyz"))
    )
    body: dict = {}
    for _ in range(100):
        resp = await client.get("/healthz")
        body = await resp.json()
        if body["parts"]["telegram"] != "starting":
            break
        await asyncio.sleep(0.05)

    assert resp.status == 503 and body["failing"] == ["telegram"]
    assert "TELEGRAM_BOT_TOKEN" in body["parts"]["telegram"]
    assert "AAWrongToken" not in body["parts"]["telegram"]


async def test_healthz_says_telegram_ok_once_it_runs(tg_client):
    resp = await tg_client.get("/healthz")
    assert resp.status == 200 and (await resp.json())["parts"]["telegram"] == "ok"


async def test_healthz_names_a_webhook_url_telegram_refuses(aiohttp_client, telegram_settings, bot_api):
    settings = telegram_settings.replace(telegram_webhook_url="https://pivot.example:8080/telegram/webhook")
    client = await aiohttp_client(await init_app(settings))
    body: dict = {}
    for _ in range(200):
        resp = await client.get("/healthz")
        body = await resp.json()
        if body["parts"]["telegram"] != "starting":
            break
        await asyncio.sleep(0.05)

    assert resp.status == 503 and body["failing"] == ["telegram"]
    assert "ports 80, 88, 443 or 8443" in body["parts"]["telegram"]
    assert bot_api.webhook_url == ""

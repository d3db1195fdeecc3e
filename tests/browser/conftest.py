"""Real headless Chromium for browser tests (widget, dashboard), driven by Playwright's async API.

The browser is the Debian `chromium` package (`apt-get install chromium`), never a Playwright download:
`CHROMIUM_PATH` overrides `/usr/bin/chromium`. Tests skip with a reason when neither is there.
Fixtures are async and function-scoped so they share the event loop of the test and of any in-process
aiohttp server the test starts.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.bot.fakes import FakeActions, FakeRasa

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if Path(candidate).exists():
        return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A port that was free a moment ago (good enough for loopback test servers)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def serve_app(app: web.Application, port: int | None = None) -> tuple[web.AppRunner, str]:
    """Start `app` on 127.0.0.1 (a free port unless given); returns the runner and the base URL."""
    port = port or free_port()
    runner = web.AppRunner(app, shutdown_timeout=1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}"


async def serve_backends(rasa: FakeRasa) -> tuple[list[web.AppRunner], dict[str, object]]:
    """Serve `rasa` (the suite's one fake Rasa, tests/bot/fakes.py, with the test's script) and a fake
    action server; returns their runners and the `Settings` fields that point a gateway at them."""
    rasa_runner, rasa_url = await serve_app(rasa.app())
    actions_runner, actions_url = await serve_app(FakeActions().app())
    backends = {"rasa_urls": (rasa_url,), "actions_url": actions_url, "rasa_token": rasa.token}
    return [rasa_runner, actions_runner], backends


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    path = chromium_path()
    if not path:
        pytest.skip("Chromium not installed (apt-get install chromium, or set CHROMIUM_PATH)")
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def context(browser) -> AsyncIterator[object]:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        await ctx.close()


@pytest.fixture
async def page(context) -> AsyncIterator[object]:
    pg = await context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors  # tests assert the page raised no uncaught exception
    yield pg

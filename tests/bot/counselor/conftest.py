"""Fixtures for the dashboard: the real gateway app (`bot.app.init_app`) on a fresh SQLite app DB,
a stand-in for Rasa's HTTP tracker API serving recorded trackers, and logged-in clients."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from argon2 import PasswordHasher

from bot import store
from bot.app import init_app
from bot.counselor import auth
from bot.counselor.auth import hash_password
from bot.counselor.models import Counselor
from bot.counselor.turn_summaries import SUMMARIES
from bot.keys import DB_KEY
from bot.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
RASA_TOKEN = "test-rasa-token"
PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with production parameters costs ~0.5 s per hash on a busy CI core; the tests check the
    logic (hash, verify, lockout), not the cost, so they use the same algorithm with small parameters."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(auth, "_DUMMY_HASH", None)


@pytest.fixture
def trackers() -> dict[str, dict[str, Any]]:
    """sender_id → tracker JSON served by the fake Rasa; tests add to it."""
    return {}


@pytest.fixture
def tracker_reads() -> list[str]:
    """Senders whose tracker the fake Rasa was asked for, in order."""
    return []


@pytest.fixture
async def fake_rasa(
    aiohttp_server: Any, trackers: dict[str, dict[str, Any]], tracker_reads: list[str]
) -> str:
    """Rasa's `GET /conversations/{sender}/tracker?token=…` and the release's `POST …/tracker/events`."""

    async def tracker(request: web.Request) -> web.Response:
        if request.query.get("token") != RASA_TOKEN:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        sender = request.match_info["sender"]
        tracker_reads.append(sender)
        return web.json_response(trackers.get(sender, {"sender_id": sender, "events": [], "slots": {}}))

    async def events(request: web.Request) -> web.Response:  # a release resets the hand-off slot
        if request.query.get("token") != RASA_TOKEN:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        return web.json_response({"sender_id": request.match_info["sender"], "events": []})

    app = web.Application()
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    app.router.add_post("/conversations/{sender}/tracker/events", events)
    server = await aiohttp_server(app)
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
def settings(tmp_path: Path, fake_rasa: str) -> Settings:
    return Settings(
        app_database_url=f"sqlite:///{tmp_path}/app.db",
        kb_database_url=f"sqlite:///{tmp_path}/kb.db",
        tracker_database_url=f"sqlite:///{tmp_path}/tracker.db",
        rasa_urls=(fake_rasa,),
        rasa_token=RASA_TOKEN,
        actions_url="http://127.0.0.1:9",
        session_secret="s" * 40,
        retention_days=30,
        summary_quiet_s=3600.0,  # a turn's rebuild waits for a page, `seed` or `drain`, never for a timer
        summary_max_delay_s=7200.0,
    )


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings) -> TestClient:
    app = await init_app(settings)
    return await aiohttp_client(app)


async def add_counselor(client: TestClient, email: str, role: str = "counselor") -> None:
    async with client.app[DB_KEY].sessionmaker() as db:
        db.add(Counselor(email=email, role=role, password_hash=hash_password(PASSWORD), failed_attempts=0))
        await db.commit()


async def csrf_of(client: TestClient, path: str) -> str:
    resp = await client.get(path)
    assert resp.status == 200, await resp.text()
    match = CSRF_RE.search(await resp.text())
    assert match, "page has no CSRF field"
    return match.group(1)


async def login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    token = await csrf_of(client, "/counselor/login")
    return await client.post(
        "/counselor/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/counselor/"},
        allow_redirects=False,
    )


LoginAs = Callable[[str], Awaitable[TestClient]]


@pytest.fixture
def login_as(client: TestClient) -> LoginAs:
    async def go(role: str) -> TestClient:
        email = f"{role}@example.org"
        await add_counselor(client, email, role)
        resp = await login(client, email)
        assert resp.status == 303, await resp.text()
        return client

    return go


async def seed(
    client: TestClient,
    sender_id: str,
    exchanges: list[tuple[str, str]],
    site: str | None = None,
    *,
    summarise: bool = True,
) -> None:
    """Record turns as the gateway does; with `summarise`, then schedule the summary's rebuild as the
    conversation service's after-turn hook does and run it now (from the fake Rasa's tracker)."""
    db = client.app[DB_KEY]
    for text, reply in exchanges:
        await store.record_exchange(db, sender_id, text, [{"text": reply, "buttons": []}], site=site)
    if summarise:
        client.app[SUMMARIES].schedule(sender_id)
        await client.app[SUMMARIES].drain()


def recorded_tracker(sender_id: str) -> dict[str, Any]:
    data = json.loads((FIXTURES / "tracker_fintech_handoff.json").read_text())
    data["sender_id"] = sender_id
    return data

"""Gateway fixtures: a fake Rasa and action server (see fakes.py), fresh SQLite files, the app.

`gateway_settings` → Settings pointing at them, with one integration key (`API_KEY`: `api:` sender ids
need a key, issue 12); `gateway_client` → an aiohttp test client of `init_app(gateway_settings)` that sends
that key with every request, as an integration would (`web:` ids still need their widget token).
"""

from __future__ import annotations

import secrets
import shutil
import sqlite3
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, text

from bot.app import init_app
from bot.db import sync_url
from bot.settings import Settings
from tests.bot.fakes import FakeActions, FakeRasa

API_KEY = "test-integration-key-0123456789"
API_HEADERS = {"X-API-Key": API_KEY}


@pytest.fixture
async def fake_rasa(aiohttp_server):
    rasa = FakeRasa()
    server = await aiohttp_server(rasa.app())
    rasa.url = str(server.make_url("")).rstrip("/")
    return rasa


@pytest.fixture
async def fake_actions(aiohttp_server):
    actions = FakeActions()
    server = await aiohttp_server(actions.app())
    actions.url = str(server.make_url("")).rstrip("/")
    return actions


@pytest.fixture(scope="session")
def migrated_app_db(tmp_path_factory):
    """The app DB migrated to head once per session; each test gets a copy (Alembic takes ~0.5 s)."""
    from bot.db import migrate

    path = tmp_path_factory.mktemp("template") / "app.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def gateway_settings(tmp_path, fake_rasa, fake_actions, migrated_app_db) -> Settings:
    kb = tmp_path / "knowledge.db"
    sqlite3.connect(kb).close()
    shutil.copy(migrated_app_db, tmp_path / "app.db")
    return Settings(
        migrate_on_start=False,
        port=8080,
        rasa_urls=(fake_rasa.url,),
        rasa_token=fake_rasa.token,
        actions_url=fake_actions.url,
        app_database_url=f"sqlite:///{tmp_path / 'app.db'}",
        kb_database_url=f"sqlite:///{kb}",
        tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        allowed_origins=("https://college.example",),
        api_keys=(API_KEY,),
        rate_limit_per_minute=30,
        summary_quiet_s=0.05,  # the counselor summary's rebuild comes soon after the last turn
        summary_max_delay_s=0.5,
    )


@pytest.fixture
async def gateway_client(aiohttp_client, gateway_settings):
    return await aiohttp_client(await init_app(gateway_settings), headers=API_HEADERS)


@pytest.fixture
def fresh_pg(postgres_url):
    """A throw-away PostgreSQL database, dropped afterwards."""
    name = f"pivot_bot_{secrets.token_hex(4)}"
    admin = create_engine(sync_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    parts = urlsplit(postgres_url)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()

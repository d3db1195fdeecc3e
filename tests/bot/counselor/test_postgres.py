"""The dashboard on PostgreSQL (the scale path): migrations, filters, notes and tags, deletion, audit."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.app import init_app
from bot.counselor.models import AuditEntry, ConversationTag, Note
from bot.db import Conversation, Message, sync_url
from bot.keys import DB_KEY

from .conftest import add_counselor, csrf_of, login, recorded_tracker, seed

pytestmark = pytest.mark.postgres


@pytest.fixture
def fresh_pg(postgres_url: str):
    """A throw-away PostgreSQL database, dropped afterwards."""
    name = f"pivot_counselor_{secrets.token_hex(4)}"
    admin = create_engine(sync_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield urlunsplit(urlsplit(postgres_url)._replace(path=f"/{name}"))
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


async def test_dashboard_on_postgres(aiohttp_client, settings, fresh_pg, trackers) -> None:
    client = await aiohttp_client(await init_app(settings.replace(app_database_url=fresh_pg)))
    await add_counselor(client, "admin@example.org", "admin")
    assert (await login(client, "admin@example.org")).status == 303
    trackers["web:pg1"] = recorded_tracker("web:pg1")
    await seed(client, "web:pg1", [("I'm a bank teller and want to get into fintech", "ok")], site="north")
    await seed(client, "tg:42", [("teaching to instructional design", "ok")])

    body = await (await client.get("/counselor/?target=fintech&reviewed=no&q=TELLER")).text()
    assert ">web:pg1</a>" in body and ">tg:42</a>" not in body
    body = await (await client.get("/counselor/?channel=telegram&handoff=no")).text()
    assert ">tg:42</a>" in body and ">web:pg1</a>" not in body

    token = await csrf_of(client, "/counselor/c/web:pg1")
    await client.post("/counselor/c/web:pg1/note", data={"csrf_token": token, "text": "note on pg"})
    for _ in range(2):  # the second insert hits the unique constraint and is ignored
        await client.post("/counselor/c/web:pg1/tags", data={"csrf_token": token, "add": "fintech"})
    export = await (await client.get("/counselor/admin/person/web:pg1/export.json")).json()
    assert export["notes"][0]["text"] == "note on pg" and export["tags"] == ["fintech"]

    resp = await client.post(
        "/counselor/admin/person/web:pg1/delete", data={"csrf_token": token, "confirm": "web:pg1"}
    )
    assert "was deleted" in await resp.text()
    async with client.app[DB_KEY].sessionmaker() as db:
        for model in (Conversation, Message, Note, ConversationTag):
            n = await db.scalar(select(func.count()).select_from(model).where(model.sender_id == "web:pg1"))
            assert n == 0, model
        entry = await db.scalar(select(AuditEntry).where(AuditEntry.action == "delete_person"))
        assert entry.detail["messages"] == 2


async def test_pages_filters_and_charts_on_postgres(aiohttp_client, settings, fresh_pg) -> None:
    """The summary-fact filters and charts use PostgreSQL's JSON functions; pages, counts as on SQLite."""
    from .test_scale import insert_conversations, rows_of

    client = await aiohttp_client(await init_app(settings.replace(app_database_url=fresh_pg)))
    await add_counselor(client, "c@example.org")
    assert (await login(client, "c@example.org")).status == 303
    ids = await insert_conversations(client.app, 120, handoff_every=2)
    first, body = await rows_of(client, "/counselor/")
    assert first == ids[:50] and "1–50 of 120 · page 1 of 3" in body
    assert "<title>Tellers → Fintech: 40</title>" in body
    assert (await rows_of(client, "/counselor/?page=3"))[0] == ids[100:]
    both = [sid for i, sid in enumerate(ids) if i % 3 == 0 and i % 5 == 0]
    assert (await rows_of(client, "/counselor/?target=fintech&fallbacks=yes"))[0] == both
    fintech = [sid for i, sid in enumerate(ids) if i % 3 == 0]
    assert (await rows_of(client, "/counselor/?target=FIELD:FIN"))[0] == fintech  # the id matches too
    assert (await rows_of(client, "/counselor/?target=%25"))[0] == []  # LIKE wildcards are literal
    waiting = [sid for i, sid in enumerate(ids) if i % 2 == 0][::-1]
    assert (await rows_of(client, "/counselor/handoffs?page=2"))[0] == waiting[50:]

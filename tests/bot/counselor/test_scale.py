"""The dashboard at scale: pages instead of one long list, filters and charts in SQL over every matching
conversation, reads that never take SQLite's write lock, argon2 off the event loop.

(Speed is measured in `make bench` — `bench/dashboard.py`, 10,000 conversations — not here.)
"""

from __future__ import annotations

import json
import re
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert

from bot.counselor import auth, queries
from bot.counselor.summary import FieldRef, Summary
from bot.db import Conversation, Message, utcnow
from bot.keys import DB_KEY

from .conftest import add_counselor, csrf_of, login

ROW_RE = re.compile(r'class="sender">([^<]+)</a>')


def summary_json(sender_id: str, target: str | None, fallbacks: int = 0) -> str:
    s = Summary(sender_id=sender_id, source="tracker+gateway", channel="web", fallback_count=fallbacks)
    if target:
        s.current_field = FieldRef("43-3071.00", "bank teller", "Tellers")
        s.target_field = FieldRef(f"field:{target}", target, target.title())
    s.synopsis = f"synopsis of {sender_id}"
    return json.dumps(s.to_json())


async def insert_conversations(app: Any, n: int, *, handoff_every: int = 0) -> list[str]:
    """`n` conversations with cached summaries, sender `web:c0000` newest; every third wants fintech,
    every fifth had fallbacks, one message each saying which."""
    now = utcnow()
    convs, msgs, ids = [], [], []
    for i in range(n):
        sid = f"web:c{i:04d}"
        ids.append(sid)
        at = now - timedelta(hours=i)
        target = "fintech" if i % 3 == 0 else "nursing"
        convs.append(
            {
                "sender_id": sid,
                "channel": "web",
                "site": None,
                "created_at": at,
                "last_message_at": at,
                "handoff_requested": bool(handoff_every and i % handoff_every == 0),
                "handoff_at": at if handoff_every and i % handoff_every == 0 else None,
                "reviewed": False,
                "summary_json": summary_json(sid, target, fallbacks=1 if i % 5 == 0 else 0),
                "summary_updated_at": at,
            }
        )
        msgs.append(
            {"sender_id": sid, "direction": "in", "text": f"message {i} about {target}", "created_at": at}
        )
    async with app[DB_KEY].sessionmaker() as db:
        await db.execute(insert(Conversation), convs)
        await db.execute(insert(Message), msgs)
        await db.commit()
    return ids


async def rows_of(client, path: str) -> tuple[list[str], str]:
    resp = await client.get(path)
    assert resp.status == 200, path
    body = await resp.text()
    return ROW_RE.findall(body), body


async def test_inbox_pages(client, login_as) -> None:
    await login_as("counselor")
    ids = await insert_conversations(client.app, 120)
    first, body = await rows_of(client, "/counselor/")
    assert first == ids[: queries.PAGE_SIZE]  # newest first, one page
    assert "1–50 of 120 · page 1 of 3" in body and 'rel="next" ' not in body
    assert 'href="?page=2" rel="next"' in body and 'rel="prev"' not in body
    second, _ = await rows_of(client, "/counselor/?page=2")
    third, body = await rows_of(client, "/counselor/?page=3")
    assert second == ids[50:100] and third == ids[100:]
    assert 'rel="next"' not in body and 'href="?page=2" rel="prev"' in body
    assert (await rows_of(client, "/counselor/?page=99"))[0] == ids[100:]  # past the end: the last page
    assert (await rows_of(client, "/counselor/?page=abc"))[0] == ids[:50]
    # Counts and charts cover every conversation, not the page.
    assert "<b>120</b><span>match these filters</span>" in body
    assert "<title>Tellers → Fintech: 40</title>" in body and "<title>Tellers → Nursing: 80</title>" in body


async def test_filters_run_in_sql_and_keep_their_pages(client, login_as) -> None:
    await login_as("counselor")
    ids = await insert_conversations(client.app, 120)
    fintech = [sid for i, sid in enumerate(ids) if i % 3 == 0]
    page1, body = await rows_of(client, "/counselor/?target=FinTech")
    assert page1 == fintech and "page 1 of" not in body  # 40 rows: one page, no pager
    both = [sid for i, sid in enumerate(ids) if i % 3 == 0 and i % 5 == 0]
    assert (await rows_of(client, "/counselor/?target=fintech&fallbacks=yes"))[0] == both
    fallbacks = [sid for i, sid in enumerate(ids) if i % 5 == 0]
    assert (await rows_of(client, "/counselor/?fallbacks=yes"))[0] == fallbacks[:24]
    nursing = [sid for i, sid in enumerate(ids) if i % 3]
    page2, body = await rows_of(client, "/counselor/?q=about+nursing&page=2")
    assert page2 == nursing[50:] and 'href="?q=about+nursing" rel="prev"' in body
    assert (await rows_of(client, "/counselor/?target=100%25"))[0] == []  # LIKE wildcards are literal
    assert (await rows_of(client, "/counselor/?target=field:fin"))[0] == fintech  # the id matches too
    listing = await (await client.get("/counselor/export.json?target=fintech")).json()
    assert [c["sender_id"] for c in listing["conversations"]] == fintech  # exports are not paged


async def test_handoff_list_pages_oldest_first(client, login_as) -> None:
    await login_as("counselor")
    ids = await insert_conversations(client.app, 120, handoff_every=2)
    waiting = [sid for i, sid in enumerate(ids) if i % 2 == 0][::-1]  # oldest request first
    first, body = await rows_of(client, "/counselor/handoffs")
    assert first == waiting[:50] and "(60)" in body
    assert (await rows_of(client, "/counselor/handoffs?page=2"))[0] == waiting[50:]


@pytest.fixture
def begins(client) -> list[str]:
    """Every BEGIN the app DB's connections send (SQLite: DEFERRED for reads, IMMEDIATE for writes)."""
    seen: list[str] = []

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.upper().startswith("BEGIN"):
            seen.append(statement.upper())

    engine = client.app[DB_KEY].engine.sync_engine
    event.listen(engine, "before_cursor_execute", on_execute)
    yield seen
    event.remove(engine, "before_cursor_execute", on_execute)


async def test_reading_pages_take_no_write_lock(client, login_as, begins) -> None:
    await login_as("admin")
    await insert_conversations(client.app, 60, handoff_every=3)
    await client.get("/counselor/c/web:c0001")  # its view is audited (a write), tested below
    for path in (
        "/counselor/",
        "/counselor/?target=fintech&fallbacks=yes&q=message&page=2",
        "/counselor/handoffs",
        "/counselor/admin/person?sender_id=web:c0001",
        "/counselor/admin/person/web:c0001/delete",
        "/counselor/admin/counselors",
        "/counselor/admin/audit",
    ):
        begins.clear()
        assert (await client.get(path)).status == 200, path
        assert begins and all(b == "BEGIN DEFERRED" for b in begins), (path, begins)
    # Pages that record an audit entry write exactly that, in one write transaction.
    for path in ("/counselor/c/web:c0001", "/counselor/export.csv", "/counselor/c/web:c0001/export.json"):
        begins.clear()
        assert (await client.get(path)).status == 200, path
        assert begins.count("BEGIN IMMEDIATE") == 1, (path, begins)


async def test_argon2_runs_off_the_event_loop(client, monkeypatch) -> None:
    """Hashing (new account, unknown email's dummy hash) and verifying (login) run on worker threads."""
    threads: list[tuple[str, str]] = []
    real = auth._hasher

    class Recording:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def hash(self, password: str) -> str:
            threads.append(("hash", threading.current_thread().name))
            return real.hash(password)

        def verify(self, password_hash: str, password: str) -> bool:
            threads.append(("verify", threading.current_thread().name))
            return real.verify(password_hash, password)

    await add_counselor(client, "admin@example.org", "admin")  # hashed by the test, before recording
    monkeypatch.setattr(auth, "_hasher", Recording())
    assert (await login(client, "admin@example.org")).status == 303
    assert (await login(client, "nobody@example.org")).status == 401
    token = await csrf_of(client, "/counselor/admin/counselors")
    resp = await client.post(
        "/counselor/admin/counselors",
        data={"csrf_token": token, "email": "new@example.org", "role": "counselor", "password": "x" * 12},
    )
    assert "Added new@example.org" in await resp.text()
    assert [kind for kind, _ in threads] == ["verify", "hash", "verify", "hash"]
    loop_thread = threading.current_thread().name  # pytest-aiohttp runs the app's loop on this thread
    assert all(name != loop_thread and name.startswith("argon2") for _, name in threads), threads


async def test_charts_are_kept_for_a_while_per_filter_set() -> None:
    now = [0.0]
    cache = queries.Aggregates(clock=lambda: now[0])
    computed: list[str] = []

    async def compute(value: str) -> str:
        computed.append(value)
        return value

    assert await cache.get(("chart", "a"), lambda: compute("a1")) == "a1"
    assert await cache.get(("chart", "a"), lambda: compute("a2")) == "a1"  # kept
    assert await cache.get(("chart", "b"), lambda: compute("b1")) == "b1"  # another filter set
    now[0] = queries.AGGREGATE_TTL_S + 1
    assert await cache.get(("chart", "a"), lambda: compute("a3")) == "a3"  # expired: computed again
    assert computed == ["a1", "b1", "a3"]
    for i in range(queries.AGGREGATE_ENTRIES * 2):  # bounded
        await cache.get(("chart", i), lambda: compute("x"))
    assert len(cache.entries) <= queries.AGGREGATE_ENTRIES

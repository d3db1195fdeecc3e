"""POST /api/v1/messages and GET /api/v1/history against the fake Rasa (tests/bot/fakes.py)."""

from __future__ import annotations

import asyncio

import pytest

from bot import store
from bot.conversation import FORGET_BY_COUNSELOR
from bot.keys import DB_KEY, WIDGET_SESSIONS_KEY
from tests.bot.conftest import API_HEADERS

URL = "/api/v1/messages"
WEB = "web:0b4f1f8e-1c55-4a8e-9a55-5d1c2b3f4e5a"


def web_token(client, sender: str = WEB) -> str:
    """The token POST /api/v1/session would have issued with `sender`."""
    return client.app[WIDGET_SESSIONS_KEY].token_for(sender)


async def test_message_round_trip(gateway_client, fake_rasa):
    resp = await gateway_client.post(URL, json={"sender_id": "api:alice", "text": "hi"})
    assert resp.status == 200
    body = await resp.json()
    assert body["sender_id"] == "api:alice"
    assert body["messages"][0] == {"text": "Hi! I'm Pivot. Where do you work now?", "buttons": []}
    assert body["messages"][1]["buttons"][0] == {
        "title": "Finance",
        "payload": '/inform_current{"occupation": "field:finance"}',
    }
    assert fake_rasa.calls == [{"sender": "api:alice", "message": "hi", "metadata": {"channel": "api"}}]


async def test_bare_sender_id_is_stored_with_api_prefix(gateway_client):
    resp = await gateway_client.post(URL, json={"sender_id": "bob", "text": "hello there"})
    assert (await resp.json())["sender_id"] == "api:bob"
    history = await (await gateway_client.get("/api/v1/history", params={"sender_id": "api:bob"})).json()
    assert [(m["from"], m["text"]) for m in history["messages"]] == [
        ("user", "hello there"),
        ("bot", "You said: hello there"),
    ]
    assert history["messages"][0]["ts"].endswith("+00:00")


async def test_repeated_client_id_is_answered_from_the_record(gateway_client, fake_rasa):
    body = {"sender_id": WEB, "text": "hi", "client_id": "c-1", "token": web_token(gateway_client)}
    first = await (await gateway_client.post(URL, json=body)).json()
    second = await (await gateway_client.post(URL, json=body)).json()
    assert first == second
    assert len(fake_rasa.calls) == 1
    db = gateway_client.app[DB_KEY]
    assert await store.count_messages(db, body["sender_id"]) == 3  # one in, two out — not doubled


async def test_rasa_down_gives_503_and_stores_nothing(gateway_client, fake_rasa):
    fake_rasa.status_code = 500
    resp = await gateway_client.post(URL, json={"sender_id": "api:carol", "text": "hi"})
    assert resp.status == 503
    assert "try again" in (await resp.json())["error"]
    assert await store.count_messages(gateway_client.app[DB_KEY], "api:carol") == 0


async def test_rasa_unreachable_gives_503(aiohttp_client, gateway_settings):
    from bot.app import init_app

    settings = gateway_settings.replace(rasa_urls=("http://127.0.0.1:9",))
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)
    resp = await client.post(URL, json={"sender_id": "api:dave", "text": "hi"})
    assert resp.status == 503
    assert set(await resp.json()) == {"error"}


async def test_empty_reply_with_dead_action_server_says_try_again(gateway_client, fake_actions):
    fake_actions.healthy = False
    body = await (await gateway_client.post(URL, json={"sender_id": "api:erin", "text": "silence"})).json()
    assert "try again" in body["messages"][0]["text"]


async def test_empty_reply_with_live_action_server_is_empty(gateway_client):
    body = await (await gateway_client.post(URL, json={"sender_id": "api:erin", "text": "silence"})).json()
    assert body["messages"] == []


async def test_empty_reply_that_rasa_did_not_record_is_a_clean_503(gateway_client):
    """Rasa's REST channel answers 200 [] when it fails inside: the person must not get silence."""
    resp = await gateway_client.post(URL, json={"sender_id": "api:erin2", "text": "swallowed"})
    assert resp.status == 503 and (await resp.json())["error"]
    assert await store.get_history(gateway_client.app[DB_KEY], "api:erin2") == []


async def test_handoff_event_flags_the_conversation(gateway_client):
    resp = await gateway_client.post(URL, json={"sender_id": "api:frank", "text": "I want a human"})
    assert (await resp.json())["messages"] == [{"text": "I'll ask a counselor to join.", "buttons": []}]
    flags = await store.get_flags(gateway_client.app[DB_KEY], "api:frank")
    assert flags.handoff_requested and flags.handoff_at is not None


async def test_forget_event_deletes_app_rows_and_tracker_events(gateway_client, gateway_settings):
    from bot import tracker_store
    from bot.keys import TRACKER_DB_KEY

    tracker = gateway_client.app[TRACKER_DB_KEY]
    await tracker_store.create_table(tracker)
    await tracker_store.add_events(tracker, ["api:gina", "api:gina", "api:other"])
    await gateway_client.post(URL, json={"sender_id": "api:gina", "text": "hi"})
    resp = await gateway_client.post(URL, json={"sender_id": "api:gina", "text": "please forget me"})
    assert (await resp.json())["messages"][0]["text"] == "Done. I deleted what you told me."
    db = gateway_client.app[DB_KEY]
    assert await store.count_messages(db, "api:gina") == 0
    assert await store.get_flags(db, "api:gina") is None
    assert await tracker_store.count_events(tracker, "api:gina") == 0
    assert await tracker_store.count_events(tracker, "api:other") == 1


async def test_forget_event_on_handoff_keeps_everything_for_the_counselor(gateway_client):
    await gateway_client.post(URL, json={"sender_id": "api:hana", "text": "I want a human"})
    resp = await gateway_client.post(URL, json={"sender_id": "api:hana", "text": "forget me"})

    assert (await resp.json())["messages"] == [{"text": FORGET_BY_COUNSELOR, "buttons": []}]
    db = gateway_client.app[DB_KEY]
    assert await store.count_messages(db, "api:hana") == 4  # both exchanges kept, the request visible
    assert (await store.get_flags(db, "api:hana")).handoff_requested


async def test_deletion_request_under_hold_is_left_to_the_counselor(gateway_client, fake_rasa):
    db = gateway_client.app[DB_KEY]
    await gateway_client.post(URL, json={"sender_id": "api:hugo", "text": "hi"})
    await store.set_flags(db, "api:hugo", held_by="c@example.org")
    asked = len(fake_rasa.calls)

    resp = await gateway_client.post(URL, json={"sender_id": "api:hugo", "text": "please delete my data"})

    assert (await resp.json())["messages"] == [{"text": FORGET_BY_COUNSELOR, "buttons": []}]
    assert len(fake_rasa.calls) == asked and fake_rasa.parsed == ["please delete my data"]
    assert await store.count_messages(db, "api:hugo") == 5


async def test_rate_limit_gives_429_with_retry_after(aiohttp_client, gateway_settings):
    from bot.app import init_app

    client = await aiohttp_client(
        await init_app(gateway_settings.replace(rate_limit_per_minute=3)), headers=API_HEADERS
    )
    statuses = []
    for i in range(5):
        resp = await client.post(URL, json={"sender_id": "api:hal", "text": f"m{i}"})
        statuses.append(resp.status)
    assert statuses == [200, 200, 200, 429, 429]
    assert int(resp.headers["Retry-After"]) >= 1
    assert "too many" in (await resp.json())["error"]
    other = await client.post(URL, json={"sender_id": "api:ivy", "text": "hi"})
    assert other.status == 200  # per session, not global


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"X-API-Key": "wrong-key-0123456789"}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"X-API-Key": "k2-abcdefghijklmnop"}, 200),
        ({"Authorization": "Bearer k1-abcdefghijklmnop"}, 200),
    ],
)
async def test_api_keys(aiohttp_client, gateway_settings, headers, status):
    from bot.app import init_app

    settings = gateway_settings.replace(api_keys=("k1-abcdefghijklmnop", "k2-abcdefghijklmnop"))
    client = await aiohttp_client(await init_app(settings))
    resp = await client.post(URL, json={"sender_id": "api:jo", "text": "hi"}, headers=headers)
    assert resp.status == status
    if status == 401:
        assert set(await resp.json()) == {"error"}


async def test_api_keys_let_the_widget_through_from_an_allowed_origin(aiohttp_client, gateway_settings):
    from bot.app import init_app

    client = await aiohttp_client(await init_app(gateway_settings.replace(api_keys=("k1-abcdefghijklmnop",))))
    body = {"sender_id": WEB, "text": "hi", "token": web_token(client)}
    ok = await client.post(URL, json=body, headers={"Origin": "https://college.example"})
    assert ok.status == 200
    assert ok.headers["Access-Control-Allow-Origin"] == "https://college.example"
    foreign = await client.post(URL, json=body, headers={"Origin": "https://evil.example"})
    assert foreign.status == 401
    assert "Access-Control-Allow-Origin" not in foreign.headers


async def test_web_exemption_ignores_an_origin_matching_a_forged_host(aiohttp_client, gateway_settings):
    from bot.app import init_app

    client = await aiohttp_client(await init_app(gateway_settings.replace(api_keys=("k1-abcdefghijklmnop",))))
    body = {"sender_id": WEB, "text": "hi", "token": web_token(client)}
    forged = {"Host": "evil.example", "Origin": "http://evil.example"}
    resp = await client.post(URL, json=body, headers=forged)
    assert resp.status == 401
    assert "Access-Control-Allow-Origin" not in resp.headers


async def test_cors_preflight(gateway_client):
    headers = {
        "Origin": "https://college.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    resp = await gateway_client.options(URL, headers=headers)
    assert resp.status == 204
    assert resp.headers["Access-Control-Allow-Origin"] == "https://college.example"
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    evil = await gateway_client.options(URL, headers={**headers, "Origin": "https://evil.example"})
    assert evil.status == 403


async def test_history_rejects_telegram_and_bad_ids(gateway_client):
    for sender in ("tg:12345", "web:short", "", "a b"):
        resp = await gateway_client.get("/api/v1/history", params={"sender_id": sender})
        assert resp.status == 400, sender
    resp = await gateway_client.get("/api/v1/history", params={"sender_id": "api:x", "limit": "0"})
    assert resp.status == 400


async def test_openapi_document(gateway_client):
    resp = await gateway_client.get("/api/v1/openapi.json")
    doc = await resp.json()
    assert doc["openapi"].startswith("3.0")
    assert {"/api/v1/messages", "/api/v1/history", "/healthz"} <= set(doc["paths"])


async def test_unknown_route_and_method_are_json(gateway_client):
    resp = await gateway_client.get("/api/v1/nope")
    assert resp.status == 404 and await resp.json() == {"error": "not found"}
    resp = await gateway_client.get(URL)
    assert resp.status == 405 and await resp.json() == {"error": "method not allowed"}


async def test_database_down_is_a_clean_503(aiohttp_client, gateway_settings, fake_rasa):
    """PostgreSQL unreachable (closed port): a JSON 503, no stack trace, and Rasa is not asked."""
    from bot.app import init_app

    settings = gateway_settings.replace(
        app_database_url="postgresql://postgres@127.0.0.1:9/none", migrate_on_start=False
    )
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)
    resp = await client.post(URL, json={"sender_id": "api:pg", "text": "hi"})
    assert resp.status == 503
    assert await resp.json() == {"error": "Pivot is temporarily unavailable. Please try again in a minute."}
    assert fake_rasa.calls == []
    health = await (await client.get("/healthz")).json()
    assert health["failing"] == ["app_db"]


@pytest.mark.postgres
async def test_gateway_on_postgres(aiohttp_client, gateway_settings, fresh_pg, fake_rasa):
    """APP_DATABASE_URL alone switches the gateway to PostgreSQL (asyncpg); migrated on start."""
    from bot.app import init_app

    client = await aiohttp_client(
        await init_app(gateway_settings.replace(app_database_url=fresh_pg, migrate_on_start=True)),
        headers=API_HEADERS,
    )
    body = {"sender_id": "api:pg-user", "text": "hi", "client_id": "pg1"}
    first = await (await client.post(URL, json=body)).json()
    assert first == await (await client.post(URL, json=body)).json()
    assert len(fake_rasa.calls) == 1
    history = await (await client.get("/api/v1/history", params={"sender_id": "api:pg-user"})).json()
    assert [m["from"] for m in history["messages"]] == ["user", "bot", "bot"]
    await client.post(URL, json={"sender_id": "api:pg-user", "text": "forget me"})
    assert await store.get_flags(client.app[DB_KEY], "api:pg-user") is None
    assert (await client.get("/healthz")).status == 200


async def test_concurrent_duplicates_reach_rasa_once(gateway_client, fake_rasa):
    fake_rasa.delay_s = 0.05
    body = {"sender_id": "api:dup", "text": "hello there", "client_id": "same-id"}
    responses = await asyncio.gather(*(gateway_client.post(URL, json=body) for _ in range(5)))
    bodies = [await r.json() for r in responses]
    assert all(b == bodies[0] for b in bodies)
    assert len(fake_rasa.calls) == 1
    assert await store.count_messages(gateway_client.app[DB_KEY], "api:dup") == 2

"""Widget ids come from the gateway with a signed token; history, messages and the WebSocket need it
(issue 12)."""

from __future__ import annotations

import re

import aiohttp
import pytest

from bot import store
from bot.app import init_app
from bot.keys import DB_KEY

ORIGIN = {"Origin": "https://college.example"}
KEY = "k1-abcdefghijklmnop"


async def new_session(client) -> tuple[str, str]:
    resp = await client.post("/api/v1/session", headers=ORIGIN)
    assert resp.status == 201 and resp.headers["Cache-Control"] == "no-store"
    body = await resp.json()
    return body["sender_id"], body["token"]


async def test_the_gateway_issues_unguessable_ids_with_a_token(gateway_client):
    first, second = await new_session(gateway_client), await new_session(gateway_client)

    assert first != second
    assert all(
        re.fullmatch(r"web:[0-9a-f-]{36}", sender) and len(token) >= 43 for sender, token in (first, second)
    )


async def test_an_issued_id_works_everywhere_with_its_token(gateway_client, fake_rasa):
    sender, token = await new_session(gateway_client)

    posted = await gateway_client.post(
        "/api/v1/messages", json={"sender_id": sender, "text": "hi", "token": token}, headers=ORIGIN
    )
    history = await gateway_client.get("/api/v1/history", params={"sender_id": sender, "token": token})
    ws = await gateway_client.ws_connect(f"/ws?sender_id={sender}&token={token}", headers=ORIGIN)
    await ws.close()

    assert posted.status == 200 and history.status == 200
    assert [m["from"] for m in (await history.json())["messages"]] == ["user", "bot", "bot"]


@pytest.mark.parametrize("proof", ["none", "another id's", "garbage"])
async def test_made_up_or_guessed_web_ids_are_refused(gateway_client, fake_rasa, proof):
    victim, victim_token = await new_session(gateway_client)
    await gateway_client.post(
        "/api/v1/messages", json={"sender_id": victim, "text": "hi", "token": victim_token}
    )
    _, other_token = await new_session(gateway_client)
    token = {"none": None, "another id's": other_token, "garbage": "AAAA"}[proof]
    extra = {} if token is None else {"token": token}

    posted = await gateway_client.post(
        "/api/v1/messages", json={"sender_id": victim, "text": "forget me", **extra}
    )
    read = await gateway_client.get("/api/v1/history", params={"sender_id": victim, **extra})
    query = f"&token={token}" if token else ""
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await gateway_client.ws_connect(f"/ws?sender_id={victim}{query}", headers=ORIGIN)

    assert posted.status == read.status == refused.value.status == 401
    assert "POST /api/v1/session" in (await read.json())["error"]
    assert [c["message"] for c in fake_rasa.calls] == ["hi"]  # the victim's conversation is untouched
    assert await store.count_messages(gateway_client.app[DB_KEY], victim) == 3


async def test_with_api_keys_the_widget_also_needs_an_allowed_origin(aiohttp_client, gateway_settings):
    client = await aiohttp_client(await init_app(gateway_settings.replace(api_keys=(KEY,))))
    sender, token = await new_session(client)
    body = {"sender_id": sender, "text": "hi", "token": token}

    ok = await client.post("/api/v1/messages", json=body, headers=ORIGIN)
    foreign = await client.post("/api/v1/messages", json=body, headers={"Origin": "https://evil.example"})
    api_without_key = await client.post("/api/v1/messages", json={"sender_id": "api:x@y.z", "text": "hi"})
    api_with_key = await client.post(
        "/api/v1/messages", json={"sender_id": "api:x@y.z", "text": "hi"}, headers={"X-API-Key": KEY}
    )

    assert (ok.status, foreign.status, api_without_key.status, api_with_key.status) == (200, 401, 401, 200)


async def test_gateways_sharing_a_secret_accept_each_others_tokens(aiohttp_client, gateway_settings):
    shared = gateway_settings.replace(session_secret="x" * 40)
    first = await aiohttp_client(await init_app(shared), headers=ORIGIN)
    second = await aiohttp_client(await init_app(shared), headers=ORIGIN)
    other = await aiohttp_client(
        await init_app(gateway_settings.replace(session_secret="y" * 40)), headers=ORIGIN
    )
    sender, token = await new_session(first)

    statuses = [
        (await c.get("/api/v1/history", params={"sender_id": sender, "token": token})).status
        for c in (first, second, other)
    ]

    assert statuses == [200, 200, 401]


@pytest.mark.parametrize("token", [5, ["x"], "t" * 201])
async def test_a_malformed_token_is_refused_for_any_sender(gateway_client, fake_rasa, token):
    resp = await gateway_client.post(
        "/api/v1/messages", json={"sender_id": "api:ann", "text": "hi", "token": token}
    )

    assert resp.status == 400 and "token must be a string" in (await resp.json())["error"]
    assert fake_rasa.calls == []


@pytest.mark.parametrize("key", [None, KEY])
async def test_without_api_keys_the_integration_api_is_off(aiohttp_client, gateway_settings, fake_rasa, key):
    """The default (API_KEYS empty): an `api:` id is the caller's own choice, so without a key anyone who
    guessed one would read, write or delete that conversation. Refused with a 403 saying how to turn the
    API on, whatever key is sent; nothing stored, nothing reaches Rasa; the widget works unconfigured."""
    client = await aiohttp_client(await init_app(gateway_settings.replace(api_keys=())))
    headers = {"X-API-Key": key} if key else {}
    db = client.app[DB_KEY]
    sender, token = await new_session(client)
    widget = await client.post("/api/v1/messages", json={"sender_id": sender, "text": "hi", "token": token})
    calls_before = len(fake_rasa.calls)

    refused = [
        await client.post("/api/v1/messages", json={"sender_id": sid, "text": "hi"}, headers=headers)
        for sid in ("api:x@y.z", "integration-user")
    ]
    read = await client.get("/api/v1/history", params={"sender_id": "api:x@y.z"}, headers=headers)

    assert widget.status == 200
    assert [r.status for r in (*refused, read)] == [403, 403, 403]
    error = (await read.json())["error"]
    assert "API_KEYS" in error and "X-API-Key" in error
    assert len(fake_rasa.calls) == calls_before
    assert (
        await store.count_messages(db, "api:x@y.z")
        == await store.count_messages(db, "api:integration-user")
        == 0
    )


async def test_an_api_key_never_stands_in_for_a_widget_token(aiohttp_client, gateway_settings, fake_rasa):
    """A leaked integration key opens `api:` conversations, not the widget's: a `web:` id still needs
    its token (with the key, from any origin: a server-side integration)."""
    client = await aiohttp_client(await init_app(gateway_settings.replace(api_keys=(KEY,))))
    sender, token = await new_session(client)
    await client.post(
        "/api/v1/messages", json={"sender_id": sender, "text": "hi", "token": token}, headers=ORIGIN
    )
    key = {"X-API-Key": KEY}

    without_token = await client.get("/api/v1/history", params={"sender_id": sender}, headers=key)
    write = await client.post(
        "/api/v1/messages", json={"sender_id": sender, "text": "forget me"}, headers=key
    )
    with_token = await client.get(
        "/api/v1/history", params={"sender_id": sender, "token": token}, headers=key
    )

    assert (without_token.status, write.status, with_token.status) == (401, 401, 200)
    assert [c["message"] for c in fake_rasa.calls] == ["hi"]


async def test_with_api_keys_the_demo_pages_history_read_needs_no_origin(aiohttp_client, gateway_settings):
    """Browsers send no `Origin` with a same-origin GET: the gateway's own demo page reads its history
    on the token alone; a page on a foreign site (whose `Origin` the browser always sends) is refused."""
    client = await aiohttp_client(await init_app(gateway_settings.replace(api_keys=(KEY,))))
    sender, token = await new_session(client)
    query = {"sender_id": sender, "token": token}

    same_origin = await client.get("/api/v1/history", params=query)
    foreign = await client.get("/api/v1/history", params=query, headers={"Origin": "https://evil.example"})

    assert (same_origin.status, foreign.status) == (200, 401)

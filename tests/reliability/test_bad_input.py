"""Bad input at every door (HTTP API, WebSocket, Telegram webhook) → a clear 4xx or a polite reply.

Never a 500, never a stack trace, and the app DB stays whole: a rejected message leaves no row, an accepted
one is stored (cleaned) together with its replies, and 10,000 messages from one session are cut off by the
rate limit with 429 + Retry-After while everything accepted before is still there, intact.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.telegram.channel import TELEGRAM_KEY
from tests.reliability.doors import (
    ORIGIN,
    api_sender,
    is_error,
    is_reply,
    message_body,
    post_api,
    post_telegram,
    settle,
    tg_update,
    web_sender,
    web_token,
    ws_exchange,
    ws_path,
)
from tests.reliability.harness import audit, expected_text

# Well-formed messages with awkward content: each gets a polite reply and is stored exactly as cleaned.
ODD_TEXTS = {
    "html_and_script": "<script>alert('x')</script><b>hi</b> <img src=x onerror=alert(1)>",
    "sql_looking": "'; DROP TABLE messages; --",
    "emoji_only": "🙂🚀👩🏽‍💻",
    "control_characters": "I work\x00 in fin\x07ance\x1b[31m",
    "right_to_left": "أريد العمل في التكنولوجيا المالية",
    "decomposed_unicode": "cafe\u0301 owner",  # stored in NFC
}

S = "SENDER"  # replaced by a fresh sender id in each test
MB = 1_000_000

# name -> (raw body of POST /api/v1/messages, expected status)
REJECTED_API = {
    "empty_body": (b"", 400),
    "whitespace_body": (b"  \n\t ", 400),
    "empty_text": (json.dumps({"sender_id": S, "text": ""}).encode(), 400),
    "whitespace_text": (json.dumps({"sender_id": S, "text": " \n\t\u00a0 "}).encode(), 400),
    "control_only_text": (json.dumps({"sender_id": S, "text": "\x00\x01\x02"}).encode(), 400),
    "one_megabyte_body": (json.dumps({"sender_id": S, "text": "a" * MB}).encode(), 413),
    "text_over_limit": (json.dumps({"sender_id": S, "text": "a" * 2001}).encode(), 413),
    "invalid_utf8": (b'{"sender_id": "SENDER", "text": "caf\xe9 \xff\xfe"}', 400),
    "lone_surrogate": (b'{"sender_id": "SENDER", "text": "hi \\ud800"}', 400),
    "broken_json": (b'{"sender_id": "SENDER", "text": "hi"', 400),
    "nan_text": (b'{"sender_id": "SENDER", "text": NaN}', 400),
    "deeply_nested_json": (b"[" * 30_000 + b"]" * 30_000, 400),
    "body_is_list": (b'["SENDER", "hi"]', 400),
    "body_is_string": (b'"hi"', 400),
    "body_is_null": (b"null", 400),
    "text_is_number": (json.dumps({"sender_id": S, "text": 42}).encode(), 400),
    "text_is_list": (json.dumps({"sender_id": S, "text": ["hi"]}).encode(), 400),
    "text_is_object": (json.dumps({"sender_id": S, "text": {"$ne": 1}}).encode(), 400),
    "text_missing": (json.dumps({"sender_id": S}).encode(), 400),
    "sender_missing": (json.dumps({"text": "hi"}).encode(), 400),
    "sender_is_number": (json.dumps({"sender_id": 7, "text": "hi"}).encode(), 400),
    "sender_is_sql": (json.dumps({"sender_id": "x' OR '1'='1", "text": "hi"}).encode(), 400),
    "sender_is_telegram": (json.dumps({"sender_id": "tg:123456", "text": "hi"}).encode(), 400),
    "client_id_too_long": (json.dumps({"sender_id": S, "text": "hi", "client_id": "c" * 81}).encode(), 400),
    "site_too_long": (json.dumps({"sender_id": S, "text": "hi", "site": "s" * 201}).encode(), 400),
    "site_is_object": (json.dumps({"sender_id": S, "text": "hi", "site": {"a": 1}}).encode(), 400),
}


# --------------------------------------------------------------------------- HTTP API
# Rejected input never reaches Rasa, so those tables run against the doubles only; input that is accepted
# runs against the doubles and (e2e) the real Rasa.
@pytest.mark.parametrize("case", sorted(REJECTED_API))
async def test_api_rejects_bad_input_cleanly(fake_api_client, case):
    api_client = fake_api_client
    raw, status = REJECTED_API[case]
    sender = api_sender()
    before = audit(api_client.settings.app_database_url)
    answer = await post_api(api_client, raw.replace(S.encode(), sender.encode()))
    assert answer.status == status and is_error(answer), answer
    after = audit(api_client.settings.app_database_url)
    assert after == before, "a rejected message must leave no row"
    # the door is still open afterwards
    ok = await post_api(api_client, message_body(sender, "hello"))
    assert is_reply(ok, sender), ok


async def test_api_rejects_other_media_types(fake_api_client):
    api_client = fake_api_client
    raw = message_body(web_sender(), "hi")
    for ctype in ("text/html", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        answer = await post_api(api_client, raw, content_type=ctype)
        assert answer.status == 415 and is_error(answer), (ctype, answer)


@pytest.mark.parametrize("case", sorted(ODD_TEXTS))
async def test_api_odd_text_gets_a_reply_and_is_stored_as_cleaned(api_client, case):
    sender = web_sender()
    raw = message_body(sender, ODD_TEXTS[case])
    answer = await post_api(api_client, raw)
    assert is_reply(answer, sender), answer
    [exchange] = audit(api_client.settings.app_database_url, sender)[sender]
    assert exchange.inbound == expected_text(ODD_TEXTS[case])
    assert exchange.replies == [m["text"] for m in answer.body["messages"]]
    query = {"sender_id": sender, "token": web_token(sender)}
    history = await (await api_client.get("/api/v1/history", params=query, headers={"Origin": ORIGIN})).json()
    assert history["messages"][0]["text"] == expected_text(ODD_TEXTS[case])  # JSON, never rendered HTML


async def test_ten_thousand_api_messages_from_one_session(aiohttp_client, fake_backend, tmp_path):
    """10,000 POSTs from one sender as fast as the client can: the first `limit` are answered, the rest get
    429 with Retry-After; no 5xx; afterwards exactly the answered messages are stored, with their replies."""
    from bot.app import init_app

    limit = 30
    settings = fake_backend.settings(tmp_path, rate_limit_per_minute=limit)
    client = await aiohttp_client(await init_app(settings))
    sender = web_sender()
    statuses: dict[int, int] = {}
    replies: list[list[str]] = []
    sem = asyncio.Semaphore(50)

    async def one(i: int) -> None:
        async with sem:
            answer = await post_api(client, message_body(sender, f"message {i}"))
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
        if answer.status == 200:
            assert is_reply(answer, sender)
            replies.append([m["text"] for m in answer.body["messages"]])
        else:
            assert answer.status == 429 and is_error(answer), answer
            assert int(answer.headers["Retry-After"]) >= 1

    await asyncio.gather(*(one(i) for i in range(10_000)))
    assert statuses == {200: limit, 429: 10_000 - limit}
    exchanges = audit(settings.app_database_url)[sender]
    assert len(exchanges) == limit
    assert len({e.inbound for e in exchanges}) == limit  # none doubled, none lost
    assert sorted(e.replies for e in exchanges) == sorted(replies)


# --------------------------------------------------------------------------- WebSocket
async def _ws(client):
    sender = web_sender()
    ws = await client.ws_connect(ws_path(sender), headers={"Origin": ORIGIN})
    ws.sender = sender
    return ws


@pytest.fixture
async def ws_client(api_client):
    ws = await _ws(api_client)
    yield ws
    await ws.close()


@pytest.fixture
async def fake_ws_client(fake_api_client):
    ws = await _ws(fake_api_client)
    yield ws
    await ws.close()


REJECTED_WS = {
    "empty_frame": "",
    "whitespace_frame": "   ",
    "broken_json": '{"type": "message", "text": "hi"',
    "not_an_object": '["message", "hi"]',
    "unknown_type": '{"type": "shout", "text": "hi"}',
    "missing_type": '{"text": "hi"}',
    "whitespace_text": '{"type": "message", "text": " \\n\\t "}',
    "text_is_number": '{"type": "message", "text": 5}',
    "text_is_null": '{"type": "message", "text": null}',
    "lone_surrogate": '{"type": "message", "text": "hi \\ud800"}',
    "text_over_limit": json.dumps({"type": "message", "text": "a" * 2001}),
    "bad_client_id": '{"type": "message", "text": "hi", "client_id": "a b"}',
    "deeply_nested_json": "[" * 20_000 + "]" * 20_000,
}


@pytest.mark.parametrize("case", sorted(REJECTED_WS))
async def test_websocket_rejects_bad_frames_with_an_error_frame(fake_api_client, fake_ws_client, case):
    api_client, ws_client = fake_api_client, fake_ws_client
    before = audit(api_client.settings.app_database_url)
    answer = await ws_exchange(ws_client, REJECTED_WS[case])
    assert answer.status == 400 and isinstance(answer.body["error"], str) and answer.body["error"], answer
    assert "Traceback" not in answer.body["error"]
    assert audit(api_client.settings.app_database_url) == before
    ok = await ws_exchange(ws_client, json.dumps({"type": "message", "text": "hello", "client_id": "c1"}))
    assert ok.status == 200 and ok.body["reply_to"] == "c1", ok


async def test_websocket_binary_frame_gets_an_error_frame(fake_ws_client):
    answer = await ws_exchange(fake_ws_client, b'{"type": "message", "text": "hi"}')
    assert answer.status == 400 and "text" in answer.body["error"]


@pytest.mark.parametrize(
    ("frame", "close_code"),
    [
        pytest.param(b"a" * MB, 1009, id="one_megabyte"),
        pytest.param(b"caf\xe9 \xff", 1007, id="invalid_utf8"),
    ],
)
async def test_websocket_closes_on_protocol_violations_and_reconnects(
    fake_api_client, fake_ws_client, frame, close_code
):
    """A frame over 64 KB or a TEXT frame that is not UTF-8 breaks the WebSocket protocol: the gateway closes
    with the standard code (1009 message too big, 1007 invalid data) and a new socket works."""
    api_client, ws_client = fake_api_client, fake_ws_client
    before = audit(api_client.settings.app_database_url)
    answer = await ws_exchange(ws_client, frame, raw_text=True)
    assert answer.status == close_code
    assert audit(api_client.settings.app_database_url) == before
    ws = await api_client.ws_connect(ws_path(ws_client.sender), headers={"Origin": ORIGIN})
    ok = await ws_exchange(ws, json.dumps({"type": "message", "text": "hello"}))
    await ws.close()
    assert ok.status == 200


@pytest.mark.parametrize("case", sorted(ODD_TEXTS))
async def test_websocket_odd_text_gets_a_reply_and_is_stored_as_cleaned(api_client, ws_client, case):
    answer = await ws_exchange(ws_client, json.dumps({"type": "message", "text": ODD_TEXTS[case]}))
    assert answer.status == 200 and isinstance(answer.body["messages"], list), answer
    [exchange] = audit(api_client.settings.app_database_url, ws_client.sender)[ws_client.sender]
    assert exchange.inbound == expected_text(ODD_TEXTS[case])
    assert exchange.replies == [m["text"] for m in answer.body["messages"]]


async def test_websocket_refuses_bad_handshakes(fake_api_client):
    api_client = fake_api_client
    for path, origin in [
        (ws_path(web_sender()), "https://evil.example"),
        (f"/ws?sender_id={web_sender()}", ORIGIN),  # a web: id the gateway did not issue
        ("/ws?sender_id=tg:123456789", ORIGIN),
        ("/ws?sender_id=web:%00%00", ORIGIN),
        ("/ws", ORIGIN),
    ]:
        resp = await api_client.get(
            path,
            headers={
                "Origin": origin,
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            },
        )
        assert resp.status in (400, 401, 403), (path, resp.status)
        assert isinstance((await resp.json())["error"], str)


async def test_ten_thousand_websocket_frames_from_one_session(aiohttp_client, fake_backend, tmp_path):
    """10,000 message frames on one socket: at most `limit` answered, every other one an error frame asking
    to wait; the socket stays open and the app DB holds exactly the answered messages, by client_id."""
    from bot.app import init_app

    limit = 30
    settings = fake_backend.settings(tmp_path, rate_limit_per_minute=limit)
    client = await aiohttp_client(await init_app(settings))
    sender = web_sender()
    ws = await client.ws_connect(ws_path(sender), headers={"Origin": ORIGIN}, max_msg_size=0)
    for i in range(10_000):
        await ws.send_str(json.dumps({"type": "message", "text": f"frame {i}", "client_id": f"c{i}"}))
    kinds: dict[str, int] = {}
    answered: dict[str, list[str]] = {}
    while sum(kinds.values()) < 10_000:
        msg = await asyncio.wait_for(ws.receive(), 120)
        assert msg.type == 1, msg  # TEXT; the socket was not closed on us
        data = json.loads(msg.data)
        if data["type"] == "typing":
            continue
        kinds[data["type"]] = kinds.get(data["type"], 0) + 1
        if data["type"] == "bot":
            answered[data["reply_to"]] = [m["text"] for m in data["messages"]]
        else:
            assert data["type"] == "error" and "wait" in data["error"].lower(), data
    await ws.close()
    assert 1 <= kinds["bot"] <= limit and kinds["bot"] + kinds["error"] == 10_000, kinds
    exchanges = audit(settings.app_database_url)[sender]
    assert {e.client_id: e.replies for e in exchanges} == answered


# --------------------------------------------------------------------------- Telegram webhook
REJECTED_TG = {
    "empty_body": b"",
    "broken_json": b'{"update_id": 1, "message": {',
    "invalid_utf8": b'{"update_id": 1, "message": {"text": "\xff"}}',
    "one_megabyte_body": json.dumps({"update_id": 1, "pad": "a" * MB}).encode(),
    "not_an_object": b"[1, 2, 3]",
    "update_id_is_string": b'{"update_id": "1"}',
    "update_id_missing": b'{"message": {}}',
    "message_is_string": b'{"update_id": 77, "message": "nope"}',
    "message_missing_fields": b'{"update_id": 78, "message": {"text": "hi"}}',
    "update_id_too_large": json.dumps(tg_update(2**70, "hi", 5550001)).encode(),
    "deeply_nested_json": b"[" * 30_000 + b"]" * 30_000,
}


@pytest.mark.parametrize("case", sorted(REJECTED_TG))
async def test_telegram_webhook_rejects_garbage_cleanly(fake_tg_client, case):
    tg_client, tg_settings = fake_tg_client, fake_tg_client.settings
    before = audit(tg_settings.app_database_url)
    answer = await post_telegram(tg_client, REJECTED_TG[case])
    assert 400 <= answer.status < 500 and is_error(answer), answer
    await settle(tg_client.app)
    assert audit(tg_settings.app_database_url) == before


TG_SILENT = {"whitespace_text": " \n\t ", "control_only_text": "\x00\x01"}


@pytest.mark.parametrize("case", sorted(set(ODD_TEXTS) | set(TG_SILENT) | {"text_over_limit"}))
async def test_telegram_odd_messages(tg_client, tg_settings, bot_api, case):
    """Accepted with 200 (Telegram must not retry); odd text gets a reply and is stored cleaned; empty text is
    dropped silently (Telegram cannot send it); an over-long message gets a polite 'too long'."""
    chat_id = 5_000_000 + sorted(set(ODD_TEXTS) | set(TG_SILENT) | {"text_over_limit"}).index(case)
    text = ODD_TEXTS.get(case) or TG_SILENT.get(case) or "a" * 5000
    answer = await post_telegram(
        tg_client, json.dumps(tg_update(900 + chat_id % 1000, text, chat_id)).encode()
    )
    assert answer.status == 200, answer
    await settle(tg_client.app)
    sent = [p["text"] for m, p in bot_api.calls if m == "sendMessage" and int(p["chat_id"]) == chat_id]
    stored = audit(tg_settings.app_database_url).get(f"tg:{chat_id}", [])
    if case in TG_SILENT:
        assert sent == [] and stored == []
    elif case == "text_over_limit":
        assert len(sent) == 1 and "too long" in sent[0] and stored == []
    else:
        assert sent, "an odd but valid message deserves a reply"
        [exchange] = stored
        assert exchange.inbound == expected_text(text)


async def test_telegram_flood_from_one_chat(aiohttp_client, tg_settings, bot_api, backend):
    """200 updates from one chat in a burst: all acknowledged, each claimed once, `limit` reach Rasa, the rest
    are told to slow down; the app DB holds exactly the answered messages."""
    from bot.app import init_app

    limit, n = 30, 200
    settings = tg_settings.replace(rate_limit_per_minute=limit)
    client = await aiohttp_client(await init_app(settings))
    await asyncio.wait_for(client.app[TELEGRAM_KEY].ready.wait(), 20)
    chat_id = 6_000_001
    answers = await asyncio.gather(
        *(
            post_telegram(client, json.dumps(tg_update(10_000 + i, f"flood {i}", chat_id)).encode())
            for i in range(n)
        )
    )
    assert {a.status for a in answers} == {200}
    await settle(client.app, timeout=240)
    exchanges = audit(settings.app_database_url)[f"tg:{chat_id}"]
    assert len(exchanges) == limit and len({e.inbound for e in exchanges}) == limit
    if backend.fake_rasa is not None:
        assert len([c for c in backend.fake_rasa.calls if c["sender"] == f"tg:{chat_id}"]) == limit
    slow_down = [p for m, p in bot_api.calls if m == "sendMessage" and "too quickly" in p["text"]]
    assert len(slow_down) == n - limit

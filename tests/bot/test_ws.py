"""GET /ws (Contract 4): origin check, typing, replies, idempotency, errors, counselor push, shutdown."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot import store
from bot.delivery import deliver_counselor_message, hold_conversation, release_conversation
from bot.keys import DB_KEY, SOCKETS_KEY, WIDGET_SESSIONS_KEY
from bot.web_delivery import WEB_DELIVERY_KEY

SENDER = "web:6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
ORIGIN = {"Origin": "https://college.example"}


def token(client, sender=SENDER) -> str:
    """The token POST /api/v1/session would have issued with `sender`."""
    return client.app[WIDGET_SESSIONS_KEY].token_for(sender)


async def connect(client, sender=SENDER, headers=ORIGIN):
    return await client.ws_connect(
        f"/ws?sender_id={sender}&site=college&token={token(client, sender)}", headers=headers
    )


async def receive_until(ws, kind):
    while True:
        msg = await asyncio.wait_for(ws.receive_json(), 10)
        if msg["type"] == kind:
            return msg


async def test_message_gets_typing_then_reply(gateway_client, fake_rasa):
    ws = await connect(gateway_client)
    await ws.send_json({"type": "message", "text": "hi", "client_id": "c1"})
    assert (await ws.receive_json())["type"] == "typing"
    reply = await ws.receive_json()
    assert reply["type"] == "bot" and reply["reply_to"] == "c1"
    assert reply["messages"][0]["text"] == "Hi! I'm Pivot. Where do you work now?"
    assert fake_rasa.calls[0] == {
        "sender": SENDER,
        "message": "hi",
        "metadata": {"channel": "web", "site": "college"},
    }
    await ws.close()


async def test_repeated_client_id_is_not_sent_to_rasa_twice(gateway_client, fake_rasa):
    ws = await connect(gateway_client)
    for _ in range(2):
        await ws.send_json({"type": "message", "text": "hello there", "client_id": "same"})
        reply = await receive_until(ws, "bot")
        assert reply["messages"] == [{"text": "You said: hello there", "buttons": []}]
    assert len(fake_rasa.calls) == 1
    await ws.close()


async def test_replies_come_in_order(gateway_client, fake_rasa):
    fake_rasa.delay_s = 0.01
    ws = await connect(gateway_client)
    for i in range(10):
        await ws.send_json({"type": "message", "text": f"n{i}", "client_id": f"id{i}"})
    replies = [await receive_until(ws, "bot") for _ in range(10)]
    assert [r["reply_to"] for r in replies] == [f"id{i}" for i in range(10)]
    assert fake_rasa.max_in_flight_per_sender[SENDER] == 1
    await ws.close()


@pytest.mark.parametrize("origin", [{"Origin": "https://evil.example"}, {}])
async def test_foreign_or_missing_origin_is_refused(gateway_client, origin):
    with pytest.raises(aiohttp.WSServerHandshakeError) as info:
        await connect(gateway_client, headers=origin)
    assert info.value.status == 403


async def test_an_origin_matching_the_forged_host_is_refused(gateway_client):
    """Only ALLOWED_ORIGINS count: a script sets `Host` and `Origin` to the same thing at will."""
    for host in ("evil.example", f"{gateway_client.host}:{gateway_client.port}"):
        with pytest.raises(aiohttp.WSServerHandshakeError) as info:
            await connect(gateway_client, headers={"Host": host, "Origin": f"http://{host}"})
        assert info.value.status == 403


async def test_bad_sender_is_refused(gateway_client):
    for sender in ("api:someone", "tg:1", "web:x"):
        with pytest.raises(aiohttp.WSServerHandshakeError) as info:
            await connect(gateway_client, sender=sender)
        assert info.value.status == 400


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("not json", "messages must be JSON"),
        ("[" * 30_000 + "]" * 30_000, "messages must be JSON"),
        ("[1, 2]", "messages must be JSON objects"),
        ('{"type": "message", "text": "   ", "client_id": "e1"}', "text must not be empty"),
        ('{"type": "message", "text": 5, "client_id": "e2"}', "text must be a string"),
        ('{"type": "bogus"}', "unknown message type"),
        ('{"type": "message", "text": "hi", "client_id": "bad id!"}', "client_id must be"),
    ],
)
async def test_bad_frames_get_an_error_and_the_socket_stays_open(gateway_client, frame, error):
    ws = await connect(gateway_client)
    await ws.send_str(frame)
    reply = await ws.receive_json()
    assert reply["type"] == "error" and reply["error"].startswith(error)
    await ws.send_json({"type": "ping"})
    assert await ws.receive_json() == {"type": "pong"}
    await ws.close()


async def test_too_long_and_rate_limited(aiohttp_client, gateway_settings):
    from bot.app import init_app

    client = await aiohttp_client(await init_app(gateway_settings.replace(rate_limit_per_minute=2)))
    ws = await connect(client)
    await ws.send_json({"type": "message", "text": "x" * 2001, "client_id": "long"})
    reply = await ws.receive_json()
    assert reply == {
        "type": "error",
        "reply_to": "long",
        "error": "Your message is too long. Please keep it under 2000 characters.",
    }
    for i in range(3):
        await ws.send_json({"type": "message", "text": f"m{i}", "client_id": f"r{i}"})
    kinds = []
    while len([k for k in kinds if k in ("bot", "error")]) < 3:
        msg = await asyncio.wait_for(ws.receive_json(), 10)
        kinds.append(msg["type"])
        if msg["type"] == "error":
            assert "too quickly" in msg["error"]
    assert kinds.count("bot") == 2 and kinds.count("error") == 1
    await ws.close()


async def test_rasa_down_keeps_the_message_and_answers_it_when_rasa_is_back(gateway_client, fake_rasa):
    gateway_client.app[WEB_DELIVERY_KEY].retry_first_s = 0.05
    fake_rasa.status_code = 500
    ws = await connect(gateway_client)
    await ws.send_json({"type": "message", "text": "hi", "client_id": "down"})
    kept = await receive_until(ws, "waiting")
    assert kept["reply_to"] == "down" and "kept your message" in kept["text"]
    fake_rasa.status_code = 200
    reply = await receive_until(ws, "bot")
    assert reply["reply_to"] == "down" and reply["messages"][0]["text"].startswith("Hi! I'm Pivot")
    await ws.close()


async def test_counselor_push_and_hold(gateway_client, fake_rasa):
    app = gateway_client.app
    ws = await connect(gateway_client)
    await ws.send_json({"type": "message", "text": "I want a human", "client_id": "h1"})
    await receive_until(ws, "bot")
    assert (await store.get_flags(app[DB_KEY], SENDER)).handoff_requested

    await hold_conversation(app, SENDER, "ann")
    await ws.send_json({"type": "message", "text": "are you there?", "client_id": "h2"})
    held = await receive_until(ws, "bot")
    assert held["messages"][0]["text"].startswith(
        "Yes, I'm here. A counselor has taken over this conversation"
    )
    await ws.send_json({"type": "message", "text": "I have a question about loans", "client_id": "h3"})
    assert (await receive_until(ws, "bot"))["messages"] == []  # kept for the counselor, already answered
    assert len(fake_rasa.calls) == 1  # nothing went to Rasa while held

    result = await deliver_counselor_message(app, SENDER, "Hi, I'm Ann.", "ann")
    assert result.live
    pushed = await receive_until(ws, "counselor")
    assert pushed == {"type": "counselor", "id": pushed["id"], "text": "Hi, I'm Ann."}

    await release_conversation(app, SENDER)
    await ws.send_json({"type": "message", "text": "thanks", "client_id": "h4"})
    assert (await receive_until(ws, "bot"))["messages"] == [{"text": "You said: thanks", "buttons": []}]
    history = [(h.from_, h.text) for h in await store.get_history(app[DB_KEY], SENDER)]
    assert ("user", "are you there?") in history and ("user", "I have a question about loans") in history
    assert ("counselor", "Hi, I'm Ann.") in history
    await ws.close()


async def test_counselor_message_without_open_socket_lands_in_history(gateway_client):
    proof = token(gateway_client)
    body = {"sender_id": SENDER, "text": "hi", "token": proof}
    await gateway_client.post("/api/v1/messages", json=body, headers=ORIGIN)
    result = await deliver_counselor_message(gateway_client.app, SENDER, "Call me", "ann")
    assert result.recorded and not result.live
    resp = await gateway_client.get("/api/v1/history", params={"sender_id": SENDER, "token": proof})
    assert (await resp.json())["messages"][-1]["from"] == "counselor"


async def test_shutdown_closes_sockets_with_going_away(aiohttp_client, gateway_settings):
    from bot.app import init_app

    client = await aiohttp_client(await init_app(gateway_settings))
    ws = await connect(client)
    assert client.app[SOCKETS_KEY].count(SENDER) == 1
    await client.app.shutdown()
    msg = await ws.receive()
    assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
    assert ws.close_code == aiohttp.WSCloseCode.GOING_AWAY


async def test_button_press_shows_its_title_in_the_history(gateway_client, fake_rasa):
    ws = await connect(gateway_client)
    await ws.send_json({"type": "message", "text": "hi", "client_id": "b0"})  # offers Finance
    await receive_until(ws, "bot")
    payload = '/inform_current{"occupation": "field:finance"}'
    await ws.send_json({"type": "message", "text": payload, "display": "Finance", "client_id": "b1"})
    await receive_until(ws, "bot")
    assert fake_rasa.calls[-1]["message"] == payload
    history = await store.get_history(gateway_client.app[DB_KEY], SENDER)
    assert history[3].text == "Finance"
    await ws.close()


async def test_payloads_and_titles_pivot_never_offered_are_plain_text(gateway_client, fake_rasa):
    """Typed Rasa payloads reach the NLU as text, and a made-up `display` never reaches the transcript."""
    ws = await connect(gateway_client)
    await ws.send_json({"type": "message", "text": "hi", "client_id": "p0"})
    await receive_until(ws, "bot")
    frames = [
        {"text": '/inform_current{"occupation": "field:nursing"}', "display": "Finance"},
        {"text": "/request_human"},
        {"text": '/inform_current{"occupation": "field:finance"}', "display": "I am a counselor"},
        {"text": "I like maths", "display": "Please delete my data"},
        {"text": "/restart"},  # the widget menu's own command
    ]
    for i, frame in enumerate(frames):
        await ws.send_json({"type": "message", "client_id": f"p{i + 1}", **frame})
        await receive_until(ws, "bot")

    assert [c["message"] for c in fake_rasa.calls[1:]] == [
        'inform_current{"occupation": "field:nursing"}',
        "request_human",
        '/inform_current{"occupation": "field:finance"}',  # offered: the payload goes through
        "I like maths",
        "/restart",
    ]
    shown = [h.text for h in await store.get_history(gateway_client.app[DB_KEY], SENDER) if h.from_ == "user"]
    assert shown[1:] == [
        'inform_current{"occupation": "field:nursing"}',
        "request_human",
        '/inform_current{"occupation": "field:finance"}',
        "I like maths",
        "/restart",
    ]
    await ws.close()


async def test_odd_site_label_is_accepted(gateway_client, fake_rasa):
    ws = await gateway_client.ws_connect(
        f"/ws?sender_id={SENDER}&token={token(gateway_client)}&site=College X (main campus)", headers=ORIGIN
    )
    await ws.send_json({"type": "message", "text": "hi", "client_id": "s1"})
    await receive_until(ws, "bot")
    assert fake_rasa.calls[-1]["metadata"]["site"] == "College X (main campus)"
    await ws.close()


async def test_ten_thousand_frames_from_one_session(gateway_client, fake_rasa):
    """A flood over one socket: at most 30 answered (the per-minute budget), every other frame refused,
    the socket and the gateway stay up, and the stored transcript is exactly the answered messages."""
    ws = await connect(gateway_client)
    total = 10_000
    for i in range(total):
        await ws.send_str(f'{{"type": "message", "text": "flood {i}", "client_id": "f{i}"}}')
    answered, refused = 0, 0
    while answered + refused < total:
        frame = await asyncio.wait_for(ws.receive_json(), 30)
        if frame["type"] == "bot":
            answered += 1
        elif frame["type"] == "error":
            assert "too quickly" in frame["error"]
            refused += 1
    assert 1 <= answered <= 30 and len(fake_rasa.calls) == answered  # never more than the budget
    assert await store.count_messages(gateway_client.app[DB_KEY], SENDER) == 2 * answered
    await ws.send_json({"type": "ping"})
    assert await receive_until(ws, "pong") == {"type": "pong"}
    await ws.close()

"""How a test knocks on each door of the gateway: HTTP API, WebSocket, Telegram webhook.

Each helper sends raw bytes (so a test can send what no well-behaved client would) and returns what came
back in one shape: `Answer(status, body)` where `status` is the HTTP status (WebSocket: 200 for a `bot`
frame, 400 for an `error` frame, the close code for a closed socket).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType

from bot.widget_session import WidgetSessions

ORIGIN = "https://college.example"
TG_SECRET = "reliability-Secret_token-123"
# The gateways of this suite sign widget ids with it, so a test can present the token
# POST /api/v1/session would have issued.
WIDGET_SECRET = "reliability-widget-secret-0123456789"
_SESSIONS = WidgetSessions(WIDGET_SECRET)
# The gateways of this suite have one integration key (`api:` sender ids need one); post_api sends it.
API_KEY = "reliability-integration-key-0123456789"
API_HEADERS = {"X-API-Key": API_KEY}


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str] | None = None


def web_sender() -> str:
    return f"web:{uuid.uuid4()}"


def api_sender() -> str:
    return f"api:{uuid.uuid4().hex}"


def web_token(sender_id: str) -> str:
    return _SESSIONS.token_for(sender_id)


def ws_path(sender_id: str) -> str:
    """`/ws` for a widget conversation, with its token."""
    return f"/ws?sender_id={sender_id}&token={web_token(sender_id)}"


def message_body(sender_id: str, text: Any, **extra: Any) -> bytes:
    """A POST /api/v1/messages body; a `web:` sender carries its token."""
    proof = {"token": web_token(sender_id)} if sender_id.startswith("web:") else {}
    return json.dumps({"sender_id": sender_id, "text": text, **proof, **extra}).encode()


async def post_api(client, raw: bytes, content_type: str = "application/json") -> Answer:
    resp = await client.post(
        "/api/v1/messages", data=raw, headers={"Content-Type": content_type, **API_HEADERS}
    )
    raw_body = await resp.read()
    assert b"Traceback" not in raw_body, raw_body[:500]
    try:
        body = json.loads(raw_body)
    except ValueError:
        body = raw_body.decode("utf-8", "replace")
    return Answer(resp.status, body, dict(resp.headers))


async def ws_exchange(ws, frame: str | bytes, *, raw_text: bool = False, timeout: float = 90) -> Answer:
    """Send one frame and wait for the gateway's answer to it (skipping `typing`)."""
    if raw_text:  # a TEXT frame whose payload need not be UTF-8
        await ws._writer.send_frame(frame, WSMsgType.TEXT)  # noqa: SLF001 - the public API encodes for us
    elif isinstance(frame, bytes):
        await ws.send_bytes(frame)
    else:
        await ws.send_str(frame)
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout)
        if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
            return Answer(ws.close_code or 1006, None)
        data = json.loads(msg.data)
        if data.get("type") == "typing":
            continue
        return Answer(200 if data.get("type") == "bot" else 400, data)


def tg_update(update_id: int, text: Any, chat_id: int) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Sam"}
    chat = {"id": chat_id, "first_name": "Sam", "type": "private"}
    return {
        "update_id": update_id,
        "message": {"message_id": update_id, "from": user, "chat": chat, "date": 1746268800, "text": text},
    }


async def post_telegram(client, raw: bytes) -> Answer:
    resp = await client.post(
        "/telegram/webhook",
        data=raw,
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_SECRET},
    )
    raw_body = await resp.read()
    assert b"Traceback" not in raw_body, raw_body[:500]
    try:
        body = json.loads(raw_body)
    except ValueError:
        body = raw_body.decode("utf-8", "replace")
    return Answer(resp.status, body, dict(resp.headers))


def is_error(answer: Answer) -> bool:
    """A clean client error: 4xx with `{"error": <non-empty str>}`."""
    return (
        400 <= answer.status < 500
        and isinstance(answer.body, dict)
        and isinstance(answer.body.get("error"), str)
        and bool(answer.body["error"].strip())
    )


def is_unavailable(answer: Answer) -> bool:
    """A clean outage answer: 503, `{"error": ...}` asking to try again, and a Retry-After."""
    return (
        answer.status == 503
        and isinstance(answer.body, dict)
        and "try again" in str(answer.body.get("error", "")).lower()
        and "Retry-After" in (answer.headers or {})
    )


def is_reply(answer: Answer, sender_id: str | None = None) -> bool:
    """A 200 in the contract's shape: `{"sender_id", "messages": [{"text": str, "buttons": [...]}]}`."""
    body = answer.body
    if answer.status != 200 or not isinstance(body, dict) or not isinstance(body.get("messages"), list):
        return False
    if sender_id is not None and body.get("sender_id") != sender_id:
        return False
    for m in body["messages"]:
        if not (
            isinstance(m, dict) and isinstance(m.get("text"), str) and isinstance(m.get("buttons"), list)
        ):
            return False
        for b in m["buttons"]:
            if not (
                isinstance(b, dict) and isinstance(b.get("title"), str) and isinstance(b.get("payload"), str)
            ):
                return False
    return True


async def settle(app, timeout: float = 120.0) -> None:
    """Wait until every queued Telegram update has been processed (bounded)."""
    from bot.telegram.channel import TELEGRAM_KEY

    channel = app[TELEGRAM_KEY]
    for _ in range(int(timeout / 0.05)):
        if not channel.queues._workers:  # noqa: SLF001 - the channel exposes no public "idle"
            return
        await asyncio.sleep(0.05)
    raise AssertionError("telegram updates still processing")

"""`GET /ws` — the widget's WebSocket (Contract 4).

The `Origin` must be allowed (403 before the upgrade otherwise) and `token` must be the one issued with
the `web:` sender id (401 otherwise). Each incoming message is handled in
its own task so the socket keeps reading (heartbeats, more messages) while Rasa thinks; the sender's
lock in `ConversationService` keeps replies in order. A task is not cancelled when the socket closes,
so a message that reached the gateway is still processed and recorded (the widget finds the reply in
the history or by re-sending the same `client_id`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from typing import Any

from aiohttp import WSMsgType, web
from sqlalchemy.exc import SQLAlchemyError

from bot.conversation import RASA_DOWN_ERROR, ConversationService
from bot.keys import CONVERSATION_KEY, SETTINGS_KEY, SOCKETS_KEY, WIDGET_SESSIONS_KEY
from bot.middlewares import UNAVAILABLE, origin_allowed
from bot.rasa import RasaUnavailable
from bot.rate_limits import request_address
from bot.validation import ApiError, clean_client_id, clean_display, clean_site, clean_text, parse_sender_id
from bot.views.api import WEB_ID_HELP
from bot.widget_session import TOKEN_FIELD

log = logging.getLogger(__name__)
WS_MAX_MESSAGE_BYTES = 64 * 1024
MAX_PENDING_PER_SOCKET = 20  # messages being processed for one socket; more is a flood
TASKS_KEY = web.AppKey("ws_tasks", set)


async def websocket(request: web.Request) -> web.WebSocketResponse:
    if not origin_allowed(request, request.headers.get("Origin")):
        raise ApiError(403, "origin not allowed")
    sender_id = parse_sender_id(request.query.get("sender_id"), channels=("web",))
    if not request.app[WIDGET_SESSIONS_KEY].valid(sender_id, request.query.get(TOKEN_FIELD)):
        raise ApiError(401, WEB_ID_HELP)
    try:
        site = clean_site(request.query.get("site"))
    except ApiError:
        site = None  # a label only: never refuse a conversation over it
    address = request_address(request)
    ws = web.WebSocketResponse(heartbeat=30, max_msg_size=WS_MAX_MESSAGE_BYTES)
    await ws.prepare(request)
    app = request.app
    registry = app[SOCKETS_KEY]
    registry.add(sender_id, ws)
    pending: set[asyncio.Task[None]] = set()
    try:
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                if len(pending) >= MAX_PENDING_PER_SOCKET:
                    await _send(ws, {"type": "error", "error": FLOOD, "reply_to": _client_id_of(msg.data)})
                    continue
                task = asyncio.create_task(_on_text(app, ws, sender_id, site, address, msg.data))
                for group in (pending, app[TASKS_KEY]):
                    group.add(task)
                    task.add_done_callback(group.discard)
            elif msg.type == WSMsgType.BINARY:
                await _send(ws, {"type": "error", "error": "send text frames with JSON", "reply_to": None})
    finally:
        registry.remove(sender_id, ws)
    return ws


FLOOD = "You're sending messages too quickly. Please wait a moment and try again."


def _client_id_of(raw: str) -> str | None:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    value = data.get("client_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


async def _send(ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
    if ws.closed:
        return
    try:
        await ws.send_json(data)
    except (ConnectionError, RuntimeError):
        pass  # the person left; the reply is in the history


async def _on_text(
    app: web.Application,
    ws: web.WebSocketResponse,
    sender_id: str,
    site: str | None,
    address: str,
    raw: str,
) -> None:
    reply_to = None
    try:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            raise ApiError(400, "messages must be JSON") from None
        if not isinstance(data, dict):
            raise ApiError(400, "messages must be JSON objects")
        reply_to = data.get("client_id") if isinstance(data.get("client_id"), str) else None
        kind = data.get("type")
        if kind == "ping":
            await _send(ws, {"type": "pong"})
            return
        if kind != "message":
            raise ApiError(400, "unknown message type")
        client_id = clean_client_id(data.get("client_id"))
        settings = app[SETTINGS_KEY]
        text = clean_text(data.get("text"), settings.max_message_chars)
        display = clean_display(data.get("display"))
        service: ConversationService = app[CONVERSATION_KEY]
        wait = await service.retry_after(sender_id, address)
        if wait:
            raise ApiError(
                429,
                f"You're sending messages too quickly. Please wait {math.ceil(wait)} seconds and try again.",
            )
        await _send(ws, {"type": "typing"})
        try:
            outcome = await service.handle(
                sender_id,
                text,
                channel="web",
                site=site,
                client_id=client_id,
                display_text=display,
                offered_only=True,
            )
        except RasaUnavailable:
            raise ApiError(503, RASA_DOWN_ERROR) from None
        await _send(ws, {"type": "bot", "reply_to": client_id, "messages": outcome.messages})
    except ApiError as exc:
        message = exc.message
        if exc.status == 413:
            limit = app[SETTINGS_KEY].max_message_chars
            message = f"Your message is too long. Please keep it under {limit} characters."
        await _send(ws, {"type": "error", "error": message, "reply_to": reply_to})
    except (SQLAlchemyError, OSError) as exc:
        log.error("websocket message from %s failed, database unavailable: %r", sender_id, exc)
        await _send(ws, {"type": "error", "error": UNAVAILABLE, "reply_to": reply_to})
    except Exception:
        log.exception("websocket message from %s failed", sender_id)
        await _send(
            ws,
            {
                "type": "error",
                "error": "Something went wrong on our side. Please try again.",
                "reply_to": reply_to,
            },
        )


async def _close_sockets(app: web.Application) -> None:
    await app[SOCKETS_KEY].close_all()


def setup(app: web.Application) -> None:
    app[TASKS_KEY] = set()
    app.router.add_get("/ws", websocket)
    app.on_shutdown.append(_close_sockets)

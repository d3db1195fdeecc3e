"""`GET /ws` — the widget's WebSocket (Contract 4).

The `Origin` must be allowed (403 before the upgrade otherwise) and `token` must be the one issued with
the `web:` sender id (401 otherwise). Each incoming message is handled in
its own task so the socket keeps reading (heartbeats, more messages) while Rasa thinks; the sender's
lock in `ConversationService` keeps replies in order. A task is not cancelled when the socket closes,
so a message that reached the gateway is still processed and recorded (the widget finds the reply in
the history, in the `resume` frame sent when it reconnects, or by re-sending the same `client_id`).

Delivery (`bot.web_delivery`): `bot` frames name the recorded ids of their messages (`ids`), the widget
acknowledges what it shows (`{"type": "ack", "ids": [...]}`), only that counts as delivered, and what
it never acknowledged is re-sent (`resume`) when a socket opens with `resume=1` (the widget's; other
clients get only the frames they asked for). A message that finds Rasa down gets
`waiting` once and is answered when Rasa is back; a press on an old list is answered "that list has
changed" (`bot.web_buttons`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from typing import Any

from aiohttp import WSMsgType, web
from sqlalchemy.exc import SQLAlchemyError

from bot.channels import CHANNELS_KEY
from bot.conversation import CONVERSATION_KEY, RASA_DOWN_ERROR, ConversationService, Outcome
from bot.counselor import receipts
from bot.keys import DB_KEY, SETTINGS_KEY, SOCKETS_KEY, WIDGET_SESSIONS_KEY
from bot.middlewares import UNAVAILABLE, origin_allowed
from bot.rasa import RasaUnavailable
from bot.rate_limits import request_address
from bot.validation import ApiError, clean_client_id, clean_display, clean_site, clean_text, parse_sender_id
from bot.views.api import WEB_ID_HELP
from bot.web_buttons import answer_if_stale
from bot.web_delivery import (
    RASA_WAIT,
    RASA_WAIT_LIMIT,
    WEB_DELIVERY_KEY,
    WebDelivery,
    clean_ids,
    clean_list_id,
    record_acks,
    reply_ids,
    unacked,
)
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
    if request.query.get("resume") == "1":  # the client draws `resume` frames (the widget does)
        resume = asyncio.create_task(_resume(app, ws, sender_id))  # the socket reads meanwhile
        for group in (pending, app[TASKS_KEY]):
            group.add(resume)
            resume.add_done_callback(group.discard)
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


async def _resume(app: web.Application, ws: web.WebSocketResponse, sender_id: str) -> None:
    """Re-send what this person's widget never acknowledged (it draws only the ids it lacks)."""
    try:
        items = await unacked(app[DB_KEY], sender_id)
    except (SQLAlchemyError, OSError) as exc:
        log.warning("could not read unacknowledged replies of %s: %r", sender_id, exc)
        return
    if items:
        app[WEB_DELIVERY_KEY].counts["resent"] += len(items)
        await _send(ws, {"type": "resume", "messages": items})


async def _deliver(
    app: web.Application, ws: web.WebSocketResponse, sender_id: str, frame: dict[str, Any]
) -> None:
    """To the socket the message came on; if it closed meanwhile, to the person's other open sockets."""
    app[WEB_DELIVERY_KEY].counts["frames_sent"] += 1
    if not ws.closed:
        await _send(ws, frame)
    else:
        await app[SOCKETS_KEY].send_json(sender_id, frame)


async def _on_ack(app: web.Application, sender_id: str, raw_ids: Any) -> None:
    db = app[DB_KEY]
    new, counselor_ids = await record_acks(db, sender_id, clean_ids(raw_ids))
    app[WEB_DELIVERY_KEY].counts["acked"] += new
    if counselor_ids:  # the dashboard's receipt: delivered live in the widget
        await receipts.mark_delivered(db, sender_id, "live", counselor_ids)


async def _ask_rasa(
    app: web.Application,
    ws: web.WebSocketResponse,
    sender_id: str,
    client_id: str | None,
    text: str,
    **kwargs: Any,
) -> Outcome:
    """`ConversationService.handle`; while Rasa is down, say once that the message is kept and retry
    (1 s doubling to 30 s, for a day at most). The caller holds the person's order lock."""
    service: ConversationService = app[CONVERSATION_KEY]
    delivery: WebDelivery = app[WEB_DELIVERY_KEY]
    key = (sender_id, client_id) if client_id else None
    loop = asyncio.get_running_loop()
    delay, deadline, told = delivery.retry_first_s, loop.time() + RASA_WAIT_LIMIT.total_seconds(), False
    try:
        while True:
            try:
                outcome = await service.handle(sender_id, text, client_id=client_id, **kwargs)
            except RasaUnavailable:
                if loop.time() + delay > deadline:
                    raise
                if not told:
                    told = True
                    delivery.counts["rasa_waits"] += 1
                    if key is not None:
                        delivery.waiting.add(key)
                    task = asyncio.current_task()
                    if task is not None:
                        delivery.track(task)  # cancelled on shutdown
                    await _send(ws, {"type": "waiting", "reply_to": client_id, "text": RASA_WAIT})
                await asyncio.sleep(delay)
                delay = min(delay * 2, delivery.retry_max_s)
                continue
            if told:
                delivery.counts["rasa_recovered"] += 1
            return outcome
    finally:
        if key is not None:
            delivery.waiting.discard(key)


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
        if kind == "ack":
            await _on_ack(app, sender_id, data.get("ids"))
            return
        if kind != "message":
            raise ApiError(400, "unknown message type")
        client_id = clean_client_id(data.get("client_id"))
        settings = app[SETTINGS_KEY]
        text = clean_text(data.get("text"), settings.max_message_chars)
        display = clean_display(data.get("display"))
        list_id = clean_list_id(data.get("list"))
        service: ConversationService = app[CONVERSATION_KEY]
        delivery: WebDelivery = app[WEB_DELIVERY_KEY]
        if client_id and (sender_id, client_id) in delivery.waiting:  # a re-sent copy of a kept message
            delivery.counts["duplicate_waits"] += 1
            await _send(ws, {"type": "waiting", "reply_to": client_id, "text": RASA_WAIT})
            return
        wait = await service.retry_after(sender_id, address)
        if wait:
            raise ApiError(
                429,
                f"You're sending messages too quickly. Please wait {math.ceil(wait)} seconds and try again.",
            )
        await _send(ws, {"type": "typing"})
        async with delivery.order.hold(sender_id):
            messages = await answer_if_stale(
                service, sender_id, text, display, list_id=list_id, client_id=client_id, site=site
            )
            if messages is not None:
                delivery.counts["stale_buttons"] += 1
            else:
                outcome = await _ask_rasa(
                    app,
                    ws,
                    sender_id,
                    client_id,
                    text,
                    channel="web",
                    site=site,
                    display_text=display,
                    offered_only=True,
                )
                messages = outcome.messages
        ids = await reply_ids(app[DB_KEY], sender_id, client_id)
        frame: dict[str, Any] = {"type": "bot", "reply_to": client_id, "messages": messages}
        if len(ids) == len(messages) and ids:
            frame["ids"] = ids
        await _deliver(app, ws, sender_id, frame)
    except RasaUnavailable:  # still down after a day of retries
        await _send(ws, {"type": "error", "error": RASA_DOWN_ERROR, "reply_to": reply_to})
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
    await app[WEB_DELIVERY_KEY].close()


def setup(app: web.Application) -> None:
    app[TASKS_KEY] = set()
    delivery = WebDelivery(app[SOCKETS_KEY])
    app[WEB_DELIVERY_KEY] = delivery
    app[CHANNELS_KEY].add(delivery)  # the widget's LiveChannel (counselor replies, hand-back lines)
    app.router.add_get("/ws", websocket)
    app.on_shutdown.append(_close_sockets)

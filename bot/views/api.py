"""`POST /api/v1/session`, `POST /api/v1/messages`, `GET /api/v1/history`, `GET /api/v1/openapi.json`
(DESIGN.md, Contract 4)."""

from __future__ import annotations

import hmac
import json
import math
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from bot import store
from bot.conversation import CONVERSATION_KEY, RASA_DOWN_ERROR
from bot.counselor import receipts
from bot.keys import DB_KEY, SETTINGS_KEY, WIDGET_SESSIONS_KEY
from bot.middlewares import origin_allowed
from bot.rasa import RasaUnavailable
from bot.rate_limits import request_address
from bot.validation import (
    ApiError,
    clean_client_id,
    clean_display,
    clean_site,
    clean_text,
    clean_token,
    parse_sender_id,
)
from bot.web_buttons import answer_if_stale
from bot.web_delivery import clean_list_id
from bot.widget_session import TOKEN_FIELD, WidgetSessions

WEB_ID_HELP = "web: sender ids come from POST /api/v1/session; send its token with them (or use an API key)"
API_OFF = (
    "the integration API is off: api: sender ids need an API key, and API_KEYS is not set. Set API_KEYS "
    "on the gateway and send one as X-API-Key (the widget needs no key: it uses POST /api/v1/session)"
)
OPENAPI_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"
OPENAPI_KEY = web.AppKey("openapi", dict)
HISTORY_MAX = 1000


def _presented_key(request: web.Request) -> str | None:
    key = request.headers.get("X-API-Key")
    if key:
        return key.strip()
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _key_valid(request: web.Request) -> bool | None:
    """None when no key was presented, else whether it is one of API_KEYS (constant time)."""
    presented = _presented_key(request)
    if presented is None:
        return None
    given = presented.encode()
    ok = False
    for key in request.app[SETTINGS_KEY].api_keys:  # no early exit: time does not depend on which matched
        ok |= hmac.compare_digest(given, key.encode())
    return ok


def check_access(request: web.Request, sender_id: str, token: object) -> None:
    """Who may act for `sender_id`:
    - a `web:` id: whoever holds its token (`POST /api/v1/session` issued both), so ids a caller made
      up or guessed are refused, with or without API_KEYS and whatever key comes along (a key never
      stands in for a widget's token); once API_KEYS is set, a browser on a site outside
      ALLOWED_ORIGINS is refused too (its `Origin` is not listed and it has no key). A request without
      `Origin` passes on its token: browsers leave it out of same-origin GETs (the demo page's history),
      and a script that holds a token could send an allowed `Origin` as easily;
    - an `api:` id: only a caller with a valid key. While API_KEYS is empty (the default) the
      integration API is off (403 saying how to turn it on): an `api:` id is the caller's own choice,
      and without a key anyone who guessed one would read, write or delete that conversation.
    """
    keys = request.app[SETTINGS_KEY].api_keys
    key_ok = _key_valid(request) if keys else None
    if key_ok is False:
        raise ApiError(401, "invalid API key", {"WWW-Authenticate": "Bearer"})
    if sender_id.startswith("web:"):
        if not request.app[WIDGET_SESSIONS_KEY].valid(sender_id, token):
            raise ApiError(401, WEB_ID_HELP)
        origin = request.headers.get("Origin")
        if not keys or key_ok or origin is None or origin_allowed(request, origin):
            return
    elif key_ok:
        return
    elif not keys:
        raise ApiError(403, API_OFF)
    raise ApiError(
        401, "missing API key (X-API-Key or Authorization: Bearer)", {"WWW-Authenticate": "Bearer"}
    )


async def _json_body(request: web.Request) -> dict[str, Any]:
    ctype = request.content_type
    if ctype not in ("application/json", "text/plain", "application/octet-stream", ""):
        raise ApiError(415, "send JSON (Content-Type: application/json)")
    raw = await request.read()  # over client_max_size → 413 from aiohttp
    if not raw.strip():
        raise ApiError(400, "request body must be a JSON object")
    try:
        body = json.loads(raw)
    except UnicodeDecodeError:
        raise ApiError(400, "request body is not valid UTF-8") from None
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise ApiError(400, "request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "request body must be a JSON object")
    return body


async def post_message(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS_KEY]
    body = await _json_body(request)
    sender_id = parse_sender_id(body.get("sender_id"))
    check_access(request, sender_id, clean_token(body.get(TOKEN_FIELD)))
    text = clean_text(body.get("text"), settings.max_message_chars)
    client_id = clean_client_id(body.get("client_id"))
    site = clean_site(body.get("site"))
    display = clean_display(body.get("display"))
    service = request.app[CONVERSATION_KEY]
    wait = await service.retry_after(sender_id, request_address(request))
    if wait:
        raise ApiError(
            429,
            f"too many messages, try again in {math.ceil(wait)} s",
            {"Retry-After": str(math.ceil(wait))},
        )
    channel = "web" if sender_id.startswith("web:") else "api"
    stale = await answer_if_stale(
        service,
        sender_id,
        text,
        display,
        list_id=clean_list_id(body.get("list")),
        client_id=client_id,
        site=site,
        channel=channel,
    )
    if stale is not None:
        return web.json_response({"sender_id": sender_id, "messages": stale})
    try:
        outcome = await service.handle(
            sender_id,
            text,
            channel=channel,
            site=site,
            client_id=client_id,
            display_text=display,
            offered_only=True,
        )
    except RasaUnavailable:
        raise ApiError(503, RASA_DOWN_ERROR, {"Retry-After": "30"}) from None
    return web.json_response({"sender_id": sender_id, "messages": outcome.messages})


async def get_history(request: web.Request) -> web.Response:
    sender_id = parse_sender_id(request.query.get("sender_id"))
    check_access(request, sender_id, clean_token(request.query.get(TOKEN_FIELD)))
    raw_limit = request.query.get("limit", "200")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= HISTORY_MAX:
        raise ApiError(400, f"limit must be a number from 1 to {HISTORY_MAX}")
    items = await store.get_history(request.app[DB_KEY], sender_id, limit=int(raw_limit))
    counselor_ids = [i.id for i in items if i.from_ == "counselor"]
    if counselor_ids:  # the person's widget now shows these replies (bot.counselor.receipts)
        await receipts.mark_delivered(request.app[DB_KEY], sender_id, "history", counselor_ids)
    return web.json_response({"sender_id": sender_id, "messages": [i.to_json() for i in items]})


async def new_session(request: web.Request) -> web.Response:
    """A fresh widget conversation: its `web:` id and the token that proves it (bot.widget_session)."""
    sender_id, token = request.app[WIDGET_SESSIONS_KEY].issue()
    return web.json_response(
        {"sender_id": sender_id, "token": token}, status=201, headers={"Cache-Control": "no-store"}
    )


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(request.app[OPENAPI_KEY])


def load_openapi() -> dict[str, Any]:
    with OPENAPI_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def setup(app: web.Application) -> None:
    app[OPENAPI_KEY] = load_openapi()
    app[WIDGET_SESSIONS_KEY] = WidgetSessions.from_settings(app[SETTINGS_KEY])
    app.router.add_post("/api/v1/session", new_session)
    app.router.add_post("/api/v1/messages", post_message)
    app.router.add_get("/api/v1/history", get_history)
    app.router.add_get("/api/v1/openapi.json", openapi)

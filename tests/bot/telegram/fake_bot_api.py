"""A local fake Telegram Bot API server (aiohttp) that records every call the bot makes and answers like
the real one (https://core.telegram.org/bots/api, as of 2026-11). Telegram's servers are the only thing
it stands in for: the bot reaches it through `base_url` (TELEGRAM_API_BASE_URL), exactly as it would a
self-hosted Bot API server.

Parameters arrive form-encoded (or JSON), with nested objects (`reply_markup`) as JSON strings; `calls`
keeps them decoded. Replies follow the Bot API shapes (`{"ok": true, "result"}` or
`{"ok": false, "error_code", "description", "parameters"?}`). Like Telegram it refuses:
- `sendMessage`: empty text, text over 4,096 characters after entity parsing ("message is too long"),
  `parse_mode=HTML` text with an unsupported or unbalanced tag or a bare `&` ("can't parse entities"),
  inline buttons whose `callback_data` is empty or over 64 bytes ("BUTTON_DATA_INVALID"), a chat in
  `blocked_chats` (403 "bot was blocked by the user");
- `answerCallbackQuery` for an id it did not hand out with `press()`, or one already answered
  ("query is too old and response timeout expired or query ID is invalid");
- `editMessageReplyMarkup` and `editMessageText` of a message that does not exist ("message to edit not
  found"), of the person's message ("message can't be edited") or with the text and markup it already
  has ("message is not modified"; `editMessageText` compares the text as shown, after HTML parsing);
- `setWebhook` with a URL that is not HTTPS or not on port 80, 88, 443 or 8443; `getUpdates` while a
  webhook is set (409).
`getUpdates` honours `offset` (confirms earlier updates), `limit` and the long-poll `timeout`.
A private chat numbers its messages one after the other, the person's and the bot's alike: `incoming()`
gives a person's message the chat's next id, as Telegram does before it sends the update.

Faults on demand, consumed one per call of the method, in `faults[method]`: `("429", retry_after)`,
`("502", None)`, `("500", None)`, `("403", None)`, `("timeout", seconds)` (answers only after that long,
and the message *is* delivered: Telegram got it but the bot stopped waiting) and `("hang", seconds)`
(answers after that long with a 502, nothing delivered: the request never got through), `("bad_html",
None)` and `("too_long", None)` (the 400s Telegram gives for HTML it cannot parse and over-long text,
as if the bot had sent such a message). `fail_methods`
makes a method answer 403 every time. `injected` counts the faults served.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from tests.bot.telegram.updates import USER

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Pivot",
    "username": "pivot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
# Tags Telegram's HTML parse mode accepts (https://core.telegram.org/bots/api#html-style)
HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
    "blockquote", "tg-emoji",
}  # fmt: skip
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*)?)>")
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def parse_html(text: str) -> str:
    """The text Telegram shows for `text` in HTML parse mode, or ApiError 400 as Telegram words it."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            m = TAG.match(text, i)
            if m is None or m.group(2).lower() not in HTML_TAGS:
                name = m.group(2) if m else text[i + 1 : i + 2]
                raise ApiError(
                    400,
                    f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at byte offset '
                    f"{len(text[:i].encode())}",
                )
            closing, name = m.group(1), m.group(2).lower()
            if closing:
                if not stack or stack[-1] != name:
                    raise ApiError(
                        400,
                        f"Bad Request: can't parse entities: Unexpected end tag at byte offset "
                        f"{len(text[:i].encode())}",
                    )
                stack.pop()
            else:
                stack.append(name)
            i = m.end()
            continue
        if ch == "&":
            m = ENTITY.match(text, i)
            if m is None:
                raise ApiError(
                    400,
                    "Bad Request: can't parse entities: Character entity expected at byte offset "
                    f"{len(text[:i].encode())}",
                )
            out.append(html.unescape(m.group(0)))
            i = m.end()
            continue
        if ch == ">":
            raise ApiError(400, "Bad Request: can't parse entities: Unmatched end of tag")
        out.append(ch)
        i += 1
    if stack:
        raise ApiError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1]}"',
        )
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class FakeBotApi:
    token: str = "7000000001:AAFakeTokenForTestsOnly_abcdefghijk"
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    pending_updates: list[dict[str, Any]] = field(default_factory=list)
    fail_methods: set[str] = field(default_factory=set)
    faults: dict[str, list[tuple[str, float | None]]] = field(default_factory=dict)
    delivered: list[dict[str, Any]] = field(default_factory=list)  # sendMessage calls that succeeded
    blocked_chats: set[int] = field(default_factory=set)
    injected: Counter = field(default_factory=Counter)  # faults served, by kind
    refused: list[tuple[str, str]] = field(default_factory=list)  # (method, description) of 4xx answers
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # what each chat shows
    webhook_url: str = ""
    _ids: dict[int, itertools.count] = field(default_factory=dict)  # per chat: the next message id
    user_messages: set[tuple[int, int]] = field(default_factory=set)  # (chat, id) of the person's messages
    _query_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _open_queries: set[str] = field(default_factory=set)
    _new_updates: asyncio.Event | None = None
    _closing: bool = False

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        app.on_shutdown.append(self._wake_pollers)
        return app

    async def _wake_pollers(self, app: web.Application) -> None:
        """Shutting down: long polls answer now (empty) instead of holding the server for their timeout."""
        self._closing = True
        if self._new_updates is not None:
            self._new_updates.set()

    # ------------------------------------------------------------------ what a test reads
    def named(self, *methods: str) -> list[tuple[str, dict[str, Any]]]:
        """The recorded calls to these methods, in order."""
        return [c for c in self.calls if c[0] in methods]

    def sent_texts(self) -> list[str]:
        return [p["text"] for m, p in self.calls if m == "sendMessage"]

    def shown(self, chat_id: int) -> list[dict[str, Any]]:
        """The messages the bot sent to this chat, as the person's app shows them now, oldest first."""
        return [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    # ------------------------------------------------------------------ what a person does
    def next_message_id(self, chat_id: int) -> int:
        return next(self._ids.setdefault(chat_id, itertools.count(1)))

    def incoming(self, update: dict[str, Any]) -> dict[str, Any]:
        """`update` (a message the person sent) with the id Telegram gives it: the chat's next one."""
        message = update.get("message")
        if message is not None:
            chat_id = int(message["chat"]["id"])
            message["message_id"] = self.next_message_id(chat_id)
            self.user_messages.add((chat_id, message["message_id"]))
        return update

    def add_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (long polling)."""
        self.pending_updates.append(update)
        if self._new_updates is not None:
            self._new_updates.set()

    def press(self, update_id: int, message: dict[str, Any], title: str) -> dict[str, Any]:
        """The callback_query update Telegram sends when the person taps the button labelled `title` on
        `message` (one this fake sent, as `shown()` gives it); its id is valid for one answer."""
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        data = next((b["callback_data"] for row in keyboard for b in row if b["text"] == title), None)
        if data is None:
            raise AssertionError(f"no button {title!r} on that message (the person cannot tap it)")
        query_id = str(4382000000000000000 + next(self._query_ids))
        self._open_queries.add(query_id)
        return {
            "update_id": update_id,
            "callback_query": {
                "id": query_id,
                "from": USER,
                "message": json.loads(json.dumps(message)),
                "chat_instance": "-76543210987654321",
                "data": data,
            },
        }

    def expire_queries(self) -> None:
        """Telegram's answer window (about 15 s) has passed for every press handed out so far."""
        self._open_queries.clear()

    # ------------------------------------------------------------------ the server
    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        for key, value in list(params.items()):
            if isinstance(value, str) and value[:1] in "[{":
                params[key] = json.loads(value)
        if method != "getUpdates":
            self.calls.append((method, params))
        if method in self.fail_methods:
            return self._error(method, ApiError(403, "Forbidden: bot was blocked by the user"))
        late_by = 0.0
        if self.faults.get(method):
            kind, value = self.faults[method].pop(0)
            self.injected[kind] += 1
            if kind == "429":
                return self._error(
                    method,
                    ApiError(
                        429, f"Too Many Requests: retry after {value}", {"retry_after": int(value or 1)}
                    ),
                )
            if kind == "403":
                return self._error(method, ApiError(403, "Forbidden: bot was blocked by the user"))
            if kind == "bad_html":
                return self._error(
                    method,
                    ApiError(
                        400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0'
                    ),
                )
            if kind == "too_long":
                return self._error(method, ApiError(400, "Bad Request: message is too long"))
            if kind == "hang":
                await asyncio.sleep(float(value or 0))
                return web.Response(status=502, text="<html><body>502 Bad Gateway</body></html>")
            if kind == "timeout":
                late_by = float(value or 0)
            else:
                status = 500 if kind == "500" else 502
                return web.Response(status=status, text=f"<html><body>{status} Bad Gateway</body></html>")
        try:
            result = await self.result(method, params)
        except ApiError as exc:
            return self._error(method, exc)
        if method == "sendMessage":
            self.delivered.append(params)
        if late_by:  # done, but the answer comes late (the client may have stopped waiting)
            await asyncio.sleep(late_by)
        return web.json_response({"ok": True, "result": result})

    def _error(self, method: str, exc: ApiError) -> web.Response:
        self.refused.append((method, exc.description))
        body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
        if exc.parameters:
            body["parameters"] = exc.parameters
        return web.json_response(body, status=exc.code)

    async def result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            return self._send_message(params)
        if method == "answerCallbackQuery":
            query_id = str(params.get("callback_query_id") or "")
            if query_id not in self._open_queries:
                raise ApiError(400, QUERY_TOO_OLD)
            if len(str(params.get("text") or "")) > 200:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            self._open_queries.discard(query_id)
            return True
        if method == "editMessageReplyMarkup":
            key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
            message = self.messages.get(key)
            if message is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            markup = params.get("reply_markup") or None
            if markup is not None:
                self._check_keyboard(markup)
            if markup == message.get("reply_markup") or (not markup and "reply_markup" not in message):
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message",
                )
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            message["edit_date"] = int(time.time())
            return message
        if method == "editMessageText":
            key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
            if key in self.user_messages:
                raise ApiError(400, "Bad Request: message can't be edited")
            message = self.messages.get(key)
            if message is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            raw = str(params.get("text") or "")
            text = parse_html(raw) if str(params.get("parse_mode", "")).upper() == "HTML" else raw
            if not text.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            if utf16_len(text) > TEXT_LIMIT:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            markup = params.get("reply_markup") or None
            if markup is not None:
                self._check_keyboard(markup)
            if text == message["text"] and markup == message.get("reply_markup"):
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message",
                )
            message["text"] = text
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            message["edit_date"] = int(time.time())
            return message
        if method == "setWebhook":
            url = str(params.get("url") or "")
            if url and not url.startswith("https://"):
                raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            if url and (urlsplit(url).port or 443) not in (80, 88, 443, 8443):
                raise ApiError(
                    400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
                )
            self.webhook_url = url
            return True
        if method == "deleteWebhook":
            self.webhook_url = ""
            return True
        if method == "getUpdates":
            return await self._get_updates(params)
        return True  # setMyCommands, sendChatAction

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        raw = str(params.get("text") or "")
        text = parse_html(raw) if str(params.get("parse_mode", "")).upper() == "HTML" else raw
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        if "reply_markup" in params:
            self._check_keyboard(params["reply_markup"])
        if chat_id in self.blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        chat = (
            {"id": chat_id, "first_name": USER["first_name"], "type": "private"}
            if chat_id > 0
            else {"id": chat_id, "title": "Group", "type": "supergroup"}
        )
        message = {
            "message_id": self.next_message_id(chat_id),
            "from": BOT_USER,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    @staticmethod
    def _check_keyboard(markup: dict[str, Any]) -> None:
        for row in markup.get("inline_keyboard") or []:
            for button in row:
                data = button.get("callback_data")
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
                "delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:  # confirms every update before it: Telegram forgets them
            self.pending_updates[:] = [u for u in self.pending_updates if u["update_id"] >= offset]
        if self._new_updates is None:
            self._new_updates = asyncio.Event()
        deadline = time.monotonic() + timeout
        while True:
            ready = [u for u in self.pending_updates if u["update_id"] >= offset][:limit]
            if ready or time.monotonic() >= deadline or self._closing:
                return ready
            self._new_updates.clear()
            try:
                await asyncio.wait_for(self._new_updates.wait(), max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                pass

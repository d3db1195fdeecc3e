"""A local fake Telegram Bot API server (aiohttp) that records every call the bot makes.

python-telegram-bot reaches it through `base_url` (TELEGRAM_API_BASE_URL), exactly as it would a
self-hosted Bot API server. Parameters arrive form-encoded, with nested objects (`reply_markup`) as
JSON strings; `calls` keeps them decoded. Replies follow the Bot API shapes (`{"ok": true, "result"}`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Pivot",
    "username": "pivot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class FakeBotApi:
    token: str = "7000000001:AAFakeTokenForTestsOnly_abcdefghijk"
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    pending_updates: list[dict[str, Any]] = field(default_factory=list)
    fail_methods: set[str] = field(default_factory=set)
    # Scripted failures, consumed one per call of the method: ("429", retry_after) or ("502", None).
    faults: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)
    delivered: list[dict[str, Any]] = field(default_factory=list)  # sendMessage calls that succeeded
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        return app

    def named(self, *methods: str) -> list[tuple[str, dict[str, Any]]]:
        """The recorded calls to these methods, in order."""
        return [c for c in self.calls if c[0] in methods]

    def sent_texts(self) -> list[str]:
        return [p["text"] for m, p in self.calls if m == "sendMessage"]

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
            return web.json_response(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}, status=403
            )
        if self.faults.get(method):
            kind, retry_after = self.faults[method].pop(0)
            if kind == "429":
                return web.json_response(
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": f"Too Many Requests: retry after {retry_after}",
                        "parameters": {"retry_after": retry_after},
                    },
                    status=429,
                )
            return web.Response(status=502, text="<html><body>502 Bad Gateway</body></html>")
        result = await self.result(method, params)
        if method == "sendMessage":
            self.delivered.append(params)
        return web.json_response({"ok": True, "result": result})

    async def result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            message = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER,
                "text": params["text"],
            }
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            for _ in range(20):
                ready = [u for u in self.pending_updates if u["update_id"] >= offset]
                if ready:
                    return ready
                await asyncio.sleep(0.05)
            return []
        return True  # setWebhook, deleteWebhook, setMyCommands, answerCallbackQuery, sendChatAction

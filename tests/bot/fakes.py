"""Test doubles for what the gateway talks to over HTTP, each a real aiohttp server on a free port.

`FakeRasa` speaks Rasa 3.6's REST channel contract exactly (`POST /webhooks/rest/webhook` with
`{"sender", "message", "metadata"}` → a list of `{"recipient_id", "text"?, "buttons"?, "custom"?}`,
refused with 401 without Pivot's `X-Pivot-Token` header as pivot_rasa/channel.py does,
plus `GET /status?token=`, `GET /` and `GET /conversations/{sender}/tracker?token=` with the user events it
recorded). A message whose text is "swallowed" is answered `200 []` without being recorded, as Rasa's REST
channel does when it fails inside (lock store down, a component raising).
A real Rasa takes a minute to start, so the gateway's unit tests
use this double; the lead's end-to-end suite (tests/e2e) runs the real one. Its replies are scripted
by the message text so each test can trigger one behaviour ("list a" / "list b": two lists whose
"Tell me more about #1" buttons carry the same relative payload, as the real actions' do).
It is the one fake Rasa of the suite: a test with its own script subclasses it and overrides `reply`
(tests/bot/notify, tests/browser), and sets `trackers[sender]` for a recorded tracker.

`FakeActions` answers `GET /health` like rasa-sdk's action server.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

FINANCE_PAYLOAD = '/inform_current{"occupation": "field:finance"}'
PICK_FIRST = '/pick_item{"ordinal": "1"}'  # relative to the newest list, as the real actions' buttons are


@dataclass
class FakeRasa:
    token: str = "rasa-test-token"
    delay_s: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)
    status_code: int = 200
    in_flight: int = 0
    max_in_flight_per_sender: dict[str, int] = field(default_factory=dict)
    trackers: dict[str, dict[str, Any]] = field(default_factory=dict)  # sender -> tracker to answer with
    appended: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)  # (sender, events) posted
    _per_sender: dict[str, int] = field(default_factory=dict)

    def texts(self) -> list[str]:
        """The messages received, in order."""
        return [c["message"] for c in self.calls]

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        app.router.add_get("/status", self.status)
        app.router.add_get("/", self.banner)
        app.router.add_get("/conversations/{sender}/tracker", self.tracker)
        app.router.add_post("/conversations/{sender}/tracker/events", self.events)
        app.router.add_post("/model/parse", self.parse)
        return app

    async def parse(self, request: web.Request) -> web.Response:
        """`POST /model/parse`: the NLU alone (no tracker); "forget"/"delete" read as `forget_me`."""
        if request.query.get("token") != self.token:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        text = (await request.json())["text"]
        self.parsed.append(text)
        intent = "forget_me" if any(w in text.lower() for w in ("forget", "delete")) else "chitchat"
        return web.json_response(
            {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
        )

    async def tracker(self, request: web.Request) -> web.Response:
        if request.query.get("token") != self.token:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        sender = request.match_info["sender"]
        if sender in self.trackers:
            return web.json_response(self.trackers[sender])
        events = [
            {"event": "user", "text": c["message"]}
            for c in self.calls
            if c["sender"] == sender and c["message"] != "swallowed"
        ]
        return web.json_response({"sender_id": sender, "events": events})

    async def events(self, request: web.Request) -> web.Response:
        """`POST /conversations/{sender}/tracker/events`: as Rasa, appends events (the hand-back's slot reset)
        and answers with the tracker; 401 without the token."""
        if request.query.get("token") != self.token:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        sender = request.match_info["sender"]
        body = await request.json()
        self.appended.append((sender, body if isinstance(body, list) else [body]))
        return await self.tracker(request)

    async def banner(self, request: web.Request) -> web.Response:
        return web.Response(text="Hello from Rasa: 3.6.21")

    async def status(self, request: web.Request) -> web.Response:
        if request.query.get("token") != self.token:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        return web.json_response(
            {"model_id": "test", "model_file": "test.tar.gz", "num_active_training_jobs": 0}
        )

    async def webhook(self, request: web.Request) -> web.Response:
        if request.headers.get("X-Pivot-Token") != self.token:  # as pivot_rasa/channel.py
            return web.json_response({"error": "missing or wrong X-Pivot-Token"}, status=401)
        body = await request.json()
        sender, message = body["sender"], body["message"]
        self.calls.append(body)
        self._per_sender[sender] = self._per_sender.get(sender, 0) + 1
        self.max_in_flight_per_sender[sender] = max(
            self.max_in_flight_per_sender.get(sender, 0), self._per_sender[sender]
        )
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            if self.status_code != 200:
                return web.json_response({"error": "boom"}, status=self.status_code)
            return web.json_response(self.reply(sender, message))
        finally:
            self._per_sender[sender] -= 1

    @staticmethod
    def reply(sender: str, message: str) -> list[dict[str, Any]]:
        def text(t: str, **extra: Any) -> dict[str, Any]:
            return {"recipient_id": sender, "text": t, **extra}

        low = message.lower()
        if low in ("hi", "/greet", "hello"):
            return [
                text("Hi! I'm Pivot. Where do you work now?"),
                text(
                    "Pick one or type it:",
                    buttons=[
                        {"title": "Finance", "payload": FINANCE_PAYLOAD},
                        {"title": "Teaching", "payload": '/inform_current{"occupation": "field:teaching"}'},
                    ],
                ),
            ]
        if "human" in low:
            return [
                text("I'll ask a counselor to join."),
                {"recipient_id": sender, "custom": {"event": "handoff_requested"}},
            ]
        if "forget" in low:
            return [
                text("Done. I deleted what you told me."),
                {"recipient_id": sender, "custom": {"event": "forget_me"}},
            ]
        if low in ("list a", "list b"):  # two lists whose "#1" buttons carry the same payload
            name = "Cert A" if low == "list a" else "Cert B"
            return [text(f"1. {name}", buttons=[{"title": "Tell me more about #1", "payload": PICK_FIRST}])]
        if low in ("silence", "swallowed"):
            return []
        if low == "long":
            para = "Credential details. " * 100
            return [text("\n\n".join([para.strip()] * 5))]
        if low == "long buttons":
            return [
                text(
                    "Choose:",
                    buttons=[
                        {"title": "Long", "payload": "/ask_credential" + '{"credential": "' + "x" * 80 + '"}'}
                    ],
                )
            ]
        return [text(f"You said: {message}")]


@dataclass
class FakeActions:
    healthy: bool = True

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/health", self.health)
        return app

    async def health(self, request: web.Request) -> web.Response:
        if not self.healthy:
            return web.json_response({"status": "down"}, status=503)
        return web.json_response({"status": "ok"})

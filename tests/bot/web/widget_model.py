"""A model of the widget's delivery rules (bot/static/src/main.js), to drive the real gateway's socket in
the fault suite. The browser test (tests/browser/test_widget_delivery.py) checks that the real widget
follows the same rules; this model lets the suite inject faults the browser cannot be told to make.

The rules, as main.js has them:
- an outbox of the person's messages (each with a `client_id`), sent again whenever a socket opens and
  dropped when a `bot` frame answers it;
- a message id is drawn once: `bot` frames (`ids`), `counselor` frames (`id`) and history items carry ids,
  and an id already on screen is not drawn again;
- what is drawn is acknowledged (`{"type": "ack", "ids": [...]}`);
- a `resume` frame naming ids it lacks makes it reload the history and draw those.

Faults: `close()` drops the socket at once (frames in flight are never read); `deaf` reads frames without
handling them (a frame that reached the machine but not the page: it must not count as delivered).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType

from bot.keys import WIDGET_SESSIONS_KEY

ORIGIN = {"Origin": "https://college.example"}


async def until(condition: Callable[[], Any], timeout_s: float = 10.0) -> None:
    """Wait until `condition()` (sync or async) holds; never a fixed sleep."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        value = condition()
        if isinstance(value, Awaitable):
            value = await value
        if value:
            return
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


@dataclass
class WidgetModel:
    client: Any
    sender: str
    outbox: dict[str, dict[str, Any]] = field(default_factory=dict)
    shown: list[tuple[int | None, str, str]] = field(default_factory=list)  # (id, from, text)
    frames: list[dict[str, Any]] = field(default_factory=list)  # every frame handled, in order
    ignored: list[dict[str, Any]] = field(default_factory=list)  # frames read while deaf
    deaf: bool = False
    ws: Any = None
    reader: asyncio.Task | None = None
    connects: int = 0

    @property
    def token(self) -> str:
        return self.client.app[WIDGET_SESSIONS_KEY].token_for(self.sender)

    # ------------------------------------------------------------------ connection
    async def connect(self) -> None:
        self.ws = await self.client.ws_connect(
            f"/ws?sender_id={self.sender}&site=college&token={self.token}&resume=1", headers=ORIGIN
        )
        self.connects += 1
        self.reader = asyncio.create_task(self._read(self.ws))
        for item in list(self.outbox.values()):  # what the widget's flushOutbox does on open
            await self.ws.send_json(item)

    async def close(self) -> None:
        """The socket goes away (a phone switching networks, a closed laptop): frames in flight are lost."""
        ws, reader = self.ws, self.reader
        self.ws = None
        if reader is not None:
            reader.cancel()
        if ws is not None:
            await ws.close()

    async def _read(self, ws: Any) -> None:
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if self.deaf:
                self.ignored.append(frame)
                continue
            self.frames.append(frame)
            await self.on_frame(frame)

    # ------------------------------------------------------------------ the widget's rules
    async def send(
        self, text: str, client_id: str, *, display: str | None = None, list_id: int | None = None
    ):
        item = {"type": "message", "text": text, "client_id": client_id}
        if display is not None:
            item["display"] = display
        if list_id is not None:
            item["list"] = list_id
        self.outbox[client_id] = item
        if self.ws is not None:
            await self.ws.send_json(item)

    async def resend(self, client_id: str) -> None:
        """The same message again (e.g. a second tab's copy, or a retry after a timeout)."""
        await self.ws.send_json(self.outbox.get(client_id) or {"type": "message", "client_id": client_id})

    async def on_frame(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "bot":
            self.outbox.pop(frame.get("reply_to"), None)
            ids = frame.get("ids") or [None] * len(frame["messages"])
            await self._draw([(i, "bot", m["text"]) for i, m in zip(ids, frame["messages"], strict=True)])
        elif kind == "counselor":
            await self._draw([(frame.get("id"), "counselor", frame["text"])])
        elif kind == "resume":
            known = self.known()
            if any(m["id"] not in known for m in frame["messages"]):
                await self.load_history()
            else:
                await self.ack([m["id"] for m in frame["messages"]])

    def known(self) -> set[int]:
        return {i for i, _, _ in self.shown if i is not None}

    async def _draw(self, items: list[tuple[int | None, str, str]]) -> None:
        known = self.known()
        new = [it for it in items if it[0] is None or it[0] not in known]
        self.shown.extend(new)
        await self.ack([i for i, _, _ in items if i is not None])

    async def load_history(self) -> None:
        resp = await self.client.get(
            "/api/v1/history", params={"sender_id": self.sender, "token": self.token}
        )
        items = (await resp.json())["messages"]
        known = self.known()
        drawn = [(m["id"], m["from"], m["text"]) for m in items if m["from"] != "user"]
        self.shown.extend(d for d in drawn if d[0] not in known)
        await self.ack([d[0] for d in drawn])

    async def ack(self, ids: list[int]) -> None:
        if ids and self.ws is not None and not self.ws.closed:
            await self.ws.send_json({"type": "ack", "ids": ids})

    # ------------------------------------------------------------------ what the test reads
    def texts(self, who: str = "bot") -> list[str]:
        return [t for _, f, t in self.shown if f == who]

    def all_texts(self) -> list[str]:
        return [t for _, _, t in self.shown]

    async def quiet(self) -> None:
        """Round-trip a ping: every frame the gateway sent before the pong has been handled."""
        before = sum(1 for f in self.frames if f.get("type") == "pong")
        await self.ws.send_json({"type": "ping"})
        await until(lambda: sum(1 for f in self.frames if f.get("type") == "pong") > before)

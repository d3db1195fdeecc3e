"""Open widget WebSockets, per sender, so the gateway can push (counselor replies) and close them
all with GOING_AWAY on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import WSCloseCode, web

log = logging.getLogger(__name__)


class SocketRegistry:
    def __init__(self) -> None:
        self._by_sender: dict[str, set[web.WebSocketResponse]] = {}

    def add(self, sender_id: str, ws: web.WebSocketResponse) -> None:
        self._by_sender.setdefault(sender_id, set()).add(ws)

    def remove(self, sender_id: str, ws: web.WebSocketResponse) -> None:
        sockets = self._by_sender.get(sender_id)
        if sockets is not None:
            sockets.discard(ws)
            if not sockets:
                del self._by_sender[sender_id]

    def count(self, sender_id: str | None = None) -> int:
        if sender_id is not None:
            return len(self._by_sender.get(sender_id, ()))
        return sum(len(s) for s in self._by_sender.values())

    async def send_json(self, sender_id: str, data: dict[str, Any]) -> int:
        """Send to every open socket of `sender_id`; returns how many got it."""
        delivered = 0
        for ws in list(self._by_sender.get(sender_id, ())):
            if ws.closed:
                continue
            try:
                await ws.send_json(data)
                delivered += 1
            except (ConnectionError, RuntimeError) as exc:
                log.info("socket for %s went away while pushing: %s", sender_id, exc)
        return delivered

    async def close_all(
        self, code: int = WSCloseCode.GOING_AWAY, message: bytes = b"server shutdown"
    ) -> None:
        sockets = [ws for group in self._by_sender.values() for ws in group]
        self._by_sender.clear()
        with contextlib.suppress(Exception):
            await asyncio.gather(
                *(ws.close(code=code, message=message) for ws in sockets), return_exceptions=True
            )

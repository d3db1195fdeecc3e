"""Open widget WebSockets, per sender, so the gateway can push (counselor replies) and close them
all with GOING_AWAY on shutdown.

A socket lives in the gateway process it connected to. With several processes (`GATEWAY_WORKERS`,
`REDIS_URL`) a push made in one of them (a counselor's reply posted to another process, a hand-back line,
a reply whose own socket closed) is also published on one Redis channel (`SocketRelay`), and every other
process writes it to the sender's sockets it holds. The count `send_json` returns is this process's
sockets only; delivered still means acknowledged by the widget (`bot.web_delivery`), wherever it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from typing import Any

from aiohttp import WSCloseCode, web

log = logging.getLogger(__name__)


class SocketRegistry:
    def __init__(self) -> None:
        self._by_sender: dict[str, set[web.WebSocketResponse]] = {}
        self.relay: SocketRelay | None = None  # set when REDIS_URL is (bot.app.relay_ctx)

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
        """Send to every open socket of `sender_id`, here and (through the relay) in the other gateway
        processes; returns how many of this process's sockets got it."""
        delivered = await self.send_local(sender_id, data)
        if self.relay is not None:
            await self.relay.publish(sender_id, data)
        return delivered

    async def send_local(self, sender_id: str, data: dict[str, Any]) -> int:
        """Send to the open sockets of `sender_id` in this process; returns how many got it."""
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


class SocketRelay:
    """Pushes to widget sockets held by other gateway processes, over one Redis pub/sub channel.

    A frame is published as `{"o": origin, "s": sender_id, "f": frame}`; each process skips its own
    (`origin`) and writes the others' to its sockets of that sender. Pub/sub delivers to the processes
    subscribed at that moment and keeps nothing: a process that is not listening (Redis down, restarting)
    misses the frame, and the widget gets the message from `resume` or its history when it reconnects, as
    after any lost frame. Redis unreachable: a warning, pushes stay within each process, and the listener
    retries (1 s doubling to 30 s)."""

    def __init__(self, registry: SocketRegistry, redis: Any, channel: str) -> None:
        self.registry = registry
        self._redis = redis
        self.channel = channel
        self.origin = secrets.token_hex(8)
        self.listening = asyncio.Event()
        self.relayed = 0  # frames from other processes written to at least one socket here

    async def publish(self, sender_id: str, data: dict[str, Any]) -> None:
        try:
            await self._redis.publish(self.channel, json.dumps({"o": self.origin, "s": sender_id, "f": data}))
        except Exception as exc:
            log.warning("socket relay: Redis unavailable (%r); this push reached this process only", exc)

    async def run(self) -> None:
        delay = 1.0
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self.listening.set()
                delay = 1.0
                async for message in pubsub.listen():
                    await self._on_message(message)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.listening.clear()
                log.warning("socket relay: Redis unavailable (%r); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    async def _on_message(self, message: dict[str, Any]) -> None:
        if message.get("type") != "message":
            return
        try:
            data = json.loads(message["data"])
            origin, sender_id, frame = data["o"], data["s"], data["f"]
        except (ValueError, KeyError, TypeError):
            log.warning("socket relay: ignored a malformed message")
            return
        if origin == self.origin or not isinstance(sender_id, str) or not isinstance(frame, dict):
            return
        if await self.registry.send_local(sender_id, frame):
            self.relayed += 1

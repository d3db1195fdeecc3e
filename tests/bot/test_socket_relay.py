"""`bot.sockets.SocketRelay` against this machine's Redis: a push made in one gateway process reaches the
sender's socket held by another (two registries with their own clients stand for the two processes).
Skipped when Redis is not on 127.0.0.1:6379."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from bot.sockets import SocketRegistry, SocketRelay
from tests.services import REDIS_URL, needs_redis


class Socket:
    """What SocketRegistry needs of a WebSocketResponse."""

    closed = False

    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []

    async def send_json(self, data: dict[str, Any]) -> None:
        self.frames.append(data)


@needs_redis()
async def test_a_push_reaches_the_socket_another_process_holds_once():
    import redis.asyncio as aioredis

    channel = f"test:sockets:{secrets.token_hex(4)}"
    here, there = SocketRegistry(), SocketRegistry()
    clients = [aioredis.Redis.from_url(REDIS_URL) for _ in range(2)]
    here.relay = SocketRelay(here, clients[0], channel)
    there.relay = SocketRelay(there, clients[1], channel)
    tasks = [asyncio.create_task(r.relay.run()) for r in (here, there)]
    await asyncio.wait_for(asyncio.gather(here.relay.listening.wait(), there.relay.listening.wait()), 5)
    theirs, mine = Socket(), Socket()
    there.add("web:1", theirs)  # the widget connected to the other process
    here.add("web:2", mine)
    frame = {"type": "counselor", "id": 7, "text": "Hi, I'm Sam."}
    assert await here.send_json("web:1", frame) == 0  # no socket of web:1 in this process
    await here.send_json("web:2", {"type": "bot", "ids": [8]})
    for _ in range(200):
        if theirs.frames:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    assert theirs.frames == [frame]
    assert mine.frames == [{"type": "bot", "ids": [8]}]  # its own push is not written twice
    assert there.relay.relayed == 1
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for client in clients:
        await client.aclose()


async def test_redis_unreachable_keeps_pushes_in_the_process(caplog):
    import redis.asyncio as aioredis

    registry = SocketRegistry()
    client = aioredis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    registry.relay = SocketRelay(registry, client, "test:sockets:none")
    mine = Socket()
    registry.add("web:1", mine)
    assert await registry.send_json("web:1", {"type": "bot"}) == 1
    assert mine.frames == [{"type": "bot"}]
    assert "Redis unavailable" in caplog.text
    await client.aclose()

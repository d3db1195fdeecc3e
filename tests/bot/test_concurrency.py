"""Many conversations at once over two Rasa instances (fake Rasa servers, see fakes.py): nothing lost,
nothing answered twice, each conversation's replies in order, one message per conversation at a time."""

from __future__ import annotations

import asyncio

from bot import store
from bot.app import init_app
from bot.keys import DB_KEY
from tests.bot.conftest import API_HEADERS
from tests.bot.fakes import FakeRasa

CONVERSATIONS = 50
MESSAGES = 5


async def test_fifty_conversations_two_instances(aiohttp_client, aiohttp_server, gateway_settings):
    rasas = []
    for _ in range(2):
        rasa = FakeRasa(delay_s=0.005)
        server = await aiohttp_server(rasa.app())
        rasa.url = str(server.make_url("")).rstrip("/")
        rasas.append(rasa)
    # one shared in-flight book across both instances: "one at a time per conversation" is gateway-wide
    rasas[1]._per_sender = rasas[0]._per_sender
    rasas[1].max_in_flight_per_sender = rasas[0].max_in_flight_per_sender
    settings = gateway_settings.replace(rasa_urls=tuple(r.url for r in rasas), rasa_token=rasas[0].token)
    client = await aiohttp_client(await init_app(settings), headers=API_HEADERS)

    async def person(n: int) -> list[str]:
        """Fires all its messages at once (like a flaky client retrying) and keeps the replies."""
        sender = f"api:person-{n}"

        async def send(i: int) -> str:
            resp = await client.post(
                "/api/v1/messages", json={"sender_id": sender, "text": f"{n}-{i}", "client_id": f"c{i}"}
            )
            assert resp.status == 200
            return (await resp.json())["messages"][0]["text"]

        return await asyncio.gather(*(send(i) for i in range(MESSAGES)))

    results = await asyncio.gather(*(person(n) for n in range(CONVERSATIONS)))
    for n, replies in enumerate(results):
        assert replies == [f"You said: {n}-{i}" for i in range(MESSAGES)]
    calls = [c for r in rasas for c in r.calls]
    assert len(calls) == CONVERSATIONS * MESSAGES  # nothing lost, nothing twice
    assert all(len(r.calls) > 0 for r in rasas)  # both instances served
    for n in range(CONVERSATIONS):
        sender = f"api:person-{n}"
        assert sorted(c["message"] for c in calls if c["sender"] == sender) == [
            f"{n}-{i}" for i in range(MESSAGES)
        ]
        assert rasas[0].max_in_flight_per_sender[sender] == 1
        history = await store.get_history(client.app[DB_KEY], sender)
        assert len(history) == 2 * MESSAGES
        # the transcript pairs every message with its own reply
        for user, bot in zip(history[::2], history[1::2], strict=True):
            assert bot.text == f"You said: {user.text}"

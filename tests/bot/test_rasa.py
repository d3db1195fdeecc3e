"""RasaClient over several instances (fake Rasa servers speaking the REST contract, see fakes.py)."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot.rasa import RasaClient, RasaUnavailable, normalise
from tests.bot.fakes import FakeRasa


@pytest.fixture
async def two_rasas(aiohttp_server):
    rasas = []
    for _ in range(2):
        rasa = FakeRasa(delay_s=0.02)
        server = await aiohttp_server(rasa.app())
        rasa.url = str(server.make_url("")).rstrip("/")
        rasas.append(rasa)
    return rasas


async def test_load_is_spread_and_nothing_lost(two_rasas):
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, [r.url for r in two_rasas], token=two_rasas[0].token)
        replies = await asyncio.gather(*(client.send(f"api:p{i}", f"m{i}") for i in range(40)))
    assert [r.messages[0]["text"] for r in replies] == [f"You said: m{i}" for i in range(40)]
    counts = [len(r.calls) for r in two_rasas]
    assert sum(counts) == 40 and min(counts) >= 10


async def test_dead_instance_is_skipped(two_rasas):
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, ["http://127.0.0.1:9", two_rasas[0].url], token=two_rasas[0].token)
        for i in range(4):
            assert (await client.send("api:x", f"m{i}")).messages[0]["text"] == f"You said: m{i}"
    assert len(two_rasas[0].calls) == 4


async def test_all_dead_or_erroring_raises(two_rasas):
    async with aiohttp.ClientSession() as http:
        with pytest.raises(RasaUnavailable):
            await RasaClient(http, ["http://127.0.0.1:9"]).send("api:x", "hi")
        two_rasas[0].status_code = 500
        with pytest.raises(RasaUnavailable):  # an error after Rasa got the message is not retried elsewhere
            await RasaClient(http, [r.url for r in two_rasas], token=two_rasas[0].token).send("api:x", "hi")
        assert len(two_rasas[0].calls) + len(two_rasas[1].calls) == 1


async def test_every_message_carries_the_channel_token(two_rasas):
    """Pivot's REST channel (pivot_rasa/channel.py) refuses a message without `X-Pivot-Token`; the fake
    refuses it the same way, so a client without the right token gets nothing through."""
    async with aiohttp.ClientSession() as http:
        assert (
            await RasaClient(http, [two_rasas[0].url], token=two_rasas[0].token).send("api:x", "hi")
        ).messages
        for token in ("", "wrong"):
            with pytest.raises(RasaUnavailable, match="HTTP 401"):
                await RasaClient(http, [two_rasas[0].url], token=token).send("api:x", "hi")
    assert [c["message"] for c in two_rasas[0].calls] == ["hi"]


def test_normalise():
    reply = normalise(
        [
            {"recipient_id": "a", "text": "one"},
            {
                "recipient_id": "a",
                "text": "two",
                "buttons": [{"title": "T", "payload": "/p"}, {"payload": "x"}, "junk"],
            },
            {"recipient_id": "a", "image": "https://example.org/chart.png"},
            {"recipient_id": "a", "custom": {"event": "handoff_requested"}},
            {"recipient_id": "a", "custom": {"event": "forget_me"}},
            "junk",
            {"recipient_id": "a", "text": "   "},
        ]
    )
    assert reply.messages == [
        {"text": "one", "buttons": []},
        {"text": "two", "buttons": [{"title": "T", "payload": "/p"}]},
        {"text": "https://example.org/chart.png", "buttons": []},
    ]
    assert reply.handoff_requested and reply.forget_me
    with pytest.raises(RasaUnavailable):
        normalise({"not": "a list"})

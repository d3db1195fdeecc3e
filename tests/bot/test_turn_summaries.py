"""The counselor summary is rebuilt after each turn (in the background), not when a page is viewed."""

from __future__ import annotations

import asyncio
import json

from bot.conversation import CONVERSATION_KEY
from bot.db import Conversation
from bot.keys import DB_KEY


async def cached(client, sender_id: str) -> dict | None:
    async with client.app[DB_KEY].sessionmaker() as db:
        conv = await db.get(Conversation, sender_id)
        return json.loads(conv.summary_json) if conv is not None and conv.summary_json else None


async def settled(client, sender_id: str, turns: int) -> dict:
    for _ in range(200):
        summary = await cached(client, sender_id)
        if summary is not None and summary["user_turns"] == turns:
            return summary
        await asyncio.sleep(0.02)
    raise AssertionError(f"no summary with {turns} turns: {await cached(client, sender_id)}")


async def test_each_turn_leaves_a_fresh_summary(gateway_client, fake_rasa) -> None:
    service = gateway_client.app[CONVERSATION_KEY]
    assert len(service.after_turn) == 1  # the counselor dashboard's rebuild is hooked on
    body = {"sender_id": "api:turns", "text": "I'm a bank teller and want to move into fintech"}
    assert (await gateway_client.post("/api/v1/messages", json=body)).status == 200
    first = await settled(gateway_client, "api:turns", 1)
    assert first["first_message"] == body["text"] and first["source"] == "tracker+gateway"
    for text in ("what skills am I missing?", "thanks"):
        await gateway_client.post("/api/v1/messages", json={"sender_id": "api:turns", "text": text})
    await settled(gateway_client, "api:turns", 3)  # coalesced or not, the last turn is in
    assert len([c for c in fake_rasa.calls if c["sender"] == "api:turns"]) == 3

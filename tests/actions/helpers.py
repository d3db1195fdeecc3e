"""Tracker builders and small assertions shared by the action tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

FIXTURES = Path(__file__).parent / "fixtures"


def make_tracker(
    slots: dict[str, Any] | None = None,
    intent: str = "ask_transition",
    entities: list[dict[str, Any]] | None = None,
    text: str = "",
    active_loop: str | None = None,
    events: list[dict[str, Any]] | None = None,
    intent_ranking: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker as the action server receives it: slots, the latest parse and any events."""
    latest = {
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "text": text,
        "intent_ranking": intent_ranking or [{"name": intent, "confidence": 1.0}],
    }
    all_slots = {"handoff_requested": False, "constraints_asked": False}
    all_slots.update(slots or {})
    return Tracker(
        sender_id="web:test",
        slots=all_slots,
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def load_tracker(name: str) -> Tracker:
    """A tracker recorded as JSON (the shape Rasa posts to the action server)."""
    return Tracker.from_dict(json.loads((FIXTURES / name).read_text(encoding="utf-8")))


def occupation(value: str, text: str, role: str | None = None, start: int = 0) -> dict[str, Any]:
    entity = {"entity": "occupation", "value": value, "text": text, "start": start, "end": start + len(text)}
    if role:
        entity["role"] = role
    return entity


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def rest_output(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """rasa_sdk's dispatcher messages as Rasa's REST channel returns them: the text (with its buttons),
    then the custom payload as a message of its own (OutputChannel.send_response)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.get("text"):
            out.append({"text": m["text"], **({"buttons": m["buttons"]} if m.get("buttons") else {})})
        if m.get("custom"):
            out.append({"custom": m["custom"]})
    return out

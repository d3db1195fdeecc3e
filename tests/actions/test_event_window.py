"""The actions answer the same from the window of events Rasa now sends as from every event (issue 14).

`pivot_rasa.event_window.window_start` (pure Python, imported here without Rasa) picks the events Rasa's
requests to the action server carry. Here every reader of `tracker.events` in actions/ runs on long
random conversations twice, with every event and with the window, and must give the same; and a scan of
actions/ fails when a new reader of the events appears that the window does not know about.
"""

from __future__ import annotations

import ast
import asyncio
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff, privacy
from actions.handoff import EMAIL_OFFER, ActionRequestHuman, on_hold_reply
from bot.notify import consent
from bot.notify.sites import parse_sites
from pivot_rasa.event_window import names_a_site, window_start

ROOT = Path(__file__).resolve().parents[2]
SITES = parse_sites(
    {
        "sites": {
            "college.example": {
                "timezone": "America/New_York",
                "hours": {"mon-fri": "09:00-17:00"},
                "reply_within": "two working hours",
                "email": ["careers@college.example"],
            },
            "nohours.example": {"email": "help@nohours.example"},
        }
    }
)
NOW = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.timezone.utc)

# Every function in actions/ that reads `tracker.events` (file, function). A new one fails the scan below:
# add what it needs to pivot_rasa/event_window.py (and its table) and to the checks here.
READERS = {
    ("privacy.py", "_previous_bot_action"),
    ("handoff.py", "site_of"),
    ("handoff.py", "_handoff_at"),
    ("handoff.py", "_bot_texts_of_this_request"),
    ("handoff.py", "notice_state"),
}
SDK_EVENT_HELPERS = {
    "get_last_event_for",
    "applied_events",
    "events_after_latest_restart",
    "idx_after_latest_restart",
    "get_latest_input_channel",
    "slots_to_validate",
}


def test_every_reader_of_the_events_in_actions_is_known() -> None:
    found = set()
    for path in sorted((ROOT / "actions").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Attribute) and node.attr in SDK_EVENT_HELPERS:
                    found.add((path.name, func.name, node.attr))
                if isinstance(node, ast.Attribute) and node.attr == "events":
                    base = node.value
                    if isinstance(base, ast.Name) and base.id == "tracker":
                        found.add((path.name, func.name))
    assert found == READERS


def _conversation(rng: random.Random, turns: int) -> list[dict[str, Any]]:
    """Events as the action server gets them: a session start, then turns with hand-offs asked for and
    released, sites named or not, notices, the email offer and its confirmation question."""
    clock = 1_764_000_000.0
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_session_start", "timestamp": clock},
        {"event": "session_started", "timestamp": clock},
        {"event": "slot", "name": "handoff_requested", "value": False, "timestamp": clock},
        {"event": "action", "name": "action_listen", "timestamp": clock},
    ]
    for n in range(turns):
        clock += 30
        metadata: dict[str, Any] = {"channel": "web"}
        site = rng.choice([None, None, "college.example", "nohours.example", "", " ", 7])
        if site is not None:
            metadata["site"] = site
        if rng.random() < 0.3:
            metadata["handoff_notice"] = rng.choice(["sent", "trying", "failed", "none", "odd"])
        events.append({"event": "user", "text": f"message {n}", "timestamp": clock, "metadata": metadata,
                       "parse_data": {"intent": {"name": "greet"}}})
        action = rng.choice(["action_respond", "action_respond", "action_request_human", "action_forget_me",
                             "utter_forget_kept"])
        events.append({"event": "action", "name": action, "timestamp": clock})
        events.append({"event": "bot", "text": rng.choice(
            ["Here is what I found.", f"Okay. {EMAIL_OFFER}", consent.confirm_question("me@example.org"),
             None, "Thanks."]
        ), "timestamp": clock})
        if action == "action_request_human" or rng.random() < 0.08:
            value = rng.choice([True, True, False])
            events.append({"event": "slot", "name": "handoff_requested", "value": value, "timestamp": clock})
        events.append({"event": "action", "name": "action_listen", "timestamp": clock})
    return events


def _tracker(events: list[dict[str, Any]], slots: dict[str, Any], latest: dict[str, Any]) -> Tracker:
    return Tracker("web:w", dict(slots), dict(latest), list(events), False, None, {}, "action_listen")


def _latest(events: list[dict[str, Any]], text: str) -> dict[str, Any]:
    """`latest_message` as Rasa sends it, from the whole tracker (also with the window)."""
    users = [e for e in events if e.get("event") == "user"]
    return {"intent": {"name": "greet", "confidence": 1.0}, "entities": [], "text": text,
            "metadata": users[-1]["metadata"] if users else {}}


def _slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    value = False
    for e in events:
        if e.get("event") == "slot" and e.get("name") == "handoff_requested":
            value = e.get("value")
    return {"handoff_requested": value, "session_started_metadata": {"site": "nohours.example"}}


@pytest.fixture(autouse=True)
def fixed_sites_and_clock():
    handoff.set_sites(SITES)
    handoff.set_clock(lambda: NOW)
    yield
    handoff.set_sites(None)
    handoff.set_clock(None)


def _answers(tracker: Tracker) -> dict[str, Any]:
    out: dict[str, Any] = {
        "previous_bot_action": privacy._previous_bot_action(tracker),
        "site": handoff.site_of(tracker),
        "notice": handoff.notice_state(tracker),
    }
    if tracker.get_slot("handoff_requested"):  # read only while a hand-off is open (handoff._hold_turn)
        out["handoff_at"] = handoff._handoff_at(tracker)
        out["bot_texts"] = handoff._bot_texts_of_this_request(tracker)
        out["hold_reply"] = on_hold_reply(tracker)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionRequestHuman().run(dispatcher, tracker, {}))
    out["request_human"] = (dispatcher.messages, events)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_the_readers_answer_the_same_from_the_window(seed: int) -> None:
    """At several points of each conversation, with a hand-off open or not, for messages about the wait,
    an email address, its confirmation or anything else."""
    rng = random.Random(seed)
    events = _conversation(rng, rng.choice([3, 30, 150]))
    for end in sorted({len(events), *rng.sample(range(5, len(events) + 1), min(6, len(events) - 5))}):
        prefix = events[:end]
        slots = _slots(prefix)
        cut = window_start(prefix, slots)
        sites = [
            i for i, e in enumerate(prefix) if e.get("event") == "user" and names_a_site(e.get("metadata"))
        ]
        assert window_start(prefix, slots, site_at=sites[-1] if sites else None) == cut  # Rasa's side
        for text in ("how long will it take?", "me@example.org", "yes", "no", "what about nursing?"):
            latest = _latest(prefix, text)
            full = _tracker(prefix, slots, latest)
            window = _tracker(prefix[cut:], slots, latest)
            assert _answers(window) == _answers(full), (seed, end, cut, text)


def test_the_window_is_short_when_no_hand_off_is_open() -> None:
    rng = random.Random(99)
    events = _conversation(rng, 200)
    events.append({"event": "slot", "name": "handoff_requested", "value": False, "timestamp": 1.0})
    events += [{"event": "user", "text": "hi", "metadata": {"site": "college.example"}},
               {"event": "action", "name": "action_respond"}]
    cut = window_start(events, {"handoff_requested": False})
    assert len(events) - cut < 15

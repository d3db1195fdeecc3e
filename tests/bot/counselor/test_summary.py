"""Summary builder on recorded Rasa 3.6 trackers (tests/bot/counselor/fixtures/)."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path

from bot.counselor.summary import Summary, build_summary, frustration_signals, synopsis

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_fintech_handoff_facts() -> None:
    s = build_summary(load("tracker_fintech_handoff.json"), channel="web", site="cc-north")
    assert s.channel == "web" and s.site == "cc-north"
    assert s.current_field is not None and s.current_field.id == "43-3071.00"
    assert s.current_field.label == "bank teller"
    assert s.target_field is not None and s.target_field.label == "fintech"
    assert s.constraints == {"format": "online", "budget": 500.0, "hours_per_week": 10.0}
    assert s.recommended == [
        "cur:c4-certified-bitcoin-professional",
        "cur:acams-ccas",
        "cur:cuhk-pgdip-fintech",
    ]
    assert s.asked_more_about == ["cur:cuhk-pgdip-fintech"]
    assert s.skill_gaps == ["Python", "SQL", "Data analysis"]
    assert s.skill_gap_requests == 1
    assert [q.text for q in s.unanswered] == [
        "does my employer pay for the bloomberg terminal thing",
        "WHY CAN'T YOU ANSWER THAT",
    ]
    assert s.fallback_count == 2 and s.max_consecutive_fallbacks == 2
    assert "useless" in s.frustration and "human" in s.frustration and "all caps" in s.frustration
    assert "2 fallbacks in a row" in s.frustration
    assert s.handoff_requested is True
    assert s.user_turns == 8 and s.bot_turns == 8
    assert s.first_message_at == "2025-11-29T00:00:01+00:00"
    assert s.last_message_at == datetime.fromtimestamp(1764374830.1, tz=timezone.utc).isoformat(
        timespec="seconds"
    )
    assert s.current_field.title == "Tellers" and s.target_field.title == "Fintech"
    assert s.move == "Tellers → Fintech"


def test_synopsis_only_uses_facts() -> None:
    s = build_summary(load("tracker_fintech_handoff.json"), channel="web")
    sentences = [x for x in s.synopsis.split(". ") if x]
    assert 2 <= len(sentences) <= 4
    assert s.synopsis.startswith("This person (web) wants to move from bank teller to fintech.")
    assert "a budget up to $500" in s.synopsis and "online format" in s.synopsis
    assert "recommended 3 credentials" in s.synopsis and "cur:cuhk-pgdip-fintech" in s.synopsis
    assert "could not answer 2 questions" in s.synopsis and "asked for a human" in s.synopsis


def test_synopsis_uses_credential_names_when_given() -> None:
    s = build_summary(load("tracker_fintech_handoff.json"))
    text = synopsis(s, {"cur:cuhk-pgdip-fintech": "Postgraduate Diploma in Financial Technology"})
    assert "asked more about Postgraduate Diploma in Financial Technology" in text


def test_idempotent_and_json_round_trip() -> None:
    tracker = load("tracker_fintech_handoff.json")
    before = copy.deepcopy(tracker)
    a = build_summary(tracker).to_json()
    b = build_summary(tracker).to_json()
    assert a == b and tracker == before
    assert Summary.from_json(json.loads(json.dumps(a))).to_json() == a


def test_fallback_action_without_fallback_intent_counts_once() -> None:
    tracker = {
        "sender_id": "tg:42",
        "events": [
            {
                "event": "user",
                "timestamp": 1.0,
                "text": "blorp",
                "parse_data": {"intent": {"name": "chitchat"}},
            },
            {"event": "action", "timestamp": 1.1, "name": "action_default_fallback"},
            {"event": "bot", "timestamp": 1.2, "text": "Sorry?", "data": {}},
            {"event": "action", "timestamp": 1.3, "name": "action_listen"},
            {"event": "user", "timestamp": 2.0, "text": "hello", "parse_data": {"intent": {"name": "greet"}}},
            {"event": "action", "timestamp": 2.1, "name": "utter_greet"},
            {"event": "action", "timestamp": 2.2, "name": "action_listen"},
        ],
    }
    s = build_summary(tracker)
    assert s.channel == "telegram"
    assert s.fallback_count == 1 and s.max_consecutive_fallbacks == 1
    assert [q.intent for q in s.unanswered] == ["chitchat"]
    assert s.frustration == []
    assert "no current or target field is known yet" in s.synopsis


def test_rasa_unreachable_uses_gateway_rows() -> None:
    t0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    rows = [
        {"direction": "in", "text": "hi there", "created_at": t0},
        {"direction": "out", "text": "Hello!", "created_at": t0.replace(minute=1)},
        {"direction": "in", "text": "THIS IS NOT HELPFUL AT ALL", "created_at": t0.replace(minute=2)},
    ]
    s = build_summary(None, rows, sender_id="web:abc", handoff_flag=True)
    assert s.source == "gateway"
    assert s.user_turns == 2 and s.bot_turns == 1
    assert (
        s.first_message_at == "2026-11-01T09:00:00+00:00" and s.last_message_at == "2026-11-01T09:02:00+00:00"
    )
    assert "not helpful" in s.frustration and "all caps" in s.frustration
    assert s.handoff_requested


def test_restart_clears_slots_but_keeps_history() -> None:
    tracker = load("tracker_fintech_handoff.json")
    tracker["events"].append({"event": "restart", "timestamp": 1764374900.0})
    s = build_summary(tracker)
    assert s.current_field is None and s.constraints == {}
    assert s.fallback_count == 2 and s.recommended


def test_two_hundred_turns() -> None:
    """A 200-user-turn conversation: the recorded 8-turn one replayed 25 times, later each time."""
    base = load("tracker_fintech_handoff.json")
    events = []
    for i in range(25):
        for ev in base["events"]:
            ev = dict(ev)
            ev["timestamp"] = ev["timestamp"] + i * 1000
            events.append(ev)
    s = build_summary({"sender_id": "web:long", "events": events})
    assert s.user_turns == 200
    assert s.fallback_count == 50
    assert len(s.unanswered) == 50
    assert s.recommended == [
        "cur:c4-certified-bitcoin-professional",
        "cur:acams-ccas",
        "cur:cuhk-pgdip-fintech",
    ]
    assert s.asked_more_about == ["cur:cuhk-pgdip-fintech"]


def test_frustration_signals() -> None:
    assert frustration_signals("ok thanks") == []
    assert frustration_signals("this is USELESS") == ["useless"]
    assert frustration_signals("I WANT A REAL ANSWER NOW") == ["all caps"]
    assert frustration_signals("a humane approach") == []


def slot(name: str, value: object) -> dict:
    return {"event": "slot", "timestamp": 1.1, "name": name, "value": value}


def test_action_texts_and_title_slots() -> None:
    """What Pivot's own actions emit: `action_skill_gap` bullets and the `*_field_title` slots."""
    ents = [
        {"entity": "occupation", "role": "from", "value": "field:teaching", "text": "I teach"},
        {"entity": "occupation", "role": "to", "value": "field:instructional-design", "text": "ID"},
    ]
    tracker = {
        "sender_id": "web:t",
        "events": [
            {"event": "user", "timestamp": 1.0, "text": "I teach, want ID",
             "parse_data": {"intent": {"name": "ask_transition"}, "entities": ents}},
            slot("current_field", "field:teaching"),
            slot("target_field", "field:instructional-design"),
            {"event": "action", "timestamp": 1.2, "name": "action_recommend_credentials"},
            slot("target_field_title", "Instructional Design"),
            slot("current_field_title", "Teaching"),
            {"event": "action", "timestamp": 1.4, "name": "action_listen"},
            {"event": "user", "timestamp": 2.0, "text": "what am I missing",
             "parse_data": {"intent": {"name": "ask_skill_gap"}}},
            {"event": "action", "timestamp": 2.1, "name": "action_skill_gap"},
            {"event": "bot", "timestamp": 2.2, "data": {},
             "text": "Compared with Teaching, these matter most in Instructional Design:\n"
                     "• Instructional design (knowledge area)\n• Articulate Storyline (tool)\n"
                     "• Writing (skill)\nThe credentials I suggested are ranked by how many of these cover."},
            {"event": "action", "timestamp": 2.3, "name": "action_listen"},
        ],
    }  # fmt: skip
    s = build_summary(tracker)
    assert s.skill_gaps == ["Instructional design", "Articulate Storyline", "Writing"]
    assert s.current_field.label == "I teach" and s.current_field.title == "Teaching"
    assert s.target_field.name == "Instructional Design"
    assert s.move == "Teaching → Instructional Design"
    assert s.fallback_count == 0

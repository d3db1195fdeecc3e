"""Summary builder on recorded Rasa 3.6 trackers (tests/bot/counselor/fixtures/)."""

from __future__ import annotations

import copy
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from actions.structured import SkillGapItem, SkillGaps, custom
from bot.counselor.summary import Summary, build_summary, frustration_signals, synopsis

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


# Recorded from the real stack (bench/stack.py: Rasa with the test model, the action server on the knowledge
# base, the gateway), over the HTTP API: a long real-style question, details of #2, the skill gaps, three
# follow-ups and a hand-off. Pivot answered every message, so nothing is "unanswered" in it.
RECORDED = "tracker_fintech_handoff.json"
LONG_QUESTION = (
    "Hi, I've been a bank teller for 12 years and I'm 45 with two kids. I want to move into fintech but "
    "I'm worried I'm too old and I can't afford a degree. I can do about 10 hours a week, online, and "
    "spend under $500. Where do I even start?"
)


def test_recorded_conversation_facts() -> None:
    s = build_summary(load(RECORDED), channel="web", site="cc-north")
    assert s.channel == "web" and s.site == "cc-north"
    # Who, in their own words.
    assert s.first_message == LONG_QUESTION
    assert s.asked == "Where do I even start?"  # the first main question, not a later follow-up
    assert s.person == {"age": 45, "family_or_job": ["children"], "worries": ["age", "money", "anxious"]}
    worries = "worried about their age, money and the change itself"
    assert s.about == ["45 years old", "with children at home", worries]
    # The move and its limits: the person's words, and what the knowledge base took them for.
    current, target = s.current_field, s.target_field
    assert (current.label, current.title, current.id) == ("bank teller", "Banking", "field:banking")
    assert (target.label, target.title, target.id) == ("fintech", "Fintech", "field:fintech")
    assert s.move == "Banking → Fintech"
    assert s.constraints == {"budget": 500.0, "hours_per_week": 10.0, "format": "online"}
    # What was recommended and why, from the structured answers (not from the text).
    assert [r.rank for r in s.recommendations] == [1, 2, 3, 4, 5]
    assert s.recommended == [r.id for r in s.recommendations]
    assert s.recommendations[1].name == "Certified Bitcoin Professional (CBP)"
    assert s.recommendations[1].issuer == "CryptoCurrency Certification Consortium (C4)"
    assert all(r.reason for r in s.recommendations)
    assert s.asked_more_about == ["cur:c4-certified-bitcoin-professional"]
    assert s.names["cur:c4-certified-bitcoin-professional"] == "Certified Bitcoin Professional (CBP)"
    assert s.skill_gaps[:2] == ["Python", "Structured query language SQL"] and len(s.skill_gaps) == 8
    assert s.skill_gap_requests == 1
    assert len(s.first_steps) == 3 and s.first_steps[0].startswith("List the banking processes you know best")
    # Open questions and hand-off state.
    assert s.unanswered == [] and s.fallback_count == 0
    assert s.frustration == ["all caps", "human", "useless"]
    assert s.handoff_requested is True and s.deletion_requested is False
    assert s.user_turns == 7 and s.bot_turns == 13
    assert s.first_message_at == "2026-12-01T22:30:19+00:00"
    assert s.last_message_at == "2026-12-01T22:30:22+00:00"


def test_synopsis_only_uses_facts() -> None:
    s = build_summary(load(RECORDED), channel="web")
    assert s.synopsis == (
        "This person (web) wants to move from bank teller to fintech. "
        "They are 45 years old, with children at home, and worry about their age, money and the change "
        "itself. "
        "In their words: “Where do I even start?” "
        "They asked for a budget up to $500, 10 hours a week and online format. "
        "Pivot recommended 5 credentials, first The Blockchain System (Coursera course certificate) "
        "(linked to Fintech in my sources) and they asked more about Certified Bitcoin Professional (CBP). "
        "They asked for a human and they showed signs of frustration."
    )
    assert "cur:" not in s.synopsis and "field:" not in s.synopsis


def test_synopsis_uses_credential_names_when_given() -> None:
    s = build_summary(load(RECORDED))
    text = synopsis(s, {"cur:c4-certified-bitcoin-professional": "CBP (from the knowledge base)"})
    assert "asked more about CBP (from the knowledge base)" in text


def test_summary_does_not_read_reply_text() -> None:
    """The same events with every reply's text blanked give the same summary: facts come from payloads."""
    tracker = load(RECORDED)
    blank = copy.deepcopy(tracker)
    for ev in blank["events"]:
        if ev.get("event") == "bot":
            ev["text"] = ""
    assert build_summary(blank).to_json() == build_summary(tracker).to_json()


def test_payloads_that_do_not_fit_the_schema_are_ignored() -> None:
    tracker = load(RECORDED)
    for ev in tracker["events"]:
        custom = (ev.get("data") or {}).get("custom") or {}
        if custom.get("pivot", {}).get("kind") == "skill_gaps":
            custom["pivot"]["gaps"] = []  # empty: refused by the schema, as the gateway refuses it
    s = build_summary(tracker)
    assert s.skill_gaps == [] and s.skill_gap_requests == 0
    assert len(s.recommendations) == 5


def test_idempotent_and_json_round_trip() -> None:
    tracker = load(RECORDED)
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
    tracker = load(RECORDED)
    tracker["events"].append({"event": "restart", "timestamp": tracker["events"][-1]["timestamp"] + 60})
    s = build_summary(tracker)
    assert s.current_field is None and s.constraints == {} and s.person == {} and s.asked is None
    assert s.recommended and s.handoff_requested  # what happened stays


def test_two_hundred_turns() -> None:
    """A 210-user-turn conversation: the recorded 7-turn one replayed 30 times, later each time."""
    base = load(RECORDED)
    events = []
    for i in range(30):
        for ev in base["events"]:
            ev = dict(ev)
            ev["timestamp"] = ev["timestamp"] + i * 1000
            events.append(ev)
    started = time.perf_counter()
    s = build_summary({"sender_id": "web:long", "events": events})
    assert time.perf_counter() - started < 2.0  # one pass; schema checks included
    assert s.user_turns == 210
    assert len(s.recommendations) == 5 and s.recommended == [r.id for r in s.recommendations]
    assert s.asked_more_about == ["cur:c4-certified-bitcoin-professional"]
    assert s.asked == "Where do I even start?"


def test_frustration_signals() -> None:
    assert frustration_signals("ok thanks") == []
    assert frustration_signals("this is USELESS") == ["useless"]
    assert frustration_signals("I WANT A REAL ANSWER NOW") == ["all caps"]
    assert frustration_signals("a humane approach") == []


def slot(name: str, value: object) -> dict:
    return {"event": "slot", "timestamp": 1.1, "name": name, "value": value}


def test_skill_gaps_from_the_payload_and_title_slots() -> None:
    """`action_skill_gap`'s structured answer gives the gaps; the `*_field_title` slots give the titles."""
    ents = [
        {"entity": "occupation", "role": "from", "value": "field:teaching", "text": "I teach"},
        {"entity": "occupation", "role": "to", "value": "field:instructional-design", "text": "ID"},
    ]
    gaps = custom(
        SkillGaps(
            intro="Compared with Teaching, these matter most in Instructional Design:",
            from_title="Teaching",
            to_title="Instructional Design",
            gaps=[
                SkillGapItem(name="Instructional design", kind="knowledge area"),
                SkillGapItem(name="Writing", kind="skill"),
            ],
        )
    )
    tracker = {
        "sender_id": "web:t",
        "events": [
            {"event": "user", "timestamp": 1.0, "text": "I teach, want ID",
             "parse_data": {"intent": {"name": "ask_transition"}, "entities": ents}},
            slot("current_field", "field:teaching"),
            slot("target_field", "field:instructional-design"),
            {"event": "action", "timestamp": 1.2, "name": "action_respond"},
            slot("target_field_title", "Instructional Design"),
            slot("current_field_title", "Teaching"),
            {"event": "action", "timestamp": 1.4, "name": "action_listen"},
            {"event": "user", "timestamp": 2.0, "text": "what am I missing",
             "parse_data": {"intent": {"name": "ask_skill_gap"}}},
            {"event": "action", "timestamp": 2.1, "name": "action_skill_gap"},
            {"event": "bot", "timestamp": 2.2, "text": "(the text is not read)", "data": {"custom": gaps}},
            {"event": "action", "timestamp": 2.3, "name": "action_listen"},
        ],
    }  # fmt: skip
    s = build_summary(tracker)
    assert s.skill_gaps == ["Instructional design", "Writing"] and s.skill_gap_requests == 1
    assert s.current_field.label == "I teach" and s.current_field.title == "Teaching"
    assert s.target_field.name == "Instructional Design"
    assert s.move == "Teaching → Instructional Design"
    assert s.fallback_count == 0


def test_not_understood_turns_are_open_questions() -> None:
    """`action_respond` counts messages it understood nothing in (`misunderstood`): those are unanswered."""
    tracker = {
        "sender_id": "web:m",
        "events": [
            {"event": "user", "timestamp": 1.0, "text": "blorp",
             "parse_data": {"intent": {"name": "chitchat"}}},
            {"event": "action", "timestamp": 1.1, "name": "action_respond"},
            slot("misunderstood", 1.0),
            {"event": "action", "timestamp": 1.2, "name": "action_listen"},
            {"event": "user", "timestamp": 2.0, "text": "hello", "parse_data": {"intent": {"name": "greet"}}},
            {"event": "action", "timestamp": 2.1, "name": "action_respond"},
            slot("misunderstood", 0.0),
            {"event": "action", "timestamp": 2.2, "name": "action_listen"},
        ],
    }  # fmt: skip
    s = build_summary(tracker)
    assert [q.text for q in s.unanswered] == ["blorp"] and s.fallback_count == 1


def test_deletion_request_is_in_the_summary() -> None:
    tracker = load(RECORDED)
    tracker["events"].append(
        {"event": "bot", "timestamp": tracker["events"][-1]["timestamp"] + 1, "text": "Done.",
         "data": {"custom": {"event": "forget_me"}}}
    )  # fmt: skip
    s = build_summary(tracker)
    assert s.deletion_requested and "asked for their data to be deleted" in s.synopsis


def test_the_summary_says_how_the_main_question_was_answered() -> None:
    from actions.structured import Limits, PersonFacts, Profile, Side

    def profile(question: str, answered: list[str]) -> dict:
        return custom(
            Profile(current=Side(), target=Side(phrase="nurse"), limits=Limits(), person=PersonFacts(),
                    question_type="worth_it", main_question=question, answered=answered)
        )  # fmt: skip

    tracker = {
        "sender_id": "web:t",
        "events": [
            {"event": "user", "timestamp": 1.0, "text": "Is nursing worth it?", "parse_data": {"intent": {"name": "nlu_fallback"}}},
            {"event": "action", "timestamp": 1.1, "name": "action_respond"},
            {"event": "bot", "timestamp": 1.2, "text": "(not read)", "data": {"custom": profile(
                "Is nursing worth it?", ["sourced advice on whether the move is worth it", "a ranked list of credentials for the move"])}},
            {"event": "action", "timestamp": 1.3, "name": "action_listen"},
            {"event": "user", "timestamp": 2.0, "text": "cheaper", "parse_data": {"intent": {"name": "refine"}}},
            {"event": "bot", "timestamp": 2.2, "text": "(not read)", "data": {"custom": profile("cheaper", ["a ranked list of credentials for the move"])}},
        ],
    }  # fmt: skip
    s = build_summary(tracker)
    assert s.answered_with[0] == "sourced advice on whether the move is worth it"  # the first question's answer
    assert "Pivot answered with sourced advice on whether the move is worth it and a ranked list" in synopsis(s)

"""Hand-off, privacy, forgetting, fallback, other languages, session start and a dead database."""

from __future__ import annotations

import pytest

from actions.fallback import ActionDefaultAskAffirmation, ActionDefaultFallback
from actions.handoff import ActionRequestHuman
from actions.language import ActionOtherLanguage
from actions.privacy import ActionForgetMe, ActionPrivacy
from actions.recommend import ActionRecommendCredentials
from actions.session import ActionSessionStart
from tests.actions.helpers import make_tracker, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_handoff_records_the_request_and_emits_the_payload(dispatcher, domain):
    events = await ActionRequestHuman().run(dispatcher, make_tracker(intent="request_human"), domain)

    assert events == [{"event": "slot", "timestamp": None, "name": "handoff_requested", "value": True}]
    assert dispatcher.messages[1]["custom"] == {"event": "handoff_requested"}
    assert "counselor" in dispatcher.messages[0]["text"]


async def test_second_handoff_request_says_it_is_already_on_the_list(dispatcher, domain):
    await ActionRequestHuman().run(dispatcher, make_tracker({"handoff_requested": True}), domain)

    assert "already" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"] == {"event": "handoff_requested"}


async def test_forget_me_confirms_emits_the_payload_and_resets(dispatcher, domain):
    tracker = make_tracker({"current_field": "field:finance"}, intent="forget_me", active_loop="profile_form")

    events = await ActionForgetMe().run(dispatcher, tracker, domain)

    assert events == [
        {"event": "reset_slots", "timestamp": None},
        {"event": "active_loop", "timestamp": None, "name": None},
    ]
    assert dispatcher.messages[0]["text"].startswith("Done")
    assert dispatcher.messages[1]["custom"] == {"event": "forget_me"}


async def test_privacy_says_what_is_stored_and_offers_deletion(dispatcher, domain):
    await ActionPrivacy().run(dispatcher, make_tracker(intent="ask_privacy"), domain)

    message = dispatcher.messages[0]
    assert "delete my data" in message["text"]
    assert message["buttons"] == [{"title": "Delete my data", "payload": "/forget_me"}]


async def test_dead_knowledge_base_gives_a_polite_message(dead_kb, dispatcher, domain):
    tracker = make_tracker({"current_field": "field:finance", "target_field": "field:fintech"})

    events = await ActionRecommendCredentials().run(dispatcher, tracker, domain)

    assert events == []
    assert dispatcher.messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_kb_unavailable",
            "response": "utter_kb_unavailable",
            "image": None,
            "attachment": None,
        }
    ]


async def test_affirmation_offers_readable_choices(dispatcher, domain):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_skill_gap", "confidence": 0.35},
        {"name": "chitchat", "confidence": 0.1},
        {"name": "ask_first_steps", "confidence": 0.05},
    ]
    tracker = make_tracker(intent="nlu_fallback", intent_ranking=ranking)

    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["buttons"] == [
        {"title": "See which skills I'm missing", "payload": "/ask_skill_gap"},
        {"title": "Know what to do first", "payload": "/ask_first_steps"},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]


async def test_repeated_failure_offers_a_human(dispatcher, domain):
    events = await ActionDefaultFallback().run(dispatcher, make_tracker(intent="out_of_scope"), domain)

    assert dispatcher.messages[0]["response"] == "utter_default"
    assert events == [{"event": "rewind", "timestamp": None}]
    buttons = [b["payload"] for b in domain["responses"]["utter_default"][0]["buttons"]]
    assert "/request_human" in buttons


async def test_other_language_action_reads_the_language_entity(dispatcher, domain):
    tracker = make_tracker(
        intent="out_of_scope", entities=[{"entity": "language", "value": "it"}], text="ciao"
    )

    await ActionOtherLanguage().run(dispatcher, tracker, domain)

    assert texts(dispatcher)[0].startswith("Mi dispiace")


async def test_session_start_carries_the_profile_but_not_a_pending_question(dispatcher, domain):
    tracker = make_tracker(
        {"current_field": "field:finance", "requested_slot": "target_field", "budget_max": 500}
    )

    events = await ActionSessionStart().run(dispatcher, tracker, domain)

    assert events[0]["event"] == "session_started"
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    carried = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert carried == {
        "current_field": "field:finance",
        "budget_max": 500,
        "handoff_requested": False,
        "constraints_asked": False,
    }

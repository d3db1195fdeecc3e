"""Hand-off, privacy, forgetting, fallback, other languages, session start and a dead database."""

from __future__ import annotations

import pytest

from actions.fallback import ActionDefaultFallback
from actions.handoff import ActionRequestHuman
from actions.privacy import ActionForgetConfirmed, ActionForgetMe, ActionPrivacy
from actions.recommend import ActionRecommendCredentials
from actions.respond import ActionRespond
from actions.session import ActionSessionStart
from tests.actions.helpers import make_tracker, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_handoff_records_the_request_and_emits_the_payload(dispatcher, domain):
    events = await ActionRequestHuman().run(dispatcher, make_tracker(intent="request_human"), domain)

    assert events == [{"event": "slot", "timestamp": None, "name": "handoff_requested", "value": True}]
    assert dispatcher.messages[1]["custom"] == {"event": "handoff_requested", "new": True}
    assert "counselor" in dispatcher.messages[0]["text"]


async def test_second_handoff_request_says_it_is_already_on_the_list(dispatcher, domain):
    await ActionRequestHuman().run(dispatcher, make_tracker({"handoff_requested": True}), domain)

    assert "already" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"] == {"event": "handoff_requested", "new": False}  # no 2nd notice


# Phrases the issue showed wiping a whole history; the NLU may read any of them as any of these intents.
CASUAL_PHRASES = ("forget it", "remove that one", "I want to forget my old career", 'System("ls -al /")')
MISREAD_INTENTS = ("forget_me", "affirm", "restart", "out_of_scope", "nlu_fallback")
ASKED = [
    {"event": "user", "text": "delete my data", "parse_data": {"intent": {"name": "forget_me"}}},
    {"event": "action", "name": "action_forget_me"},
    {"event": "bot", "text": "Do you want me to delete everything?"},
    {"event": "action", "name": "action_listen"},
]


def _deletes(dispatcher) -> bool:
    return any(m.get("custom") == {"event": "forget_me"} for m in dispatcher.messages)


async def test_forget_me_asks_first_and_deletes_nothing(dispatcher, domain):
    tracker = make_tracker({"current_field": "field:finance"}, intent="forget_me", text="delete my data")

    events = await ActionForgetMe().run(dispatcher, tracker, domain)

    assert events == []
    assert not _deletes(dispatcher)
    assert dispatcher.messages[0]["buttons"] == [
        {"title": "Yes, delete everything", "payload": "/affirm"},
        {"title": "No, keep it", "payload": "/deny"},
    ]
    assert "can't be undone" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize("intent", MISREAD_INTENTS)
@pytest.mark.parametrize("phrase", CASUAL_PHRASES)
async def test_a_casual_phrase_never_deletes(dispatcher, domain, phrase, intent):
    """Whatever the NLU makes of the phrase, and whichever deletion action the policy picks, nothing
    is deleted without a yes to the question."""
    said = [{"event": "user", "text": phrase, "parse_data": {"intent": {"name": intent}}}]

    for action in (ActionForgetMe(), ActionForgetConfirmed()):
        tracker = make_tracker(intent=intent, text=phrase, events=said)
        await action.run(dispatcher, tracker, domain)

    assert not _deletes(dispatcher)


async def test_yes_to_the_question_deletes_and_resets(dispatcher, domain):
    said_yes = [*ASKED, {"event": "user", "text": "yes", "parse_data": {"intent": {"name": "affirm"}}}]
    tracker = make_tracker({"current_field": "field:finance"}, intent="affirm", text="yes", events=said_yes)

    events = await ActionForgetConfirmed().run(dispatcher, tracker, domain)

    assert events == [
        {"event": "reset_slots", "timestamp": None},
        {"event": "active_loop", "timestamp": None, "name": None},
    ]
    assert dispatcher.messages[0]["text"].startswith("Done")
    assert dispatcher.messages[1]["custom"] == {"event": "forget_me"}


async def test_yes_to_another_question_deletes_nothing(dispatcher, domain):
    other = [
        {"event": "action", "name": "action_recommend_credentials"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "yes", "parse_data": {"intent": {"name": "affirm"}}},
    ]
    events = await ActionForgetConfirmed().run(
        dispatcher, make_tracker(intent="affirm", text="yes", events=[*ASKED, *other]), domain
    )

    assert events == [] and not _deletes(dispatcher)
    assert "Nothing has been deleted" in dispatcher.messages[0]["text"]


async def test_on_handoff_a_counselor_acts_instead(dispatcher, domain):
    said_yes = [*ASKED, {"event": "user", "text": "yes", "parse_data": {"intent": {"name": "affirm"}}}]
    on_handoff = {"handoff_requested": True}

    await ActionForgetMe().run(dispatcher, make_tracker(on_handoff, intent="forget_me"), domain)
    await ActionForgetConfirmed().run(
        dispatcher, make_tracker(on_handoff, intent="affirm", events=said_yes), domain
    )

    assert not _deletes(dispatcher)
    assert all("counselor will act" in m["text"] for m in dispatcher.messages)
    assert all(not m["buttons"] for m in dispatcher.messages)


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


async def test_repeated_failure_offers_a_human(dispatcher, domain):
    events = await ActionDefaultFallback().run(dispatcher, make_tracker(intent="out_of_scope"), domain)

    assert dispatcher.messages[0]["response"] == "utter_default"
    assert events == [{"event": "rewind", "timestamp": None}]
    buttons = [b["payload"] for b in domain["responses"]["utter_default"][0]["buttons"]]
    assert "/request_human" in buttons


async def test_other_language_without_texts_says_so_in_that_language_and_offers_a_person(dispatcher, domain):
    # Dutch has no advice texts yet (Italian, French and German now get the advice: tests/actions/test_respond.py)
    tracker = make_tracker(
        intent="out_of_scope", entities=[{"entity": "language", "value": "nl"}], text="hoi, hoe gaat het vandaag?"
    )

    await ActionRespond().run(dispatcher, tracker, domain)

    assert texts(dispatcher)[0].startswith("Sorry, ik kan")
    assert "loopbaanadviseur" in texts(dispatcher)[0]  # what Pivot can do now, in Dutch
    assert dispatcher.messages[0]["buttons"] == [
        {"title": "Met een persoon praten (Talk to a person)", "payload": "/request_human"}
    ]


async def test_session_start_carries_the_profile_but_not_a_pending_question(dispatcher, domain):
    tracker = make_tracker(
        {"current_field": "field:finance", "asked": "target", "misunderstood": 1.0, "budget_max": 500}
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

"""The profile form's validation: any order, one sentence, free text, corrections, skip."""

from __future__ import annotations

import pytest

from actions.profile_form import ValidateProfileForm
from tests.actions.helpers import make_tracker, occupation, slot_events, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")


def form_tracker(slot_sets: dict, *, requested: str | None = None, **kwargs):
    """A tracker inside the form whose latest turn set `slot_sets` (what the form validates)."""
    events = [{"event": "user", "text": kwargs.get("text", "")}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in slot_sets.items()]
    slots = dict(kwargs.pop("slots", {}))
    slots.update(slot_sets)
    slots["requested_slot"] = requested
    return make_tracker(slots, active_loop="profile_form", events=events, **kwargs)


async def test_one_sentence_fills_both_fields_with_titles(kb, dispatcher, domain):
    text = "I work in finance and want to move into fintech"
    tracker = form_tracker(
        {"current_field": "field:finance", "target_field": "field:fintech"},
        text=text,
        entities=[
            occupation("field:finance", "finance", "from", 10),
            occupation("field:fintech", "fintech", "to", 40),
        ],
    )

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert slots["current_field"] == "field:finance" and slots["target_field"] == "field:fintech"
    assert slots["current_field_title"] == "finance" and slots["target_field_title"] == "fintech"
    assert dispatcher.messages == []


async def test_target_alone_leaves_the_current_field_to_be_asked(kb, dispatcher, domain):
    tracker = form_tracker(
        {"target_field": "field:cybersecurity"},
        intent="inform_target",
        text="how do I get into cybersecurity",
        entities=[occupation("field:cybersecurity", "cybersecurity", "to", 18)],
    )

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    # Not requested yet, so the whole sentence is not taken as the current field.
    assert slot_events(events) == {
        "target_field": "field:cybersecurity",
        "target_field_title": "cybersecurity",
    }


async def test_free_text_answer_is_resolved_against_the_knowledge_base(kb, dispatcher, domain):
    tracker = form_tracker(
        {},
        requested="current_field",
        intent="nlu_fallback",
        text="bank teller",
        slots={"target_field": "field:fintech"},
    )

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    best = (await kb.resolve("bank teller"))[0]
    assert slots["current_field"] == best.id
    assert slots["current_field_title"] == best.title


async def test_unknown_free_text_is_rejected_and_asked_again(kb, dispatcher, domain):
    tracker = form_tracker({}, requested="current_field", intent="nlu_fallback", text="qqzx blorptastic")

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    assert slot_events(events)["current_field"] is None
    assert dispatcher.messages[0]["response"] == "utter_field_not_found"
    assert dispatcher.messages[0]["unmatched_text"] == "qqzx blorptastic"


async def test_skip_current_field_means_any_background(kb, dispatcher, domain):
    tracker = form_tracker(
        {}, requested="current_field", intent="deny", text="skip", slots={"target_field": "field:ux-design"}
    )

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    assert slot_events(events)["current_field"] == "any"


async def test_a_question_is_not_taken_as_an_answer(kb, dispatcher, domain):
    tracker = form_tracker({}, requested="current_field", intent="faq", text="what is a microcredential?")

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    assert "current_field" not in slot_events(events)


async def test_correction_keeps_the_value_that_is_not_negated(kb, dispatcher, domain):
    text = "actually I'm in insurance underwriting, not banking"
    # Rasa fills a text slot with the last matching entity ("banking"); the form must keep the other one.
    tracker = form_tracker(
        {"current_field": "field:banking"},
        intent="inform_current",
        text=text,
        entities=[
            occupation("13-2053.00", "insurance underwriting", "from", text.index("insurance")),
            occupation("field:banking", "banking", "from", text.index("banking")),
        ],
        slots={"target_field": "field:fintech"},
    )

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert slots["current_field"] == "13-2053.00"
    assert slots["current_field_title"] == "insurance underwriting"


async def test_dead_knowledge_base_does_not_break_the_form(dead_kb, dispatcher, domain):
    tracker = form_tracker({}, requested="current_field", intent="nlu_fallback", text="bank teller")

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    assert slot_events(events)["current_field"] == "bank teller"
    assert texts(dispatcher) == []


async def test_a_follow_up_question_in_the_form_is_not_an_answer(kb, dispatcher, domain):
    tracker = form_tracker(
        {}, requested="target_field", intent="ask_skill_gap", text="what skills am I missing"
    )

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    assert "target_field" not in slot_events(events)


async def test_a_negated_field_never_becomes_the_target(kb, dispatcher, domain):
    text = "actually I'm in banking, not accounting"
    tracker = form_tracker(
        {"current_field": "field:banking", "target_field": "field:accounting"},
        intent="inform_current",
        text=text,
        entities=[
            occupation("field:banking", "banking", "from", text.index("banking")),
            occupation("field:accounting", "accounting", "to", text.index("accounting")),
        ],
        slots={"target_field_title": "Data analytics"},
    )
    tracker.events = [
        {"event": "slot", "name": "target_field", "value": "field:data-analytics"},
        *tracker.events,
    ]

    events = await ValidateProfileForm().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert slots["current_field"] == "field:banking"
    assert slots["target_field"] == "field:data-analytics"

"""Skill gap, related moves and first steps from the real knowledge base."""

from __future__ import annotations

import json

import pytest

from actions.first_steps import ActionFirstSteps
from actions.related_moves import ActionRelatedMoves
from actions.skill_gap import ActionSkillGap
from tests.actions.helpers import make_tracker, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")

FINTECH = {"current_field": "field:finance", "target_field": "field:fintech"}


async def test_skill_gap_lists_the_largest_gaps(kb, dispatcher, domain):
    await ActionSkillGap().run(dispatcher, make_tracker(FINTECH, intent="ask_skill_gap"), domain)

    gaps = [g for g in await kb.skill_gap("field:finance", "field:fintech") if g.gap > 0]
    text = texts(dispatcher)[0]
    bullets = [line for line in text.splitlines() if line.startswith("• ")]
    assert 1 <= len(bullets) <= 8
    largest = max(gaps, key=lambda g: g.gap)
    assert largest.name in text


async def test_skill_gap_needs_a_target(kb, dispatcher, domain):
    await ActionSkillGap().run(dispatcher, make_tracker({"current_field": "field:finance"}), domain)

    assert "Which field" in texts(dispatcher)[0]


async def test_related_moves_offer_buttons_that_set_the_target(kb, dispatcher, domain):
    tracker = make_tracker({"current_field": "field:journalism"}, intent="ask_related_moves")

    await ActionRelatedMoves().run(dispatcher, tracker, domain)

    moves = await kb.related_moves("field:journalism", limit=5)
    message = dispatcher.messages[0]
    for move in moves:
        assert move.target.title in message["text"]
    payload = message["buttons"][0]["payload"]
    assert payload.startswith("/inform_target")
    assert json.loads(payload.removeprefix("/inform_target")) == {"occupation": moves[0].target.id}


async def test_first_steps_of_a_curated_transition(kb, dispatcher, domain):
    await ActionFirstSteps().run(dispatcher, make_tracker(FINTECH, intent="ask_first_steps"), domain)

    steps = await kb.first_steps("field:finance", "field:fintech")
    assert steps
    text = texts(dispatcher)[0]
    for i, step in enumerate(steps, start=1):
        assert f"{i}. {step}" in text


async def test_first_steps_without_a_curated_plan_are_built_from_facts(kb, dispatcher, domain):
    tracker = make_tracker(
        {"current_field": "35-2014.00", "target_field": "17-2141.00"}, intent="ask_first_steps"
    )
    assert await kb.first_steps("35-2014.00", "17-2141.00") == []

    await ActionFirstSteps().run(dispatcher, tracker, domain)

    text = texts(dispatcher)[0]
    assert text.startswith("Here's what you could do first:")
    assert "job ads" in text and "None" not in text


async def test_someone_in_the_uk_is_pointed_to_uk_help_not_us_services():  # async: the module is asyncio
    from actions.answers import advice_answer

    text = "\n".join(advice_answer("get_hired", "teaching", None, person={"location": "UK"}).lines)
    assert "National Careers Service" in text and "as of 2021-01-12" in text
    assert "American Job Center" not in text and "in the US" not in text
    us = "\n".join(advice_answer("get_hired", "teaching", None, person={"location": "Texas"}).lines)
    assert "National Careers Service" not in us

"""Structured payloads (schema v1, `actions/structured.py`): what each action emits next to its text.

Against the real knowledge base: every payload validates, says what the text says (same numbers, names,
ids and dates), and carries no internal token in a string a person reads. The schema itself: strict
(wrong version, unknown field, empty list are refused) and importable by the gateway without rasa_sdk.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

from actions.compare import ActionCompareCredentials
from actions.credential_details import ActionCredentialDetails
from actions.first_steps import ActionFirstSteps
from actions.recommend import ActionRecommendCredentials
from actions.related_moves import ActionRelatedMoves
from actions.skill_gap import ActionSkillGap
from actions.structured import (
    InvalidPayload,
    Profile,
    Recommendations,
    SkillGaps,
    profile_payload,
    validate,
)
from bot.guard import leaks
from tests.actions.helpers import make_tracker, occupation, slot_events

on_session_loop = pytest.mark.asyncio(loop_scope="session")

FINTECH = {
    "current_field": "field:finance",
    "target_field": "field:fintech",
    "current_field_title": "Finance",
    "target_field_title": "Fintech",
}
ID_KEYS = {"id"}
URL_KEYS = {"source_url", "url"}


def payload_of(message: dict[str, Any]) -> Any:
    assert set(message["custom"]) == {"pivot"}
    return validate(message["custom"])


def person_strings(data: Any, key: str = "") -> list[str]:
    """Every string a channel may show: all but ids and links."""
    if isinstance(data, dict):
        return [s for k, v in data.items() if k not in ID_KEYS | URL_KEYS for s in person_strings(v, k)]
    if isinstance(data, list):
        return [s for v in data for s in person_strings(v, key)]
    return [data] if isinstance(data, str) else []


def assert_clean(payload: Any) -> None:
    strings = person_strings(payload.model_dump(mode="json"))
    assert strings
    assert [s for s in strings if leaks(s)] == []
    assert not [s for s in strings if "None" in s.split()]


@on_session_loop
async def test_recommendations_payload_matches_the_text(kb, dispatcher, domain):
    events = await ActionRecommendCredentials().run(dispatcher, make_tracker(FINTECH), domain)

    [message] = dispatcher.messages
    payload = payload_of(message)
    assert isinstance(payload, Recommendations)
    ids = slot_events(events)["recommended_ids"]
    assert [item.id for item in payload.items] == ids
    assert [item.rank for item in payload.items] == list(range(1, len(ids) + 1))
    text = message["text"]
    assert text.startswith(payload.intro)
    assert payload.move.to_title == "Fintech" and payload.move.from_title == "Finance"
    for item in payload.items:
        assert f"{item.rank}. {item.name} — {item.issuer}" in text
        assert f"Why: {item.reason}" in text
        assert f"Time: {item.time} · Format: {item.format}" in text
        assert item.cost in text and item.dated.startswith(("as of ", "read on ", "date not stated"))
        assert f"({item.dated})" in text  # the text dates the cost with the same words
        assert item.details is not None
        cred = await kb.get_credential(item.id)
        assert item.source_url == (cred.source_url or cred.url)
    for line in payload.outro:
        assert line in text
    assert_clean(payload)


@on_session_loop
async def test_show_more_continues_the_numbering(kb, dispatcher, domain):
    first = await ActionRecommendCredentials().run(dispatcher, make_tracker(FINTECH), domain)
    shown = slot_events(first)["recommended_ids"]
    dispatcher.messages.clear()
    from actions.recommend import present_recommendations

    tracker = make_tracker({**FINTECH, "recommended_ids": shown})
    await present_recommendations(dispatcher, tracker, kb, show_more=True)

    payload = payload_of(dispatcher.messages[0])
    assert payload.items[0].rank == len(shown) + 1
    assert not {item.id for item in payload.items} & set(shown)


@on_session_loop
async def test_skill_gap_payload(kb, dispatcher, domain):
    await ActionSkillGap().run(dispatcher, make_tracker(FINTECH), domain)

    [message] = dispatcher.messages
    payload = payload_of(message)
    assert isinstance(payload, SkillGaps)
    assert payload.to_title == "Fintech" and payload.from_title == "Finance"
    bullets = re.findall(r"^• (.+) \((.+)\)$", message["text"], flags=re.M)
    assert [(g.name, g.kind) for g in payload.gaps] == bullets
    assert {g.kind for g in payload.gaps} <= {"skill", "knowledge area", "tool"}
    assert_clean(payload)


@on_session_loop
async def test_details_and_comparison_payloads(kb, dispatcher, domain):
    ids = slot_events(await ActionRecommendCredentials().run(dispatcher, make_tracker(FINTECH), domain))[
        "recommended_ids"
    ]
    dispatcher.messages.clear()
    second = [{"entity": "ordinal", "value": "2"}]
    picked = make_tracker({**FINTECH, "recommended_ids": ids}, intent="pick_item", entities=second)
    await ActionCredentialDetails().run(dispatcher, picked, domain)
    details = payload_of(dispatcher.messages[0])
    assert details.kind == "credential" and details.item.id == ids[1] and details.item.rank == 2
    assert dispatcher.messages[0]["text"].startswith(f"{details.item.name} — {details.item.issuer}")
    assert_clean(details)

    dispatcher.messages.clear()
    compare = make_tracker(
        {**FINTECH, "recommended_ids": ids},
        intent="compare_credentials",
        entities=[{"entity": "ordinal", "value": "1"}, {"entity": "ordinal", "value": "2"}],
    )
    await ActionCompareCredentials().run(dispatcher, compare, domain)
    comparison = payload_of(dispatcher.messages[0])
    assert comparison.kind == "comparison"
    assert (comparison.a.id, comparison.b.id) == (ids[0], ids[1])
    text = dispatcher.messages[0]["text"]
    assert text.splitlines()[0] == f"{comparison.a.name}  vs  {comparison.b.name}"
    for row in comparison.rows:
        assert f"{row.aspect}:\n   A: {row.a}\n   B: {row.b}" in text
    assert_clean(comparison)


@on_session_loop
async def test_first_steps_and_related_moves_payloads(kb, dispatcher, domain):
    await ActionFirstSteps().run(dispatcher, make_tracker(FINTECH), domain)
    steps = payload_of(dispatcher.messages[0])
    assert steps.kind == "first_steps" and steps.steps
    for i, step in enumerate(steps.steps, start=1):
        assert f"{i}. {step}" in dispatcher.messages[0]["text"]
    assert_clean(steps)

    dispatcher.messages.clear()
    teacher = make_tracker(
        intent="ask_related_moves", entities=[occupation("25-2031.00", "teacher", role="from")]
    )
    await ActionRelatedMoves().run(dispatcher, teacher, domain)
    moves = payload_of(dispatcher.messages[0])
    assert moves.kind == "related_moves" and 1 <= len(moves.moves) <= 5
    listed = re.findall(r"^\d+\. (.+?) — ", dispatcher.messages[0]["text"], flags=re.M)
    assert [m.title for m in moves.moves] == listed


@on_session_loop
async def test_replies_without_facts_carry_no_payload(kb, dispatcher, domain):
    await ActionSkillGap().run(dispatcher, make_tracker({"current_field": "field:finance"}), domain)
    assert dispatcher.messages and all("custom" not in m or not m["custom"] for m in dispatcher.messages)


def test_profile_payload_from_slots():
    tracker = make_tracker(
        {
            **FINTECH,
            "current_phrase": "bank teller",
            "target_phrase": "fintech",
            "budget_max": 500.0,
            "hours_per_week": "10",
            "format_pref": "online",
            "no_degree": True,
            "person_facts": {"age": 52, "worries": ["too old"], "family_or_job": ["full-time job"]},
            "question_type": "where_start",
            "main_question": "where do I even start?",
        }
    )
    data = profile_payload(tracker)
    profile = validate(data)
    assert isinstance(profile, Profile)
    assert profile.current.phrase == "bank teller" and profile.current.title == "Finance"
    assert profile.target.id == "field:fintech"
    assert profile.limits.max_cost == 500 and profile.limits.hours_per_week == 10 and profile.limits.no_degree
    assert profile.person.age == 52 and profile.person.worries == ["too old"]
    assert profile.main_question == "where do I even start?"
    empty = validate(profile_payload(make_tracker()))
    assert empty.current.phrase is None and empty.limits.no_degree is False and empty.person.worries == []


@pytest.mark.parametrize(
    "bad",
    [
        {"v": 2, "kind": "first_steps", "intro": "x", "steps": ["a"], "curated": True},
        {"v": 1, "kind": "first_steps", "intro": "x", "steps": [], "curated": True},
        {"v": 1, "kind": "first_steps", "intro": "x", "steps": ["a"], "curated": True, "extra": 1},
        {"v": 1, "kind": "first_steps", "intro": "x", "steps": ["a"], "curated": "yes"},
        {"v": 1, "kind": "no_such_kind"},
        {"v": 1, "kind": "skill_gaps", "intro": "x", "to_title": "y", "gaps": [{"name": "a"}]},
        ["not", "a", "dict"],
    ],
)
def test_schema_refuses_what_does_not_fit(bad):
    with pytest.raises(InvalidPayload):
        validate(bad)


def test_gateway_can_import_the_schema_without_rasa_sdk():
    code = "import sys, actions.structured; print('rasa_sdk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@on_session_loop
async def test_the_profile_says_how_the_question_was_answered(kb, dispatcher, domain):
    from actions.respond import ActionRespond

    text = (
        "I have a low level admin role and it's making me miserable. I'm thinking of going back to school to "
        "become a nurse. Is it worth the investment?"
    )
    await ActionRespond().run(dispatcher, make_tracker({}, intent="nlu_fallback", text=text), domain)
    [profile] = [payload_of(m) for m in dispatcher.messages if m.get("custom") and m["custom"]["pivot"]["kind"] == "profile"]
    assert profile.answered[0] == "sourced advice on whether the move is worth it"
    assert "a ranked list of credentials for the move" in profile.answered
    assert not any(leaks(a) for a in profile.answered)  # words for a counselor, never ids or codes

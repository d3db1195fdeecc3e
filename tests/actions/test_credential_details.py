"""Details and comparison of credentials picked by ordinal or by name."""

from __future__ import annotations

import pytest

from actions.compare import ActionCompareCredentials
from actions.credential_details import ActionCredentialDetails
from actions.recommend import ActionRecommendCredentials
from tests.actions.helpers import make_tracker, slot_events, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")

FINTECH = {"current_field": "field:finance", "target_field": "field:fintech"}


async def _recommended(domain) -> list[str]:
    from rasa_sdk.executor import CollectingDispatcher

    events = await ActionRecommendCredentials().run(CollectingDispatcher(), make_tracker(FINTECH), domain)
    return slot_events(events)["recommended_ids"]


async def test_tell_me_more_about_the_first_one(kb, dispatcher, domain):
    ids = await _recommended(domain)
    tracker = make_tracker(
        {**FINTECH, "recommended_ids": ids},
        intent="pick_item",
        entities=[{"entity": "ordinal", "value": "1"}],
        text="tell me more about the first one",
    )

    events = await ActionCredentialDetails().run(dispatcher, tracker, domain)

    first = await kb.get_credential(ids[0])
    text = texts(dispatcher)[0]
    assert text.startswith(first.name)
    for label in ("Cost:", "Time:", "Format:", "Prerequisites:", "Quality assurance:", "Recognition:"):
        assert label in text
    assert "None" not in text
    assert first.source_url and first.source_url in text
    assert events == [{"event": "slot", "timestamp": None, "name": "focus_credential_id", "value": ids[0]}]
    assert dispatcher.messages[0]["buttons"][0]["payload"] == '/compare_credentials{"ordinal": ["1", "2"]}'


async def test_named_credential_by_id_and_by_acronym(kb, dispatcher, domain):
    by_id = make_tracker(
        intent="ask_credential", entities=[{"entity": "credential", "value": "cur:pmi-capm"}]
    )
    await ActionCredentialDetails().run(dispatcher, by_id, domain)
    assert "Certified Associate in Project Management" in texts(dispatcher)[0]

    by_name = make_tracker(intent="ask_credential", entities=[{"entity": "credential", "value": "Security+"}])
    events = await ActionCredentialDetails().run(dispatcher, by_name, domain)
    assert slot_events(events)["focus_credential_id"] == "cur:comptia-security-plus"


async def test_unknown_credential_is_said_honestly(kb, dispatcher, domain):
    tracker = make_tracker(
        intent="ask_credential", entities=[{"entity": "credential", "value": "Zzqxv Plorbnik"}]
    )

    events = await ActionCredentialDetails().run(dispatcher, tracker, domain)

    assert events == []
    assert "couldn't find" in texts(dispatcher)[0]


async def test_ordinal_beyond_the_list(kb, dispatcher, domain):
    tracker = make_tracker(
        {"recommended_ids": ["cur:pmi-capm", "cur:comptia-security-plus"]},
        intent="pick_item",
        entities=[{"entity": "ordinal", "value": "7"}],
    )

    assert await ActionCredentialDetails().run(dispatcher, tracker, domain) == []
    assert texts(dispatcher) == ["I only showed 2 options — pick a number from 1 to 2."]


async def test_pick_without_recommendations(kb, dispatcher, domain):
    await ActionCredentialDetails().run(dispatcher, make_tracker(intent="pick_item"), domain)

    assert dispatcher.messages[0]["response"] == "utter_no_recommendations_yet"


async def test_compare_one_and_two(kb, dispatcher, domain):
    ids = await _recommended(domain)
    tracker = make_tracker(
        {**FINTECH, "recommended_ids": ids},
        intent="compare_credentials",
        entities=[{"entity": "ordinal", "value": "1"}, {"entity": "ordinal", "value": "2"}],
    )

    await ActionCompareCredentials().run(dispatcher, tracker, domain)

    a, b = await kb.get_credential(ids[0]), await kb.get_credential(ids[1])
    text = texts(dispatcher)[0]
    assert a.name in text.splitlines()[0] and b.name in text.splitlines()[0]
    assert "cost:" in text and "None" not in text


async def test_compare_named_credentials(kb, dispatcher, domain):
    tracker = make_tracker(
        intent="compare_credentials",
        entities=[
            {"entity": "credential", "value": "cur:comptia-security-plus"},
            {"entity": "credential", "value": "CISSP"},
        ],
    )

    await ActionCompareCredentials().run(dispatcher, tracker, domain)

    first_line = texts(dispatcher)[0].splitlines()[0]
    assert "Security+" in first_line and "CISSP" in first_line


async def test_compare_needs_two(kb, dispatcher, domain):
    await ActionCompareCredentials().run(dispatcher, make_tracker(intent="compare_credentials"), domain)

    assert "Which two" in texts(dispatcher)[0]

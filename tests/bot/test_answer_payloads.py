"""The gateway reads structured answers with the actions' schema: valid ones ride on their message,
invalid ones are dropped (the text stays), and person-facing strings pass the same guard as text."""

from __future__ import annotations

from actions.structured import Comparison as ComparisonPayload
from actions.structured import (
    ComparisonRow,
    CredentialRef,
    FirstSteps,
    RelatedMove,
    RelatedMoves,
    custom,
    profile_payload,
)
from bot.rasa import normalise

STEPS = custom(
    FirstSteps(intro="Here's what you could do first:", steps=["Read the exam outline."], curated=True)
)


class Slots:
    def __init__(self, **slots: object) -> None:
        self.slots = slots

    def get_slot(self, key: str) -> object:
        return self.slots.get(key)


def test_payload_rides_on_the_message_before_it():
    reply = normalise(
        [
            {"recipient_id": "a", "text": "You're a teacher."},
            {"recipient_id": "a", "text": "Here's what you could do first:\n1. Read the exam outline.",
             "buttons": [{"title": "Talk to a person", "payload": "/request_human"}]},
            {"recipient_id": "a", "custom": STEPS},
        ]
    )
    assert "pivot" not in reply.messages[0]
    assert reply.messages[1]["pivot"] == STEPS["pivot"]
    assert reply.messages[1]["text"].startswith("Here's what")
    assert reply.custom == [STEPS]


def test_invalid_payload_is_dropped_and_the_text_kept():
    bad = {"pivot": {**STEPS["pivot"], "steps": []}}
    future = {"pivot": {**STEPS["pivot"], "v": 2}}
    reply = normalise(
        [
            {"recipient_id": "a", "text": "Here's what you could do first: …"},
            {"recipient_id": "a", "custom": bad},
            {"recipient_id": "a", "custom": future},
            {"recipient_id": "a", "custom": {"event": "handoff_requested"}},
        ]
    )
    assert reply.messages == [{"text": "Here's what you could do first: …", "buttons": []}]
    assert reply.custom == [{"event": "handoff_requested"}]
    assert reply.handoff_requested


def test_internal_tokens_are_cleaned_but_ids_and_links_kept():
    moves = custom(
        RelatedMoves(
            intro="Moves that often fit someone from Teachers:",
            from_title="Teachers",
            moves=[
                RelatedMove(
                    id="15-2051.00",
                    title="Data Scientists",
                    reason="O*NET related occupation (Primary-Short)",
                )
            ],
        )
    )
    comparison = custom(
        ComparisonPayload(
            a=CredentialRef(id="cur:comptia-security-plus", name="CompTIA Security+", issuer="CompTIA"),
            b=CredentialRef(id="cur:isc2-cissp", name="CISSP", issuer="ISC2"),
            rows=[ComparisonRow(aspect="cost", a="see cur:comptia-security-plus", b="not stated")],
        )
    )
    reply = normalise(
        [
            {"recipient_id": "a", "text": "Moves …", "buttons": [{"title": "x", "payload": "/x"}]},
            {"recipient_id": "a", "custom": moves},
            {"recipient_id": "a", "text": "A vs B", "buttons": [{"title": "y", "payload": "/y"}]},
            {"recipient_id": "a", "custom": comparison},
        ]
    )
    move = reply.messages[0]["pivot"]["moves"][0]
    assert move["id"] == "15-2051.00"
    assert "Primary-Short" not in move["reason"] and move["reason"].startswith("O*NET related occupation")
    compared = reply.messages[1]["pivot"]
    assert compared["a"]["id"] == "cur:comptia-security-plus"
    assert compared["rows"][0]["a"] == "see comptia security plus"


def test_profile_is_kept_for_summaries_but_not_drawn():
    slots = Slots(current_phrase="bank teller", target_phrase="fintech", main_question="how?")
    profile = profile_payload(slots)
    reply = normalise(
        [
            {"recipient_id": "a", "text": "You're a bank teller heading for fintech."},
            {"recipient_id": "a", "custom": profile},
        ]
    )
    assert "pivot" not in reply.messages[0]
    assert reply.custom == [profile]


async def test_history_and_replays_keep_the_payload(tmp_path, migrated_app_db):
    """A reloaded widget redraws its cards: the record keeps each message's structured answer."""
    import shutil

    from bot import store
    from bot.db import Database

    shutil.copy(migrated_app_db, tmp_path / "app.db")
    db = Database.from_url(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        reply = normalise(
            [
                {"recipient_id": "a", "text": "Here's what you could do first: …",
                 "buttons": [{"title": "Talk to a person", "payload": "/request_human"}]},
                {"recipient_id": "a", "custom": STEPS},
                {"recipient_id": "a", "text": "Anything else?"},
            ]
        )
        await store.record_exchange(db, "web:s", "what first?", reply.messages, client_id="c1")
        history = [item.to_json() for item in await store.get_history(db, "web:s")]
        assert [m.get("pivot") for m in history] == [None, STEPS["pivot"], None]
        assert "pivot" not in history[0] and "pivot" not in history[2]
        assert await store.find_reply(db, "web:s", "c1") == reply.messages
    finally:
        await db.dispose()

"""pivot_rasa.tracker_store: Rasa's SQL store's trackers, without re-reading a conversation each turn.

Real SQLite files and Rasa's own `SQLTrackerStore` as the reference; nothing is mocked.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
    deserialise_events,
)
from rasa.shared.core.trackers import EventVerbosity
from rasa.shared.utils.common import all_subclasses

from pivot_rasa.tracker_store import CachedSQLTrackerStore, deserialise, event_class

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def run(coro):  # noqa: ANN001, ANN201 - a one-line helper
    return asyncio.run(coro)


def turn(n: int, t0: float) -> list[Event]:
    """One turn as Rasa writes it: the message, the action with a slot and a reply, then listening."""
    t = t0 + n
    return [
        UserUttered(
            f"message {n}",
            intent={"name": "share_profile", "confidence": 0.9},
            entities=[{"entity": "occupation", "value": "field:fintech", "start": 0, "end": 3}],
            parse_data={"intent_ranking": [{"name": "share_profile", "confidence": 0.9}]},
            timestamp=t,
        ),
        ActionExecuted("action_respond", policy="RulePolicy", confidence=1.0, timestamp=t + 0.1),
        SlotSet("target_field_title", f"Fintech {n}", timestamp=t + 0.2),
        BotUttered(
            f"reply {n}", data={"buttons": [{"title": "More", "payload": "/more"}]}, timestamp=t + 0.3
        ),
        ActionExecuted("action_listen", timestamp=t + 0.4),
    ]


def state(tracker) -> dict:  # noqa: ANN001 - a DialogueStateTracker
    return tracker.current_state(EventVerbosity.ALL)


def stores(tmp_path: Path, domain: Domain) -> tuple[CachedSQLTrackerStore, SQLTrackerStore, Path]:
    db = tmp_path / "tracker.db"
    return CachedSQLTrackerStore(domain=domain, db=str(db)), SQLTrackerStore(domain=domain, db=str(db)), db


def test_event_classes_are_the_ones_rasa_resolves() -> None:
    for cls in all_subclasses(Event):
        assert event_class(cls.type_name) is Event.resolve_by_type(cls.type_name)
    assert event_class("no such event") is None


def test_deserialise_equals_rasa(domain: Domain) -> None:
    events = [
        SessionStarted(timestamp=1.0),
        *turn(1, 10.0),
        ActiveLoop("some_form", timestamp=20.0),
        ActiveLoop(None, timestamp=21.0),
    ]
    rows = [json.dumps(e.as_dict()) for e in events] + [json.dumps({"no": "event"})]
    assert deserialise(rows) == deserialise_events([json.loads(r) for r in rows]) == events


def test_a_conversation_reads_back_as_rasas_store_reads_it(tmp_path: Path, domain: Domain) -> None:
    cached, rasa, _ = stores(tmp_path, domain)
    sender = "api:long"
    tracker = run(cached.get_or_create_tracker(sender))
    t0 = time.time() + 1
    tracker.update(ActionExecuted("action_session_start", timestamp=t0))
    tracker.update(SessionStarted(timestamp=t0 + 0.5))
    tracker.update(ActionExecuted("action_listen", timestamp=t0 + 0.6))
    run(cached.save(tracker))
    # this tracker still holds the events before the session start, which a reload drops: not kept
    assert cached.hits == 0
    for n in range(30):
        tracker = run(cached.retrieve(sender))
        assert state(tracker) == state(run(rasa.retrieve(sender)))
        for event in turn(n, t0 + 1):
            tracker.update(event)
        run(cached.save(tracker))
    assert cached.hits == 29  # every turn after the first reload
    assert state(run(cached.retrieve(sender))) == state(run(rasa.retrieve(sender)))
    assert state(run(cached.retrieve_full_tracker(sender))) == state(run(rasa.retrieve_full_tracker(sender)))


def test_a_kept_tracker_is_handed_out_once(tmp_path: Path, domain: Domain) -> None:
    cached, _, _ = stores(tmp_path, domain)
    created = run(cached.get_or_create_tracker("api:a"))
    first = run(cached.retrieve("api:a"))
    assert first is not created  # the creator goes on with its object
    run(cached.save(first))
    assert run(cached.retrieve("api:a")) is first
    second = run(cached.retrieve("api:a"))  # not saved back: read from the table, another object
    assert second is not first and state(second) == state(first)


def test_rows_written_by_another_instance_are_read(tmp_path: Path, domain: Domain) -> None:
    cached, _, db = stores(tmp_path, domain)
    other = CachedSQLTrackerStore(domain=domain, db=str(db))  # a second Rasa instance on the same table
    run(cached.get_or_create_tracker("api:b"))
    run(cached.save(run(cached.retrieve("api:b"))))  # kept by this instance
    theirs = run(other.retrieve("api:b"))
    for event in turn(1, 50.0):
        theirs.update(event)
    run(other.save(theirs))
    ours = run(cached.retrieve("api:b"))
    assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in theirs.events]
    assert ours.get_slot("target_field_title") == "Fintech 1"


def test_a_deleted_conversation_is_gone(tmp_path: Path, domain: Domain) -> None:
    """The gateway deletes a person's rows with SQL (bot.store.forget_sender): no kept copy survives it."""
    cached, _, db = stores(tmp_path, domain)
    tracker = run(cached.get_or_create_tracker("api:c"))
    for event in turn(1, 50.0):
        tracker.update(event)
    run(cached.save(tracker))
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM events WHERE sender_id = 'api:c'")
    assert run(cached.retrieve("api:c")) is None


def test_a_tracker_changed_after_its_save_is_not_handed_out(tmp_path: Path, domain: Domain) -> None:
    """A turn that failed after changing the tracker (never saved) must not leak into the next turn."""
    cached, _, _ = stores(tmp_path, domain)
    run(cached.get_or_create_tracker("api:d"))
    tracker = run(cached.retrieve("api:d"))
    run(cached.save(tracker))
    tracker.update(SlotSet("target_field_title", "unsaved", timestamp=99.0))  # changed, not saved
    again = run(cached.retrieve("api:d"))
    assert again is not tracker and again.get_slot("target_field_title") is None


def test_cache_size_bounds_the_kept_trackers(tmp_path: Path, domain: Domain) -> None:
    db = tmp_path / "tracker.db"
    cached = CachedSQLTrackerStore(domain=domain, db=str(db), cache_size="2")
    for sender in ("api:1", "api:2", "api:3"):
        run(cached.get_or_create_tracker(sender))
        run(cached.save(run(cached.retrieve(sender))))
    assert list(cached._kept) == ["api:2", "api:3"]
    off = CachedSQLTrackerStore(domain=domain, db=str(db), cache_size=0)
    run(off.save(run(off.retrieve("api:1"))))
    assert not off._kept


def test_a_stale_tracker_saved_late_is_not_kept(tmp_path: Path, domain: Domain) -> None:
    """Instance A holds an old tracker while B writes a turn; A's save writes nothing (Rasa's rule), and A
    must then read B's rows, not keep its stale copy."""
    a, _, db = stores(tmp_path, domain)
    b = CachedSQLTrackerStore(domain=domain, db=str(db))
    run(a.get_or_create_tracker("api:e"))
    stale = run(a.retrieve("api:e"))
    fresh = run(b.retrieve("api:e"))
    for event in turn(1, 50.0):
        fresh.update(event)
    run(b.save(fresh))
    run(a.save(stale))
    assert run(a.retrieve("api:e")).get_slot("target_field_title") == "Fintech 1"


def test_on_postgresql_as_on_the_scale_path(domain: Domain) -> None:
    """The scale path's store (endpoints.scaled.yml): the real PostgreSQL of the test machine."""
    url = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    parts = urlsplit(url)
    kwargs = dict(
        domain=domain,
        dialect="postgresql",
        host=parts.hostname,
        port=parts.port or 5432,
        username=parts.username,
        password=parts.password,
        db=parts.path.lstrip("/"),
    )
    try:
        socket.create_connection((parts.hostname, parts.port or 5432), timeout=2).close()
    except OSError as exc:
        pytest.skip(f"PostgreSQL not reachable at {url}: {exc}")
    a = CachedSQLTrackerStore(**kwargs)
    b, rasa = CachedSQLTrackerStore(**kwargs), SQLTrackerStore(**kwargs)
    sender = f"api:pg-{time.time_ns()}"
    try:
        run(a.get_or_create_tracker(sender))
        for n in range(3):
            store = (a, b)[n % 2]  # two instances taking turns, as behind the Redis lock store
            tracker = run(store.retrieve(sender))
            for event in turn(n, 50.0 + n):
                tracker.update(event)
            run(store.save(tracker))
        hits = a.hits
        tracker = run(a.retrieve(sender))  # a kept its own last save and nobody wrote since: handed out
        assert a.hits == hits + 1
        assert state(tracker) == state(run(rasa.retrieve(sender)))
        assert tracker.get_slot("target_field_title") == "Fintech 2"
        run(b.save(run(b.retrieve(sender))))  # b writes nothing new: a's copy is still the table's
        assert run(a.retrieve(sender)) is not tracker  # handed out once, not saved back since
    finally:
        with rasa.session_scope() as session:
            session.query(rasa.SQLEvent).filter(rasa.SQLEvent.sender_id == sender).delete()
            session.commit()


def test_action_replies_pass_and_fail_as_with_jsonschema_validate(tmp_path: Path, domain: Domain) -> None:
    """pivot_rasa.remote_action: the same replies accepted and refused, with the same error, as Rasa's
    `jsonschema.validate` of each reply; installed when the store is built."""
    import jsonschema
    from rasa.core.actions.action import RemoteAction

    from pivot_rasa import remote_action

    spec = RemoteAction.action_response_format_spec()
    good = {
        "events": [{"event": "slot", "name": "target_field", "value": "field:fintech", "timestamp": None}],
        "responses": [{"text": "Here are three", "buttons": [{"title": "More", "payload": "/more"}]}],
    }
    bad = [
        {"events": [{"name": "no event key"}]},
        {"events": "not a list"},
        {"events": [{"event": "slot"}], "responses": [{"text": 3}]},
        {"responses": "nope"},
    ]
    remote_action.validate_reply(good)
    jsonschema.validate(good, spec)
    for reply in bad:
        with pytest.raises(jsonschema.ValidationError) as ours:
            remote_action.validate_reply(reply)
        with pytest.raises(jsonschema.ValidationError) as theirs:
            jsonschema.validate(reply, spec)
        assert (ours.value.message, list(ours.value.path)) == (theirs.value.message, list(theirs.value.path))
    CachedSQLTrackerStore(domain=domain, db=str(tmp_path / "t.db"))
    action = RemoteAction("action_respond", None)
    assert action._validate_action_result(good) is True
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(bad[0])


def test_cache_events_bounds_the_memory(tmp_path: Path, domain: Domain) -> None:
    cached = CachedSQLTrackerStore(domain=domain, db=str(tmp_path / "t.db"), cache_events="12")
    for sender in ("api:x", "api:y"):
        run(cached.get_or_create_tracker(sender))
        tracker = run(cached.retrieve(sender))
        for event in turn(1, 50.0):  # 1 + 5 events each
            tracker.update(event)
        run(cached.save(tracker))
    assert list(cached._kept) == ["api:x", "api:y"] and cached._kept_events == 12
    tracker = run(cached.retrieve("api:x"))
    for event in turn(2, 60.0):
        tracker.update(event)
    run(cached.save(tracker))  # 11 events: only it fits with nothing else
    assert list(cached._kept) == ["api:x"] and cached._kept_events == 11
    tracker = run(cached.retrieve("api:x"))
    for event in turn(3, 70.0):
        tracker.update(event)
    run(cached.save(tracker))  # 16 events: more than the bound alone, not kept
    assert not cached._kept and cached._kept_events == 0

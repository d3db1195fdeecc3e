"""The gateway's SQL on Rasa's tracker store (bot/tracker_store.py) against the real thing: Rasa 3.6's own
`SQLTrackerStore`, run in the Rasa environment (.venv-rasa, a subprocess: it cannot share this one), creates
and fills a SQLite tracker store; the gateway's mirror of its `events` table must match it column for
column, and deleting a person's events must leave Rasa reading no tracker for them and the other person's
tracker whole. Nothing is faked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from bot import tracker_store
from bot.db import Database

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
RASA_STORE = """
import asyncio, json, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

async def main(path, command, senders):
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
    found = {}
    for sender in senders:
        if command == "save":
            events = [ActionExecuted("action_listen"), UserUttered("hi"), BotUttered("hello")]
            await store.save(DialogueStateTracker.from_events(sender, events))
        tracker = await store.retrieve(sender)
        found[sender] = 0 if tracker is None else len(tracker.events)
    print(json.dumps(found))

asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
"""
pytestmark = pytest.mark.skipif(
    not RASA_PYTHON.exists(), reason="the Rasa environment (.venv-rasa) is not set up"
)


def rasa(path: Path, command: str, *senders: str) -> dict[str, int]:
    """Rasa's SQLTrackerStore on `path`: `save` a three-event tracker per sender, or `retrieve`; the number
    of events Rasa reads back for each sender."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", RASA_STORE, str(path), command, *senders],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def columns(url: str) -> tuple[list[tuple[str, str, bool]], list[list[str]]]:
    engine = create_engine(url)
    try:
        found = inspect(engine)
        cols = [(c["name"], str(c["type"]), bool(c["nullable"])) for c in found.get_columns("events")]
        return cols, sorted(i["column_names"] for i in found.get_indexes("events"))
    finally:
        engine.dispose()


async def test_the_mirror_matches_the_table_rasa_creates(tmp_path):
    rasa_file, ours_file = tmp_path / "rasa.db", tmp_path / "ours.db"
    assert rasa(rasa_file, "save", "web:a") == {"web:a": 3}
    ours = Database.from_url(f"sqlite:///{ours_file}")
    try:
        await tracker_store.create_table(ours)
    finally:
        await ours.dispose()
    assert columns(f"sqlite:///{ours_file}") == columns(f"sqlite:///{rasa_file}")
    assert columns(f"sqlite:///{rasa_file}")[1] == [["sender_id"]]


async def test_deleting_a_persons_events_leaves_rasa_nothing_of_them_and_the_rest_whole(tmp_path):
    path = tmp_path / "tracker.db"
    people = ["web:00000000-0000-4000-8000-00000000000a", "tg:42", "api:stays"]
    assert rasa(path, "save", *people) == dict.fromkeys(people, 3)
    tracker = Database.from_url(f"sqlite:///{path}")
    try:
        assert await tracker_store.count_events(tracker) == 9
        assert await tracker_store.delete_events(tracker, people[:2]) == 6
        assert await tracker_store.delete_events(tracker, people[:2]) == 0  # nothing left to delete
        assert await tracker_store.count_events(tracker, "api:stays") == 3
    finally:
        await tracker.dispose()
    assert rasa(path, "retrieve", *people) == {people[0]: 0, people[1]: 0, "api:stays": 3}


async def test_no_file_or_no_table_yet_means_nothing_to_delete(tmp_path):
    missing = Database.from_url(f"sqlite:///{tmp_path / 'none.db'}")
    empty_path = tmp_path / "empty.db"
    empty_path.touch()
    empty = Database.from_url(f"sqlite:///{empty_path}")
    try:
        assert await tracker_store.delete_events(missing, ["web:x"]) == 0
        assert not (tmp_path / "none.db").exists()  # deleting never creates Rasa's file
        assert await tracker_store.delete_events(empty, ["web:x"]) == 0
        assert await tracker_store.count_events(empty) == 0
    finally:
        await missing.dispose()
        await empty.dispose()


@pytest.mark.postgres
async def test_on_postgres(fresh_pg):
    tracker = Database.from_url(fresh_pg)
    try:
        await tracker_store.create_table(tracker)
        await tracker_store.add_events(tracker, ["web:a", "web:a", "web:b"])
        assert await tracker_store.delete_events(tracker, ["web:a"]) == 2
        assert (
            await tracker_store.count_events(tracker),
            await tracker_store.count_events(tracker, "web:b"),
        ) == (1, 1)
    finally:
        await tracker.dispose()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))

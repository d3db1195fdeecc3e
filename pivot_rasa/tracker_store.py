"""Rasa's SQL tracker store without the per-turn reload of the whole conversation (issue 14).

In `endpoints.yml` and `endpoints.scaled.yml`:
`tracker_store: type: pivot_rasa.tracker_store.CachedSQLTrackerStore`, with the same keys as Rasa's `SQL`
store, plus `cache_size` (trackers kept, default 256; 0 turns the cache off), `cache_events` (events kept
in all, default 50,000, ≈ 50 MB) and `long_conversations` (default true; false keeps Rasa's own
action-server requests, policy state building and tracker replays: `pivot_rasa.remote_action`,
`pivot_rasa.policy_states`, `pivot_rasa.tracker_replay`; for comparisons).

Rasa 3.6's `SQLTrackerStore.retrieve` reads every event of the session and replays it on every turn, so a
turn's cost grows with the conversation (docs/PERFORMANCE.md: 4 ms at turn 1, 117 ms of CPU at turn 200,
half of it in `Event.resolve_by_type`, which walks every `Event` subclass for every event). This store
gives back the same tracker, faster:

- **A saved tracker is kept in memory** (LRU, at most `cache_size` conversations and `cache_events` events
  in all, ≈ 1 kB each) when it holds exactly the events a
  reload would give (the current session's; a turn that started a new session is reloaded once). The next
  `retrieve` of that conversation checks the table with one indexed query (`count(*)`, `max(id)` of the
  sender's rows) and hands the kept tracker out only if nothing was written or deleted since by anyone —
  another Rasa instance on the scale path, the gateway's deletion of a person's data, the retention purge —
  and if the tracker was not changed after it was saved; otherwise it reads the table as Rasa does. A kept
  tracker is handed out once (removed from the cache until it is saved again), so two callers never share
  one object; ordering within a conversation stays the lock store's job, as with Rasa's own store.
- **A read from the table** (a miss, and `retrieve_full_tracker`, which the gateway's summary rebuild asks for
  after every turn) selects only the `data` column and resolves each event's class from a table built once,
  instead of `Event.resolve_by_type`'s walk over the class tree per event; the events, their order and the
  replay (`DialogueStateTracker.from_events`) are Rasa's.
- **A write** needs the number of rows the latest session already has (Rasa writes the events after them);
  Rasa counts them with a query over the sender's rows. After a save that reloads as the tracker, that
  number is the tracker's length: kept, and used at the next save if the sender's row count and newest id
  are unchanged (the cache's check), else Rasa's count.

What Rasa writes is unchanged (`save` is Rasa's), so the table stays readable by Rasa's own store.
Building the store also installs `pivot_rasa.remote_action` (Rasa's check of each action-server reply
without re-checking its schema every time; requests with only the events actions read) and
`pivot_rasa.policy_states` (the policies' states of a long conversation kept between predictions) and
`pivot_rasa.tracker_replay` (the tracker copy each action runs on and the session check's applied events,
kept between turns).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from pivot_rasa import policy_states, remote_action, tracker_replay

log = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 256
# ≈ 1 kB of memory per kept event (a 200-turn conversation: 2,800 events, 2.7 MB): ≈ 50 MB at most.
DEFAULT_CACHE_EVENTS = 50_000

_event_types: dict[str, type[Event]] = {}
_event_types_key: int = -1


def event_class(type_name: Any) -> type[Event] | None:
    """The class `Event.resolve_by_type(type_name)` returns (the first subclass with that `type_name`),
    from a table rebuilt only when the set of direct `Event` subclasses changes."""
    global _event_types_key
    key = len(Event.__subclasses__())
    if key != _event_types_key:
        table: dict[str, type[Event]] = {}
        for cls in all_subclasses(Event):
            table.setdefault(cls.type_name, cls)
        _event_types.clear()
        _event_types.update(table)
        _event_types_key = key
    return _event_types.get(type_name)


def deserialise(rows: list[str]) -> list[Event]:
    """`rasa.shared.core.events.deserialise_events` of the stored JSON texts, with `event_class`."""
    events = []
    for text in rows:
        data = json.loads(text)
        if "event" not in data:
            continue
        cls = event_class(data["event"])
        event = cls._from_parameters(data) if cls is not None else Event.from_parameters(data)
        if event:
            events.append(event)
        else:
            log.warning("could not deserialise a stored %r event", data.get("event"))
    return events


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    length: int  # len(tracker.events) when saved: a tracker changed after its save is not handed out
    rows: int  # the sender's rows in the table after the save
    last_id: int | None
    domain: Domain | None


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with an in-memory cache of saved trackers checked against the table."""

    def __init__(
        self,
        *args: Any,
        cache_size: int | str = DEFAULT_CACHE_SIZE,
        cache_events: int | str = DEFAULT_CACHE_EVENTS,
        long_conversations: bool | str = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Rasa builds its tracker store once, at server start: the moment to make its check of every
        # action-server reply cheaper and its requests carry only the events actions read
        # (pivot_rasa/remote_action.py), and its policies read a long conversation's states without
        # rebuilding every one each prediction (pivot_rasa/policy_states.py). Same replies, same predictions.
        # `long_conversations: false` (endpoints) keeps Rasa's own requests and state building, to compare.
        long = str(long_conversations).strip().lower() not in ("false", "0", "no", "off")
        self.long_conversations = long
        remote_action.install(event_window=long)
        if long:
            policy_states.install()
            tracker_replay.install()
        else:
            policy_states.uninstall()
            tracker_replay.uninstall()
        self.cache_size = int(cache_size)
        self.cache_events = int(cache_events)
        self._kept_events = 0
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._stored_before_save: dict[str, int] = {}  # rows of the latest session before a save's write
        # after a save that reloads as the tracker: (rows, newest id) of the sender, its latest session's rows
        self._session_rows: OrderedDict[str, tuple[int, int | None, int]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def _rows_and_last_id(self, session: Any, sender_id: str) -> tuple[int, int | None]:
        count, last = (
            session.query(sa.func.count(self.SQLEvent.id), sa.func.max(self.SQLEvent.id))
            .filter(self.SQLEvent.sender_id == sender_id)
            .one()
        )
        return int(count), last

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """Rasa's rule (write the events after the ones the latest session already has), remembering how
        many that was for `save`."""
        sender_id = tracker.sender_id
        known = self._session_rows.pop(sender_id, None)
        if known is not None and self._rows_and_last_id(session, sender_id) == known[:2]:
            stored = known[2]  # the table is as this store left it: its latest session has these rows
        else:
            stored = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
        self._stored_before_save[sender_id] = stored
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._drop(sender_id)
        if kept is not None and kept.domain is self.domain and len(kept.tracker.events) == kept.length:
            with self.session_scope() as session:
                if self._rows_and_last_id(session, sender_id) == (kept.rows, kept.last_id):
                    self.hits += 1
                    return kept.tracker
        self.misses += 1
        return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        self._drop(sender_id)
        self._stored_before_save.pop(sender_id, None)
        await super().save(tracker)
        stored = self._stored_before_save.pop(sender_id, -1)
        if self.cache_size <= 0 or tracker._max_event_history is not None:
            return
        if not self._reloads_as(tracker, stored):
            return
        with self.session_scope() as session:
            rows, last_id = self._rows_and_last_id(session, sender_id)
        # A read now gives exactly `tracker.events`: the latest session has that many rows, for as long as
        # nobody writes or deletes the sender's rows (checked as for the cache: their count and newest id).
        self._session_rows[sender_id] = (rows, last_id, len(tracker.events))
        self._session_rows.move_to_end(sender_id)
        while len(self._session_rows) > max(self.cache_size, 1) * 4:
            self._session_rows.popitem(last=False)
        if len(tracker.events) > self.cache_events:
            return
        self._kept[sender_id] = _Kept(tracker, len(tracker.events), rows, last_id, self.domain)
        self._kept_events += len(tracker.events)
        while len(self._kept) > self.cache_size or self._kept_events > self.cache_events:
            self._drop(next(iter(self._kept)))

    def _drop(self, sender_id: str) -> _Kept | None:
        kept = self._kept.pop(sender_id, None)
        if kept is not None:
            self._kept_events -= kept.length
        return kept

    @staticmethod
    def _reloads_as(tracker: DialogueStateTracker, stored: int) -> bool:
        """Whether a `retrieve` right after this save gives exactly `tracker.events`. Rasa reads the rows from
        the newest `session_started` on; before the save the latest session had `stored` rows, and the save
        wrote `tracker.events[stored:]`. The read gives the tracker's events when the tracker held at least
        those rows (else it is older than the table and the save wrote nothing) and the written events
        opened no new session (a reload would then drop the events before it), all after the session's
        start (timestamps as Rasa sets them, in order)."""
        events = tracker.events
        if stored < 0 or stored > len(events):
            return False
        written = list(itertools.islice(events, stored, len(events)))
        if any(isinstance(e, SessionStarted) for e in written):
            return False
        starts = [e.timestamp for e in events if isinstance(e, SessionStarted)]
        if not starts:
            return True  # no session start anywhere: Rasa reads every row of the sender
        return all(e.timestamp >= starts[-1] for e in written)

    async def create_tracker(self, sender_id: str, append_action_listen: bool = True) -> DialogueStateTracker:
        tracker = await super().create_tracker(sender_id, append_action_listen)
        self._drop(sender_id)  # the caller goes on with this object: not handed to anyone else
        return tracker

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            query = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            )
            rows = [data for (data,) in query.with_entities(self.SQLEvent.data).all()]
        if self.domain and rows:
            return DialogueStateTracker.from_events(sender_id, deserialise(rows), self.domain.slots)
        return None

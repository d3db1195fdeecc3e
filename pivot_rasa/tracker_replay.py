"""The two whole-tracker replays Rasa does on every turn, done incrementally (issue 14).

Besides the policies' states (`pivot_rasa.policy_states`), two things in Rasa 3.6's turn walk every event of
the session, so a turn's cost grows with the conversation (≈ 3 ms each at turn 200, docs/PERFORMANCE.md):

- `MessageProcessor._run_action` runs every action (`action_listen` too) on `tracker.copy()`, which is
  `travel_back_in_time(inf)`: a new tracker from `init_copy()` updated with every event in order;
- the session check of each message (`_update_tracker_session`) calls `tracker.applied_events()` twice
  (`not tracker.applied_events()`, and `get_last_event_for(UserUttered)` in `_has_session_expired`).

`install()` makes both incremental for the tracker a message is being handled with (inside
`MessageProcessor.handle_message` and `_run_action`; everywhere else Rasa's own code runs):

- **`copy()`**: a replayed tracker is kept per conversation (`init_copy()` updated with the events so far,
  exactly what `travel_back_in_time` builds) and updated with the events added since; the caller gets a
  copy of it with its own event list and slots (`_snapshot`). Kept only while the conversation's events
  start with exactly the events it applied (the same objects, checked one by one); otherwise rebuilt. Events
  that copy data out of another event when applied (`ActiveLoop`, `LoopInterrupted`,
  `ActionExecutionRejected`: loops) get Rasa's own copy. Event objects are shared by every copy, as in Rasa,
  so a later change to the latest user message (`DefinePrevUserUtteredFeaturization`) is seen the same.
- **`applied_events()`**: the list is kept per conversation and extended with the events added since when
  they are plain appends (no restart, new session, undo or loop event, none of which may be seen either);
  otherwise Rasa's own, kept again. A copy of the list is returned.

The same trackers and lists as Rasa's: `tests/nlu/test_long_conversation.py`.
"""

from __future__ import annotations

import contextvars
import copy
import itertools
import operator
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import (
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Event,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

from pivot_rasa import lru

_LOOPS = (ActiveLoop, LoopInterrupted, ActionExecutionRejected)
_NOT_APPENDED = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, *_LOOPS)

_original_copy = DialogueStateTracker.copy
_original_applied_events = DialogueStateTracker.applied_events
_original_handle_message = MessageProcessor.handle_message
_original_run_action = MessageProcessor._run_action

_handling: contextvars.ContextVar[bool] = contextvars.ContextVar("pivot_handling", default=False)
_running: contextvars.ContextVar[DialogueStateTracker | None] = contextvars.ContextVar(
    "pivot_running", default=None
)


def _starts_with(events: Any, consumed: list[Event]) -> bool:
    return len(events) >= len(consumed) and all(map(operator.is_, consumed, events))


def snapshot(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of `tracker` that can be updated without changing it: its own event list (the same event
    objects), slots and active loop; everything else an event replaces rather than changes."""
    other = copy.copy(tracker)
    other.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    other.events = copy.copy(tracker.events)
    other.active_loop = copy.copy(tracker.active_loop)
    return other


class ReplayCache:
    """Kept replays (`copy`) and applied-event lists (`applied_events`), per conversation, LRU: at most
    `size` conversations and `events` events referenced in all, each."""

    def __init__(self, size: int = lru.DEFAULT_SIZE, events: int = lru.DEFAULT_EVENTS) -> None:
        self._replays = lru.LRU(size, events)  # sender -> (events applied, replayed tracker)
        self._applied = lru.LRU(size, events)  # sender -> (events seen, applied events)
        self.copies_resumed = self.copies_rebuilt = self.copies_rasa = 0
        self.applied_resumed = self.applied_rasa = 0

    def clear(self) -> None:
        self._replays.clear()
        self._applied.clear()

    def copy(self, tracker: DialogueStateTracker) -> DialogueStateTracker:
        """`tracker.copy()`: `travel_back_in_time(inf)`, from the kept replay."""
        events = tracker.events
        key = tracker.sender_id
        kept = self._replays.pop(key)
        if kept is not None and _starts_with(events, kept[0]):
            consumed, replay = kept
            new = list(itertools.islice(events, len(consumed), None))
            resumed = True
        else:
            consumed, replay = [], tracker.init_copy()
            new = list(events)
            resumed = False
        if any(isinstance(e, _LOOPS) for e in new):  # the kept events have none
            self.copies_rasa += 1
            return _original_copy(tracker)
        if resumed:
            self.copies_resumed += 1
        else:
            self.copies_rebuilt += 1
        for event in new:
            replay.update(event)  # travel_back_in_time: every event, in order (all timestamps <= inf)
        consumed.extend(new)
        self._replays.put(key, (consumed, replay), 2 * len(consumed))
        return snapshot(replay)

    def applied_events(self, tracker: DialogueStateTracker) -> list[Event]:
        """`tracker.applied_events()`, from the kept list."""
        events = tracker.events
        key = tracker.sender_id
        kept = self._applied.pop(key)
        if kept is not None and _starts_with(events, kept[0]):
            seen, applied = kept
            new = list(itertools.islice(events, len(seen), None))
            if not any(isinstance(e, _NOT_APPENDED) for e in new):
                seen.extend(new)
                applied.extend(new)
                self._applied.put(key, (seen, applied), len(seen) + len(applied))
                self.applied_resumed += 1
                return list(applied)
        self.applied_rasa += 1
        applied = _original_applied_events(tracker)
        seen = list(events)
        if not any(isinstance(e, _LOOPS) for e in seen):  # loop names change what is applied: never kept
            self._applied.put(key, (seen, list(applied)), len(seen) + len(applied))
        return applied


CACHE = ReplayCache()


def _copy(self: DialogueStateTracker) -> DialogueStateTracker:
    if _running.get() is self:
        return CACHE.copy(self)
    return _original_copy(self)


def _applied_events(self: DialogueStateTracker) -> list[Event]:
    if _handling.get():
        return CACHE.applied_events(self)
    return _original_applied_events(self)


async def _handle_message(self: MessageProcessor, *args: Any, **kwargs: Any) -> Any:
    token = _handling.set(True)
    try:
        return await _original_handle_message(self, *args, **kwargs)
    finally:
        _handling.reset(token)


async def _run_action(
    self: MessageProcessor, action: Any, tracker: DialogueStateTracker, *args: Any, **kwargs: Any
) -> Any:
    token = _running.set(tracker)
    try:
        return await _original_run_action(self, action, tracker, *args, **kwargs)
    finally:
        _running.reset(token)


def install() -> None:
    DialogueStateTracker.copy = _copy  # type: ignore[method-assign]
    DialogueStateTracker.applied_events = _applied_events  # type: ignore[method-assign]
    MessageProcessor.handle_message = _handle_message  # type: ignore[method-assign]
    MessageProcessor._run_action = _run_action  # type: ignore[method-assign]


def uninstall() -> None:
    DialogueStateTracker.copy = _original_copy  # type: ignore[method-assign]
    DialogueStateTracker.applied_events = _original_applied_events  # type: ignore[method-assign]
    MessageProcessor.handle_message = _original_handle_message  # type: ignore[method-assign]
    MessageProcessor._run_action = _original_run_action  # type: ignore[method-assign]
    CACHE.clear()

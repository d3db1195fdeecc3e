"""Which of a conversation's events the action server needs (issue 14). Pure Python: no Rasa import, so the
action-side tests (`.venv-app`) check this very rule against the code in actions/.

Rasa 3.6 sends every event of the session with each action-server call (`RemoteAction` posts
`tracker.current_state(EventVerbosity.ALL)`): at turn 200 a 2,288-event body, ≈ 40 ms of Rasa's CPU and
≈ 20 ms of the action server's per call. Everything else in the request (slots, `latest_message`,
`latest_action_name`, `active_loop`, `followup_action`, `paused`, `latest_input_channel`,
`latest_event_time`) is computed from the whole tracker and sent as before; only the `events` list is cut.
`pivot_rasa.remote_action` sends `events[cut:]` with `cut = window_start(events, slots)`.

What actions/ reads from `tracker.events` (every read is listed; `tests/actions/test_event_window.py`
fails when a new one appears), and what each needs, newest first:

- `actions/privacy._previous_bot_action`: the last action other than listening before the latest user
  message. Kept: the latest user message and that action.
- `actions/handoff.notice_state`: the latest user message's metadata. Kept: the latest user message.
- `actions/handoff.site_of`: the newest user message whose metadata names a `site`. Kept: that message.
- `actions/handoff._handoff_at` (called only while a hand-off is open, i.e. the slot `handoff_requested` is
  true: `_hold_turn` and `ActionRequestHuman` check the slot first): the newest `handoff_requested` slot
  event. Kept while the slot is true: that event.
- `actions/handoff._bot_texts_of_this_request` (via `_offered_email`, `_asked_to_confirm`; only while a
  hand-off is open, as above): every bot text since the newest `handoff_requested` set to false (or since
  the start). Kept while the slot is true: from that event (or every event).

rasa-sdk itself reads events only in `Tracker` helpers Pivot does not call (`get_latest_input_channel`,
`applied_events`, `slots_to_validate`, `events_after_latest_restart`, ...). The window also keeps the
previous user turn whole (not needed by any reader; a margin).

An event is seen through `view(event) -> (kind, name, value, metadata, text)`: `dict_view` for the JSON
form the action server gets, `pivot_rasa.remote_action.event_view` for Rasa's event objects; both are
checked to agree (`tests/nlu/test_long_conversation.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

HANDOFF_SLOT = "handoff_requested"
LISTEN = "action_listen"

# kind ("user", "bot", "slot", "action", ...), name, value, metadata, text
View = tuple[Any, Any, Any, Any, Any]


def dict_view(event: dict[str, Any]) -> View:
    """What the readers look at: an action's or a slot's name, a slot's value, a user message's metadata,
    a user's or the bot's text (None for the rest)."""
    kind = event.get("event")
    return (
        kind,
        event.get("name") if kind in ("action", "slot") else None,
        event.get("value") if kind == "slot" else None,
        event.get("metadata") if kind == "user" else None,
        event.get("text") if kind in ("user", "bot") else None,
    )


_UNKNOWN: Any = object()


def names_a_site(metadata: Any) -> bool:
    site = metadata.get("site") if isinstance(metadata, dict) else None
    return isinstance(site, str) and bool(site.strip())


def window_start(
    events: Sequence[Any],
    slots: dict[str, Any],
    view: Callable[[Any], View] = dict_view,  # type: ignore[assignment]
    site_at: int | None = _UNKNOWN,
) -> int:
    """The index of the first event the action server must get so that every reader above gives what it
    gives with all `events`. `slots`: the tracker's current slot values. `site_at`, if known: the index of
    the newest user message whose metadata names a site (None: there is none), which otherwise takes a
    look at every event when no message names one."""
    if site_at is not _UNKNOWN:
        start = _window_start(events, slots, view, True)
        return start if site_at is None else min(start, site_at)
    return _window_start(events, slots, view, False)


def _window_start(
    events: Sequence[Any], slots: dict[str, Any], view: Callable[[Any], View], site_found: bool
) -> int:
    need = len(events)
    users_seen = 0  # user messages seen so far, newest first
    action_found = False  # the last action other than listening before the latest user message
    # Read only while a hand-off is open (the slot is true): when it was asked for, and the bot's words since
    # the newest release (`handoff_requested` set to false; none: since the start).
    hold_open = bool(slots.get(HANDOFF_SLOT))
    request_found = release_found = not hold_open
    for index in range(len(events) - 1, -1, -1):
        kind, name, value, metadata, _text = view(events[index])
        if kind == "user":
            users_seen += 1
            if users_seen <= 2:  # the latest user message, and the previous turn as a margin
                need = index
            if not site_found and names_a_site(metadata):
                site_found = True
                need = index
        elif kind == "action":
            if users_seen and not action_found and name != LISTEN:
                action_found = True
                need = index
        elif kind == "slot" and name == HANDOFF_SLOT and not release_found:
            if not request_found:
                request_found = True
                need = index
            if not value:
                release_found = True
                need = index
        if users_seen >= 2 and action_found and site_found and request_found and release_found:
            return need
    # A reader that found nothing looked at every event: what it looked for is absent, so a window without
    # it answers the same, except for an open hand-off with no release: its bot texts since the start count.
    return 0 if not release_found else need

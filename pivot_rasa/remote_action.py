"""Rasa's calls to the action server: the reply checked with a validator built once, and only the events
that actions/ reads in the request (issue 14).

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(reply, spec)` on every reply,
and `jsonschema.validate` first checks `spec` itself against the JSON-Schema meta-schema (with the locked
jsonschema 4.17 that is Draft 2020-12, walked through `$dynamicRef`s). Measured on one real `action_respond`
reply (9 kB, 14 events): 22 ms of CPU per call, 18.5 ms of it the meta-schema check; the same validation with
a validator built once: 3.6 ms (docs/PERFORMANCE.md). That is ≈ 40% of a short turn's Rasa CPU.

`install()` replaces the method with one that builds the validator once (the same class
`jsonschema.validate` picks, after the same `check_schema`) and then does what `jsonschema.validate` does
with it: `best_match` of `iter_errors`, raised with Rasa's own message. The same replies pass and fail,
with the same error. `pivot_rasa.tracker_store.CachedSQLTrackerStore` installs it when Rasa builds the
store at server start (the only Pivot code besides the NLU components that Rasa loads); nothing happens at
import.

**The request.** Rasa 3.6's `RemoteAction._action_call_format` puts
`tracker.current_state(EventVerbosity.ALL)` in every request: every event of the session (at turn 200,
2,288 events: ≈ 40 ms of Rasa's CPU to serialise and send, ≈ 20 ms of the action server's to decode).
`install()` replaces it with the same request whose `events` are only the window
`pivot_rasa.event_window.window_start` keeps (the events each reader in actions/ needs; every other field
is still computed from the whole tracker). The same replies: `tests/actions/test_event_window.py` (the
readers on the window and on every event) and `tests/nlu/test_long_conversation.py` (the request equal to
Rasa's but for the events).
"""

from __future__ import annotations

import operator
from typing import Any

import rasa
from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from pivot_rasa import lru
from pivot_rasa.event_window import View, names_a_site, window_start

_validator: Any = None


def validate_reply(result: dict[str, Any]) -> None:
    """`jsonschema.validate(result, RemoteAction.action_response_format_spec())`, the schema checked once."""
    global _validator
    if _validator is None:
        spec = RemoteAction.action_response_format_spec()
        cls = validators.validator_for(spec)
        cls.check_schema(spec)
        _validator = cls(spec)
    error = exceptions.best_match(_validator.iter_errors(result))
    if error is not None:
        raise error


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa 3.6.21's `RemoteAction._validate_action_result`, with `validate_reply`."""
    try:
        validate_reply(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def event_view(event: Event) -> View:
    """`pivot_rasa.event_window.dict_view(event.as_dict())`, without serialising the event."""
    kind = event.type_name
    if kind == "user":
        return (kind, None, None, event.metadata, event.text)  # type: ignore[attr-defined]
    if kind == "action":
        return (kind, event.action_name, None, None, None)  # type: ignore[attr-defined]
    if kind == "slot":
        return (kind, event.key, event.value, None, None)  # type: ignore[attr-defined]
    if kind == "bot":
        return (kind, None, None, None, event.text)  # type: ignore[attr-defined]
    return (kind, None, None, None, None)


_sites = lru.LRU()  # sender -> (the events looked at, index of the newest user message naming a site)


def newest_site_index(sender_id: str, events: list[Event]) -> int | None:
    """The index of the newest user message whose metadata names a site (None: none), looking only at the
    events added since the last call for this conversation (when the earlier ones are the same objects)."""
    kept = _sites.pop(sender_id)
    if kept is not None and len(events) >= len(kept[0]) and all(map(operator.is_, kept[0], events)):
        consumed, found = kept
    else:
        consumed, found = [], None
    for index in range(len(events) - 1, len(consumed) - 1, -1):
        event = events[index]
        if event.type_name == "user" and names_a_site(event.metadata):
            found = index
            break
    consumed.extend(events[len(consumed) :])
    _sites.put(sender_id, (consumed, found), len(consumed))
    return found


def tracker_state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """`tracker.current_state(EventVerbosity.ALL)` with only the events from `window_start` on."""
    state = tracker.current_state(EventVerbosity.NONE)
    events = list(tracker.events)
    site_at = newest_site_index(tracker.sender_id, events)
    cut = window_start(events, state["slots"], event_view, site_at)
    state["events"] = [e.as_dict() for e in events[cut:]]
    return state


def _action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    """Rasa 3.6.21's `RemoteAction._action_call_format`, with `tracker_state`."""
    result = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": tracker_state(tracker),
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(
        self.name()
    ):
        result["domain"] = domain.as_dict()
    return result


_original_call_format = RemoteAction._action_call_format
_original_validate = RemoteAction._validate_action_result


def install(event_window: bool = True) -> None:
    """The reply check built once; with `event_window`, requests with only the events actions read."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    RemoteAction._action_call_format = (  # type: ignore[method-assign]
        _action_call_format if event_window else _original_call_format
    )


def uninstall() -> None:
    RemoteAction._validate_action_result = _original_validate  # type: ignore[method-assign]
    RemoteAction._action_call_format = _original_call_format  # type: ignore[method-assign]

"""The policies' view of a long conversation without rebuilding every past state each prediction (issue 14).

Rasa 3.6's policies see a conversation through `DialogueStateTracker.past_states`, i.e.
`Domain.states_for_tracker_history`: it copies the tracker's initial state, replays every applied event of
the session and builds the dialogue state before each action (`generate_all_prior_trackers`). Each of the
three policies does it (RulePolicy twice), at each of the two predictions of a turn: ≈ 87 ms of CPU at turn
200 of a conversation (docs/PERFORMANCE.md). Yet only the end of that list decides a prediction.

`install()` replaces `past_states`, for the tracker being predicted on only (`MessageProcessor.
_predict_next_with_tracker`), with one that gives **the same last `keep` states as Rasa's full list**
(all of them when there are fewer), computed incrementally:

- **Rasa's loop, resumable.** `_Fold` is the body of `Domain.states_for_tracker_history` (Rasa 3.6.21; the
  rule-only turn hiding, the user-input and previous-action substitutions) with its loop variables kept
  between calls, together with the replayed tracker (`tracker.init_copy()` updated with every applied
  event, as `generate_all_prior_trackers` does). Kept per conversation and per argument set
  (`omit_unset_slots`, `ignore_rule_only_turns`, `rule_only_data`), it holds only the last `keep` states.
- **Only what cannot change.** The kept fold covers the events up to (not including) the latest user
  message: the only event objects Rasa changes after they were applied are the latest user message's
  (`DefinePrevUserUtteredFeaturization`, `EntitiesAdded`), so the part from there on is replayed afresh on a
  copy at every call. It is resumed only if the conversation's events still start with exactly the events
  it consumed (the same objects, checked one by one) and the events added since are plain appends:
  no restart, new session, undo (`UserUtteranceReverted`, `ActionReverted`), loop event, or
  `action_unlikely_intent`, any of which makes Rasa's applied events more than "the old ones plus the new
  ones". Otherwise it is rebuilt from the conversation's applied events (Rasa's `applied_events`), once.
  A tracker with an active loop or loop events, or whose events lose their oldest ones
  (`max_event_history`), gets Rasa's own `past_states`, sliced.
- **How many states the policies read** (`keep`, `states_needed`) is read from the loaded policies, once
  per graph: TEDPolicy's `max_history` (5); MemoizationPolicy without a `max_history` (Rasa's default and
  Pivot's) looks the whole list up in its table of training stories, so `keep` is one more than the most
  states a key of that table holds (a longer list is found neither whole nor as its last states); RulePolicy
  accepts a rule once it is further back than the rule's length and looks the whole list up only in its
  `rules_not_in_stories` list: one more than its longest key. For Pivot's model: 26 + 2 states of margin.
  A graph with any other policy class gets Rasa's own `past_states`, untouched.

The same predictions with and without: `tests/nlu/test_long_conversation.py` (every prediction of a long
conversation with the trained model; the states themselves for every argument set through hidden rule
turns, undos, restarts, new sessions, slot resets and follow-up actions). Nothing happens at import;
`pivot_rasa.tracker_store.CachedSQLTrackerStore` installs it when Rasa builds the store at server start.
"""

from __future__ import annotations

import base64
import contextvars
import copy
import itertools
import json
import logging
import operator
import zlib
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import (
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
    RULES_NOT_IN_STORIES,
    RulePolicy,
)
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.core.processor import MessageProcessor
from rasa.shared.core import constants as core_constants
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from pivot_rasa import lru

log = logging.getLogger(__name__)

MARGIN = 2  # states kept beyond what the policies read (not needed for exactness; costs two small copies)

# Events after which Rasa's applied events are not "the ones before plus this one".
_RESETTING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop, LoopInterrupted)

_original_past_states = DialogueStateTracker.past_states
_original_predict = MessageProcessor._predict_next_with_tracker
_predicting: contextvars.ContextVar[tuple[DialogueStateTracker, int] | None] = contextvars.ContextVar(
    "pivot_predicting", default=None
)
_keep_by_runner: dict[int, tuple[Any, int | None]] = {}


def _unlikely(event: Event) -> bool:
    name = core_constants.ACTION_UNLIKELY_INTENT_NAME
    return isinstance(event, ActionExecuted) and event.action_name == name


def _special(event: Event) -> bool:
    return isinstance(event, _RESETTING) or _unlikely(event)


class _Fold:
    """`Domain.states_for_tracker_history`'s loop (Rasa 3.6.21) with its variables kept between calls."""

    __slots__ = ("states", "last_ml_action_sub_state", "turn_was_hidden")

    def __init__(self, keep: int) -> None:
        self.states: deque[dict[str, Any]] = deque(maxlen=keep)
        self.last_ml_action_sub_state: Any = None
        self.turn_was_hidden = False

    def copy(self) -> _Fold:
        other = _Fold.__new__(_Fold)
        other.states = deque(self.states, maxlen=self.states.maxlen)
        other.last_ml_action_sub_state = self.last_ml_action_sub_state
        other.turn_was_hidden = self.turn_was_hidden
        return other

    def step(
        self,
        domain: Domain,
        tr: DialogueStateTracker,
        hide_rule_turn: bool,
        omit_unset_slots: bool,
        ignore_rule_only_turns: bool,
        rule_only_data: dict[str, Any] | None,
    ) -> None:
        states = self.states
        if ignore_rule_only_turns:
            if not self.turn_was_hidden:
                self.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
            if not tr.followup_action and not tr.latest_action_name == tr.active_loop_name:
                self.turn_was_hidden = hide_rule_turn
            if self.turn_was_hidden:
                return
        state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
        if ignore_rule_only_turns:
            domain._remove_rule_only_features(state, rule_only_data)
            if states:
                domain._substitute_rule_only_user_input(state, states[-1])
            if self.last_ml_action_sub_state:
                state[core_constants.PREVIOUS_ACTION] = self.last_ml_action_sub_state
        states.append(domain._clean_state(state))


def _feed(
    fold: _Fold,
    replay: DialogueStateTracker,
    events: Iterable[Event],
    domain: Domain,
    args: tuple[bool, bool, dict[str, Any] | None],
) -> None:
    """What `generate_all_prior_trackers` does with each applied event, fed to the fold."""
    for event in events:
        if isinstance(event, ActionExecuted):
            fold.step(domain, replay, event.hide_rule_turn, *args)
        replay.update(event)


def _snapshot(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of a replayed tracker that the events of a call can be applied to without changing it: its
    own slots (the values are replaced, never changed, by events) and event list; the latest message is the
    event object, as in every tracker."""
    other = copy.copy(tracker)
    other.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    other.events = copy.copy(tracker.events)
    return other


class _Kept:
    __slots__ = ("domain", "consumed", "replay", "fold")

    def __init__(self, domain: Domain, consumed: list[Event], replay: DialogueStateTracker, fold: _Fold):
        self.domain = domain
        self.consumed = consumed  # the tracker's events (the same objects) this fold has applied
        self.replay = replay
        self.fold = fold


class StatesCache:
    """The kept folds, LRU: at most `size` conversations and `events` events referenced in all (each fold
    holds the conversation's events twice: what it consumed and its replayed tracker's own list)."""

    def __init__(self, size: int = lru.DEFAULT_SIZE, events: int = lru.DEFAULT_EVENTS) -> None:
        self._kept = lru.LRU(size, events)
        self.resumed = 0
        self.rebuilt = 0
        self.full = 0

    def clear(self) -> None:
        self._kept.clear()

    def last_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        keep: int,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """The last `keep` states of `tracker.past_states(domain, ...)` (all when there are fewer)."""
        args = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        events = tracker.events
        if tracker.active_loop is not None or (
            events.maxlen is not None and len(events) >= events.maxlen
        ):
            return self._full(tracker, domain, keep, args)
        key = (tracker.sender_id, omit_unset_slots, ignore_rule_only_turns, _key_of(rule_only_data))
        lag = _lag_point(tracker)
        kept = self._kept.pop(key)
        if kept is not None and not _resumable(kept, domain, events, lag):
            kept = None
        if kept is None:
            kept = self._rebuild(tracker, domain, keep, args, lag)
            if kept is None:
                return self._full(tracker, domain, keep, args)
            self.rebuilt += 1
        else:
            new = list(itertools.islice(events, len(kept.consumed), lag))
            _feed(kept.fold, kept.replay, new, domain, args)
            kept.consumed.extend(new)
            self.resumed += 1
        tail = list(itertools.islice(events, lag, None))
        if any(_special(e) for e in tail):
            self._store(key, kept)
            return self._full(tracker, domain, keep, args)
        fold, replay = kept.fold.copy(), _snapshot(kept.replay)
        _feed(fold, replay, tail, domain, args)
        fold.step(domain, replay, False, *args)  # the state now: `generate_all_prior_trackers`'s last yield
        self._store(key, kept)
        return copy_states(list(fold.states)[-keep:])

    def _full(
        self, tracker: DialogueStateTracker, domain: Domain, keep: int, args: tuple[Any, ...]
    ) -> list[dict[str, Any]]:
        self.full += 1
        return _original_past_states(tracker, domain, *args)[-keep:]

    def _store(self, key: tuple[Any, ...], kept: _Kept) -> None:
        self._kept.put(key, kept, 2 * len(kept.consumed))

    @staticmethod
    def _rebuild(
        tracker: DialogueStateTracker, domain: Domain, keep: int, args: tuple[Any, ...], lag: int
    ) -> _Kept | None:
        consumed = list(itertools.islice(tracker.events, lag))
        if any(isinstance(e, (ActiveLoop, LoopInterrupted)) or _unlikely(e) for e in consumed):
            return None  # loops and `action_unlikely_intent` change which states Rasa keeps: its own way
        scratch = DialogueStateTracker(tracker.sender_id, None)
        scratch.events = deque(consumed)
        applied = scratch.applied_events()  # Rasa's rule for restarts, sessions and undos
        replay = tracker.init_copy()
        fold = _Fold(keep)
        _feed(fold, replay, applied, domain, args)  # type: ignore[arg-type]
        return _Kept(domain, consumed, replay, fold)


def copy_states(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`copy.deepcopy(states)`, faster: dicts and lists copied (once each, so sub-states shared between
    states stay shared, as Rasa's substitutions make them), everything else (strings, numbers, tuples of
    them) kept."""
    memo: dict[int, Any] = {}

    def dup(obj: Any) -> Any:
        if isinstance(obj, dict):
            done = memo.get(id(obj))
            if done is None:
                done = memo[id(obj)] = {}
                for k, v in obj.items():
                    done[k] = dup(v)
            return done
        if isinstance(obj, list):
            done = memo.get(id(obj))
            if done is None:
                done = memo[id(obj)] = []
                done.extend(dup(v) for v in obj)
            return done
        if isinstance(obj, tuple) and any(isinstance(v, (dict, list, tuple)) for v in obj):
            return tuple(dup(v) for v in obj)
        return obj

    return [dup(state) for state in states]


def _key_of(rule_only_data: dict[str, Any] | None) -> str:
    return json.dumps(rule_only_data, sort_keys=True, default=str)


def _lag_point(tracker: DialogueStateTracker) -> int:
    """Index of the latest user message in the events, or of the tracker's `latest_message` if that is
    an earlier one (after an undo): the kept fold stops before it, since Rasa may still change that message
    (`DefinePrevUserUtteredFeaturization`, `EntitiesAdded` change the latest message's event object)."""
    events = tracker.events
    latest = tracker.latest_message
    lag = None
    for i, event in enumerate(reversed(events)):
        index = len(events) - 1 - i
        if event is latest:
            return index
        if lag is None and isinstance(event, UserUttered):
            lag = index
    return len(events) if lag is None else lag


def _resumable(kept: _Kept, domain: Domain, events: Sequence[Event], lag: int) -> bool:
    """Whether the events start with exactly the ones the fold consumed and only plain appends follow."""
    n = len(kept.consumed)
    if kept.domain is not domain or n > lag:
        return False
    if not all(map(operator.is_, kept.consumed, events)):
        return False
    return not any(_special(e) for e in itertools.islice(events, n, lag))


# --- how many states the loaded policies read -------------------------------------------------------------


def _states_bound(key: Any, compressed: bool) -> int:
    """At least the number of states in a policy's lookup key: each state is a JSON object, so it brings
    at least one `{` (MemoizationPolicy drops the quotes and may compress the text: undone here)."""
    if not isinstance(key, str):
        return 0
    text = key
    if compressed:
        try:
            text = zlib.decompress(base64.b64decode(key)).decode("utf-8")
        except (ValueError, zlib.error, UnicodeDecodeError):
            text = key
    return text.count("{")


def _keys_bound(policy: MemoizationPolicy, keys: Iterable[Any]) -> int:
    compressed = bool(policy.config.get("enable_feature_string_compression"))
    return max((_states_bound(key, compressed) for key in keys), default=0)


def states_needed(policies: Iterable[Any]) -> int | None:
    """How many of the last states the policies read, or None if one may read them all.

    TEDPolicy, and MemoizationPolicy with a `max_history`, read the last `max_history`. Without one (Rasa's
    default, Pivot's config) MemoizationPolicy looks the whole list up in its table of training stories:
    a list longer than every key there is found neither whole nor as its last states. RulePolicy accepts a
    rule once it is further back than the rule's length, and looks the whole list up only in
    `rules_not_in_stories`: one more state than the longest key of its tables."""
    need = 1
    found = False
    for policy in policies:
        found = True
        kind = type(policy)
        max_history = getattr(getattr(policy, "featurizer", None), "max_history", None)
        if kind is RulePolicy:
            tables = (RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RULES_NOT_IN_STORIES)
            keys = [key for table in tables for key in policy.lookup.get(table, ())]
            need = max(need, _keys_bound(policy, keys) + 1)
        elif kind is MemoizationPolicy and max_history is None:
            need = max(need, _keys_bound(policy, policy.lookup) + 1)
        elif kind in (MemoizationPolicy, TEDPolicy) and isinstance(max_history, int) and max_history >= 1:
            need = max(need, max_history)
        else:
            return None
    return need if found else None


def _graph_policies(processor: MessageProcessor) -> list[Any] | None:
    nodes = getattr(processor.graph_runner, "_instantiated_nodes", None)
    if not isinstance(nodes, dict):
        return None
    policies = []
    for node in nodes.values():
        component = getattr(node, "_component", None)
        if isinstance(component, Policy):
            policies.append(component)
    return policies


def keep_for(processor: MessageProcessor) -> int | None:
    runner = processor.graph_runner
    known = _keep_by_runner.get(id(runner))
    if known is not None and known[0] is runner:
        return known[1]
    policies = _graph_policies(processor)
    keep = states_needed(policies) if policies else None
    if keep is not None:
        keep += MARGIN
    _keep_by_runner[id(runner)] = (runner, keep)
    log.info("policies read the last %s states of a conversation", keep if keep else "all")
    return keep


# --- install ----------------------------------------------------------------------------------------------

CACHE = StatesCache()


def _past_states(
    self: DialogueStateTracker,
    domain: Domain,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    current = _predicting.get()
    if current is None or current[0] is not self:
        return _original_past_states(self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    return CACHE.last_states(
        self, domain, current[1], omit_unset_slots, ignore_rule_only_turns, rule_only_data
    )


def _predict_next_with_tracker(self: MessageProcessor, tracker: DialogueStateTracker) -> Any:
    keep = keep_for(self)
    if keep is None:
        return _original_predict(self, tracker)
    token = _predicting.set((tracker, keep))
    try:
        return _original_predict(self, tracker)
    finally:
        _predicting.reset(token)


def install() -> None:
    DialogueStateTracker.past_states = _past_states  # type: ignore[method-assign]
    MessageProcessor._predict_next_with_tracker = _predict_next_with_tracker  # type: ignore[method-assign]


def uninstall() -> None:
    DialogueStateTracker.past_states = _original_past_states  # type: ignore[method-assign]
    MessageProcessor._predict_next_with_tracker = _original_predict  # type: ignore[method-assign]
    CACHE.clear()

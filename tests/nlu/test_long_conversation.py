"""A long conversation predicts and calls the action server as with the whole tracker (issue 14).

`pivot_rasa.policy_states` gives the policies the last states of a conversation from a fold kept between
predictions; `pivot_rasa.remote_action` sends the action server only the events `pivot_rasa.event_window`
keeps. Checked here against Rasa's own code on the same trackers:

- the states, for a synthetic domain whose slots shape the states (every argument set the policies use),
  through hidden rule turns, undos, restarts, new sessions, slot resets, follow-up actions and loops;
- every prediction of a long conversation with the trained test model (`bench.stack.test_model`, or
  `PIVOT_TEST_MODEL`), the real NLU parsing each message: the same `PolicyPrediction` (probabilities,
  policy, events, hidden turn) with the fold as with Rasa's full state list;
- the action-server request: equal to Rasa's but for `events`, which are the tail of Rasa's.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import random
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from pivot_rasa import event_window, policy_states, remote_action, tracker_replay

DOMAIN_YAML = """
version: "3.1"
intents: [greet, inform, affirm, deny, restart, ask]
entities: [thing]
slots:
  mood:
    type: categorical
    values: [happy, sad]
    influence_conversation: true
    mappings: [{type: custom}]
  flag:
    type: bool
    influence_conversation: true
    mappings: [{type: custom}]
  rule_slot:
    type: bool
    influence_conversation: true
    mappings: [{type: custom}]
  note:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_hi: [{text: hi}]
actions: [action_a, action_b, action_rule_only]
"""
ACTIONS = ["action_a", "action_b", "action_rule_only", "utter_hi"]
INTENTS = ["greet", "inform", "affirm", "deny", "ask"]
RULE_ONLY = {"rule_only_slots": ["rule_slot"], "rule_only_loops": []}
ARGS = [(False, False, None), (True, False, None), (False, True, RULE_ONLY), (True, True, RULE_ONLY)]


def _user(rng: random.Random, n: int) -> UserUttered:
    intent = rng.choice(INTENTS)
    entities = [{"entity": "thing", "value": "x", "start": 0, "end": 1}] if rng.random() < 0.3 else []
    return UserUttered(f"message {n}", {"name": intent, "confidence": 1.0}, entities)


def _turn(rng: random.Random, n: int) -> list[Event]:
    """One user turn: listen, message, one to three actions (some hidden as rule-only turns), slots."""
    events: list[Event] = [ActionExecuted("action_listen", hide_rule_turn=rng.random() < 0.1), _user(rng, n)]
    events.append(DefinePrevUserUtteredFeaturization(False))
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(ACTIONS)
        events.append(ActionExecuted(name, hide_rule_turn=name == "action_rule_only" or rng.random() < 0.1))
        events.append(BotUttered(f"reply {n}"))
        if rng.random() < 0.5:
            events.append(SlotSet(rng.choice(["mood", "flag", "rule_slot", "note"]), rng.choice(
                ["happy", "sad", True, False, None, f"n{n}"]
            )))
    return events


def _odd(rng: random.Random, n: int) -> list[Event]:
    """Events after which Rasa's applied events are not a plain append, and other rarer ones."""
    kind = rng.choice(["revert", "action_revert", "restart", "session", "reset", "followup"])
    if kind == "revert":
        return [ActionExecuted("action_default_fallback"), UserUtteranceReverted()]
    if kind == "action_revert":
        return [ActionReverted()]
    if kind == "restart":
        return [ActionExecuted("action_restart"), Restarted(), ActionExecuted("action_session_start"),
                SessionStarted(), ActionExecuted("action_listen")]
    if kind == "session":
        return [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("mood", "happy"),
                ActionExecuted("action_listen")]
    if kind == "reset":
        return [AllSlotsReset()]
    return [FollowupAction("action_a"), ActionExecuted("action_a")]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.from_yaml(DOMAIN_YAML)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_last_states_are_rasas(domain: Domain, seed: int) -> None:
    rng = random.Random(seed)
    cache = policy_states.StatesCache()
    keep = 7
    tracker = DialogueStateTracker.from_events(f"s{seed}", [ActionExecuted("action_listen")], domain.slots)
    checks = 0
    for n in range(160):
        events = _turn(rng, n) + (_odd(rng, n) if rng.random() < 0.12 else [])
        # check after the user message (the first prediction of a turn) and at the end of the turn
        user_at = 2
        for i, event in enumerate(events):
            tracker.update(event)
            if i == user_at - 1 or i == len(events) - 1 or rng.random() < 0.2:
                for args in ARGS:
                    expected = policy_states._original_past_states(tracker, domain, *args)[-keep:]
                    assert cache.last_states(tracker, domain, keep, *args) == expected, (n, i, args)
                    checks += 1
    assert checks > 1000
    assert len(tracker.events) > 1000
    assert cache.resumed > cache.rebuilt  # the fold was carried over, not rebuilt each time


def test_a_new_tracker_object_with_the_same_sender_is_rebuilt(domain: Domain) -> None:
    rng = random.Random(7)
    cache = policy_states.StatesCache()
    events = [ActionExecuted("action_listen")] + [e for n in range(30) for e in _turn(rng, n)]
    tracker = DialogueStateTracker.from_events("same", events, domain.slots)
    assert cache.last_states(tracker, domain, 6) == policy_states._original_past_states(tracker, domain)[-6:]
    other_events = [ActionExecuted("action_listen")] + [e for n in range(30) for e in _turn(rng, n)]
    other = DialogueStateTracker.from_events("same", other_events, domain.slots)
    assert cache.last_states(other, domain, 6) == policy_states._original_past_states(other, domain)[-6:]
    assert cache.rebuilt == 2


def test_the_handed_out_states_are_copies(domain: Domain) -> None:
    rng = random.Random(8)
    cache = policy_states.StatesCache()
    events = [ActionExecuted("action_listen")] + [e for n in range(20) for e in _turn(rng, n)]
    tracker = DialogueStateTracker.from_events("copies", events, domain.slots)
    first = cache.last_states(tracker, domain, 5, False, True, RULE_ONLY)
    for state in first:  # what a featurizer does to the last state, and worse
        state.clear()
    assert cache.last_states(tracker, domain, 5, False, True, RULE_ONLY) == (
        policy_states._original_past_states(tracker, domain, False, True, RULE_ONLY)[-5:]
    )


def test_the_copy_is_a_deep_copy_that_keeps_shared_parts_shared() -> None:
    user = {"intent": "greet", "entities": ("thing",)}
    states = [{"user": user, "prev_action": {"action_name": "x"}}, {"user": user, "slots": {"a": (1.0,)}}]
    copied = policy_states.copy_states(states)
    assert copied == copy.deepcopy(states)
    assert copied[0]["user"] is copied[1]["user"] and copied[0]["user"] is not user
    assert copied[0]["prev_action"] is not states[0]["prev_action"]


def test_loops_get_rasas_own_states(domain: Domain) -> None:
    cache = policy_states.StatesCache()
    tracker = DialogueStateTracker.from_events(
        "loop",
        [ActionExecuted("action_listen"), UserUttered("x", {"name": "greet"}), ActiveLoop("some_form")],
        domain.slots,
    )
    assert cache.last_states(tracker, domain, 5) == policy_states._original_past_states(tracker, domain)[-5:]
    assert cache.full == 1


def test_the_states_needed_follow_the_policies() -> None:
    from rasa.core.policies.memoization import AugmentedMemoizationPolicy

    class Featurizer:
        max_history: int | None = 5

    def policy(cls: type, max_history: int | None = 5, lookup: Any = None, compress: bool = False) -> Any:
        obj = cls.__new__(cls)
        obj._Policy__featurizer = Featurizer()
        obj._Policy__featurizer.max_history = max_history
        obj.config = {"enable_feature_string_compression": compress}
        obj.lookup = lookup or {}
        return obj

    memo = policy_states.MemoizationPolicy.__new__(policy_states.MemoizationPolicy)
    memo.config = {"enable_feature_string_compression": True}
    three = [{"prev_action": {"action_name": "a"}}, {"user": {"intent": "b"}}, {"slots": {"s": (1.0,)}}]
    key = memo._create_feature_key(three)
    assert policy_states.states_needed([policy(policy_states.MemoizationPolicy, None, {key: "a"}, True)]) >= 4
    rules = {"rules": {json.dumps(three): "a"}, "rules_not_in_stories": ["predicting default action"]}
    assert policy_states.states_needed([policy(policy_states.RulePolicy, None, rules)]) >= 4

    class Memo(policy_states.MemoizationPolicy):
        pass

    assert policy_states.states_needed([policy(policy_states.MemoizationPolicy)]) == 5
    assert policy_states.states_needed([policy(policy_states.TEDPolicy, 8)]) == 8
    assert policy_states.states_needed([policy(policy_states.TEDPolicy, None)]) is None  # the whole history
    assert policy_states.states_needed([policy(AugmentedMemoizationPolicy)]) is None  # reads back further
    assert policy_states.states_needed([policy(Memo)]) is None  # any other class, even a subclass
    assert policy_states.states_needed([]) is None


def _same_tracker(ours: DialogueStateTracker, rasas: DialogueStateTracker, domain: Domain) -> None:
    assert ours is not rasas
    assert list(ours.events) == list(rasas.events)
    assert all(a is b for a, b in zip(ours.events, rasas.events, strict=True))
    assert ours.current_state(EventVerbosity.ALL) == rasas.current_state(EventVerbosity.ALL)
    for name in ("followup_action", "_paused", "latest_action", "active_loop", "sender_id", "model_id",
                 "is_rule_tracker", "_max_event_history"):
        assert getattr(ours, name) == getattr(rasas, name), name
    assert ours.latest_message is rasas.latest_message or ours.latest_message == rasas.latest_message
    assert ours.latest_bot_utterance == rasas.latest_bot_utterance
    assert {k: (v.value, v.has_been_set) for k, v in ours.slots.items()} == {
        k: (v.value, v.has_been_set) for k, v in rasas.slots.items()
    }
    assert ours.past_states(domain) == rasas.past_states(domain)


@pytest.mark.parametrize("seed", [4, 5])
def test_the_tracker_copies_and_applied_events_are_rasas(domain: Domain, seed: int) -> None:
    rng = random.Random(seed)
    cache = tracker_replay.ReplayCache()
    tracker = DialogueStateTracker.from_events(f"c{seed}", [ActionExecuted("action_listen")], domain.slots)
    for n in range(120):
        for event in _turn(rng, n) + (_odd(rng, n) if rng.random() < 0.12 else []):
            tracker.update(event)
            if rng.random() < 0.3:
                ours, rasas = cache.copy(tracker), tracker_replay._original_copy(tracker)
                _same_tracker(ours, rasas, domain)
                # what _run_action does with its copy must not reach the kept replay
                for extra in _turn(rng, -n):
                    ours.update(extra)
                ours.slots["mood"].value = "sad"
                applied = cache.applied_events(tracker)
                assert applied == tracker_replay._original_applied_events(tracker)
                assert all(a is b for a, b in zip(applied, tracker_replay._original_applied_events(tracker),
                                                  strict=True))
    assert len(tracker.events) > 800
    assert cache.copies_resumed > cache.copies_rebuilt
    assert cache.applied_resumed > cache.applied_rasa


def test_a_copy_with_a_loop_is_rasas(domain: Domain) -> None:
    cache = tracker_replay.ReplayCache()
    tracker = DialogueStateTracker.from_events(
        "loop", [ActionExecuted("action_listen"), UserUttered("x", {"name": "greet"}), ActiveLoop("a_form")],
        domain.slots,
    )
    _same_tracker(cache.copy(tracker), tracker_replay._original_copy(tracker), domain)
    assert cache.copies_rasa == 1
    assert cache.applied_events(tracker) == tracker_replay._original_applied_events(tracker)


def test_the_caches_are_bounded_by_conversations_and_events(domain: Domain) -> None:
    from pivot_rasa.lru import LRU

    kept = LRU(size=3, events=100)
    for n in range(5):
        kept.put(n, str(n), 30)
    assert len(kept) == 3 and kept.pop(1) is None and kept.pop(4) == "4"
    kept.put("big", "x", 101)  # larger than the bound: not kept
    assert kept.pop("big") is None
    rng = random.Random(9)
    cache = policy_states.StatesCache(size=10, events=200)
    replays = tracker_replay.ReplayCache(size=10, events=200)
    for n in range(4):
        events = [ActionExecuted("action_listen")] + [e for i in range(8) for e in _turn(rng, i)]
        tracker = DialogueStateTracker.from_events(f"b{n}", events, domain.slots)
        cache.last_states(tracker, domain, 5)
        replays.copy(tracker)
        replays.applied_events(tracker)
    assert cache._kept._weight <= 200 and replays._replays._weight <= 200 and replays._applied._weight <= 200
    assert len(cache._kept) < 4


def test_the_store_knows_its_latest_session_rows_as_the_query_counts_them(tmp_path: Any) -> None:
    """`CachedSQLTrackerStore` skips Rasa's count of the latest session's rows before a write when the
    table is as it left it; the number it uses is the query's, through new sessions, another writer and a
    deletion behind its back."""
    import sqlite3

    from rasa.core.tracker_store import SQLTrackerStore

    from pivot_rasa.tracker_store import CachedSQLTrackerStore

    pivot_domain = Domain.load("domain.yml")
    db = tmp_path / "tracker.db"
    store = CachedSQLTrackerStore(domain=pivot_domain, db=str(db))
    other = SQLTrackerStore(domain=pivot_domain, db=str(db))
    skipped = 0

    def count(sender: str) -> int:
        with store.session_scope() as session:
            return store._event_query(session, sender, fetch_events_from_all_sessions=False).count()

    for n in range(60):
        sender = f"api:s{n % 3}"
        tracker = asyncio.run(store.get_or_create_tracker(sender))
        new: list[Event] = [ActionExecuted("action_listen"), UserUttered(f"m{n}", {"name": "greet"}),
                            ActionExecuted("action_respond"), BotUttered("ok"), SlotSet("asked", f"a{n}")]
        if n % 17 == 5:
            new = [ActionExecuted("action_session_start"), SessionStarted(), *new]
        for event in new:
            tracker.update(event)
        skipped += sender in store._session_rows
        asyncio.run(store.save(tracker))
        if sender in store._session_rows:
            assert store._session_rows[sender][2] == count(sender)
        if n % 13 == 7:  # another instance writes this conversation
            theirs = asyncio.run(other.retrieve(sender))
            theirs.update(BotUttered("from elsewhere"))
            asyncio.run(other.save(theirs))
        if n % 19 == 9:  # the gateway deletes a person's data
            with sqlite3.connect(db) as conn:
                conn.execute("DELETE FROM events WHERE sender_id = ?", (sender,))
        reread = asyncio.run(SQLTrackerStore(domain=pivot_domain, db=str(db)).retrieve(sender))
        mine = asyncio.run(store.retrieve(sender))
        assert (reread is None) == (mine is None)
        if mine is not None:
            assert mine.current_state(EventVerbosity.ALL) == reread.current_state(EventVerbosity.ALL)
    assert skipped > 20


# --- the trained model ------------------------------------------------------------------------------------

MESSAGES = [
    "hi",
    "I work in finance and want to move into fintech",
    "what about cybersecurity?",
    "show me cheaper ones",
    "tell me more about the first one",
    "online only please",
    "thanks",
    "start over",
    "I'm a teacher and I want to become a data analyst",
    "delete my data",
    "yes",
    "delete my data",
    "no",
    "a person please",
    "how long will it take?",
    "asdf qwerty zxcv",
    "hola, quiero cambiar de carrera",
    "what is a microcredential?",
    "compare security+ and cissp",
    "bye",
]


@pytest.fixture(scope="module")
def agent() -> Any:
    from rasa.core.agent import load_agent

    from bench.stack import test_model

    return asyncio.run(load_agent(model_path=str(test_model())))


def _slot_events(rng: random.Random, domain: Domain) -> list[Event]:
    names = [s.name for s in domain.slots if not s.name.startswith("session_")]
    out: list[Event] = []
    for name in rng.sample(names, 3):
        slot = domain.slots[[s.name for s in domain.slots].index(name)]
        value: Any = {"bool": True, "float": 3.0, "list": ["cur:x"], "any": {"a": 1}}.get(slot.type_name, "v")
        out.append(SlotSet(name, rng.choice([value, None])))
    return out


def test_every_prediction_of_a_long_conversation_is_rasas(agent: Any) -> None:
    from rasa.core.channels.channel import UserMessage

    processor = agent.processor
    domain = processor.domain
    assert policy_states.keep_for(processor) is not None, "Pivot's policies are the ones the fold knows"
    policy_states.install()
    policy_states.CACHE.clear()
    rng = random.Random(14)
    tracker = DialogueStateTracker.from_events(
        "long", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
        domain.slots,
    )
    parsed: dict[str, dict[str, Any]] = {}

    def predict() -> Any:
        assert tracker.followup_action is None
        with_fold = processor._predict_next_with_tracker(tracker)
        rasas = policy_states._original_predict(processor, tracker)
        assert with_fold == rasas, (len(tracker.events), with_fold, rasas)
        return with_fold

    predictions = 0
    try:
        for n, text in enumerate(itertools.islice(itertools.cycle(MESSAGES), 130)):
            if text not in parsed:
                parsed[text] = asyncio.run(processor.parse_message(UserMessage(text)))
            data = parsed[text]
            tracker.update(UserUttered(text, data["intent"], data["entities"], data))
            for _ in range(3):  # the processor's loop: predict, run, until it listens
                prediction = predict()
                predictions += 1
                name = domain.action_names_or_texts[prediction.max_confidence_index]
                tracker.update_with_events(prediction.events, domain)
                tracker.update(
                    ActionExecuted(name, prediction.policy_name, prediction.max_confidence,
                                   hide_rule_turn=prediction.hide_rule_turn)
                )
                if name == "action_listen":
                    break
                if name == "action_restart":  # Rasa's own action, then the session start it asks for
                    tracker.update(Restarted())
                    tracker.clear_followup_action()
                    for event in [ActionExecuted("action_session_start"), SessionStarted(),
                                  ActionExecuted("action_listen")]:
                        tracker.update(event)
                    break
                if name == "action_default_fallback":
                    tracker.update(UserUtteranceReverted())
                    continue
                tracker.update(BotUttered(f"reply to {text}"))
                for event in _slot_events(rng, domain):
                    tracker.update(event)
            if n % 40 == 39:  # a new session: what action_session_start does
                for event in [ActionExecuted("action_session_start"), SessionStarted(),
                              *_slot_events(rng, domain), ActionExecuted("action_listen")]:
                    tracker.update(event)
    finally:
        policy_states.uninstall()
    assert predictions > 250
    assert len(tracker.events) > 1000
    assert policy_states.CACHE.resumed > 5 * policy_states.CACHE.rebuilt  # carried over, seldom rebuilt


# --- the action-server request ----------------------------------------------------------------------------


def _conversation(rng: random.Random, turns: int) -> list[Event]:
    events: list[Event] = [ActionExecuted("action_session_start"), SessionStarted(),
                           SlotSet("handoff_requested", False), ActionExecuted("action_listen")]
    for n in range(turns):
        site = rng.choice([None, "", "  ", "north", 3])
        metadata = {"channel": "web", **({"site": site} if site is not None else {})}
        if rng.random() < 0.3:
            metadata["handoff_notice"] = "sent"
        events.append(UserUttered(f"m{n}", {"name": "greet", "confidence": 1.0}, [], metadata=metadata))
        action = rng.choice(["action_respond", "action_request_human", "action_forget_me"])
        events.append(ActionExecuted(action))
        events.append(BotUttered(rng.choice(["a", "email me?", ""])))
        if rng.random() < 0.15:
            events.append(SlotSet("handoff_requested", rng.choice([True, False, None])))
        events.append(ActionExecuted("action_listen"))
    return events


def test_the_newest_site_is_found_from_the_new_events_only() -> None:
    rng = random.Random(5)
    events = _conversation(rng, 80)
    for end in range(1, len(events), 7):
        prefix = events[:end]
        direct = [i for i, e in enumerate(prefix)
                  if e.type_name == "user" and event_window.names_a_site(e.metadata)]
        assert remote_action.newest_site_index("api:site", prefix) == (direct[-1] if direct else None)
    other = _conversation(rng, 10)  # another conversation under the same id: looked at afresh
    direct = [
        i for i, e in enumerate(other) if e.type_name == "user" and event_window.names_a_site(e.metadata)
    ]
    assert remote_action.newest_site_index("api:site", other) == (direct[-1] if direct else None)


def test_the_event_views_agree() -> None:
    rng = random.Random(3)
    for event in _conversation(rng, 60):
        assert remote_action.event_view(event) == event_window.dict_view(event.as_dict())


@pytest.mark.parametrize("seed", range(6))
def test_the_request_is_rasas_but_for_the_events(seed: int) -> None:
    domain = Domain.load("domain.yml")
    rng = random.Random(seed)
    tracker = DialogueStateTracker.from_events("req", _conversation(rng, 120), domain.slots)
    full = tracker.current_state(EventVerbosity.ALL)
    ours = remote_action.tracker_state(tracker)
    cut = len(full["events"]) - len(ours["events"])
    assert ours["events"] == full["events"][cut:]
    assert {**ours, "events": None} == {**full, "events": None}
    if not tracker.slots["handoff_requested"].value:
        assert len(ours["events"]) < len(full["events"]) / 4  # a window, not the conversation

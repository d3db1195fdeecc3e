"""nlu.intent_guard: a typed message keeps a turn-taking intent (restart, refine, pick an item, a person) only
when it says what the intent does; real replies that the classifier mistook for one are read instead."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.intent_guard import IntentGuard, keeps_intent


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("restart", "a new career ... my own business"),  # seen: "Okay, let's start over"
        ("restart", "I want to start over from scratch in a trade such as plumbing, am I too old at 38?"),
        ("refine", "an independent reporter"),  # seen: "Here are 5 more options"
        ("pick_item", "the Wellington ICT sector"),
        ("request_human", "homeschooling my son"),
        # a long career story is never a request to delete the person's data
        ("forget_me", "I have been a teacher for 12 years and I want to forget about teaching and move on to something "
                      "new, maybe in HR or training, but I don't know where to start or what to study first"),
        ("forget_me", "I'd like to move on from nursing"),
    ],
)
def test_a_reply_without_the_intents_words_loses_it(intent, text):
    assert not keeps_intent(intent, text)


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("restart", "let's start over"),
        ("restart", "can we start from scratch"),
        ("refine", "cheaper ones please"),
        ("refine", "too expensive"),
        ("refine", "online only, under $300"),
        ("pick_item", "tell me more about #2"),
        ("pick_item", "the second one"),
        ("request_human", "can I talk to a real person?"),
        ("forget_me", "delete my data"),
        ("forget_me", "please erase everything you have about me"),
        ("ask_transition", "anything at all"),  # not a guarded intent
    ],
)
def test_a_message_that_says_what_the_intent_does_keeps_it(intent, text):
    assert keeps_intent(intent, text)


def test_the_component_demotes_to_fallback_and_leaves_others_alone():
    guard = IntentGuard({})
    wrong = Message(data={TEXT: "an independent reporter", INTENT: {"name": "refine", "confidence": 0.8}})
    right = Message(data={TEXT: "cheaper ones", INTENT: {"name": "refine", "confidence": 0.8}})
    other = Message(data={TEXT: "I'm a nurse", INTENT: {"name": "inform_current", "confidence": 0.9}})
    guard.process([wrong, right, other])
    assert wrong.get(INTENT)["name"] == "nlu_fallback"
    assert right.get(INTENT)["name"] == "refine"
    assert other.get(INTENT)["name"] == "inform_current"

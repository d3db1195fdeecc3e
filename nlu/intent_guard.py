"""`nlu.intent_guard.IntentGuard`: intents that take over the turn need their own words in the message.

Most intents go to `action_respond`, which reads the whole message. A few go straight to an action that does
something else: `restart` wipes the conversation, `refine` re-filters the last list, `pick_item` opens an item
of it, `request_human` starts a hand-off. Real people's replies trigger them by accident: "a new career ... my
own business" was classified `restart` ("Okay, let's start over"), "an independent reporter" `refine`
("Here are 5 more options"). So a typed message keeps one of these intents only when it is short and says what the intent
does ("start over", "cheaper", "#2", "a person"); otherwise the intent becomes `nlu_fallback` with the
classifier's ranking kept, and the reader answers the message. Buttons send payloads ("/restart"), which never
reach the NLU pipeline, so they are not affected.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

FALLBACK = "nlu_fallback"

# intent -> (most words a message may have, the words that must be in it)
GUARDED: dict[str, tuple[int, re.Pattern[str]]] = {
    "restart": (
        8,
        re.compile(
            r"\b(?:restart|reset|reboot|redo|do\s+over|scratch|(?:new|fresh)\s+start|start\s+(?:over|again|afresh|anew|fresh|a\s+new)|"
            r"begin\s+again|(?:the|a)\s+(?:start|beginning)|from\s+the\s+(?:start|top)|whole\s+thing\s+again|"
            r"new\s+(?:chat|conversation|session)|clear\s+(?:the\s+|this\s+|my\s+)?(?:chat|conversation)|forget\s+what\s+i\s+said)\b",
            re.IGNORECASE,
        ),
    ),
    "refine": (
        14,
        re.compile(
            r"\b(?:cheap\w*|free|afford\w*|budget|cost|price|online|in[- ]person|remote|hybrid|short\w*|quick\w*|"
            r"fast\w*|less|fewer|more|other|different|another|under|below|max(?:imum)?|within|hours?|weeks?|"
            r"months?|"
            r"no\s+(?:exam|degree)|beginner|entry[- ]level|advanced|self[- ]paced|part[- ]time|else|"
            r"expensive|"
            r"too\s+(?:long|much|many|hard|big)|don'?t\s+fit|alternatives?)\b|[$£€]|\d",
            re.IGNORECASE,
        ),
    ),
    "pick_item": (
        10,
        re.compile(
            r"#\s*\d|\b\d\b|\b(?:first|second|third|fourth|fifth|last|top|one|number|option|item|that|this|more\s+about|"
            r"details?|tell\s+me\s+(?:more|about))\b",
            re.IGNORECASE,
        ),
    ),
    # "delete my data": a deletion question after a long career story is never what the person asked
    "forget_me": (
        16,
        re.compile(
            r"\b(?:delete|deleted|deleting|deletion|erase|erased|forget|forgotten|remove|wipe|clear|purge|"
            r"get\s+rid\s+of|gdpr|privacy|data|account|profile|history|messages?)\b",
            re.IGNORECASE,
        ),
    ),
    "request_human": (
        25,
        re.compile(
            r"\b(?:human|person|people|counsel+or|counsel+ing|advis[eo]r|agent|someone|somebody|staff|real|talk|speak|"
            r"call|contact|email|help\s+me|representative|operator|coach)\b",
            re.IGNORECASE,
        ),
    ),
}


def keeps_intent(intent: str | None, text: str) -> bool:
    """Whether a typed message may keep `intent` (always, unless it is one of the guarded intents)."""
    if intent not in GUARDED:
        return True
    most_words, cue = GUARDED[intent]
    return len(text.split()) <= most_words and bool(cue.search(text))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class IntentGuard(GraphComponent):
    """Demotes a turn-taking intent to `nlu_fallback` when the message lacks its words (see module doc)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentGuard:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = message.get(INTENT) or {}
            if text and not keeps_intent(intent.get("name"), text):
                # the ranking stays as the classifier made it, for the evaluation and the logs
                demoted = {"name": FALLBACK, "confidence": intent.get("confidence", 0.0)}
                message.set(INTENT, demoted, add_to_output=True)
        return messages

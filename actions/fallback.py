"""Two-stage fallback pieces: a readable "did you mean …?" and the final offer of a human.

Rasa's built-in `action_two_stage_fallback` calls these by name: first
`action_default_ask_affirmation`, after a failed rephrase `action_default_fallback`.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

# What each intent means, as a button a person would recognise.
INTENT_LABELS = {
    "greet": "Say hello",
    "goodbye": "End the chat",
    "thanks": "Say thanks",
    "inform_current": "Tell you my current field",
    "inform_target": "Tell you where I want to go",
    "ask_transition": "Get credentials for a career move",
    "inform_constraints": "Set a budget, time or format",
    "ask_credential": "Ask about a credential",
    "compare_credentials": "Compare two credentials",
    "ask_skill_gap": "See which skills I'm missing",
    "ask_related_moves": "See which moves fit me",
    "ask_first_steps": "Know what to do first",
    "refine": "Change the suggestions",
    "pick_item": "Hear more about one option",
    "request_human": "Talk to a person",
    "restart": "Start over",
    "ask_privacy": "Know what you store about me",
    "forget_me": "Delete my data",
    "bot_challenge": "Know whether you're a bot",
    "faq": "Ask a general question about microcredentials",
}
NOT_OFFERED = {"nlu_fallback", "out_of_scope", "chitchat", "affirm", "deny"}
MAX_CHOICES = 2


class ActionDefaultAskAffirmation(Action):
    """Offers the likeliest intents as buttons, plus "Something else" (→ rephrase)."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        choices: list[str] = []
        for item in ranking:
            name = str(item.get("name") or "").split("/")[0]
            if name in INTENT_LABELS and name not in NOT_OFFERED and name not in choices:
                choices.append(name)
            if len(choices) == MAX_CHOICES:
                break
        buttons = [{"title": INTENT_LABELS[name], "payload": f"/{name}"} for name in choices]
        buttons.append({"title": "Something else", "payload": "/out_of_scope"})
        text = (
            "Sorry, I'm not sure what you meant. Did you want to:"
            if choices
            else ("Sorry, I'm not sure what you meant.")
        )
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionDefaultFallback(Action):
    """After repeated failure: say so plainly and offer a human or a fresh start."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]

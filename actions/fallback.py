"""The dialogue's last resort: when no policy is confident (RulePolicy's core fallback), say so plainly
and offer a person or a fresh start. Messages the NLU is unsure of go to `action_respond` instead, which
reads them whole (actions/respond.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionDefaultFallback(Action):
    """After repeated failure: say so plainly and offer a human or a fresh start."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]

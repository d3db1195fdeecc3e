"""Session start that keeps the person's profile across sessions but not a half-asked question."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

NOT_CARRIED = {"requested_slot", "session_started_metadata", "asked", "misunderstood"}


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        carried = [
            SlotSet(name, value)
            for name, value in tracker.current_slot_values().items()
            if name not in NOT_CARRIED and value is not None
        ]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]

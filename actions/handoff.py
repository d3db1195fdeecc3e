"""Hand-off to a human counselor (Contract 3: the gateway acts on the custom payload)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

HANDOFF_EVENT = {"event": "handoff_requested"}


class ActionRequestHuman(Action):
    """Records the request and tells the person what happens next."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("handoff_requested"):
            text = (
                "You're already on the list for a counselor. They'll read our conversation and reply "
                "right here — you don't need to repeat anything."
            )
        else:
            text = (
                "Okay, I've asked a human career counselor to join. They'll read our conversation so far "
                "and reply right here in this chat, so you won't need to repeat yourself. Counselors are "
                "not online around the clock, so it may take a while; you can keep chatting meanwhile."
            )
        dispatcher.utter_message(text=text)
        dispatcher.utter_message(json_message=dict(HANDOFF_EVENT))
        return [SlotSet("handoff_requested", True)]

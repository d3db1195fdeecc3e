"""What Pivot stores, and deleting it on request (Contract 3: `{"event": "forget_me"}`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FORGET_EVENT = {"event": "forget_me"}

PRIVACY_TEXT = (
    "Here's what I keep:\n"
    "• the messages of this conversation and my replies;\n"
    "• the profile you gave me — current field, target field and limits such as budget, time or format;\n"
    "• which credentials I showed you, and whether you asked for a counselor.\n"
    "I use them to answer you, and a career counselor may read them to help you. "
    "I don't ask for your name, email or phone number. "
    'Say "delete my data" at any time and I\'ll erase all of it.'
)


class ActionPrivacy(Action):
    def name(self) -> str:
        return "action_privacy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=PRIVACY_TEXT, buttons=[{"title": "Delete my data", "payload": "/forget_me"}]
        )
        return []


class ActionForgetMe(Action):
    """Confirms, asks the gateway to delete everything stored, and forgets the profile."""

    def name(self) -> str:
        return "action_forget_me"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=(
                "Done — I've forgotten your profile, and your messages are being deleted from every "
                "place they were stored. If you'd like to start fresh, just tell me where you are "
                "and where you want to go."
            )
        )
        dispatcher.utter_message(json_message=dict(FORGET_EVENT))
        return [AllSlotsReset(), ActiveLoop(None)]

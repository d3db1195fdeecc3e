"""What Pivot stores, and deleting it on request (Contract 3: `{"event": "forget_me"}`).

Deleting is irreversible and the NLU can misread casual phrases ("forget it", "remove that one") as
`forget_me`, so nothing is deleted on that intent: `action_forget_me` only asks, and
`action_forget_confirmed` emits the deletion event only when the person says yes (the button or a
typed "yes") to that very question. A conversation on hand-off is never deleted by the bot: a
counselor needs it and acts on the request instead.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FORGET_EVENT = {"event": "forget_me"}
ASK_ACTION = "action_forget_me"
CONFIRM_BUTTONS = [
    {"title": "Yes, delete everything", "payload": "/affirm"},
    {"title": "No, keep it", "payload": "/deny"},
]

PRIVACY_TEXT = (
    "Here's what I keep:\n"
    "• the messages of this conversation and my replies;\n"
    "• the profile you gave me — current field, target field and limits such as budget, time or format;\n"
    "• which credentials I showed you, and whether you asked for a counselor.\n"
    "I use them to answer you, and a career counselor may read them to help you. "
    "I don't ask for your name, email or phone number. "
    'Say "delete my data" at any time and I\'ll erase all of it.'
)
CONFIRM_QUESTION = (
    "Do you want me to delete everything I've stored about you — this conversation and your profile? "
    "This can't be undone."
)
DELETED_TEXT = (
    "Done — I've forgotten your profile, and your messages are being deleted from every "
    "place they were stored. If you'd like to start fresh, just tell me where you are "
    "and where you want to go."
)
COUNSELOR_WILL_ACT = (
    "A counselor is following up on this conversation, so I won't delete it myself. I've noted that "
    "you want your data deleted; the counselor will act on your request and reply here."
)
NOT_ASKED = (
    'Nothing has been deleted. If you want me to erase your data, say "delete my data" and I\'ll ask '
    "you to confirm."
)


def _previous_bot_action(tracker: Tracker) -> str | None:
    """The last action (other than listening) before the latest user message, from the events."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if not users:
        return None
    for event in reversed(events[: users[-1]]):
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return str(event.get("name"))
    return None


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
    """Asks whether to delete everything; deletes nothing (the answer goes to `action_forget_confirmed`)."""

    def name(self) -> str:
        return ASK_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("handoff_requested"):
            dispatcher.utter_message(text=COUNSELOR_WILL_ACT)
            return []
        dispatcher.utter_message(text=CONFIRM_QUESTION, buttons=[dict(b) for b in CONFIRM_BUTTONS])
        return []


class ActionForgetConfirmed(Action):
    """Deletes only on a "yes" that answers the question `action_forget_me` just asked."""

    def name(self) -> str:
        return "action_forget_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent != "affirm" or _previous_bot_action(tracker) != ASK_ACTION:
            dispatcher.utter_message(text=NOT_ASKED)
            return []
        if tracker.get_slot("handoff_requested"):
            dispatcher.utter_message(text=COUNSELOR_WILL_ACT)
            return []
        dispatcher.utter_message(text=DELETED_TEXT)
        dispatcher.utter_message(json_message=dict(FORGET_EVENT))
        return [AllSlotsReset(), ActiveLoop(None)]

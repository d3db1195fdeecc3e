"""Details of one credential: "tell me more about the first one", "is the PMP worth it?"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import KBAction, entity_values, recommended_ids
from actions.credential_refs import credential_from_ref, referenced_credentials
from actions.formatting import credential_details
from actions.payloads import card
from actions.structured import CredentialAnswer, custom
from knowledge.api import KnowledgeBase


def mine_of(cred_id: str, shown: list[str]) -> int | None:
    """The credential's number in the list the person saw, if it was on it."""
    return shown.index(cred_id) + 1 if cred_id in shown else None


class ActionCredentialDetails(KBAction):
    """Skills, cost, time, format, issuer, quality assurance, recognition and source."""

    def name(self) -> str:
        return "action_credential_details"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        found, missing = await referenced_credentials(kb, tracker)
        cred = found[0] if found else None
        if cred is None:
            if missing and entity_values(tracker, "credential"):
                dispatcher.utter_message(
                    text=f'I couldn\'t find "{missing[0]}" in my knowledge base. Could you check the name?'
                )
                return []
            if entity_values(tracker, "ordinal") and recommended_ids(tracker):
                count = len(recommended_ids(tracker))
                dispatcher.utter_message(
                    text=f"I only showed {count} options — pick a number from 1 to {count}."
                )
                return []
            focus = tracker.get_slot("focus_credential_id")
            cred = await credential_from_ref(kb, focus) if focus else None
        if cred is None:
            if recommended_ids(tracker):
                dispatcher.utter_message(text='Which one? Say for example "the first one" or its name.')
            else:
                dispatcher.utter_message(response="utter_no_recommendations_yet")
            return []
        shown = recommended_ids(tracker)
        buttons = [
            {"title": "What skills am I missing?", "payload": "/ask_skill_gap"},
            {"title": "What should I do first?", "payload": "/ask_first_steps"},
        ]
        if len(shown) >= 2:
            others = [i + 1 for i, cid in enumerate(shown) if cid != cred.id][:1]
            if cred.id in shown and others:
                mine = shown.index(cred.id) + 1
                buttons.insert(
                    0,
                    {
                        "title": f"Compare #{mine} and #{others[0]}",
                        "payload": f'/compare_credentials{{"ordinal": ["{mine}", "{others[0]}"]}}',
                    },
                )
        dispatcher.utter_message(
            text=credential_details(cred),
            buttons=buttons,
            json_message=custom(CredentialAnswer(item=card(cred, rank=mine_of(cred.id, shown)))),
        )
        return [SlotSet("focus_credential_id", cred.id)]

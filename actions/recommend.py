"""Ranked credential recommendations for the person's move, and their refinements."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import (
    KBAction,
    constraints_from_slots,
    has_constraints,
    kb_side,
    mentions_no_degree,
    recommended_ids,
)
from actions.formatting import plain_title, recommendation_block
from actions.payloads import recommendation_card
from actions.structured import Move, Recommendations, custom
from knowledge.api import KnowledgeBase
from knowledge.types import Credential

MIN_SHOWN = 3
MAX_SHOWN = 5
CANDIDATE_POOL = 10  # extra ranked items fetched so the curated ones can lead
PROFILE_SLOTS = (
    "current_field",
    "target_field",
    "budget_max",
    "weeks_max",
    "hours_per_week",
    "format_pref",
    "level_pref",
    "no_degree",
    "constraints_asked",
)
RELAXED_LABELS = {
    "max_cost": "your budget",
    "max_weeks": "your deadline",
    "hours_per_week": "your hours a week",
    "format": "the format",
    "level": "the level",
    "free_only": "free only",
    "no_degree": "the no-degree preference",
}
FOLLOW_UP_BUTTONS = [
    {"title": "Tell me more about #1", "payload": '/pick_item{"ordinal": "1"}'},
    {"title": "Compare #1 and #2", "payload": '/compare_credentials{"ordinal": ["1", "2"]}'},
    {"title": "What skills am I missing?", "payload": "/ask_skill_gap"},
    {"title": "What should I do first?", "payload": "/ask_first_steps"},
    {"title": "Cheaper options", "payload": '/refine{"refinement": "cheaper"}'},
    {"title": "Online only", "payload": '/refine{"refinement": "online"}'},
]


_LICENCE = re.compile(
    r"\b(?P<who>RN|registered\s+nurse|nurs\w*|pharmacist|physician|medical|dental|teaching|teacher|"
    r"engineering|PE|CPA|attorney|law|electrician|plumb\w*|cosmetology|real\s+estate|social\s+work\w*|"
    r"counsel\w*|therap\w*)\s+(?:license|licence|licensure|licensed)\b"
    r"|\b(?:licensed|current|active|unencumbered|valid)\s+(?P<who2>RN|registered\s+nurse|nurse|pharmacist|physician|"
    r"teacher|electrician|plumber|engineer|attorney|therapist|counselor|social\s+worker)\b",
    re.IGNORECASE,
)


_NURSE_ONLY = re.compile(r"\b(?:RN|BSN|MSN|registered\s+nurse|nursing\s+degree|licensed\s+nurse)\b")


def needs_licence_they_lack(cred: Credential, background: str) -> bool:
    """A credential for people who already hold a professional licence (an RN's specialty certification) is
    no bridge for someone outside that profession."""
    prerequisites = cred.prerequisites or ""
    if _NURSE_ONLY.search(prerequisites) and "nurs" not in background.lower():
        return True
    m = _LICENCE.search(prerequisites)
    if not m:
        return False
    who = (m.group("who") or m.group("who2") or "").lower()
    stem = {"rn": "nurs", "registered nurse": "nurs", "pe": "engineer", "cpa": "account", "law": "law"}.get(who, who[:5])
    return stem not in background.lower()


_GENERIC_NAME_WORDS = frozenset(
    "certified certification certificate certificates nationally national international professional program "
    "programme associate specialist registered board credential level advanced basic foundation foundations "
    "practitioner course master senior junior entry accredited approved licensed american institute association "
    "society council academy college university online training exam".split()
)


def _specialty(rec, context_words: set[str]) -> bool:
    """A (not curated) certification for a specialty the person never mentioned: a word of its name that is
    neither generic, nor the issuer's, nor in the target or the message ("Pilates" for someone who wants to
    teach school, "Eating Disorders" for a future dietitian)."""
    cred = rec.credential
    if cred.curated:
        return False
    words = {w for w in re.findall(r"[a-z]+", cred.name.lower()) if len(w) > 3}
    issuer_words = re.findall(r"[a-z]+", (cred.provider or "").split("(")[0].lower())
    # a brand ("Google", "Cisco Systems") is no specialty; "National Pilates Certification Program" names one
    issuer = set(issuer_words) if len(issuer_words) <= 2 else set()
    extra = {w for w in words - _GENERIC_NAME_WORDS - issuer if w[:5] not in {c[:5] for c in context_words}}
    return bool(extra)


def _curated_first(recs: list, context: str) -> list:
    """Curated credentials (chosen for the move by people, with sourced cost and time) lead when there are
    enough of them; specialty certifications that only share a word with the target are left out."""
    context_words = {w for w in re.findall(r"[a-z]+", context.lower()) if len(w) > 3}
    recs = [r for r in recs if not _specialty(r, context_words)]
    curated = [r for r in recs if r.credential.curated]
    if len(curated) < MIN_SHOWN:
        return recs
    return curated + [r for r in recs if not r.credential.curated]


def _distinct(recs: list) -> list:
    """One entry per credential name: a curated record and its CareerOneStop twin are the same thing."""
    seen: set[str] = set()
    out = []
    for rec in recs:
        key = re.sub(r"\W+", " ", rec.credential.name.lower()).strip()
        if key not in seen:
            seen.add(key)
            out.append(rec)
    return out


async def present_recommendations(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kb: KnowledgeBase,
    overrides: dict[str, Any] | None = None,
    show_more: bool = False,
) -> list[dict[str, Any]]:
    """Ask the KB for the move in the profile (slots + overrides), utter the list, return events.

    With `show_more`, the credentials already shown are skipped and numbering continues,
    so "#6" still points at the sixth credential the person has seen.
    """
    slots = {name: tracker.get_slot(name) for name in PROFILE_SLOTS}
    slots.update(overrides or {})
    events: list[dict[str, Any]] = [SlotSet(k, v) for k, v in (overrides or {}).items()]
    if not slots.get("no_degree") and mentions_no_degree((tracker.latest_message or {}).get("text")):
        slots["no_degree"] = True
        events.append(SlotSet("no_degree", True))
    current, target = slots.get("current_field"), slots.get("target_field")
    if not target:
        dispatcher.utter_message(response="utter_recommend_needs_profile")
        return events
    constraints = constraints_from_slots(slots)
    already = recommended_ids(tracker) if show_more else []
    limit = len(already) + MAX_SHOWN + CANDIDATE_POOL
    result = await kb.recommend(kb_side(current), target, constraints, limit=limit)
    if result.target is None:
        dispatcher.utter_message(response="utter_field_not_found", unmatched_text=str(target))
        return events + [SlotSet("target_field", None)]
    events += [SlotSet("target_field_title", result.target.title)]
    if result.source is not None:
        events.append(SlotSet("current_field_title", result.source.title))
    background = " ".join(str(slots.get(k) or "") for k in ("current_field", "current_field_title"))
    background += " " + str(tracker.get_slot("current_phrase") or "")
    context = f"{result.target.title} {slots.get('target_field_title') or ''} {tracker.get_slot('target_phrase') or ''}"
    context += " " + str((tracker.latest_message or {}).get("text") or "")
    recs = _curated_first(
        _distinct(
            [
                r
                for r in result.recommendations
                if r.credential.id not in already and not needs_licence_they_lack(r.credential, background)
            ]
        ),
        context,
    )[:MAX_SHOWN]
    if not recs:
        if show_more:
            dispatcher.utter_message(text="That's everything I have for this move with your current limits.")
        else:
            dispatcher.utter_message(response="utter_no_recommendations")
        return events
    move = (
        f"from {plain_title(result.source.title)} to {plain_title(result.target.title)}"
        if result.source
        else f"into {plain_title(result.target.title)}"
    )
    head = (
        f"Here {'is 1 more option' if len(recs) == 1 else f'are {len(recs)} more options'} for a move {move}:"
        if show_more
        else (
            f"For a move {move}, here is the one credential I'd look at:"
            if len(recs) == 1
            else f"For a move {move}, here are {len(recs)} credentials I'd look at, best first:"
        )
    )
    lines = [head, ""]
    lines += [
        recommendation_block(rec, len(already) + i + 1, result.target.title) + "\n"
        for i, rec in enumerate(recs)
    ]
    list_end = len(lines)
    relaxed = [RELAXED_LABELS.get(name, name.replace("_", " ")) for name in result.relaxed]
    if relaxed:
        lines.append("Nothing matched all your limits, so I relaxed " + ", ".join(relaxed) + ".")
    if not slots.get("constraints_asked") and not has_constraints(constraints):
        lines.append(
            'Any limits on budget, time or format? Tell me (e.g. "under $500, online") '
            'and I\'ll narrow these down — or say "no limits".'
        )
        events.append(SlotSet("constraints_asked", True))
    if len(recs) < MIN_SHOWN and not show_more and result.target is not None:
        profile = await kb.education(result.target.id)
        if profile is not None and profile.typical_level:
            lines.append(
                f"Most people in {profile.title} got there through \"{profile.typical_level}\" (the most common "
                "answer in O*NET's survey of the job's education), so a short credential is rarely the whole route."
            )
    if len(recs) < MIN_SHOWN and not show_more:
        lines.append("That's all I found for this move; ask which moves fit your background for more ideas.")
    payload = Recommendations(
        intro=head,
        move=Move(from_title=result.source.title if result.source else None, to_title=result.target.title),
        items=[
            recommendation_card(rec, len(already) + i + 1, result.target.title) for i, rec in enumerate(recs)
        ],
        relaxed=relaxed,
        outro=lines[list_end:],
    )
    dispatcher.utter_message(
        text="\n".join(lines).strip(),
        buttons=[b for b in FOLLOW_UP_BUTTONS if len(recs) > 1 or "#2" not in b["title"]],
        json_message=custom(payload),
    )
    events.append(SlotSet("recommended_ids", already + [r.credential.id for r in recs]))
    return events


class ActionRecommendCredentials(KBAction):
    """Shows 3–5 ranked credentials for the move in the profile, each with its reason."""

    def name(self) -> str:
        return "action_recommend_credentials"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        return await present_recommendations(dispatcher, tracker, kb)

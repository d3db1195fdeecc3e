"""Structured answers, schema version 1: what an action said, as data, next to the text it wrote.

Why: the widget, Telegram and the counselor summary used to guess from reply text. Each action that
answers with knowledge-base facts now also sends `{"pivot": {...}}` as a custom payload in the same
message (`dispatcher.utter_message(text=..., json_message={"pivot": ...})`); Rasa's REST channel passes it
on right after that text. The text stays the complete answer (older clients, tests, screen readers read
it); the payload lets a channel draw it better and lets the summary know what happened.

One schema for both ends: the actions call `validate()` before sending, the gateway (`bot/rasa.py`)
calls it on what arrives and drops what does not fit. The module imports only pydantic (never rasa_sdk),
so the gateway may import it. Every string meant for a person is already worded for one; fields named
`id` hold knowledge-base ids, which a channel never shows. The contract is in `docs/ARCHITECTURE.md`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

SCHEMA_VERSION = 1
KEY = "pivot"  # the custom payload's key: {"pivot": {"v": 1, "kind": ..., ...}}

Text = Annotated[str, Field(min_length=1, max_length=2000)]
Short = Annotated[str, Field(min_length=1, max_length=300)]


class _Model(BaseModel):
    """Strict: unknown fields and wrong types are errors, so both ends agree on one shape."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CredentialDetails(_Model):
    """What the disclosure under a card shows: the facts behind the chips."""

    description: str | None = None
    skills: list[Short] = Field(default_factory=list, max_length=12)
    cost_note: str | None = None
    level: str | None = None
    prerequisites: str | None = None
    quality_assurance: str | None = None
    recognition: str | None = None


class CredentialCard(_Model):
    """One credential as a card: name and issuer, cost/time/format chips, the date of the facts."""

    id: Short  # knowledge-base id, never shown
    rank: int | None = Field(default=None, ge=1)  # the number the person can refer to ("#2")
    name: Short
    issuer: Short
    reason: str | None = None  # one line: why it is on the list
    cost: Short
    time: Short
    format: Short
    dated: Short  # "as of 2026-05" (the source's date) or "read on 2026-11-29" (the day it was read)
    note: str | None = None  # a limit it may not meet
    source_url: str | None = None
    url: str | None = None  # the official page, when it differs from the source
    details: CredentialDetails | None = None


class Move(_Model):
    from_title: str | None = None
    to_title: Short


class Recommendations(_Model):
    v: Literal[1] = 1
    kind: Literal["recommendations"] = "recommendations"
    intro: Text
    move: Move
    items: list[CredentialCard] = Field(min_length=1, max_length=10)
    relaxed: list[Short] = Field(default_factory=list)  # limits dropped to find anything, in words
    outro: list[Text] = Field(default_factory=list)  # the lines after the list (a question, a note)


class CredentialAnswer(_Model):
    """Details of one credential ("tell me more about #1")."""

    v: Literal[1] = 1
    kind: Literal["credential"] = "credential"
    item: CredentialCard


class CredentialRef(_Model):
    id: Short
    name: Short
    issuer: Short


class ComparisonRow(_Model):
    aspect: Short
    a: Text
    b: Text


class Comparison(_Model):
    v: Literal[1] = 1
    kind: Literal["comparison"] = "comparison"
    a: CredentialRef
    b: CredentialRef
    rows: list[ComparisonRow] = Field(min_length=1)


class SkillGapItem(_Model):
    name: Short
    kind: Short  # "skill", "knowledge area", "tool" (already in words)


class SkillGaps(_Model):
    v: Literal[1] = 1
    kind: Literal["skill_gaps"] = "skill_gaps"
    intro: Text
    from_title: str | None = None
    to_title: Short
    gaps: list[SkillGapItem] = Field(min_length=1)
    outro: list[Text] = Field(default_factory=list)


class FirstSteps(_Model):
    v: Literal[1] = 1
    kind: Literal["first_steps"] = "first_steps"
    intro: Text
    steps: list[Text] = Field(min_length=1)
    curated: bool  # a counselor-written plan for this move, rather than steps built from facts


class RelatedMove(_Model):
    id: Short
    title: Short
    reason: Text


class RelatedMoves(_Model):
    v: Literal[1] = 1
    kind: Literal["related_moves"] = "related_moves"
    intro: Text
    from_title: Short
    moves: list[RelatedMove] = Field(min_length=1)


class Side(_Model):
    """One end of the move: the person's own words, and what the knowledge base took them for."""

    phrase: str | None = None
    title: str | None = None
    id: str | None = None


class Limits(_Model):
    max_cost: float | None = None  # USD
    max_weeks: float | None = None
    hours_per_week: float | None = None
    format: str | None = None  # online | in_person | hybrid
    level: str | None = None
    no_degree: bool = False


class PersonFacts(_Model):
    age: int | None = None
    location: str | None = None
    family_or_job: list[str] = Field(default_factory=list)
    worries: list[str] = Field(default_factory=list)


class Profile(_Model):
    """What Pivot understood of the person so far (sent once a turn, for summaries; never drawn)."""

    v: Literal[1] = 1
    kind: Literal["profile"] = "profile"
    current: Side
    target: Side
    limits: Limits
    person: PersonFacts
    question_type: str | None = None
    main_question: str | None = None
    # how this turn's question was answered, in a counselor's words ("sourced advice on getting hired",
    # "a ranked credential list"), in the order the reply gave them
    answered: list[Short] = Field(default_factory=list, max_length=8)


Payload = Annotated[
    Recommendations | CredentialAnswer | Comparison | SkillGaps | FirstSteps | RelatedMoves | Profile,
    Field(discriminator="kind"),
]
_ADAPTER: TypeAdapter[Payload] = TypeAdapter(Payload)
# The kinds a channel draws in place of the text; "profile" is for summaries only.
DRAWN_KINDS = frozenset(
    {"recommendations", "credential", "comparison", "skill_gaps", "first_steps", "related_moves"}
)


class InvalidPayload(ValueError):
    """A payload that does not follow schema version 1."""


def validate(data: Any) -> Payload:
    """The payload as a model, or InvalidPayload. Accepts the inner dict or `{"pivot": {...}}`."""
    if isinstance(data, Mapping) and set(data) == {KEY}:
        data = data[KEY]
    if not isinstance(data, Mapping) or data.get("v") != SCHEMA_VERSION:
        raise InvalidPayload(f"not a version-{SCHEMA_VERSION} payload")
    try:
        return _ADAPTER.validate_python(dict(data))
    except ValidationError as exc:
        raise InvalidPayload(str(exc)) from exc


def custom(payload: Payload) -> dict[str, Any]:
    """`json_message` for `utter_message`: validated again as the reader will, so a bad one fails here."""
    data = payload.model_dump(mode="json", exclude_none=True)
    validate(data)
    return {KEY: data}


class SlotReader(Protocol):
    """What `profile_payload` needs of a tracker (rasa_sdk's `Tracker` has it; no import needed)."""

    def get_slot(self, key: str) -> Any: ...


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _words(value: Any) -> list[str]:
    return [str(v) for v in value if v] if isinstance(value, list | tuple) else []


def profile_payload(tracker: SlotReader, answered: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """The understood profile as `json_message` (`{"pivot": {...}}`), built from the slots alone.

    Called at the end of `action_respond`, after the turn's slots are set, so each turn leaves the
    profile as it then stood: the summary reads the last one.
    """
    current_id = tracker.get_slot("current_field")
    facts = tracker.get_slot("person_facts")
    facts = facts if isinstance(facts, Mapping) else {}
    age = facts.get("age")
    profile = Profile(
        current=Side(
            phrase=tracker.get_slot("current_phrase"),
            title=tracker.get_slot("current_field_title"),
            id=current_id if isinstance(current_id, str) else None,
        ),
        target=Side(
            phrase=tracker.get_slot("target_phrase"),
            title=tracker.get_slot("target_field_title"),
            id=tracker.get_slot("target_field"),
        ),
        limits=Limits(
            max_cost=_number(tracker.get_slot("budget_max")),
            max_weeks=_number(tracker.get_slot("weeks_max")),
            hours_per_week=_number(tracker.get_slot("hours_per_week")),
            format=tracker.get_slot("format_pref"),
            level=tracker.get_slot("level_pref"),
            no_degree=bool(tracker.get_slot("no_degree")),
        ),
        person=PersonFacts(
            age=age if isinstance(age, int) and not isinstance(age, bool) else None,
            location=facts.get("location") if isinstance(facts.get("location"), str) else None,
            family_or_job=_words(facts.get("family_or_job")),
            worries=_words(facts.get("worries")),
        ),
        question_type=tracker.get_slot("question_type"),
        main_question=tracker.get_slot("main_question"),
        answered=list(dict.fromkeys(a[:300] for a in answered if a))[:8],
    )
    return custom(profile)


__all__ = [
    "DRAWN_KINDS",
    "KEY",
    "SCHEMA_VERSION",
    "Comparison",
    "ComparisonRow",
    "CredentialAnswer",
    "CredentialCard",
    "CredentialDetails",
    "CredentialRef",
    "FirstSteps",
    "InvalidPayload",
    "Limits",
    "Move",
    "Payload",
    "PersonFacts",
    "Profile",
    "Recommendations",
    "RelatedMove",
    "RelatedMoves",
    "Side",
    "SkillGapItem",
    "SkillGaps",
    "SlotReader",
    "custom",
    "profile_payload",
    "validate",
]

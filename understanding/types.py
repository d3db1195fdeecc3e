"""The structured result of reading one message (plain frozen dataclasses, JSON-friendly)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Facts:
    """Limits and circumstances stated in passing. `None` means "not said"."""

    budget_max: float | None = None  # USD; 0 means "free only"
    no_budget_limit: bool = False  # "money is not an issue", "no budget limit"
    hours_per_week: float | None = None
    weeks_max: float | None = None  # deadline in weeks
    format: str | None = None  # online | in_person | hybrid
    level: str | None = None  # beginner | intermediate | advanced (the NLU's normalised value)
    no_degree: bool | None = None  # True: says they have no degree; False: says they have one
    age: int | None = None
    age_later: bool = False  # the age is one the person will be ("I'll be 40 in a couple of years"), not now
    age_decade: bool = False  # only the decade was said ("in my 30s"): 30 stands for "in your 30s"
    family_or_job: tuple[str, ...] = ()  # "kids", "full-time job", "single parent", ...
    location: str | None = None  # country or region as written
    worries: tuple[str, ...] = ()  # "burned out", "too old", "no experience", "money", ...

    def any(self) -> bool:
        return any(
            v not in (None, False, ())
            for v in (
                self.budget_max,
                self.no_budget_limit or None,
                self.hours_per_week,
                self.weeks_max,
                self.format,
                self.no_degree,
                self.age,
                self.family_or_job,
                self.location,
            )
        )


@dataclass(frozen=True)
class Mention:
    """A credential or programme the person named."""

    text: str  # as written ("the google data analytics cert")
    kind: str  # "credential" (a named certificate/certification) | "programme" (degree, bootcamp, MOOC)
    canonical: str  # a clean name to look up or to say ("Google Data Analytics Certificate", "MBA")


@dataclass(frozen=True)
class Understanding:
    text: str
    language: str = "en"  # ISO 639-1 guess: "en", "es", "pt", or another code from the NLU
    current: str | None = None  # where the person is, as a whole phrase ("high school chemistry teacher")
    target: str | None = None  # where they want to go ("data analytics", "something with data" -> "data")
    current_candidates: tuple[str, ...] = ()  # every phrase that may be `current`, message order
    target_candidates: tuple[str, ...] = ()
    target_alternatives: tuple[str, ...] = ()  # "UX or data analytics?" -> the second path
    studied: tuple[str, ...] = ()  # degree subjects ("a BS in Economics" -> "Economics"): background, not a job
    # "should I start a nursing degree at 59?" -> ("to", "start a nursing degree at 59"): one course of action weighed
    decision: tuple[str, str] | None = None
    options: tuple[str, ...] = ()  # "should I stay in teaching or do a bootcamp?" -> the choices, in their words
    negated: tuple[str, ...] = ()  # phrases the person ruled out ("not banking")
    facts: Facts = field(default_factory=Facts)
    mentions: tuple[Mention, ...] = ()
    question_type: str = "other"  # see understanding/questions.py QUESTION_TYPES
    question_types: tuple[str, ...] = ()
    main_question: str | None = None  # the question sentence in the person's words, if any
    is_question: bool = False
    question_source: str = "default"  # "cue" | "nearest" | "default": how the type was found

"""Value types returned by the knowledge API (`knowledge.api.KnowledgeBase`).

These are the contract between `knowledge/` and its callers (actions, bench,
gateway). They are plain frozen dataclasses so they can cross process and
thread boundaries and be turned into JSON with `dataclasses.asdict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Constraints:
    """Limits a person gave. `None` means "no limit".

    A credential whose fact is unknown (no stated cost, duration or format) is neither dropped nor said
    to fit: it is kept, ranked a little lower than one known to fit, and `Recommendation.unknown` names
    the limit it cannot be checked against. `max_cost` and `free_only` are never relaxed (a person who gave
    a budget is never shown a price above it); the others may be, as `RecommendationResult.relaxed` says.
    """

    max_cost: float | None = None  # in USD
    max_weeks: float | None = None  # total calendar weeks
    hours_per_week: float | None = None  # hours the person can study per week
    format: str | None = None  # "online" | "in_person" | "hybrid"
    level: str | None = None  # "beginner" | "intermediate" | "advanced"
    free_only: bool = False
    no_degree: bool = False  # person has no degree: prefer credentials without degree prerequisites


@dataclass(frozen=True)
class Match:
    """A resolved occupation or field."""

    kind: str  # "occupation" | "field"
    id: str  # O*NET-SOC code ("15-1212.00") or field id ("field:fintech")
    title: str  # canonical title ("Information Security Analysts", "Fintech")
    score: float  # 0..100, higher is better
    matched: str  # the alias or title that matched


@dataclass(frozen=True)
class Credential:
    id: str  # "cur:<slug>" or "cos:<CERT_ID>"
    name: str
    provider: str | None
    credential_type: str | None  # certification | professional_certificate | microcredential | digital_badge
    url: str | None
    acronym: str | None = None
    description: str | None = None
    cost_amount: float | None = None  # lowest stated cost
    cost_max: float | None = None  # highest stated cost when the source gives a range
    currency: str | None = None
    cost_note: str | None = None
    hours: float | None = None  # total learning/exam hours when stated
    weeks: float | None = None  # calendar weeks when stated
    duration_text: str | None = None  # duration as the source states it
    format: str | None = None  # online | in_person | hybrid | exam_only
    level: str | None = None
    language: str | None = None
    prerequisites: str | None = None
    quality_assurance: str | None = None
    recognition: str | None = None
    skills: tuple[str, ...] = ()
    exam: bool | None = None
    training: bool | None = None
    renewal: bool | None = None
    source_url: str | None = None  # where the facts were read
    as_of: str | None = None  # ISO date the facts are valid as of: the source's own date, never a read date
    evidence: str | None = None  # verbatim quote supporting cost/duration
    curated: bool = False
    cost_unit: str | None = None  # "total" | "per_month" | "per_year" | "per_exam" | ...; None when unstated
    hours_per_week: float | None = None  # study pace the source assumes for `weeks`
    hours_basis: str | None = None  # what `hours` counts: "exam" | "study" | "instruction"
    cost_count: int | None = None  # how many units of `cost_unit` the credential needs (2 exams, 9 courses)
    exam_delivery: tuple[str, ...] = ()  # "test_center" | "online_proctored" for exams, when stated
    retrieved: str | None = None  # ISO date the facts were read on (when the source states no date)
    cost_extra: float | None = None  # a mandatory fee on top of the stated price (an application fee)
    duration_source_url: str | None = None  # the page the time comes from, when not `source_url`
    duration_as_of: str | None = None  # that page's own date (never a read date)
    duration_retrieved: str | None = None  # the day that page was read
    retired: str | None = None  # ISO date its issuer retired it: never recommended (curated/retired.yaml)
    replaced_by: str | None = None  # id of the credential that replaced it
    same_as: tuple[str, ...] = ()  # ids of other records of the same credential (CareerOneStop twins)


@dataclass(frozen=True)
class SkillGap:
    name: str
    kind: str  # "skill" | "knowledge" | "technology"
    target_level: float  # O*NET level (0-7) in the target occupation, or importance for technology
    current_level: float | None  # level in the current occupation, None if unknown
    gap: float  # target_level - (current_level or 0)
    importance: float  # O*NET importance (1-5) in the target


@dataclass(frozen=True)
class Recommendation:
    credential: Credential
    rank: int  # 1-based
    score: float
    covers: tuple[str, ...]  # names of the person's skill gaps this credential covers
    reason: str  # one line, built from facts only
    unknown: tuple[str, ...] = ()  # constraint names this credential cannot be checked against (fact unknown)
    unmet: tuple[str, ...] = ()  # relaxed constraint names this credential does not meet
    named_for_target: bool = False  # its own name or issuer names the target job


@dataclass(frozen=True)
class RecommendationResult:
    source: Match | None  # resolved "from"
    target: Match | None  # resolved "to"; None when nothing matched
    transition_id: str | None  # curated transition used, if any
    recommendations: tuple[Recommendation, ...]
    gaps: tuple[SkillGap, ...]
    relaxed: tuple[str, ...] = ()  # constraints dropped to find results, each unmet by a shown credential
    first_steps: tuple[str, ...] = ()
    entering: bool = False  # the background shares no occupation, field or SOC broad group with the target
    # names of credentials left out because they presuppose a licence, degree or credential the person
    # lacks (`knowledge.query.eligibility`), best first
    withheld: tuple[str, ...] = ()
    region: str | None = None  # the person's country ("UK") when recommendations were limited to it
    # names of credentials left out because they apply only in another country (`knowledge.query.region`)
    withheld_region: tuple[str, ...] = ()
    # the target is licensed: the professions its licences name ("registered nurse") and their names
    licensed_as: tuple[str, ...] = ()
    licences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Move:
    target: Match
    reason: str  # e.g. "O*NET related occupation (Primary-Short)" or curated transition summary
    transition_id: str | None = None
    tier: str | None = None


@dataclass(frozen=True)
class Comparison:
    a: Credential
    b: Credential
    rows: tuple[tuple[str, str, str], ...] = field(default=())  # (aspect, value for a, value for b)


@dataclass(frozen=True)
class EducationProfile:
    """How much education an occupation asks for, from O*NET, for "do I need a degree?" answers.

    Shares are fractions (0..1) of O*NET respondents naming each *required* level of education (what the
    job needs, not what workers happen to hold). They are None when O*NET has no distribution for the
    occupation; its job zone may still be known.
    """

    occupation_code: str
    title: str
    job_zone: int | None  # O*NET Job Zone 1-5
    job_zone_education: str | None  # the job zone's education text as O*NET words it
    share_no_degree: float | None  # required level below a bachelor's degree (associate's included)
    share_bachelor_or_more: float | None  # bachelor's degree or higher
    typical_level: str | None  # label of the most named level, e.g. "Bachelor's Degree"
    source: str  # where the figures come from, readable by a person
    levels: tuple[tuple[str, float], ...] = ()  # (level label, share) for every level, lowest first
    respondents: int | None = None  # O*NET sample size behind the distribution
    low_precision: bool = False  # O*NET recommends suppressing part of the distribution (small sample)

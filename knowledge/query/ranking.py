"""Rank credentials for a move, filter by the person's constraints and explain each pick from facts.

Score (0-100) = 100 × (0.35 coverage + 0.25 curation + 0.15 link + 0.15 fit + 0.10 facts):
- coverage: share of the person's gap weight (importance × level gap) the credential covers, through
  the O*NET elements matched to its stated skills and name;
- curation: 1 if a counselor listed it for this transition, 0.5 for other curated credentials, else 0;
- link: strength of its link to the target occupations (curated/override links 1, automatic ones their
  similarity score), averaged over the target occupations;
- fit: soft fit to constraints (level match, study pace within the person's hours a week, no degree
  needed) — hard limits are applied as filters, not here;
- facts: 0.5 if a cost is stated + 0.5 if a duration is stated (known facts beat unknowns for advice).
Hard constraints (max_cost, free_only, max_weeks, format, level, no_degree) filter; a credential whose
fact is unknown does not pass a filter on that fact. If fewer than 3 remain, the least important
constraint is dropped (RELAX_ORDER) and reported in `relaxed`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from knowledge.types import Constraints, Credential

WEIGHTS = {"coverage": 0.35, "curation": 0.25, "link": 0.15, "fit": 0.15, "facts": 0.10}
RELAX_ORDER = ("level", "format", "no_degree", "max_weeks", "max_cost", "free_only")  # least important first
MIN_RESULTS = 3
WEEKS_PER_MONTH = 52 / 12
CURRENCY_SIGN = {"USD": "$", "EUR": "€", "GBP": "£"}

LEVELS = {
    "beginner": ("beginner", "entry", "foundation", "fundamental", "introductory", "basic", "novice"),
    "intermediate": ("intermediate", "associate", "practitioner"),
    "advanced": ("advanced", "expert", "professional", "graduate", "postgraduate", "executive", "specialty"),
}
DEGREE_REQUIRED = re.compile(
    r"\b(bachelor|master|university degree|college degree|graduate degree|phd|doctoral"
    r"|degree in|accredited degree|\bba\b|\bbs\b)",
    re.I,
)
NO_DEGREE = re.compile(
    r"\bno (formal )?(degree|prerequisite|experience)|without (a )?degree|degree not required", re.I
)


@dataclass(frozen=True)
class Candidate:
    credential: Credential
    elements: frozenset[str]
    in_transition: bool
    link: float  # 0..1


def level_of(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower()
    for level, words in LEVELS.items():
        if any(w in t for w in words):
            return level
    return None


def total_cost_usd(c: Credential) -> float | None:
    """Total cost in USD when it can be known from the facts; None otherwise (other currency, per-month
    fee without a stated duration, ...). Exchange rates are not guessed."""
    if c.cost_amount is None:
        return None
    if c.cost_amount == 0 and (c.cost_max in (None, 0)):
        return 0.0
    if c.currency != "USD":
        return None
    unit = c.cost_unit or "total"
    if unit in ("total", "per_exam", "per_course"):
        return c.cost_amount
    if unit == "per_month" and c.weeks:
        return c.cost_amount * max(1.0, round(c.weeks / WEEKS_PER_MONTH))
    return None


def calendar_weeks(c: Credential, hours_per_week: float | None) -> float | None:
    if c.weeks:
        return c.weeks
    if c.hours and c.hours_basis in ("study", "instruction") and (hours_per_week or c.hours_per_week):
        return c.hours / (hours_per_week or c.hours_per_week)
    return None


def needs_degree(c: Credential) -> bool | None:
    if not c.prerequisites:
        return None
    if NO_DEGREE.search(c.prerequisites):
        return False
    return bool(DEGREE_REQUIRED.search(c.prerequisites))


def passes(c: Credential, k: Constraints) -> list[str]:
    """Names of the hard constraints `c` fails (unknown facts fail)."""
    failed = []
    cost = total_cost_usd(c)
    if k.free_only and cost != 0:
        failed.append("free_only")
    if k.max_cost is not None and (cost is None or cost > k.max_cost):
        failed.append("max_cost")
    if k.max_weeks is not None:
        weeks = calendar_weeks(c, k.hours_per_week)
        if weeks is None or weeks > k.max_weeks:
            failed.append("max_weeks")
    if (
        k.format
        and c.format != k.format
        and not (k.format == "online" and c.format == "exam_only" and "online" in (c.cost_note or "").lower())
    ):
        failed.append("format")
    if k.level and level_of(c.level) != k.level:
        failed.append("level")
    if k.no_degree and needs_degree(c):
        failed.append("no_degree")
    return failed


def relax(k: Constraints, name: str) -> Constraints:
    return replace(k, **{name: False if name in ("free_only", "no_degree") else None})


def active(k: Constraints) -> list[str]:
    return [n for n in RELAX_ORDER if getattr(k, n) not in (None, False)]


def score(cand: Candidate, gap_weights: dict[str, float], k: Constraints) -> tuple[float, tuple[str, ...]]:
    c = cand.credential
    total = sum(gap_weights.values()) or 1.0
    covered = [eid for eid in gap_weights if eid in cand.elements]
    coverage = sum(gap_weights[e] for e in covered) / total
    curation = 1.0 if cand.in_transition else 0.5 if c.curated else 0.0
    fit_parts = []
    if k.level:
        fit_parts.append(1.0 if level_of(c.level) == k.level else 0.0)
    if k.hours_per_week and c.hours_per_week:
        fit_parts.append(1.0 if c.hours_per_week <= k.hours_per_week else 0.0)
    if k.no_degree:
        fit_parts.append(0.0 if needs_degree(c) else 1.0)
    fit = sum(fit_parts) / len(fit_parts) if fit_parts else 0.5
    facts = 0.5 * (c.cost_amount is not None) + 0.5 * (
        c.weeks is not None or c.hours is not None or c.duration_text is not None
    )
    value = (
        WEIGHTS["coverage"] * coverage
        + WEIGHTS["curation"] * curation
        + WEIGHTS["link"] * cand.link
        + WEIGHTS["fit"] * fit
        + WEIGHTS["facts"] * facts
    )
    return round(100 * value, 2), tuple(covered)


def rank(
    cands: list[Candidate], gap_weights: dict[str, float], k: Constraints, limit: int
) -> tuple[list[tuple[Candidate, float, tuple[str, ...]]], tuple[str, ...]]:
    """Filter by hard constraints (relaxing the least important until ≥ MIN_RESULTS) and sort by score."""
    relaxed: list[str] = []
    current = k
    while True:
        kept = [c for c in cands if not passes(c.credential, current)]
        names = active(current)
        if len(kept) >= min(MIN_RESULTS, limit) or not names:
            break
        relaxed.append(names[0])
        current = relax(current, names[0])
    scored = [(c, *score(c, gap_weights, current)) for c in kept]
    scored.sort(key=lambda t: (-t[1], not t[0].credential.curated, t[0].credential.name))
    return scored[:limit], tuple(relaxed)


# -- explanations -------------------------------------------------------------------------------------
def _money(amount: float, currency: str | None) -> str:
    sign = CURRENCY_SIGN.get(currency or "USD")
    text = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    return f"{sign}{text}" if sign else f"{text} {currency}"


def cost_text(c: Credential) -> str:
    if c.cost_amount is None:
        return "cost not stated"
    if c.cost_amount == 0 and c.cost_max in (None, 0):
        text = "free"
    else:
        text = _money(c.cost_amount, c.currency)
        if c.cost_max is not None and c.cost_max != c.cost_amount:
            text += f"–{_money(c.cost_max, c.currency)}"
        unit = {
            "per_month": "/month",
            "per_year": "/year",
            "per_exam": " per exam",
            "per_course": " per course",
            "per_credit": " per credit",
        }.get(c.cost_unit or "", "")
        text += unit
    return f"{text} as of {c.as_of}" if c.as_of else text


def duration_text(c: Credential) -> str | None:
    if c.weeks:
        n, unit = (round(c.weeks), "week") if c.weeks < 9 else (round(c.weeks / WEEKS_PER_MONTH), "month")
        span = f"about {n} {unit}{'s' if n != 1 else ''}"
        return f"{span} at {c.hours_per_week:g} h/week" if c.hours_per_week else span
    if c.hours and c.hours_basis == "exam":
        return f"{c.hours:g} h exam"
    if c.hours:
        return f"about {c.hours:g} hours of {c.hours_basis or 'learning'}"
    return None


FORMAT_TEXT = {"online": "online", "in_person": "in person", "hybrid": "hybrid", "exam_only": "exam only"}


def reason(c: Credential, covers: list[str]) -> str:
    parts = []
    if covers:
        parts.append("Covers " + ", ".join(covers[:3]))
    parts.append(cost_text(c))
    if d := duration_text(c):
        parts.append(d)
    if c.format:
        parts.append(FORMAT_TEXT.get(c.format, c.format))
    if c.provider:
        parts.append(
            c.provider.replace(" (via ", " via ").rstrip(")") if "(via " in c.provider else c.provider
        )
    if c.quality_assurance and len(c.quality_assurance) <= 60:
        parts.append(c.quality_assurance)
    elif c.recognition and len(c.recognition) <= 60:
        parts.append(c.recognition)
    text = "; ".join(parts)
    return text[0].upper() + text[1:]

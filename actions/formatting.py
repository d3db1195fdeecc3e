"""Plain-text formatting of knowledge-base facts for chat messages.

Every formatter tolerates missing facts: it says "not stated" instead of printing None,
and money always carries its currency and the date the figure is valid as of.
"""

from __future__ import annotations

from knowledge.types import Credential, Recommendation

FORMAT_LABELS = {
    "online": "online",
    "in_person": "in person",
    "hybrid": "hybrid (online + in person)",
    "exam_only": "exam only",
}


UNIT_SUFFIX = {
    "per_month": " a month",
    "per_year": " a year",
    "per_exam": " per exam",
    "per_course": " per course",
    "per_credit": " per credit",
}
WEEKS_PER_MONTH = 4.345


def _number(value: float) -> str:
    """1995 → '1,995'; 2.92 → '2.92'; 2.9 → '2.9' (no trailing zeros)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _plural(n: float, unit: str) -> str:
    return f"{_number(n)} {unit}{'' if n == 1 else 's'}"


def as_of_text(cred: Credential) -> str:
    return f"as of {cred.as_of}" if cred.as_of else "source date not stated"


def money(cred: Credential) -> str:
    """'300 USD (as of 2026-11)', '49 USD a month (...)', '300–500 EUR (...)', 'free (...)', or not stated."""
    low, high = cred.cost_amount, cred.cost_max
    if low is None and high is None:
        return "cost not stated — check with the provider"
    currency = cred.currency or "USD"
    if low is None:
        low = high
    assert low is not None
    if low == 0 and not high:
        amount = "free"
    else:
        amount = f"{_number(low)}–{_number(high)}" if high is not None and high > low else _number(low)
        amount += f" {currency}{UNIT_SUFFIX.get(cred.cost_unit or '', '')}"
    return f"{amount} ({as_of_text(cred)})"


def _hours(hours: float, basis: str | None) -> str:
    what = {"exam": "exam", "instruction": "of instruction"}.get(basis or "", "in total")
    if hours < 1:
        return f"about {round(hours * 60)} minutes {what}"
    return f"about {_plural(round(hours, 1), 'hour')} {what}"


def duration(cred: Credential) -> str:
    """Time to complete from weeks/hours (with the pace the source assumes), else the source's words."""
    parts = []
    if cred.weeks:
        if cred.weeks < 9:
            span = f"about {_plural(round(cred.weeks), 'week')}"
        else:
            span = f"about {_plural(round(cred.weeks / WEEKS_PER_MONTH), 'month')}"
        if cred.hours_per_week:
            span += f" at {_number(cred.hours_per_week)} hours a week"
        parts.append(span)
    if cred.hours:
        basis = cred.hours_basis or ("exam" if cred.format == "exam_only" else None)
        parts.append(_hours(cred.hours, basis))
    if parts:
        return ", ".join(parts)
    if cred.duration_text:
        return cred.duration_text
    return "time not stated"


def format_label(cred: Credential) -> str:
    if not cred.format:
        return "format not stated"
    return FORMAT_LABELS.get(cred.format, cred.format.replace("_", " "))


def issuer(cred: Credential) -> str:
    return cred.provider or "issuer not stated"


def title(cred: Credential) -> str:
    if cred.acronym and cred.acronym.lower() not in cred.name.lower():
        return f"{cred.name} ({cred.acronym})"
    return cred.name


def why(rec: Recommendation, target_title: str) -> str:
    """One line of reason from facts: the person's gaps it covers, else why it is on the list."""
    if rec.covers:
        return (
            "covers "
            + ", ".join(list(dict.fromkeys(rec.covers))[:3])
            + f", which {target_title} work needs and your background lacks"
        )
    return f"linked to {target_title} in my sources"


def recommendation_block(rec: Recommendation, number: int, target_title: str) -> str:
    """A numbered, three-line entry: name and issuer, why, cost · time · format."""
    cred = rec.credential
    return (
        f"{number}. {title(cred)} — {issuer(cred)}\n"
        f"   Why: {why(rec, target_title)}\n"
        f"   Cost: {money(cred)} · Time: {duration(cred)} · Format: {format_label(cred)}"
    )


def credential_details(cred: Credential) -> str:
    """Everything a person needs to judge one credential, each fact on its own line."""
    lines = [f"{title(cred)} — {issuer(cred)}"]
    if cred.description:
        lines.append(cred.description)
    if cred.skills:
        lines.append("Skills: " + ", ".join(cred.skills[:8]))
    lines.append(f"Cost: {money(cred)}")
    if cred.cost_note:
        lines.append(f"Cost note: {cred.cost_note}")
    lines.append(f"Time: {duration(cred)}")
    lines.append(f"Format: {format_label(cred)}")
    if cred.level:
        lines.append(f"Level: {cred.level}")
    lines.append(f"Prerequisites: {cred.prerequisites or 'none stated'}")
    lines.append(f"Quality assurance: {cred.quality_assurance or 'none stated by my sources'}")
    lines.append(f"Recognition: {cred.recognition or 'not stated by my sources'}")
    source = cred.source_url or cred.url
    if source:
        lines.append(f"Source: {source} ({as_of_text(cred)})")
    if cred.url and cred.url != source:
        lines.append(f"Official page: {cred.url}")
    return "\n".join(lines)


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)

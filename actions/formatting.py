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


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def as_of_text(cred: Credential) -> str:
    return f"as of {cred.as_of}" if cred.as_of else "source date not stated"


def money(cred: Credential) -> str:
    """'300 USD (as of 2026-11)', '300–500 USD (...)', 'free (...)' or 'cost not stated'."""
    low, high = cred.cost_amount, cred.cost_max
    if low is None and high is None:
        return "cost not stated — check with the provider"
    currency = cred.currency or "USD"
    if low is None:
        low = high
    assert low is not None
    if low == 0 and not high:
        amount = "free"
    elif high is not None and high > low:
        amount = f"{_number(low)}–{_number(high)} {currency}"
    else:
        amount = f"{_number(low)} {currency}"
    return f"{amount} ({as_of_text(cred)})"


def _hours(hours: float, exam: bool) -> str:
    what = "exam" if exam else "in total"
    if hours < 1:
        return f"about {round(hours * 60)} minutes {what}"
    return f"about {_number(round(hours, 1))} hours {what}"


def duration(cred: Credential) -> str:
    """Time to complete from weeks/hours, else as the source states it, else 'time not stated'."""
    parts = []
    if cred.weeks:
        parts.append(f"about {_number(cred.weeks)} weeks")
    if cred.hours:
        parts.append(_hours(cred.hours, cred.format == "exam_only"))
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
        return "covers " + ", ".join(rec.covers[:3]) + f" — skills {target_title} asks for that you lack"
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

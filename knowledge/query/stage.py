"""How far along a career a credential sits: entry (0), intermediate (1) or advanced (2). (pure)

Why: counselors put what a newcomer can start now first. Blind reading of the dev lists found
professional-level cloud certifications ahead of the associate ones for someone in IT support, the PMP
ahead of the CAPM for a retail manager, critical-care and flight paramedic certifications beside the
paramedic certification for an EMT: the ranking knew their level but did not use it unless the person
asked for a level.

The stage is read from the record, never from a list of names:
- a curated record's `level`, as its curator copied it from the issuer's page ("entry-level",
  "foundational", "associate", "professional", "expert", "graduate", "mid-to-senior (not entry-level)");
  the first level word in the text decides ("foundational to advanced" is where it starts);
- a CareerOneStop record's TYPE (stored in `level`): Core 0, Advanced and Specialty 2 — a weaker signal
  (`ranking` weighs it less: the file calls the Certified Dental Assistant "Advanced");
- nothing else: product, language-test and unclassified levels have no stage (None).
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.types import Credential

COS_TYPES = {"core": 0, "skill": 0, "advanced": 2, "specialty": 2}
_NOT_ENTRY = re.compile(r"\bnot (?:an? )?entry|\balready in the\b", re.I)
_LANGUAGE = re.compile(r"^\s*(?:CEFR|HSK|N[1-5]\b|band\b)", re.I)  # a language level, not a career stage
# level words in the order they may appear; the earliest one in the text decides
_WORDS = (
    (
        0,
        r"entry|beginners?|beginner-friendly|foundations?|foundational|fundamentals?|introductory|basics?"
        r"|novice|early-career|pre-entry",
    ),
    (1, r"intermediate|associate|practitioner|mid|mid-level"),
    (
        2,
        r"advanced|expert|senior|experienced|graduate(?:-level)?|postgraduate|post-master'?s"
        r"|post-baccalaureate|executive|specialty|master'?s level",
    ),
)
_LEVEL = re.compile("|".join(rf"(?P<s{s}>\b(?:{w})\b)" for s, w in _WORDS), re.I)
# "professional" is a level only as the level itself (AWS and Google Cloud name their top tier so), and
# only when the name says so too; "operational HR professionals" says who it is for
_PROFESSIONAL = re.compile(r"^\s*professional\b", re.I)


def stage(c: Credential) -> int | None:
    """0 entry, 1 intermediate, 2 advanced; None when the record does not say."""
    return _stage((c.level or "").strip(), c.curated, c.name)


@lru_cache(maxsize=16384)
def _stage(text: str, curated: bool, name: str) -> int | None:
    if not text:
        return None
    if not curated:
        return COS_TYPES.get(text.lower())
    if _LANGUAGE.match(text):
        return None
    if _NOT_ENTRY.search(text):
        return 2
    if _PROFESSIONAL.match(text):
        # a tier only where the credential's own name carries it ("AWS Certified DevOps Engineer -
        # Professional", "NABCEP PV Installation Professional"); curators also wrote "professional" for
        # "for working professionals" (Certified Internal Auditor, National Certified Counselor, IRS
        # Enrolled Agent): the core credential of the target job, no later step
        return 2 if re.search(r"\bprofessional\b", name, re.I) else None
    found = _LEVEL.search(text)
    if found is None:
        return None
    return int(next(k for k, v in found.groupdict().items() if v)[1:])

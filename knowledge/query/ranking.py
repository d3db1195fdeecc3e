"""Rank credentials for a move, check them against the person's limits and explain each pick from facts.

Score (0-100) = 100 × (0.30 name + 0.25 curation + 0.25 link + 0.10 coverage + 0.05 fit + 0.05 facts):
- name: how well the credential's own name (its issuer's name half as much) names the target job
  (`knowledge.linking.names`): "Certified Fraud Examiner" for fraud examiners;
- curation: 1 if a counselor listed it for this move's curated transition (0.5 when the target is one
  occupation of the transition's field: the list was written for the field), else 0;
- link: hand-checked links to the target occupations (link overrides 1; a curated credential's link to
  every occupation of its transition's field 0.3 for an occupation target, since it was spread by field,
  not chosen for that job; for one job of a field other than its first, only when the credential's name or
  stated skills share a word with that job; for a field target of a move without a curated transition,
  half when only one of the field's several curated moves lists it: `KnowledgeBase._hand_links`).
  Automatic links (precision 0.54 on the labelled sample) are kept out;
- coverage: share of the person's gap weight the credential covers through O*NET elements matched to
  its stated skills and name. Knowledge areas ("Mathematics", "Computers and Electronics") count a
  quarter: they are too broad to say a credential teaches them;
- fit: soft fit (level, study pace, no degree needed); facts: cost and duration stated.
Guards: an item neither listed for the move nor hand-linked to the target whose name does not name the
target (below MIN_NAME_FOR_GUARD) is not ranked (absurd to a counselor); a name match on a credential whose
occupations all lie elsewhere counts half (hand-checked links decide; automatic ones only when there are
none); a curated credential counselors listed only for moves into other fields, hand-linked to none of a
field target's occupations, has its name match to that field halved before the guard (the "Information
Privacy Technologist" is no information technology job: `KnowledgeBase._placed_elsewhere`); the same
credential under two ids (same name and issuer) is shown once.
Sequence: for someone new to the target, a shown credential its prerequisites name as coming first
(`eligibility.advised_first`: Network+ "recommended: CompTIA A+") moves up to just before it (`in_sequence`).
Limits: a fact that is unknown does not fail a limit; the recommendation lists it in `unknown` and loses
UNKNOWN_PENALTY per unchecked limit. Known failures are dropped; when fewer than 3 remain, the least
important limit is relaxed (RELAX_ORDER) and reported only when a shown credential does not meet it.
Budget limits (`max_cost`, `free_only`) are never relaxed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from knowledge.display import months
from knowledge.linking.names import words as name_words
from knowledge.text import norm
from knowledge.types import Constraints, Credential

WEIGHTS = {"name": 0.30, "curation": 0.25, "link": 0.25, "coverage": 0.10, "fit": 0.05, "facts": 0.05}
RELAX_ORDER = ("level", "max_weeks", "format", "no_degree")  # least important first; budget never
UNKNOWN_PENALTY = 0.03  # per limit a credential cannot be checked against
# for someone entering the field: what they can start now ranks above what needs years in the field
ENTRY_PENALTY = {"experience": 0.10, "credential_first": 0.10}
# outside the US: their own country's first; no country said: another country's own credentials after
WHERE_ADJUST = {"local": 0.05, "unknown": -0.05, "abroad": -0.20}
# for someone new to the target work who gave no level: what they can start now first (entry 0); the
# issuer's own level (curated) counts fully, CareerOneStop's TYPE a quarter (a weak signal: it calls the
# National Certified School Counselor "Advanced", and it is the school counselor's credential)
STAGE_PENALTY = {1: 0.03, 2: 0.3}
COS_STAGE_SHARE = 0.25
# ... unless its own name says the tier ("Advanced Certified Pharmacy Technician", "Master Certified ..."):
# then the TYPE is no weak signal and counts fully
_TIER_NAME = re.compile(r"^\s*(?:Advanced|Master|Senior|Expert)\b")
# ... or a tier word modifies the job noun inside it ("Certified Master Chef", "Certified Executive Pastry
# Chef"); a last word is the job itself ("Certified Fund Raising Executive"), and a tier the target's own
# title holds ("executive assistant") is the job (`Candidate.tier`, set by the caller)
_TIER_INSIDE = re.compile(r"\b(?:Master|Executive|Senior)\s+(?=[A-Z]\w)")
# an entry credential counselors list for people moving into the person's own field (NCCER Core or
# OSHA 10 for an electrician) is one they hold or outgrew
BENEATH_PENALTY = 0.20
# what the record says of who stands behind it (`recognition`): the law requires it for the work (EPA 608
# to handle refrigerants), or an independent body accredits the certification (NCCA, ANSI, ISO/IEC 17024)
RECOGNITION_WEIGHT = {"required": 0.08, "accredited": 0.03}
# a credential whose name joins where the person is to where they go ("Construction Health and Safety
# Technician" for a construction foreman moving into safety, "Nursing Informatics" for a nurse) is the
# bridge counselors name first; it must be tied to the target (listed, hand-linked or named for it)
BRIDGE_WEIGHT = 0.08
BREADTH_WEIGHT = 0.02  # listed by counselors for BREADTH_FULL moves or more: a staple, first among equals
BREADTH_FULL = 5
KNOWLEDGE_SHARE = 0.25  # weight of a knowledge-area gap relative to a skill or technology gap
MIN_RESULTS = 3
SEQUENCE_STEP = 0.01  # a credential taken before another on the list is scored just above it
MIN_NAME_FOR_GUARD = 0.6  # a name match this strong keeps an item whose links say nothing
FOREIGN_NAME_SHARE = 0.5  # weight of a name match when every occupation of the credential is elsewhere

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
    r"\bno (formal )?(degree|prerequisite|experience)|without (a )?degree|degree not required"
    # "no tech experience or college degree is necessary" (Google's IT Support certificate)
    r"|\bno\b[^.;]{0,40}\bdegree (?:is |are )?(?:necessary|needed|required)\b",
    re.I,
)
ONLINE_EXAM = re.compile(
    r"\bonline[- ]proctored|\bonline (exam|proctor)|\bremote(ly)? proctored|\bat home\b", re.I
)


@dataclass(frozen=True)
class Candidate:
    credential: Credential
    elements: frozenset[str]
    in_transition: float  # 1 listed for the move's curated transition (0.5 when the target is one job of
    # the transition's field: the list was written for the field), else 0
    link: float  # 0..1, hand-checked links only
    name: float = 0.0  # 0..1, its name names the target
    family: bool | None = True  # an occupation of it shares the target's SOC major group; None: no links
    # "experience" when the issuer asks for work in the field the person has not done, "credential_first"
    # when it needs an earlier certification of the field (`knowledge.query.eligibility`); else None
    entry: str | None = None
    # for a person outside the US (`knowledge.query.region`): "local" for a credential of their own
    # country, "unknown" when the record does not say where it applies; None otherwise
    where: str | None = None
    # how far along a career it sits (`knowledge.query.stage`: 0 entry, 1 intermediate, 2 advanced), set
    # only when the person does not do the target work yet; None otherwise or when the record is silent
    stage: int | None = None
    breadth: int = 0  # how many curated moves a counselor listed it for (a staple of many moves)
    beneath: bool = False  # an entry credential listed for moves into the person's own field
    bridge: bool = False  # its name joins the person's side to the target (construction + safety)
    # for someone new to the target: credentials its prerequisites name as coming first (recommended or
    # required: "recommended: CompTIA A+" for Network+); shown on the list, they come before it
    after: tuple[str, ...] = ()
    tier: bool = False  # its name says a tier of the job inside it ("Certified Master Chef"): `tier_inside`


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float
    covered: tuple[str, ...]  # element ids of the gaps it covers
    unknown: tuple[str, ...]  # limits it cannot be checked against
    unmet: tuple[str, ...]  # relaxed limits it does not meet


_REQUIRED = re.compile(
    r"\brequired (?:under|by (?:federal |state )?law)\b"
    r"|\brequired\b[^.;]{0,40}?\bto (?:service|apply for|work|practi[cs]e|handle)\b",
    re.I,
)
# the certification itself is accredited: not "CAHIIM-accredited programmes" (its schools), "not an ISO
# 17024 certification" or "aligned with ISO/IEC 17024 principles" (said of itself)
_ACCREDITED = re.compile(r"(?<![-\w])accredited\b(?!\s+(?:programmes|programs|degree|schools?))", re.I)
_NOT_ACCREDITED = re.compile(r"\bnot an? [^.;]*17024|\baligned with ISO", re.I)


def recognition(c: Credential) -> str | None:
    """'required' (the law requires it for the work), 'accredited' (an independent body accredits it) or
    None, from the record's own quality-assurance and recognition notes."""
    return _recognition(" ".join(t for t in (c.quality_assurance, c.recognition) if t))


@lru_cache(maxsize=8192)
def _recognition(text: str) -> str | None:
    if not text:
        return None
    if _REQUIRED.search(text):
        return "required"
    if _ACCREDITED.search(text) and not _NOT_ACCREDITED.search(text):
        return "accredited"
    if re.search(r"\b(?:ANSI|ISO|NCCA|CFP)[\w/ ]{0,12}-accredited\b", text):
        return "accredited"
    return None


def level_of(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower()
    for level, words in LEVELS.items():
        if any(w in t for w in words):
            return level
    return None


def total_cost_range_usd(c: Credential) -> tuple[float, float] | None:
    """(lowest, highest) total in USD from the stated amount, unit and count; None when it cannot be known.

    Per-exam and per-course prices are multiplied by the stated number of units; without a stated count
    the total is unknown (one of several exams is not the price). A monthly fee needs the stated months.
    A mandatory fee on top (`cost_extra`, an application fee) is added.
    Other currencies are not converted: no exchange rate is guessed.
    """
    base = _base_cost_range_usd(c)
    if base is None or not c.cost_extra:
        return base
    return (base[0] + c.cost_extra, base[1] + c.cost_extra)  # a mandatory fee on top (an application fee)


def _base_cost_range_usd(c: Credential) -> tuple[float, float] | None:
    if c.cost_amount is None:
        return None
    low, high = c.cost_amount, c.cost_max if c.cost_max is not None else c.cost_amount
    if low == 0 and high == 0:
        return (0.0, 0.0)
    if c.currency != "USD":
        return None
    unit = c.cost_unit or "total"
    if unit == "total":
        return (low, high)
    if unit in ("per_exam", "per_course", "per_credit"):
        return (low * c.cost_count, high * c.cost_count) if c.cost_count else None
    if unit == "per_month" and c.weeks:
        n = max(1, months(c.weeks))  # the months the text says (knowledge.display)
        return (low * n, high * n)
    if unit == "per_year" and c.weeks and c.weeks <= 52:
        return (low, high)
    return None


def total_cost_usd(c: Credential) -> float | None:
    """Highest total cost in USD when known (what a budget must cover)."""
    found = total_cost_range_usd(c)
    return None if found is None else found[1]


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


def online_ok(c: Credential) -> bool | None:
    """Can it be done online? Exams proctored online count; None when the source does not say."""
    if c.format in ("online", "hybrid"):
        return True
    if c.format == "exam_only":
        if "online_proctored" in c.exam_delivery or ONLINE_EXAM.search(c.cost_note or ""):
            return True
        return False if c.exam_delivery else None
    if c.format == "in_person":
        return False
    return None


def _format_ok(c: Credential, wanted: str) -> bool | None:
    if wanted == "online":
        return online_ok(c)
    if c.format is None:
        return None
    if wanted == "in_person":
        return c.format in ("in_person", "hybrid") or (
            c.format == "exam_only" and "test_center" in c.exam_delivery
        )
    return c.format == wanted


def check(c: Credential, k: Constraints) -> tuple[list[str], list[str]]:
    """(limits `c` fails, limits `c` cannot be checked against because the fact is unknown)."""
    failed, unknown = [], []

    def verdict(name: str, ok: bool | None) -> None:
        if ok is None:
            unknown.append(name)
        elif not ok:
            failed.append(name)

    cost = total_cost_range_usd(c)
    if k.free_only:
        priced = c.cost_amount is not None and (c.cost_amount > 0 or (c.cost_max or 0) > 0)
        verdict("free_only", False if priced else None if cost is None else cost[1] == 0)
    if k.max_cost is not None:
        # one unit (a month, an exam) already above the budget settles it even without a stated count
        over = c.currency == "USD" and c.cost_amount is not None and c.cost_amount > k.max_cost
        verdict("max_cost", False if over else None if cost is None else cost[1] <= k.max_cost)
    if k.max_weeks is not None:
        weeks = calendar_weeks(c, k.hours_per_week)
        verdict("max_weeks", None if weeks is None else weeks <= k.max_weeks)
    if k.format:
        verdict("format", _format_ok(c, k.format))
    if k.level:
        level = level_of(c.level)
        verdict("level", None if level is None else level == k.level)
    if k.no_degree:
        degree = needs_degree(c)
        verdict("no_degree", None if degree is None else not degree)
    return failed, unknown


def passes(c: Credential, k: Constraints) -> list[str]:
    """Names of the limits `c` is known to fail (an unknown fact fails nothing)."""
    return check(c, k)[0]


def relax(k: Constraints, name: str) -> Constraints:
    return replace(k, **{name: False if name in ("free_only", "no_degree") else None})


def active(k: Constraints) -> list[str]:
    return [n for n in RELAX_ORDER if getattr(k, n) not in (None, False)]


def score(cand: Candidate, gap_weights: dict[str, float], k: Constraints) -> tuple[float, tuple[str, ...]]:
    c = cand.credential
    total = sum(gap_weights.values()) or 1.0
    covered = tuple(eid for eid in gap_weights if eid in cand.elements)
    coverage = sum(gap_weights[e] for e in covered) / total
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
    # a name match on a credential whose occupations all lie elsewhere ("Certified Information Security
    # Manager" for a security guard's move to security manager) is likely a homonym
    name = cand.name * (FOREIGN_NAME_SHARE if cand.family is False else 1.0)
    value = (
        WEIGHTS["name"] * name
        + WEIGHTS["curation"] * cand.in_transition
        + WEIGHTS["link"] * cand.link
        + WEIGHTS["coverage"] * min(1.0, coverage)
        + WEIGHTS["fit"] * fit
        + WEIGHTS["facts"] * facts
    )
    value -= ENTRY_PENALTY.get(cand.entry or "", 0.0)
    if cand.stage and not k.level:  # a level the person asked for is scored by `fit` instead
        share = (
            1.0
            if c.curated or (cand.stage == 2 and (_TIER_NAME.match(c.name) or cand.tier))
            else COS_STAGE_SHARE
        )
        value -= share * STAGE_PENALTY.get(cand.stage, 0.0)
    if cand.beneath and cand.name < MIN_NAME_FOR_GUARD:  # one named for the target is no beginner's step
        value -= BENEATH_PENALTY
    value += BREADTH_WEIGHT * min(cand.breadth, BREADTH_FULL) / BREADTH_FULL
    if cand.bridge and (cand.in_transition or cand.link or cand.name >= MIN_NAME_FOR_GUARD):
        value += BRIDGE_WEIGHT
    value += RECOGNITION_WEIGHT.get(recognition(c) or "", 0.0)
    value += WHERE_ADJUST.get(cand.where or "", 0.0)
    return round(100 * value, 2), covered


def tier_inside(name: str, target: frozenset[str]) -> bool:
    """Does a tier word modify the job noun inside the name ("Certified Master Chef", "Certified Executive
    Chef"), one the target's own words do not hold (a "Certified Executive Assistant" is the job)?"""
    found = _TIER_INSIDE.search(name)
    return found is not None and not set(name_words(found.group(0))) & target


def absurd(cand: Candidate) -> bool:
    """Nothing but a weak name ties it to the target: not listed for the move, no hand-checked link, and
    its name does not name the target ("Electronic Document Associate" for a records manager, matched
    through "Document Specialist", a title of another job in the field)."""
    return not cand.in_transition and not cand.link and cand.name < MIN_NAME_FOR_GUARD


def rank(
    cands: list[Candidate], gap_weights: dict[str, float], k: Constraints, limit: int
) -> tuple[list[Ranked], tuple[str, ...]]:
    """Guard, check limits (relaxing the least important until ≥ MIN_RESULTS), sort, de-duplicate."""
    pool = [c for c in cands if not absurd(c)]
    current, dropped = k, []
    while True:
        kept = [c for c in pool if not passes(c.credential, current)]
        names = active(current)
        if len(kept) >= min(MIN_RESULTS, limit) or not names:
            break
        dropped.append(names[0])
        current = relax(current, names[0])
    out: list[Ranked] = []
    for cand in kept:
        value, covered = score(cand, gap_weights, k)
        failed, unknown = check(cand.credential, k)
        value = round(value - 100 * UNKNOWN_PENALTY * len(unknown), 2)
        out.append(Ranked(cand, value, covered, tuple(unknown), tuple(failed)))
    out.sort(key=_order)
    shown: list[Ranked] = []
    for r in out:
        if len(shown) == limit and not r.candidate.credential.curated:
            continue  # the list is full: only a curated twin of a shown record can still matter
        twin = next(
            (
                i
                for i, s in enumerate(shown)
                if same_credential(r.candidate.credential, s.candidate.credential)
            ),
            None,
        )
        if twin is None:
            if len(shown) < limit:
                shown.append(r)
        elif r.candidate.credential.curated and not shown[twin].candidate.credential.curated:
            shown[twin] = r  # its curated record (cost, time, sources) stands where the twin ranked
    relaxed = tuple(n for n in dropped if any(n in r.unmet for r in shown))
    return in_sequence(shown), relaxed


def _order(r: Ranked) -> tuple:
    return (-r.score, not r.candidate.credential.curated, r.candidate.credential.name)


def in_sequence(shown: list[Ranked]) -> list[Ranked]:
    """The shown list with each credential's first step before it: when none of the credentials its
    prerequisites name as coming first (Network+ names A+; PRINCE2 Practitioner "a qualifying certificate
    such as PRINCE2 Foundation, PMP or CAPM": any one of them) is above it but one is lower on the list,
    the best of those moves up to just before it, scored just above it. The set shown does not change."""
    out = list(shown)

    def misplaced(i: int, r: Ranked) -> tuple[int, int] | None:
        after = r.candidate.after
        if not after or any(_is(out[k], a) for k in range(i) for a in after):
            return None
        below = next((j for j in range(i + 1, len(out)) if any(_is(out[j], a) for a in after)), None)
        return None if below is None else (i, below)

    for _ in range(len(out)):  # a chain A -> B -> C settles in a few moves; a cycle stops here
        move = next((m for i, r in enumerate(out) if (m := misplaced(i, r))), None)
        if move is None:
            break
        i, j = move
        first = out.pop(j)
        out.insert(i, replace(first, score=max(first.score, round(out[i].score + SEQUENCE_STEP, 2))))
    return out


def _is(r: Ranked, cid: str) -> bool:
    c = r.candidate.credential
    return c.id == cid or cid in c.same_as


# -- explanations -------------------------------------------------------------------------------------
def reason(
    c: Credential,
    covers: list[str],
    named_for: str | None,
    in_transition: float,
    entry: str | None = None,
    check_in: str | None = None,
    after: str | None = None,
) -> str:
    """Why it is on the list, from facts only (cost, time and format are shown by `knowledge.display`).
    `after`: the name of a listed credential its prerequisites name as coming first."""
    parts = []
    if named_for:
        parts.append(f"Made for {named_for} work")
    elif in_transition:
        parts.append("Listed by a counselor for this move")
    if covers:
        parts.append("covers " + ", ".join(covers[:3]))
    if c.provider:
        parts.append(
            c.provider.replace(" (via ", " via ").rstrip(")") if "(via " in c.provider else c.provider
        )
    if entry == "experience":
        parts.append("the issuer asks for work experience in the field first, so it is a later step")
    elif entry == "credential_first":
        parts.append("it needs an earlier certification first, so it is a later step")
    elif after:
        parts.append(f"best taken after {_PARENS.sub('', after).strip()}")
    if check_in:
        parts.append(f"check with the issuer that it is recognised in {check_in}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] if text else ""


# -- identity -----------------------------------------------------------------------------------------
_PARENS = re.compile(r"\([^)]*\)")
_ISSUER_NOISE = frozenset({"inc", "the", "of", "for", "and", "llc", "ltd", "via", "corporation", "com"})


@lru_cache(maxsize=65536)
def _name_key(name: str, issuer: frozenset[str]) -> str:
    """Name without parentheses and without a leading issuer acronym ("PTCB Certified Pharmacy …")."""
    words = norm(_PARENS.sub(" ", name)).split()
    if len(words) > 1 and words[0] in issuer:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=65536)
def _issuer_words(provider: str | None) -> frozenset[str]:
    """Issuer words plus its initials ("North American Board of Certified Energy Practitioners" → nabcep)."""
    words = [w for w in norm(provider or "").split() if w not in _ISSUER_NOISE]
    initials = "".join(w[0] for w in words if w not in ("a", "an", "to", "in", "on"))
    return frozenset(words) | ({initials} if len(initials) >= 3 else set())


def same_credential(a: Credential, b: Credential) -> bool:
    """Same id, a record its curator named as the same (`same_as`: CareerOneStop lists EPA 608 once per
    certifying body), or the same name (parenthesised acronyms and exam codes aside) from the same issuer.

    Why: a curated record and its CareerOneStop twin ("Certified Fraud Examiner (CFE)" by "ACFE
    (Association of Certified Fraud Examiners)" and "Certified Fraud Examiner" by "Association of
    Certified Fraud Examiners") are one credential to a person; two issuers' "Certified Pharmacy
    Technician" are two credentials.
    """
    if a.id == b.id or b.id in a.same_as or a.id in b.same_as:
        return True
    wa, wb = _issuer_words(a.provider), _issuer_words(b.provider)
    if _name_key(a.name, wa) != _name_key(b.name, wb):
        return False
    if not wa or not wb:
        return True
    return len(wa & wb) >= 0.5 * min(len(wa), len(wb))

"""Does a credential's own name or issuer name the job a person wants? (query time, in memory)

Why: the strongest evidence that a credential suits a target is often in its name — "Certified Fraud
Examiner" for fraud examiners, "Certified Pharmacy Technician" for pharmacy technicians, "PV Installation
Professional" by the North American Board of Certified Energy Practitioners for solar installers — and
the automatic occupation links miss many of them. This index scores credentials against the phrases
that name the target (the person's own words, the matched alias, the O*NET title's parts) by how much of
a phrase's idf weight the credential's name covers (its issuer counts half). Words common in credential
names ("certified", "professional", "specialist") carry little idf, so they never make a match alone: a
match needs at least one specific word of the phrase. An O*NET alternate title whose head noun (the job
itself: "paramedic" in "EMT Paramedic (Emergency Medical Technician Paramedic)") is specific is named only
by a name that holds that noun: the "Emergency Medical Technician" certification names the title's
modifier, which is another job (the person's own, for an EMT becoming a paramedic).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable

from knowledge.text import tokens
from knowledge.types import Credential

MIN_NAME_SHARE = 0.35  # a one-word phrase ("teacher") must carry this much of the name's own weight
MIN_COVERAGE = 0.75  # share of a phrase's idf weight a name must cover to count as naming the target
ISSUER_SHARE = 0.5  # a phrase word found only in the issuer's name counts half
COMMON_SHARE = 0.5  # a common head word ("specialist", "technician") weighs half its idf in coverage
SPECIFIC_IDF = 3.0  # words rarer than ~1 in 20 credential names are specific enough to match on
# a phrase must weigh this much (sum of idf) to name a job: "service technician" (4.1 + 2.8) names none;
# a one-word title ("Electricians", "Welders") needs one rare word instead
MIN_PHRASE_WEIGHT = 7.0
MIN_SINGLE_WORD_IDF = 4.5
MAX_MATCHES = 40
CACHE_SIZE = 4096
# words people put around a job name that never name one
FILLER = frozenset(
    "become becoming get getting job jobs something field area industry position start switch change "
    "new entry level career want wants like love go going into more".split()
)
_TITLE_SPLIT = re.compile(r",|\band\b|/")
_PARENS = re.compile(r"\([^)]*\)")
_OF = re.compile(r"\s(?:of|for|in)\s", re.I)
# (suffix, replacement): "installer"/"installation" → install, "electrician"/"electrical" → electric,
# "manager"/"management" → manag, "welder"/"welding" → weld; the stem keeps at least 4 letters
_SUFFIXES = (
    ("ations", ""), ("ation", ""), ("ician", "ic"), ("ical", "ic"), ("ments", ""), ("ment", ""),
    ("ings", ""), ("ing", ""), ("ers", ""), ("er", ""), ("ors", ""), ("or", ""), ("ions", ""),
    ("ion", ""), ("ants", ""), ("ant", ""), ("ists", ""), ("ist", ""),
)  # fmt: skip


# a field's name stems as its practitioner's does: phlebotomy ~ phlebotomist, therapy ~ therapist
_FIELD_Y = ("tomy", "logy", "graphy", "apy")


# words whose "-ical" names other work than the "-ic" word: a mechanical engineer is no mechanic (mechanical
# engineering was sent the Heavy Construction Equipment Mechanic certification)
_OWN_STEM = frozenset({"mechanical", "mechanicals"})
# one root the suffix rules miss: a "Licensed Practical Nurse" takes the "Licensure Examination for
# Practical/Vocational Nurses"; a "license" or "licence" is the same
_LICENCE_FORMS = frozenset({"licensed", "licensure", "license", "licence", "licenced"})


# a name ending in "Assessment" names a test of the work before it (NCCER's "Plumber Assessment", ETS's
# "ParaPro Assessment"), not the assessors whose title stems alike
_TEST_NAME = re.compile(r"\bAssessments?\s*(?:\([^)]*\))?\s*$", re.I)


def stem(word: str) -> str:
    if word in _OWN_STEM:
        return "mechanical"
    if word in _LICENCE_FORMS:
        return "licens"
    if len(word) >= 8 and word.endswith("ry") and word[-3] not in "aeiouy":
        # a practice named after its practitioner: "opticianry" ~ optician, "carpentry" ~ carpenter,
        # "dentistry" ~ dentist, "chemistry" ~ chemist
        return stem(word[:-2])
    if word.endswith(_FIELD_Y) and len(word) >= 7:
        return word[:-1]  # "phlebotomy" → phlebotom (as "phlebotomist"), "therapy" → therap, "radiology"
    for suffix, repl in _SUFFIXES:
        if suffix.startswith("er") and word.endswith("e" + suffix):
            continue  # "engineer" is not "engine", "volunteer" not "volunte"
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + repl
    return word


def words(text: str) -> list[str]:
    """Stemmed content words of a name or phrase."""
    return list(dict.fromkeys(stem(w) for w in tokens(text) if w not in FILLER))


def head(phrase: str) -> str | None:
    """The stemmed noun a phrase names its job by: its last content word, before any parenthesis and
    before "of"/"for"/"in" ("EMT Paramedic (Emergency Medical Technician Paramedic)" → paramed,
    "Supervisors of Retail Sales Workers" → supervis)."""
    found = words(_OF.split(_PARENS.sub(" ", phrase))[0])
    return found[-1] if found else None


def title_phrases(title: str) -> list[str]:
    """An O*NET title's parts, the first part's modifiers spread over single-word heads.

    "Fraud Examiners, Investigators and Analysts" → fraud examiners, fraud investigators, fraud analysts;
    "Automotive Service Technicians and Mechanics" → automotive service technicians, … mechanics;
    "Heavy and Tractor-Trailer Truck Drivers" → heavy drivers, tractor-trailer truck drivers.
    """
    # ", Except Special and Career/Technical Education" names what the occupation is NOT: never a phrase of it
    title = re.split(r",\s*(?:Except|All Other)\b", title)[0]
    # ", Hand" says how the work is done (manually): no phrase of its own ("Laborers and Freight, Stock, and
    # Material Movers, Hand" named hand-surgery and conduit hand-bending certifications for warehouse work)
    title = re.sub(r",\s*Hand$", "", title)
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    if not parts:
        return []
    head = parts[-1].split()[-1]
    # a part that does not end in a plural noun modifies the last part's head: "Heavy and Tractor-Trailer
    # Truck Drivers" → heavy drivers; "Occupational Health and Safety Specialists" → occupational health
    # specialists (not "occupational health", which names nurses' credentials too)
    parts = [p if p.split()[-1].endswith("s") or p == parts[-1] else f"{p} {head}" for p in parts]
    first = parts[0].split()
    modifiers = " ".join(first[:-1])
    out = [parts[0]]
    for p in parts[1:]:
        out.append(f"{modifiers} {p}" if modifiers and len(p.split()) == 1 else p)
    return out


def shares_specific_word(index: NameIndex, phrase: str, title: str) -> bool:
    """True when `phrase` has a specific word of `title`: an alternate title like "Service Technician"
    under "Wind Turbine Service Technicians" says nothing of wind turbines and is left out."""
    title_words = set(words(title))
    return any(w in title_words and index.idf(w) >= SPECIFIC_IDF + 1 for w in words(phrase))


class NameIndex:
    """Inverted index over credential name, acronym and issuer words, with idf over credential names.

    Scoring adds each phrase word's idf to the credentials whose name (or issuer) holds it, from the
    posting lists of the phrase's specific words only; common words are then checked on the few
    credentials that can still reach MIN_COVERAGE. Results are cached per phrase list (read-only data).
    """

    def __init__(self, credentials: Iterable[Credential]) -> None:
        self._name: dict[str, frozenset[str]] = {}
        self._issuer: dict[str, frozenset[str]] = {}
        by_name: dict[str, set[str]] = defaultdict(set)
        by_issuer: dict[str, set[str]] = defaultdict(set)
        df: dict[str, int] = defaultdict(int)
        # two name words a person writes as one ("Fund Raising" / "fundraiser"): compound -> the pair
        self._compounds: dict[str, tuple[str, str]] = {}
        for c in credentials:
            raw = tokens(c.name)
            for a, b in zip(raw, raw[1:], strict=False):
                if len(a) >= 3 and len(b) >= 3:
                    self._compounds.setdefault(stem(a + b), (stem(a), stem(b)))
            name = frozenset(words(f"{c.name} {c.acronym or ''}"))
            if _TEST_NAME.search(c.name):  # "Plumber Assessment" is a test, not an assessor's credential
                name -= {stem("assessment")}
            issuer = frozenset(words(c.provider or "")) - name
            self._name[c.id], self._issuer[c.id] = name, issuer
            for w in name:
                by_name[w].add(c.id)
                df[w] += 1
            for w in issuer:
                by_issuer[w].add(c.id)
        n = max(len(self._name), 1)
        self._idf = {w: math.log(n / d) for w, d in df.items()}
        self._max_idf = math.log(n)
        self._by_name = {w: tuple(ids) for w, ids in by_name.items()}
        self._by_issuer = {w: tuple(ids) for w, ids in by_issuer.items()}
        self._name_weight = {cid: sum(self.idf(w) for w in ws) or 1.0 for cid, ws in self._name.items()}
        self._cache: dict[tuple, dict[str, float]] = {}
        self._head_forms: dict[str, frozenset[str]] = {}

    def _split(self, ws: list[str]) -> tuple[str, ...]:
        """A phrase word no credential name holds, but two name words make ("fundrais" → fund, rais)."""
        out: list[str] = []
        for w in ws:
            out += self._compounds[w] if w not in self._idf and w in self._compounds else [w]
        return tuple(dict.fromkeys(out))

    def _forms_of(self, head_word: str) -> frozenset[str]:
        """The stems a name may write a head noun in: itself, or one that starts the other ("Informatics
        Nurse" is named by "Informatics Nursing": nurse ~ nurs), at least four letters long."""
        found = self._head_forms.get(head_word)
        if found is None:
            found = self._head_forms[head_word] = frozenset(
                w
                for w in self._idf
                if w == head_word
                or (min(len(w), len(head_word)) >= 4 and (w.startswith(head_word) or head_word.startswith(w)))
            )
        return found

    def idf(self, word: str) -> float:
        return self._idf.get(word, self._max_idf)

    def _phrase(
        self, ws: list[str], phrase_weight: float, best: dict[str, float], head_word: str | None = None
    ) -> None:
        weight = sum(self.idf(w) for w in ws)
        if weight < MIN_PHRASE_WEIGHT and not (len(ws) == 1 and weight >= MIN_SINGLE_WORD_IDF):
            return
        specific = [w for w in ws if self.idf(w) >= SPECIFIC_IDF]
        common = [w for w in ws if self.idf(w) < SPECIFIC_IDF]
        if not specific:
            return
        # a common word weighs half as the phrase's head ("pharmacy technician", "safety specialist"), but
        # fully as a modifier: "technical" is what makes a technical writer, so a resume writer's
        # certification does not name one
        part = {w: COMMON_SHARE if w == ws[-1] else 1.0 for w in common}
        weight = sum(self.idf(w) for w in specific) + sum(part[w] * self.idf(w) for w in common)
        got: dict[str, float] = defaultdict(float)
        own: dict[str, float] = defaultdict(float)
        for w in specific:
            idf = self.idf(w)
            for cid in self._by_name.get(w, ()):
                got[cid] += idf
                own[cid] += idf
            for cid in self._by_issuer.get(w, ()):
                got[cid] += ISSUER_SHARE * idf
        reach = sum(part[w] * self.idf(w) for w in common)
        floor = MIN_COVERAGE * weight
        # the job noun, when specific, must be in the name: its modifiers alone name another job
        needed = self._forms_of(head_word) if head_word in specific and head_word in self._idf else None
        for cid, value in got.items():
            if value + reach < floor:
                continue
            if needed and not needed & self._name[cid]:
                continue
            name, issuer = self._name[cid], self._issuer[cid]
            for w in common:
                if w in name:
                    value += part[w] * self.idf(w)
                    own[cid] += self.idf(w)
                elif w in issuer:
                    value += part[w] * ISSUER_SHARE * self.idf(w)
            if value < floor:
                continue
            # a name that is mostly about something else ("… for Career-Technical Education") counts less, and
            # one that is about another specialty of the same word ("Nationally Certified Pilates Teacher" for
            # "teacher", "AWS Certified Solutions Architect" for "architect") does not name the target at all
            share = own[cid] / self._name_weight[cid]
            if share < MIN_NAME_SHARE and len(ws) == 1:
                continue
            score = phrase_weight * (value / weight) * (0.8 + 0.2 * share)
            if score > best.get(cid, 0.0):
                best[cid] = score

    def match(self, phrases: Iterable[tuple], limit: int = MAX_MATCHES) -> dict[str, float]:
        """credential id -> best score (0..1) over (phrase, weight) or (phrase, weight, by_head) tuples,
        the `limit` best; coverage below MIN_COVERAGE is no match. `by_head`: the phrase names the job only
        through its head noun (`head`), as an O*NET alternate title does ("EMT Paramedic" is a paramedic)."""
        key = (*phrases, limit)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        best: dict[str, float] = {}
        for ws, phrase_weight, h in dict.fromkeys(
            (self._split(words(p[0])), p[1], head(p[0]) if p[2:] and p[2] else None) for p in key[:-1]
        ):
            if ws:
                self._phrase(list(ws), phrase_weight, best, h)
        ranked = sorted(best, key=lambda cid: -best[cid])[:limit]
        found = {cid: round(best[cid], 4) for cid in ranked}
        if len(self._cache) > CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = found
        return found

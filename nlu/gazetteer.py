"""Knowledge-base gazetteer: load the export, build match patterns, find mentions in text.

The gazetteer file is written by `python -m knowledge export-nlu` (format in docs/ARCHITECTURE.md):
``{"version": 1, "entries": [{"text": "bank teller", "label": "occupation", "id": "43-3071.00"}, ...]}``.

O*NET's 56k alternate titles contain many words that are also everyday English ("buffer", "brother",
"anchor") and short codes ("APP", "ASA"). Matching all of them case-insensitively would tag half of
every sentence, so `build_index` sorts entries into three pattern sets:

- ``exact``: matched on lower-cased tokens (case tolerance) plus a plural/singular variant;
- ``upper``: short codes and stop-word aliases ("IT", "HR", "SQL"), matched only when written in capitals;
- ``guarded``: single-word occupation aliases, matched only after a cue such as "a", "as", "former".

A fuzzy pass (rapidfuzz) catches typos ("cyber securty", "secruity+") for fields, curated credentials and
skills only: they are few, distinctive and the entries people misspell most.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from nlu.spans import Span, non_overlapping

LABELS = ("occupation", "credential", "skill")

# Words that are aliases somewhere in O*NET or CareerOneStop but mean something else in a chat.
GENERIC_WORDS = frozenset(
    """bank help work job jobs career careers one two three free online remote hybrid beginner advanced
    intermediate first last more best good new thanks thank hi hello hey ok okay yes no course courses
    certificate certificates certification certifications cert certs degree money time week weeks month
    months year years cost price budget level skill skills field fields company business experience option
    options training program programs school student owner partner member worker employee staff person
    people human bot robot something anything nothing plan help desk change switch move data info
    information general manager associate lead head chief officer specialist consultant coordinator
    representative technician analyst assistant director supervisor administrator operator professional
    expert junior senior intern trainee volunteer team group service services systems system support
    office agent official worth value develop developing tops pls plz please analysis""".split()
)

# Everyday single-word occupations that need no cue ("teacher to ux designer", "nurses earn more?").
COMMON_OCCUPATIONS = frozenset(
    """teacher teachers nurse nurses accountant accountants lawyer lawyers attorney paralegal developer
    developers programmer engineer engineers designer designers marketer journalist writer editor
    bookkeeper cashier waiter waitress bartender barista chef cook driver trucker pharmacist
    physiotherapist therapist librarian recruiter banker economist auditor tutor professor lecturer
    electrician plumber carpenter mechanic welder firefighter paramedic soldier veteran pilot
    salesperson realtor receptionist secretary clerk teller scientist biologist chemist physicist
    architect photographer translator interpreter copywriter actuary statistician mathematician
    psychologist counselor counsellor dentist doctor physician midwife caregiver nanny babysitter
    janitor cleaner farmer""".split()
)

# Tokens after which a single-word occupation alias is taken as an occupation.
OCCUPATION_CUES = frozenset(
    "a an as am im i'm be become becoming been being was were ex former retired "
    "certified licensed senior junior lead freelance".split()
)
# Generic or two-letter field aliases ("data", "ai", "ux") count only after these ("something with data",
# "into ux"); articles are not enough ("are you an ai").
FIELD_CUES = frozenset("in into with to of about from as like do doing learn study and or towards".split())

_SINGULAR_RULES = ((r"ies$", "y"), (r"(ss|sh|ch|x|z)es$", r"\1"), (r"([^s])s$", r"\1"))
_PLURAL_RULES = ((r"([^aeiou])y$", r"\1ies"), (r"(s|sh|ch|x|z)$", r"\1es"), (r"([a-z])$", r"\1s"))


@dataclass(frozen=True)
class Entry:
    text: str
    label: str
    id: str


def load_entries(path: str | Path) -> list[Entry]:
    """Read and validate a gazetteer file; raise ``ValueError`` with the reason when it is malformed."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("version") != 1 or not isinstance(raw.get("entries"), list):
        raise ValueError(f"{path}: not a version-1 gazetteer ({{'version': 1, 'entries': [...]}})")
    entries = []
    for i, item in enumerate(raw["entries"]):
        try:
            text, label, ident = str(item["text"]).strip(), item["label"], str(item["id"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: entry {i} lacks text/label/id") from exc
        if label in LABELS and text:
            entries.append(Entry(text, label, ident))
    return entries


def variants(text: str) -> set[str]:
    """The lower-cased text plus the singular or plural of its last word ("bank tellers" / "bank teller")."""
    low = " ".join(text.lower().split())
    out = {low}
    head, _, last = low.rpartition(" ")
    if not last.isalpha() or len(last) < 4:
        return out
    for pattern, repl in _SINGULAR_RULES:
        if re.search(pattern, last):
            out.add((head + " " if head else "") + re.sub(pattern, repl, last))
            break
    if not last.endswith("s"):
        for pattern, repl in _PLURAL_RULES:
            if re.search(pattern, last):
                out.add((head + " " if head else "") + re.sub(pattern, repl, last))
                break
    return out


def _priority(entry: Entry) -> int:
    """Which entry owns a text shared by several: fields, curated credentials, then O*NET titles, ...

    Acronyms ("cissp", "pmp") are O*NET alternate titles as well as credentials; in a chat they name the
    credential far more often, so for them credentials come before occupations.
    """
    if entry.id.startswith("field:"):
        return 0
    if entry.id.startswith("cur:"):
        return 1
    if entry.label == "credential" and re.fullmatch(r"[a-z0-9+]{2,6}", entry.text.lower()):
        return 2
    return {"occupation": 3, "credential": 4, "skill": 5}[entry.label]


_CREDENTIAL_WORDS = re.compile(
    r"[+\d]|certif|certificate|\bcert\b|licen[cs]e|diploma|badge|exam|\bprogram", re.I
)


def _priority_for(entry: Entry, text: str) -> int:
    """`_priority`, except that a credential alias reading like a job ("cybersecurity analyst") yields to
    the occupation with the same text."""
    prio = _priority(entry)
    if entry.label == "credential" and " " in text and not _CREDENTIAL_WORDS.search(text):
        prio += 4
    return prio


_VENDOR_PREFIX = re.compile(
    r"^(?:comptia|google|microsoft certified:?|aws certified|cisco|isc2|\(isc\)2|pmi|ibm|meta)\s+", re.I
)
_GENERIC_SUFFIX = re.compile(r"\s+(?:professional\s+)?(?:certificate|certification|certified)$", re.I)


def derived_aliases(entry: Entry) -> set[str]:
    """Short forms people type for curated credentials: "comptia security+ (sy0-701)" -> "comptia security+",
    "security+"; "google data analytics professional certificate" -> "google data analytics (certificate)".
    """
    if entry.label != "credential" or not entry.id.startswith("cur:"):
        return set()
    out: set[str] = set()
    base = re.sub(r"\s*\([^)]*\)", "", entry.text.lower()).strip()
    # "aws certified solutions architect - associate" -> "aws solutions architect"
    plain = re.sub(
        r"\s+-\s+(?:associate|professional|specialty|foundational)$", "", base.replace(" certified", "")
    )
    for form in {base, _GENERIC_SUFFIX.sub("", base), plain.replace("microsoft: ", "microsoft ").strip()}:
        out.add(form)
        stripped = _VENDOR_PREFIX.sub("", form)
        # Only distinctive short forms ("security+", "az-900"); "cybersecurity analyst" stays an occupation.
        if stripped != form and re.search(r"[+\d]", stripped):
            out.add(stripped)
    stem = _GENERIC_SUFFIX.sub("", base)
    if stem != base:
        out.update({stem + " certificate", stem + " cert", stem + " certification"})
    return {a for a in out if len(a) >= 3 and a != entry.text.lower()}


def build_index(entries: Iterable[Entry], stop_words: Iterable[str]) -> dict[str, Any]:
    """Turn entries into JSON-serialisable pattern tables (what the Rasa component persists)."""
    stop = set(stop_words) | GENERIC_WORDS
    exact: dict[str, tuple[int, str, str]] = {}
    upper: dict[str, tuple[int, str, str]] = {}
    guarded: dict[str, tuple[int, str, str]] = {}
    guarded_field: dict[str, tuple[int, str, str]] = {}
    fuzzy: dict[str, tuple[int, str, str]] = {}

    def put(table: dict[str, tuple[int, str, str]], key: str, entry: Entry) -> None:
        prio = _priority_for(entry, key)
        if key not in table or prio < table[key][0]:
            table[key] = (prio, entry.label, entry.id)

    expanded = list(entries)
    expanded += [Entry(a, e.label, e.id) for e in expanded for a in derived_aliases(e)]
    for entry in sorted(expanded, key=_priority):
        text = " ".join(entry.text.split())
        low = text.lower()
        alnum = re.sub(r"[^a-z0-9]", "", low)
        curated = entry.id.startswith(("field:", "cur:"))
        is_short_code = len(alnum) <= 4 and low.replace(" ", "").isalnum() and not curated
        if (len(alnum) < 2 and "+" not in low) or (len(alnum) <= 2 and not text.isupper() and not curated):
            continue
        if entry.id.startswith("field:") and (low in GENERIC_WORDS or (len(alnum) <= 2 and low not in stop)):
            put(guarded_field, low, entry)
            continue
        if low in stop or is_short_code:
            # "IT", "HR", "SQL", "CPA": only when the person writes them in capitals; an acronym that is also
            # an English stop word ("CAN", "US") only when it is a curated field or credential.
            if curated or low not in stop:
                put(upper, text.upper(), entry)
            continue
        is_single_word = " " not in low and "-" not in low
        forms = variants(text) if entry.label in ("occupation", "skill") else {low}
        for form in forms:
            if form in stop:
                continue
            if (
                is_single_word
                and entry.label == "occupation"
                and not curated
                and form not in COMMON_OCCUPATIONS
                and not entry.text.isupper()
            ):
                put(guarded, form, entry)
            else:
                put(exact, form, entry)
        if curated or entry.label == "skill":
            if len(alnum) >= 6:
                put(fuzzy, low, entry)
    # A text in `exact` must not also be guarded (e.g. a field alias that is one word).
    for key in list(guarded):
        if key in exact:
            del guarded[key]
    return {
        "version": 1,
        "exact": {k: [v[1], v[2]] for k, v in exact.items()},
        "upper": {k: [v[1], v[2]] for k, v in upper.items()},
        "guarded": {k: [v[1], v[2]] for k, v in guarded.items()},
        "guarded_field": {k: [v[1], v[2]] for k, v in guarded_field.items()},
        "fuzzy": {k: [v[1], v[2]] for k, v in fuzzy.items()},
    }


class GazetteerMatcher:
    """Finds gazetteer mentions in text with spaCy PhraseMatchers and a rapidfuzz typo pass."""

    def __init__(self, index: dict[str, Any], fuzzy_threshold: float = 83.0) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.index = index
        self.fuzzy_threshold = fuzzy_threshold
        self._lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._add(self._lower, "exact", index["exact"], lower=True)
        self._add(self._lower, "guarded", index["guarded"], lower=True)
        self._add(self._lower, "guarded_field", index["guarded_field"], lower=True)
        self._add(self._orth, "upper", index["upper"], lower=False)
        self._fuzzy_keys = list(index["fuzzy"])

    def _add(self, matcher: Any, table: str, patterns: dict[str, list[str]], lower: bool) -> None:
        texts = list(patterns)
        docs = list(self.nlp.tokenizer.pipe(texts, batch_size=2000))
        for text, doc in zip(texts, docs, strict=True):
            matcher.add(f"{table}\t{text}", [doc])

    def find(self, text: str) -> list[Span]:
        """All non-overlapping mentions, longest first; values are knowledge-base ids, no roles yet."""
        doc = self.nlp.make_doc(text)
        spans: list[Span] = []
        for matcher in (self._lower, self._orth):
            for match_id, start, end in matcher(doc):
                table, key = self.nlp.vocab.strings[match_id].split("\t", 1)
                if table == "guarded" and not self._has_cue(doc, start, OCCUPATION_CUES):
                    continue
                if table == "guarded_field" and not self._has_cue(doc, start, FIELD_CUES):
                    continue
                label, ident = self.index[table][key]
                span = doc[start:end]
                spans.append(Span(span.start_char, span.end_char, label, ident, span.text))
        spans = non_overlapping(spans)
        spans.extend(self._fuzzy(doc, spans))
        return non_overlapping(spans)

    @staticmethod
    def _has_cue(doc: Any, start: int, cues: frozenset[str]) -> bool:
        if start == 0:
            return cues is OCCUPATION_CUES
        previous = [t.lower_ for t in doc[max(0, start - 2) : start]]
        return any(p in cues for p in previous) or "".join(previous[-2:]) in cues

    def _fuzzy(self, doc: Any, taken: list[Span]) -> list[Span]:
        if not self._fuzzy_keys:
            return []
        found: list[Span] = []
        for n in (4, 3, 2, 1):
            for i in range(0, len(doc) - n + 1):
                span = doc[i : i + n]
                if span[0].is_stop or span[-1].is_stop:
                    continue
                if not any(c.isalnum() for c in span[0].text) or not any(c.isalnum() for c in span[-1].text):
                    continue
                # A longer fuzzy hit may swallow exact hits inside it ("cyber securty" over "cyber").
                if any(
                    s.overlaps(span.start_char, span.end_char)
                    and not (span.start_char <= s.start and s.end <= span.end_char and n > 1)
                    for s in taken + found
                ):
                    continue
                cand = span.text.lower()
                if len(re.sub(r"[^a-z0-9]", "", cand)) < 6:
                    continue
                best = process.extractOne(
                    cand, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold
                )
                if best is None or best[0] == cand:
                    continue
                key = best[0]
                if key[0] != cand[0] or abs(len(key) - len(cand)) > 2:
                    continue
                inside = [s for s in taken if span.start_char <= s.start and s.end <= span.end_char]
                if any(len(key) <= s.end - s.start for s in inside):
                    continue  # no better than the exact match it would replace
                label, ident = self.index["fuzzy"][key]
                found.append(Span(span.start_char, span.end_char, label, ident, span.text))
        return found

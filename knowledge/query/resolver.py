"""Free text → occupations and fields: what a person means by "truck drivers", "web dev" or "the Navy".

Every name the KB knows (field aliases, concept aliases, O*NET titles and the parts of "X and Y" titles,
short and alternate titles, ESCO labels) is indexed as an unordered set of singular word forms, so
"quality control analyst" finds "Quality Control Analysts" and "school bus driver" finds "Bus Drivers,
School". A query is read the same way; filler ("I work in a", "something", "junior", "bootcamp") may be
covered by a name but is never required. Three layers, each only when the one before is weak:

1. lexical: every subset of the query's words is looked up (at most 2^8 dictionary probes); the names
   covering most of the required words win. Ties go to the strongest evidence, never to the lowest code:
   curated fields and concept aliases and an occupation's own O*NET title first, then official short
   titles, then alternate titles, and ESCO's crosswalked labels last; among equal evidence the occupation
   with more O*NET titles containing all the query's words. A field comes before an occupation matched
   by the same words (fields carry curated transitions), unless the words are another occupation's own
   title: "pharmacy technician" is that O*NET occupation, not a broad field that lists it.
2. typo correction: an unknown word of five letters or more is replaced by the closest known word when
   the two are close enough (cut-off measured on the labelled set); shorter words are never guessed,
   which keeps "BIM manager" away from "HIM Manager" and "SWE" away from "SWEX".
3. nearest meaning (`semantic.SemanticIndex`): when no name covers the whole query but every word of it
   is one the KB knows, the phrase is compared with every curated or official name by embedding
   similarity ("I teach high school" → Teaching) and accepted above a cut-off measured on the labelled
   set (`python -m knowledge resolve-accuracy`). A word no name contains is never matched by its
   letters alone: the model would read "BIM manager" as "HIM Manager".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz, process

from knowledge.query.semantic import SemanticIndex
from knowledge.text import STOPWORDS, norm
from knowledge.types import Match

CODE = re.compile(r"\b\d{2}-\d{4}\.\d{2}\b")

# evidence classes, lower is stronger; fields sit at 0
CLASS = {"concept": 1, "title": 1, "title_part": 2, "head": 2, "short": 2, "alternate": 3, "reported": 3}
ESCO_CLASS = 5
OWN_TITLE = frozenset({"concept", "title", "title_part"})  # names that can outrank a broader field
ONET_EVIDENCE = frozenset({"title", "title_part", "head", "short", "alternate", "reported"})
SEMANTIC_SOURCES = frozenset({"field", "concept", "title", "title_part", "head", "short"})
DISPLACED_FIELD = 2.5  # a field outranked by another occupation's own title sits after title parts

# "it" is a word people use for IT ("it support"); everything else in STOPWORDS is never meaningful
KEY_STOPWORDS = STOPWORDS - {"it"}
# words a name may contain but a query need not: filler, seniority, learning-path talk
OPTIONAL = frozenset(
    "it something anything some kind sort type field industry sector area space world stuff position "
    "get getting got going thinking considering maybe really just also still now used previously "
    "formerly former this that who what there then so very junior senior jr sr entry level aspiring "
    "become becoming hope hoping looking switch switching transition transitioning change changing pivot "
    "trainee bootcamp graduate grad experienced professional retired certified qualified m s ve ll re d t".split()
)
MAX_SUBSET_WORDS = 8  # above this only contiguous runs of words are looked up
MAX_RUN = 6
# short forms people type for words O*NET spells out ("phlebotomy tech", "project mgr")
ABBREVIATIONS = {
    "tech": "technician",
    "techs": "technician",
    "mgr": "manager",
    "eng": "engineer",
    "engr": "engineer",
    "asst": "assistant",
    "rep": "representative",
    "coord": "coordinator",
    "spec": "specialist",
    "admin": "administrator",
}
MIN_TYPO_LEN = 5
TYPO_CUTOFF = 80.0  # rapidfuzz ratio for a word correction (dev split: flat from 70 to 90)
TYPO_PENALTY = 4.0
SEMANTIC_CUTOFF = 0.70  # cosine (dev split flat from 0.5 to 0.75; junk such as "a job" scores 0.64)
SEMANTIC_K = 5
PARTIAL_BASE, PARTIAL_SPAN = 60.0, 35.0  # partial score = base + span × weighted coverage


def singular(word: str) -> str:
    """Crude English singular that only has to agree with itself ("analysts"/"analyst", "bodies"/"body")."""
    if len(word) <= 3 or not word.endswith(("s", "men")) or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def words(text: str) -> list[str]:
    """Normalised, singular content words in order (digits and stopwords dropped)."""
    return [singular(w) for w in norm(text).split() if not w.isdigit() and w not in KEY_STOPWORDS]


def title_parts(title: str) -> tuple[list[str], list[str]]:
    """(parts, heads) of an O*NET title: the names an occupation's own title gives it.

    "Paralegals and Legal Assistants" has the parts "Paralegals" and "Legal Assistants"; a title with a
    qualifier after a comma ("Dispatchers, Except Police, Fire, and Ambulance") has its head before the
    comma, split the same way. Heads are weaker: "Teachers and Instructors, All Other" must not claim
    every "teacher". A one-word modifier before "and" is shared with the rest of the last part when that
    rest has two words or more: "Medical and Clinical Laboratory Technicians" gives "Medical Laboratory
    Technicians" (a medical laboratory technician had read as the Healthcare field, through a fuzzy "lab
    technician"), "Heavy and Tractor-Trailer Truck Drivers" "Heavy Truck Drivers"; "Heavy" alone is no job.
    """

    def plural(text: str) -> bool:
        return bool(text.split()) and text.split()[-1].endswith("s")

    def split(text: str) -> list[str]:
        left, sep, right = (p.strip() for p in text.partition(" and "))
        if sep and plural(left) and plural(right):
            return [left, right]
        # a modifier shared with the rest of the last part: "Medical and Clinical Laboratory Technicians"
        # are medical laboratory technicians and clinical laboratory technicians
        rest = right.split()[1:]
        if sep and plural(right) and len(rest) >= 2 and "," not in left and " " not in left:
            return [f"{left} {' '.join(rest)}", right]
        return []

    head, comma, _ = title.partition(", ")
    if comma:
        return [], ([head, *split(head)] if plural(head) else [])
    return split(title), []


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # field | occupation
    id: str
    title: str
    alias: str
    source: str  # field | concept | title | title_part | head | short | alternate | reported | esco


@dataclass
class _Candidate:
    entry: Entry
    covered: float  # share of the query's required words covered, weighted by rarity (1.0 = all)
    total: int  # words of the name (required + optional)
    klass: float
    evidence: tuple[int, float] = (0, 0.0)


def _class(entry: Entry) -> float:
    if entry.kind == "field":
        return 0.0
    return CLASS.get(entry.source, ESCO_CLASS)


class Resolver:
    def __init__(
        self,
        fields: dict[str, str],
        field_aliases: list[tuple[str, str, str]],
        occupations: dict[str, str],
        occupation_aliases: list[tuple[str, str, str, str]],
        field_codes: dict[str, list[str]] | None = None,
    ) -> None:
        """fields: id → name; field_aliases: (field_id, norm, alias); occupations: code → title;
        occupation_aliases: (code, norm, alias, source); field_codes: field id → O*NET codes, first is
        the occupation the field stands for."""
        self.fields = fields
        self.occupations = occupations
        self.lead = {f"field:{fid}": codes[0] for fid, codes in (field_codes or {}).items() if codes}
        # an O*NET title typed exactly as O*NET spells it ("Software Developers") means that occupation,
        # even where a field stands for it ("software developer" is the field)
        self.exact_titles = {norm(title): code for code, title in occupations.items()}
        building: dict[frozenset[str], dict[str, Entry]] = {}
        interned: dict[frozenset[str], frozenset[str]] = {}  # one object per word set, shared with onet_sets
        self.acronyms: dict[str, list[Entry]] = defaultdict(list)
        self.onet_sets: dict[str, list[frozenset[str]]] = defaultdict(list)
        for fid, n, alias in field_aliases:
            entry = Entry("field", f"field:{fid}", fields[fid], alias, "field")
            if n.startswith("="):
                self.acronyms[n[1:]].append(entry)
            else:
                self._add(building, interned, alias, entry)
        for code, title in occupations.items():
            self._add(building, interned, title, Entry("occupation", code, title, title, "title"))
            parts, heads = title_parts(title)
            for part in parts:
                self._add(building, interned, part, Entry("occupation", code, title, part, "title_part"))
            for head in heads:
                self._add(building, interned, head, Entry("occupation", code, title, head, "head"))
        for code, _, alias, source in occupation_aliases:
            self._add(building, interned, alias, Entry("occupation", code, occupations[code], alias, source))
        # tuples, not per-key dicts: ~60k keys, most with one entry
        self.keys: dict[frozenset[str], tuple[Entry, ...]] = {
            k: tuple(v.values()) for k, v in building.items()
        }
        counts = Counter(w for key in self.keys for w in key)
        # typo candidates share the first letter: misspellings rarely touch it, and one letter's words
        # are ~1/20 of the vocabulary, which keeps a correction near 1 ms
        self.vocabulary: dict[str, list[str]] = defaultdict(list)
        for w in counts:
            self.vocabulary[w[0]].append(w)
        self.frequency = counts
        self.idf = {w: math.log(len(self.keys) / n) for w, n in counts.items()}
        self.max_idf = math.log(len(self.keys))
        self._correct = lru_cache(maxsize=4096)(self._correct_word)
        self.semantic = SemanticIndex(self._semantic_entries)

    def _add(
        self,
        building: dict[frozenset[str], dict[str, Entry]],
        interned: dict[frozenset[str], frozenset[str]],
        name: str,
        entry: Entry,
    ) -> None:
        key = frozenset(words(name))
        if not key:
            return
        key = interned.setdefault(key, key)
        found = building.setdefault(key, {})
        if entry.kind == "occupation" and entry.source in ONET_EVIDENCE:
            self.onet_sets[entry.id].append(key)
        old = found.get(entry.id)
        if old is None or _class(entry) < _class(old):
            found[entry.id] = entry

    def _semantic_entries(self) -> list[tuple[str, str]]:
        """One text per curated or official name, aimed at the target the lexical ranking gives it.

        Alternate titles are left out: 50k of them would cost ~50 MB and seconds to embed, and on the dev
        split they made answers worse ("the Navy" → "Navy Seal" instead of the military field).
        """
        out = []
        for key, entries in self.keys.items():
            named = [e for e in entries if e.source in SEMANTIC_SOURCES]
            if not named:
                continue
            if len(entries) == 1:
                best = named[0]
            else:
                cands = {e.id: _Candidate(e, 1.0, len(key), _class(e)) for e in entries}
                best = self._rank(cands, key)[0].entry
            out.append((named[0].alias, best.id))
        return out

    def warm_up(self) -> None:
        """Build the nearest-meaning index now (server start) rather than on the first vague phrase."""
        self.semantic.build()

    # -- public -----------------------------------------------------------------------------------
    def resolve(self, text: str, limit: int = 5) -> list[Match]:
        text = text.strip()
        if not text:
            return []
        if text.startswith("field:") and text[6:] in self.fields:
            return [Match("field", text, self.fields[text[6:]], 100.0, text)]
        code = CODE.search(text)
        if code and code.group(0) in self.occupations:
            c = code.group(0)
            return [Match("occupation", c, self.occupations[c], 100.0, c)]
        raw = [tok for tok in re.findall(r"[A-Za-z+]+", text) if tok in self.acronyms]
        acronym_entries = [e for tok in raw for e in self.acronyms[tok]]
        acronym_words = {singular(tok.lower()) for tok in raw}
        tokens = list(dict.fromkeys(words(text)))
        required = [w for w in tokens if w not in OPTIONAL or w in acronym_words]
        if not required:
            return []
        found = self._lexical(required, tokens, acronym_entries)
        score = 100.0
        if not found or found[0].covered < 1.0:
            fixed = [
                ABBREVIATIONS.get(w) or (w if w in self.frequency else self._correct(w)) for w in required
            ]
            if fixed != required:
                optional = [w for w in tokens if w not in required]
                again = self._lexical(fixed, [*fixed, *optional], acronym_entries)
                if again and (not found or again[0].covered > found[0].covered):
                    score -= TYPO_PENALTY * sum(a != b for a, b in zip(fixed, required, strict=True))
                    found, required = again, fixed
        matches = [self._match(c, score) for c in found]
        partial = not found or found[0].covered < 1.0
        # a word no KB name contains ("BIM") would be matched by its letters alone ("HIM Manager")
        if partial and all(w in self.frequency for w in required):
            matches = self._semantic(text, matches)
        exact = self.exact_titles.get(norm(text))
        if exact is not None:
            title = self.occupations[exact]
            matches = [
                Match("occupation", exact, title, 100.0, title),
                *(m for m in matches if m.id != exact),
            ]
        return matches[:limit]

    # -- steps ------------------------------------------------------------------------------------
    def _lexical(self, required: list[str], tokens: list[str], acronyms: list[Entry]) -> list[_Candidate]:
        need = set(required)
        best: dict[str, _Candidate] = {}

        def keep(entry: Entry, covered: float, total: int) -> None:
            cand = _Candidate(entry, covered, total, _class(entry))
            old = best.get(entry.id)
            if old is None or (covered, total, -cand.klass) > (old.covered, old.total, -old.klass):
                best[entry.id] = cand

        for entry in acronyms:
            keep(entry, self._coverage({singular(entry.alias.lower())}, need), 1)
        for key in self._subsets(tokens):
            entries = self.keys.get(key)
            if entries:
                covered = self._coverage(key, need)
                if covered:
                    for entry in entries:
                        keep(entry, covered, len(key))
        if not best:
            return []
        top = max(c.covered for c in best.values())
        return self._rank(best, need, min_covered=top)

    @staticmethod
    def _subsets(tokens: list[str]):
        if len(tokens) <= MAX_SUBSET_WORDS:
            for size in range(len(tokens), 0, -1):
                for combo in combinations(tokens, size):
                    yield frozenset(combo)
        else:  # a long message: only runs of adjacent words
            for size in range(MAX_RUN, 0, -1):
                for i in range(len(tokens) - size + 1):
                    yield frozenset(tokens[i : i + size])

    def _rank(self, cands: dict[str, _Candidate], need, min_covered: float = 0.0) -> list[_Candidate]:
        """Order candidates by coverage, then evidence (see the module docstring)."""
        pool = [c for c in cands.values() if c.covered >= min_covered]
        own: dict[tuple[int, int], set[str]] = defaultdict(set)
        for c in pool:
            if c.entry.kind == "occupation" and c.entry.source in OWN_TITLE:
                own[c.covered, c.total].add(c.entry.id)
        for c in pool:
            if c.entry.kind == "field":
                rivals = own.get((c.covered, c.total))
                if rivals and self.lead.get(c.entry.id) not in rivals:
                    c.klass = DISPLACED_FIELD
            elif c.entry.source != "esco":
                c.evidence = self._evidence(c.entry.id, need)
        pool.sort(key=lambda c: (-c.covered, -c.total, c.klass, tuple(-x for x in c.evidence), c.entry.id))
        return pool

    def _evidence(self, code: str, need: frozenset[str] | set[str]) -> tuple[int, float]:
        """(O*NET titles of `code` containing every word, idf-weighted count of titles sharing a word)."""
        names = self.onet_sets.get(code, ())
        full = sum(1 for s in names if need <= s)
        partial = sum(self.idf[w] for s in names for w in need if w in s)
        return full, round(partial, 3)

    def _coverage(self, covered: frozenset[str] | set[str], need: set[str]) -> float:
        """Share of `need` in `covered`, each word weighted by its rarity among KB names."""
        total = sum(self.idf.get(w, self.max_idf) for w in need)
        hit = sum(self.idf.get(w, self.max_idf) for w in covered & need)
        return round(hit / total, 6) if total else 0.0

    def _match(self, cand: _Candidate, full_score: float) -> Match:
        e = cand.entry
        # a partial match is accepted (80, the profile form's bar) only when it covers the rarer words
        score = full_score if cand.covered >= 1.0 else PARTIAL_BASE + PARTIAL_SPAN * cand.covered
        return Match(e.kind, e.id, e.title, round(score, 1), e.alias)

    def _correct_word(self, word: str) -> str:
        if len(word) < MIN_TYPO_LEN:
            return word
        choices = self.vocabulary.get(word[0], [])
        hits = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=5)
        if not hits:
            return word
        top = max(h[1] for h in hits)
        return max((h for h in hits if h[1] == top), key=lambda h: self.frequency[h[0]])[0]

    def _semantic(self, text: str, lexical: list[Match]) -> list[Match]:
        """Put the nearest-meaning targets above weak lexical matches when they are similar enough."""
        near = [n for n in self.semantic.nearest(text, SEMANTIC_K) if n.similarity >= SEMANTIC_CUTOFF]
        if not near:
            return lexical
        out = []
        for n in near:
            kind = "field" if n.id.startswith("field:") else "occupation"
            title = self.fields[n.id[6:]] if kind == "field" else self.occupations[n.id]
            score = 80.0 + 15.0 * (n.similarity - SEMANTIC_CUTOFF) / (1.0 - SEMANTIC_CUTOFF)
            out.append(Match(kind, n.id, title, round(score, 1), n.text))
        seen = {m.id for m in out}
        return sorted(out + [m for m in lexical if m.id not in seen], key=lambda m: -m.score)

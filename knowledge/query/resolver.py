"""Free text → occupations and fields, with typo tolerance, in well under a millisecond per query.

Built once per `KnowledgeBase` from all field aliases and every occupation title/alias (~75k strings):
1. exact phrases: every word n-gram of the text is looked up in a dict (handles "I have been a bank
   teller for 10 years", "10 years in accounting");
2. otherwise fuzzy: field aliases are few (~700), so rapidfuzz scores all of them; for occupations each
   query word is first corrected against the vocabulary ("securty" → "security"), then only aliases that
   contain a corrected word are scored. Scoring all 75k strings per query would cost ~15 ms.
Fields come first: a person naming a field ("fintech", "nursing") means the field, and curated
transitions hang off fields.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.text import STOPWORDS, norm
from knowledge.types import Match

SOURCE_RANK = {"title": 0, "alternate": 1, "short": 2, "reported": 3, "esco": 4}
FIELD_CUTOFF = 86.0
OCC_CUTOFF = 82.0
WORD_CUTOFF = 80.0
MAX_NGRAM = 6
CODE = re.compile(r"\b\d{2}-\d{4}\.\d{2}\b")


@dataclass(frozen=True)
class Entry:
    kind: str  # field | occupation
    id: str
    title: str
    alias: str
    rank: int  # lower is better (title before alternate title before reported title ...)


class Resolver:
    def __init__(
        self,
        fields: dict[str, str],
        field_aliases: list[tuple[str, str, str]],
        occupations: dict[str, str],
        occupation_aliases: list[tuple[str, str, str, str]],
    ) -> None:
        """fields: id → name; field_aliases: (field_id, norm, alias); occupations: code → title;
        occupation_aliases: (code, norm, alias, source)."""
        self.fields = fields
        self.occupations = occupations
        self.exact: dict[str, list[Entry]] = defaultdict(list)
        self.acronyms: dict[str, list[Entry]] = defaultdict(list)
        for fid, n, alias in field_aliases:
            entry = Entry("field", f"field:{fid}", fields[fid], alias, 0)
            if n.startswith("="):
                self.acronyms[n[1:]].append(entry)
            else:
                self.exact[n].append(entry)
        self.field_norms = [n for n in self.exact]
        self.field_entries = [self.exact[n] for n in self.field_norms]
        for code, title in occupations.items():
            self.exact[norm(title)].append(Entry("occupation", code, title, title, SOURCE_RANK["title"]))
        for code, n, alias, source in occupation_aliases:
            self.exact[n].append(
                Entry("occupation", code, occupations[code], alias, SOURCE_RANK.get(source, 5))
            )
        # occupation strings for the fuzzy path
        self.occ_norms: list[str] = []
        self.occ_entries: list[Entry] = []
        by_word: dict[str, list[int]] = defaultdict(list)
        for n, entries in self.exact.items():
            occ = [e for e in entries if e.kind == "occupation"]
            if not occ:
                continue
            idx = len(self.occ_norms)
            self.occ_norms.append(n)
            self.occ_entries.append(min(occ, key=lambda e: e.rank))
            for w in set(n.split()):
                if w not in STOPWORDS:
                    by_word[w].append(idx)
        self.by_word = dict(by_word)
        self.vocabulary = list(self.by_word)

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
        words = [w for w in norm(text).split() if not w.isdigit()]
        content = [w for w in words if w not in STOPWORDS]
        if not content and not any(a in text.split() for a in self.acronyms):
            return []
        best: dict[str, tuple[float, int, Entry]] = {}
        self._acronyms(text, best)
        self._phrases(words, content, best)
        full = any(score >= 100 for score, _, _ in best.values())
        if not full:
            self._fuzzy_fields(" ".join(content), best)
            self._fuzzy_occupations(content, best)
        # whole-text matches first; within each group fields before occupations ("nurse" is the field, but
        # "nursing assistant" is the occupation, not the field that matched one of its two words)
        ranked = sorted(best.values(), key=lambda t: (t[0] < 100, t[2].kind != "field", -t[0], t[1], t[2].id))
        return [Match(e.kind, e.id, e.title, round(score, 1), e.alias) for score, _, e in ranked[:limit]]

    # -- steps ------------------------------------------------------------------------------------
    @staticmethod
    def _keep(best: dict, entry: Entry, score: float) -> None:
        old = best.get(entry.id)
        if old is None or (score, -entry.rank) > (old[0], -old[1]):
            best[entry.id] = (score, entry.rank, entry)

    def _acronyms(self, text: str, best: dict) -> None:
        for token in re.findall(r"[A-Za-z+]+", text):
            for entry in self.acronyms.get(token, ()):
                self._keep(best, entry, 100.0)

    def _phrases(self, words: list[str], content: list[str], best: dict) -> None:
        n_content = max(len(content), 1)
        for size in range(min(MAX_NGRAM, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                gram = words[i : i + size]
                if all(w in STOPWORDS for w in gram):
                    continue
                entries = self.exact.get(" ".join(gram))
                if not entries:
                    continue
                covered = sum(1 for w in gram if w not in STOPWORDS)
                score = 100.0 if covered >= n_content else 80.0 + 20.0 * covered / n_content
                for entry in entries:
                    self._keep(best, entry, score)

    def _fuzzy_fields(self, query: str, best: dict) -> None:
        if not query:
            return
        for _, score, idx in process.extract(
            query, self.field_norms, scorer=fuzz.ratio, limit=5, score_cutoff=FIELD_CUTOFF
        ):
            for entry in self.field_entries[idx]:
                self._keep(best, entry, score * 0.98)

    def _fuzzy_occupations(self, content: list[str], best: dict) -> None:
        if not content:
            return
        corrected: list[str] = []
        candidates: set[int] = set()
        for w in content[:8]:
            if w in self.by_word:
                corrected.append(w)
            else:
                hit = process.extractOne(w, self.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
                corrected.append(hit[0] if hit else w)
            # rare words pick candidates; very common ones ("manager") would pull thousands
            postings = self.by_word.get(corrected[-1], [])
            if len(postings) <= 3000:
                candidates.update(postings)
        if not candidates:
            return
        query = " ".join(corrected)
        choices = {i: self.occ_norms[i] for i in candidates}
        for _, score, idx in process.extract(
            query, choices, scorer=fuzz.token_sort_ratio, limit=10, score_cutoff=OCC_CUTOFF
        ):
            # a corrected typo is a guess: keep it below an exact phrase match
            penalty = 0.0 if corrected == content else 3.0
            self._keep(best, self.occ_entries[idx], score * 0.97 - penalty)

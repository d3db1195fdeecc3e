"""Occupations and fields named anywhere in a long message, by exact name.

`Resolver.resolve` answers "what does this phrase mean?"; this index answers "which known names occur
in this text, and where?" — the question a whole message asks ("...after 8 years as a paralegal I'm
looking at UX..."). Every word n-gram (1-5 words) of the text is looked up in a dictionary of curated
field aliases, O*NET titles, short titles and alternate titles (ESCO labels are left out: too many of
them are ordinary words). One-word names must be at least four letters and not a common English word,
so "btw", "instead" or "lead" never become job titles. Longest match wins; O(words) lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text import STOPWORDS, fold, norm
from knowledge.types import Match

MAX_WORDS = 5
# One-word names that are ordinary words far more often than a job or field.
COMMON_WORDS = frozenset(
    "hand hands boss owner owners parent parents volunteer volunteers founder lead head chief support service services help sales care design model models host driver drivers "
    "runner runners guide guides page pages agent agents clerk clerks aide aides worker workers officer "
    "officers assistant assistants associate associates partner partners manager managers director "
    "directors analyst analysts specialist specialists coordinator coordinators consultant consultants "
    "technician technicians operator operators maker makers builder builders trainer trainers coach "
    "coaches instead about again also always another anything around away back because before "
    "being better between both business change company community content data digital education "
    "engineering first general government health home industry information international kind learning "
    "life local management market media money network office online people person planning power "
    "practice private process product production program project public quality research school science "
    "security social software something space special staff state station student study system systems "
    "team technology test testing time training travel water web world writing novice pointers pointer".split()
)
# Words that occur in names but say nothing on their own ("local" truck driver, "new" accounts clerk).
GENERIC = frozenset("local new good first hand home other general all".split())
_WORD = re.compile(r"[A-Za-z0-9+#&'-]+")


@dataclass(frozen=True)
class TextMatch:
    start: int  # character offsets in the text
    end: int
    text: str  # the words as written
    match: Match


_POSTSECONDARY = re.compile(r"\bPostsecondary\b")
_COLLEGE_WORDS = re.compile(r"\b(?:professor|lecturer|college|university|postsecondary|faculty|academic)\b", re.I)


class MentionIndex:
    def __init__(self, fields: dict[str, str], field_aliases, occupations: dict[str, str], aliases) -> None:
        self._names: dict[str, Match] = {}
        self._vocabulary: frozenset[str] | None = None
        for fid, name in fields.items():
            self._add(name, Match("field", f"field:{fid}", name, 100.0, name), True)
        for fid, _norm, alias in field_aliases:
            self._add(alias, Match("field", f"field:{fid}", fields.get(fid, fid), 100.0, alias), True)
        for code, title in occupations.items():
            self._add(title, Match("occupation", code, title, 100.0, title), False)
            if title.endswith("s") and " " in title:
                self._add(title[:-1], Match("occupation", code, title, 100.0, title), False)
        for code, _norm, alias, source in aliases:
            if source in ("alternate", "short", "concept") and code in occupations:
                # a counselor's concept alias outranks an O*NET alternate title of another job with the same words
                # ("medical lab technician" is an alternate title of Chemical Technicians)
                self._add(alias, Match("occupation", code, occupations[code], 100.0, alias), False, source == "concept")

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word of every name (minus stopwords): a phrase with none of them names no job or field."""
        if self._vocabulary is None:
            words = {w for key in self._names for w in key.split()}
            self._vocabulary = frozenset(w for w in words if w not in STOPWORDS and w not in GENERIC and len(w) > 1)
        return self._vocabulary

    def _add(self, name: str, match: Match, curated: bool, concept: bool = False) -> None:
        key = norm(name)
        words = key.split()
        if not words or len(words) > MAX_WORDS:
            return
        if len(words) == 1 and not curated and (len(key) < 4 or key in COMMON_WORDS or key in STOPWORDS):
            return
        if len(words) == 1 and curated and key in STOPWORDS:
            return
        existing = self._names.get(key)
        if existing is None or (match.kind == "field" and existing.kind != "field") or (concept and existing.kind == "occupation"):
            self._names[key] = match
        elif (
            existing.kind == match.kind == "occupation"
            and _POSTSECONDARY.search(existing.title)
            and not _POSTSECONDARY.search(match.title)
            and not _COLLEGE_WORDS.search(name)
        ):
            # "English teacher" is a school teacher unless the name says college ("English professor")
            self._names[key] = match

    def find(self, text: str) -> list[TextMatch]:
        words = [(m.start(), m.end(), norm(m.group(0))) for m in _WORD.finditer(fold(text))]
        words = [(s, e, w) for s, e, w in words if w]
        found: list[TextMatch] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                key = " ".join(w for _, _, w in words[i : i + n])
                match = self._names.get(key)
                if match is None and n > 1 and key.endswith("s"):
                    match = self._names.get(key[:-1])
                if match is None and n == 1 and len(key) > 4 and key.endswith("s"):
                    match = self._names.get(key[:-1])
                if match is not None:
                    start, end = words[i][0], words[i + n - 1][1]
                    surface = text[start:end]
                    if n == 1 and surface.isupper() is False and match.matched.isupper() and len(key) <= 3:
                        break  # "it", "hr", "ux" must be written in capitals to count ("IT", "HR", "UX")
                    found.append(TextMatch(start, end, surface, match))
                    i += n - 1
                    break
            i += 1
        return found

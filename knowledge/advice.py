"""The sourced advice library: what Pivot says to the general questions career changers ask.

The knowledge base answers "which credential" and "which skills"; the questions around them ("is it worth
it", "am I too old", "is this provider legit") need a counselor's advice instead. That advice lives in
`knowledge/curated/advice.yaml`, one entry per question type of the taxonomy, each with original wording in
English, Spanish, Portuguese, French, Italian and German, a short checklist and the public pages it rests on.
Every fact a person reads must be traceable to a source, so loading refuses an entry without one, with a
malformed URL, or with a date that cannot be true (an `as_of` after the day it was read or after today).

Nothing happens at import time: `AdviceLibrary.load()` reads and validates the file when first called and
keeps the result for later calls while the file is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from knowledge.curated_cache import load_cached

DEFAULT_PATH = Path(__file__).parent / "curated" / "advice.yaml"

# Question types of the taxonomy the library answers; recommend, skill_gap, related_moves and other are
# answered from the knowledge base itself.
TOPICS: frozenset[str] = frozenset(
    {
        "worth_it",
        "compare_options",
        "compare_paths",
        "which_first",
        "need_credential",
        "no_degree",
        "how_long",
        "too_old",
        "quit_or_study",
        "get_experience",
        "get_hired",
        "online_counts",
        "employer_recognition",
        "quality_assurance",
        "stacking_degree",
        "linkedin_badges",
        "cost_vs_degree",
        "where_start",
        "job_market",
        "what_is",
        # the specific "how do I get hired" questions, answered apart from the general get_hired advice
        "cover_letter_change",
        "interview_explain_change",
        "return_after_gap",
        "no_experience_entry",
        "apprenticeship_age",
        # "is this career move worth it?" (the move itself, not one credential)
        "move_worth_it",
        # "which of these two programmes (ABSNs, master's, bootcamps) should I choose?"
        "compare_programmes",
        # "what else could I do?" before Pivot knows the person's work (with it, O*NET's related moves answer)
        "related_moves",
        # "I'm told I'm overqualified / should I leave my MBA or PhD off?", "should I finish my PhD or leave
        # for industry?", "how do I pay for the programme?"
        "overqualified",
        "leave_academia",
        "pay_for_study",
    }
)
# Every entry must carry every language (no topic silently falls back to English for one of them).
LANGUAGES = ("en", "es", "pt", "fr", "it", "de")
ANSWER_KEYS = {lang: "answer" if lang == "en" else f"answer_{lang}" for lang in LANGUAGES}
CHECKLIST_SIZE = (3, 5)

# What the composer may fill in, and what stands in when it knows nothing better, so a reply never shows
# a raw "{target}".
# French, Italian and German write {target} after a noun ("le domaine {target}", "il settore {target}", "im
# Bereich {target}"), so a job title fits in any grammatical case and the fallback completes that noun
# ("le domaine qui vous intéresse", "il settore che ti interessa", "im Bereich Ihrer Wahl").
PLACEHOLDER_FALLBACKS: dict[str, dict[str, str]] = {
    "target": {
        "en": "the field you have in mind",
        "es": "el campo que te interesa",
        "pt": "a área que te interessa",
        "fr": "qui vous intéresse",
        "it": "che ti interessa",
        "de": "Ihrer Wahl",
    },
    "current": {
        "en": "your current work",
        "es": "tu trabajo actual",
        "pt": "seu trabalho atual",
        "fr": "votre travail actuel",
        "it": "il tuo lavoro attuale",
        "de": "Ihre jetzige Arbeit",
    },
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Internal identifiers that must never reach a person (O*NET codes, field and credential ids).
_INTERNAL_ID = re.compile(r"\b\d{2}-\d{4}\.\d{2}\b|\b(?:field|cur|cos|skill):[\w-]+")

_ENTRY_KEYS = {"topic", "checklist", "sources", *ANSWER_KEYS.values()}
_SOURCE_KEYS = {"url", "title", "publisher", "as_of", "retrieved"}


@dataclass(frozen=True)
class AdviceSource:
    """A public page an entry rests on. `as_of` is the page's own date; `retrieved` the day it was read."""

    url: str
    title: str
    publisher: str
    as_of: date | None
    retrieved: date

    def cite(self) -> str:
        """One line naming the source and how current it is, e.g. for a "Sources:" footer."""
        when = f"as of {self.as_of.isoformat()}" if self.as_of else f"read on {self.retrieved.isoformat()}"
        return f"{self.publisher}, '{self.title}' ({when})"


@dataclass(frozen=True)
class AdviceEntry:
    """Advice for one question type."""

    topic: str
    answers: dict[str, str]  # language code -> answer text (with {target}/{current} placeholders)
    checklist: list[str]
    sources: list[AdviceSource]

    def answer_for(self, lang: str = "en", *, target: str | None = None, current: str | None = None) -> str:
        """The answer in `lang` ("es", "pt-BR", ...), English when there is none, placeholders filled.

        `target` / `current` are the person's move as they should read it (titles, never ids); when one is
        unknown a neutral phrase in the same language takes its place.
        """
        code = _language(lang)
        text = self.answers.get(code) or self.answers["en"]
        if code not in self.answers:
            code = "en"
        values = {"target": target, "current": current}
        for name, fallbacks in PLACEHOLDER_FALLBACKS.items():
            text = text.replace("{" + name + "}", values[name] or fallbacks[code])
        return text


class AdviceLibrary:
    """All advice entries, validated, looked up by topic."""

    _cache: dict[tuple[Path, int], AdviceLibrary] = {}

    def __init__(self, entries: dict[str, AdviceEntry]) -> None:
        self._entries = entries

    @classmethod
    def load(cls, path: Path | str | None = None, *, today: date | None = None) -> AdviceLibrary:
        """Read and validate the library (default `knowledge/curated/advice.yaml`).

        Raises ValueError naming the entry on: unknown or duplicate topic, a missing topic, a missing answer
        or translation, an unknown placeholder, an internal id in the text, a checklist outside 3-5 items,
        no source, a bad URL, or an `as_of`/`retrieved` date in the future (or `as_of` after `retrieved`).
        `today` is for tests; by default the result is cached until the file changes.
        """
        file = Path(path) if path is not None else DEFAULT_PATH
        return load_cached(cls._cache, file, today, lambda day: cls(_parse(file, day)))

    def get(self, topic: str) -> AdviceEntry | None:
        return self._entries.get(topic)

    def topics(self) -> set[str]:
        return set(self._entries)


def _language(lang: str) -> str:
    """'pt-BR', 'es_MX', 'EN' -> 'pt', 'es', 'en'."""
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] if lang else "en"


def _parse(file: Path, today: date) -> dict[str, AdviceEntry]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{file.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValueError(f"{file.name}: expected a mapping with an 'entries' list")
    entries: dict[str, AdviceEntry] = {}
    for index, raw in enumerate(data["entries"]):
        entry = _entry(raw, file.name, index, today)
        if entry.topic in entries:
            raise ValueError(f"{file.name} entry '{entry.topic}': duplicate topic")
        entries[entry.topic] = entry
    missing = TOPICS - set(entries)
    if missing:
        raise ValueError(f"{file.name}: no entry for topic(s) {', '.join(sorted(missing))}")
    return entries


def _entry(raw: object, file_name: str, index: int, today: date) -> AdviceEntry:
    where = f"{file_name} entry {index + 1}"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping")
    topic = raw.get("topic")
    if isinstance(topic, str):
        where = f"{file_name} entry '{topic}'"
    if topic not in TOPICS:
        raise ValueError(f"{where}: unknown topic {topic!r}")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    answers = {lang: _answer(raw.get(key), f"{where} {key}") for lang, key in ANSWER_KEYS.items()}
    english = sorted(_PLACEHOLDER.findall(answers["en"]))
    for lang, key in ANSWER_KEYS.items():
        if sorted(_PLACEHOLDER.findall(answers[lang])) != english:
            named = ", ".join(english) or "none"
            raise ValueError(f"{where} {key}: placeholders differ from the English answer's ({named})")
    checklist = raw.get("checklist")
    low, high = CHECKLIST_SIZE
    if (
        not isinstance(checklist, list)
        or not low <= len(checklist) <= high
        or not all(isinstance(item, str) and item.strip() for item in checklist)
    ):
        raise ValueError(f"{where}: checklist must be {low}-{high} non-empty strings")
    for item in checklist:
        _no_internal_ids(item, f"{where} checklist")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise ValueError(f"{where}: needs at least one source")
    return AdviceEntry(
        topic=topic,
        answers=answers,
        checklist=[item.strip() for item in checklist],
        sources=[_source(s, f"{where} source {i + 1}", today) for i, s in enumerate(sources)],
    )


def _answer(text: object, where: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: missing or empty (every entry needs {', '.join(ANSWER_KEYS.values())})")
    if text.count("{") != text.count("}"):
        raise ValueError(f"{where}: unbalanced braces")
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDER_FALLBACKS:
            raise ValueError(f"{where}: unknown placeholder {{{name}}}")
    _no_internal_ids(text, where)
    return " ".join(text.split())


def _no_internal_ids(text: str, where: str) -> None:
    found = _INTERNAL_ID.search(text)
    if found:
        raise ValueError(f"{where}: internal id {found.group(0)!r} in text shown to people")


def _source(raw: object, where: str, today: date) -> AdviceSource:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping")
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    url = raw.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in url:
        raise ValueError(f"{where}: bad URL {url!r}")
    for key in ("title", "publisher"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"{where}: missing {key}")
    as_of = None if raw.get("as_of") is None else _date(raw["as_of"], f"{where} as_of")
    retrieved = _date(raw.get("retrieved"), f"{where} retrieved")
    for name, value in (("as_of", as_of), ("retrieved", retrieved)):
        if value is not None and value > today:
            raise ValueError(f"{where}: {name} {value.isoformat()} is in the future")
    if as_of is not None and as_of > retrieved:
        raise ValueError(f"{where}: as_of {as_of.isoformat()} is after retrieved {retrieved.isoformat()}")
    return AdviceSource(url, raw["title"].strip(), raw["publisher"].strip(), as_of, retrieved)


def _date(value: object, where: str) -> date:
    if isinstance(value, datetime):
        raise ValueError(f"{where}: expected a date (YYYY-MM-DD), not a timestamp")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}")

"""The sourced occupation outlook: pay and job growth, as the BLS Occupational Outlook Handbook states them.

People ask "is moving into nursing worth it?" and "what's the job market like for welders?". Pivot answers
with the Handbook's own figures instead of sending them to look them up: one record per Handbook profile in
`knowledge/curated/outlook.jsonl` (median pay and its month, typical entry-level education, the projected
change in jobs and its decade, the yearly openings), each with the page's URL and a verbatim quote from it.
Loading refuses a record whose figures are not in its quote as the page writes them ("$81,220", "May 2022",
"6 percent", "from 2022 to 2032", "193,100 openings"), whose page is not on bls.gov, or whose O*NET code is
malformed or claimed by another record, naming the line. Different profiles may come from different editions
of the Handbook; each record says what its page said.

Nothing happens at import time: `OutlookTable.load()` reads and validates the file when first called and keeps
the result while the file is unchanged. `outlook_for(code)` finds the profile of an O*NET-SOC code (the exact
code first, then any profile of the same 6-digit SOC code); `outlook_sentence(o)` is what a person reads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from knowledge.curated_cache import load_cached

DEFAULT_PATH = Path(__file__).parent / "curated" / "outlook.jsonl"
PUBLISHER = "Occupational Outlook Handbook"

_KEYS = {
    "onet_codes", "title", "median_pay", "pay_year", "entry_education", "outlook_percent", "outlook_period",
    "outlook_words", "openings_per_year", "url", "quote", "retrieved",
}  # fmt: skip
_ONET = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_SOC = re.compile(r"^\d{2}-\d{4}")
_PAY_YEAR = re.compile(r"^May (\d{4})$")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
# How the Handbook words a projection, from fastest to slowest.
OUTLOOK_WORDS = (
    "much faster than the average",
    "faster than the average",
    "about as fast as the average",
    "slower than the average",
    "little or no change",
    "decline",
)
# The same words in the Handbook's Quick Facts table.
QUICK_FACTS_WORDS = {
    "much faster than the average": "Much faster than average",
    "faster than the average": "Faster than average",
    "about as fast as the average": "As fast as average",
    "slower than the average": "Slower than average",
    "little or no change": "Little or no change",
    "decline": "Decline",
}


@dataclass(frozen=True)
class Outlook:
    """One Handbook profile's pay and projection, with the page it was read from."""

    onet_codes: tuple[str, ...]
    title: str  # the profile's title, e.g. "Registered Nurses"
    median_pay: int  # USD a year
    pay_year: str  # "May 2022"
    entry_education: str  # "Bachelor's degree"
    outlook_percent: int  # projected change in employment over the period, may be negative
    outlook_period: str  # "2022-32"
    outlook_words: str  # "faster than the average"
    openings_per_year: int | None
    url: str
    quote: str  # verbatim from the page; holds every figure above
    retrieved: date

    @property
    def period_years(self) -> tuple[int, int]:
        start, end = _PERIOD.match(self.outlook_period).groups()
        return int(start), int(start[:2] + end)


class OutlookTable:
    """All outlook records, validated, looked up by O*NET-SOC code."""

    _cache: dict[tuple[Path, int], OutlookTable] = {}

    def __init__(self, records: list[Outlook]) -> None:
        self._records = records
        self._by_code = {code: r for r in records for code in r.onet_codes}
        self._by_soc: dict[str, Outlook] = {}
        for r in records:
            for code in r.onet_codes:
                self._by_soc.setdefault(code[:7], r)

    @classmethod
    def load(cls, path: Path | str | None = None, *, today: date | None = None) -> OutlookTable:
        """Read and validate `knowledge/curated/outlook.jsonl` (or `path`).

        Raises ValueError naming the line on: invalid JSON, a missing or unknown key, a malformed or repeated
        O*NET code, a figure (pay, month, percent, period, openings) not written in the quote, words of the
        projection not in the quote, a URL off bls.gov or outside /ooh/, or a `retrieved` date in the future.
        `today` is for tests; by default the result is cached until the file changes.
        """
        file = Path(path) if path is not None else DEFAULT_PATH
        return load_cached(cls._cache, file, today, lambda day: cls(_parse(file, day)))

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self):
        return iter(self._records)

    def get(self, onet_code: str) -> Outlook | None:
        """The profile covering `onet_code`: exact code first, then the same SOC 6-digit code."""
        code = (onet_code or "").strip()
        if code in self._by_code:
            return self._by_code[code]
        soc = _SOC.match(code)
        return self._by_soc.get(soc.group(0)) if soc else None


def outlook_for(onet_code: str) -> Outlook | None:
    """The Handbook outlook for an O*NET-SOC code ("29-1141.00", or "29-1141"), or None when there is none."""
    return OutlookTable.load().get(onet_code)


def outlook_sentence(o: Outlook) -> str:
    """One plain sentence a person reads, with the source; no codes or ids.

    "In the US, registered nurses earned a median $81,220 a year in May 2022, and BLS projects jobs to grow
    6% from 2022 to 2032, faster than the average for all occupations, with about 193,100 openings a year
    (Occupational Outlook Handbook, read on 2026-12-03, https://...)."
    """
    start, end = o.period_years
    if o.outlook_percent > 0:
        change = f"to grow {o.outlook_percent}% from {start} to {end}"
    elif o.outlook_percent < 0:
        change = f"to decline {-o.outlook_percent}% from {start} to {end}"
    else:
        change = f"little or no change from {start} to {end}"
    if o.outlook_words in ("little or no change", "decline") or o.outlook_percent == 0:
        pace = ""
    else:
        pace = f", {o.outlook_words} for all occupations"
    openings = f", with about {o.openings_per_year:,} openings a year" if o.openings_per_year else ""
    # a projection whose decade is over (or ends this year) was made in the past: say so
    tense = "projected" if end <= o.retrieved.year else "projects"
    verb = f"{tense} jobs {change}" if o.outlook_percent else f"{tense} {change} in jobs"
    return (
        f"In the US, {_people(o.title)} earned a median ${o.median_pay:,} a year in {o.pay_year}, "
        f"and BLS {verb}{pace}{openings} "
        f"({PUBLISHER}, read on {o.retrieved.isoformat()}, {o.url})."
    )


def _people(title: str) -> str:
    """'Registered Nurses' -> 'registered nurses'; acronyms ('EMTs', 'HVAC') keep their capitals."""
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in title.split())


def _parse(file: Path, today: date) -> list[Outlook]:
    records: list[Outlook] = []
    owner: dict[str, int] = {}
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file.name} line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not valid JSON: {exc}") from exc
        record = _record(raw, where, today)
        for code in record.onet_codes:
            if code in owner:
                raise ValueError(f"{where}: O*NET code {code} is already in line {owner[code]}")
            owner[code] = number
        records.append(record)
    if not records:
        raise ValueError(f"{file.name}: no records")
    return records


def _record(raw: object, where: str, today: date) -> Outlook:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a JSON object")
    if isinstance(raw.get("title"), str):
        where = f"{where} ({raw['title']})"
    missing, unknown = _KEYS - set(raw), set(raw) - _KEYS
    if missing:
        raise ValueError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("title", "entry_education", "quote", "outlook_words"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise ValueError(f"{where}: {key} must be a non-empty string")
    quote = raw["quote"]
    codes = raw["onet_codes"]
    if not isinstance(codes, list) or not codes or not all(_ONET.match(str(c)) for c in codes):
        raise ValueError(f"{where}: onet_codes must be a non-empty list of O*NET-SOC codes like 29-1141.00")

    pay = raw["median_pay"]
    if not _whole(pay) or pay <= 0:
        raise ValueError(f"{where}: median_pay must be a positive whole number of dollars, got {pay!r}")
    _in_quote(f"${pay:,}", quote, where, "median_pay")
    pay_year = raw["pay_year"]
    if not isinstance(pay_year, str) or not _PAY_YEAR.match(pay_year):
        raise ValueError(f"{where}: pay_year must read like 'May 2022', got {pay_year!r}")
    _in_quote(pay_year, quote, where, "pay_year")

    period = raw["outlook_period"]
    match = _PERIOD.match(period) if isinstance(period, str) else None
    if not match or int(match.group(1)[:2] + match.group(2)) != int(match.group(1)) + 10:
        raise ValueError(f"{where}: outlook_period must read like '2022-32' (ten years), got {period!r}")
    start = match.group(1)
    percent = raw["outlook_percent"]
    if not _whole(percent):
        raise ValueError(f"{where}: outlook_percent must be a whole number, got {percent!r}")
    words = raw["outlook_words"].strip()
    if words not in OUTLOOK_WORDS:
        known = ", ".join(OUTLOOK_WORDS)
        raise ValueError(f"{where}: outlook_words {words!r} is not one of the Handbook's: {known}")
    # The page states the projection twice: in the Quick Facts table ("Job Outlook, 2023-33 9% (Much faster
    # than average)") and in a sentence ("projected to grow 9 percent from 2023 to 2033, much faster than the
    # average for all occupations"). Either, written as on the page, carries period, percent and words.
    quick_facts = re.search(
        rf"Job Outlook, {start}[-\u2013]{match.group(2)} {percent}% "
        rf"\({re.escape(QUICK_FACTS_WORDS[words])}\)",
        quote,
    )
    if not quick_facts:
        _in_quote(f"from {start} to {int(start) + 10}", quote, where, "outlook_period")
        _in_quote(words, quote, where, "outlook_words")
        if percent == 0:
            if words != "little or no change" and not re.search(r"\b0 percent\b", quote):
                raise ValueError(f"{where}: outlook_percent 0 is not in the quote as written on the page")
        else:
            verb = "grow" if percent > 0 else "decline"
            if not re.search(rf"\b{verb} {abs(percent)} percent\b", quote):
                raise ValueError(
                    f"{where}: outlook_percent {percent} is not in the quote as written on the page "
                    f"('{verb} {abs(percent)} percent')"
                )

    openings = raw["openings_per_year"]
    if openings is not None:
        if not _whole(openings) or openings <= 0:
            raise ValueError(
                f"{where}: openings_per_year must be a positive whole number or null, got {openings!r}"
            )
        _in_quote(f"{openings:,} openings", quote, where, "openings_per_year")

    url = raw["url"]
    parts = urlsplit(url) if isinstance(url, str) else None
    host = (parts.hostname or "").lower() if parts else ""
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not (host == "bls.gov" or host.endswith(".bls.gov"))
        or not parts.path.lower().startswith("/ooh/")
        or " " in url
    ):
        raise ValueError(f"{where}: url must be a Handbook page on bls.gov (…bls.gov/ooh/…), got {url!r}")

    try:
        retrieved = date.fromisoformat(raw["retrieved"]) if isinstance(raw["retrieved"], str) else None
    except ValueError:
        retrieved = None
    if retrieved is None:
        raise ValueError(f"{where}: retrieved must be a date (YYYY-MM-DD), got {raw['retrieved']!r}")
    if retrieved > today:
        raise ValueError(f"{where}: retrieved {retrieved.isoformat()} is in the future")

    return Outlook(
        onet_codes=tuple(codes),
        title=raw["title"].strip(),
        median_pay=pay,
        pay_year=pay_year,
        entry_education=raw["entry_education"].strip(),
        outlook_percent=percent,
        outlook_period=period,
        outlook_words=words,
        openings_per_year=openings,
        url=url,
        quote=" ".join(quote.split()),
        retrieved=retrieved,
    )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _in_quote(text: str, quote: str, where: str, field: str) -> None:
    if text not in quote:
        raise ValueError(f"{where}: {field} is not in the quote as written on the page (looked for {text!r})")

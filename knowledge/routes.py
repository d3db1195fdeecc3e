"""Entry routes into occupations: what Pivot says when someone asks how people usually get into a job.

Career changers ask "is it worth it", "do I need X", "how do I get in" and "which first" about specific
occupations (registered nurse, medical laboratory scientist, airline pilot, ...). The answer is usually a
fixed route set by a regulator or an accreditor: an approved programme, then a licensing or certification
exam.
`knowledge/curated/routes.yaml` keeps one short note per route, in original wording, each fact backed by a
verbatim quote of the issuer's or regulator's own page.

Loading validates every entry and raises `ValueError` naming the entry index on a missing field, an O*NET
code not shaped NN-NNNN.NN, an unknown country, a date that is not ISO (YYYY-MM-DD), an empty or over-long
quote, a text over `MAX_WORDS` words, or an internal-looking token in the text (an O*NET code, `field:`,
`cur:`, `cos:`): nothing internal may reach a person.

Nothing happens at import time: `load_routes()` reads the file when called.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).parent / "curated" / "routes.yaml"

COUNTRIES: frozenset[str] = frozenset({"US", "UK", "CA", "AU"})
MAX_WORDS = 90
MAX_QUOTE_CHARS = 300

_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Tokens that mean an internal id leaked into the text a person reads.
_INTERNAL = re.compile(r"\d{2}-\d{4}\.\d{2}|\b(?:field|cur|cos):", re.IGNORECASE)

_ROUTE_KEYS = ("occupations", "country", "text", "sources")
_SOURCE_KEYS = ("url", "title", "publisher", "as_of", "retrieved", "quote")


@dataclass(frozen=True)
class RouteSource:
    url: str
    title: str
    publisher: str
    as_of: str | None  # the page's own date (ISO), or None when the page states none
    retrieved: str  # the day the page was read (ISO)
    quote: str  # verbatim from the page; supports the note's facts


@dataclass(frozen=True)
class RouteNote:
    occupations: tuple[str, ...]  # O*NET-SOC 2019 codes
    country: str | None  # None: the route is the same everywhere
    text: str
    sources: tuple[RouteSource, ...]
    # said only when the person's own words name one of these (lowercase): a specialty's route ("medical physics")
    # is no answer for the whole occupation (physicists)
    when_said: tuple[str, ...] = ()


def _fail(index: int, message: str) -> ValueError:
    return ValueError(f"routes entry {index}: {message}")


def _iso(value: Any, index: int, what: str, *, nullable: bool) -> str | None:
    if value is None:
        if nullable:
            return None
        raise _fail(index, f"{what} is required")
    if isinstance(value, datetime):  # YAML timestamps with a time part are not plain dates
        raise _fail(index, f"{what} must be an ISO date (YYYY-MM-DD), got {value!r}")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise _fail(index, f"{what} must be an ISO date (YYYY-MM-DD), got {value!r}")


def _text(value: Any, index: int, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(index, f"{what} must be a non-empty string")
    return " ".join(value.split())


def _source(raw: Any, index: int, n: int) -> RouteSource:
    if not isinstance(raw, dict):
        raise _fail(index, f"source {n} must be a mapping")
    missing = [k for k in _SOURCE_KEYS if k not in raw]
    if missing:
        raise _fail(index, f"source {n} is missing {', '.join(missing)}")
    url = _text(raw["url"], index, f"source {n} url")
    if not url.startswith(("https://", "http://")):
        raise _fail(index, f"source {n} url must be http(s): {url!r}")
    quote = raw["quote"]
    if not isinstance(quote, str) or not quote.strip():
        raise _fail(index, f"source {n} has an empty quote")
    quote = " ".join(quote.split())
    if len(quote) > MAX_QUOTE_CHARS:
        raise _fail(index, f"source {n} quote is {len(quote)} characters (max {MAX_QUOTE_CHARS})")
    as_of = _iso(raw["as_of"], index, f"source {n} as_of", nullable=True)
    retrieved = _iso(raw["retrieved"], index, f"source {n} retrieved", nullable=False)
    assert retrieved is not None
    if as_of is not None and as_of > retrieved:
        raise _fail(index, f"source {n} as_of {as_of} is after retrieved {retrieved}")
    return RouteSource(
        url=url,
        title=_text(raw["title"], index, f"source {n} title"),
        publisher=_text(raw["publisher"], index, f"source {n} publisher"),
        as_of=as_of,
        retrieved=retrieved,
        quote=quote,
    )


def _note(raw: Any, index: int) -> RouteNote:
    if not isinstance(raw, dict):
        raise _fail(index, "must be a mapping")
    missing = [k for k in _ROUTE_KEYS if k not in raw]
    if missing:
        raise _fail(index, f"missing {', '.join(missing)}")
    codes = raw["occupations"]
    if not isinstance(codes, list) or not codes:
        raise _fail(index, "occupations must be a non-empty list of O*NET-SOC codes")
    for code in codes:
        if not isinstance(code, str) or not _CODE.match(code):
            raise _fail(index, f"occupation code {code!r} is not shaped NN-NNNN.NN")
    country = raw["country"]
    if country is not None and country not in COUNTRIES:
        raise _fail(index, f"unknown country {country!r} (use one of {sorted(COUNTRIES)} or null)")
    text = _text(raw["text"], index, "text")
    words = len(text.split())
    if words > MAX_WORDS:
        raise _fail(index, f"text has {words} words (max {MAX_WORDS})")
    leak = _INTERNAL.search(text)
    if leak:
        raise _fail(index, f"text contains an internal-looking token {leak.group(0)!r}")
    sources = raw["sources"]
    if not isinstance(sources, list) or not sources:
        raise _fail(index, "sources must be a non-empty list")
    when_said = raw.get("when_said") or []
    if not isinstance(when_said, list) or not all(isinstance(w, str) and w.strip() for w in when_said):
        raise _fail(index, "when_said must be a list of phrases")
    return RouteNote(
        occupations=tuple(codes),
        country=country,
        text=text,
        sources=tuple(_source(s, index, n) for n, s in enumerate(sources)),
        when_said=tuple(w.strip().lower() for w in when_said),
    )


def load_routes(path: str | Path | None = None) -> list[RouteNote]:
    """Read and validate the routes file (default: knowledge/curated/routes.yaml)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("routes"), list):
        raise ValueError(f"{path}: expected a mapping with a 'routes' list")
    return [_note(raw, i) for i, raw in enumerate(data["routes"])]


def route_for(notes: Iterable[RouteNote], occupation_id: str, country: str | None) -> RouteNote | None:
    """The note for an occupation: one for the person's country first, then one that applies everywhere."""
    general: RouteNote | None = None
    for note in notes:
        if occupation_id not in note.occupations:
            continue
        if country is not None and note.country == country:
            return note
        if note.country is None and general is None:
            general = note
    return general

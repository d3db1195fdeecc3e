"""Data checks for `knowledge/curated/credentials.jsonl` and every `credentials_*.jsonl` beside it.

The curated credentials are what Pivot recommends to career changers, so the
file must stay well-formed as counselors edit it by hand: every record needs a
source and a verbatim piece of evidence, every price a currency, and every
curated transition enough credentials to offer a choice.  The numeric fields
(`cost_min`, `hours`, `weeks`, ...) are derived from the stated text; the checks
below also guard that derivation (for example "90 minutes" -> 1.5 hours).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from knowledge.importers.curated import credential_files, load_curated
from knowledge.importers.report import ImportReport
from tests.knowledge.curated_ids import ALL_TRANSITION_IDS

REPO = Path(__file__).resolve().parents[2]
CURATED = REPO / "knowledge" / "curated"
TRANSITIONS_YAML = CURATED / "transitions.yaml"
LINKS_YAML = CURATED / "transition_links.yaml"

# Used only when `knowledge/curated/transitions.yaml` is not present.
EMBEDDED_TRANSITION_IDS = ALL_TRANSITION_IDS

ID_RE = re.compile(r"^cur:[a-z0-9]+(?:-[a-z0-9]+)*$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
CREDENTIAL_TYPES = {
    "certification",
    "professional_certificate",
    "microcredential",
    "digital_badge",
    "university_certificate",
    "bootcamp_certificate",
    "language_certificate",
    "course",
}
FORMATS = {"online", "in_person", "hybrid", "exam_only", None}
SOURCE_KINDS = {"provider", "secondary"}
COST_UNITS = {"total", "per_month", "per_year", "per_credit", "per_course", "per_exam", None}
HOURS_BASES = {"exam", "study", "instruction", None}
EXAM_DELIVERY = {"test_center", "online_proctored", "online_unproctored"}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12,
}  # fmt: skip
MIN_RECORDS = 165
MIN_PER_TRANSITION = 3


def _load_transition_ids() -> frozenset[str]:
    """Read the ids from transitions.yaml when another part of the KB provides it."""
    if not TRANSITIONS_YAML.exists():
        return EMBEDDED_TRANSITION_IDS
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(TRANSITIONS_YAML.read_text(encoding="utf-8"))
    items = data.get("transitions", data) if isinstance(data, dict) else data
    ids = set()
    for item in items or []:
        if isinstance(item, dict) and "id" in item:
            ids.add(str(item["id"]).removeprefix("transition:"))
        elif isinstance(item, str):
            ids.add(item)
    return frozenset(ids) or EMBEDDED_TRANSITION_IDS


def _load_records() -> list[dict[str, Any]]:
    """All curated credential records, from every file the importer reads."""
    records = []
    for path in credential_files(CURATED):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)  # a JSONDecodeError names the line
            assert isinstance(record, dict), f"{path.name} line {number} is not an object"
            record["_line"] = f"{path.name}:{number}"
            records.append(record)
    return records


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return _load_records()


@pytest.fixture(scope="module")
def transition_ids() -> frozenset[str]:
    return _load_transition_ids()


def test_enough_records(records: list[dict[str, Any]]) -> None:
    assert len(records) >= MIN_RECORDS


def test_ids_unique_and_well_formed(records: list[dict[str, Any]]) -> None:
    ids = [r.get("id") for r in records]
    bad = [i for i in ids if not isinstance(i, str) or not ID_RE.match(i)]
    assert not bad, f"malformed ids: {bad}"
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"


def test_names_unique_per_provider(records: list[dict[str, Any]]) -> None:
    keys = Counter((r["name"].casefold(), r["provider"].casefold()) for r in records)
    assert not [k for k, n in keys.items() if n > 1]


@pytest.mark.parametrize("field", ["name", "provider", "source_url", "evidence", "credential_type"])
def test_required_text_fields(records: list[dict[str, Any]], field: str) -> None:
    missing = [r["id"] for r in records if not isinstance(r.get(field), str) or not r[field].strip()]
    assert not missing, f"{field} missing in {missing}"


def test_sources_are_urls_and_evidence_short(records: list[dict[str, Any]]) -> None:
    for r in records:
        for key in ("source_url", "cost_source_url"):
            if r.get(key) is not None:
                assert r[key].startswith(("http://", "https://")), (r["id"], key)
        assert len(r["evidence"]) < 200, r["id"]
        assert r["source_kind"] in SOURCE_KINDS, r["id"]


def test_vocabularies(records: list[dict[str, Any]]) -> None:
    for r in records:
        assert r["credential_type"] in CREDENTIAL_TYPES, (r["id"], r["credential_type"])
        assert r.get("format") in FORMATS, (r["id"], r.get("format"))
        assert r.get("cost_unit") in COST_UNITS, (r["id"], r.get("cost_unit"))
        assert r.get("hours_basis") in HOURS_BASES, (r["id"], r.get("hours_basis"))
        assert isinstance(r.get("language"), str) and re.fullmatch(r"[a-z]{2}", r["language"]), r["id"]


def test_exam_delivery_and_cost_details(records: list[dict[str, Any]]) -> None:
    """The optional fields added for ranking stay machine-readable.

    `exam_delivery` tells an adviser whether the exam needs a trip to a test
    centre; `cost_count` (how many exams/courses a per-unit price applies to) and
    `cost_extra` (a mandatory fee on top, e.g. an application fee) feed the total
    cost, so a typo there would silently change the ranking.
    """
    for r in records:
        delivery = r.get("exam_delivery")
        if delivery is not None:
            assert isinstance(delivery, list) and delivery, r["id"]
            assert set(delivery) <= EXAM_DELIVERY, (r["id"], delivery)
            assert len(delivery) == len(set(delivery)), r["id"]
        count = r.get("cost_count")
        if count is not None:
            assert isinstance(count, int) and not isinstance(count, bool) and count >= 1, r["id"]
            assert r.get("cost_unit") in {"per_exam", "per_course", "per_credit"}, r["id"]
        extra = r.get("cost_extra")
        if extra is not None:
            assert isinstance(extra, (int, float)) and extra >= 0, r["id"]
            assert r.get("currency") is not None, r["id"]
        for key in ("duration_source_url", "duration_evidence"):
            if r.get(key) is not None:
                assert isinstance(r[key], str) and r[key].strip(), (r["id"], key)
        if r.get("duration_source_url") is not None:
            assert r["duration_source_url"].startswith(("http://", "https://")), r["id"]
            assert r.get("duration_evidence"), f"{r['id']}: duration_source_url without duration_evidence"
            assert len(r["duration_evidence"]) < 200, r["id"]


def test_a_sourced_prerequisite_is_in_its_quote_and_dated_honestly(records: list[dict[str, Any]]) -> None:
    """Prerequisites may come from another page than the price (`prerequisites_source_url`, e.g. Google's own
    launch post for the IT Support certificate): a verbatim quote that holds the stated text, the page's own
    date or none, and the day it was read."""
    sourced = [r for r in records if r.get("prerequisites_source_url") is not None]
    assert sourced, "at least the Google IT Support certificate states where its prerequisites come from"
    for r in sourced:
        assert r["prerequisites_source_url"].startswith("https://"), r["id"]
        quote = r.get("prerequisites_evidence") or ""
        assert 0 < len(quote) < 200, r["id"]
        assert r.get("prerequisites") and r["prerequisites"].lower().rstrip(".") in quote.lower(), r["id"]
        assert r.get("prerequisites_source_kind") in {"provider", "secondary"}, r["id"]
        assert "prerequisites_source_date" in r, r["id"]  # the page's own date, or null: "read on"
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", r.get("prerequisites_retrieved") or ""), r["id"]


def test_every_cost_has_currency_and_unit(records: list[dict[str, Any]]) -> None:
    for r in records:
        has_cost = r.get("cost_min") is not None or r.get("cost_amount") is not None
        if has_cost:
            assert isinstance(r.get("currency"), str) and CURRENCY_RE.match(r["currency"]), r["id"]
            assert r.get("cost_unit") is not None, r["id"]


def test_costs_numeric_and_ordered(records: list[dict[str, Any]]) -> None:
    for r in records:
        lo, hi = r.get("cost_min"), r.get("cost_max")
        assert (lo is None) == (hi is None), r["id"]
        if lo is None:
            assert r.get("cost_amount") is None, r["id"]
            continue
        assert isinstance(lo, (int, float)) and isinstance(hi, (int, float)), r["id"]
        assert 0 <= lo <= hi, r["id"]


def test_cost_min_max_agree_with_cost_amount(records: list[dict[str, Any]]) -> None:
    for r in records:
        amount = r.get("cost_amount")
        if amount is None:
            continue
        if isinstance(amount, str):
            low, high = (float(x) for x in amount.split("-"))
        else:
            low = high = float(amount)
        assert (r["cost_min"], r["cost_max"]) == (low, high), r["id"]


def test_hours_and_weeks_positive(records: list[dict[str, Any]]) -> None:
    for r in records:
        for key in ("hours", "weeks", "hours_per_week"):
            value = r.get(key)
            if value is not None:
                assert isinstance(value, (int, float)) and value > 0, (r["id"], key, value)
        if r.get("hours") is not None:
            assert r.get("hours_basis") is not None, r["id"]
            assert r.get("duration"), f"{r['id']}: hours without the stated duration text"
        if r.get("weeks") is not None:
            assert r.get("duration"), f"{r['id']}: weeks without the stated duration text"


def test_duration_numbers_are_stated(records: list[dict[str, Any]]) -> None:
    """A number of hours/weeks must be traceable to the duration text, not invented.

    Allowed: the number itself appears, or it is a unit conversion of a stated
    number (minutes -> hours, months/years -> weeks).
    """
    for r in records:
        text = (r.get("duration") or "").lower()
        numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)}
        numbers |= {float(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", text)}
        if "year" in text:
            numbers.add(1.0)
        if r.get("weeks") is not None:
            w = float(r["weeks"])
            ok = (
                w in numbers
                or any(abs(w - round(n * 52 / 12)) < 1 for n in numbers)
                or (w == 52 and "year" in text)
                or (w == 1 and ("one-week" in text or "one week" in text))
            )
            assert ok, (r["id"], w, text)
        if r.get("hours") is not None:
            h = float(r["hours"])
            assert any(abs(h - c) < 0.02 for c in _stated_hours(text)), (r["id"], h, text)


def _stated_hours(text: str) -> set[float]:
    """Hour values the duration text supports.

    A stated number of hours, a stated number of minutes converted to hours,
    an "N h MM min" pair, two equal exams ("90 minutes each"), or the sum of an
    exam's timed parts (written + oral, reading + writing + ...).
    """
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    numbers += [float(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", text)]
    candidates = set(numbers) | {n / 60 for n in numbers}
    for hours, minutes in re.findall(r"(\d+)\s*h(?:ours?)?\s*(\d{1,2})\s*(?:min|minutes)?\b", text):
        candidates.add(int(hours) + int(minutes) / 60)
    if "each" in text:
        candidates |= {2 * n / 60 for n in numbers}
    candidates.add(_sum_minutes(re.sub(r"\([^)]*\)", " ", text)) / 60)  # asides such as preparation time
    return candidates


def _sum_minutes(text: str) -> float:
    """Total of the 'NhMM', 'N h' and 'N min' parts of an exam description (ranges count once)."""
    text = re.sub(r"(\d+)-\d+", r"\1", text)
    total = 0.0
    for hours, minutes in re.findall(r"(\d+)\s*h(\d{2})", text):
        total += int(hours) * 60 + int(minutes)
    text = re.sub(r"\d+\s*h\d{2}", " ", text)
    for value in re.findall(r"(\d+)\s*h(?:ours?)?\b", text):
        total += int(value) * 60
    for value in re.findall(r"(\d+)\s*min", text):
        total += int(value)
    return total


def test_dates(records: list[dict[str, Any]]) -> None:
    for r in records:
        assert r.get("as_of") is None or DATE_RE.match(r["as_of"]), r["id"]
        assert isinstance(r.get("retrieved"), str) and DATE_RE.match(r["retrieved"]), r["id"]
        if r.get("source_date"):
            assert r["as_of"] is not None, f"{r['id']}: source_date given but as_of empty"


def test_transitions_valid(records: list[dict[str, Any]], transition_ids: frozenset[str]) -> None:
    for r in records:
        assert isinstance(r.get("transitions"), list), r["id"]
        unknown = [t for t in r["transitions"] if t not in transition_ids]
        assert not unknown, f"{r['id']}: unknown transitions {unknown}"
        assert len(set(r["transitions"])) == len(r["transitions"]), r["id"]


def test_every_transition_has_enough_credentials(
    records: list[dict[str, Any]], transition_ids: frozenset[str]
) -> None:
    pairs = {(r["id"], t) for r in records for t in r["transitions"]}
    if LINKS_YAML.exists():  # transition_links.yaml adds moves to credentials without editing their record
        links = pytest.importorskip("yaml").safe_load(LINKS_YAML.read_text(encoding="utf-8"))["links"]
        pairs |= {(cid, tid) for tid, cids in links.items() for cid in cids}
    counts = Counter(t for _, t in pairs)
    thin = {t: counts[t] for t in sorted(transition_ids) if counts[t] < MIN_PER_TRANSITION}
    assert not thin, f"transitions with fewer than {MIN_PER_TRANSITION} credentials: {thin}"


def test_skills_are_lists_of_strings(records: list[dict[str, Any]]) -> None:
    for r in records:
        skills = r.get("skills")
        assert skills is None or isinstance(skills, list), r["id"]
        assert all(isinstance(s, str) and s.strip() for s in skills or []), r["id"]


def test_duration_helper_sums_parts() -> None:
    """Guard the helper the duration check relies on."""
    assert _sum_minutes("group tests 2h30 plus individual oral test 20 minutes") == 170
    assert any(abs(c - 2.83) < 0.01 for c in _stated_hours("2h30 plus oral 20 minutes (30 min preparation)"))
    assert _sum_minutes("exam: 110 questions, 4 hours 18 minutes") == 258
    assert any(abs(c - 2.75) < 0.01 for c in _stated_hours("total 2 h 45 min excl. speaking"))
    assert not any(abs(c - 7.0) < 0.01 for c in _stated_hours("exam: 90 questions, 2.5 hours"))


def _write_minimal_curated(root: Path, files: dict[str, list[dict[str, Any]]]) -> None:
    """A curated folder with one field, one transition and the given credential files."""
    root.mkdir(parents=True, exist_ok=True)
    field = "{id: cybersecurity, name: Cybersecurity, aliases: [infosec], onet_codes: [15-1212.00]}"
    move = "{id: any--cybersecurity, from: any, to: cybersecurity, summary: x, first_steps: [y]}"
    (root / "fields.yaml").write_text(f"fields:\n  - {field}\n", encoding="utf-8")
    (root / "transitions.yaml").write_text(f"transitions:\n  - {move}\n", encoding="utf-8")
    for name, recs in files.items():
        (root / name).write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


def test_importer_reads_every_credentials_file_and_rejects_ids_repeated_across_files(tmp_path: Path) -> None:
    def cred(cid: str, name: str) -> dict[str, Any]:
        return {
            "id": cid,
            "name": name,
            "source_url": "https://e.org/",
            "transitions": ["any--cybersecurity"],
        }

    curated = tmp_path / "curated"
    _write_minimal_curated(
        curated,
        {
            "credentials.jsonl": [cred("cur:a", "A")],
            "credentials_tech.jsonl": [cred("cur:c", "C"), cred("cur:a", "A again")],
            "credentials_sector.jsonl": [cred("cur:b", "B")],
            "other.jsonl": [cred("cur:ignored", "Not a credentials file")],
        },
    )
    assert [p.name for p in credential_files(curated)] == [
        "credentials.jsonl",
        "credentials_sector.jsonl",
        "credentials_tech.jsonl",
    ]
    report = ImportReport()
    rows = load_curated(curated, {"15-1212.00"}, report)
    assert [c["id"] for c in rows.credentials] == ["cur:a", "cur:b", "cur:c"]
    assert next(c for c in rows.credentials if c["id"] == "cur:a")["name"] == "A"  # the first file wins
    assert report.rejected["credentials_tech.jsonl: duplicate_id"] == 1
    assert "first in credentials.jsonl" in report.examples["credentials_tech.jsonl: duplicate_id"][0]
    assert len(rows.credential_transitions) == 3


def test_importer_without_any_credentials_file_warns(tmp_path: Path) -> None:
    curated = tmp_path / "curated"
    _write_minimal_curated(curated, {})
    report = ImportReport()
    assert load_curated(curated, {"15-1212.00"}, report).credentials == []
    assert any("credentials*.jsonl not found" in w for w in report.warnings)


# Text a person reads (cost notes, prerequisites, recognition ...); source fields are for counselors and
# checks.
NOT_SHOWN = {
    "id", "source_url", "cost_source_url", "duration_source_url", "evidence", "duration_evidence",
    "source_kind", "duration_source_kind", "duration_source_date", "duration_removed",
    "prerequisites_source_url", "prerequisites_evidence", "prerequisites_source_kind",
    "prerequisites_source_date", "prerequisites_retrieved",
}  # fmt: skip


def test_shown_text_never_names_a_record_field(records: list[dict[str, Any]]) -> None:
    """ "see cost_source_url" in a cost note reached people (the gateway's guard had to strip it)."""
    keys = {k for r in records for k in r if "_" in k}
    leaks = [
        (r["id"], field, key)
        for r in records
        for field, value in r.items()
        if field not in NOT_SHOWN and isinstance(value, str)
        for key in keys
        if re.search(rf"\b{re.escape(key)}\b", value)
    ]
    assert leaks == []


def test_notes_a_person_reads_never_describe_the_research() -> None:
    """A cost note, prerequisites or recognition text is shown on the card (after `public_note` drops clauses
    about the page read); "stored copy", "secondary page" or "elsewhere" (a clause `public_note` drops whole)
    are words for maintainers, so a note never relies on them (found 2026-12-02 in ten notes)."""
    from knowledge.text import public_note

    internal = re.compile(r"\bstored\b|\bsecondary (?:page|guide|site|exam)|\bexcerpt\b|\bpage read\b", re.I)
    bad = []
    for r in _load_records():
        for key in ("cost_note", "prerequisites", "recognition", "quality_assurance"):
            shown = public_note(r.get(key))
            if shown and internal.search(shown):
                bad.append((r["id"], key, shown))
        raw = r.get("cost_note") or ""
        if "elsewhere" in raw and "elsewhere" not in (public_note(raw) or ""):
            kept = public_note(raw) or ""
            if not kept.strip():
                bad.append((r["id"], "cost_note", raw))
    assert not bad, bad

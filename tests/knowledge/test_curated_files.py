"""Data checks for the hand-curated files in `knowledge/curated/` (fields, transitions, link overrides, gold).

These files drive every recommendation Pivot makes and counselors edit them by hand in pull requests, so
the checks are strict: fixed ids are all present, every O*NET code and CareerOneStop id exists in the
source data, an alias never points at two fields, the gold sample is the documented seeded sample, and no
number that looks like data (money, percentages, durations) appears without a source.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import random
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from knowledge.importers.curated import load_curated
from knowledge.importers.report import ImportReport
from knowledge.query import region
from knowledge.text import norm
from knowledge.types import Constraints
from tests.knowledge.curated_ids import ALL_TRANSITION_IDS

REPO = Path(__file__).resolve().parents[2]
ELSEWHERE_NOT = {"US", "international", "unknown"}  # scopes that apply in the US
CURATED = REPO / "knowledge" / "curated"
SOURCES = REPO / "knowledge" / "sources"
SHARED = Path("/work/shared/data")

FIELD_IDS = frozenset(
    """
    finance banking fintech accounting bookkeeping data-analytics data-science data-engineering
    ai-machine-learning marketing digital-marketing teaching instructional-design corporate-training nursing
    healthcare health-informatics medical-coding it-support cybersecurity software-development cloud-devops
    web-development retail hospitality customer-service project-management supply-chain military
    information-technology sales customer-success administration human-resources people-analytics journalism
    ux-writing technical-writing graphic-design ux-design law compliance legal-tech mechanical-engineering
    product-management business-analysis sustainability
    school-counseling clinical-research nurse-education pharmacy-technician medical-assisting
    records-management fraud-examination internal-audit privacy solar-energy electrician automotive
    ev-technology construction construction-management bim hvac warehousing truck-driving food-safety
    real-estate insurance
    """.split()
)
# Fields whose occupations have no O*NET skill ratings at all (O*NET 29.3 rates no 55-xxxx military code).
UNRATED_FIELDS_ALLOWED = frozenset({"military"})
# Certifications the overrides must cover: the ones career changers ask about most (CERT_ID: why).
REQUIRED_OVERRIDES = {
    "0019": "CompTIA A+",
    "0642": "CompTIA Network+",
    "3497": "CompTIA Security+",
    "13365": "CySA+",
    "11992": "PenTest+",
    "10153": "Cloud+",
    "10799": "CISSP",
    "4569": "CISM",
    "0858": "CISA",
    "9224": "CEH",
    "0487": "PMP",
    "3674": "CAPM",
    "10405": "CSM",
    "11459": "PSM I",
    "11430": "AWS Cloud Practitioner",
    "13947": "AZ-900",
    "13361": "Google Associate Cloud Engineer",
    "3852": "CPA",
    "0016": "CMA",
    "7657": "CFA",
    "15286": "SHRM-CP",
    "10776": "SHRM-SCP",
    "12226": "PHR",
    "9316": "aPHR",
    "3572": "CAMS",
    "1245": "CFE",
    "1574": "RHIA",
    "1575": "RHIT",
    "2165": "CPC",
    "1572": "CCS",
    "3947": "Six Sigma Green Belt",
    "14711": "ITIL 4 Foundation",
    "10825": "CCNA",
    "10813": "Salesforce Administrator",
    "4842": "CPTD",
    "11342": "APTD",
    "1432": "CPIM",
    "4895": "CSCP",
    "8189": "CBAP",
    "12742": "CCBA",
}
ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
COS_ID = re.compile(r"^cos:(\d+)$")
# Things that look like data: money, percentages, durations and counts of time.
DATA_LIKE = re.compile(
    r"[$€£¥]\s?\d|\d\s?%|\bpercent\b|\d[\d,.]*\s?(?:k|usd|eur|gbp|dollars?|euros?|pounds?)\b"
    r"|\d[\d,.]*\s*(?:hours?|hrs?|weeks?|months?|years?)\b|\bsalar(?:y|ies)\b.*\d",
    re.IGNORECASE,
)
GOLD_SEED, GOLD_SIZE, GOLD_DEV = 20261129, 130, 52


def _first_existing(*paths: Path) -> Path:
    for path in paths:
        if path.exists():
            return path
    pytest.skip(f"source data not found in any of: {', '.join(map(str, paths))}")


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")  # closed by the caller's `with`


@cache
def onet_titles() -> dict[str, str]:
    """O*NET code -> title, from the repo copy when the importer's sources are present."""
    path = _first_existing(
        SOURCES / "onet_29_3" / "Occupation Data.txt",
        SOURCES / "onet_29_3" / "occupation_data.tsv.gz",
        SHARED / "onet_29_3" / "Occupation Data.txt",
    )
    with _open_text(path) as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {r["O*NET-SOC Code"]: r["Title"] for r in rows}


@cache
def rated_codes() -> frozenset[str]:
    """Codes that have O*NET skill ratings (needed to compute a skill gap)."""
    path = _first_existing(SOURCES / "onet_29_3" / "skills.tsv.gz", SHARED / "onet_29_3" / "Skills.txt.gz")
    with _open_text(path) as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return frozenset(r["O*NET-SOC Code"] for r in rows)


@cache
def cos_names() -> dict[str, str]:
    """CareerOneStop CERT_ID -> certification name (the repo copy may be gzipped)."""
    candidates = sorted(SOURCES.glob("careeronestop*/certification_finder.csv*")) if SOURCES.exists() else []
    path = _first_existing(*candidates, SHARED / "careeronestop_certifications" / "certification_finder.csv")
    csv.field_size_limit(10_000_000)
    with _open_text(path) as fh:
        return {r["CERT_ID"]: r["CERT_NAME"] for r in csv.DictReader(fh)}


def _clean(name: str) -> str:
    return " ".join(html.unescape(name).split())


@cache
def fields() -> list[dict]:
    return yaml.safe_load((CURATED / "fields.yaml").read_text(encoding="utf-8"))["fields"]


@cache
def transitions() -> list[dict]:
    return yaml.safe_load((CURATED / "transitions.yaml").read_text(encoding="utf-8"))["transitions"]


@cache
def overrides() -> list[dict]:
    return yaml.safe_load((CURATED / "link_overrides.yaml").read_text(encoding="utf-8"))["overrides"]


@cache
def gold() -> list[dict]:
    with open(CURATED / "link_gold.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


# --- fields -------------------------------------------------------------------------------------------


def test_every_fixed_field_id_is_present_once():
    ids = [f["id"] for f in fields()]
    assert sorted(ids) == sorted(FIELD_IDS), set(ids) ^ FIELD_IDS
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("item", fields(), ids=lambda f: f["id"])
def test_field_is_well_formed(item):
    assert item["name"].strip()
    assert item["description"].strip() and _sentences(item["description"]) == 1
    aliases = item["aliases"]
    assert 5 <= len(aliases) <= 15, len(aliases)
    assert all(a == a.lower() and a.strip() == a and a for a in aliases), "aliases are lowercase and trimmed"
    assert len({norm(a) for a in aliases}) == len(aliases), "duplicate alias inside the field"
    for acronym in item.get("acronyms", []):
        assert acronym.isupper() and acronym.isalpha(), acronym
    codes = item["onet_codes"]
    assert 1 <= len(codes) <= 6 and len(set(codes)) == len(codes)
    for code in codes:
        assert ONET_CODE.match(code), code
        assert code in onet_titles(), f"{item['id']}: {code} is not an O*NET 29.3 occupation"


@pytest.mark.parametrize("item", fields(), ids=lambda f: f["id"])
def test_field_has_an_occupation_with_skill_ratings(item):
    """Skill gaps use the first rated code, so every field needs one (military is the documented gap)."""
    rated = [c for c in item["onet_codes"] if c in rated_codes()]
    if item["id"] in UNRATED_FIELDS_ALLOWED:
        assert not rated, "military gained ratings: drop it from UNRATED_FIELDS_ALLOWED"
    else:
        assert rated, f"{item['id']}: none of {item['onet_codes']} has O*NET skill ratings"


def test_no_alias_or_name_resolves_to_two_fields():
    """Resolution is unambiguous: a normalised alias, name or id belongs to exactly one field."""
    owner: dict[str, set[str]] = {}
    for item in fields():
        for text in {item["id"].replace("-", " "), item["name"], *item["aliases"]}:
            owner.setdefault(norm(text), set()).add(item["id"])
    clashes = {alias: ids for alias, ids in owner.items() if len(ids) > 1}
    assert not clashes, clashes


def test_acronyms_are_unique_and_not_plain_aliases():
    seen = Counter(a for item in fields() for a in item.get("acronyms", []))
    assert all(n == 1 for n in seen.values()), seen
    lowercase_aliases = {norm(a) for item in fields() for a in item["aliases"]}
    # "it"/"hr"/"rn"/"pr" are ordinary lower-case words: they may only match through the case-sensitive list
    assert not {a.lower() for a in seen} & lowercase_aliases


# --- transitions --------------------------------------------------------------------------------------


def test_every_fixed_transition_id_is_present_once():
    ids = [t["id"] for t in transitions()]
    assert sorted(ids) == sorted(ALL_TRANSITION_IDS), set(ids) ^ ALL_TRANSITION_IDS
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("item", transitions(), ids=lambda t: t["id"])
def test_transition_is_well_formed(item):
    assert item["id"] == f"{item['from']}--{item['to']}"
    assert item["from"] == "any" or item["from"] in FIELD_IDS
    assert item["to"] in FIELD_IDS and item["to"] != item["from"]
    assert 1 <= _sentences(item["summary"]) <= 2, item["summary"]
    steps = item["first_steps"]
    assert len(steps) >= 3
    assert all(isinstance(s, str) and len(s.split()) >= 4 for s in steps)
    assert len(set(steps)) == len(steps)


@pytest.mark.parametrize("item", transitions(), ids=lambda t: t["id"])
def test_transition_has_no_unsourced_data_like_numbers(item):
    sources = item.get("sources") or []
    for src in sources:
        assert str(src["url"]).startswith("https://")
        assert re.match(r"^\d{4}-\d{2}(-\d{2})?$", str(src["as_of"]))
    if sources:
        return
    for text in [item["summary"], *item["first_steps"]]:
        assert not DATA_LIKE.search(text), f"needs `sources:` or rewording: {text!r}"


def test_data_like_pattern_catches_what_it_should():
    assert DATA_LIKE.search("Analysts earn $75,000 on average")
    assert DATA_LIKE.search("78% of employers")
    assert DATA_LIKE.search("takes 12 weeks")
    assert not DATA_LIKE.search("Work through the OWASP Top 10 and CS50; code with ICD-10-CM")


# --- link overrides -----------------------------------------------------------------------------------


def test_overrides_cover_the_key_certifications():
    ids = [o["cert_id"] for o in overrides()]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(ids) >= 60
    missing = {cid: why for cid, why in REQUIRED_OVERRIDES.items() if f"cos:{cid}" not in ids}
    assert not missing, missing


@pytest.mark.parametrize("item", overrides(), ids=lambda o: o["cert_id"])
def test_override_points_at_the_named_certification(item):
    match = COS_ID.match(item["cert_id"])
    assert match, item["cert_id"]
    names = cos_names()
    assert match.group(1) in names, f"{item['cert_id']} is not in the CareerOneStop file"
    assert _clean(item["name"]).lower() == _clean(names[match.group(1)]).lower(), "name does not match the id"
    codes = item["onet_codes"]
    assert 1 <= len(codes) <= 4 and len(set(codes)) == len(codes)
    assert all(c in onet_titles() for c in codes), codes
    assert isinstance(item["replace"], bool)


# --- gold sample --------------------------------------------------------------------------------------


def test_gold_sample_size_and_columns():
    rows = gold()
    assert len(rows) >= 120
    assert list(rows[0].keys()) == ["cert_id", "cert_name", "onet_codes", "note", "split"]
    ids = [r["cert_id"] for r in rows]
    assert len(ids) == len(set(ids))
    dev = sum(r["split"] == "dev" for r in rows)
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert 0.3 <= dev / len(rows) <= 0.5


@pytest.mark.parametrize("row", gold(), ids=lambda r: r["cert_id"])
def test_gold_row_is_valid(row):
    match = COS_ID.match(row["cert_id"])
    assert match and match.group(1) in cos_names(), row["cert_id"]
    assert _clean(row["cert_name"]).lower() == _clean(cos_names()[match.group(1)]).lower()
    codes = row["onet_codes"].split(";")
    assert 1 <= len(codes) <= 4 and len(set(codes)) == len(codes)
    assert all(ONET_CODE.match(c) and c in onet_titles() for c in codes), codes
    assert row["note"].strip()


def test_gold_sample_is_the_documented_seeded_sample():
    """README: sorted unique CERT_IDs, random.Random(20261129).sample(ids, 130), first 52 drawn = dev."""
    ids = sorted(cos_names(), key=int)
    drawn = random.Random(GOLD_SEED).sample(ids, GOLD_SIZE)
    rows = gold()[:GOLD_SIZE]
    assert [r["cert_id"] for r in rows] == [f"cos:{i}" for i in drawn]
    assert [r["split"] for r in rows] == ["dev"] * GOLD_DEV + ["test"] * (GOLD_SIZE - GOLD_DEV)


def test_gold_and_overrides_agree_where_they_overlap():
    by_id = {o["cert_id"]: set(o["onet_codes"]) for o in overrides()}
    both = [row for row in gold() if row["cert_id"] in by_id]
    assert both  # the two files do overlap, so this compares something
    for row in both:
        assert set(row["onet_codes"].split(";")) == by_id[row["cert_id"]], row["cert_id"]


# --- transition links ---------------------------------------------------------------------------------


@cache
def transition_links() -> dict[str, list[str]]:
    return yaml.safe_load((CURATED / "transition_links.yaml").read_text(encoding="utf-8"))["links"]


def test_transition_links_point_at_known_moves_and_credentials():
    """Every link names a curated move and a credential from one of the credentials*.jsonl files, once."""
    credential_ids = {
        json.loads(line)["id"]
        for path in CURATED.glob("credentials*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    for tid, cids in transition_links().items():
        assert tid in ALL_TRANSITION_IDS, tid
        assert cids and len(set(cids)) == len(cids), tid
        unknown = [c for c in cids if c not in credential_ids]
        assert not unknown, f"{tid}: {unknown}"


def test_importer_adds_transition_links_once_and_rejects_unknown_ones(tmp_path):
    curated = tmp_path / "curated"
    curated.mkdir()
    field = "{id: cybersecurity, name: Cybersecurity, aliases: [infosec], onet_codes: [15-1212.00]}"
    move = "{id: any--cybersecurity, from: any, to: cybersecurity, summary: x, first_steps: [y]}"
    (curated / "fields.yaml").write_text(f"fields:\n  - {field}\n", encoding="utf-8")
    (curated / "transitions.yaml").write_text(f"transitions:\n  - {move}\n", encoding="utf-8")
    records = [
        {"id": "cur:a", "name": "A", "transitions": ["any--cybersecurity"]},
        {"id": "cur:b", "name": "B", "transitions": []},
    ]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (curated / "credentials.jsonl").write_text(lines, encoding="utf-8")
    (curated / "transition_links.yaml").write_text(
        "links:\n  any--cybersecurity: [cur:a, cur:b, cur:missing]\n  no--such-move: [cur:a]\n",
        encoding="utf-8",
    )
    report = ImportReport()
    rows = load_curated(curated, {"15-1212.00"}, report)
    pairs = sorted((ct["credential_id"], ct["transition_id"]) for ct in rows.credential_transitions)
    assert pairs == [("cur:a", "any--cybersecurity"), ("cur:b", "any--cybersecurity")]  # cur:a kept once
    assert report.rejected["transition_links.yaml: unknown_credential"] == 1
    assert report.rejected["transition_links.yaml: unknown_transition"] == 1


# --- every move end to end, against the knowledge base ---------------------------------------------------


@pytest.mark.asyncio(loop_scope="session")
async def test_every_transition_resolves_and_gets_three_curated_credentials(kb):
    """The fast, KB-level version of tests/e2e/test_every_transition.py for all curated moves.

    The person names both fields ("I work in <from> and want to move into <to>"; `any` moves are asked from
    retail, as the e2e test does): each name must resolve to its own field first, the move must be found, and
    the top five must hold at least three of the curated credentials the move lists (two when the others
    need something the person cannot have yet, such as an active certification of the target field).
    """
    names = {f["id"]: f["name"] for f in fields()}
    failures = []
    for move in transitions():
        src = "retail" if move["from"] == "any" else move["from"]
        for fid in (src, move["to"]):
            found = await kb.resolve(names[fid].lower(), limit=1)
            if not found or found[0].id != f"field:{fid}":
                failures.append(f"{move['id']}: {names[fid]!r} -> {found[0].id if found else None}")
        result = await kb.recommend(f"field:{src}", f"field:{move['to']}", Constraints(), limit=5)
        curated = [r for r in result.recommendations if r.credential.id.startswith("cur:")]
        # a listed credential the person cannot take yet (it needs an active CPhT, an RN licence) is
        # left out and named in `withheld` (tests/knowledge/test_eligibility.py); the rest must show
        cannot = [n for n in result.withheld if n not in {r.credential.name for r in result.recommendations}]
        if len(curated) == 2 and not cannot:
            # with no country said, another country's own credential (REIC's Canadian ARM) comes after those
            # that apply in the US (`knowledge/query/region.py`): listed, but lower
            later = await kb.recommend(f"field:{src}", f"field:{move['to']}", Constraints(), limit=10)
            cannot = [
                r.credential.name
                for r in later.recommendations[5:]
                if r.credential.curated and region.scope(r.credential) not in ELSEWHERE_NOT
            ]
        if len(curated) < 3 and not (len(curated) >= 2 and cannot):
            failures.append(f"{move['id']}: {[r.credential.name for r in result.recommendations]}")
        if move["from"] != "any" and result.transition_id != move["id"]:
            failures.append(f"{move['id']}: answered as {result.transition_id}")
    assert not failures, failures

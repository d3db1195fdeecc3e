"""O*NET 29.3 → rows for occupations, aliases, elements, ratings, job zones and related occupations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from knowledge.importers.readers import ONET_CODE, flag, parse_float, read_rows
from knowledge.importers.report import ImportReport
from knowledge.text import is_useful_alias, norm, slugify

SCALE_RANGES = {"IM": (1.0, 5.0), "LV": (0.0, 7.0)}
TIERS = {"Primary-Short", "Primary-Long", "Supplemental"}
EDUCATION_SCALE = "RL"  # Required Level of Education, categories 1-12
# An occupation's RL percentages sum to 100 up to rounding; a distribution far off that is incomplete.
EDUCATION_SUM_TOLERANCE = 2.0


class OnetRows:
    """All O*NET-derived rows, validated; `occupations` is filled first so others can check references."""

    def __init__(self) -> None:
        self.job_zones: list[dict] = []
        self.occupations: dict[str, dict] = {}
        self.aliases: list[dict] = []
        self.elements: dict[str, dict] = {}
        self.ratings: dict[tuple[str, str], dict] = {}
        self.related: list[dict] = []
        self.education_levels: list[dict] = []
        self.education: list[dict] = []
        self._alias_keys: set[tuple[str, str]] = set()

    def add_alias(self, code: str, alias: str, source: str) -> bool:
        """Add an alias unless it is empty, useless, equal to the title or already known for `code`."""
        n = norm(alias)
        if (
            not is_useful_alias(alias)
            or (code, n) in self._alias_keys
            or n == norm(self.occupations[code]["title"])
        ):
            return False
        self._alias_keys.add((code, n))
        self.aliases.append(
            {
                "id": len(self.aliases) + 1,
                "occupation_code": code,
                "alias": alias[:300],
                "norm": n[:300],
                "source": source,
            }
        )
        return True


def load_onet(src: Path, report: ImportReport, tick: Callable[[str], None] = lambda _: None) -> OnetRows:
    rows = OnetRows()
    _job_zone_reference(src / "job_zone_reference.tsv.gz", rows, report)
    _occupations(src / "occupation_data.tsv.gz", rows, report)
    tick("occupations")
    _job_zones(src / "job_zones.tsv.gz", rows, report)
    _education_levels(src / "education_categories.tsv.gz", rows, report)
    _education(src / "education.tsv.gz", rows, report)
    _alternate_titles(src / "alternate_titles.tsv.gz", rows, report)
    _reported_titles(src / "reported_titles.tsv.gz", rows, report)
    tick("aliases")
    for name, kind in (("skills.tsv.gz", "skill"), ("knowledge.tsv.gz", "knowledge")):
        _ratings(src / name, kind, rows, report)
    tick("ratings")
    _technology(src / "technology_skills.tsv.gz", rows, report)
    _related(src / "related_occupations.tsv.gz", rows, report)
    tick("related")
    return rows


def _job_zone_reference(path: Path, rows: OnetRows, report: ImportReport) -> None:
    for r in read_rows(path):
        try:
            zone = int(r["Job Zone"])
        except ValueError:
            report.reject(path.name, "bad_number", str(r))
            continue
        rows.job_zones.append(
            {
                "zone": zone,
                "name": r["Name"],
                "experience": r.get("Experience"),
                "education": r.get("Education"),
                "training": r.get("Job Training"),
                "examples": r.get("Examples"),
            }
        )


def _occupations(path: Path, rows: OnetRows, report: ImportReport) -> None:
    for r in read_rows(path):
        code, title = r.get("O*NET-SOC Code", ""), r.get("Title", "")
        if not ONET_CODE.match(code):
            report.reject(path.name, "invalid_code", f"{code!r} {title}")
        elif not title:
            report.reject(path.name, "missing_title", code)
        elif code in rows.occupations:
            report.reject(path.name, "duplicate_code", code)
        else:
            rows.occupations[code] = {
                "code": code,
                "title": title,
                "description": r.get("Description") or None,
                "job_zone": None,
            }


def _known(code: str, rows: OnetRows, report: ImportReport, file: str, detail: str) -> bool:
    if not ONET_CODE.match(code):
        report.reject(file, "invalid_code", detail)
        return False
    if code not in rows.occupations:
        report.reject(file, "unknown_occupation", detail)
        return False
    return True


def _job_zones(path: Path, rows: OnetRows, report: ImportReport) -> None:
    zones = {z["zone"] for z in rows.job_zones}
    for r in read_rows(path):
        code = r["O*NET-SOC Code"]
        if not _known(code, rows, report, path.name, code):
            continue
        try:
            zone = int(r["Job Zone"])
        except ValueError:
            report.reject(path.name, "bad_number", f"{code} {r['Job Zone']!r}")
            continue
        if zone not in zones:
            report.reject(path.name, "unknown_job_zone", f"{code} {zone}")
            continue
        rows.occupations[code]["job_zone"] = zone


def _alternate_titles(path: Path, rows: OnetRows, report: ImportReport) -> None:
    for r in read_rows(path):
        code = r["O*NET-SOC Code"]
        if not _known(code, rows, report, path.name, code):
            continue
        if not r["Alternate Title"]:
            report.reject(path.name, "missing_title", code)
            continue
        rows.add_alias(code, r["Alternate Title"], "alternate")
        if r.get("Short Title"):
            rows.add_alias(code, r["Short Title"], "short")


def _reported_titles(path: Path, rows: OnetRows, report: ImportReport) -> None:
    for r in read_rows(path):
        code = r["O*NET-SOC Code"]
        if not _known(code, rows, report, path.name, code):
            continue
        if not r["Reported Job Title"]:
            report.reject(path.name, "missing_title", code)
            continue
        rows.add_alias(code, r["Reported Job Title"], "reported")


def _ratings(path: Path, kind: str, rows: OnetRows, report: ImportReport) -> None:
    for r in read_rows(path):
        code, eid, scale = r["O*NET-SOC Code"], r["Element ID"], r["Scale ID"]
        detail = f"{code} {eid} {scale} {r['Data Value']!r}"
        if not _known(code, rows, report, path.name, detail):
            continue
        if not eid or not r["Element Name"]:
            report.reject(path.name, "missing_element", detail)
            continue
        if scale not in SCALE_RANGES:
            report.reject(path.name, "unknown_scale", detail)
            continue
        try:
            value = parse_float(r["Data Value"])
        except ValueError:
            report.reject(path.name, "bad_number", detail)
            continue
        lo, hi = SCALE_RANGES[scale]
        if value is None or not lo <= value <= hi:
            report.reject(path.name, "out_of_range", detail)
            continue
        if r.get("Recommend Suppress") == "Y":
            # O*NET flags the estimate as unreliable (low precision); leaving it out beats showing noise.
            report.reject(path.name, "suppressed_estimate", detail)
            continue
        rows.elements.setdefault(
            eid,
            {
                "id": eid,
                "kind": kind,
                "name": r["Element Name"],
                "slug": slugify(r["Element Name"]),
                "category": None,
                "hot": False,
            },
        )
        rating = rows.ratings.setdefault(
            (code, eid),
            {
                "occupation_code": code,
                "element_id": eid,
                "importance": None,
                "level": None,
                "hot": False,
                "in_demand": False,
            },
        )
        rating["importance" if scale == "IM" else "level"] = value


def _technology(path: Path, rows: OnetRows, report: ImportReport) -> None:
    for r in read_rows(path):
        code, example = r["O*NET-SOC Code"], r["Example"]
        if not _known(code, rows, report, path.name, f"{code} {example}"):
            continue
        slug = slugify(example)
        if not slug:
            report.reject(path.name, "missing_element", f"{code} {example!r}")
            continue
        hot, in_demand = flag(r.get("Hot Technology", "")), flag(r.get("In Demand", ""))
        eid = f"tech:{slug}"[:120]
        element = rows.elements.setdefault(
            eid,
            {
                "id": eid,
                "kind": "technology",
                "name": example[:300],
                "slug": slug[:300],
                "category": r.get("Commodity Title") or None,
                "hot": False,
            },
        )
        element["hot"] = element["hot"] or bool(hot)
        rows.ratings[(code, eid)] = {
            "occupation_code": code,
            "element_id": eid,
            "importance": None,
            "level": None,
            "hot": bool(hot),
            "in_demand": bool(in_demand),
        }


def _related(path: Path, rows: OnetRows, report: ImportReport) -> None:
    seen: set[tuple[str, str]] = set()
    for r in read_rows(path):
        code, other = r["O*NET-SOC Code"], r["Related O*NET-SOC Code"]
        detail = f"{code} -> {other}"
        if not (
            _known(code, rows, report, path.name, detail) and _known(other, rows, report, path.name, detail)
        ):
            continue
        if r["Relatedness Tier"] not in TIERS:
            report.reject(path.name, "unknown_tier", f"{detail} {r['Relatedness Tier']!r}")
            continue
        try:
            rank = int(r["Index"])
        except ValueError:
            report.reject(path.name, "bad_number", f"{detail} {r['Index']!r}")
            continue
        if (code, other) in seen or code == other:
            report.reject(path.name, "duplicate_pair", detail)
            continue
        seen.add((code, other))
        rows.related.append(
            {"occupation_code": code, "related_code": other, "tier": r["Relatedness Tier"], "rank": rank}
        )


def short_level_name(description: str) -> str:
    """O*NET's category text without its explanation, short enough to show in a reply.

    "Associate's Degree (or other 2-year degree)" -> "Associate's Degree";
    "High School Diploma - or the equivalent (for example, GED)" -> "High School Diploma".
    """
    name = description.split(" - ", 1)[0]
    return name.split(" (", 1)[0].strip()


def _education_levels(path: Path, rows: OnetRows, report: ImportReport) -> None:
    for r in read_rows(path):
        if r.get("Scale ID") != EDUCATION_SCALE:
            continue
        description = r.get("Category Description", "")
        try:
            category = int(r["Category"])
        except ValueError:
            report.reject(path.name, "bad_number", str(r))
            continue
        if not description:
            report.reject(path.name, "missing_title", str(category))
            continue
        rows.education_levels.append(
            {"category": category, "name": short_level_name(description), "description": description}
        )


def _education(path: Path, rows: OnetRows, report: ImportReport) -> None:
    levels = {lv["category"] for lv in rows.education_levels}
    by_code: dict[str, dict[int, dict]] = {}
    for r in read_rows(path):
        code = r["O*NET-SOC Code"]
        detail = f"{code} {r['Scale ID']} {r['Category']} {r['Data Value']!r}"
        if not _known(code, rows, report, path.name, detail):
            continue
        if r["Scale ID"] != EDUCATION_SCALE:
            report.reject(path.name, "unknown_scale", detail)
            continue
        try:
            category = int(r["Category"])
            percent = parse_float(r["Data Value"])
            n = parse_float(r.get("N"))
        except ValueError:
            report.reject(path.name, "bad_number", detail)
            continue
        if category not in levels:
            report.reject(path.name, "unknown_category", detail)
            continue
        if percent is None or not 0.0 <= percent <= 100.0:
            report.reject(path.name, "out_of_range", detail)
            continue
        found = by_code.setdefault(code, {})
        if category in found:
            report.reject(path.name, "duplicate_category", detail)
            continue
        found[category] = {
            "occupation_code": code,
            "category": category,
            "percent": percent,
            "respondents": int(n) if n is not None else None,
            "suppress": r.get("Recommend Suppress") == "Y",
            "collected": r.get("Date") or None,
            "domain_source": r.get("Domain Source") or None,
        }
    for code, found in by_code.items():
        total = sum(row["percent"] for row in found.values())
        if abs(total - 100.0) > EDUCATION_SUM_TOLERANCE:
            report.reject(path.name, "incomplete_distribution", f"{code} sums to {total:.1f}%")
            continue
        rows.education.extend(found[c] for c in sorted(found))

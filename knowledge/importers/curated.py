"""Curated data (`knowledge/curated/`): fields, transitions, credentials and link overrides.

Every file is optional so the knowledge base can be built while counselors are still writing them; a
missing file is reported as a warning. Rows that break the rules are rejected with a reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.importers.readers import ONET_CODE, parse_float
from knowledge.importers.report import ImportReport
from knowledge.text import is_useful_alias, norm, public_note

FIELD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CURATED_ID = re.compile(r"^cur:[a-z0-9]+(?:-[a-z0-9]+)*$")
FORMATS = {"online", "in_person", "hybrid", "exam_only"}
FORMAT_ALIASES = {
    "in person": "in_person",
    "in-person": "in_person",
    "onsite": "in_person",
    "remote": "online",
    "exam only": "exam_only",
    "blended": "hybrid",
}
CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class CuratedRows:
    fields: list[dict] = field(default_factory=list)
    field_aliases: list[dict] = field(default_factory=list)
    field_occupations: list[dict] = field(default_factory=list)
    transitions: list[dict] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    credentials: list[dict] = field(default_factory=list)
    credential_skills: dict[str, list[str]] = field(default_factory=dict)
    credential_transitions: list[dict] = field(default_factory=list)
    overrides: list[dict] = field(default_factory=list)  # {"cert": str, "onet_codes": [...], "replace": bool}
    retired: list[dict] = field(default_factory=list)  # {"ids": [...], "retired": date, "replaced_by": id}


def _load_yaml(path: Path, key: str, report: ImportReport) -> list:
    if not path.exists():
        report.warn(f"{path} not found: no curated {key} imported")
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        report.reject(path.name, "bad_yaml", str(exc))
        return []
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        report.reject(path.name, "bad_structure", f"expected a top-level '{key}:' list")
        return []
    return items


def load_curated(curated: Path, occupations: set[str], report: ImportReport) -> CuratedRows:
    rows = CuratedRows()
    field_ids = _fields(curated / "fields.yaml", occupations, rows, report)
    transition_ids = _transitions(curated / "transitions.yaml", field_ids, rows, report)
    _credentials(curated, transition_ids, rows, report)
    _transition_links(curated / "transition_links.yaml", transition_ids, rows, report)
    _overrides(curated / "link_overrides.yaml", occupations, rows, report)
    _retired(curated / "retired.yaml", rows, report)
    return rows


def _fields(path: Path, occupations: set[str], rows: CuratedRows, report: ImportReport) -> set[str]:
    ids: set[str] = set()
    alias_owner: dict[str, str] = {}
    for item in _load_yaml(path, "fields", report):
        if not isinstance(item, dict):
            report.reject(path.name, "bad_structure", repr(item))
            continue
        fid, name = str(item.get("id") or ""), str(item.get("name") or "").strip()
        if not FIELD_ID.match(fid):
            report.reject(path.name, "invalid_id", repr(fid))
            continue
        if fid in ids:
            report.reject(path.name, "duplicate_id", fid)
            continue
        if not name:
            report.reject(path.name, "missing_name", fid)
            continue
        ids.add(fid)
        rows.fields.append({"id": fid, "name": name, "description": item.get("description")})
        for acronym in item.get("acronyms") or []:
            # "IT", "HR": ordinary words in lower case, so they match case-sensitively (norm keeps the case)
            acronym = str(acronym).strip()
            if acronym and f"={acronym}" not in alias_owner:
                alias_owner[f"={acronym}"] = fid
                rows.field_aliases.append({"field_id": fid, "norm": f"={acronym}", "alias": acronym})
        for alias in [name, *(item.get("aliases") or [])]:
            alias = str(alias).strip()
            n = norm(alias)
            if not is_useful_alias(alias):
                report.reject(path.name, "useless_alias", f"{fid}: {alias!r}")
                continue
            if n in alias_owner:
                if alias_owner[n] != fid:
                    report.reject(path.name, "alias_in_two_fields", f"{fid}/{alias_owner[n]}: {alias}")
                continue
            alias_owner[n] = fid
            rows.field_aliases.append({"field_id": fid, "norm": n, "alias": alias})
        seen: set[str] = set()
        for pos, code in enumerate(item.get("onet_codes") or []):
            code = str(code)
            if not ONET_CODE.match(code):
                report.reject(path.name, "invalid_code", f"{fid}: {code!r}")
            elif code not in occupations:
                report.reject(path.name, "unknown_occupation", f"{fid}: {code}")
            elif code not in seen:
                seen.add(code)
                rows.field_occupations.append({"field_id": fid, "occupation_code": code, "position": pos})
    return ids


def _transitions(path: Path, field_ids: set[str], rows: CuratedRows, report: ImportReport) -> set[str]:
    ids: set[str] = set()
    for item in _load_yaml(path, "transitions", report):
        if not isinstance(item, dict):
            report.reject(path.name, "bad_structure", repr(item))
            continue
        tid, src, dst = str(item.get("id") or ""), str(item.get("from") or ""), str(item.get("to") or "")
        if tid != f"{src}--{dst}":
            report.reject(path.name, "invalid_id", f"{tid!r} (from={src!r}, to={dst!r})")
            continue
        if tid in ids:
            report.reject(path.name, "duplicate_id", tid)
            continue
        if (src != "any" and src not in field_ids) or dst not in field_ids:
            report.reject(path.name, "unknown_field", tid)
            continue
        ids.add(tid)
        rows.transitions.append(
            {
                "id": tid,
                "from_field_id": None if src == "any" else src,
                "to_field_id": dst,
                "summary": item.get("summary"),
            }
        )
        for pos, step in enumerate(item.get("first_steps") or []):
            if isinstance(step, str) and step.strip():
                rows.steps.append({"transition_id": tid, "position": pos, "text": step.strip()})
    return ids


_PAREN = re.compile(r"\(([A-Z][A-Za-z+&/\- ]{1,14})\)")


def acronym_from_name(name: str) -> str | None:
    """'Project Management Professional (PMP)' -> 'PMP'; exam codes with digits ('SY0-701') are skipped."""
    found = _PAREN.search(name)
    return found.group(1).strip() if found and sum(ch.isupper() for ch in found.group(1)) >= 2 else None


_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")


def quoted_duration_text(rec: dict) -> str | None:
    """The curated duration in words, shown as the time when no hours or weeks are stated, but only when
    every figure in it is in a quote of the record (`evidence`, `duration_evidence`): a time a person reads
    is traceable to its page, so an unquoted figure ("11-week quarters" read elsewhere) shows nothing."""
    text = public_note(rec.get("duration"))
    if not text:
        return None
    quoted = set(_FIGURE.findall(f"{rec.get('evidence') or ''} {rec.get('duration_evidence') or ''}"))
    return text if set(_FIGURE.findall(text)) <= quoted else None


def _num(rec: dict, key: str) -> float | None:
    value = parse_float(rec.get(key))
    if value is not None and value < 0:
        raise ValueError(f"{key} is negative")
    return value


def credential_files(curated: Path) -> list[Path]:
    """`credentials.jsonl` first, then every `credentials_*.jsonl` in name order.

    Credentials are split by area (tech, sector, ...) so that several curators can add records without
    editing the same file; the order is fixed so imports and rejection reports are reproducible.
    """
    main = curated / "credentials.jsonl"
    return ([main] if main.exists() else []) + sorted(curated.glob("credentials_*.jsonl"))


def _credentials(curated: Path, transition_ids: set[str], rows: CuratedRows, report: ImportReport) -> None:
    paths = credential_files(curated)
    if not paths:
        report.warn(f"{curated / 'credentials*.jsonl'} not found: no curated credentials imported")
        return
    seen: dict[str, str] = {}  # id -> file that defined it: an id must be unique across all the files
    for path in paths:
        _credential_file(path, transition_ids, rows, report, seen)


def _credential_file(
    path: Path, transition_ids: set[str], rows: CuratedRows, report: ImportReport, seen: dict[str, str]
) -> None:
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            report.reject(path.name, "bad_json", f"{where}: {exc}")
            continue
        if not isinstance(rec, dict):
            report.reject(path.name, "bad_structure", where)
            continue
        cid, name = str(rec.get("id") or ""), str(rec.get("name") or "").strip()
        if not CURATED_ID.match(cid):
            report.reject(path.name, "invalid_id", f"{where}: {cid!r}")
            continue
        if cid in seen:
            first = "" if seen[cid] == path.name else f" (first in {seen[cid]})"
            report.reject(path.name, "duplicate_id", f"{where}: {cid}{first}")
            continue
        if not name:
            report.reject(path.name, "missing_name", f"{where}: {cid}")
            continue
        try:
            cost_min = _num(rec, "cost_min")
            cost_max = _num(rec, "cost_max")
            hours, weeks, pace = _num(rec, "hours"), _num(rec, "weeks"), _num(rec, "hours_per_week")
            cost_extra = _num(rec, "cost_extra")
        except (ValueError, TypeError) as exc:
            report.reject(path.name, "bad_number", f"{where}: {cid}: {exc}")
            continue
        if cost_min is not None and cost_max is not None and cost_max < cost_min:
            report.reject(path.name, "bad_number", f"{where}: {cid}: cost_max < cost_min")
            continue
        currency = rec.get("currency")
        if currency is not None and not CURRENCY.match(str(currency)):
            report.reject(path.name, "invalid_currency", f"{where}: {cid}: {currency!r}")
            continue
        fmt = rec.get("format")
        if fmt is not None:
            fmt = FORMAT_ALIASES.get(str(fmt).lower(), str(fmt).lower())
            if fmt not in FORMATS:
                report.reject(path.name, "invalid_format", f"{where}: {cid}: {rec.get('format')!r}")
                continue
        seen[cid] = path.name
        rows.credentials.append(
            {
                "id": cid,
                "name": name[:400],
                "acronym": rec.get("acronym") or acronym_from_name(name),
                "provider": rec.get("provider"),
                "credential_type": rec.get("credential_type"),
                "url": rec.get("url") or rec.get("source_url"),
                "description": rec.get("description"),
                "keywords": None,
                "cost_amount": cost_min,
                "cost_max": cost_max,
                "currency": currency,
                "cost_unit": rec.get("cost_unit"),
                "cost_note": public_note(rec.get("cost_note")),
                "hours": hours,
                "weeks": weeks,
                "hours_per_week": pace,
                "hours_basis": rec.get("hours_basis"),
                "duration_text": quoted_duration_text(rec),
                "format": fmt,
                "level": rec.get("level"),
                "language": rec.get("language"),
                "prerequisites": public_note(rec.get("prerequisites")),
                "quality_assurance": public_note(rec.get("quality_assurance")),
                "recognition": public_note(rec.get("recognition")),
                "exam": None,
                "training": None,
                "renewal": None,
                "renewal_years": None,
                "source_url": rec.get("source_url"),
                "as_of": rec.get("as_of") or rec.get("source_date"),
                "retrieved": rec.get("retrieved"),
                "cost_count": rec.get("cost_count") if isinstance(rec.get("cost_count"), int) else None,
                "exam_delivery": ",".join(rec.get("exam_delivery") or []) or None,
                "evidence": rec.get("evidence"),
                "curated": True,
                "cost_extra": cost_extra,
                # the time's own page and date, when it comes from another page than the price
                "duration_source_url": rec.get("duration_source_url"),
                "duration_as_of": rec.get("duration_as_of"),
                "duration_retrieved": rec.get("duration_retrieved")
                or (rec.get("retrieved") if rec.get("duration_source_url") else None),
                # other records of the same credential; checked once every record is read (`apply_same_as`)
                "same_as": ",".join(str(i) for i in rec.get("same_as") or []) or None,
            }
        )
        rows.credential_skills[cid] = [str(s).strip() for s in rec.get("skills") or [] if str(s).strip()]
        for tid in dict.fromkeys(rec.get("transitions") or []):
            if tid in transition_ids:
                rows.credential_transitions.append({"credential_id": cid, "transition_id": tid})
            else:
                report.reject(path.name, "unknown_transition", f"{where}: {cid}: {tid!r}")


def _transition_links(path: Path, transition_ids: set[str], rows: CuratedRows, report: ImportReport) -> None:
    """Extra transition -> credential links (`links: {transition id: [credential ids]}`).

    New moves can reuse credentials that live in the reviewed credentials.jsonl without editing that file;
    a link that is already in a record's own `transitions` is kept once.
    """
    if not path.exists():
        return
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        report.reject(path.name, "bad_yaml", str(exc))
        return
    links = data.get("links") if isinstance(data, dict) else None
    if not isinstance(links, dict):
        report.reject(path.name, "bad_structure", "expected a top-level 'links:' mapping")
        return
    known = {c["id"] for c in rows.credentials}
    have = {(ct["credential_id"], ct["transition_id"]) for ct in rows.credential_transitions}
    for tid, cids in links.items():
        if tid not in transition_ids:
            report.reject(path.name, "unknown_transition", repr(tid))
            continue
        if not isinstance(cids, list):
            report.reject(path.name, "bad_structure", f"{tid}: expected a list of credential ids")
            continue
        for cid in cids:
            if cid not in known:
                report.reject(path.name, "unknown_credential", f"{tid}: {cid!r}")
            elif (cid, tid) not in have:
                have.add((cid, tid))
                rows.credential_transitions.append({"credential_id": cid, "transition_id": tid})


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CREDENTIAL_ID = re.compile(r"^(cur:[a-z0-9]+(?:-[a-z0-9]+)*|cos:\d+)$")
_MONTHS = "january february march april may june july august september october november december".split()


def _date_in_quote(date: str, quote: str) -> bool:
    """Does the quote state the date ("2025-07-31" as "July 31, 2025", "31 July 2025" or itself)?"""
    year, month, day = date.split("-")
    q = quote.lower()
    if date in q:
        return True
    name = _MONTHS[int(month) - 1]
    return year in q and name in q and re.search(rf"\b{int(day)}\b", q) is not None


def _retired(path: Path, rows: CuratedRows, report: ImportReport) -> None:
    """Retired credentials (`retired.yaml`): checked here for shape and evidence; `build` applies them to
    the credential rows once the CareerOneStop ones are read (a `cos:` id is known only then)."""
    if not path.exists():
        return
    for item in _load_yaml(path, "retired", report):
        if not isinstance(item, dict):
            report.reject(path.name, "bad_structure", repr(item))
            continue
        ids = [str(i) for i in item.get("ids") or []]
        date, quote = str(item.get("retired") or ""), str(item.get("evidence") or "")
        label = ",".join(ids) or repr(item.get("name"))
        if not ids or not all(CREDENTIAL_ID.match(i) for i in ids):
            report.reject(path.name, "invalid_id", label)
        elif not ISO_DATE.match(date):
            report.reject(path.name, "bad_date", f"{label}: {date!r}")
        elif not str(item.get("source_url") or "").startswith("https://"):
            report.reject(path.name, "missing_source", label)
        elif not _date_in_quote(date, quote):
            report.reject(path.name, "date_not_in_quote", f"{label}: {date} not in {quote[:80]!r}")
        elif not (item.get("as_of") or item.get("retrieved")):
            report.reject(path.name, "missing_date", f"{label}: neither as_of nor retrieved")
        else:
            replacement = item.get("replaced_by")
            rows.retired.append(
                {"ids": ids, "retired": date, "replaced_by": str(replacement) if replacement else None}
            )


def apply_retired(credentials: list[dict], retired: list[dict], report: ImportReport) -> None:
    """Mark retired credentials (`retired`, `replaced_by`); unknown ids and a replacement that is unknown
    or itself retired are rejected with a reason, never applied half."""
    by_id = {c["id"]: c for c in credentials}
    gone = {i for r in retired for i in r["ids"]}
    for r in retired:
        missing = [i for i in r["ids"] if i not in by_id]
        new = r["replaced_by"]
        if missing:
            report.reject("retired.yaml", "unknown_credential", ",".join(missing))
        elif new is not None and (new not in by_id or new in gone):
            report.reject("retired.yaml", "bad_replacement", f"{','.join(r['ids'])} -> {new}")
        else:
            for i in r["ids"]:
                by_id[i]["retired"], by_id[i]["replaced_by"] = r["retired"], new


def apply_same_as(credentials: list[dict], report: ImportReport) -> None:
    """`same_as` of a curated record names other records of the same credential: each must exist (an
    unknown id is dropped with a reason), and the link is made both ways so either record finds the
    other (a CareerOneStop twin is shown once, and counts as the curated record it is)."""
    by_id = {c["id"]: c for c in credentials}
    twins: dict[str, set[str]] = {}
    for c in credentials:
        for other in (c.get("same_as") or "").split(","):
            if not other:
                continue
            if other not in by_id or other == c["id"]:
                report.reject("credentials", "unknown_same_as", f"{c['id']}: {other}")
                continue
            twins.setdefault(c["id"], set()).add(other)
            twins.setdefault(other, set()).add(c["id"])
    for cid, others in twins.items():
        by_id[cid]["same_as"] = ",".join(sorted(others))
    for c in credentials:
        if c["id"] not in twins:
            c["same_as"] = None


def _overrides(path: Path, occupations: set[str], rows: CuratedRows, report: ImportReport) -> None:
    if not path.exists():
        report.warn(f"{path} not found: automatic credential links used as they are")
        return
    for item in _load_yaml(path, "overrides", report):
        if not isinstance(item, dict) or not item.get("cert_id"):
            report.reject(path.name, "bad_structure", repr(item))
            continue
        codes = []
        for code in item.get("onet_codes") or []:
            code = str(code)
            if code in occupations:
                codes.append(code)
            else:
                report.reject(path.name, "unknown_occupation", f"{item['cert_id']}: {code!r}")
        rows.overrides.append(
            {"cert": str(item["cert_id"]), "onet_codes": codes, "replace": bool(item.get("replace", False))}
        )

"""CareerOneStop Certification Finder → `cos:<CERT_ID>` credential rows."""

from __future__ import annotations

import html
import re
from pathlib import Path

from knowledge.importers.readers import flag, parse_float, read_rows
from knowledge.importers.report import ImportReport

_TAGS = re.compile(r"<[^>]+>")


def _clean(text: str) -> str:
    return " ".join(_TAGS.sub(" ", html.unescape(text or "")).split())


def load_certifications(path: Path, report: ImportReport) -> list[dict]:
    out: dict[str, dict] = {}
    for r in read_rows(path, delimiter=","):
        cert_id, name = r.get("CERT_ID", ""), _clean(r.get("CERT_NAME", ""))
        detail = f"{cert_id!r} {name[:80]}"
        if not cert_id.isdigit():
            report.reject(path.name, "invalid_id", detail)
            continue
        if not name:
            report.reject(path.name, "missing_name", detail)
            continue
        cid = f"cos:{cert_id}"
        if cid in out:
            report.reject(path.name, "duplicate_id", detail)
            continue
        try:
            renewal_years = parse_float(r.get("RENEWAL", ""))
        except ValueError:
            report.reject(path.name, "bad_number", f"{detail} RENEWAL={r.get('RENEWAL')!r}")
            continue
        if renewal_years is not None and not 0 <= renewal_years <= 50:
            report.reject(path.name, "out_of_range", f"{detail} RENEWAL={renewal_years}")
            continue
        renews = any(flag(r.get(c, "")) for c in ("CEU", "REEXAM", "CPD")) or bool(renewal_years)
        out[cid] = {
            "id": cid,
            "name": name[:400],
            "acronym": _clean(r.get("ACRONYM", ""))[:80] or None,
            "provider": _clean(r.get("ORG_NAME", ""))[:300] or None,
            "credential_type": "certification",
            "url": r.get("URL") or r.get("ORG_WEBPAG") or None,
            "description": _clean(r.get("CERT_DESCRIPTION", "")) or None,
            "keywords": _clean(r.get("KEYWORD", "")) or None,
            "level": (r.get("TYPE") or "").lower() or None,  # CareerOneStop type: core/advanced/specialty/...
            "exam": flag(r.get("EXAM", "")),
            "training": flag(r.get("TRAINING", "")),
            "renewal": renews,
            "renewal_years": renewal_years,
            "format": None,
            "source_url": "https://www.careeronestop.org/Toolkit/Training/find-certifications.aspx",
            "as_of": "2026-03",
            "curated": False,
            "org_acronym": _clean(r.get("ORG ACRONYM", "")) or None,
        }
    return list(out.values())

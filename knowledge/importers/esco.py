"""ESCO occupation labels attached to O*NET 2019 codes via Nesta's crosswalk (O*NET-SOC 2010 codes)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from knowledge.importers.onet import OnetRows
from knowledge.importers.readers import ONET_CODE, parse_float, read_rows
from knowledge.importers.report import ImportReport

# Nesta confidence levels are 0.5 / 1 / 2; 0.5 marks weak matches whose labels would mislead the resolver.
MIN_CONFIDENCE = 1.0


def load_esco_aliases(sources: Path, rows: OnetRows, report: ImportReport) -> int:
    """Add ESCO preferred and alternative labels as `esco` aliases; returns how many were added."""
    soc_path = sources / "onet_soc_2010_to_2019_crosswalk" / "2010_to_2019_crosswalk.csv.gz"
    cw_path = sources / "nesta_mapping_career_causeways" / "esco_onet_crosswalk_Nov2020.csv.gz"
    esco_path = sources / "esco_v1_2" / "occupations_en.csv.gz"
    for p in (soc_path, cw_path, esco_path):
        if not p.exists():
            report.warn(f"{p} missing: ESCO labels not attached")
            return 0
    to2019: dict[str, list[str]] = defaultdict(list)
    for r in read_rows(soc_path):
        if ONET_CODE.match(r["soc2010_code"]) and r["soc2019_code"] in rows.occupations:
            to2019[r["soc2010_code"]].append(r["soc2019_code"])
    labels: dict[str, list[str]] = {}
    for r in read_rows(esco_path):
        labels[r["conceptUri"]] = [r["preferredLabel"], *[a for a in r["altLabels"].split("\n") if a.strip()]]
    added = 0
    for r in read_rows(cw_path):
        detail = f"{r.get('esco_occupation')} -> {r.get('onet_code')}"
        try:
            confidence = parse_float(r.get("confidence"))
        except ValueError:
            report.reject(cw_path.name, "bad_number", detail)
            continue
        if confidence is None or confidence < MIN_CONFIDENCE:
            report.reject(cw_path.name, "low_confidence_match", detail)
            continue
        codes = to2019.get(r["onet_code"])
        if not codes:
            report.reject(cw_path.name, "unknown_occupation", detail)
            continue
        esco_labels = labels.get(r["concept_uri"])
        if esco_labels is None:
            report.reject(cw_path.name, "unknown_esco_uri", detail)
            continue
        for code in codes:
            for label in esco_labels:
                added += rows.add_alias(code, label.strip(), "esco")
    return added

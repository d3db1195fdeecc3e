"""Tiny source and curated files in the vendored formats, with deliberate bad rows.

Every bad row is commented with the rejection reason the importer must report for it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import yaml

from knowledge.importers.vendor import (
    CERTIFICATION_COLUMNS,
    ONET_EDUCATION_CATEGORY_COLUMNS,
    ONET_EDUCATION_COLUMNS,
    ONET_RATING_COLUMNS,
)


def _gz(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))


def _tsv(*rows: tuple) -> list[str]:
    return ["\t".join(str(c) for c in r) for r in rows]


OCCUPATIONS = [
    ("43-3071.00", "Tellers", "Receive and pay out money."),
    ("15-2051.00", "Data Scientists", "Develop and implement methods to analyze data."),
    ("15-1212.00", "Information Security Analysts", "Plan and carry out security measures."),
    ("13-2011.00", "Accountants and Auditors", "Examine financial statements."),
]


EDUCATION_LEVELS = {
    1: "Less than a High School Diploma",
    2: "High School Diploma - or the equivalent (for example, GED)",
    3: "Post-Secondary Certificate - awarded for training completed after high school",
    4: "Some College Courses",
    5: "Associate's Degree (or other 2-year degree)",
    6: "Bachelor's Degree",
    7: "Post-Baccalaureate Certificate - awarded for completion of an organized program of study",
    8: "Master's Degree",
    9: "Post-Master's Certificate - awarded for completion of an organized program of study",
    10: "First Professional Degree - awarded for completion of a program",
    11: "Doctoral Degree",
    12: "Post-Doctoral Training",
}


def write_fixture_sources(root: Path) -> None:
    onet = root / "onet_29_3"
    _gz(
        onet / "occupation_data.tsv.gz",
        _tsv(
            ("O*NET-SOC Code", "Title", "Description"),
            *OCCUPATIONS,
            ("43-3071", "Bad Code", "x"),  # invalid_code
            ("15-2051.00", "Data Scientists again", "x"),  # duplicate_code
            ("11-1011.00", "", "x"),  # missing_title
        ),
    )
    _gz(
        onet / "job_zone_reference.tsv.gz",
        _tsv(
            ("Job Zone", "Name", "Experience", "Education", "Job Training", "Examples", "SVP Range"),
            *[(z, f"Job Zone {z}", "", "", "", "", "") for z in range(1, 6)],
        ),
    )
    _gz(
        onet / "job_zones.tsv.gz",
        _tsv(
            ("O*NET-SOC Code", "Job Zone"),
            ("43-3071.00", 2),
            ("15-2051.00", 4),
            ("15-1212.00", 4),
            ("13-2011.00", "four"),  # bad_number
            ("99-9999.00", 3),  # unknown_occupation
        ),
    )
    _gz(
        onet / "alternate_titles.tsv.gz",
        _tsv(
            ("O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"),
            ("43-3071.00", "Bank Teller", "", "08"),
            ("15-1212.00", "Cyber Security Analyst", "", "08"),
            ("13-2011.00", "Bookkeeping Auditor", "", "08"),
            ("15-2051.00", "Data Scientist", "", "08"),
            ("15-1212.00", "", "", "08"),  # missing_title
            ("12-3456.00", "Nobody", "", "08"),  # unknown_occupation
        ),
    )
    _gz(
        onet / "reported_titles.tsv.gz",
        _tsv(
            ("O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"),
            ("43-3071.00", "Teller", "Y"),
            ("15-1212.00", "Security Analyst", "Y"),
        ),
    )
    header = tuple(ONET_RATING_COLUMNS)
    skills = [header]
    for code, _, _ in OCCUPATIONS:
        high = code in ("15-2051.00", "15-1212.00")
        skills += [
            (code, "2.B.3.e", "Programming", "IM", 4.5 if high else 1.5, "N", ""),
            (code, "2.B.3.e", "Programming", "LV", 5.0 if high else 0.5, "N", "N"),
            (code, "2.A.1.e", "Mathematics", "IM", 4.0, "N", ""),
            (code, "2.A.1.e", "Mathematics", "LV", 4.5 if high else 3.0, "N", "N"),
        ]
    skills += [
        ("15-2051.00", "2.A.1.c", "Writing", "IM", "abc", "N", ""),  # bad_number
        ("15-2051.00", "2.A.1.c", "Writing", "LV", 9.5, "N", "N"),  # out_of_range
        ("15-2051.00", "2.A.1.d", "Speaking", "XX", 3.0, "N", ""),  # unknown_scale
        ("15-2051.00", "2.A.1.d", "Speaking", "LV", 1.0, "Y", "N"),
    ]  # suppressed_estimate
    _gz(onet / "skills.tsv.gz", _tsv(*skills))
    _gz(
        onet / "knowledge.tsv.gz",
        _tsv(
            header,
            ("15-1212.00", "2.C.3.a", "Computers and Electronics", "IM", 4.8, "N", ""),
            ("15-1212.00", "2.C.3.a", "Computers and Electronics", "LV", 5.5, "N", "N"),
            ("43-3071.00", "2.C.3.a", "Computers and Electronics", "IM", 3.0, "N", ""),
            ("43-3071.00", "2.C.3.a", "Computers and Electronics", "LV", 2.0, "N", "N"),
        ),
    )
    _gz(
        onet / "technology_skills.tsv.gz",
        _tsv(
            ("O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"),
            ("15-2051.00", "Python", "43232403", "Development environment software", "Y", "Y"),
            ("15-2051.00", "Tableau", "43232305", "Business intelligence software", "Y", "N"),
            ("15-1212.00", "Python", "43232403", "Development environment software", "Y", "Y"),
            ("43-3071.00", "Microsoft Excel", "43232110", "Spreadsheet software", "Y", "N"),
            ("15-2051.00", "", "43232403", "x", "N", "N"),  # missing_element
        ),
    )
    _gz(
        onet / "related_occupations.tsv.gz",
        _tsv(
            ("O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"),
            ("43-3071.00", "13-2011.00", "Primary-Short", 1),
            ("15-2051.00", "15-1212.00", "Primary-Long", 1),
            ("43-3071.00", "15-2051.00", "Sometimes", 2),  # unknown_tier
            ("43-3071.00", "15-1212.00", "Supplemental", "x"),  # bad_number
        ),
    )
    _gz(
        onet / "education_categories.tsv.gz",
        _tsv(
            tuple(ONET_EDUCATION_CATEGORY_COLUMNS),
            *[("RL", c, name) for c, name in EDUCATION_LEVELS.items()],
        ),
    )
    teller = {2: 60.0, 4: 30.0, 6: 10.0}  # categories 1-11; 12 comes as an out-of-range row
    teller_rows = [
        ("43-3071.00", "RL", c, teller.get(c, 0.0), 30.0, "N", "08/2023", "Incumbent") for c in range(1, 12)
    ]
    scientist = {6: 40.0, 8: 50.0, 11: 10.0}  # only the non-zero levels; the master's share is flagged
    expert = ("08/2024", "Occupational Expert")
    scientist_rows = [
        ("15-2051.00", "RL", c, p, 25.0, "Y" if c == 8 else "N", *expert) for c, p in scientist.items()
    ]
    _gz(
        onet / "education.tsv.gz",
        _tsv(
            tuple(ONET_EDUCATION_COLUMNS),
            *teller_rows,
            *scientist_rows,
            ("15-2051.00", "RL", 8, 5.0, 25.0, "N", *expert),  # duplicate_category
            ("15-1212.00", "RL", 6, 50.0, 20.0, "N", "08/2023", "Incumbent"),  # incomplete_distribution
            ("43-3071.00", "RW", 1, 10.0, 30.0, "N", "08/2023", "Incumbent"),  # unknown_scale
            ("43-3071.00", "RL", 13, 0.0, 30.0, "N", "08/2023", "Incumbent"),  # unknown_category
            ("43-3071.00", "RL", 12, 150.0, 30.0, "N", "08/2023", "Incumbent"),  # out_of_range
            ("43-3071.00", "RL", "two", 1.0, 30.0, "N", "08/2023", "Incumbent"),  # bad_number
            ("99-9999.00", "RL", 1, 100.0, 30.0, "N", "08/2023", "Incumbent"),  # unknown_occupation
        ),
    )  # fmt: skip
    cos = root / "careeronestop_certifications"
    cos.mkdir(parents=True)
    cols = CERTIFICATION_COLUMNS

    def cert(cid, name, acr="", kw="", renewal="3", desc="") -> str:
        vals = [
            cid,
            name,
            "https://example.org/c",
            acr,
            kw,
            "0",
            "1",
            renewal,
            "1",
            "0",
            "0",
            "Core",
            "1",
            "Example Org",
            "",
            "",
            desc,
        ]
        return ",".join(f'"{v}"' for v in vals)

    _gz(
        cos / "certification_finder.csv.gz",
        [
            ",".join(cols),
            cert(
                "0101",
                "Certified Information Security Analyst",
                "CISA-X",
                "cyber security analyst",
                desc="Security analysts protect information systems.",
            ),
            cert("0102", "Certified Data Scientist", "CDS", "data scientist python"),
            cert("0103", "Certified Bank Teller", "", "bank teller"),
            cert("0101", "Duplicate Row"),  # duplicate_id
            cert("ABC", "Bad Id"),  # invalid_id
            cert("0104", ""),  # missing_name
            cert("0105", "Bad Renewal", renewal="soon"),  # bad_number
        ],
    )


def write_fixture_curated(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    fields = [
        {
            "id": "banking",
            "name": "Banking",
            "aliases": ["bank teller", "banking"],
            "onet_codes": ["43-3071.00"],
        },
        {
            "id": "data-science",
            "name": "Data science",
            "aliases": ["data scientist"],
            "onet_codes": ["15-2051.00", "99-0000.00"],
        },  # unknown_occupation (code dropped, field kept)
        {
            "id": "cybersecurity",
            "name": "Cybersecurity",
            "aliases": ["cyber security", "infosec"],
            "onet_codes": ["15-1212.00"],
        },
        {"id": "Bad Id", "name": "x"},  # invalid_id
    ]
    (root / "fields.yaml").write_text(yaml.safe_dump({"fields": fields}), encoding="utf-8")
    transitions = [
        {
            "id": "banking--data-science",
            "from": "banking",
            "to": "data-science",
            "summary": "Tellers who like data.",
            "first_steps": ["Learn SQL basics.", "Take a statistics refresher."],
        },
        {
            "id": "any--cybersecurity",
            "from": "any",
            "to": "cybersecurity",
            "summary": "Open to anyone.",
            "first_steps": ["Try a free security course."],
        },
        {"id": "banking--nowhere", "from": "banking", "to": "nowhere"},  # unknown_field
        {"id": "wrong-id", "from": "banking", "to": "cybersecurity"},  # invalid_id
    ]
    (root / "transitions.yaml").write_text(yaml.safe_dump({"transitions": transitions}), encoding="utf-8")
    base = {
        "provider": "Example",
        "credential_type": "professional_certificate",
        "currency": "USD",
        "format": "online",
        "source_url": "https://example.org/x",
        "as_of": "2026-01",
        "language": "en",
        "hours": None,
        "weeks": None,
        "cost_min": None,
        "cost_max": None,
    }
    creds = [
        {
            **base,
            "id": "cur:data-cert",
            "name": "Example Data Science Certificate (EDSC)",
            "cost_min": 300,
            "cost_max": 300,
            "cost_unit": "total",
            "weeks": 12,
            "skills": ["Python", "statistics"],
            "transitions": ["banking--data-science", "finance--fintech"],
        },  # unknown_transition (link dropped)
        {
            **base,
            "id": "cur:free-sec",
            "name": "Free Security Basics",
            "cost_min": 0,
            "cost_max": 0,
            "weeks": 4,
            "skills": ["information security"],
            "transitions": ["any--cybersecurity"],
        },
        {
            **base,
            "id": "cur:bad-cost",
            "name": "Bad Cost",
            "cost_min": "cheap",
            "transitions": [],
        },  # bad_number
        {**base, "id": "no-prefix", "name": "No Prefix", "transitions": []},  # invalid_id
        {**base, "id": "cur:bad-format", "name": "Bad Format", "format": "carrier pigeon"},  # invalid_format
    ]
    lines = [json.dumps(c) for c in creds] + ["{not json"]  # bad_json
    (root / "credentials.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    overrides = [
        {"cert_id": "cos:0103", "onet_codes": ["43-3071.00"], "replace": True},
        {"cert_id": "cos:9999", "onet_codes": ["43-3071.00"]},  # unknown_credential
        {
            "cert_id": "Certified Data Scientist",
            "onet_codes": ["15-2051.00", "00-0000.00"],
        },  # unknown_occupation
    ]
    (root / "link_overrides.yaml").write_text(yaml.safe_dump({"overrides": overrides}), encoding="utf-8")
    (root / "link_gold.csv").write_text(
        "cert_id,cert_name,onet_codes,note,split\n"
        "cos:0101,Certified Information Security Analyst,15-1212.00,,test\n"
        "cos:0102,Certified Data Scientist,15-2051.00,,dev\n",
        encoding="utf-8",
    )

"""Build the knowledge base into a database URL from a sources folder and a curated folder.

`build_kb(url)` is the one entry point the CLI, the Makefile and other test suites use. It migrates
the schema, reads and validates every source row, computes automatic links, and replaces the content
of all `kb_*` tables in a single transaction, so re-running it gives the same counts (idempotent) and a
failed run leaves the previous content in place.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import create_engine, delete, func, insert, select
from tqdm import tqdm

from knowledge import models as m
from knowledge.db import ensure_sqlite_dir, migrate, sync_url
from knowledge.importers.careeronestop import load_certifications
from knowledge.importers.concepts import load_concept_aliases
from knowledge.importers.curated import CuratedRows, apply_retired, apply_same_as, load_curated
from knowledge.importers.esco import load_esco_aliases
from knowledge.importers.onet import OnetRows, load_onet
from knowledge.importers.report import ImportReport
from knowledge.linking.elements import ElementMatcher
from knowledge.linking.occupations import LinkParams, OccupationIndex, cert_parts
from knowledge.linking.occupations import select as select_links
from knowledge.text import norm

PACKAGE_DIR = Path(__file__).parent
DEFAULT_SOURCES = PACKAGE_DIR / "sources"
DEFAULT_CURATED = PACKAGE_DIR / "curated"
DEFAULT_LINK_PARAMS = LinkParams()

# delete children first, insert parents first
TABLES_IN_ORDER = [
    m.JobZone,
    m.EducationLevel,
    m.Occupation,
    m.OccupationEducation,
    m.OccupationAlias,
    m.Element,
    m.OccupationElement,
    m.RelatedOccupation,
    m.Field,
    m.FieldAlias,
    m.FieldOccupation,
    m.Transition,
    m.TransitionStep,
    m.Credential,
    m.CredentialSkill,
    m.CredentialElement,
    m.CredentialOccupation,
    m.CredentialTransition,
]
CHUNK = 5000


def occupation_index(onet: OnetRows) -> OccupationIndex:
    docs: dict[str, dict[str, list[str]]] = {
        code: {"title": [o["title"]], "alias": [], "tech": []} for code, o in onet.occupations.items()
    }
    for a in onet.aliases:
        docs[a["occupation_code"]]["alias"].append(a["alias"])
    for (code, eid), r in onet.ratings.items():
        if eid.startswith("tech:") and r["hot"]:
            docs[code]["tech"].append(onet.elements[eid]["name"])
    return OccupationIndex(docs)


def auto_links(
    certs: list[dict], index: OccupationIndex, params: LinkParams
) -> dict[str, list[tuple[str, float]]]:
    return {c["id"]: select_links(index.score(cert_parts(c)), params) for c in certs}


def _apply_overrides(
    links: dict[str, dict[str, tuple[str, float]]],
    overrides: list[dict],
    credentials: list[dict],
    report: ImportReport,
) -> None:
    by_name: dict[str, list[str]] = defaultdict(list)
    for c in credentials:
        by_name[norm(c["name"])].append(c["id"])
    ids = {c["id"] for c in credentials}
    for o in overrides:
        targets = [o["cert"]] if o["cert"] in ids else by_name.get(norm(o["cert"]), [])
        if not targets:
            report.reject("link_overrides.yaml", "unknown_credential", o["cert"])
            continue
        for cid in targets:
            if o["replace"]:
                links[cid] = {}
            for code in o["onet_codes"]:
                links[cid][code] = ("override", 1.0)


def _rows(
    onet: OnetRows, certs: list[dict], cur: CuratedRows, report: ImportReport, params: LinkParams, bar: tqdm
) -> dict[type, list[dict]]:
    credentials = [*cur.credentials, *certs]
    apply_retired(credentials, cur.retired, report)
    apply_same_as(credentials, report)
    bar.set_postfix_str("linking certifications")
    index = occupation_index(onet)
    links: dict[str, dict[str, tuple[str, float]]] = {
        cid: {code: ("auto", round(score, 4)) for code, score in found}
        for cid, found in auto_links(certs, index, params).items()
    }
    bar.update(1)
    field_codes: dict[str, list[str]] = defaultdict(list)
    for fo in cur.field_occupations:
        field_codes[fo["field_id"]].append(fo["occupation_code"])
    to_field = {t["id"]: t["to_field_id"] for t in cur.transitions}
    for ct in cur.credential_transitions:
        for code in field_codes[to_field[ct["transition_id"]]]:
            links.setdefault(ct["credential_id"], {})[code] = ("curated", 1.0)
    _apply_overrides(links, cur.overrides, credentials, report)

    bar.set_postfix_str("matching skills")
    matcher = ElementMatcher(onet.elements)
    cred_skills, cred_elements = [], set()
    for c in credentials:
        stated = cur.credential_skills.get(c["id"], [])
        for pos, skill in enumerate(stated):
            eid = matcher.match_one(skill)
            cred_skills.append(
                {"credential_id": c["id"], "position": pos, "name": skill[:300], "element_id": eid}
            )
            cred_elements |= {(c["id"], e) for e in matcher.match(skill)}
        text = " ".join(x for x in (c["name"], c.get("keywords") or "") if x)
        cred_elements |= {(c["id"], e) for e in matcher.match(text)}
    bar.update(1)
    for c in certs:
        c.pop("org_acronym", None)
    return {
        m.JobZone: onet.job_zones,
        m.EducationLevel: onet.education_levels,
        m.Occupation: list(onet.occupations.values()),
        m.OccupationEducation: onet.education,
        m.OccupationAlias: onet.aliases,
        m.Element: list(onet.elements.values()),
        m.OccupationElement: list(onet.ratings.values()),
        m.RelatedOccupation: onet.related,
        m.Field: cur.fields,
        m.FieldAlias: cur.field_aliases,
        m.FieldOccupation: cur.field_occupations,
        m.Transition: cur.transitions,
        m.TransitionStep: cur.steps,
        m.Credential: credentials,
        m.CredentialSkill: cred_skills,
        m.CredentialElement: [{"credential_id": c, "element_id": e} for c, e in sorted(cred_elements)],
        m.CredentialOccupation: [
            {"credential_id": cid, "occupation_code": code, "method": method, "score": score}
            for cid, found in links.items()
            for code, (method, score) in found.items()
        ],
        m.CredentialTransition: cur.credential_transitions,
    }


def build_kb(
    url: str,
    sources: Path = DEFAULT_SOURCES,
    curated: Path = DEFAULT_CURATED,
    progress: bool = True,
    report_path: Path | None = None,
    link_params: LinkParams = DEFAULT_LINK_PARAMS,
) -> ImportReport:
    """Migrate `url`, import everything from `sources` and `curated`, return the report."""
    started = time.perf_counter()
    report = ImportReport()
    url = sync_url(url)
    ensure_sqlite_dir(url)
    migrate(url)
    with tqdm(total=8, desc="knowledge import", unit="step", disable=not progress) as bar:
        onet = load_onet(sources / "onet_29_3", report, tick=lambda _: bar.update(1))
        load_esco_aliases(sources, onet, report)
        certs = load_certifications(
            sources / "careeronestop_certifications" / "certification_finder.csv.gz", report
        )
        cur = load_curated(curated, set(onet.occupations), report)
        load_concept_aliases(curated / "concept_aliases.yaml", onet, cur, report)
        bar.update(1)
        rows = _rows(onet, certs, cur, report, link_params, bar)
        bar.set_postfix_str("writing")
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                for model in reversed(TABLES_IN_ORDER):
                    conn.execute(delete(model))
                for model in TABLES_IN_ORDER:
                    cols = [c.key for c in model.__table__.columns]
                    data = [{c: r.get(c) for c in cols} for r in rows[model]]  # executemany needs equal keys
                    for i in range(0, len(data), CHUNK):
                        conn.execute(insert(model), data[i : i + CHUNK])
                for model in TABLES_IN_ORDER:
                    report.counts[model.__tablename__] = conn.execute(
                        select(func.count()).select_from(model)
                    ).scalar_one()
        finally:
            engine.dispose()
        bar.update(1)
    report.seconds = time.perf_counter() - started
    if report_path is not None:
        report.write(report_path)
    return report

"""Importer: validation of every row, rejection report, idempotency, missing curated files."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, select

from knowledge import models as m
from knowledge.build import build_kb

EXPECTED_REJECTIONS = {
    "occupation_data.tsv.gz: invalid_code",
    "occupation_data.tsv.gz: duplicate_code",
    "occupation_data.tsv.gz: missing_title",
    "job_zones.tsv.gz: bad_number",
    "job_zones.tsv.gz: unknown_occupation",
    "alternate_titles.tsv.gz: missing_title",
    "alternate_titles.tsv.gz: unknown_occupation",
    "skills.tsv.gz: bad_number",
    "skills.tsv.gz: out_of_range",
    "skills.tsv.gz: unknown_scale",
    "skills.tsv.gz: suppressed_estimate",
    "technology_skills.tsv.gz: missing_element",
    "related_occupations.tsv.gz: unknown_tier",
    "related_occupations.tsv.gz: bad_number",
    "certification_finder.csv.gz: duplicate_id",
    "certification_finder.csv.gz: invalid_id",
    "certification_finder.csv.gz: missing_name",
    "certification_finder.csv.gz: bad_number",
    "fields.yaml: unknown_occupation",
    "fields.yaml: invalid_id",
    "transitions.yaml: unknown_field",
    "transitions.yaml: invalid_id",
    "credentials.jsonl: unknown_transition",
    "credentials.jsonl: bad_number",
    "credentials.jsonl: invalid_id",
    "credentials.jsonl: invalid_format",
    "credentials.jsonl: bad_json",
    "link_overrides.yaml: unknown_credential",
    "link_overrides.yaml: unknown_occupation",
}


def test_fixture_import_rejects_each_bad_row_with_its_reason(fixture_dirs, tmp_path):
    sources, curated = fixture_dirs
    report_path = tmp_path / "report.json"
    report = build_kb(
        f"sqlite:///{tmp_path / 'kb.db'}", sources, curated, progress=False, report_path=report_path
    )
    assert EXPECTED_REJECTIONS <= set(report.rejected), EXPECTED_REJECTIONS - set(report.rejected)
    assert report.counts["kb_occupations"] == 4
    assert report.counts["kb_fields"] == 3
    assert report.counts["kb_transitions"] == 2
    assert report.counts["kb_credentials"] == 2 + 3  # two curated + three valid CareerOneStop rows
    saved = json.loads(report_path.read_text())
    assert saved["rejected_total"] == report.total_rejected > 0
    assert "credentials.jsonl: bad_json" in report.render()


def test_fixture_import_keeps_valid_parts_of_rows(fixture_dirs, tmp_path):
    sources, curated = fixture_dirs
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build_kb(url, sources, curated, progress=False)
    engine = create_engine(url)
    with engine.connect() as conn:
        links = set(
            conn.execute(select(m.CredentialTransition.credential_id, m.CredentialTransition.transition_id))
        )
        codes = set(conn.execute(select(m.FieldOccupation.field_id, m.FieldOccupation.occupation_code)))
        overrides = set(
            conn.execute(
                select(
                    m.CredentialOccupation.credential_id,
                    m.CredentialOccupation.occupation_code,
                    m.CredentialOccupation.method,
                )
            )
        )
        acronym = conn.execute(
            select(m.Credential.acronym).where(m.Credential.id == "cur:data-cert")
        ).scalar_one()
    engine.dispose()
    assert ("cur:data-cert", "banking--data-science") in links  # the known transition stays
    assert ("data-science", "15-2051.00") in codes  # the field stays without its unknown code
    assert ("cos:0103", "43-3071.00", "override") in overrides
    assert ("cos:0102", "15-2051.00", "override") in overrides  # override by certification name
    assert acronym == "EDSC"  # taken from the name's parentheses


def test_import_is_idempotent(fixture_dirs, tmp_path):
    sources, curated = fixture_dirs
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    first = build_kb(url, sources, curated, progress=False)
    second = build_kb(url, sources, curated, progress=False)
    assert first.counts == second.counts
    assert dict(first.rejected) == dict(second.rejected)


def test_missing_curated_files_give_warnings_not_errors(fixture_dirs, tmp_path):
    sources, _ = fixture_dirs
    empty = tmp_path / "no-curated"
    empty.mkdir()
    report = build_kb(f"sqlite:///{tmp_path / 'kb.db'}", sources, empty, progress=False)
    assert report.counts["kb_fields"] == 0 and report.counts["kb_occupations"] == 4
    assert len([w for w in report.warnings if "not found" in w]) == 5


def test_full_import_counts(full_kb_url):
    engine = create_engine(full_kb_url)
    with engine.connect() as conn:
        n_occ = len(conn.execute(select(m.Occupation.code)).all())
        n_cos = len(conn.execute(select(m.Credential.id).where(m.Credential.id.like("cos:%"))).all())
        esco = conn.execute(
            select(m.OccupationAlias.alias).where(m.OccupationAlias.source == "esco").limit(1)
        ).all()
    engine.dispose()
    assert n_occ == 1016
    assert n_cos == 6408  # 6,444 rows, 36 repeated ids
    assert esco, "ESCO labels attached through the crosswalk"

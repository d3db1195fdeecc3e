"""O*NET required-education import and `KnowledgeBase.education()` ("do I need a degree for this?")."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, select

from knowledge import models as m
from knowledge.api import KnowledgeBase
from knowledge.build import build_kb
from knowledge.importers.onet import short_level_name
from knowledge.query.education import summarise

session_loop = pytest.mark.asyncio(loop_scope="session")  # the full-KB `kb` fixture lives there

EDUCATION_REJECTIONS = {
    f"education.tsv.gz: {reason}"
    for reason in (
        "duplicate_category",
        "incomplete_distribution",
        "unknown_scale",
        "unknown_category",
        "out_of_range",
        "bad_number",
        "unknown_occupation",
    )
}


@pytest.fixture
def fixture_kb_url(fixture_dirs, tmp_path):
    sources, curated = fixture_dirs
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    report = build_kb(url, sources, curated, progress=False)
    assert EDUCATION_REJECTIONS <= set(report.rejected), EDUCATION_REJECTIONS - set(report.rejected)
    assert report.counts["kb_education_levels"] == 12
    assert report.counts["kb_occupation_education"] == 11 + 3  # tellers' 11 valid rows, scientists' 3
    return url


# -- import ---------------------------------------------------------------------------------------------
def test_fixture_import_keeps_short_level_names_and_flags(fixture_kb_url):
    engine = create_engine(fixture_kb_url)
    with engine.connect() as conn:
        names = dict(conn.execute(select(m.EducationLevel.category, m.EducationLevel.name)).all())
        flagged = set(
            conn.execute(
                select(m.OccupationEducation.occupation_code, m.OccupationEducation.category).where(
                    m.OccupationEducation.suppress.is_(True)
                )
            )
        )
        codes = set(conn.execute(select(m.OccupationEducation.occupation_code)).scalars())
    engine.dispose()
    assert names[2] == "High School Diploma" and names[5] == "Associate's Degree"
    assert names[3] == "Post-Secondary Certificate" and names[12] == "Post-Doctoral Training"
    assert flagged == {("15-2051.00", 8)}
    assert codes == {"43-3071.00", "15-2051.00"}  # the incomplete distribution was left out whole


@pytest.mark.parametrize(
    ("description", "name"),
    [
        ("High School Diploma - or the equivalent (for example, GED)", "High School Diploma"),
        ("Associate's Degree (or other 2-year degree)", "Associate's Degree"),
        ("Post-Secondary Certificate - awarded for training after high school", "Post-Secondary Certificate"),
        ("Doctoral Degree", "Doctoral Degree"),
    ],
)  # fmt: skip
def test_short_level_name(description, name):
    assert short_level_name(description) == name


def test_full_import_has_the_rl_distribution(full_kb_url):
    engine = create_engine(full_kb_url)
    with engine.connect() as conn:
        levels = conn.execute(select(m.EducationLevel.category)).scalars().all()
        codes = set(conn.execute(select(m.OccupationEducation.occupation_code)).scalars())
    engine.dispose()
    assert sorted(levels) == list(range(1, 13))
    assert len(codes) == 858  # every O*NET 29.3 occupation with RL data (see the vendored SOURCE.md)


# -- query on the fixture knowledge base ------------------------------------------------------------------
@session_loop
async def test_fixture_profiles(fixture_kb_url):
    kb = KnowledgeBase.from_url(fixture_kb_url)
    try:
        teller = await kb.education("bank teller")  # a field: its first occupation with data
        scientist = await kb.education("data scientist")
        analyst = await kb.education("15-1212.00")  # its distribution was rejected as incomplete
        nothing = await kb.education("qqq zzz")
    finally:
        await kb.close()
    assert (teller.occupation_code, teller.title, teller.job_zone) == ("43-3071.00", "Tellers", 2)
    assert teller.share_no_degree == pytest.approx(0.9)
    assert teller.share_bachelor_or_more == pytest.approx(0.1)
    assert teller.typical_level == "High School Diploma"
    assert teller.respondents == 30 and teller.low_precision is False
    assert teller.source.endswith("Education, Training, and Experience (survey of workers, 08/2023)")
    assert scientist.share_no_degree == 0.0 and scientist.typical_level == "Master's Degree"
    assert scientist.low_precision is True and "occupational experts, 08/2024" in scientist.source
    assert [name for name, _ in scientist.levels] == [
        "Bachelor's Degree",
        "Master's Degree",
        "Doctoral Degree",
    ]
    assert analyst.job_zone == 4
    assert analyst.share_no_degree is None and analyst.typical_level is None and analyst.levels == ()
    assert analyst.source.endswith("Job Zones")
    assert nothing is None


# -- query on the full knowledge base ---------------------------------------------------------------------
@session_loop
async def test_registered_nurses(kb):
    profile = await kb.education("Registered Nurses")
    assert profile.occupation_code == "29-1141.00"
    assert 0.0 <= profile.share_no_degree <= 1.0 and 0.0 <= profile.share_bachelor_or_more <= 1.0
    assert profile.share_no_degree + profile.share_bachelor_or_more == pytest.approx(1.0, abs=1e-3)
    assert sum(share for _, share in profile.levels) == pytest.approx(1.0, abs=1e-3)
    assert len(profile.levels) == 12
    assert profile.typical_level == "Bachelor's Degree"
    # O*NET: many nurses report an associate's degree or a certificate as the required level
    assert 0.3 < profile.share_no_degree < 0.6
    assert profile.job_zone in (3, 4) and profile.job_zone_education
    assert profile.low_precision is True  # O*NET flags the bachelor's share of this sample
    assert "29-1141" not in profile.source


@session_loop
async def test_cashiers_mostly_need_no_degree(kb):
    profile = await kb.education("41-2011.00")
    assert profile.title == "Cashiers"
    assert profile.share_no_degree > 0.95 and profile.share_bachelor_or_more < 0.05
    assert profile.typical_level == "High School Diploma"
    assert profile.job_zone in (1, 2)


@session_loop
async def test_software_developers_have_a_job_zone_but_no_distribution(kb):
    profile = await kb.education("Software Developers")
    assert profile.occupation_code == "15-1252.00"
    assert profile.job_zone == 4 and "bachelor" in profile.job_zone_education.lower()
    assert profile.share_no_degree is None and profile.share_bachelor_or_more is None


@session_loop
async def test_a_field_uses_its_first_occupation_with_data(kb):
    nursing = await kb.education("field:nursing")
    software = await kb.education("field:software-development")
    assert nursing.occupation_code == "29-1141.00"
    assert software.occupation_code != "15-1252.00"  # first in the field's list, but no O*NET data
    assert software.share_no_degree is not None


@session_loop
async def test_a_field_has_shares_whenever_one_of_its_occupations_has_data(kb, full_kb_url):
    engine = create_engine(full_kb_url)
    with engine.connect() as conn:
        with_data = set(conn.execute(select(m.OccupationEducation.occupation_code)).scalars())
    engine.dispose()
    data = await kb._load()
    for fid, codes in data.field_codes.items():
        profile = await kb.education(f"field:{fid}")
        assert profile is not None, fid
        assert (profile.share_no_degree is not None) == bool(with_data & set(codes)), fid


@session_loop
async def test_unknown_text_gives_none(kb):
    assert await kb.education("qqqq zzzz") is None


# -- summarise --------------------------------------------------------------------------------------------
def _row(category, name, percent, suppress=False):
    return SimpleNamespace(
        category=category,
        name=name,
        percent=percent,
        respondents=10,
        suppress=suppress,
        collected=None,
        domain_source=None,
    )


def test_summarise_normalises_rounded_percentages_and_breaks_ties_low():
    rows = [_row(2, "High School Diploma", 49.5), _row(6, "Bachelor's Degree", 49.5)]  # sums to 99
    profile = summarise("00-0000.00", "Example", None, None, rows)
    assert profile.share_no_degree == 0.5 and profile.share_bachelor_or_more == 0.5
    assert profile.typical_level == "High School Diploma"
    assert profile.source.endswith("Education, Training, and Experience")  # no date or domain stated


def test_summarise_without_rows_keeps_the_job_zone():
    profile = summarise("00-0000.00", "Example", 3, "Most occupations in this zone ...", [])
    assert profile.job_zone == 3 and profile.share_no_degree is None and profile.typical_level is None

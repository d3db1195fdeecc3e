"""Required education of an occupation, from O*NET's "Education, Training, and Experience" (scale RL).

"Can I do it without a degree?" deserves a figure about the person's own target, not a general answer:
O*NET asks workers (or occupational experts) which level of education the job *requires*, and reports the
share naming each of 12 levels. `education_profile` turns that distribution, plus the occupation's job
zone, into an `EducationProfile`. The tables are small and the question rare, so it reads them per call
instead of holding them in the knowledge base's in-memory index.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from knowledge import models as m
from knowledge.types import EducationProfile

BACHELOR = 6  # O*NET RL category "Bachelor's Degree"; 1-5 are below it, 7-12 above
SOURCE = "O*NET 29.3 Database, U.S. Department of Labor (CC BY 4.0)"
DOMAIN = {"Incumbent": "survey of workers", "Occupational Expert": "occupational experts"}


async def education_profile(conn: AsyncConnection, codes: Sequence[str]) -> EducationProfile | None:
    """The profile of the first of `codes` that has an education distribution.

    When none has one, the first code's job zone alone (shares None); None when no code is known.
    """
    if not codes:
        return None
    level_rows = (
        await conn.execute(
            select(
                m.OccupationEducation.occupation_code,
                m.OccupationEducation.category,
                m.EducationLevel.name,
                m.OccupationEducation.percent,
                m.OccupationEducation.respondents,
                m.OccupationEducation.suppress,
                m.OccupationEducation.collected,
                m.OccupationEducation.domain_source,
            )
            .join(m.EducationLevel, m.EducationLevel.category == m.OccupationEducation.category)
            .where(m.OccupationEducation.occupation_code.in_(list(codes)))
            .order_by(m.OccupationEducation.category)
        )
    ).all()
    by_code: dict[str, list] = {}
    for row in level_rows:
        by_code.setdefault(row.occupation_code, []).append(row)
    chosen = next((code for code in codes if code in by_code), codes[0])
    occupation = (
        await conn.execute(
            select(m.Occupation.code, m.Occupation.title, m.Occupation.job_zone, m.JobZone.education)
            .outerjoin(m.JobZone, m.JobZone.zone == m.Occupation.job_zone)
            .where(m.Occupation.code == chosen)
        )
    ).first()
    if occupation is None:
        return None
    return summarise(
        occupation.code, occupation.title, occupation.job_zone, occupation.education, by_code.get(chosen, [])
    )


def summarise(
    code: str, title: str, job_zone: int | None, zone_education: str | None, rows: Sequence
) -> EducationProfile:
    """Shares from one occupation's rows (attributes category, name, percent, respondents, suppress,
    collected, domain_source). Percentages are normalised by their sum, which O*NET rounds near 100."""
    total = sum(r.percent for r in rows)
    if not rows or total <= 0:
        return EducationProfile(
            code, title, job_zone, zone_education, None, None, None, f"{SOURCE}: Job Zones"
        )
    levels = tuple((r.name, round(r.percent / total, 4)) for r in sorted(rows, key=lambda r: r.category))
    below = sum(r.percent for r in rows if r.category < BACHELOR) / total
    # the most named level; a tie goes to the lower level, the less discouraging reading
    typical = min(rows, key=lambda r: (-r.percent, r.category)).name
    first = rows[0]
    how = ", ".join(x for x in (DOMAIN.get(first.domain_source or ""), first.collected) if x)
    source = f"{SOURCE}: Education, Training, and Experience" + (f" ({how})" if how else "")
    return EducationProfile(
        occupation_code=code,
        title=title,
        job_zone=job_zone,
        job_zone_education=zone_education,
        share_no_degree=round(below, 4),
        share_bachelor_or_more=round(1.0 - below, 4),
        typical_level=typical,
        source=source,
        levels=levels,
        respondents=first.respondents,
        low_precision=any(r.suppress for r in rows),
    )

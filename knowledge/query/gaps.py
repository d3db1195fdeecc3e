"""Skill gaps between two sets of occupations from O*NET importance and level.

A profile averages each element over the occupations of a side (a field means several occupations).
Skills and knowledge: an element counts when its importance in the target is at least 3 ("important"
on O*NET's 1-5 scale); the gap is target level minus current level (0-7 scale), kept when above 0.5,
and ranked by importance × gap. Technology: O*NET gives no rating, so a "hot technology" of the target
that the current side does not list is a gap when at least half the target occupations list it; its
importance is 1 + 4 × that share (1-5, comparable to O*NET importance) and it ranks by importance × 1.5,
the weight of a modest skill gap of 1.5 levels. At most a third of the returned gaps are technologies, so
long tool lists do not push out the skills O*NET rates as important.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.types import SkillGap

MIN_IMPORTANCE = 3.0
MIN_GAP = 0.5
TECH_GAP_WEIGHT = 1.5
MIN_TECH_SHARE = 0.5  # a technology counts for a field when at least half its occupations list it
TECH_SHARE = 1 / 3  # at most a third of the listed gaps are technologies


@dataclass(frozen=True)
class Rating:
    element_id: str
    kind: str
    name: str
    importance: float | None
    level: float | None
    hot: bool


Profile = dict[str, Rating]  # element id -> rating (one occupation)


def merge(profiles: list[Profile]) -> tuple[dict[str, Rating], dict[str, float]]:
    """Average ratings over occupations; returns (averaged ratings, share of occupations listing each)."""
    sums: dict[str, list] = {}
    for prof in profiles:
        for eid, r in prof.items():
            s = sums.setdefault(eid, [r, 0.0, 0, 0.0, 0, 0])
            if r.importance is not None:
                s[1] += r.importance
                s[2] += 1
            if r.level is not None:
                s[3] += r.level
                s[4] += 1
            s[5] += 1
    n = max(len(profiles), 1)
    merged, share = {}, {}
    for eid, (r, imp, n_imp, lvl, n_lvl, count) in sums.items():
        merged[eid] = Rating(
            eid, r.kind, r.name, imp / n_imp if n_imp else None, lvl / n_lvl if n_lvl else None, r.hot
        )
        share[eid] = count / n
    return merged, share


Merged = tuple[dict[str, Rating], dict[str, float]]


def skill_gaps(
    current: list[Profile] | Merged, target: list[Profile] | Merged, limit: int = 12
) -> list[tuple[SkillGap, str, float]]:
    """Ranked gaps as (SkillGap, element id, weight); sides are profiles or already merged profiles."""
    cur, _ = current if isinstance(current, tuple) else merge(current) if current else ({}, {})
    tgt, share = target if isinstance(target, tuple) else merge(target)
    out: list[tuple[SkillGap, str, float]] = []
    for eid, t in tgt.items():
        c = cur.get(eid)
        if t.kind in ("skill", "knowledge"):
            if t.importance is None or t.level is None or t.importance < MIN_IMPORTANCE:
                continue
            current_level = c.level if c is not None else None
            gap = t.level - (current_level or 0.0)
            if gap <= MIN_GAP:
                continue
            out.append(
                (
                    SkillGap(
                        t.name,
                        t.kind,
                        round(t.level, 2),
                        None if current_level is None else round(current_level, 2),
                        round(gap, 2),
                        round(t.importance, 2),
                    ),
                    eid,
                    t.importance * gap,
                )
            )
        elif t.kind == "technology" and t.hot and c is None and share[eid] >= MIN_TECH_SHARE:
            importance = 1 + 4 * share[eid]
            out.append(
                (
                    SkillGap(
                        t.name,
                        "technology",
                        round(importance, 2),
                        None,
                        round(importance, 2),
                        round(importance, 2),
                    ),
                    eid,
                    importance * TECH_GAP_WEIGHT,
                )
            )
    out.sort(key=lambda g: (-g[2], g[0].name))
    n_tech = max(1, int(limit * TECH_SHARE))
    techs = [g for g in out if g[0].kind == "technology"][:n_tech]
    others = [g for g in out if g[0].kind != "technology"][: limit - len(techs)]
    return sorted(techs + others, key=lambda g: (-g[2], g[0].name))

"""Skill gaps between two sets of occupations from O*NET importance and level.

A side is the occupations that truly stand for it (`side_codes`): a field's most representative O*NET
occupation and the others of the field in the same SOC minor group, not every occupation the field
lists, so construction managers do not stand in for project coordinators. A profile averages each
element over those occupations. Skills and knowledge: an element counts when its importance in the
target is at least 3 ("important" on O*NET's 1-5 scale) and it is not a basic skill everyone is rated
on (reading, listening, speaking, learning); the gap is target level minus current level (0-7 scale),
kept when above 0.5, and ranked by importance × gap (knowledge areas × 0.6: they are broad).
Technology: O*NET gives no rating, so a technology the target's employers ask for (O*NET's "In Demand"
flag) is a gap when at least half the target occupations list it in demand and it is not a core tool
of the current side (in demand there too: O*NET lists SQL and Tableau among the many tools some
accountants use, which does not make them an accountant's skill). Its importance is 1 + 4 × that share
(1-5, comparable to O*NET importance) and it ranks by importance × 1.5, the weight of a modest skill
gap of 1.5 levels. Left out: "hot" technologies that are not in demand (long tool lists: Hadoop, Maven,
MATLAB for a UX designer) and office software in demand nearly everywhere (Excel, Outlook). At most
half of the returned gaps are technologies, and a name appears once (O*NET has both a "Mathematics"
skill and knowledge area).
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.types import SkillGap

MIN_IMPORTANCE = 3.0
MIN_GAP = 0.5
TECH_GAP_WEIGHT = 1.5
MIN_TECH_SHARE = 0.5  # a technology counts for a field when at least half its occupations list it
TECH_SHARE = 1 / 2  # at most half of the listed gaps are technologies
KNOWLEDGE_ORDER = 0.6  # knowledge areas are broad: they rank below a skill or tool gap of the same size
GENERIC_TECH_SHARE = 0.08  # in demand in this share of all occupations: office software, not a gap
# O*NET basic skills everyone is rated on; a counselor does not send a person to learn to "read"
BASIC_SKILLS = frozenset({"2.A.1.a", "2.A.1.b", "2.A.1.d", "2.A.2.a", "2.A.2.b", "2.A.2.c", "2.A.2.d"})


@dataclass(frozen=True)
class Rating:
    element_id: str
    kind: str
    name: str
    importance: float | None
    level: float | None
    hot: bool
    in_demand: bool = False


Profile = dict[str, Rating]  # element id -> rating (one occupation)


def merge(profiles: list[Profile]) -> tuple[dict[str, Rating], dict[str, float]]:
    """Average ratings over occupations; returns (averaged ratings, share of occupations listing each)."""
    sums: dict[str, list] = {}
    demand: dict[str, int] = {}
    for prof in profiles:
        for eid, r in prof.items():
            demand[eid] = demand.get(eid, 0) + r.in_demand
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
            eid,
            r.kind,
            r.name,
            imp / n_imp if n_imp else None,
            lvl / n_lvl if n_lvl else None,
            r.hot,
            demand[eid] > 0,
        )
        share[eid] = (demand[eid] if r.kind == "technology" else count) / n
    return merged, share


Merged = tuple[dict[str, Rating], dict[str, float]]


def rated(profile: Profile) -> bool:
    return any(r.kind != "technology" and r.importance is not None for r in profile.values())


def side_codes(codes: list[str], profiles: dict[str, Profile]) -> list[str]:
    """The occupations that stand for a side: the first (most representative) code and the side's other
    codes in its SOC minor group ("15-2" for data occupations); when none of those has skill ratings,
    the first rated code of the same SOC major group is added."""
    if not codes:
        return []
    first = codes[0]
    members = [first] + [c for c in codes[1:] if c[:4] == first[:4]]
    if not any(rated(profiles.get(c, {})) for c in members):
        extra = next((c for c in codes if c[:2] == first[:2] and rated(profiles.get(c, {}))), None)
        if extra is not None:
            members.append(extra)
    return members


def generic_technologies(profiles: dict[str, Profile]) -> frozenset[str]:
    """Technologies in demand in at least GENERIC_TECH_SHARE of occupations (Excel, Outlook, Word…)."""
    counts: dict[str, int] = {}
    for prof in profiles.values():
        for eid, r in prof.items():
            if r.kind == "technology" and r.in_demand:
                counts[eid] = counts.get(eid, 0) + 1
    floor = GENERIC_TECH_SHARE * max(len(profiles), 1)
    return frozenset(eid for eid, n in counts.items() if n >= floor)


def skill_gaps(
    current: list[Profile] | Merged,
    target: list[Profile] | Merged,
    limit: int = 12,
    generic: frozenset[str] = frozenset(),
) -> list[tuple[SkillGap, str, float]]:
    """Ranked gaps as (SkillGap, element id, weight); sides are profiles or already merged profiles.
    `generic` technologies (see `generic_technologies`) are never gaps."""
    cur, _ = current if isinstance(current, tuple) else merge(current) if current else ({}, {})
    tgt, share = target if isinstance(target, tuple) else merge(target)
    out: list[tuple[SkillGap, str, float]] = []
    for eid, t in tgt.items():
        c = cur.get(eid)
        if t.kind in ("skill", "knowledge"):
            if t.importance is None or t.level is None or t.importance < MIN_IMPORTANCE:
                continue
            if eid in BASIC_SKILLS:
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
                    t.importance * gap * (KNOWLEDGE_ORDER if t.kind == "knowledge" else 1.0),
                )
            )
        elif (
            t.kind == "technology"
            and t.in_demand
            and (c is None or not c.in_demand)
            and share[eid] >= MIN_TECH_SHARE
            and eid not in generic
        ):
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
    seen: set[str] = set()
    unique = []
    for g in out:  # strongest first, so the kept one of two same-named elements is the larger gap
        if g[0].name.lower() not in seen:
            seen.add(g[0].name.lower())
            unique.append(g)
    out = unique
    n_tech = max(1, int(limit * TECH_SHARE))
    techs = [g for g in out if g[0].kind == "technology"][:n_tech]
    others = [g for g in out if g[0].kind != "technology"][: limit - len(techs)]
    return sorted(techs + others, key=lambda g: (-g[2], g[0].name))

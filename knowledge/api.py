"""Async query API of the knowledge base (ARCHITECTURE.md, Contract 1).

`KnowledgeBase.from_url(url)` only stores the URL: the engine is created and the data read on the first
query. The knowledge base is read-only at run time, so small tables (fields, transitions, credentials,
links, the resolver index) are loaded once into memory; occupation skill profiles are read per
occupation on demand and cached. The resolver index is built in a worker thread so the event loop is not
blocked while ~75k aliases are indexed.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import create_engine, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from knowledge import display
from knowledge import models as m
from knowledge.db import async_url, sync_url
from knowledge.linking.names import SPECIFIC_IDF as SPECIFIC_NAME_IDF
from knowledge.linking.names import NameIndex, shares_specific_word, title_phrases, words
from knowledge.outlook import Outlook, outlook_for
from knowledge.query import eligibility, ranking, region, stage
from knowledge.query.education import education_profile
from knowledge.query.gaps import (
    Merged,
    Profile,
    Rating,
    generic_technologies,
    merge,
    side_codes,
    skill_gaps,
)
from knowledge.query.mentions import MentionIndex, TextMatch
from knowledge.query.resolver import Resolver
from knowledge.text import norm
from knowledge.types import (
    Comparison,
    Constraints,
    Credential,
    EducationProfile,
    Match,
    Move,
    Recommendation,
    RecommendationResult,
    SkillGap,
)

ONET_ID = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
MAX_SIDE_CODES = 5  # a field's first occupations stand for it in skill gaps
GAP_LIMIT = 12
MAX_LINKED_CANDIDATES = 60
MAX_TITLE_PHRASES = 25  # O*NET alternate titles of a target used to find credentials named for it
SPREAD_LINK = 0.3  # a curated credential's link spread over its transition's field, for one occupation
# a credential for those who teach a subject ("Journalism Educator", "Master Teacher"): named for the subject,
# it is no step into the subject's own work
_TEACHES = re.compile(r"\b(?:educators?|teachers?|teaching|instructors?|faculty|educa\w*)\b", re.I)
FIELD_LIST_FOR_ONE_JOB = 0.5  # curation weight of a field transition's credential for one occupation
FIELD_LIST_FLOOR = 0.5  # link of a credential listed for a field by the move from one background of many
# the weight of a field's name when the person named another job of it than its first ("property manager" in
# real estate): below the guard, so "Real Estate Investing Certification" is not made for property managers
FIELD_NAME_FOR_OTHER_JOB = 0.5
# a credential named for the person's own job by this much more than for the target is theirs already
HELD_MARGIN = 0.1
ENTERING_NAME_POOL = 70  # credentials named for the target read for someone entering the field
MAX_NAMED = 40  # credentials named for the target read otherwise (`NameIndex.match`'s default)
OTHER_WORK_SHARE = 0.5  # weight of an alternate title's match on a name about another field's work
FIELD_WORD_GROUPS = 2  # a field's word in the titles of more SOC major groups says a topic, not a field
RELATED_FALLBACK = 5  # O*NET lists 5 Primary-Short relatives per occupation
# O*NET's relatedness tiers, as a person reads them (the tier names themselves never reach a person).
RELATED_REASON = {
    "Primary-Short": "O*NET lists it among the occupations closest to yours",
    "Primary-Long": "O*NET lists it as closely related to yours",
}
GAP_CACHE_SIZE = 4096  # gaps depend only on the two occupation lists; the data is read-only at run time
CREDENTIAL_FIELDS = [f for f in Credential.__dataclass_fields__ if f not in ("skills",)]


class KnowledgeBaseMissing(RuntimeError):
    """The database URL points at no built knowledge base."""


@dataclass
class _Data:
    resolver: Resolver
    fields: dict[str, str]
    field_codes: dict[str, list[str]]
    fields_of_code: dict[str, list[str]]
    transitions: dict[str, tuple[str | None, str, str | None]]  # id -> (from field, to field, summary)
    steps: dict[str, list[str]]
    transition_creds: dict[str, list[str]]
    credentials: dict[str, Credential]
    cred_elements: dict[str, frozenset[str]]
    links_by_code: dict[str, list[tuple[str, float, str]]]  # code -> (credential, score, method)
    codes_by_cred: dict[str, list[str]]  # every link method
    hand_codes_by_cred: dict[str, list[str]]  # override and curated links only
    cred_names: list[str]
    cred_name_ids: list[str]
    acronyms: dict[str, list[str]]
    occupations: dict[str, str]
    cred_vocabulary: frozenset[str]
    cred_vocabulary_list: list[str]
    profiles: dict[str, Profile]
    related: dict[str, list[tuple[str, str, int]]]
    names: NameIndex | None = None
    generic_tech: frozenset[str] = frozenset()  # office software in demand nearly everywhere
    mentions: MentionIndex | None = None
    alternate_titles: dict[str, list[str]] = field(default_factory=dict)  # code -> O*NET alternate titles
    naming_titles: dict[str, list[str]] = field(default_factory=dict)  # the ones that name the job
    gap_cache: dict[tuple, list] = field(default_factory=dict)
    job_zones: dict[str, int] = field(default_factory=dict)  # O*NET code -> Job Zone 1-5
    licensed_professions: tuple[str, ...] = ()  # named by the KB's licensure exams ("registered nurse")
    field_acronyms: dict[str, list[str]] = field(default_factory=dict)  # field id -> "RN", "IT" ...
    requirements: dict[str, eligibility.Requirement | None] = field(default_factory=dict)  # per credential
    scopes: dict[str, str] = field(default_factory=dict)  # credential -> where it applies (region.scope)
    name_words: dict[str, frozenset[str]] = field(default_factory=dict)  # credential -> its name's words
    skill_words: dict[str, frozenset[str]] = field(default_factory=dict)  # ... and its stated skills' words
    side_cache: dict[tuple, Merged] = field(default_factory=dict)
    breadth: dict[str, int] = field(default_factory=dict)  # credential -> curated moves listing it
    listed_into: dict[str, frozenset[str]] = field(default_factory=dict)  # credential -> target fields
    # O*NET's own short forms of a job ("EMT", "CNA", "LPN": `job_acronyms`), so that a requirement
    # worded with one ("EMT certification or a state EMT license") is met by the job given by its code
    code_acronyms: dict[str, frozenset[str]] = field(default_factory=dict)
    one_word_aliases: tuple[str, ...] = ()  # fields' one-word aliases ("nursing", "chef", "payroll")
    field_words: frozenset[str] = frozenset()  # ... stemmed, those of few SOC major groups' titles
    group_words: dict[str, frozenset[str]] = field(default_factory=dict)  # major group -> its titles' words
    moves_into: dict[str, list[str]] = field(default_factory=dict)  # field -> curated transitions into it
    title_vocabulary: dict[str, frozenset[str]] = field(default_factory=dict)  # code -> its titles' words


_ACRONYM_ALIAS = re.compile(r"^[A-Z]{2,5}$")
_RESIDUAL = re.compile(r",\s*All Other\b")


def _initials(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", _PARENS.sub(" ", text)) if w.lower() not in _MINOR)


_PARENS = re.compile(r"\([^)]*\)")
_MINOR = frozenset({"and", "of", "the", "for", "in", "a", "an"})


def job_acronyms(aliases, occupations: dict[str, str]) -> dict[str, frozenset[str]]:
    """code -> O*NET's upper-case short titles that spell the initials of its title, of a part of it or of
    another of its titles ("EMT" for Emergency Medical Technicians, "CNA" for Nursing Assistants through
    "Certified Nursing Assistant"): the person's job as a requirement may name it. An acronym that is no
    one's initials ("IT Analyst" aside, "NOC") is left out."""
    short: dict[str, set[str]] = defaultdict(set)
    initials: dict[str, set[str]] = defaultdict(set)
    for code, _, alias, _ in aliases:
        if _ACRONYM_ALIAS.match(alias):
            short[code].add(alias)
        elif len(alias.split()) > 1:
            initials[code].add(_initials(alias).upper())
    for code, title in occupations.items():
        initials[code] |= {_initials(p).upper() for p in title_phrases(title)} | {_initials(title).upper()}
    return {
        code: frozenset(a.lower() for a in found & initials[code])
        for code, found in short.items()
        if found & initials[code]
    }


class KnowledgeBase:
    def __init__(self, url: str) -> None:
        self._url = url
        self._engine: AsyncEngine | None = None
        self._data: _Data | None = None
        self._lock: asyncio.Lock | None = None

    @classmethod
    def from_url(cls, url: str) -> KnowledgeBase:
        """Lazy: no connection and no file access until the first query."""
        return cls(url)

    # -- loading ------------------------------------------------------------------------------------
    def _check_built(self) -> None:
        """SQLite would silently create an empty file (which `make` then takes for a built knowledge base)."""
        url = sync_url(self._url)
        if (
            url.startswith("sqlite:///")
            and ":memory:" not in url
            and not Path(url[len("sqlite:///") :]).exists()
        ):
            raise KnowledgeBaseMissing(
                f"{url}: no knowledge base there; run `python -m knowledge import --db {url}`"
            )

    def _get_engine(self) -> AsyncEngine:
        if self._engine is None:
            self._check_built()
            self._engine = create_async_engine(async_url(self._url))
        return self._engine

    async def _load(self) -> _Data:
        if self._data is not None:
            return self._data
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._data is None:
                self._data = await self._read_all()
        return self._data

    async def _read_all(self) -> _Data:
        # One bulk read of ~250k small rows: a sync connection in a worker thread is several times faster
        # than async row fetching, and the event loop stays free meanwhile.
        return await asyncio.to_thread(self._read_all_sync)

    def _read_all_sync(self) -> _Data:
        self._check_built()
        engine = create_engine(sync_url(self._url))
        with engine.connect() as conn:

            def rows(stmt):
                return conn.execute(stmt).all()

            fields = dict(rows(select(m.Field.id, m.Field.name)))
            field_aliases = rows(select(m.FieldAlias.field_id, m.FieldAlias.norm, m.FieldAlias.alias))
            field_occ = rows(
                select(m.FieldOccupation.field_id, m.FieldOccupation.occupation_code).order_by(
                    m.FieldOccupation.field_id, m.FieldOccupation.position
                )
            )
            transitions = rows(
                select(
                    m.Transition.id,
                    m.Transition.from_field_id,
                    m.Transition.to_field_id,
                    m.Transition.summary,
                )
            )
            steps = rows(
                select(m.TransitionStep.transition_id, m.TransitionStep.text).order_by(
                    m.TransitionStep.transition_id, m.TransitionStep.position
                )
            )
            cred_trans = rows(
                select(m.CredentialTransition.credential_id, m.CredentialTransition.transition_id)
            )
            occupations = dict(rows(select(m.Occupation.code, m.Occupation.title)))
            job_zones = {
                code: zone
                for code, zone in rows(select(m.Occupation.code, m.Occupation.job_zone))
                if zone is not None
            }
            aliases = rows(
                select(
                    m.OccupationAlias.occupation_code,
                    m.OccupationAlias.norm,
                    m.OccupationAlias.alias,
                    m.OccupationAlias.source,
                )
            )
            cred_rows = rows(select(*[getattr(m.Credential, f) for f in CREDENTIAL_FIELDS]))
            skill_rows = rows(
                select(m.CredentialSkill.credential_id, m.CredentialSkill.name).order_by(
                    m.CredentialSkill.credential_id, m.CredentialSkill.position
                )
            )
            elem_rows = rows(select(m.CredentialElement.credential_id, m.CredentialElement.element_id))
            link_rows = rows(
                select(
                    m.CredentialOccupation.occupation_code,
                    m.CredentialOccupation.credential_id,
                    m.CredentialOccupation.score,
                    m.CredentialOccupation.method,
                )
            )
            related_rows = rows(
                select(
                    m.RelatedOccupation.occupation_code,
                    m.RelatedOccupation.related_code,
                    m.RelatedOccupation.tier,
                    m.RelatedOccupation.rank,
                ).order_by(m.RelatedOccupation.occupation_code, m.RelatedOccupation.rank)
            )
            # all skill profiles (~90k rows with every technology: gaps need "in demand" on both sides):
            # a profile read per request costs 5-20 ms on SQLite, more than the whole target latency
            profile_rows = rows(
                select(
                    m.OccupationElement.occupation_code,
                    m.Element.id,
                    m.Element.kind,
                    m.Element.name,
                    m.OccupationElement.importance,
                    m.OccupationElement.level,
                    m.OccupationElement.hot,
                    m.OccupationElement.in_demand,
                ).join(m.Element, m.Element.id == m.OccupationElement.element_id)
            )
        engine.dispose()
        data = self._build(
            fields,
            field_aliases,
            field_occ,
            transitions,
            steps,
            cred_trans,
            occupations,
            aliases,
            cred_rows,
            skill_rows,
            elem_rows,
            link_rows,
            profile_rows,
            related_rows,
        )
        data.job_zones = job_zones
        into: dict[str, set[str]] = defaultdict(set)
        for tid, ids in data.transition_creds.items():
            for cid in set(ids):
                data.breadth[cid] = data.breadth.get(cid, 0) + 1
                into[cid].add(data.transitions[tid][1])
        data.listed_into = {cid: frozenset(v) for cid, v in into.items()}
        names = (c.name for c in data.credentials.values())
        data.licensed_professions = eligibility.licensed_professions(names)
        return data

    @staticmethod
    def _build(
        fields,
        field_aliases,
        field_occ,
        transitions,
        steps,
        cred_trans,
        occupations,
        aliases,
        cred_rows,
        skill_rows,
        elem_rows,
        link_rows,
        profile_rows,
        related_rows,
    ) -> _Data:
        field_codes: dict[str, list[str]] = defaultdict(list)
        fields_of_code: dict[str, list[str]] = defaultdict(list)
        for fid, code in field_occ:
            field_codes[fid].append(code)
            fields_of_code[code].append(fid)
        step_map: dict[str, list[str]] = defaultdict(list)
        for tid, text in steps:
            step_map[tid].append(text)
        tcreds: dict[str, list[str]] = defaultdict(list)
        for cid, tid in cred_trans:
            tcreds[tid].append(cid)
        skills: dict[str, list[str]] = defaultdict(list)
        for cid, name in skill_rows:
            skills[cid].append(name)
        creds = {}
        for r in cred_rows:
            values = dict(zip(CREDENTIAL_FIELDS, r, strict=True))
            for key in ("exam_delivery", "same_as"):
                values[key] = tuple(values[key].split(",")) if values[key] else ()
            creds[values["id"]] = Credential(**values, skills=tuple(skills.get(values["id"], ())))
        elems: dict[str, set[str]] = defaultdict(set)
        for cid, eid in elem_rows:
            elems[cid].add(eid)
        links: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
        codes_by_cred: dict[str, list[str]] = defaultdict(list)
        hand_codes: dict[str, list[str]] = defaultdict(list)
        for code, cid, score, method in link_rows:
            links[code].append((cid, score, method))
            codes_by_cred[cid].append(code)
            if method != "auto":
                hand_codes[cid].append(code)
        related: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for code, other, tier, rank in related_rows:
            related[code].append((other, tier, rank))
        profiles: dict[str, Profile] = {code: {} for code in occupations}
        for code, eid, kind, name, imp, lvl, hot, in_demand in profile_rows:
            profiles[code][eid] = Rating(eid, kind, name, imp, lvl, bool(hot), bool(in_demand))
        names, name_ids, acronyms = [], [], defaultdict(list)
        vocab: set[str] = set()
        for cid, c in creds.items():
            names.append(norm(c.name))
            vocab.update(names[-1].split())
            name_ids.append(cid)
            if c.acronym:
                acronyms[norm(c.acronym)].append(cid)
        alternate: dict[str, list[str]] = defaultdict(list)
        for code, _, alias, source in aliases:
            # two words at least: a bare "CFE" or "Tech" names too many other things
            if (
                source in ("alternate", "short")
                and len(alias.split()) > 1
                and len(alternate[code]) < MAX_TITLE_PHRASES
            ):
                alternate[code].append(alias)
        acronyms_of_field: dict[str, list[str]] = defaultdict(list)
        for fid, key, alias in field_aliases:
            if key.startswith("="):  # a case-sensitive acronym ("=RN")
                acronyms_of_field[fid].append(alias)
        return _Data(
            code_acronyms=job_acronyms(aliases, occupations),
            one_word_aliases=tuple(
                sorted({a for _, k, a in field_aliases if " " not in a and not k.startswith("=")})
            ),
            field_acronyms=dict(acronyms_of_field),
            mentions=MentionIndex(fields, list(field_aliases), occupations, list(aliases)),
            names=NameIndex(creds.values()),
            generic_tech=generic_technologies(profiles),
            alternate_titles=dict(alternate),
            resolver=Resolver(fields, list(field_aliases), occupations, list(aliases), dict(field_codes)),
            fields=fields,
            field_codes=dict(field_codes),
            fields_of_code=dict(fields_of_code),
            transitions={t[0]: (t[1], t[2], t[3]) for t in transitions},
            steps=dict(step_map),
            transition_creds=dict(tcreds),
            credentials=creds,
            cred_elements={k: frozenset(v) for k, v in elems.items()},
            links_by_code=dict(links),
            codes_by_cred=dict(codes_by_cred),
            hand_codes_by_cred=dict(hand_codes),
            cred_names=names,
            cred_name_ids=name_ids,
            acronyms=dict(acronyms),
            occupations=occupations,
            profiles=profiles,
            related=dict(related),
            cred_vocabulary=frozenset(vocab),
            cred_vocabulary_list=sorted(vocab),
        )

    @staticmethod
    def _merged(data: _Data, codes: list[str]) -> Merged:
        """A side's averaged profile, cached: the same fields and occupations come up again and again."""
        key = tuple(codes)
        merged = data.side_cache.get(key)
        if merged is None:
            if len(data.side_cache) > GAP_CACHE_SIZE:
                data.side_cache.clear()
            merged = merge([data.profiles.get(c, {}) for c in codes]) if codes else ({}, {})
            data.side_cache[key] = merged
        return merged

    async def warm_up(self) -> None:
        """Load the data and build the indexes now (e.g. at server start) instead of on the first query."""
        data = await self._load()
        await asyncio.to_thread(data.resolver.warm_up)

    # -- helpers ------------------------------------------------------------------------------------
    async def _resolve_one(self, text: str | None) -> Match | None:
        if not text:
            return None
        found = await self.resolve(text, limit=1)
        return found[0] if found else None

    @staticmethod
    def _side(data: _Data, match: Match | None) -> tuple[list[str], list[str]]:
        """(field ids, occupation codes) a resolved side stands for."""
        if match is None:
            return [], []
        if match.kind == "field":
            fid = match.id.removeprefix("field:")
            return [fid], data.field_codes.get(fid, [])[:MAX_SIDE_CODES]
        return data.fields_of_code.get(match.id, []), [match.id]

    @staticmethod
    def _transition(data: _Data, src_fields: list[str], dst_fields: list[str]) -> str | None:
        for dst in dst_fields:
            for tid, (frm, to, _) in data.transitions.items():
                if to == dst and frm in src_fields:
                    return tid
        for dst in dst_fields:
            for tid, (frm, to, _) in data.transitions.items():
                if to == dst and frm is None:
                    return tid
        return None

    async def _gaps(self, source: Match | None, target: Match) -> tuple[list, str | None, list[str]]:
        data = await self._load()
        src_fields, src_codes = self._side(data, source)
        dst_fields, dst_codes = self._side(data, target)
        if source is not None and source.kind == "field" and target.kind == "field":
            dst_fields = dst_fields[:1]
        src_members, dst_members = side_codes(src_codes, data.profiles), side_codes(dst_codes, data.profiles)
        key = (tuple(src_members), tuple(dst_members))
        gaps = data.gap_cache.get(key)
        if gaps is None:
            if len(data.gap_cache) > GAP_CACHE_SIZE:
                data.gap_cache.clear()
            gaps = skill_gaps(
                self._merged(data, src_members),
                self._merged(data, dst_members),
                GAP_LIMIT,
                data.generic_tech,
            )
            data.gap_cache[key] = gaps
        return gaps, self._transition(data, src_fields, dst_fields), dst_codes

    # -- public API ---------------------------------------------------------------------------------
    async def resolve(self, text: str, limit: int = 5) -> list[Match]:
        data = await self._load()
        return data.resolver.resolve(text, limit)

    async def skill_gap(self, from_: str, to: str, limit: int = 10) -> list[SkillGap]:
        target = await self._resolve_one(to)
        if target is None:
            return []
        gaps, _, _ = await self._gaps(await self._resolve_one(from_), target)
        return [g for g, _, _ in gaps[:limit]]

    async def recommend(
        self,
        from_: str | None,
        to: str,
        constraints: Constraints | None = None,
        limit: int = 5,
        where: str | None = None,
    ) -> RecommendationResult:
        """Ranked credentials for the move. `where`: the person's country in their words ("UK",
        "London"); credentials that apply only in another country are left out (`query/region.py`)."""
        constraints = constraints or Constraints()
        data = await self._load()
        source, target = await self._resolve_one(from_), await self._resolve_one(to)
        if target is None:
            return RecommendationResult(source, None, None, (), ())
        gaps, tid, dst_codes = await self._gaps(source, target)
        in_transition = set(data.transition_creds.get(tid, ())) if tid else set()
        links = self._hand_links(data, target, dst_codes, self._job_words(data, to, target), tid is None)
        src_fields, src_codes = self._side(data, source)
        dst_fields, _ = self._side(data, target)
        entering = eligibility.entering(src_codes, src_fields, dst_codes, dst_fields)
        # not doing the target work yet (no background said counts as new): entry credentials first
        newcomer = (
            target.id not in src_codes
            if target.kind == "occupation"
            else target.id.removeprefix("field:") not in src_fields
        )
        # someone entering cannot use many of the credentials named for the job (they presuppose it), so
        # more are read to find the entry ones
        named = self._named(data, to, target, dst_codes, ENTERING_NAME_POOL if entering else None)
        # credentials named for the person's own job more than for the target are the ones they hold, or
        # a step behind them (the EMT certification for an EMT becoming a paramedic): no step of this move
        own = self._own_named(data, from_, source) if newcomer and from_ and source else {}
        # named by the person's words or the target's own title, not only by an alternate title
        direct: dict[str, dict[str, float]] = {}  # read only when needed (`_placed_elsewhere`)

        def named_directly() -> dict[str, float]:
            if "found" not in direct:
                direct["found"] = self._own_named(data, to, target) if target.kind == "occupation" else {}
            return direct["found"]

        families = {code[:2] for code in dst_codes}
        person_words = self._side_words(data, from_, source)
        if source is not None and source.kind == "occupation":
            # their job's own short forms: "EMT license" is met by an EMT given by code (29-2042.00)
            person_words |= data.code_acronyms.get(source.id, frozenset())
        # what qualifies the person's own job title ("construction" foreman, "nursing" assistant): the
        # side a bridge joins; the job noun itself ("assistant") and the O*NET title's words are not
        said = words(from_) if from_ and not from_.startswith("field:") and not ONET_ID.match(from_) else []
        bridge_from = frozenset(said[:-1])
        target_words = self._side_words(data, to, target)
        country = region.country(where)
        withheld: list[str] = []
        withheld_region: list[str] = []
        found = in_transition | set(links) | set(named)
        # the other records of a found credential (`same_as`: its curated record with cost and sources)
        # stand with it, with its hand-checked links
        found |= {t for cid in found if cid in data.credentials for t in data.credentials[cid].same_as}
        for cid in found:
            if cid in data.credentials:
                best = max([links.get(cid, 0.0)] + [links.get(t, 0.0) for t in data.credentials[cid].same_as])
                if best:
                    links[cid] = best
        # a credential its issuer retired is never offered (curated/retired.yaml): ITF+ is now Tech+
        pool = [
            data.credentials[cid]
            for cid in sorted(found)
            if cid in data.credentials and not data.credentials[cid].retired
        ]
        # a licensed profession: its licence is among the credentials named for or linked to the target
        licences = [
            t
            for c in pool
            if (named.get(c.id, 0.0) >= ranking.MIN_NAME_FOR_GUARD or c.id in links)
            and (t := eligibility.licence_title(c.name))
        ]
        # O*NET Job Zone 5 ("extensive preparation": most need a graduate degree and years of practice)
        zone5 = bool(dst_codes) and all(data.job_zones.get(c) == 5 for c in dst_codes)
        # someone in the field whose words name a licence they do not hold as the goal (an LPN going to
        # "registered nurse"): that licence is the step, first, and what comes after it waits, as for
        # someone entering
        said_from, said_to = self._jobs_said(data, from_), self._jobs_said(data, to)

        def is_step(cred: Credential, title: str) -> bool:
            codes = set(data.hand_codes_by_cred.get(cred.id) or data.codes_by_cred.get(cred.id, ()))
            return eligibility.licence_step(from_, to, title, bool(codes & said_from), bool(codes & said_to))

        steps = (
            []
            if entering
            else sorted({t for c in pool if (t := eligibility.licence_title(c.name)) and is_step(c, t)})
        )
        # for someone new to the target: what each credential's prerequisites name as coming first
        pool = [c for c in pool if not self._held(c.id, own, named, in_transition, links)]
        others = eligibility.Names({c.id: c.name for c in pool}) if newcomer else None
        cands = []
        for cred in pool:
            cid = cred.id
            if eligibility.for_someone_else(cred.name, target.title, dst_codes):
                continue  # "... for Physicians" to a personal care aide; a seafarer's STCW card to anyone ashore
            licence = eligibility.licence_title(cred.name)
            if licence and not entering and licence not in steps:
                # the NCLEX-RN is no step for a registered nurse (nor the NCLEX-PN for one going to RN);
                # for an LPN going to registered nurse it is the step
                continue
            entry = eligibility.verdict(
                self._requirement(data, cred),
                person_words,
                target_words,
                entering,
                self._name_words(data, self._curated_twin(data, cred) or cred),
            )
            if (
                entry != "blocked"
                and entering
                and licences
                and eligibility.after_licence(cred.name, cred.level, licences, cred.curated)
            ):
                entry = "blocked"
            if (
                entry != "blocked"
                and steps
                and eligibility.after_licence(cred.name, cred.level, steps, cred.curated)
            ):
                entry = "blocked"  # an RN specialty certification waits for the NCLEX-RN
            if (
                entry != "blocked"
                and entering
                and zone5
                and not cred.curated
                and not eligibility.licence_title(cred.name)
            ):
                entry = "blocked"  # O*NET Job Zone 5: its certifications come after the graduate degree
            if entry != "blocked" and not (licence and licence in steps):
                held = eligibility.names_licensed(cred.name, data.licensed_professions)
                if held and not eligibility.overlaps(frozenset(words(held)), person_words):
                    entry = "blocked"  # "Certified Occupational Health Nurse" is for nurses
            if entry == "blocked":
                withheld.append(cid)
                continue
            # after eligibility, so that "left out: applies only in the US" names what the person could take
            applies = self._applies(data, cred, country)
            if applies is False:
                withheld_region.append(cid)
                continue
            where_ = None  # outside the US: "local" (their own country's) or "unknown" (the record is silent)
            if country not in (None, "US") and applies is None:
                where_ = "unknown"
            elif country is None and self._scope(data, cred) not in ("US", "international", "unknown"):
                # no country said: the data is the US's (O*NET, CareerOneStop), so a credential of one other
                # country (the UK's AAT diplomas, CITB's test) comes after those that apply there too
                where_ = "abroad"
            elif country not in (None, "US") and self._scope(data, cred) == country:
                where_ = "local"
            level = self._stage(data, cred)
            name = max(named.get(cid, 0.0), 1.0) if licence and licence in steps else named.get(cid, 0.0)
            # a CareerOneStop twin stands where its curated record does (one credential)
            placed = self._curated_twin(data, cred) or cred
            if name and self._placed_elsewhere(data, placed, target, dst_codes, named_directly):
                name *= ranking.FOREIGN_NAME_SHARE  # "Information Privacy Technologist" is no IT job
            if name and _TEACHES.search(cred.name) and not _TEACHES.search(target.title):
                # "Certified Journalism Educator" is for teachers, not reporters
                name *= ranking.FOREIGN_NAME_SHARE
            cands.append(
                ranking.Candidate(
                    cred,
                    data.cred_elements.get(cid, frozenset()),
                    (1.0 if target.kind == "field" else FIELD_LIST_FOR_ONE_JOB)
                    if cid in in_transition
                    else 0.0,
                    links.get(cid, 0.0),
                    name,
                    self._in_family(data, cid, families),
                    entry,
                    where_,
                    level if newcomer else None,
                    data.breadth.get(cid, 0),
                    level == 0 and bool(data.listed_into.get(cid, frozenset()) & set(src_fields)),
                    self._bridges(data, cred, bridge_from, target_words),
                    eligibility.advised_first(cred.prerequisites, others, cred.name) if others else (),
                    ranking.tier_inside(cred.name, target_words),
                )
            )
        weights = {eid: w * (ranking.KNOWLEDGE_SHARE if g.kind == "knowledge" else 1.0) for g, eid, w in gaps}
        # "covers" names skills and tools only: a knowledge area ("Medicine and Dentistry") is matched
        # through broad trigger words and would read as a claim the credential teaches it
        gap_names = {eid: g.name for g, eid, _ in gaps}
        shown_kinds = {eid for g, eid, _ in gaps if g.kind != "knowledge"}
        ranked, relaxed = ranking.rank(cands, weights, constraints, limit)
        target_name = target.title if target.kind == "occupation" else target.title.lower()
        target_name = target_name.removesuffix(" work")
        recs = tuple(
            Recommendation(
                r.candidate.credential,
                i,
                r.score,
                tuple(gap_names[e] for e in r.covered if e in shown_kinds),
                ranking.reason(
                    r.candidate.credential,
                    [gap_names[e] for e in r.covered if e in shown_kinds],
                    target_name if r.candidate.name >= ranking.MIN_NAME_FOR_GUARD else None,
                    r.candidate.in_transition,
                    r.candidate.entry,
                    region.NAMES.get(country or "") if r.candidate.where == "unknown" else None,
                    next(
                        (
                            s.candidate.credential.name
                            for s in ranked[: i - 1]
                            if s.candidate.credential.id in r.candidate.after
                        ),
                        None,
                    ),
                ),
                r.unknown,
                r.unmet,
                r.candidate.name >= ranking.MIN_NAME_FOR_GUARD,
            )
            for i, r in enumerate(ranked, 1)
        )

        def strongest(ids: list[str]) -> tuple[str, ...]:
            order = sorted(
                ids,
                key=lambda c: (
                    -named.get(c, 0.0) - links.get(c, 0.0) - (c in in_transition),
                    data.credentials[c].name,
                ),
            )
            return tuple(dict.fromkeys(data.credentials[c].name for c in order))

        return RecommendationResult(
            source,
            target,
            tid,
            recs,
            tuple(g for g, _, _ in gaps),
            relaxed,
            tuple(data.steps.get(tid, ())) if tid else (),
            entering,
            strongest(withheld),
            country if country not in (None, "US") else None,
            strongest(withheld_region),
            tuple(dict.fromkeys(t for t in licences if t)),
            tuple(
                dict.fromkeys(
                    c.name
                    for c in pool
                    if (c.id in named or c.id in links) and eligibility.licence_title(c.name) in licences
                )
            ),
        )

    @staticmethod
    def _own_named(data: _Data, said: str, source: Match) -> dict[str, float]:
        """Credentials whose name names the person's current job: their words, the matched name and the
        O*NET title's parts or the field's name (not the many alternate titles: O*NET files "Staff
        Accountant" under bookkeeping clerks too)."""
        if data.names is None:
            return {}
        phrases: list[tuple] = [(said, 1.0), (source.matched, 1.0)]
        if source.kind == "occupation":
            phrases += [(p, 1.0) for p in title_phrases(source.title)]
        else:
            phrases.append((source.title, 1.0))
        return data.names.match(phrases)

    @staticmethod
    def _held(
        cid: str, own: dict[str, float], named: dict[str, float], listed: set[str], links: dict[str, float]
    ) -> bool:
        """Is it the credential of the person's current job rather than of the target? Its name names
        their job (`own`) as strongly as a shown name match and clearly more strongly than the target
        (HELD_MARGIN), and no counselor listed it for the move nor hand-linked it to the target."""
        mine = own.get(cid, 0.0)
        return (
            mine >= ranking.MIN_NAME_FOR_GUARD
            and mine >= named.get(cid, 0.0) + HELD_MARGIN
            and cid not in listed
            and links.get(cid, 0.0) < 1.0
        )

    @staticmethod
    def _jobs_said(data: _Data, said: str | None) -> set[str]:
        """The O*NET occupation the person's words name first ("staff nurse": registered nurses; "delivery
        driver": light truck drivers), also when the words resolve to a field; empty when none is named as
        strongly as the best match."""
        if not said or said.startswith("field:"):
            return set()
        found = data.resolver.resolve(said, 8)
        best = max((m.score for m in found), default=0.0)
        first = next((m for m in found if m.kind == "occupation"), None)
        return {first.id} if first is not None and first.score >= max(90.0, best - 0.5) else set()

    @staticmethod
    def _scope(data: _Data, cred: Credential) -> str:
        found = data.scopes.get(cred.id)
        if found is None:
            found = data.scopes[cred.id] = region.scope(cred)
        return found

    @staticmethod
    def _applies(data: _Data, cred: Credential, country: str | None) -> bool | None:
        """`region.applies` with the credential's scope computed once."""
        if country is None or country == "US":
            return True
        found = KnowledgeBase._scope(data, cred)
        return True if found in ("international", country) else None if found == "unknown" else False

    @staticmethod
    def _name_words(data: _Data, cred: Credential) -> frozenset[str]:
        found = data.name_words.get(cred.id)
        if found is None:
            found = data.name_words[cred.id] = frozenset(words(cred.name))
        return found

    @staticmethod
    def _requirement(data: _Data, cred: Credential) -> eligibility.Requirement | None:
        """What it presupposes; a record with a curated twin takes the twin's (as `_stage` does): the two
        are one credential, so CareerOneStop's copy of the CCRC does not escape the curated record's
        "3,000 hours of clinical research work" and then stand, as that record, where it ranked."""
        twin = KnowledgeBase._curated_twin(data, cred)
        if twin is not None:
            return KnowledgeBase._requirement(data, twin)
        if cred.id not in data.requirements:
            data.requirements[cred.id] = eligibility.requirement(
                cred.name, cred.prerequisites, cred.description
            )
        return data.requirements[cred.id]

    @staticmethod
    def _side_words(data: _Data, said: str | None, match: Match | None) -> frozenset[str]:
        """Stemmed words that name a side: the person's words, the matched name, the title, and the
        side's fields' names and acronyms ("Nursing", "RN")."""
        if match is None:
            return frozenset(words(said or "")) if said and not said.startswith("field:") else frozenset()
        texts = [said or "", match.matched, match.title]
        fields, _ = KnowledgeBase._side(data, match)
        for fid in fields:
            texts.append(data.fields.get(fid, ""))
            texts += data.field_acronyms.get(fid, [])
        return frozenset(w for t in texts if t and not t.startswith("field:") for w in words(t))

    @staticmethod
    def _in_family(data: _Data, cid: str, families: set[str]) -> bool | None:
        """Does one of its occupations share a SOC major group with the target's? Hand-checked links
        decide; without any, automatic links (right about the major group 49-72 % of the time) only
        serve to halve a name match ("Certified Eye Bank Technician" for banking). None: no links."""
        codes = data.hand_codes_by_cred.get(cid) or data.codes_by_cred.get(cid, ())
        return any(code[:2] in families for code in codes) if codes else None

    @staticmethod
    def _placed_elsewhere(
        data: _Data, cred: Credential, target: Match, codes: list[str], direct: Callable[[], dict[str, float]]
    ) -> bool:
        """Did counselors place this curated credential in other fields only? Listed for moves into
        other fields, never into the target field, and hand-linked (link overrides) to none of its
        occupations: a name match to the field is then a play on words ("Certified Information Privacy
        Technologist", listed for privacy, compliance, legal tech and security, "names" information
        technology). For an occupation target the same holds of the fields it belongs to, when only
        one of its O*NET alternate titles names the credential, not the person's words nor its title
        (`direct`): "Community Manager", a title of property managers, named Meta's Certified Community
        Manager, listed for social media and marketing moves; NHA's "Certified EKG Technician", listed
        for medical assisting, names the EKG technician the person said."""
        if not cred.curated:
            return False
        into = data.listed_into.get(cred.id)
        mine = (
            {target.id.removeprefix("field:")}
            if target.kind == "field"
            else set(data.fields_of_code.get(target.id, ()))
        )
        if not into or into & mine or (target.kind == "occupation" and cred.id in direct()):
            return False
        return not any(
            cid == cred.id and method == "override"
            for code in codes
            for cid, _, method in data.links_by_code.get(code, ())
        )

    @staticmethod
    def _hand_links(
        data: _Data,
        target: Match,
        codes: list[str],
        job: frozenset[str] | None = None,
        untold: bool = False,
    ) -> dict[str, float]:
        """Credential -> strength of its hand-checked links to the target occupations (0..1).

        Automatic links are left out (precision 0.54 on the labelled sample). A curated credential is
        linked to every occupation of its transitions' fields; for a single-occupation target that link
        says little (it was spread by field), so it counts SPREAD_LINK. For a field target it counts only
        when the credential was listed for moves into that field: one listed for another field that shares
        an occupation (a privacy technologist's certification, listed for legal tech, shares Document
        Management Specialists with records management) was not chosen for it; and for a move no curated
        transition was written for (`untold`) it counts as much as the field's lists agree on it
        (`_field_consensus`): with one, the move's own list speaks through curation.
        When the person names one job (`job`: its specific words; an occupation target, or "property
        manager" in real estate), a field-spread link reaches it only when the credential's name or stated
        skills share one of those words (`_fits`): the Accredited Buyer's Representative, listed for sales
        moves into real estate, is no property manager's credential; the Accredited Residential Manager
        ("residential property management") is.
        """
        field_id = target.id.removeprefix("field:") if target.kind == "field" else None
        out: dict[str, float] = defaultdict(float)
        for code in codes:
            for cid, _, method in data.links_by_code.get(code, ()):
                if method == "override":
                    out[cid] += 1.0
                elif method != "curated" or (job is not None and not KnowledgeBase._fits(data, cid, job)):
                    continue
                elif field_id is None:
                    out[cid] += SPREAD_LINK
                elif field_id in data.listed_into.get(cid, ()):
                    out[cid] += KnowledgeBase._field_consensus(data, cid, field_id) if untold else 1.0
        return {cid: min(1.0, v / max(len(codes), 1)) for cid, v in out.items()}

    @staticmethod
    def _field_consensus(data: _Data, cid: str, field_id: str) -> float:
        """How far a field's counselors agree on a credential: 1 when two or more of the curated moves into
        the field list it (HIMSS's CAHIMS for health informatics, listed from nursing, healthcare and
        medical coding) or the field has one move only; FIELD_LIST_FLOOR when one move of several does (SAS
        programming, listed for nurses moving into it, is no pharmacist's first step)."""
        into = data.moves_into.get(field_id)
        if into is None:
            into = [t for t, (_, to, _) in data.transitions.items() if to == field_id]
            data.moves_into[field_id] = into
        count = sum(cid in data.transition_creds.get(tid, ()) for tid in into)
        return 1.0 if count >= 2 or len(into) <= 1 else FIELD_LIST_FLOOR

    @staticmethod
    def _job_words(data: _Data, said: str, target: Match) -> frozenset[str] | None:
        """Specific words naming the one job the person wants (their words, the matched name and, for
        an occupation, its O*NET title); None when they name a field as a whole ("real estate",
        "field:real-estate") or its first, most representative occupation ("fraud examiner", "real
        estate agent": the field's lists were written for that job), whose field-spread links all count."""
        assert data.names is not None
        if target.kind == "field":
            jobs = KnowledgeBase._jobs_said(data, said)
            first = data.field_codes.get(target.id.removeprefix("field:"), [])[:1]
            if not jobs or jobs & set(first):
                return None
            texts = [said, target.matched]
        else:
            if any(
                data.field_codes.get(f, [])[:1] == [target.id] for f in data.fields_of_code.get(target.id, ())
            ):
                return None
            texts = [said, target.matched, target.title]
        found = frozenset(
            w
            for t in texts
            if t and not t.startswith("field:") and not ONET_ID.match(t)
            for w in words(t)
            if data.names.idf(w) >= SPECIFIC_NAME_IDF
        )
        return found or None

    @staticmethod
    def _fits(data: _Data, cid: str, job: frozenset[str]) -> bool:
        """Does the credential's name or a stated skill hold a word of the job?"""
        cred = data.credentials.get(cid)
        if cred is None:
            return False
        found = data.skill_words.get(cid)
        if found is None:
            found = data.skill_words[cid] = KnowledgeBase._name_words(data, cred) | frozenset(
                w for skill in cred.skills for w in words(skill)
            )
        return bool(job & found)

    @staticmethod
    def _named(
        data: _Data, said: str, target: Match, codes: list[str], pool: int | None = None
    ) -> dict[str, float]:
        """Credentials whose own name names the target: the person's words, the matched title, the
        O*NET title's parts and alternate titles (a little less: they are many)."""
        if data.names is None:
            return {}
        phrases: list[tuple] = [(said, 1.0), (target.matched, 1.0)]
        named_words = set(words(said)) | set(words(target.matched))
        # an "All Other" occupation gathers unlike jobs (Health Technologists and Technicians, All Other:
        # sleep technologists, environmental health technicians...): when the person's words name one,
        # the residual title and the others' titles name other work
        residual = (
            target.kind == "occupation"
            and _RESIDUAL.search(target.title) is not None
            and not ONET_ID.match(target.matched)
            and not ONET_ID.match(said)
        )
        if residual:
            return data.names.match(phrases, pool) if pool else data.names.match(phrases)
        if target.kind == "occupation":
            parts = title_phrases(target.title)
            # of a many-part title only the parts the person's words touch: "home inspector" matched
            # "Inspectors, Testers, Sorters, Samplers, and Weighers", whose "weighers" names weighing
            # certifications, not home inspection
            said_parts = [p for p in parts if set(words(p)) & named_words]
            phrases += [(p, 1.0) for p in (said_parts if len(parts) > 1 and said_parts else parts)]
        else:
            # a field's own name counts less when the person named a job in it ("property manager" in real
            # estate): "Real Estate Divorce Specialist" is not made for property managers
            short = {w[:5] for w in named_words}  # "data analyst" is "data analytics" said as a job
            broader = bool(short) and not {w[:5] for w in words(target.title)} >= short
            # another job of the field than its first ("property manager" in real estate, led by sales
            # agents): the field's name alone never names it (below the guard)
            jobs = KnowledgeBase._jobs_said(data, said) if broader else set()
            other = bool(jobs) and not jobs & set(codes[:1])
            phrases.append((target.title, FIELD_NAME_FOR_OTHER_JOB if other else 0.7 if broader else 1.0))
            if pool:  # someone entering: the field's main job title names its entry licence ("Registered
                # Nurses" for nursing); only then, as the title's parts can be broad ("Hand" laborers)
                phrases += [(p, 0.9) for c in codes[:1] for p in title_phrases(data.occupations.get(c, ""))]
        alternates: list[tuple] = []
        vocabulary = set(named_words) | {w for p in phrases for w in words(p[0])}
        for code in codes[:1] if target.kind == "field" else codes:
            weight = 0.85
            if target.kind == "field" and not KnowledgeBase._names_job(data, code, named_words):
                # the field's first occupation is not the job the person named ("records manager" in a
                # field led by Document Management Specialists): its titles ("Document Specialist") say
                # another job, and would send electronic-document and forensic-document certifications
                weight *= 0.7
            titles = KnowledgeBase._naming_titles(data, code)
            alternates += [(t, weight, True) for t in titles]
            vocabulary |= KnowledgeBase._title_vocabulary(data, code)
        found = data.names.match(phrases, pool) if pool else data.names.match(phrases)
        if not alternates:
            return found
        # an alternate title names the job only with what its words say: a name that adds a specific word
        # none of the job's titles nor the person's words hold is about other work ("Certified Director of
        # Nursing Services" for "Service Director", a title of administrative services managers)
        out = dict(found)
        for cid, value in data.names.match(alternates, pool or MAX_NAMED).items():
            if value <= out.get(cid, 0.0):
                continue
            if KnowledgeBase._other_work(data, data.credentials[cid], frozenset(vocabulary), codes):
                value *= OTHER_WORK_SHARE
            out[cid] = max(out.get(cid, 0.0), value)
        return out

    @staticmethod
    def _title_vocabulary(data: _Data, code: str) -> frozenset[str]:
        """The words of an occupation's O*NET title and naming alternate titles (computed once per code)."""
        found = data.title_vocabulary.get(code)
        if found is None:
            titles = [data.occupations.get(code, ""), *KnowledgeBase._naming_titles(data, code)]
            found = data.title_vocabulary[code] = frozenset(w for t in titles for w in words(t))
        return found

    @staticmethod
    def _other_work(data: _Data, cred: Credential, vocabulary: frozenset[str], codes: list[str]) -> bool:
        """Does the credential's name name a field of work that neither `vocabulary` (the words naming
        the target job) nor the titles of the target's SOC major group hold? A field's one-word name
        counts when O*NET titles of at most FIELD_WORD_GROUPS major groups hold it ("nursing"); one found
        across many ("health": managers, engineers, scientists, counselors...) says a topic, and a
        qualifier of the job itself ("Life and Health Claims" for claims adjusters) names no other field."""
        if not data.field_words:  # computed once: the data is read-only
            spread: dict[str, set[str]] = defaultdict(set)
            by_group: dict[str, set[str]] = defaultdict(set)
            for code, title in data.occupations.items():
                for w in words(title):
                    spread[w].add(code[:2])
                    by_group[code[:2]].add(w)
            data.group_words = {g: frozenset(ws) for g, ws in by_group.items()}
            # a word in the titles of many SOC major groups ("health": managers, engineers, scientists,
            # counselors, practitioners) says a topic, not a field of work
            data.field_words = frozenset(
                w
                for alias in data.one_word_aliases
                for w in words(alias)
                if len(spread.get(w, ())) <= FIELD_WORD_GROUPS
            )
        own = KnowledgeBase._name_words(data, cred) & data.field_words
        if not own:
            return False
        near = frozenset().union(*(data.group_words.get(c[:2], frozenset()) for c in codes))

        def said(w: str) -> bool:  # "nurs" (nursing) is said by "Informatics Nurse" (nurse)
            return any(v.startswith(w) or w.startswith(v) for v in vocabulary if min(len(v), len(w)) >= 4)

        return any(w not in near and not said(w) for w in own)

    @staticmethod
    def _stage(data: _Data, cred: Credential) -> int | None:
        """Its stage (`query/stage.py`); a record with a curated twin takes the twin's (the issuer's
        level read by a curator is stronger than CareerOneStop's TYPE)."""
        twin = KnowledgeBase._curated_twin(data, cred)
        return stage.stage(twin if twin is not None else cred)

    @staticmethod
    def _curated_twin(data: _Data, cred: Credential) -> Credential | None:
        """The curated record of a CareerOneStop one (`same_as`), whose curator-read facts speak for both."""
        if cred.curated:
            return None
        twins = (data.credentials.get(o) for o in cred.same_as)
        return next((t for t in twins if t is not None and t.curated), None)

    @staticmethod
    def _bridges(data: _Data, cred: Credential, person: frozenset[str], target: frozenset[str]) -> bool:
        """Does its name join the person's side to the target ("Construction Health and Safety
        Technician" for a construction foreman going into safety)? A specific word of each side that the
        other side lacks (`person`: the words qualifying the person's job title); a credential of the
        person's current job alone is no bridge."""
        assert data.names is not None
        name = KnowledgeBase._name_words(data, cred)

        def specific(ws: frozenset[str]) -> bool:
            return any(data.names.idf(w) >= SPECIFIC_NAME_IDF for w in ws)

        return (
            bool(person and target)
            and specific(name & (person - target))
            and specific(name & (target - person))
        )

    @staticmethod
    def _names_job(data: _Data, code: str, said: set[str]) -> bool:
        """Do the person's words share a specific word with the occupation's O*NET title?"""
        assert data.names is not None
        title = set(words(data.occupations.get(code, "")))
        return any(data.names.idf(w) >= SPECIFIC_NAME_IDF for w in title & said)

    @staticmethod
    def _naming_titles(data: _Data, code: str) -> list[str]:
        """The O*NET alternate titles of `code` that name it specifically (computed once per code)."""
        found = data.naming_titles.get(code)
        if found is None:
            assert data.names is not None
            title = data.occupations.get(code, "")
            found = [
                t for t in data.alternate_titles.get(code, ()) if shares_specific_word(data.names, t, title)
            ]
            data.naming_titles[code] = found
        return found

    async def related_moves(self, from_: str, limit: int = 5) -> list[Move]:
        data = await self._load()
        source = await self._resolve_one(from_)
        if source is None:
            return []
        src_fields, src_codes = self._side(data, source)
        moves: list[Move] = []
        for tid, (frm, to, summary) in sorted(data.transitions.items()):
            if frm in src_fields:
                moves.append(
                    Move(
                        Match("field", f"field:{to}", data.fields[to], 100.0, data.fields[to]),
                        summary or f"Curated move to {data.fields[to]}",
                        tid,
                        None,
                    )
                )
        if src_codes:
            # a move is a change: O*NET's closest occupations in the same minor group ("Cooks, Restaurant" ->
            # "Cooks, Short Order", "Food Preparation Workers") are the same work under another name
            group = src_codes[0][:4]
            related = [
                (code, tier, rank)
                for code, tier, rank in data.related.get(src_codes[0], ())
                if code[:4] != group
            ]
            # and a chef asking what else to do hears of work outside food preparation (restaurant cooks are
            # 35-2, chefs 35-1): the same major group goes too, unless that leaves almost nothing
            outside = [r for r in related if r[0][:2] != src_codes[0][:2]]
            if len(outside) >= 3:
                related = outside
            # a change of career is sideways or up: work that needs less preparation than theirs (O*NET job zone;
            # nursing assistants for a registered nurse) is no suggestion, unless nothing else is left to say
            zone = data.job_zones.get(src_codes[0])
            level = [r for r in related if zone is None or (data.job_zones.get(r[0]) or zone) >= zone]
            if len(level) >= 2 or moves:
                related = level
            for code, tier, rank in related:
                title = data.occupations[code]
                moves.append(
                    Move(
                        Match("occupation", code, title, max(0.0, 100.0 - 4 * rank), title),
                        RELATED_REASON.get(tier, "O*NET lists it as a related occupation"),
                        None,
                        tier,
                    )
                )
        return moves[:limit]

    async def first_steps(self, from_: str | None, to: str) -> list[str]:
        data = await self._load()
        target = await self._resolve_one(to)
        if target is None:
            return []
        src_fields, _ = self._side(data, await self._resolve_one(from_))
        dst_fields, _ = self._side(data, target)
        tid = self._transition(data, src_fields, dst_fields)
        return list(data.steps.get(tid, ())) if tid else []

    async def side_codes(self, text_or_id: str) -> list[str]:
        """The occupation codes a target stands for (a field's representative codes, or the occupation)."""
        data = await self._load()
        return self._side(data, await self._resolve_one(text_or_id))[1]

    async def credential_occupations(self, credential_id: str) -> list[str]:
        """Occupation codes a credential is linked to (every link method)."""
        data = await self._load()
        return list(data.codes_by_cred.get(credential_id, ()))

    async def get_credential(self, credential_id: str) -> Credential | None:
        data = await self._load()
        return data.credentials.get(credential_id)

    async def find_mentions(self, text: str) -> list[TextMatch]:
        """Occupations and fields named anywhere in `text` by exact name, in text order (long messages)."""
        data = await self._load()
        return data.mentions.find(text) if data.mentions is not None else []

    async def names_vocabulary(self) -> frozenset[str]:
        """The words occupation and field names are made of (normalised); see `find_mentions`."""
        data = await self._load()
        return data.mentions.vocabulary if data.mentions is not None else frozenset()

    async def lookup_credential(self, text: str) -> Credential | None:
        found = await self.lookup_credentials(text, limit=1)
        return found[0] if found else None

    async def lookup_credentials(self, text: str, limit: int = 5) -> list[Credential]:
        """Credentials by id, acronym ("PMP", "Security+") or name, typos allowed; curated first on ties."""
        data = await self._load()
        if text in data.credentials:
            return [data.credentials[text]]
        q = norm(text).replace(" plus", "+")  # "security plus" is how people say Security+
        if not q:
            return []
        # correct misspelt words against the words of credential names ("gogle" -> "google") first
        words = []
        for w in q.split():
            if w not in data.cred_vocabulary and w not in data.acronyms and len(w) > 3:
                hit = process.extractOne(w, data.cred_vocabulary_list, scorer=fuzz.ratio, score_cutoff=75)
                w = hit[0] if hit else w
            words.append(w)
        q = " ".join(words)
        scores: dict[str, float] = {}
        for cid in data.acronyms.get(q, ()):
            scores[cid] = 100.0
        hits = process.extract(q, data.cred_names, scorer=fuzz.WRatio, limit=25, score_cutoff=80)
        for _, score, idx in hits:
            cid = data.cred_name_ids[idx]
            exact = data.cred_names[idx] == q
            scores[cid] = max(scores.get(cid, 0.0), 100.0 if exact else score)
        if len(q) <= 8 and not scores:
            for acr, ids in data.acronyms.items():
                if fuzz.ratio(q, acr) >= 80:
                    for cid in ids:
                        scores.setdefault(cid, 85.0)
        ranked = sorted(
            scores,
            key=lambda cid: (
                -(scores[cid] + 3 * data.credentials[cid].curated),
                len(data.credentials[cid].name),
                cid,
            ),
        )
        return [data.credentials[cid] for cid in ranked[:limit]]

    async def compare(self, a: str, b: str) -> Comparison | None:
        ca, cb = await self.lookup_credential(a), await self.lookup_credential(b)
        if ca is None or cb is None:
            return None

        aspects = [
            ("provider", lambda c: c.provider or "not stated"),
            ("type", lambda c: (c.credential_type or "not stated").replace("_", " ")),
            ("cost", display.money),
            ("duration", display.duration),
            ("format", display.format_label),
            ("level", lambda c: c.level or "not stated"),
            ("prerequisites", lambda c: c.prerequisites or "not stated"),
            ("quality assurance", lambda c: c.quality_assurance or "not stated"),
            ("recognition", lambda c: c.recognition or "not stated"),
            ("renewal", lambda c: "yes" if c.renewal else "no" if c.renewal is False else "not stated"),
            ("source", lambda c: c.source_url or c.url or "not stated"),
        ]
        if ca.retired or cb.retired:  # what became of a retired one comes first
            data = await self._load()

            def status(c: Credential) -> str:
                new = data.credentials.get(c.replaced_by or "")
                return display.retired_text(c, new.name if new else None) or "offered"

            aspects.insert(0, ("status", status))
        return Comparison(ca, cb, tuple((name, fn(ca), fn(cb)) for name, fn in aspects))

    async def education(self, occupation_or_field: str) -> EducationProfile | None:
        """Required education of an occupation (text, O*NET code or field id), from O*NET.

        A field stands for its first occupation, in curated order, that has O*NET education data.
        """
        data = await self._load()
        match = await self._resolve_one(occupation_or_field)
        if match is None:
            return None
        if match.kind == "field":
            codes = data.field_codes.get(match.id.removeprefix("field:"), [])
        else:
            codes = [match.id]
        async with self._get_engine().connect() as conn:
            return await education_profile(conn, codes)

    async def stats(self) -> dict[str, int]:
        async with self._get_engine().connect() as conn:

            async def count(model, *where) -> int:
                stmt = select(func.count()).select_from(model)
                for w in where:
                    stmt = stmt.where(w)
                return (await conn.execute(stmt)).scalar_one()

            return {
                "occupations": await count(m.Occupation),
                "aliases": await count(m.OccupationAlias),
                "skills": await count(m.Element),
                "transitions": await count(m.RelatedOccupation),
                "curated_transitions": await count(m.Transition),
                "fields": await count(m.Field),
                "credentials": await count(m.Credential),
                "curated_credentials": await count(m.Credential, m.Credential.curated.is_(True)),
                "credential_links": await count(m.CredentialOccupation),
            }

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
        self._data = None

    async def outlook(self, code: str) -> Outlook | None:
        """The BLS Occupational Outlook Handbook's pay and job outlook for an O*NET-SOC code (exact code,
        then the same 6-digit SOC code), from `curated/outlook.jsonl`; None when no profile covers it.
        `knowledge.outlook.outlook_sentence(o)` is the sentence a person reads."""
        return outlook_for(code)

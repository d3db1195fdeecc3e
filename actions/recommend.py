"""Ranked credential recommendations for the person's move, and their refinements."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import (
    KBAction,
    constraints_from_slots,
    has_constraints,
    kb_side,
    mentions_no_degree,
    recommended_ids,
    top_rung_for_newcomer,
)
from actions.first_steps import ActionFirstSteps
from actions.formatting import lower_title, plain_title, recommendation_block
from actions.payloads import recommendation_card
from actions.structured import Move, Recommendations, custom
from actions.understand import stems
from knowledge.api import KnowledgeBase
from knowledge.query.region import NAMES as REGION_NAMES

MIN_SHOWN = 3
MAX_SHOWN = 5
CANDIDATE_POOL = 10  # extra ranked items fetched so the curated ones can lead
PROFILE_SLOTS = (
    "current_field",
    "target_field",
    "budget_max",
    "weeks_max",
    "hours_per_week",
    "format_pref",
    "level_pref",
    "no_degree",
    "constraints_asked",
)
RELAXED_LABELS = {
    "max_cost": "your budget",
    "max_weeks": "your deadline",
    "hours_per_week": "your hours a week",
    "format": "the format",
    "level": "the level",
    "free_only": "free only",
    "no_degree": "the no-degree preference",
}
FOLLOW_UP_BUTTONS = [
    {"title": "Tell me more about #1", "payload": '/pick_item{"ordinal": "1"}'},
    {"title": "Compare #1 and #2", "payload": '/compare_credentials{"ordinal": ["1", "2"]}'},
    {"title": "What skills am I missing?", "payload": "/ask_skill_gap"},
    {"title": "What should I do first?", "payload": "/ask_first_steps"},
    {"title": "Cheaper options", "payload": '/refine{"refinement": "cheaper"}'},
    {"title": "Online only", "payload": '/refine{"refinement": "online"}'},
]


_GENERIC_NAME_WORDS = frozenset(
    "certified certification certificate certificates nationally national international professional program "
    "programme associate specialist registered board credential level advanced basic foundation foundations "
    "practitioner course master senior junior entry accredited approved licensed american institute "
    "association society council academy college university online training exam examination licensure "
    "licensing license licence commercial".split()
)


def _stem(word: str) -> str:
    """ "driver", "driving" -> "driv": a word's family, so a credential named for the job's work is not a
    specialty."""
    return re.sub(r"(?:ing|ers|er|ors|or|ions|ion|s)$", "", word)


def _specialty(rec, context_words: set[str]) -> bool:
    """A (not curated) certification for a specialty the person never mentioned: a word of its name that is
    neither generic, nor the issuer's, nor in the target or the message ("Pilates" for someone who wants to
    teach school, "Eating Disorders" for a future dietitian)."""
    cred = rec.credential
    # CareerOneStop's "core" type is the basic credential of an occupation (the NCLEX-RN, a nurse-aide
    # certification), never a side specialty
    if cred.curated or (cred.level or "").lower() == "core":
        return False
    words = {w for w in re.findall(r"[a-z]+", cred.name.lower()) if len(w) > 3}
    issuer_words = re.findall(r"[a-z]+", (cred.provider or "").split("(")[0].lower())
    # a brand ("Google", "Cisco Systems") is no specialty; "National Pilates Certification Program" names one
    issuer = set(issuer_words) if len(issuer_words) <= 2 else set()
    known = {c[:5] for c in context_words} | {_stem(c) for c in context_words}
    extra = {w for w in words - _GENERIC_NAME_WORDS - issuer if w[:5] not in known and _stem(w) not in known}
    return bool(extra)


def _curated_first(recs: list, context: str) -> list:
    """Curated credentials (chosen for the move by people, with sourced cost and time) lead when there are
    enough of them; specialty certifications that only share a word with the target are left out."""
    context_words = {w for w in re.findall(r"[a-z]+", context.lower()) if len(w) > 3}
    recs = [r for r in recs if not _specialty(r, context_words)]
    curated = [r for r in recs if r.credential.curated]
    if len(curated) < MIN_SHOWN:
        return recs
    return curated + [r for r in recs if not r.credential.curated]


def _distinct(recs: list) -> list:
    """One entry per credential name: a curated record and its CareerOneStop twin are the same thing."""
    seen: set[str] = set()
    out = []
    for rec in recs:
        key = re.sub(r"\W+", " ", rec.credential.name.lower()).strip()
        if key not in seen:
            seen.add(key)
            out.append(rec)
    return out


# the name of a person's role ("truck driver", "nurse", "welder"), not of a field ("nursing", "IT")
_ROLE_WORD = re.compile(
    r"(?:er|or|ist|ian|ant|nurse|clerk|chef|cook|aide|tech|technician|medic|midwife|paralegal|architect|mechanic)$", re.I
)
_PRAXIS_CODE = re.compile(r"\(\d{4}\)\s*$")  # "Latin (5601)": a Praxis subject test by its ETS test code
_NO_SUBJECT = frozenset(
    "content knowledge assessment assessments subject test tests exam and of the for in with education teaching "
    "middle school secondary elementary general".split()
)


def _family(name: str, provider: str | None = None) -> str | None:
    """ "Praxis Subject Assessment: Mathematics" -> "Praxis Subject Assessment": one test of a series, where
    the subject is the only difference (not "Microsoft Certified: Azure ...", three different jobs). ETS's
    subject tests named only by subject and code ("Latin (5601)") belong to the Praxis series too."""
    if provider and "educational testing" in provider.lower() and _PRAXIS_CODE.search(name):
        return "Praxis Subject Assessment"
    head, sep, _ = name.partition(":")
    series = re.search(r"\b(?:assessments?|tests?|exams?|examinations?|praxis)\b", head, re.I)
    return head.strip() if sep and len(head.split()) >= 2 and series else None


def _subject_words(name: str, family: str) -> set[str]:
    """The words naming a series test's subject, cut to 4 letters ("Mathematics" -> {"math"})."""
    rest = name[len(family) :] if name.startswith(family) else name
    rest = _PRAXIS_CODE.sub("", rest)
    return {w[:4] for w in re.findall(r"[a-z]+", rest.lower()) if len(w) > 2 and w not in _NO_SUBJECT}


def one_per_family(recs: list, context: str = "") -> tuple[list, dict[str, int]]:
    """One test of a series ("Praxis Subject Assessment: ...") in a list, and how many others were left out:
    five subject tests of one exam are one choice for the person, made by their state and subject. The test
    kept is the one for the subject the person names ("a maths teacher" -> Mathematics); when they name none
    of the series' subjects, none is shown (an ESOL or a history test is no step towards teaching maths) and
    the series is said in a line instead."""
    said = {w[:4] for w in re.findall(r"[a-z]+", context.lower()) if len(w) > 2}
    family_of = [_family(rec.credential.name, getattr(rec.credential, "provider", None)) for rec in recs]
    families: dict[str, list] = {}
    for rec, family in zip(recs, family_of):
        if family:
            families.setdefault(family, []).append(rec)
    chosen: dict[str, object | None] = {}
    for family, members in families.items():
        if len(members) == 1 or not context:
            chosen[family] = members[0]
            continue
        named = [m for m in members if _subject_words(m.credential.name, family) & said]
        chosen[family] = named[0] if named else None
    kept, dropped = [], {}
    for rec, family in zip(recs, family_of):
        if family and chosen.get(family) is not rec:
            dropped[family] = dropped.get(family, 0) + 1
            continue
        kept.append(rec)
    return kept, dropped


# a licence is worth naming as what does not apply there (the NCLEX-RN in the UK); a list of other American
# certificates is not (STCW medical first aid and a physicians' ultrasound exam to a personal support worker)
_LICENCE_NAME = re.compile(r"\blicen[cs]\w*|\bNCLEX|\bbar\s+exam", re.I)


def _such_as(names: tuple[str, ...]) -> str:
    if len(names) == 1:
        return f" ({names[0]})"
    return f" (such as {', '.join(names[:2])})" if names else ""


def held_back_lines(result) -> list[str]:
    """What was left out and why, in words: credentials for people already in the profession, and ones
    that apply only in another country than the person's."""
    lines = []
    if result.entering and result.licences and not result.region:
        exams = ", ".join(_short(n) for n in result.licences[:2])
        lines.append(
            f"In the US, {plain_target(result)} is licensed work: the licensing exam ({exams}) is the step "
            "that counts, and specialty certifications come after the licence."
        )
    if result.withheld:
        n = len(result.withheld)
        lines.append(
            f"I left out {n} credential{'s' if n > 1 else ''}{_such_as(result.withheld)} that "
            + (
                f"{'ask' if n > 1 else 'asks'} first for what people new to the work seldom hold yet (a licence, a "
                "degree in the field or an earlier certification): check the requirements if you already have one."
                if result.entering
                # someone already in the field may hold what they ask for: never "you don't have it"
                else f"{'ask' if n > 1 else 'asks'} for a particular licence, degree or earlier certification: "
                "check each one's requirements against what you hold."
            )
        )
    if result.region and result.withheld_region:
        n = len(result.withheld_region)
        where = REGION_NAMES.get(result.region, result.region)
        lines.append(
            f"You're in {where}: most of my credential data is from the US, so I left out {n} that "
            f"apply only in another country{_such_as(result.withheld_region)}. Check with the professional "
            f"body for {plain_target(result)} in {where} which qualifications count there."
        )
    return lines


def _short(name: str) -> str:
    """A licence by its acronym when it has one ("NCLEX-RN")."""
    found = re.search(r"\(([A-Z][A-Za-z0-9-]{1,15})\)\s*$", name)
    return found.group(1) if found else name


def nothing_to_take_lines(result) -> list[str]:
    """No credential left to show: say plainly why, rather than "nothing found"."""
    target = plain_target(result)
    if result.region and result.withheld_region:
        where = REGION_NAMES.get(result.region, result.region)
        return [
            f"I have nothing for {target} that applies in {where}: the credentials I know for it are American"
            f"{_such_as(tuple(n for n in result.withheld_region if _LICENCE_NAME.search(n)))}, and licences and "
            "qualifications differ by country.",
            f"The professional body or regulator for {target} in {where} can tell you which route applies "
            "there; certifications from international vendors and bodies are the same everywhere, but none "
            "in my data fits this move.",
        ]
    if not result.entering:  # already in the field: what they hold may be exactly what these ask for
        return [
            f"The credentials I know for {target}{_such_as(result.withheld)} each ask for a particular licence, "
            "degree or earlier certification: check their requirements against what you hold.",
        ]
    # not named to a newcomer: a specialty's certificate (medical health physics to a would-be physicist) reads
    # as the advice, when the point is that none of them is the way in (round 9's and batch 3's dev readers)
    return [
        f"The credentials I know for {target} come later in the career: they ask first for what people new to the "
        "work seldom hold yet, a licence, a degree in the field or an earlier certification.",
        "Ask a counselor or a college's admissions office which programme is the way in.",
    ]


def plain_target(result) -> str:
    """The target as a person says it: "nursing", "registered nurses"."""
    if result.target is None:
        return "this field"
    return plain_title(result.target.title).lower()


async def education_line(kb: KnowledgeBase, result) -> str | None:
    """How people usually reach the target, from O*NET's education survey (None when O*NET has none)."""
    profile = await kb.education(result.target.id)
    if profile is None or not profile.typical_level:
        return None
    if profile.typical_level in _SCHOOL_LEVELS:
        # "got there through a high school diploma, so a short credential is rarely the whole route" says nothing
        # (batch 3 dev half): there the licence or certificate and the work itself are the route
        return (
            f"Most {plain_title(profile.title).lower()} started with a high school education (the most common "
            "answer in O*NET's survey of the job's education) and learned on the job, so the licence or "
            "certificate the work asks for, and experience, are what count."
        )
    return (
        f'Most {plain_title(profile.title).lower()} got there through "{profile.typical_level}" (the most '
        "common answer in O*NET's survey of the job's education), so a short credential is rarely the whole "
        "route."
    )


_SCHOOL_LEVELS = frozenset({"Less than a High School Diploma", "High School Diploma"})


# O*NET's usual entry education for which no short credential is a step in for a newcomer
_GRADUATE_ROUTES = frozenset({"First Professional Degree", "Doctoral Degree", "Post-Doctoral Training"})
# a master's is the only way in only where the work is licensed (social work, counselling), not where a certificate
# can bridge from a related job (nursing or health informatics)
_LICENSED_MASTERS = frozenset({"Master's Degree", "Post-Master's Certificate"})


async def _long_route(kb: KnowledgeBase, result) -> str | None:
    """For a newcomer to work that takes a graduate or professional degree: the route, said before any list."""
    if not result.entering or result.target is None or result.transition_id is not None:
        return None  # a curated move (teaching -> instructional design) has short credentials that bridge it
    profile = await kb.education(result.target.id)
    if profile is None or not (
        profile.typical_level in _GRADUATE_ROUTES or (profile.typical_level in _LICENSED_MASTERS and result.licences)
    ):
        return None
    who = plain_title(profile.title).lower()
    return (
        f'Most {who} got there through "{profile.typical_level}" (the most common answer in O*NET\'s survey of '
        "the job's education): that degree is the way in, and no short certificate replaces it, so I won't list "
        "credentials meant for people already in the work."
    )


async def present_recommendations(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kb: KnowledgeBase,
    overrides: dict[str, Any] | None = None,
    show_more: bool = False,
) -> list[dict[str, Any]]:
    """Ask the KB for the move in the profile (slots + overrides), utter the list, return events.

    With `show_more`, the credentials already shown are skipped and numbering continues,
    so "#6" still points at the sixth credential the person has seen.
    """
    slots = {name: tracker.get_slot(name) for name in PROFILE_SLOTS}
    slots.update(overrides or {})
    events: list[dict[str, Any]] = [SlotSet(k, v) for k, v in (overrides or {}).items()]
    if not slots.get("no_degree") and mentions_no_degree((tracker.latest_message or {}).get("text")):
        slots["no_degree"] = True
        events.append(SlotSet("no_degree", True))
    current, target = slots.get("current_field"), slots.get("target_field")
    if not target:
        dispatcher.utter_message(response="utter_recommend_needs_profile")
        return events
    constraints = constraints_from_slots(slots)
    already = recommended_ids(tracker) if show_more else []
    limit = len(already) + MAX_SHOWN + CANDIDATE_POOL
    # the person's country (the reader's location fact): credentials that apply only elsewhere are left out
    where = (tracker.get_slot("person_facts") or {}).get("location")
    result = await kb.recommend(kb_side(current), target, constraints, limit=limit, where=where)
    if result.target is None:
        dispatcher.utter_message(response="utter_field_not_found", unmatched_text=str(target))
        return events + [SlotSet("target_field", None)]
    events += [SlotSet("target_field_title", result.target.title)]
    if result.source is not None:
        events.append(SlotSet("current_field_title", result.source.title))
    phrase = tracker.get_slot("target_phrase") or ""
    context = f"{result.target.title} {slots.get('target_field_title') or ''} {phrase}"
    context += " " + str((tracker.latest_message or {}).get("text") or "")
    recs, series = one_per_family(
        _curated_first(_distinct([r for r in result.recommendations if r.credential.id not in already]), context),
        context,
    )
    recs = recs[:MAX_SHOWN]
    # a newcomer is never sent to a field's top rung (Certified Master Chef, a board certification)
    advanced = [r.credential.name for r in recs if top_rung_for_newcomer(result, r.credential.name)]
    recs = [r for r in recs if not top_rung_for_newcomer(result, r.credential.name)]
    long_route = None if show_more else await _long_route(kb, result)
    if long_route is not None:
        # a lawyer, a physician, a psychologist: years of degree study are the way in, and a short credential
        # "linked to the field" (a privacy certification, a paralegal exam) is no step toward it for a newcomer
        # only the profession's licence (a board certification presupposes the degree and the licence)
        kept = [r for r in recs if r.credential.name in result.licences]
        if len(kept) < len(recs):
            dispatcher.utter_message(text=long_route)
            recs = kept
            if not recs:
                dispatcher.utter_message(
                    text="A counselor can help you compare programmes and what they need from you.",
                    buttons=[
                        {"title": "Which moves fit me?", "payload": "/ask_related_moves"},
                        {"title": "Talk to a person", "payload": "/request_human"},
                    ],
                )
                return events
    if not recs:
        if show_more:
            dispatcher.utter_message(text="That's everything I have for this move with your current limits.")
        elif advanced:
            education = await education_line(kb, result)
            dispatcher.utter_message(
                text="\n".join(
                    [
                        f"The credentials I know for {plain_target(result)}{_such_as(tuple(advanced))} are for people "
                        "with years in the work, so none is a first step for you."
                    ]
                    + ([education] if education else [])
                    + ["A counselor can help you find a programme or an entry job to start from."]
                ),
                buttons=[
                    {"title": "Which moves fit me?", "payload": "/ask_related_moves"},
                    {"title": "Talk to a person", "payload": "/request_human"},
                ],
            )
        elif (result.region and result.withheld_region) or result.withheld:
            lines = nothing_to_take_lines(result)
            education = None if result.region else await education_line(kb, result)
            profile = None if result.region or not result.entering else await kb.education(result.target.id)
            if profile is not None and profile.typical_level in _GRADUATE_ROUTES:
                # a physicist, a lawyer: the degree is the way in, and naming a board certification that comes
                # years later ("Certification in Medical Health Physics" to a would-be quant) only confuses
                lines = [
                    f"For {plain_target(result)}, the way in is the degree itself; the certifications I know for the "
                    "work come years later, after that training and experience.",
                    lines[-1],
                ]
            dispatcher.utter_message(text="\n".join(lines + ([education] if education else [])))
        else:
            # nothing in the data for this move: what is known about its route, not only "try a related field"
            education = await education_line(kb, result)
            name = plain_title(result.target.title)
            dispatcher.utter_message(
                text="\n".join(
                    [f"I don't hold any credential for {lower_title(name)} in my data yet."]
                    + ([education] if education else [])
                ),
            )
            # not a dead end: what the person can do now for that work (its skills, real job ads), then a person
            await ActionFirstSteps().run_with_kb(dispatcher, tracker, {}, kb)
        return events
    # the background in the person's own words ("from paralegal work"), never an O*NET title they did not say
    # (a background found only in passing has no stored words and is never said, not even as a field's name)
    said_from = tracker.get_slot("current_phrase")
    said_to = tracker.get_slot("target_phrase") or ""
    if not (stems(said_to) & stems(result.target.title)):  # a phrase left from an earlier goal is not this one
        said_to = plain_title(result.target.title)
    move = f"from {said_from} to {said_to}" if result.source and said_from else f"into {said_to}"
    lead = f"For a move {move}"
    if not (result.source and said_from) and _ROLE_WORD.search(said_to) and not said_to.endswith("s"):
        article = "an" if said_to[:1].lower() in "aeiou" else "a"
        lead, move = f"To become {article} {said_to}", f"to become {article} {said_to}"  # not "into truck driver"
    head = (
        f"Here {'is 1 more option' if len(recs) == 1 else f'are {len(recs)} more options'} for a move {move}:"
        if show_more
        else (
            f"{lead}, here is the one credential I'd look at:"
            if len(recs) == 1
            else f"{lead}, here are {len(recs)} credentials I'd look at, best first:"
        )
    )
    lines = [head, ""]
    lines += [
        recommendation_block(rec, len(already) + i + 1, result.target.title) + "\n"
        for i, rec in enumerate(recs)
    ]
    list_end = len(lines)
    relaxed = [RELAXED_LABELS.get(name, name.replace("_", " ")) for name in result.relaxed]
    if relaxed:
        lines.append("Nothing matched all your limits, so I relaxed " + ", ".join(relaxed) + ".")
    if not slots.get("constraints_asked") and not has_constraints(constraints):
        lines.append(
            'Any limits on budget, time or format? Tell me (e.g. "under $500, online") '
            'and I\'ll narrow these down — or say "no limits".'
        )
        events.append(SlotSet("constraints_asked", True))
    if not show_more:
        lines += held_back_lines(result)
    if advanced:
        lines.append(
            f"I left out {len(advanced)} credential{'s' if len(advanced) > 1 else ''} meant for people with years "
            f"in the work{_such_as(tuple(advanced))}."
        )
    for family, more in series.items():
        if any(_family(r.credential.name, r.credential.provider) == family for r in recs):
            lines.append(
                f"{family} is a series of tests, one per subject (I left out {more} more of them): the subject "
                "and the state or employer you apply to decide which one you take."
            )
        else:
            lines.append(
                f"{family} is a series of tests, one per subject ({more} in my data): the subject you will teach "
                "and the state or employer you apply to decide which one you take — tell me your subject and "
                "I'll name its test."
            )
    if (len(recs) < MIN_SHOWN or (result.entering and result.withheld)) and not show_more:
        education = await education_line(kb, result)
        if education:
            lines.append(education)
    if len(recs) < MIN_SHOWN and not show_more:
        lines.append("That's all I found for this move; ask which moves fit your background for more ideas.")
    payload = Recommendations(
        intro=head,
        move=Move(from_title=result.source.title if result.source else None, to_title=result.target.title),
        items=[
            recommendation_card(rec, len(already) + i + 1, result.target.title) for i, rec in enumerate(recs)
        ],
        relaxed=relaxed,
        outro=lines[list_end:],
    )
    dispatcher.utter_message(
        text="\n".join(lines).strip(),
        buttons=[b for b in FOLLOW_UP_BUTTONS if len(recs) > 1 or "#2" not in b["title"]],
        json_message=custom(payload),
    )
    events.append(SlotSet("recommended_ids", already + [r.credential.id for r in recs]))
    return events


class ActionRecommendCredentials(KBAction):
    """Shows 3–5 ranked credentials for the move in the profile, each with its reason."""

    def name(self) -> str:
        return "action_recommend_credentials"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        return await present_recommendations(dispatcher, tracker, kb)

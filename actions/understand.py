"""One turn, understood: the message read whole (`understanding/`) and resolved to the knowledge base.

The reader gives phrases ("high school chemistry teacher"); this module turns them into KB matches,
trying shorter sub-phrases when the whole one is unknown, and falls back on the NLU's own
occupation entities (gazetteer ids with from/to roles) and on the question the bot asked last turn
("What do you do now?" -> the whole reply is the answer). The result is a `TurnReading`: plain data
the reply composer (`actions/respond.py`) acts on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

from knowledge.api import KnowledgeBase
from knowledge.text import STOPWORDS, norm
from knowledge.types import Credential, Match
from understanding import Understanding, read_message
from understanding.phrases import (
    POSTSECONDARY,
    WHAT_IF,
    clean,
    practitioner_forms,
    shrinkings,
    teacher_phrase,
)
from understanding.roles import role_of
from understanding.semantic import nearest_question_type

logger = logging.getLogger(__name__)

# resolver score below which a whole phrase is not trusted (the resolver's semantic layer starts at 80)
MIN_SCORE = 85.0
SURE_SCORE = 92.0  # a phrase match below this gives way to a known name found in the text with its role
MIN_SHRUNK_SCORE = 90.0  # a sub-phrase must match better than that to stand for the whole
_ID = re.compile(r"^(field:[a-z0-9-]+|\d{2}-\d{4}\.\d{2})$")
_SKIP = re.compile(
    r"^\s*(skip|pass|no idea|not sure|rather not say|i'?d rather not say|none|n/?a|anything|any)\W*$", re.I
)
_LANGUAGE_ENTITY = "language"
# "I don't know", "not sure", "maybe": a reply to Pivot's question that names nothing
VAGUE_REPLY = re.compile(
    r"^\W*(?:no|nope|nah|not\s+sure|maybe|idk|i\s+don'?t\s+know|dunno|hmm+|both|neither|either|whatever|ok(?:ay)?)\b",
    re.IGNORECASE,
)


@dataclass
class Side:
    """One end of the move as understood this turn."""

    phrase: str | None = None  # the person's words
    match: Match | None = None  # resolved
    unresolved: bool = False  # a phrase was given but nothing in the KB fits
    # how it was found: "cue" (a phrase after "I'm a", "move into"...), "name" (a known title with the words
    # before it), "degree" (what they studied), "nlu" (the NLU's entity), "answer" (a reply to our question),
    # "intent" (a button or an intent that names the side); the reply states a side as fact only when `sure`
    source: str = ""

    @property
    def sure(self) -> bool:
        if self.match is None:
            return False
        if self.source in ("answer", "intent"):
            return True
        # on the dev half (`python -m bench.understanding`, right_when_found_by) a phrase after a cue is right
        # 7 times in 10 for the target and 2 in 3 for the current side; the first title of a story 3 in 10
        return self.source == "cue"


@dataclass
class TurnReading:
    understanding: Understanding
    intent: str | None
    current: Side = field(default_factory=Side)
    target: Side = field(default_factory=Side)
    alternatives: list[Match] = field(default_factory=list)  # "UX or data analytics?" as KB matches
    credentials: list[Credential] = field(default_factory=list)  # named and in the KB
    unknown_mentions: list[str] = field(default_factory=list)  # named, not in the KB (canonical names)
    answered_question: str | None = None  # "current" | "target": the message answered what we asked
    # the person said both their job and a goal in the same field in this message ("I'm a nurse ... a more critical
    # area of nursing"): the one case where Pivot says "You already work in ..."
    same_field_stated: bool = False

    @property
    def understood_anything(self) -> bool:
        u = self.understanding
        return bool(
            self.current.match
            or self.target.match
            or self.credentials
            or self.unknown_mentions
            or u.facts.any()
            or u.question_type not in ("other",)
        )


STORY_WORDS = 40  # above this, only credentials named by the reader's own patterns count
MAX_SHRINKINGS = 4  # sub-phrases tried for one phrase (each is one resolver call)
MAX_CANDIDATES = 4  # phrases tried for one side


_ROLE_WORD = re.compile(
    r"(?:er|or|ist|ian|ant|nurse|clerk|aide|tech|technician|chef|cook|agent|assistant|associate|paralegal|pilot|"
    r"guard|officer|manager|analyst|designer|developer|engineer|teacher|lawyer|attorney|doctor|medic|marine|soldier)s?$",
    re.I,
)


# Words that name no field on their own, however close a longer field name sounds
_VAGUE_WORDS = frozenset(
    "research community science business services support operations development work studies".split()
)


def stems(text: str) -> set[str]:
    """Four-letter stems of a text's content words: what two names share when they name the same thing."""
    return {w[:4] for w in re.findall(r"[a-z0-9+#]+", text.lower()) if len(w) > 2 and w not in STOPWORDS}


def acceptable(phrase: str, match: Match, answer: bool = False) -> bool:
    """Whether a resolver hit for a phrase taken from a long message is what the person meant.

    The resolver is built to find *something* for a title-like phrase (typos, short forms, nearest meaning);
    a phrase cut out of a story is often not a title at all ("bigger company" -> "Bagger", "switching" ->
    "Switcher", "design justice" -> judges, "CMS" -> a locksmith certification). So: the name that matched
    must share a word with the phrase; an occupation reached by a bare acronym or a bare gerund is not
    trusted (a curated field is: "IT", "nursing"); a one-word phrase must be a field, read like a role
    ("welder") or be the occupation's own name ("architect").
    """
    if answer and match.matched.lower() == phrase.lower():
        return True  # the reply is exactly a name Pivot knows ("EE", "PM")
    if match.kind == "field":
        if phrase.lower() in _VAGUE_WORDS and len(match.matched.split()) > 1 and match.score < 95:
            return False  # "research" is not "research scientist": one loose word for a longer name
        return bool(stems(match.matched) & stems(phrase)) or phrase.isupper() or match.score >= 99.5
    words = re.findall(r"[A-Za-z0-9+#'-]+", phrase)
    if not (stems(match.matched) & stems(phrase) or stems(match.title) & stems(phrase)):
        return False
    if phrase.isupper() and len(phrase) <= 4 and not answer:  # a reply to "What do you do?" may be "RN"
        return False
    if len(words) == 1 and (words[0].lower().endswith("ing") or not _ROLE_WORD.search(words[0])):
        # a one-word phrase that IS the matched name ("architect" -> "Architects") is a title, not a word
        return _singular_word(norm(match.matched)) == _singular_word(norm(phrase))
    return True


def _singular_word(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


async def _hit(kb: KnowledgeBase, phrase: str, minimum: float, answer: bool = False) -> Match | None:
    hits = await kb.resolve(phrase, limit=1)
    if hits and hits[0].score >= minimum and acceptable(phrase, hits[0], answer):
        return hits[0]
    return None


async def resolve_phrase(kb: KnowledgeBase, phrase: str, answer: bool = False) -> Match | None:
    """The KB match for a whole phrase, else for its best sub-phrase ("chemistry teacher", "teacher")."""
    phrase = phrase.strip()
    if _ID.match(phrase):
        found = await kb.resolve(phrase, limit=1)
        return found[0] if found else None
    found = await _hit(kb, phrase, MIN_SCORE, answer)
    if found is not None:
        return found
    for form in practitioner_forms(phrase):
        found = await _hit(kb, form, MIN_SCORE)
        if found is not None:
            return found
    for shorter in shrinkings(phrase)[:MAX_SHRINKINGS]:
        found = await _hit(kb, shorter, MIN_SHRUNK_SCORE)
        if found is not None:
            return found
        for form in practitioner_forms(shorter)[:1]:  # "Applied Physics" -> "Physics" -> "physicist"
            found = await _hit(kb, form, MIN_SHRUNK_SCORE)
            if found is not None:
                return found
    return None


# Phrases a cue catches that name no work, however a title might use their words: "the former" (of two things
# just named), "extra time", "the next 20 or 30 years", "13 months", "than med schools", "the house even earlier"
# (batch 3 dev half: "former" reached Extruding Machine Setters through an O*NET title, "extra" Actors)
_NO_WORK = re.compile(
    r"^(?:the\s+)?(?:former|latter|extra|same|rest|other|others|both|either|neither|strategic|solution|solutions|"
    r"option|options|choice|choices|idea|ideas|plan|program|programme|route|path|thing|things|stuff|level|"
    r"senior\s+level|(?:higher|entry|junior|mid|senior)[- ]level)$|"
    r"^(?:than|even|next|last|about|over|around|nearly|almost)\b|^\d|"
    r"\b(?:\d+\s+)?(?:months?|years?|weeks?|days?|hours?)$|\b(?:earlier|later)$",
    re.IGNORECASE,
)


_REFUSED = re.compile(
    r"\b(?:don'?t|do\s+not|never|no\s+longer|not|wouldn'?t|won'?t)\s+(?:\w+\s+){0,2}(?:be|become|work\s+as|do)\s+"
    r"(?:a|an|the)?\s*$",
    re.IGNORECASE,
)


def _has_name_word(phrase: str, vocabulary: frozenset[str]) -> bool:
    """True when the phrase has a word occupation or field names use, or is an acronym ("IT", "UX", "RN")."""
    if _NO_WORK.search(phrase.strip()):
        return False
    if phrase.isupper() and len(phrase) <= 6:
        return True
    words = [w for w in norm(phrase).split() if w not in STOPWORDS]
    return any(w in vocabulary or w.rstrip("s") in vocabulary or f"{w}s" in vocabulary for w in words)


_STATED_JOB = re.compile(
    r"\b(?:i'?m|i\s+am|i\s+work\s+as|i've\s+been|i\s+have\s+been|i\s+was|worked\s+as|working\s+as)\s+(?:a|an)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "After 13 years of critical care nursing", "a decade in nursing", "I started my career in finance": years spent
# in the work are as much a statement of it as "I'm a nurse"
_YEARS_IN = re.compile(
    r"(?:\b(?:\d+\+?|a\s+few|several|many|ten|fifteen|twenty|a\s+decade|decades)\s*(?:years?|yrs?)\s*"
    r"(?:of\s+experience\s+)?(?:as|in|of|doing)|\b(?:started|began|spent)\s+my\s+(?:whole\s+)?career\s+(?:in|as))"
    r"\s+(?:a\s+|an\s+|the\s+)?$",
    re.IGNORECASE,
)
_LEAVING = re.compile(
    r"\b(?:leave|leaving|left|quit|quitting|escape|escaping|get\s+out\s+of|getting\s+out\s+of|got\s+out\s+of|"
    r"out\s+of|done\s+with|tired\s+of|sick\s+of|fed\s+up\s+with|burn(?:ed|t)\s+out\s+(?:on|by|in|from)|hate|hated|"
    r"away\s+from|walk\s+away\s+from)\s+(?:my\s+|the\s+|this\s+|working\s+in\s+|(?:my\s+)?(?:job|career|work)\s+(?:as|in)\s+(?:a\s+|an\s+)?)*$",
    re.IGNORECASE,
)


def _left_behind(text: str, phrase: str | None) -> bool:
    """The phrase is, somewhere in the message, what the person is leaving ("leave retail", "out of IT")."""
    if not phrase or len(phrase) < 2:
        return False
    back = rf"\b(?:return|returning|go\s+back|going\s+back|get\s+back|getting\s+back)\s+(?:in)?to\s+(?:the\s+)?{re.escape(phrase)}\b"
    if re.search(back, text, re.IGNORECASE):
        return False  # "I left teaching five years ago and want to go back to teaching": the goal is going back
    for found in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE):
        before = text[max(0, found.start() - 60) : found.start()]
        # "What if I hate working in IT?": a fear about the goal, not what they are leaving
        if _LEAVING.search(before) and not WHAT_IF.search(re.split(r"[.!?\n]", before)[-1]):
            return True
    return False


_STUDENT = re.compile(r"\bpre-|\bstudents?\b|\bapplicants?\b|\bmajors?\b", re.I)


async def resolve_side(
    kb: KnowledgeBase,
    candidates: tuple[str, ...],
    taken: Match | None = None,
    current: bool = False,
    studied: tuple[str, ...] = (),
) -> Side:
    """The first candidate phrase that resolves (message order), skipping the other side's match.

    A phrase with no word that any occupation or field name uses ("another", "to find", "how much") is
    not tried: the resolver's nearest-meaning layer would find *something* for it.
    """
    side = Side()
    vocabulary = await kb.names_vocabulary()
    named = [
        c
        for c in candidates
        # "midwifery" has no word of a job's name, its practitioner ("midwife") has
        if _has_name_word(c, vocabulary) or any(_has_name_word(f, vocabulary) for f in practitioner_forms(c))
    ]
    for phrase in named[:MAX_CANDIDATES]:
        if current and _STUDENT.search(phrase):
            continue  # a "pre-nursing student" is on the way to nursing, not in it
        match = await resolve_phrase(kb, phrase)
        if match is not None and (taken is None or match.id != taken.id):
            return Side(phrase, match, False, "degree" if phrase in studied else "cue")
        if side.phrase is None:
            side = Side(phrase, None, True)
    return side


async def _names_in_text(kb: KnowledgeBase, text: str, reading: TurnReading) -> None:
    """Known titles anywhere in the text, given a side by the words before them ("8 years as an
    accountant")."""
    weak = [
        name
        for name in ("current", "target")
        if getattr(reading, name).match is None or getattr(reading, name).match.score < SURE_SCORE
    ]
    if not weak:
        return
    credential_words = {m.text.lower() for m in reading.understanding.mentions}
    # A credential's acronym that is also an O*NET alternate title ("CISSP") names a credential here.
    found_names = [
        n
        for n in await kb.find_mentions(text)
        if n.text.lower() not in credential_words and acceptable(n.text, n.match) and not _NO_WORK.search(n.text)
    ]
    for found in found_names:
        role = role_of(text, found.start)
        if role not in weak:
            continue
        other = reading.target if role == "current" else reading.current
        if other.match is not None and other.match.id == found.match.id:
            continue
        setattr(reading, role, Side(found.text, found.match, False, "name"))
        weak.remove(role)
        if not weak:
            return
    # People name what they are first: in a message that tells a story (not a two-word answer), a leading
    # name with no cue either way is often the current side (29 % of the time on the dev half: kept for the
    # profile, never said back as fact; see `Side.sure`).
    if "current" in weak and reading.current.match is None and found_names and len(text.split()) >= 8:
        first = found_names[0]
        sentence = re.split(r"[.!?\n]", text[: first.start])[-1]
        first_person = re.search(r"\b(?:i|i'?m|i'?ve|i\s+am|i\s+was|we)\b", sentence, re.I)
        clash = reading.target.match is not None and reading.target.match.id == first.match.id
        # "I don't want to become a school administrator": a job refused is neither side
        refused = _REFUSED.search(sentence) or first.text.lower() in {n.lower() for n in reading.understanding.negated}
        # "vet schools are harder to get in": a school or programme named is no job held
        schooling = re.search(r"\b(?:schools?|programs?|programmes?|courses?|degrees?|colleges?)$", first.text, re.I)
        if role_of(text, first.start) is None and first_person and not clash and not refused and not schooling:
            reading.current = Side(first.text, first.match, False, "first")


def _entities(tracker: Tracker) -> list[dict[str, Any]]:
    return list((tracker.latest_message or {}).get("entities") or [])


def _occupation_ids(entities: list[dict[str, Any]], role: str | None) -> list[tuple[str, str]]:
    """(id, surface text) of the NLU's occupation entities with `role` (None: no role), message order."""
    found = [
        e for e in entities if e.get("entity") == "occupation" and e.get("role") == role and e.get("value")
    ]
    found.sort(key=lambda e: e.get("start") or 0)
    return [(str(e["value"]), str(e.get("text") or e["value"])) for e in found]


async def _match_for_id(kb: KnowledgeBase, value: str, surface: str) -> Match | None:
    """The NLU's gazetteer id for a surface text, when the text really names it."""
    hits = await kb.resolve(value, limit=1)
    # every word of the surface must be in the name: the gazetteer's fuzzy match took "deep yearning" for
    # "deep learning" and "financial arena" for a sales title
    named = stems(f"{hits[0].matched} {hits[0].title}") if hits else set()
    if hits and acceptable(surface, hits[0]) and stems(surface) <= named:
        return hits[0]
    return await resolve_phrase(kb, surface)


async def _credentials(
    kb: KnowledgeBase, entities: list[dict[str, Any]], u: Understanding
) -> tuple[list[Credential], list[str]]:
    found: list[Credential] = []
    missing: list[str] = []
    story = len(u.text.split()) > STORY_WORDS
    for e in entities:
        if e.get("entity") != "credential" or not e.get("value"):
            continue
        surface = str(e.get("text") or "")
        if story or len(surface) <= 3:
            # in a long story a gazetteer hit ("ISP", "PM") is far more often a word than a credential
            continue
        ref = str(e["value"])
        cred = await (
            kb.get_credential(ref) if ref.startswith(("cur:", "cos:")) else kb.lookup_credential(ref)
        )
        if cred is not None and all(c.id != cred.id for c in found):
            found.append(cred)
    for mention in u.mentions:
        if mention.kind != "credential":
            missing.append(mention.canonical)  # degrees, bootcamps, MOOCs: not credentials the KB holds
            continue
        cred = await _best_lookup(kb, mention.canonical) or await _best_lookup(kb, mention.text)
        if cred is not None and _plausible_lookup(mention.canonical, cred):
            if all(c.id != cred.id for c in found):
                found.append(cred)
        elif mention.canonical not in missing:
            missing.append(mention.canonical)
    return found, missing


async def _best_lookup(kb: KnowledgeBase, name: str) -> Credential | None:
    """The credential a name means, the curated record (with sourced facts) before its CareerOneStop twin."""
    found = [c for c in await kb.lookup_credentials(name, limit=5) if _plausible_lookup(name, c)]
    curated = [c for c in found if c.curated]
    return (curated or found or [None])[0]


def _plausible_lookup(name: str, cred: Credential) -> bool:
    """A lookup by name must share a distinctive word with the credential (not just "certificate")."""
    generic = {
        "certificate",
        "certification",
        "certified",
        "professional",
        "associate",
        "the",
        "of",
        "and",
        "in",
    }
    words = {w for w in re.findall(r"[a-z0-9+]+", name.lower()) if w not in generic}
    theirs = set(re.findall(r"[a-z0-9+]+", f"{cred.name} {cred.acronym or ''} {cred.provider or ''}".lower()))
    return bool(words & theirs)


_PROGRAMME_TAIL = re.compile(
    r"^(?P<p>.+?)\s+(?:course|program|programme|degree|training|certificate|certification|credential|licen[cs]e|"
    r"post|job|role|position|career)s?$",
    re.I,
)


def _answer_words(phrase: str) -> str:
    """An answer to "where would you like to go?" in the words a job has: "teach business at a polytechnic" ->
    "business professor", "teach maths" -> "maths teacher"; "a secondary maths PGCE course" -> "secondary maths
    PGCE" (the programme word names no job)."""
    if re.fullmatch(r"(?:to\s+)?teach(?:ing)?", phrase.strip(), re.I):
        return "teacher"
    level = re.match(
        r"^(?:to\s+)?teach(?:ing)?\s+(?P<s>[\w&-]+(?:\s+[\w&-]+)?)\s*(?:\.\.\.|…|,|\bat\b|\bin\b)\s*(?:a\s+|the\s+)?"
        r"(?P<l>high\s+school|middle\s+school|secondary(?:\s+school)?|elementary(?:\s+school)?|primary(?:\s+school)?)\s*$",
        phrase.strip(),
        re.I,
    )
    if level:  # "teach Computer Science ... high school": a high school computer science teacher
        return f"{level.group('l').lower()} {level.group('s')} teacher"
    teach = re.match(r"^(?:to\s+)?teach(?:ing)?\s+(?P<rest>.+)$", phrase, re.I)
    if teach:
        rest = teach.group("rest")
        # "teach business at a polytechnic", "teaching at a University" (a college teacher); not "teaching at a school"
        if POSTSECONDARY.search(rest) or not re.match(r"(?:at|in|to|for|a|an|the)\b", rest, re.I):
            return teacher_phrase(rest)
    tail = _PROGRAMME_TAIL.match(phrase)
    return (clean(tail.group("p")) or phrase) if tail else phrase


# an answer in several parts: "digital media/interactive web design", "space technology and biotech"
_TEACH_WORDS = re.compile(r"^\s*(?:to\s+)?teach(?:ing)?\b", re.I)
ANSWER_WORDS = 14  # a reply to Pivot's question up to this long is read as the answer ("a teacher ... or HR")
_MULTI_PART = re.compile(r"\s*(?:\.\.\.|…|,|;|\s-\s|\bor\b|\band\b|/|&)\s*", re.I)
# a reply that names no work itself ("a job", "jobs I am educated to do", "a career"): an aside after it may
_VAGUE_WORK = re.compile(
    r"^(?:an?\s+|the\s+|some\s+|any\s+)?(?:good\s+|new\s+|better\s+|full[- ]time\s+|real\s+)?(?:job|jobs|work|career|role|"
    r"roles|position|something|anything)\b",
    re.I,
)
# one word of a longer phrase that says nothing of which work ("space technology" -> "technology")
_VAGUE_SHRINK = frozenset("technology tech industry media digital health business science services work field".split())


def _named_whole(phrase: str, match: Match) -> bool:
    """False when the match came from one vague word of a longer phrase ("space technology" -> IT)."""
    matched = (match.matched or "").lower().strip()
    return not (matched in _VAGUE_SHRINK and len(phrase.split()) > 1)


async def read_turn(kb: KnowledgeBase, tracker: Tracker) -> TurnReading:
    """The latest message of `tracker`, read and resolved."""
    message = tracker.latest_message or {}
    return await read_text(
        kb,
        str(message.get("text") or ""),
        intent=((message.get("intent") or {}).get("name") or "").split("/")[0] or None,
        entities=_entities(tracker),
        asked=tracker.get_slot("asked"),
        known_current=tracker.get_slot("current_field"),
    )


_OPTION_VERB = re.compile(
    r"^(?:to\s+)?(?:become|be|work\s+as|train\s+as|go\s+into|get\s+into|study|do|pursue|"
    r"go\s+(?:straight\s+|directly\s+)?(?:to|into|for)|start\s+with|take|enrol+\s+in|apply\s+(?:to|for))\s+",
    re.IGNORECASE,
)
# "the LPN first", "an RN program", "the ADN route now": the job, without when or how it is studied
_OPTION_TAIL = re.compile(
    r"(?:\s+(?:first|program|programme|programs|programmes|route|path|track|course|school|now|instead|"
    r"straight\s+away|right\s+away|later))+$",
    re.IGNORECASE,
)


_EXCLUDING = re.compile(
    r"\b(?:outside(?:\s+of)?|other\s+than|anything\s+(?:but|except)|except|besides|away\s+from|out\s+of|not|"
    r"no\s+longer|no\s+more|instead\s+of|rather\s+than)\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)


def _excluded(phrase: str, matched: str | None) -> bool:
    """The name was matched inside words that exclude it ("push paper somewhere outside of nursing")."""
    if not matched:
        return False
    at = phrase.lower().find(matched.lower())
    return at > 0 and bool(_EXCLUDING.search(phrase[:at]))


# places and kinds of care a clinician moves between within their own profession
_SETTING = re.compile(
    r"^(?:an?\s+|the\s+)?(?:home\s+health(?:\s+care)?|home\s+care|hospice|outpatient|inpatient|acute\s+care|"
    r"sub-?acute|post-?acute|long[- ]term\s+care|skilled\s+nursing|telehealth|telemedicine|private\s+practice|"
    r"(?:the\s+)?icu|(?:the\s+)?er|critical\s+care|ambulatory\s+care|school\s+setting|travel|hospitals?|clinics?|"
    r"(?:the\s+)?floors?|bedside|wards?|nursing\s+homes?)"
    r"(?:\s+(?:setting|settings|side|care|work|agency|agencies))?$",
    re.I,
)


def _clinician(match: Match) -> bool:
    """Healthcare practitioners and support workers (O*NET 29-, 31-) or the fields they work in."""
    return match.id.startswith(("29-", "31-")) or match.id in (
        "field:nursing", "field:healthcare", "field:medical-assisting", "field:pharmacy-technician"
    )


async def read_text(
    kb: KnowledgeBase,
    text: str,
    intent: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    asked: str | None = None,
    known_current: str | None = None,
) -> TurnReading:
    """One message read and resolved; `entities` are the NLU's, `asked` what Pivot asked last turn."""
    entities = list(entities or [])
    languages = [str(e["value"]) for e in entities if e.get("entity") == _LANGUAGE_ENTITY and e.get("value")]
    u = read_message(
        text,
        entities,
        nlu_language=languages[0] if languages else None,
        nearest=nearest_question_type,
        answering_limits=asked == "constraints",
    )
    reading = TurnReading(understanding=u, intent=intent)
    if u.language != "en":
        return reading
    text = u.text  # the phrases' own text (apostrophes and acronyms as the reader normalised them)

    # The target first: when one name is among both sides' candidates ("make the switch to a career in
    # nursing ... now a pre-nursing student"), the wish is the clearer evidence.
    reading.target = await resolve_side(kb, u.target_candidates)
    reading.current = await resolve_side(
        kb, u.current_candidates, reading.target.match, current=True, studied=u.studied
    )
    if reading.current.match is None and reading.target.match is not None and u.current_candidates:
        # "I'm a nurse ... a more critical area of nursing": a job stated outright stays theirs even when the goal
        # is in the same field (the reply then knows they are in it already), unlike "a pre-nursing student"
        first = u.current_candidates[0]
        at = text.find(first)
        before = text[max(0, at - 40) : at]
        stated = at >= 0 and (_STATED_JOB.search(before) or _YEARS_IN.search(before))
        if stated and not _STUDENT.search(first):
            same = await resolve_phrase(kb, first)
            if same is not None and same.id == reading.target.match.id:
                reading.current = Side(first, same, False, "cue")
                reading.same_field_stated = True
    await _names_in_text(kb, text, reading)
    for side_name, role in (("current", "from"), ("target", "to")):
        side: Side = getattr(reading, side_name)
        if side.match is None:
            # The NLU's gazetteer saw a known title with this role ("bank teller" as `from`).
            for value, surface in _occupation_ids(entities, role):
                match = await _match_for_id(kb, value, surface)
                if match is not None:
                    # the entity's own words: the phrase that failed ("from a book") did not name it
                    side.phrase, side.match, side.unresolved, side.source = surface, match, False, "nlu"
                    break

    # "a teacher" after Pivot asked something else (limits, or nothing): a bare name with no cue, no limit and no
    # question is the person saying where they want to go, most often correcting what Pivot took as their goal
    bare_name = (
        asked not in ("current", "target", "target_confirm")
        and len(text.split()) <= 4
        and not u.is_question
        and not (u.current_candidates or u.target_candidates or u.facts.any())
        and not re.search(r"\d|^/", text)
        and not VAGUE_REPLY.match(text)
    )
    if bare_name and reading.target.match is None and reading.current.source in ("nlu", "name", "first"):
        # the NLU's occupation entity (no role) or a known title took the bare name for the current side
        reading.current = Side()
    if bare_name and reading.current.match is None and reading.target.match is None:
        asked = "target"
    # A bare answer to the question we asked: "retail", "I do payroll stuff", "cybersecurity".
    if asked == "target_confirm":
        asked = "target"  # "Do you want to move into nursing?" -> "no, UX design" names the target too
    if asked in ("current", "target") and not (reading.current.match and reading.target.match):
        side = reading.current if asked == "current" else reading.target
        other = reading.target if asked == "current" else reading.current
        if side.match is None and not (other.match and not other.phrase):
            roleless = _occupation_ids(entities, None)
            if roleless and not _TEACH_WORDS.match(text):  # "teach Computer Science": a teacher, not software
                match = await _match_for_id(kb, *roleless[0])
                if match is not None:
                    side.phrase, side.match, side.unresolved, side.source = (
                        roleless[0][1],
                        match,
                        False,
                        "answer",
                    )
            elif text and not text.startswith("/") and not u.is_question and len(text.split()) <= ANSWER_WORDS:
                if asked == "target" and VAGUE_REPLY.match(text):
                    pass  # "not sure" names no field: asked again with examples, never said back as a name
                elif asked == "current" and _SKIP.match(text):
                    side.phrase = "any"
                else:
                    # "the Wellington ICT sector (a discipline with a skill shortage)": the name, not the aside
                    bare = re.sub(r"\s*\([^)]*\)", "", text.replace("[...]", "...")).rstrip(".!").strip()
                    aside = re.search(r"\(([^)]{3,80})\)", text)
                    if aside and (not clean(bare) or _VAGUE_WORK.match(bare)):
                        # "a job (in human resources)", "jobs I am educated to do (Internet security, programming)":
                        # the aside names the work when the rest does not
                        bare = re.sub(r"^(?:in|as|a|an|the|like|e\.?g\.?)\s+", "", aside.group(1).strip(), flags=re.I)
                    # a reply in parts that is too long to be one name is still read by its parts
                    phrase = clean(_answer_words(bare)) or (bare if _MULTI_PART.search(bare) else None)
                    if phrase and side.match is None:
                        side.phrase, side.source = phrase, "answer"

                        def usable(found: Match | None, words: str) -> bool:
                            return (
                                found is not None
                                and not _excluded(phrase, found.matched)  # "somewhere outside of nursing"
                                # "digital media/interactive web design" from a journalist: not journalism; but the
                                # whole answer naming it ("finance") is where they want to go, whatever was read before
                                and not (asked == "target" and found.id == known_current and words != phrase)
                                and _named_whole(words, found)  # "space technology" is not "technology"
                            )

                        # "welding ... more hands-on", "digital media/interactive web design", "jobs and/or internships
                        # ... larger hospitals": the first part that names work, said back as that part
                        whole = await resolve_phrase(kb, phrase, answer=True)
                        exact = usable(whole, phrase) and (whole.matched or "").lower() == phrase.lower()
                        # a name said whole ("health and fitness", "oil and gas") is not split
                        parts = (
                            [clean(_answer_words(p.strip())) or "" for p in _MULTI_PART.split(phrase) if p.strip()]
                            if _MULTI_PART.search(phrase) and not exact
                            else []
                        )
                        for part in [p for p in parts if p and p != phrase and not _excluded(phrase, p)]:
                            found = await resolve_phrase(kb, part, answer=True)
                            if usable(found, part):
                                side.phrase, side.match = part, found
                                break
                        if side.match is None:
                            side.match = whole if usable(whole, phrase) else None
                        side.unresolved = side.match is None
            if side.match is not None or side.phrase == "any":
                reading.answered_question = asked

    # A short reply to "Where would you like to move?" or "Is nursing where you'd like to go?" IS the answer,
    # however its name was found.
    if asked in ("target", "target_confirm") and reading.target.match and len(text.split()) <= 8:
        if not u.is_question:
            reading.target.source = "answer"

    # A short answer to "where would you like to move?" says nothing about the other side ("Windows server
    # admin" is a target, not also an "admin" background), unless the person wrote a cue for it.
    if asked in ("current", "target", "target_confirm") and len(text.split()) <= 8:
        if asked in ("target", "target_confirm") and not u.current_candidates:
            reading.current = Side()
        if asked == "current" and not u.target_candidates:
            reading.target = Side()

    # Roleless occupation entities with an intent that says which side ("I'm a nurse" -> inform_current).
    if reading.current.match is None and reading.target.match is None and not reading.answered_question:
        roleless = _occupation_ids(entities, None)
        if roleless and not u.current and not u.target:
            side = reading.current if intent == "inform_current" else reading.target
            match = await _match_for_id(kb, *roleless[0])
            if match is not None:
                side.phrase, side.match, side.source = roleless[0][1], match, "intent"

    # One job cannot be both ends of the move: the side with the weaker evidence gives way.
    if (
        reading.current.match
        and reading.target.match
        and reading.current.match.id == reading.target.match.id
        and not reading.same_field_stated
    ):
        # (the answer to "where would you like to move?" is the goal: "a nursing career")
        if reading.target.phrase in u.target_candidates or reading.target.source == "answer":
            reading.current = Side()
        else:
            reading.target = Side()

    # "a physical therapist ... move into home health": a place of work for the job they hold, not another job
    # (never home health aides' credentials for a therapist); no goal Pivot could list credentials for
    if (
        reading.current.match is not None
        and reading.target.match is not None
        and reading.target.phrase
        and _SETTING.match(reading.target.phrase)
        and reading.current.source in ("cue", "nlu")
        and _clinician(reading.current.match)
    ):
        reading.target = Side()

    # What the person says they are leaving is never the goal, wherever else the words appear ("I want out of
    # finance ... finance pays well" read as "looking at finance": round 8's graders' first class of zero)
    if reading.target.match is not None and reading.target.source != "answer" and _left_behind(text, reading.target.phrase):
        if reading.current.match is None:
            reading.current = Side(reading.target.phrase, reading.target.match, False, "cue")
        reading.target = Side()

    # two paths weighed ("UX or data analytics?", "torn between nursing and teaching"), when both are known
    # "become an occupational therapy assistant, or an occupational therapist": the jobs, without the verbs
    options = [
        _OPTION_TAIL.sub("", _OPTION_VERB.sub("", o))
        for o in u.options
    ]
    named = list(u.target_alternatives) or [o for o in options if len(o.split()) <= 5]
    found = [await resolve_phrase(kb, clean(a) or a) for a in named[:2]]
    if len(found) == 2 and all(found) and found[0].id == found[1].id and found[0].kind == "field":
        # "the LPN first or an RN program?": two jobs of one field (nursing) weighed, each as its own occupation
        jobs = []
        for a in named[:2]:
            exact = [m for m in await kb.resolve(clean(a) or a, limit=4) if m.kind == "occupation" and m.score >= 100]
            jobs.append(exact[0] if exact else None)
        if all(jobs) and jobs[0].id != jobs[1].id:
            found = jobs
    if len(found) == 2 and all(found) and found[0].id != found[1].id:
        reading.alternatives = [m for m in found if m is not None]
    try:
        reading.credentials, reading.unknown_mentions = await _credentials(kb, entities, u)
    except Exception:  # noqa: BLE001 - a failed lookup must not lose the rest of the reading
        logger.exception("credential lookup failed")
    return reading

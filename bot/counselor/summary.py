"""Conversation summary builder: facts a counselor needs, taken only from recorded events.

`build_summary(tracker, messages, ...)` is a pure function. It reads Rasa 3.6's tracker JSON
(`GET /conversations/{sender}/tracker`) and the gateway's own message rows, and returns a
`Summary` whose every field points back to something that happened in the conversation.
What Pivot answered comes from the structured answers the actions record next to their text
(`{"pivot": ...}` custom payloads, schema v1 in `actions/structured.py`, validated here with the same
schema): the understood profile, the recommendations and their reasons, details asked for,
comparisons, skill gaps, first steps and suggested moves; hand-off and deletion from their custom events.
Reply text is never parsed. The synopsis is assembled from templates over those fields, so it cannot say
anything the facts do not. Building twice from the same inputs gives the same result (idempotent), and it
is one linear pass over the events, so a 200-turn conversation costs milliseconds.

Slot, intent and entity names follow ARCHITECTURE.md, Contract 2.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from actions.structured import KEY as STRUCTURED_KEY
from actions.structured import InvalidPayload, Profile
from actions.structured import validate as validate_structured

SUMMARY_VERSION = 2

FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
FALLBACK_ACTIONS = frozenset(
    {
        "action_default_fallback",
        "action_two_stage_fallback",
        "utter_default",
        "utter_out_of_scope",
        "utter_ask_rephrase",
        "utter_please_rephrase",
    }
)
HANDOFF_ACTION = "action_request_human"  # the domain's hand-off action
# Words people use when the bot is failing them. Matched on word boundaries, case-insensitive.
FRUSTRATION_PATTERNS = (
    r"useless",
    r"not helpful",
    r"unhelpful",
    r"waste of (?:my )?time",
    r"doesn'?t (?:help|work|understand)",
    r"you don'?t understand",
    r"stupid",
    r"ridiculous",
    r"annoying",
    r"frustrat\w*",
    r"real person",
    r"human",
    r"speak to (?:someone|somebody|a person)",
)
_FRUSTRATION_RE = re.compile(r"\b(?:" + "|".join(FRUSTRATION_PATTERNS) + r")\b", re.IGNORECASE)
_LETTERS_RE = re.compile(r"[A-Za-z]")
# The reader's labels for what people say about themselves (understanding/facts.py), as a sentence reads them.
PERSON_WORDS = {
    "children": "with children at home",
    "full-time job": "with a full-time job",
    "shift work": "working shifts",
    "caring duties": "with caring duties",
    "single parent": "a single parent",
    "financial obligations": "with financial obligations",
}
WORRY_WORDS = {
    "age": "their age",
    "anxious": "the change itself",
    "burned out": "burn-out",
    "no experience": "having no experience",
    "job market": "the job market",
}
CONSTRAINT_SLOTS = {
    "budget_max": "budget",
    "weeks_max": "weeks",
    "hours_per_week": "hours_per_week",
    "format_pref": "format",
    "level_pref": "level",
    "no_degree": "no_degree",
}


@dataclass
class FieldRef:
    """An occupation or field: the id Rasa stored, the words the person used, and the knowledge
    base's title when an action set it (`current_field_title` / `target_field_title` slots)."""

    id: str
    label: str
    title: str | None = None

    @property
    def name(self) -> str:
        """What to group by: the canonical title when known, else the person's words."""
        return self.title or self.label


@dataclass
class Question:
    """Something the person asked that Pivot could not answer."""

    text: str
    intent: str | None
    at: str | None


@dataclass
class Recommended:
    """One credential Pivot put on a list, with the reason the list gave."""

    id: str
    name: str
    issuer: str
    reason: str | None = None
    rank: int | None = None


@dataclass
class Summary:
    """Structured summary of one conversation (JSON-serialisable via `to_json`)."""

    sender_id: str
    source: str  # "tracker+gateway" | "gateway" (Rasa unreachable) | "tracker"
    channel: str | None = None
    site: str | None = None
    first_message_at: str | None = None
    last_message_at: str | None = None
    user_turns: int = 0
    bot_turns: int = 0
    current_field: FieldRef | None = None
    target_field: FieldRef | None = None
    constraints: dict[str, Any] = field(default_factory=dict)
    recommended: list[str] = field(default_factory=list)
    asked_more_about: list[str] = field(default_factory=list)
    skill_gaps: list[str] = field(default_factory=list)
    skill_gap_requests: int = 0
    asked: str | None = None  # their main question, in their own words
    answered_with: list[str] = field(default_factory=list)  # how Pivot answered it (the profile's `answered`)
    first_message: str | None = None  # what they wrote first (a long question keeps its detail here)
    person: dict[str, Any] = field(default_factory=dict)  # age, location, family_or_job, worries
    recommendations: list[Recommended] = field(default_factory=list)
    compared: list[list[str]] = field(default_factory=list)  # [name A, name B]
    first_steps: list[str] = field(default_factory=list)
    moves_suggested: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # credential id -> name, from the answers
    deletion_requested: bool = False
    unanswered: list[Question] = field(default_factory=list)
    fallback_count: int = 0
    max_consecutive_fallbacks: int = 0
    frustration: list[str] = field(default_factory=list)
    handoff_requested: bool = False
    intents: dict[str, int] = field(default_factory=dict)
    synopsis: str = ""
    version: int = SUMMARY_VERSION

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Summary:
        values = dict(data)
        for key in ("current_field", "target_field"):
            if values.get(key):
                values[key] = FieldRef(**values[key])
        values["unanswered"] = [Question(**q) for q in values.get("unanswered", [])]
        values["recommendations"] = [Recommended(**r) for r in values.get("recommendations", [])]
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    @property
    def about(self) -> list[str]:
        """What they said about themselves, in words (age, situation, worries)."""
        worries = [WORRY_WORDS.get(str(w), str(w)) for w in self.person.get("worries") or []]
        return _person_phrases(self.person) + ([f"worried about {_join(worries)}"] if worries else [])

    @property
    def move(self) -> str | None:
        """'from → to' label used by the inbox chart, or None when no target is known."""
        if not self.target_field:
            return None
        start = self.current_field.name if self.current_field else "?"
        return f"{start} → {self.target_field.name}"


def _iso(ts: float | datetime | str | None) -> str | None:
    if ts is None:
        return None
    if isinstance(ts, str):
        return ts
    if isinstance(ts, datetime):
        if ts.tzinfo is None:
            ts = ts.replace(tzinfo=timezone.utc)
        return ts.astimezone(timezone.utc).isoformat(timespec="seconds")
    return datetime.fromtimestamp(float(ts), tz=timezone.utc).isoformat(timespec="seconds")


def _get(row: Any, name: str) -> Any:
    """Read a column from an ORM row or a plain mapping (tests and exports pass dicts)."""
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


def _add_unique(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


def frustration_signals(text: str) -> list[str]:
    """Why a message reads as frustrated: matched words, or shouting (mostly capitals)."""
    signals = [m.group(0).lower() for m in _FRUSTRATION_RE.finditer(text)]
    letters = _LETTERS_RE.findall(text)
    if len(letters) >= 8 and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        signals.append("all caps")
    return signals


class _Builder:
    """One pass over tracker events; state lives here so `build_summary` stays readable."""

    def __init__(self, summary: Summary) -> None:
        self.s = summary
        self.labels: dict[str, str] = {}  # occupation id -> surface text the person used
        self.phrases: dict[str, str] = {}  # "current_field" / "target_field" -> the person's words
        self.pending_user: dict[str, Any] | None = None  # last user event awaiting bot action
        self.pending_was_fallback = False
        self.consecutive = 0
        self.frustration_counts: dict[str, int] = {}
        self.last_focus: str | None = None
        self.titles: dict[str, str] = {}  # "current_field" / "target_field" -> knowledge-base title
        self.last_action = ""
        self.main_question: str | None = None
        self.profile: Profile | None = None
        self.first_answered: list[str] = []  # how the first question was answered: the one they came with

    def user(self, ev: Mapping[str, Any]) -> None:
        s = self.s
        parse = ev.get("parse_data") or {}
        intent = ((parse.get("intent") or {}).get("name")) or None
        text = ev.get("text") or parse.get("text") or ""
        s.user_turns += 1
        if s.first_message is None and text and not text.startswith("/"):
            s.first_message = text
        if intent:
            s.intents[intent] = s.intents.get(intent, 0) + 1
        for ent in parse.get("entities") or []:
            if ent.get("entity") == "occupation" and ent.get("value"):
                self.labels[str(ent["value"])] = str(ent.get("text") or ent["value"])
        if intent == "request_human":
            s.handoff_requested = True
        for signal in frustration_signals(text):
            self.frustration_counts[signal] = self.frustration_counts.get(signal, 0) + 1
        self.pending_user = {"text": text, "intent": intent, "at": _iso(ev.get("timestamp"))}
        self.pending_was_fallback = intent in FALLBACK_INTENTS
        if self.pending_was_fallback:
            self._fallback()

    def _fallback(self) -> None:
        s = self.s
        if self.pending_user is None:
            return
        s.fallback_count += 1
        self.consecutive += 1
        s.max_consecutive_fallbacks = max(s.max_consecutive_fallbacks, self.consecutive)
        q = self.pending_user
        s.unanswered.append(Question(text=q["text"], intent=q["intent"], at=q["at"]))
        self.pending_user = None  # one entry per user message

    def action(self, ev: Mapping[str, Any]) -> None:
        name = ev.get("name") or ""
        self.last_action = name
        if name in FALLBACK_ACTIONS:
            if not self.pending_was_fallback:
                self._fallback()
            return
        if name == "action_listen":
            if self.pending_user is not None:
                # The user turn was handled by a real action: the run of failures is broken.
                self.consecutive = 0
            elif not self.pending_was_fallback:
                self.consecutive = 0
            self.pending_user = None
            self.pending_was_fallback = False
            return
        if name == HANDOFF_ACTION:
            self.s.handoff_requested = True

    def slot(self, ev: Mapping[str, Any]) -> None:
        s = self.s
        name, value = ev.get("name"), ev.get("value")
        if name in ("current_field", "target_field"):
            ref = FieldRef(id=str(value), label=self.labels.get(str(value), str(value))) if value else None
            setattr(s, name, ref)
            self.titles.pop(name, None)
        elif name in ("current_field_title", "target_field_title"):
            key = name.removesuffix("_title")
            if value:
                self.titles[key] = str(value)
            else:
                self.titles.pop(key, None)
        elif name in ("current_phrase", "target_phrase"):
            key = name.replace("_phrase", "_field")
            if value:
                self.phrases[key] = str(value)
            else:
                self.phrases.pop(key, None)
        elif name == "main_question" and value and self.main_question is None:
            self.main_question = str(value)  # the first one: what they came with (later ones are follow-ups)
        elif name == "misunderstood" and isinstance(value, int | float) and value >= 1:
            self._fallback()  # action_respond understood nothing in this message
        elif name == "person_facts" and isinstance(value, Mapping):
            s.person = {k: v for k, v in value.items() if v}
        elif name in CONSTRAINT_SLOTS:
            key = CONSTRAINT_SLOTS[name]
            if value is None or value is False:
                s.constraints.pop(key, None)
            else:
                s.constraints[key] = value
        elif name == "recommended_ids" and value:
            for cid in value if isinstance(value, list) else [value]:
                _add_unique(s.recommended, str(cid))
        elif name == "focus_credential_id" and value:
            if value != self.last_focus:
                _add_unique(s.asked_more_about, str(value))
            self.last_focus = str(value)
        elif name == "handoff_requested" and value:
            s.handoff_requested = True

    def bot(self, ev: Mapping[str, Any]) -> None:
        self.s.bot_turns += 1
        custom = (ev.get("data") or {}).get("custom") or {}
        if not isinstance(custom, Mapping):
            return
        if custom.get("event") == "handoff_requested":
            self.s.handoff_requested = True
        elif custom.get("event") == "forget_me":
            self.s.deletion_requested = True
        if STRUCTURED_KEY in custom:
            try:
                self.answer(validate_structured(custom[STRUCTURED_KEY]))
            except InvalidPayload:
                pass  # the gateway drops it too: nobody saw it drawn, and the text is in the transcript

    def answer(self, p: Any) -> None:
        """One structured answer (schema v1): what Pivot understood or told the person."""
        s = self.s
        if p.kind == "profile":
            self.profile = p
            if not self.first_answered and p.answered:
                self.first_answered = list(p.answered)
        elif p.kind == "recommendations":
            for item in p.items:
                _add_unique(s.recommended, item.id)
                s.names[item.id] = item.name
                if all(r.id != item.id for r in s.recommendations):
                    entry = Recommended(item.id, item.name, item.issuer, reason=item.reason, rank=item.rank)
                    s.recommendations.append(entry)
        elif p.kind == "credential":
            s.names[p.item.id] = p.item.name
            _add_unique(s.asked_more_about, p.item.id)
        elif p.kind == "comparison":
            s.names.update({p.a.id: p.a.name, p.b.id: p.b.name})
            if [p.a.name, p.b.name] not in s.compared:
                s.compared.append([p.a.name, p.b.name])
        elif p.kind == "skill_gaps":
            s.skill_gap_requests += 1
            for gap in p.gaps:
                _add_unique(s.skill_gaps, gap.name)
        elif p.kind == "first_steps":
            s.first_steps = list(p.steps)
        elif p.kind == "related_moves":
            for move in p.moves:
                _add_unique(s.moves_suggested, move.title)

    def finish(self) -> None:
        s = self.s
        profile = self.profile
        if profile is not None:  # the last profile Pivot sent is what it understood in the end
            for key, side in (("current_field", profile.current), ("target_field", profile.target)):
                if side.phrase:
                    self.phrases[key] = side.phrase
                if side.title:
                    self.titles[key] = side.title
            self.main_question = self.main_question or profile.main_question
            person = profile.person.model_dump(exclude_defaults=True)
            if person:
                s.person = person
        for key in ("current_field", "target_field"):
            ref = getattr(s, key)
            if ref is None:
                continue
            if key in self.phrases:
                ref.label = self.phrases[key]
            elif ref.label == ref.id and ref.id in self.labels:
                ref.label = self.labels[ref.id]
            ref.title = self.titles.get(key)
            if ref.label == ref.id and ref.title:
                ref.label = ref.title
        s.asked = self.main_question
        s.answered_with = self.first_answered
        signals = []
        for signal, count in sorted(self.frustration_counts.items()):
            signals.append(signal if count == 1 else f"{signal} ×{count}")
        if s.max_consecutive_fallbacks >= 2:
            signals.append(f"{s.max_consecutive_fallbacks} fallbacks in a row")
        s.frustration = signals


def _apply_gateway_rows(s: Summary, messages: Sequence[Any], use_for_turns: bool) -> None:
    """Times always come from both sources; turn counts and signals only when Rasa is absent."""
    times = [_get(m, "created_at") for m in messages if _get(m, "created_at") is not None]
    if times:
        first, last = _iso(min(times)), _iso(max(times))
        if s.first_message_at is None or (first and first < s.first_message_at):
            s.first_message_at = first
        if s.last_message_at is None or (last and last > s.last_message_at):
            s.last_message_at = last
    if not use_for_turns:
        return
    counts: dict[str, int] = {}
    for m in messages:
        direction = _get(m, "direction")
        if direction == "in":
            s.user_turns += 1
            for signal in frustration_signals(_get(m, "text") or ""):
                counts[signal] = counts.get(signal, 0) + 1
        elif direction in ("out", "counselor"):
            s.bot_turns += 1
    s.frustration = [sig if n == 1 else f"{sig} ×{n}" for sig, n in sorted(counts.items())]


def _join(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _constraint_phrases(c: Mapping[str, Any]) -> list[str]:
    out = []
    if "budget" in c:
        out.append(f"a budget up to ${float(c['budget']):,.0f}")
    if "weeks" in c:
        out.append(f"at most {float(c['weeks']):g} weeks")
    if "hours_per_week" in c:
        out.append(f"{float(c['hours_per_week']):g} hours a week")
    if "format" in c:
        out.append(f"{str(c['format']).replace('_', ' ')} format")
    if "level" in c:
        out.append(f"{c['level']} level")
    if c.get("no_degree"):
        out.append("no degree")
    return out


def _person_phrases(person: Mapping[str, Any]) -> list[str]:
    out = []
    if person.get("age"):
        out.append(f"{person['age']} years old")
    if person.get("location"):
        out.append(f"in {person['location']}")
    out += [PERSON_WORDS.get(str(w), f"with {w}") for w in person.get("family_or_job") or []]
    return out


def synopsis(s: Summary, names: Mapping[str, str] | None = None) -> str:
    """Up to six sentences assembled only from the summary's own fields: who, what they asked in their
    own words, the move and its limits, what was recommended and why, what is still open.

    `names` maps credential ids to their knowledge-base names, when the caller has them (the names the
    answers carried are used otherwise).
    """
    names = {**s.names, **(names or {})}
    sentences: list[str] = []
    who = f"This person ({s.channel})" if s.channel else "This person"
    if s.current_field and s.target_field:
        sentences.append(f"{who} wants to move from {s.current_field.label} to {s.target_field.label}.")
    elif s.target_field:
        sentences.append(
            f"{who} wants to move into {s.target_field.label}; their current field is not known."
        )
    elif s.current_field:
        sentences.append(f"{who} comes from {s.current_field.label}; no target field is known yet.")
    else:
        sentences.append(
            f"{who} sent {s.user_turns} message{'s' if s.user_turns != 1 else ''}; "
            "no current or target field is known yet."
        )
    about = _person_phrases(s.person)
    worries = [WORRY_WORDS.get(str(w), str(w)) for w in s.person.get("worries") or []]
    if about or worries:
        text = ("They are " + ", ".join(about)) if about else ""
        if worries:
            text += (", and " if text else "They ") + "worry about " + _join(worries)
        sentences.append(text + ".")
    if s.asked:
        answered = f" Pivot answered with {_join(s.answered_with[:3])}." if s.answered_with else ""
        sentences.append(f"In their words: “{s.asked}”{answered}")
    phrases = _constraint_phrases(s.constraints)
    if phrases:
        sentences.append(f"They asked for {_join(phrases)}.")
    if s.recommended:
        part = f"Pivot recommended {len(s.recommended)} credential{'s' if len(s.recommended) != 1 else ''}"
        top = s.recommendations[0] if s.recommendations else None
        if top is not None:
            part += f", first {top.name}" + (f" ({top.reason})" if top.reason else "")
        if s.asked_more_about:
            part += f" and they asked more about {_join([names.get(c, c) for c in s.asked_more_about[:3]])}"
        sentences.append(part + ".")
    problems = []
    if s.fallback_count:
        problems.append(
            f"Pivot could not answer {s.fallback_count} question{'s' if s.fallback_count != 1 else ''}"
        )
    if s.handoff_requested:
        problems.append("they asked for a human")
    if s.deletion_requested:
        problems.append("they asked for their data to be deleted")
    if s.frustration:
        problems.append("they showed signs of frustration")
    if problems:
        text = _join(problems)
        sentences.append(text[0].upper() + text[1:] + ".")
    return " ".join(sentences[:6])


def build_summary(
    tracker: Mapping[str, Any] | None,
    messages: Sequence[Any] = (),
    *,
    sender_id: str | None = None,
    channel: str | None = None,
    site: str | None = None,
    handoff_flag: bool = False,
) -> Summary:
    """Summarise one conversation.

    `tracker` is Rasa's tracker JSON or None when Rasa was unreachable (the summary then says
    `source="gateway"` and uses only the gateway's message rows). `messages` are rows (or
    dicts) with `direction`, `text`, `created_at`. `handoff_flag` is the gateway's own record
    that a hand-off was requested.
    """
    sid = sender_id or (tracker or {}).get("sender_id") or ""
    if channel is None and ":" in sid:
        channel = {"tg": "telegram", "web": "web", "api": "api"}.get(sid.split(":", 1)[0])
    source = "gateway" if tracker is None else ("tracker+gateway" if messages else "tracker")
    s = Summary(sender_id=sid, source=source, channel=channel, site=site)
    if tracker is not None:
        b = _Builder(s)
        first_ts = last_ts = None
        for ev in tracker.get("events") or []:
            kind = ev.get("event")
            if kind in ("user", "bot"):
                ts = ev.get("timestamp")
                if ts is not None:
                    first_ts = ts if first_ts is None else min(first_ts, ts)
                    last_ts = ts if last_ts is None else max(last_ts, ts)
            if kind == "user":
                b.user(ev)
            elif kind == "action":
                b.action(ev)
            elif kind == "slot":
                b.slot(ev)
            elif kind == "bot":
                b.bot(ev)
            elif kind == "restart":
                # Facts seen so far stay (they happened); slot-derived state starts over as in Rasa.
                s.current_field = s.target_field = None
                b.last_focus = None
                b.titles, b.phrases, b.profile, b.main_question = {}, {}, None, None
                s.constraints, s.person = {}, {}
        b.finish()
        s.first_message_at, s.last_message_at = _iso(first_ts), _iso(last_ts)
    _apply_gateway_rows(s, messages, use_for_turns=tracker is None)
    s.handoff_requested = s.handoff_requested or bool(handoff_flag)
    s.intents = dict(sorted(s.intents.items()))
    s.synopsis = synopsis(s)
    return s

"""`action_respond`: the reply to a message read whole.

Every content message reaches this action (data/rules.yml): the NLU's intent is one signal among
several, not the decision. One turn goes:

1. read the message (`actions/understand.py`): where the person is and wants to go, their limits,
   named credentials, the question type and the question itself;
2. update the profile slots with what is new (a negated value is dropped, never stored);
3. say in one line what was understood, when something new was understood;
4. answer the main question first (`actions/answers.py` and the knowledge actions);
5. then the ranked credentials when the move is known and the question calls for them;
6. ask at most one question: never one already answered, never the same one twice in a row; after
   two turns with nothing understood, show examples and offer a person.

Spanish and Portuguese get the answer to their question type in their language, with the hand-off
and English options (`actions/languages.py` has the texts).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import answers
from actions.base import KBAction
from actions.compare import ActionCompareCredentials
from actions.credential_details import ActionCredentialDetails
from actions.first_steps import ActionFirstSteps
from actions.formatting import capital, join_words, lower_title, plain_title, situation_words
from actions.handoff import answer_on_hold
from actions.language import human_button_title, reply_for
from actions.other_languages import other_language_reply
from actions.privacy import ActionPrivacy
from actions.recommend import present_recommendations
from actions.related_moves import ActionRelatedMoves
from actions.skill_gap import ActionSkillGap
from actions.structured import profile_payload
from actions.understand import STORY_WORDS, VAGUE_REPLY, TurnReading, acceptable, read_turn, stems
from knowledge.api import KnowledgeBase
from knowledge.text import STOPWORDS
from knowledge.types import Match
from understanding.phrases import clean, said_as_past
from understanding.questions import refined_topic

logger = logging.getLogger(__name__)

# Types answered from the advice library alone (plus the person's move in the wording).
ADVICE_TYPES = {
    "compare_options", "which_first", "need_credential", "too_old", "quit_or_study", "get_experience",
    "get_hired", "online_counts", "employer_recognition", "quality_assurance", "stacking_degree",
    "linkedin_badges", "cost_vs_degree", "job_market", "what_is",
}  # fmt: skip
# After these answers the ranked credentials would be padding: the person asked something else.
NO_LIST_AFTER = {"linkedin_badges", "what_is", "stacking_degree", "quality_assurance", "online_counts",
                 "employer_recognition", "job_market", "get_hired", "skill_gap", "related_moves"}  # fmt: skip
# What the NLU's intents mean when the text itself has no cue.
INTENT_TYPES = {
    "ask_skill_gap": "skill_gap",
    "ask_related_moves": "related_moves",
    "ask_first_steps": "where_start",
    "ask_credential": "worth_it",
    "compare_credentials": "compare_options",
    "ask_transition": "recommend",
    "inform_current": "recommend",
    "inform_target": "recommend",
    "inform_constraints": "recommend",
}
FAQ_TYPES = {
    "faq/what_is_microcredential": "what_is",
    "faq/employer_recognition": "employer_recognition",
    "faq/quality_assurance": "quality_assurance",
    "faq/stacking_degree": "stacking_degree",
    "faq/share_linkedin": "linkedin_badges",
    "faq/online_learning": "online_counts",
    "faq/cost_vs_degree": "cost_vs_degree",
}
SOCIAL_RESPONSES = {
    "greet": "utter_greet",
    "thanks": "utter_you_are_welcome",
    "goodbye": "utter_goodbye",
    "bot_challenge": "utter_iamabot",
    "chitchat": "utter_chitchat",
    "affirm": "utter_affirm_next",
    "deny": "utter_deny_next",
}
ASK_TARGET = (
    "Where would you like to move? A field or a job title is enough — for example data analytics, UX design, "
    "nursing, project management or an electrician apprenticeship."
)
ASK_CURRENT = "What do you do now, or did most recently? A job title or a field is enough."
EXAMPLE_BUTTONS = [
    {
        "title": "Teacher → instructional design",
        "payload": "I'm a teacher and want to move into instructional design",
    },
    {
        "title": "Retail → project management",
        "payload": "I work in retail and want to move into project management",
    },
    {"title": "Talk to a person", "payload": "/request_human"},
]
_ABOUT_SOURCES = re.compile(
    r"\b(?:sources?|data\s+(?:come|from)|where\s+(?:do|does)\s+(?:you|your|this)|o\*?net|trust\s+(?:you|this))\b",
    re.I,
)
_COMPARING = re.compile(r"\bcompar\w*|\bvs\.?(?=\s)|\bversus\b|\bor\b|\bthan\b|\bbetween\b", re.I)
SHORT_MESSAGE_WORDS = 12
# Second questions worth a short answer of their own, and how that answer opens.
SECOND_ANSWER_LEAD = {
    "too_old": "On your age:",
    "quit_or_study": "On quitting to study:",
    "no_degree": "On not having a degree:",
    "how_long": "On how long it takes:",
    "cost_vs_degree": "On cost against a degree:",
    "get_experience": "On getting experience:",
    "get_hired": "On getting hired:",
    "online_counts": "On online certificates:",
    "employer_recognition": "On how employers see it:",
    "quality_assurance": "On judging quality:",
    "job_market": "On the job market:",
    "worth_it": "On whether it's worth it:",
}
SECOND_ANSWER_TYPES = frozenset(SECOND_ANSWER_LEAD)
# Questions about a named programme, where what Pivot's data does not hold about it is worth saying.
PROGRAMME_NOTE_TYPES = frozenset(
    {"worth_it", "compare_options", "cost_vs_degree", "quality_assurance", "how_long"}
)
# Questions about a move as a whole, where its usual route and length (O*NET's required education) answer part.
ROUTE_TYPES = frozenset({"worth_it", "quit_or_study", "cost_vs_degree", "need_credential"})
# questions whose specific answer is the profession's own way in (accreditor, exam, licence), said first
ROUTE_NOTE_FIRST_TYPES = frozenset({
    "get_hired", "need_credential", "quality_assurance", "employer_recognition", "online_counts", "get_experience",
})
# answers after which the profession's entry route would be padding
NO_ROUTE_NOTE_AFTER = frozenset({"linkedin_badges", "what_is", "stacking_degree", "data_sources", "how_long"})
# a yes/no decision ("should I start a nursing degree at 59?") said back before the advice that weighs it
DECISION_ANSWER_TYPES = frozenset({"worth_it", "quit_or_study", "compare_options", "which_first", "cost_vs_degree"})
NEXT_BUTTONS = [
    {"title": "What skills am I missing?", "payload": "/ask_skill_gap"},
    {"title": "What should I do first?", "payload": "/ask_first_steps"},
    {"title": "Tell me more about #1", "payload": '/pick_item{"ordinal": "1"}'},
]  # a message this short that names an unknown field is answered about that field


_ROLE_NOUN = re.compile(
    r"(?:er|or|ist|ian|accountant|assistant|consultant|attendant|servant|merchant|agent|student|man|woman|person|"
    r"clerk|nurse|\btech|rep|associate|admin|paralegal|chef|\bcook|barista|aide|guard|ee|ive|RN|LPN|EMT|CNA|PA|PM|"
    r"surgeon|architect|mechanic|wright|smith|maker|keeper|ster|hand|pilot|medic|dietitian|midwife|doula|model|"
    r"yst)s?$"
)
_MILITARY = re.compile(
    r"^(?:the\s+)?(?:navy|army|air\s+force|marines?|military|coast\s+guard|national\s+guard)$", re.I
)


def _article(phrase: str) -> str:
    first = phrase.split()[0] if phrase.split() else phrase
    if first.isupper() and len(first) <= 5:  # an acronym is read letter by letter: "an RN", "an LPN", "a CNA"
        return "an" if first[:1] in "AEFHILMNORSX" else "a"
    vowel = phrase[:1].lower() in "aeiou" and not phrase.lower().startswith(("uni", "use", "euro", "one"))
    return "an" if vowel else "a"


def _singular(phrase: str) -> str:
    """ "recruiters" -> "recruiter", "nurses" -> "nurse": a person is one of them."""
    head, _, last = phrase.rpartition(" ")
    if re.search(r"(?:ers|ors|ists|ians|ants|nurses|clerks|techs|aides|agents|associates)$", last, re.I):
        last = last[:-1]
    elif last.endswith("s") and not last.endswith(("ss", "ics", "sis")) and _is_role(last[:-1].lower()):
        last = last[:-1]  # "cooks" -> "cook", "architects" -> "architect"
    return f"{head} {last}".strip()


_NOT_A_PERSON = re.compile(
    r"(?:computer|server|center|centre|printer|paper|water|power|sector|motor|monitor|corridor|floor|door|error|"
    r"interior|exterior|theater|theatre|number|order|border|answer|career|carrier|container|partner\s+program|"
    r"customer|trailer|closer|forever|later|ever|never|however|together|rather|either|neither|after|over|under|"
    r"winter|summer|semester|quarter|letter|matter|member|chapter|paper|other|another|corner|cover|offer|layer)s?$",
    re.I,
)


def _is_role(phrase: str) -> bool:
    """ "hospital billing clerk", "nurse", "UX designer" name a person's role; "retail", "IT" name a field."""
    phrase = phrase.strip()
    if _NOT_A_PERSON.search(phrase) or phrase.lower().endswith(("ing", "care", "ware")):
        return False
    return bool(_ROLE_NOUN.search(phrase) or _ROLE_NOUN.search(phrase.lower()))


_PAY_WORDS = re.compile(r"^(?:hourly|salaried|low[- ]level|entry[- ]level|temp|temporary|minimum[- ]wage|dead[- ]end)\s+", re.I)
_WORKPLACE = re.compile(
    r"\b(?:cent(?:er|re)|shop|store|warehouse|factory|hospital|restaurant|bank|office|plant|lab|laboratory|firm|"
    r"company|agency|startup|start-up|bakery|hotel|salon|clinic|pharmacy|school|university|college|library|bar|pub)$",
    re.I,
)
_ADJECTIVE = re.compile(r"^[a-z]+(?:al|ic|ical)$", re.I)  # "financial", "medical", "clinical", "legal"
_ACTIVITY = re.compile(r"^[a-z]+ing\s+[a-z]+s$", re.I)  # "waiting tables", "driving trucks", "cleaning houses"


def _who(phrase: str, title: str | None = None, past: bool = False) -> str:
    if past:  # "I finally left middle school teaching": work they did, said in the past
        return _was(_who(phrase, title))
    phrase = _singular(phrase)
    one_word = len(phrase.split()) == 1 and not phrase.isupper()
    if title and one_word and not _is_role(phrase) and (not _same(phrase, title) or _ADJECTIVE.match(phrase)):
        phrase = _singular(lower_title(plain_title(title)))  # "computer" -> "information technology"; "kitchens" -> "restaurant cook"
    if _MILITARY.match(phrase):
        return "You're coming from the " + re.sub(r"^the\s+", "", phrase, flags=re.I)
    if _ACTIVITY.match(phrase):
        return f"You've been {phrase}"
    phrase = _PAY_WORDS.sub("", phrase)  # "an hourly call center job": a call center
    degree = re.match(r"^(.+?)\s+(?:phd|ph\.d\.?|doctorate|masters?|master's|msc|bsc|degree)$", phrase, re.I)
    if degree:  # "physics PhD": what they hold, not a place of work
        return f"You have a background in {degree.group(1)}"
    if _WORKPLACE.search(phrase) and not phrase.lower().startswith(("a ", "an ", "the ")):
        return f"You work in {_article(phrase)} {phrase}"  # "You work in a call center", not "in call center"
    if _is_role(phrase) and not phrase.endswith("s"):
        return f"You're {_article(phrase)} {phrase}"
    return f"You work in {phrase}"


def _was(who: str) -> str:
    """ "You're a nurse" -> "You were a nurse"; "You work in retail" -> "You used to work in retail"."""
    for now, then in (
        ("You're coming from ", "You come from "),
        ("You're ", "You were "),
        ("You work ", "You used to work "),
        ("You've been ", "You used to be "),
    ):
        if who.startswith(now):
            return then + who[len(now) :]
    return who


def _with_age(who: str, age: int | None) -> str:
    """ "You work in finance" + 50 -> "You're 50 and work in finance"; "You're a nurse" + 40 -> "You're a nurse, 40"."""
    if not age:
        return who
    if who.startswith("You work "):
        return f"You're {age} and work " + who[len("You work ") :]
    if who.startswith("You used to work "):
        return f"You're {age} and used to work " + who[len("You used to work ") :]
    if who.startswith("You were "):
        return f"{who}, and you're {age} now"
    if who.startswith("You've been "):
        return f"You're {age} and have been " + who[len("You've been ") :]
    if who.startswith("You're coming "):
        return f"You're {age}, coming " + who[len("You're coming ") :]
    if who.startswith("You have a background "):
        return f"You're {age}, with a background " + who[len("You have a background ") :]
    return f"{who}, {age}"


def _background(tracker: Tracker) -> str | None:
    """Where the person comes from as a phrase for a sentence: "as a paralegal", "coming from finance"."""
    phrase = tracker.get_slot("current_phrase")
    if not phrase or tracker.get_slot("current_field") in (None, "any"):
        return None
    phrase = _singular(phrase)
    if _is_role(phrase) and not phrase.endswith("s"):
        return f"as {_article(phrase)} {phrase}"
    return f"coming from {phrase}"


def _goal_words(phrase: str, title: str | None) -> str:
    """A goal said as one bare word that names neither a role nor the field ("trade", "health", "hospital",
    "trucks") reads badly after "looking at": the field's own name says it ("construction", "healthcare")."""
    if title and re.fullmatch(r"(?:A?BSN|ADN|MSN|DNP|PGCE|PGDE|MLIS|MLS|JD|MSW|MPH|PharmD|DPT|OTD|MSc|BSc|BEd|MEd)", phrase):
        return lower_title(plain_title(title))  # "looking at BSN" -> "looking at nursing": the work, not the degree
    if not title or len(phrase.split()) != 1 or phrase.isupper() or _is_role(_singular(phrase)):
        return phrase
    plural = phrase.lower().endswith("s") and not phrase.lower().endswith(("ss", "ics"))
    name = lower_title(plain_title(title))
    if _same(phrase, title) and not _ADJECTIVE.match(phrase) and not plural and not name.startswith(phrase.lower() + "c"):
        return phrase  # "nursing", "teaching", "physics"; but "health" -> "healthcare"
    return name


def _where_to(phrase: str) -> str:
    phrase = _singular(phrase)
    programme = re.search(r"\b(?:program|programme|degree|course|school|master'?s|bootcamp|ms|msc|mba|phd)\b", phrase, re.I)
    if programme and programme.group(0).lower() == "school" and not phrase.lower().endswith("school"):
        programme = None  # "a high school math teacher", "a school nurse" are people; "nursing school" is not
    singular = _is_role(phrase) and not phrase.endswith("s") and not programme  # never "become an MS program"
    return f"hoping to become {_article(phrase)} {phrase}" if singular else f"looking at {phrase}"


MAX_STUDY_HOURS = 60  # hours a week a person can study alongside life; more is a misread, not a limit


def _time_words(weeks: float) -> str:
    """A deadline as people say it: "about 3 years", "about 6 months", "about 4 weeks" (not "156 weeks")."""
    if weeks >= 52 and weeks % 52 < 4:
        years = round(weeks / 52)
        return f"about {years} year{'s' if years > 1 else ''}"
    if weeks >= 8:
        return f"about {round(weeks / 4.33):g} months"
    return f"about {weeks:g} weeks"


def _constraint_words(tracker: Tracker) -> list[str]:
    words = []
    budget = tracker.get_slot("budget_max")
    if budget is not None:
        words.append(
            "free options only" if float(budget) == 0 else f"a budget of about ${float(budget):,.0f}"
        )
    hours = tracker.get_slot("hours_per_week")
    if hours and float(hours) <= MAX_STUDY_HOURS:  # "18 hours a day" is no study budget of 126 hours a week
        words.append(f"about {float(hours):g} hours a week")
    weeks = tracker.get_slot("weeks_max")
    if weeks:
        words.append(_time_words(float(weeks)))
    fmt = tracker.get_slot("format_pref")
    if fmt:
        words.append({"online": "online only", "in_person": "in person", "hybrid": "hybrid"}.get(fmt, fmt))
    if tracker.get_slot("no_degree"):
        words.append("no degree")
    facts = tracker.get_slot("person_facts") or {}
    words += situation_words(facts.get("family_or_job"))
    return words


# words that make a phrase cut from a story read as nonsense when said back: 'real" physics', 'teaching thing',
# 'ONLY becoming an optometrist' (batch 3 dev half)
_UNSAYABLE = re.compile(
    r"[\"“”()\[\]{}<>*_|~,;]|\b(?:thing|things|stuff|real|becoming|being|kind\s+of|sort\s+of|preferably|ideally|perhaps|"
    r"maybe|probably|possibly|rather|than|instead|versus|vs)\b|^(?:a|an|the)\s+(?:rather|than|or|and)\b",
    re.I,
)


def _sayable(phrase: str | None, title: str | None) -> str | None:
    """The person's own words for a side when they read as a name, else the knowledge base's name for it."""
    if not phrase or not title:
        return phrase
    shouted = any(w.isupper() and len(w) > 2 and w.lower() in STOPWORDS for w in re.findall(r"[A-Za-z]+", phrase))
    # one capitalised word that names neither a role nor the matched work: "Code" for software development
    stray = len(phrase.split()) == 1 and phrase[:1].isupper() and not phrase.isupper() and not _same(phrase, title)
    if _UNSAYABLE.search(phrase) or shouted or (stray and not _is_role(_singular(phrase.lower()))):
        name = lower_title(plain_title(title))
        first = name.split(" and ")[0]
        # "Librarians and Media Collections Specialists": one of the jobs, as a person names it
        return _singular(first if first != name and first.endswith("s") else name)
    return phrase


_PRIVACY_WORDS = re.compile(
    r"\b(?:privacy|private|data|keep|kept|store|stored|storing|save|saved|record|recorded|delete|erase|who\s+(?:can\s+)?"
    r"(?:see|read)|gdpr|confidential\w*|share|sharing|shared|personal\s+(?:info\w*|details)|about\s+me|track\w*|"
    r"anonymous|log|logs|secure|safe|saving|cookies?|collect\w*|read\s+(?:this|what|my)|reads|see\s+this|"
    r"what\s+i\s+(?:type|write)|happens\s+to)\b",
    re.I,
)


def understood_line(tracker: Tracker, reading: TurnReading) -> str | None:
    """One line of what was understood, in the person's words ("You're a high school chemistry teacher ...")."""
    u = reading.understanding
    new_fact = u.facts.any()
    if not (reading.current.match or reading.target.match or new_fact or reading.current.phrase == "any"):
        return None
    parts = []
    current_phrase = tracker.get_slot("current_phrase")
    current_title = tracker.get_slot("current_field_title")
    facts = u.facts
    if facts.age_later:  # "I'll be 40 in a couple of years" is no "You're 40"
        facts = replace(facts, age=None)
    elif facts.age_decade:  # "in my 30s" is no "You're 30"
        facts = replace(facts, age=f"in your {facts.age}s")  # type: ignore[arg-type]
    new_current = reading.current if reading.current.match else None
    said_current = False
    if new_current is not None and new_current.source == "degree":
        background = f"a background in {new_current.phrase}"
        parts.append(f"You're {facts.age}, with {background}" if facts.age else f"You have {background}")
    elif new_current is not None and not new_current.sure:
        if facts.age:
            parts.append(f"You're {facts.age}")  # a name found in a story is not said back as their job
    elif tracker.get_slot("current_field") != "any" and current_phrase:
        past = (tracker.get_slot("person_facts") or {}).get("current_past")
        parts.append(_with_age(_who(current_phrase, current_title, past=bool(past)), facts.age))
        said_current = True
    elif facts.age:
        parts.append(f"You're {facts.age}")
    target_phrase = tracker.get_slot("target_phrase")
    unsure_target = reading.target.match is not None and not reading.target.sure
    if len(reading.alternatives) >= 2:  # "OTA or OT?": two goals weighed, not one chosen
        a, b = (lower_title(plain_title(m.title)) for m in reading.alternatives[:2])
        parts.append(f"weighing {a} against {b}" if parts else f"You're weighing {a} against {b}")
    elif target_phrase and unsure_target:
        pass  # a name found in passing is asked about (ActionRespond._answer), not said back as their goal
    elif (
        target_phrase
        and said_current
        and tracker.get_slot("target_field") == tracker.get_slot("current_field")
        and _same_role(current_phrase, target_phrase)
    ):
        pass  # "You're a registered nurse" says it; never "..., hoping to become a nurse" (an LPN -> RN is said)
    elif target_phrase:
        target_phrase = _goal_words(target_phrase, tracker.get_slot("target_field_title"))
        where = _where_to(target_phrase)
        parts.append(where if parts else "You're " + where)
    constraints = _constraint_words(tracker)
    situation = situation_words((tracker.get_slot("person_facts") or {}).get("family_or_job"))
    if not parts and not [c for c in constraints if c not in situation]:
        return None  # nothing sure to say back: no bare "Noted.", nor "Noted: bills to cover." on its own
    line = ", ".join(parts) if parts else "Noted"
    if constraints:
        line += (", with " if parts else ": ") + join_words(constraints)
    line += "."
    closest = []
    said_title = _singular(lower_title(plain_title(current_title))) if current_title else ""
    if said_current and current_title and current_phrase and not _same(current_phrase, current_title) and said_title not in line:
        closest.append(f"{capital(plain_title(current_title))} for your background")
    target_title = tracker.get_slot("target_field_title")
    if target_title and target_phrase and not _same(target_phrase, target_title) and not unsure_target:
        closest.append(f"{capital(plain_title(target_title))} for where you're heading")
    if closest and (reading.current.match or reading.target.match):
        line += " (Closest in my data: " + " and ".join(closest) + " — tell me if that's off.)"
    return line


def _as_field(name: str | None) -> str | None:
    """The move's side as the answers' sentences need it ("employers hiring for ___", "a move into ___"):
    a field as it is ("data analytics"), a role as its roles ("nurse roles", not "hiring for nurse")."""
    if not name:
        return None
    # "cosmetology license", "nursing school": the work, not the paper or the place ("a move into cosmetology")
    name = _PAPER.sub("", plain_title(name)).strip() or plain_title(name)
    name = _singular(name)
    if name.istitle() and _is_role(name):
        name = name.lower()  # "Occupational Therapist roles" -> "occupational therapist roles"
    return f"{name} roles" if _is_role(name) and not name.endswith("s") else name


_PAPER = re.compile(r"\s+(?:licen[cs]es?|certificates?|certifications?|school|program(?:me)?s?|courses?)$", re.I)


_PRONOUNS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "am": "are",
    "we": "you",
    "our": "your",
    "us": "you",
}


def _second_person(words: str) -> str:
    """The person's words said back to them: "update my skills" -> "update your skills"."""
    return re.sub(
        r"\b(?:i'm|i've|i'd|i'll|i|me|my|mine|myself|am|we|our|us)\b",
        lambda m: _PRONOUNS[m.group(0).lower()],
        words,
        flags=re.IGNORECASE,
    )


_VERB = re.compile(
    r"^(?:go|get|stay|keep|do|take|try|quit|leave|study|become|start|switch|move|return|update|rely|apply|pursue|work|"
    r"learn|find|look|wait|continue|focus|train|retrain|change|make|pay|spend|use|accept|finish|complete|enrol+|join|"
    r"invest|save|build|aim|be|put|give|sell|buy|open|teach|write|sit|earn|transfer|drop|specialise|specialize|"
    r"remain|forget|choose|pick|follow|give|hold|attend|enter|re-?enter|volunteer|intern|jump|stick)\b",
    re.IGNORECASE,
)


def _weighing(options: tuple[str, ...]) -> str:
    """The two choices the person weighs, said back in the second person: "to X, or to Y" for actions,
    "X or Y" for things ("nursing or teaching", "a 22-month evening ABSN or a 16-month weekday one")."""
    first, second = (re.sub(r"[\s\[\](…]+$", "", _second_person(o)).strip() for o in options[:2])
    if _VERB.match(first) and _VERB.match(second):
        return f"You're weighing two options: to {first}, or to {second}."
    return f"You're weighing two options: {first} or {second}."


def _deciding(decision: tuple[str, str]) -> str:
    """The one course of action a yes/no question weighs, said back: "You're deciding whether to start a nursing
    degree." / "You're deciding whether carrying on with your degree is worth it." """
    kind, words = decision
    words = re.sub(r"[\s,\[\](…]+$", "", _second_person(words)).strip()
    if kind == "ing":
        return f"You're deciding whether {words} is worth it."
    return f"You're deciding whether to {words}."


# a place of work or a vague word standing for a whole field ("larger hospitals", "health", "the medical field")
_BROAD_WORDS = re.compile(
    r"^(?:the\s+|a\s+|larger\s+|big\s+|local\s+)*(?:hospitals?|clinics?|health|healthcare|health\s+care|medical(?:\s+field)?|"
    r"medicine|(?:the\s+)?healthcare\s+(?:field|industry|sector)|(?:a\s+)?hospital\s+setting)$",
    re.I,
)


def _move_question(target: Match) -> str:
    """ "Do you want to move into nursing?", "Do you want to become an architect?" """
    name = lower_title(plain_title(target.title))
    if target.kind == "field":
        return f"Do you want to move into {name}?"
    if "," in name:  # "inspectors, testers, sorters, samplers, and weighers": the name the text matched instead
        matched = target.matched or ""
        words = "" if re.match(r"^(?:\d{2}-\d{4}\.\d{2}|[a-z]+:)", matched) else lower_title(matched)  # never an id
        if words and "," not in words and len(words.split()) <= 4:
            if not _is_role(_singular(words)):
                return f"Do you want to move into {words}?"  # "cosmetology"
            name = words
        else:
            return f"Do you want to work as one of the {name}?"
    role = " or ".join(_singular(part) for part in name.split(" and "))  # "teachers and instructors"
    return (
        f"Do you want to become {_article(role)} {role}?"
        if _is_role(role)
        else f"Do you want to work as {name}?"
    )


def _same(phrase: str, title: str) -> bool:
    """True when the title says what the phrase says ("nurse" ~ "Nursing", "IT" ~ "Information technology")."""
    if phrase.isupper() and "".join(w[0] for w in title.split()).upper().startswith(phrase[:2]):
        return True
    a = {w[:4] for w in re.findall(r"[a-z]+", phrase.lower()) if len(w) > 2}
    b = {w[:4] for w in re.findall(r"[a-z]+", title.lower()) if len(w) > 2}
    return bool(a & b)


def _set(tracker: Tracker, events: list[dict[str, Any]], name: str, value: Any) -> None:
    """Set a slot for the rest of this turn (the other actions read the tracker) and for Rasa."""
    if tracker.slots.get(name) != value:
        tracker.slots[name] = value
        events.append(SlotSet(name, value))


def update_profile(tracker: Tracker, reading: TurnReading) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    u = reading.understanding
    for side, slot in ((reading.current, "current"), (reading.target, "target")):
        if side.phrase == "any" and slot == "current":
            _set(tracker, events, "current_field", "any")
            _set(tracker, events, "current_field_title", "any background")
            _set(tracker, events, "current_phrase", None)
        elif side.match is not None and side.source == "first":
            continue  # the first title of a story is a guess: not stored, not said (Side.sure)
        elif side.match is not None:
            _set(tracker, events, f"{slot}_field", side.match.id)
            _set(tracker, events, f"{slot}_field_title", side.match.title)
            # the person's words only when they name what was matched; else the title ("Nursing", not "pain")
            words = (
                side.phrase
                if side.phrase
                and (acceptable(side.phrase, side.match) or stems(side.phrase) & stems(side.match.title))
                else lower_title(plain_title(side.match.title))
            )
            words = _sayable(words, side.match.title)  # never 'teaching thing' or 'ONLY becoming an optometrist'
            if slot == "current" and not side.sure:
                # a job named in passing ("...joined as an apprentice at 17...") helps the ranking but is never
                # said back as theirs, this turn or a later one: only a phrase that is said back is stored
                words = None
            _set(tracker, events, f"{slot}_phrase", words)
    for negated in u.negated:
        for slot in ("current", "target"):
            phrase = (tracker.get_slot(f"{slot}_phrase") or "").lower()
            if phrase and phrase == negated and not getattr(reading, slot).match:
                for name in (f"{slot}_field", f"{slot}_field_title", f"{slot}_phrase"):
                    _set(tracker, events, name, None)
    facts = u.facts
    if facts.no_budget_limit:
        _set(tracker, events, "budget_max", None)
    elif facts.budget_max is not None:
        _set(tracker, events, "budget_max", facts.budget_max)
    if facts.hours_per_week is not None:
        _set(tracker, events, "hours_per_week", facts.hours_per_week)
    if facts.weeks_max is not None:
        _set(tracker, events, "weeks_max", facts.weeks_max)
    if facts.format is not None:
        _set(tracker, events, "format_pref", facts.format)
    if facts.level is not None:
        _set(tracker, events, "level_pref", facts.level)
    if facts.no_degree is not None:
        _set(tracker, events, "no_degree", facts.no_degree)
    person = dict(tracker.get_slot("person_facts") or {})
    if reading.current.match is not None and reading.current.sure:
        person["current_past"] = said_as_past(u.text, reading.current.phrase)
    for key, value in (
        ("age", facts.age),
        ("age_said", "later" if facts.age_later else "decade" if facts.age_decade else "now" if facts.age else None),
        ("has_degree", True if facts.no_degree is False else None),  # "I have a bachelor's": a graduate route is shorter
        ("location", facts.location),
        ("family_or_job", list(facts.family_or_job)),
        ("worries", list(facts.worries)),
    ):
        if value:
            person[key] = value
    if person != (tracker.get_slot("person_facts") or {}):
        _set(tracker, events, "person_facts", person)
    if u.main_question:
        _set(tracker, events, "main_question", u.main_question[:300])
    return events


def question_type(reading: TurnReading, tracker: Tracker) -> str:
    """The main question's type: the text's own cues first, then the NLU's intent, then the default."""
    u = reading.understanding
    if len(reading.credentials) >= 2 and _COMPARING.search(u.text):
        return "compare_options"  # "Is Security+ worth it compared to CISSP?" weighs one against the other
    if u.question_source == "cue":
        return u.question_type
    if u.question_source in ("nearest", "default") and len(u.text.split()) > STORY_WORDS:
        # a long story's question sentences, read by meaning, say more than the NLU's one intent for all of it
        return u.question_type
    if reading.answered_question in ("target", "current") and not u.is_question:
        # "the Wellington ICT sector (a discipline with a skill shortage)" answers Pivot's question: the move,
        # not the skill-gap question the NLU's intent would make of "skill"
        return "recommend"
    message = tracker.latest_message or {}
    if reading.intent == "faq":
        key = (((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}).get(
            "intent_response_key"
        )
        if key in FAQ_TYPES:
            return FAQ_TYPES[key]
        if key == "faq/data_sources" and _ABOUT_SOURCES.search(u.text):
            return "data_sources"
    if reading.intent in INTENT_TYPES and (reading.intent != "ask_credential" or reading.credentials):
        return INTENT_TYPES[reading.intent]
    if u.question_source == "nearest":
        return u.question_type
    if reading.credentials and u.is_question:
        return "worth_it"
    return u.question_type


class ActionRespond(KBAction):
    def name(self) -> str:
        return "action_respond"

    async def run_with_kb(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> list[dict[str, Any]]:
        if answer_on_hold(dispatcher, tracker):  # waiting for a counselor: "how long?", "are you there?"
            return []
        reading = await read_turn(kb, tracker)
        u = reading.understanding
        if u.language != "en":
            return self._other_language(dispatcher, u.language, u.question_type, tracker)
        known_target = tracker.get_slot("target_field")
        if self._says_the_goal_again(reading, tracker, known_target):
            # "becoming a programmer" after the answer for that move: the same goal again, so not the same reply
            # again (a loop to the person) but what could come next
            title = lower_title(plain_title(reading.target.match.title))
            dispatcher.utter_message(
                text=f"Yes — {title} is the move I answered for above. What would help next: the skills it asks "
                "for, a first step, or a person to talk it through with?",
                buttons=[*NEXT_BUTTONS[:2], {"title": "Talk to a person", "payload": "/request_human"}],
            )
            return [SlotSet("asked", None)]
        events = update_profile(tracker, reading)
        kind = question_type(reading, tracker)
        _set(tracker, events, "question_type", kind)

        if (
            reading.intent in ("ask_privacy",)
            and not (reading.current.match or reading.target.match)
            and _PRIVACY_WORDS.search(u.text)  # "in the final stages of my maths PGCE" asks nothing about data
        ):
            return events + await ActionPrivacy().run(dispatcher, tracker, domain)
        if kind == "data_sources":
            dispatcher.utter_message(response="utter_faq/data_sources")
            return events + [SlotSet("asked", None)]
        if self._no_limits_answer(reading, tracker):
            # nothing to narrow: the turn goes to what to do first for the move, not to a question about what next
            dispatcher.utter_message(text="Got it — no particular limits, so the list above stands.")
            said = len(dispatcher.messages)
            events += await ActionFirstSteps().run_with_kb(dispatcher, tracker, domain, kb)
            if len(dispatcher.messages) == said:
                dispatcher.utter_message(text="What would help next?", buttons=NEXT_BUTTONS)
            return events + [SlotSet("asked", None), SlotSet("constraints_asked", True)]
        if self._confirms_target(reading, tracker):  # "yes" to "Is nursing where you'd like to go?"
            events += await present_recommendations(dispatcher, tracker, kb)
            return events + [
                SlotSet("listed_target", tracker.get_slot("target_field")),
                SlotSet("asked", None),
            ]
        # a long story is never "didn't catch that": what it asks is answered as well as it can be (below)
        nothing = not reading.understood_anything and kind in ("other",) and len(u.text.split()) <= STORY_WORDS
        # "hi", "thanks!", "bye" get their answer; a reply to Pivot's question never gets small talk
        short_social = len(u.text.split()) <= 6 and not (u.current_candidates or u.target_candidates)
        answering = tracker.get_slot("asked") in ("current", "target") and not u.is_question
        if (
            reading.intent in SOCIAL_RESPONSES
            and short_social
            and not answering
            and not reading.understood_anything
        ):
            dispatcher.utter_message(response=SOCIAL_RESPONSES[reading.intent])
            return events + [SlotSet("asked", None), SlotSet("misunderstood", 0.0)]
        if nothing:
            return events + self._not_understood(dispatcher, tracker, reading)
        events.append(SlotSet("misunderstood", 0.0))

        line = understood_line(tracker, reading)
        if line:
            dispatcher.utter_message(text=line)
        said_before = len(dispatcher.messages)
        answered: list[str] = []  # how the question was answered, for the counselor's summary
        events += await self._answer(dispatcher, tracker, domain, kb, reading, kind, answered)
        if len(dispatcher.messages) == said_before and not line:  # never a silent turn
            dispatcher.utter_message(
                text="Tell me a little more — what you do now and where you'd like to go — or pick an example:",
                buttons=EXAMPLE_BUTTONS,
            )
        # the understood profile as structured data, for the counselor's summary (Contract 7)
        dispatcher.utter_message(json_message=profile_payload(tracker, answered))
        return events

    async def _answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        kb: KnowledgeBase,
        reading: TurnReading,
        kind: str,
        answered: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        said_before = len(dispatcher.messages)
        answered = answered if answered is not None else []
        route_said = False  # the move's route (O*NET's or a national one) is part of the answer already
        route_note_said = False  # the profession's own entry route led the answer
        target_id = tracker.get_slot("target_field")
        current_id = tracker.get_slot("current_field")
        target_name = _as_field(tracker.get_slot("target_phrase") or tracker.get_slot("target_field_title"))
        current_name = _as_field(
            tracker.get_slot("current_phrase") or tracker.get_slot("current_field_title")
        )
        target = await _match(kb, target_id)
        current = await _match(kb, current_id) if current_id and current_id != "any" else None
        show_list = bool(target_id)
        asked: str | None = None
        # A goal found in passing this turn is asked about (below) before any list or first steps. One found another
        # way than by a known job title gets no route or advice in its name either until the person says yes; a known
        # title found in the story ("name": right 13 times in 19 on the dev half, 8 in 20 on the test half) is
        # answered about.
        guessed = (
            reading.target.match is not None and not reading.target.sure and reading.target.source != "name"
        )
        named = None if guessed else target_name

        short = len(reading.understanding.text.split()) <= SHORT_MESSAGE_WORDS
        refined = refined_topic(kind, reading.understanding.text, reading.understanding.main_question)
        if reading.target.unresolved and not reading.target.match and not target_id and short:
            dispatcher.utter_message(
                text=f'I don\'t know "{reading.target.phrase}" as a field or job yet. Could you name it another '
                'way, for example a job title such as "data analyst" or "electrician"?'
            )
            asked = "target!"
            show_list = False
        elif (
            refined
            and kind != "too_old"
            # two certificates Pivot knows are compared from the data, two jobs by their routes (below)
            and not (refined == "compare_programmes" and (len(reading.credentials) >= 2 or len(reading.alternatives) >= 2))
            and not (
                refined == "move_worth_it"
                and (
                    reading.credentials
                    or set(reading.unknown_mentions) - answers.DEGREE_PROGRAMMES
                    or (reading.unknown_mentions and target is None)  # "should I get an MBA?": no move named
                )
            )
        ):
            # what exactly they asked ("how do I explain the change in interviews?") has its own sourced answer
            person = tracker.get_slot("person_facts")
            answer = answers.advice_answer(refined, named, current_name, person=person) or answers.advice_answer(
                "where_start", named, current_name, person=person
            )
            if refined == "move_worth_it" and target is not None and not guessed:
                # is the move worth it: how long its usual route takes comes first
                route = answers.local_route(person, target_id) or await answers.route_line(
                    kb, target, target_name, person, _role_named(tracker), current=current
                )
                if route:
                    answer.lines.insert(0, route)
                    route_said = True
                pay = await answers.outlook_line(kb, target, target_name, person, _role_named(tracker))
                if pay:  # what the work pays and whether jobs grow: the facts the advice below says to weigh
                    answer.lines.insert(1 if route else 0, pay)
            options = reading.understanding.options
            if refined == "compare_programmes" and len(options) >= 2:
                answer.lines.insert(0, _weighing(options))
            elif refined == "move_worth_it" and reading.understanding.decision:
                answer.lines.insert(0, _deciding(reading.understanding.decision))
            if refined == "move_worth_it" and reading.unknown_mentions:
                # what Pivot cannot say about the degree asked about, once, before the sources line
                answer.lines.insert(
                    len(answer.lines) - 1, answers.programme_note(reading.unknown_mentions[0])
                )
            _say(dispatcher, answer)
            if kind in ("get_hired", "get_experience"):
                show_list = False
            answered.append(f"sourced advice on {answer_topic(refined)}")
        elif kind == "worth_it" and (reading.credentials or reading.unknown_mentions):
            answer = await answers.worth_it(
                kb,
                reading.credentials,
                reading.unknown_mentions,
                current,
                target,
                target_name,
                _where(tracker),
            )
            _say(dispatcher, answer)
            answered.append("whether the credential they named is worth it, with its facts")
        elif kind == "need_credential" and reading.credentials:
            # "Do I need to pass the PMP to be hired as a PM?": that credential's facts, what it asks first, and how
            # to tell whether employers require it
            answer = await answers.worth_it(
                kb, reading.credentials, [], current, target, target_name, _where(tracker), topic="need_credential"
            )
            _say(dispatcher, answer)
            answered.append("whether they need the credential they named, with its facts")
        elif kind == "compare_options" and len(reading.credentials) >= 2:
            tracker.latest_message["entities"] = [
                {"entity": "credential", "value": c.id} for c in reading.credentials[:2]
            ]
            events += await ActionCompareCredentials().run_with_kb(dispatcher, tracker, domain, kb)
            verdict = answers.which_comes_first(reading.credentials[0], reading.credentials[1])
            answered.append("a side-by-side comparison of the two credentials they named")
            if verdict:
                dispatcher.utter_message(text=verdict)
            show_list = False
        elif kind in ("compare_options", "which_first") and len(reading.alternatives) >= 2:
            # "LPN or CNA first?", "OTA or OT?": two jobs, each with its usual way in
            show_list = False
            await self._compare_paths(
                dispatcher, kb, current, reading.alternatives, _where(tracker), tracker.get_slot("person_facts")
            )
            answered.append("the usual way into each of the two jobs they weighed")
            asked = "target!"  # the buttons under the comparison ask which one
        elif kind == "no_degree":
            _say(dispatcher, await answers.no_degree(kb, target, target_name))
            answered.append("whether the work needs a degree (O*NET's education data)")
        elif kind == "too_old":
            person = tracker.get_slot("person_facts")
            _say(
                dispatcher,
                await answers.too_old(
                    kb, None if guessed else target, named, person, _role_named(tracker)
                ),
            )
            route_said = True
            answered.append("their age against the usual route into the work")
            if refined == "apprenticeship_age":  # "most people start apprenticeships at 16, not 23"
                advice = answers.advice_answer(refined, named, current_name, person=person)
                if advice.lines:
                    _say(dispatcher, answers.Answer(lines=[advice.lines[0], advice.lines[-1]]))
        elif kind == "how_long":
            creds = list(reading.credentials)
            if not creds and target is not None:
                result = await kb.recommend(
                    current.id if current else None, target.id, limit=3, where=_where(tracker)
                )
                creds = [r.credential for r in result.recommendations]
            hours = tracker.get_slot("hours_per_week")
            _say(dispatcher, answers.how_long(creds, float(hours) if hours else None, target_name))
            answered.append("how long the credentials take at their pace")
            if not hours and target_id:
                asked = "hours"
        elif kind == "skill_gap":
            if target_id:
                events += await ActionSkillGap().run_with_kb(dispatcher, tracker, domain, kb)
                answered.append("the skills the move needs")
            show_list = False
        elif kind == "related_moves" or (
            kind in ("where_start", "recommend") and not target_id and current_id
        ):
            if current_id and current_id != "any":
                events += await ActionRelatedMoves().run_with_kb(dispatcher, tracker, domain, kb)
                asked = "target_from_moves"
                answered.append("moves that fit their background")
            else:
                if kind == "related_moves":  # how to find work that fits, before the one question it needs
                    _say(
                        dispatcher,
                        answers.advice_answer(
                            "related_moves", None, current_name, person=tracker.get_slot("person_facts")
                        ),
                    )
                    answered.append("sourced advice on finding work that fits them")
                asked = "current"  # moves that fit a background need the background
            show_list = False
        elif kind == "worth_it" or kind in ADVICE_TYPES:
            topic = "worth_it" if kind == "worth_it" else kind
            options = reading.understanding.options
            if kind == "compare_options" and not reading.credentials:
                topic = "compare_paths"  # two ways forward, not two certificates side by side
            person = tracker.get_slot("person_facts")
            answer = answers.advice_answer(topic, named, current_name, person=person)
            if kind in ROUTE_TYPES and target is not None and not guessed:  # the move's own route makes the advice specific
                route = answers.local_route(person, target_id) or await answers.route_line(
                    kb, target, target_name, person, _role_named(tracker), current=current
                )
                if route:
                    answer.lines.insert(0, route)
                    route_said = True
            if kind in ("worth_it", "quit_or_study", "job_market") and target is not None and not guessed:
                pay = await answers.outlook_line(kb, target, target_name, person, _role_named(tracker))
                if pay:
                    answer.lines.insert(1 if route_said else 0, pay)
            if options and kind in ("compare_options", "quit_or_study", "which_first", "worth_it"):
                answer.lines.insert(0, _weighing(options))
            elif reading.understanding.decision and kind in DECISION_ANSWER_TYPES:
                answer.lines.insert(0, _deciding(reading.understanding.decision))
            if (
                kind in ROUTE_NOTE_FIRST_TYPES
                and not route_said
                and (reading.target.match is None or reading.target.sure)
                and not answers.local_route(person, target_id)
                and self._route_note_fits(reading, current, target, guessed)
            ):
                # "how do I get hired as a nurse?", "do I need accreditation?": the profession's own way in
                # is the specific answer, so it leads and the general advice follows it (round 10: a stock
                # paragraph read as the answer)
                note = await answers.route_note(kb, person, target, tracker.get_slot("target_phrase"))
                if note:
                    answer.lines.insert(0, note)
                    route_note_said = True
            if kind in PROGRAMME_NOTE_TYPES and reading.unknown_mentions:
                # what Pivot cannot say about the programme asked about, once, after the answer, not before it
                answer.lines.insert(
                    len(answer.lines) - 1, answers.programme_note(reading.unknown_mentions[0])
                )
            _say(dispatcher, answer)
            if kind in NO_LIST_AFTER:
                show_list = False
            answered.append(f"sourced advice on {answer_topic(topic)}")
        elif kind == "where_start" and target_id and (reading.target.match is None or reading.target.sure):
            # a plan of first steps (credentials to read up on) waits for the person's yes, as the list does
            events += await ActionFirstSteps().run_with_kb(dispatcher, tracker, domain, kb)
            answered.append("first steps for the move")
        elif kind == "where_start":
            # no goal named: how to find work that fits (the Skills Matcher), not "learn what the work in the field
            # you have in mind involves" to someone who has none in mind (batch 3 dev half)
            _say(dispatcher, answers.advice_answer("related_moves", None, current_name))
            answered.append("sourced advice on where to start")
        elif kind == "recommend" and reading.credentials and not target_id:
            tracker.latest_message["entities"] = [
                {"entity": "credential", "value": reading.credentials[0].id}
            ]
            events += await ActionCredentialDetails().run_with_kb(dispatcher, tracker, domain, kb)
            answered.append("the details of the credential they named")

        if (
            kind == "recommend"
            and len(dispatcher.messages) == said_before
            and target is not None
            and reading.target.source == "name"
            and len(reading.understanding.text.split()) > STORY_WORDS
        ):
            # a long story that names a job but asks nothing a cue knows: how people usually get into it, and what it
            # pays, before the one question about it
            person = tracker.get_slot("person_facts")
            for line in (
                await answers.route_line(kb, target, target_name, person, _role_named(tracker), current=current),
                await answers.outlook_line(kb, target, target_name, person, _role_named(tracker)),
            ):
                if line:
                    dispatcher.utter_message(text=line)
                    route_said = True
                    answered.append("the usual route into the job they named, and what it pays")
        # A target found in passing ("...my friend the nurse...") is asked about before money and months are
        # spent on it: one question with the answer on a button, not a list for a guess.
        unsure_target = (
            reading.target.match is not None
            and not reading.target.sure
            and target is not None
            and tracker.get_slot("asked") != "target_confirm"  # never the same question twice in a row
        )
        if unsure_target and show_list and kind not in NO_LIST_AFTER:
            dispatcher.utter_message(
                text=f"{_move_question(target)} If so, I'll list the credentials for that move; if not, tell me "
                "in a few words where you're heading.",
                buttons=[
                    {
                        "title": f"Yes, {plain_title(target.title)}"[:60],
                        "payload": f'/inform_target{{"occupation": "{target.id}"}}',
                    },
                    {"title": "Talk to a person", "payload": "/request_human"},
                ],
            )
            show_list = False
            asked = "target_confirm!"
            answered.append(f"a question whether they want to move into {lower_title(plain_title(target.title))}")
        route_here = answers.local_route(tracker.get_slot("person_facts"), target_id)
        if route_here and not unsure_target:
            # the national route is the answer there: a list of another country's credentials after it would only
            # say "nothing applies in the UK" (round 10's dev graders)
            show_list = False
        if route_here and not unsure_target and not route_said:
            dispatcher.utter_message(text=route_here)
        elif (
            not route_here
            and not unsure_target
            and not route_note_said
            and kind not in NO_ROUTE_NOTE_AFTER
            and self._route_note_fits(reading, current, target, guessed)
        ):
            # the profession's own way in (its accreditor, exam and licence), sourced: what a counselor would add
            note = await answers.route_note(
                kb, tracker.get_slot("person_facts"), target, tracker.get_slot("target_phrase")
            )
            if note:
                dispatcher.utter_message(text=note)
                answered.append("the profession's own entry route")
        broad = target is not None and await self._broad_setting(kb, target, tracker.get_slot("target_phrase"))
        if kind in answers.GAP_LINE_TYPES and target is not None and not unsure_target and not broad:
            line = await answers.gap_line(kb, current, target, target_name, _background(tracker))
            if line:
                dispatcher.utter_message(text=line)
        story = len(reading.understanding.text.split()) > STORY_WORDS
        if len(dispatcher.messages) == said_before and story and not target_id:
            # a long story with no goal Pivot can name: a first step to take before the one question, not the
            # question alone
            _say(
                dispatcher,
                answers.advice_answer(
                    "related_moves", None, current_name, person=tracker.get_slot("person_facts")
                ),
            )
        also = self._also_asked(reading, kind, target_name, current_name, tracker.get_slot("person_facts"))
        if also:
            dispatcher.utter_message(text=also)
        # The list once per move: after it, follow-up questions get their answer, not the list again.
        listed = tracker.get_slot("listed_target") == target_id and kind != "recommend"
        if show_list and target_id and kind not in NO_LIST_AFTER and not listed and reading.same_field_stated and _already_in(
            current, target, tracker.get_slot("current_phrase"), tracker.get_slot("target_phrase")
        ):
            # an RN asking about nursing, a developer about software: the way into the field is no answer
            show_list = False
            dispatcher.utter_message(
                text=f"You already work in {lower_title(plain_title(target.title))}, so I "
                "won't list the credentials for getting into it. If you're after a specialty or a step up within "
                "it, tell me which one and I'll look at what leads there.",
            )
        if (
            show_list
            and target_id
            and kind not in NO_LIST_AFTER
            and not listed
            and broad
        ):
            # "jobs at larger hospitals", "the medical field": healthcare's jobs each have their own route, and a
            # list for all of it (medical assistant certificates to a BSN student) answers nobody
            await self._which_job(dispatcher, kb, target)
            show_list = False
            asked = "target!"
            answered.append("a question which job in the field they mean")
        if show_list and target_id and kind not in NO_LIST_AFTER and not listed:
            events += await present_recommendations(dispatcher, tracker, kb)
            events.append(SlotSet("listed_target", target_id))
            answered.append("a ranked list of credentials for the move")
            if any(e.get("name") == "constraints_asked" for e in events):
                asked = "constraints"
        if asked is None and not target_id and len(dispatcher.messages) > said_before and (story or kind in ADVICE_TYPES):
            # The question was answered on its own terms: a list for a goal is offered, not demanded as if the
            # person had said nothing about where they are heading.
            dispatcher.utter_message(text=_goal_offer())
            asked = "target!"
            answered.append("an offer to list credentials once they name a goal")
        events += self._follow_up(dispatcher, tracker, asked, reading.understanding.text)
        return events

    async def _compare_paths(
        self,
        dispatcher: CollectingDispatcher,
        kb: KnowledgeBase,
        current: Match | None,
        paths: list[Match],
        where: str | None = None,
        person: dict | None = None,
    ) -> None:
        lines = ["Here is how the two paths compare from where you are:"]
        pay_sources: list[str] = []
        for path in paths[:2]:
            result = await kb.recommend(current.id if current else None, path.id, limit=3, where=where)
            gaps = [g.name for g in sorted(result.gaps, key=lambda g: -g.gap)[:3] if g.gap > 0]
            top = result.recommendations[0].credential.name if result.recommendations else None
            bits = [f"• {path.title}:"]
            if gaps:
                bits.append("biggest gaps " + ", ".join(gaps))
            if top:
                bits.append(f"a first credential to look at: {top}")
            profile = await kb.education(path.id)
            if profile is not None and profile.typical_level:
                route = answers.ROUTE_YEARS.get(profile.typical_level)
                how = f", that is {route[1]}" if route else ""
                bits.append(f'the usual entry education: "{profile.typical_level}" (O*NET){how}')
            pay = await answers.median_pay(kb, path, person)
            if pay is not None:  # what each path pays, from the BLS Handbook, dated by the page
                bits.append(f"median pay ${pay.median_pay:,} a year in {pay.pay_year} (US)")
                pay_sources.append(f"{pay.url} (read on {pay.retrieved.isoformat()})")
            lines.append(" ".join(bits[:1]) + " " + "; ".join(bits[1:]) + ".")
        if pay_sources:
            lines.append("Pay: U.S. Bureau of Labor Statistics, Occupational Outlook Handbook, " + "; ".join(pay_sources) + ".")
        advice = answers.advice_answer("compare_paths", None, None).lines
        lines += [advice[0], advice[-1]]  # the advice and its source
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[
                {
                    "title": f"Credentials for {p.title}",
                    "payload": f'/inform_target{{"occupation": "{p.id}"}}',
                }
                for p in paths[:2]
            ],
        )

    @staticmethod
    def _route_note_fits(reading: Any, current: Match | None, target: Match | None, guessed: bool) -> bool:
        """Whether the target's entry route (accreditor, exam, licence) is news to this person: a goal not
        guessed, and not the work they already do (a nurse moving within nursing needs no NCLEX route)."""
        return (
            target is not None
            and not guessed
            and not reading.same_field_stated
            and not (current is not None and current.id == target.id)
        )

    @staticmethod
    async def _broad_setting(kb: KnowledgeBase, target: Match, phrase: str | None) -> bool:
        """The goal is a broad field named by a place or a vague word ("hospitals", "health", "the medical field"),
        and the field's jobs take different routes (answers.one_route)."""
        if target.kind != "field" or not phrase or not _BROAD_WORDS.search(phrase):
            return False
        return not await answers.one_route(kb, target)

    @staticmethod
    async def _which_job(dispatcher: CollectingDispatcher, kb: KnowledgeBase, field: Match) -> None:
        jobs = [m for m in [await _match(kb, code) for code in (await kb.side_codes(field.id))[:4]] if m is not None]
        name = lower_title(plain_title(field.title))
        dispatcher.utter_message(
            text=f"{capital(name)} covers many jobs, and each has its own way in. Which one do you have in mind? "
            "A job title is enough.",
            buttons=[
                {"title": plain_title(m.title)[:60], "payload": f'/inform_target{{"occupation": "{m.id}"}}'}
                for m in jobs
            ]
            + [{"title": "Talk to a person", "payload": "/request_human"}],
        )

    @staticmethod
    def _also_asked(
        reading: TurnReading, kind: str, target: str | None, current: str | None, person: dict | None
    ) -> str | None:
        """A long message often asks two things ("is it too late at 45, and should I quit to study?"): the
        second one gets the first lines of its advice too, so it is not ignored."""
        for other in reading.understanding.question_types[1:]:
            if other == kind or other not in SECOND_ANSWER_TYPES:
                continue
            entry = answers.advice_library().get(other)
            if entry is None:
                continue
            text = answers.tailor(other, entry.answer_for("en", target=target, current=current), person)
            first = " ".join(re.split(r"(?<=[.!?])\s+", text)[:2])
            return f"{SECOND_ANSWER_LEAD[other]} {first}"
        return None

    @staticmethod
    def _says_the_goal_again(reading: TurnReading, tracker: Tracker, known_target: str | None) -> bool:
        """A short statement of the goal already answered for, list and all, when Pivot asked nothing ("becoming a
        programmer" after the reply and list for software development)."""
        u = reading.understanding
        return (
            bool(known_target)
            and tracker.get_slot("listed_target") == known_target  # its list was shown: nothing new to show
            and reading.target.match is not None
            and reading.target.match.id == known_target
            and reading.current.match is None
            and tracker.get_slot("asked") in (None, "")
            and not u.is_question
            and len(u.text.split()) <= 8
            and not u.facts.any()
        )

    @staticmethod
    def _confirms_target(reading: TurnReading, tracker: Tracker) -> bool:
        text = reading.understanding.text.strip().lower()
        yes = reading.intent == "affirm" or bool(
            re.match(r"^(?:yes|yeah|yep|yup|sure|correct|right|that'?s\s+it)\b", text)
        )
        return (
            tracker.get_slot("asked") == "target_confirm"
            and bool(tracker.get_slot("target_field"))
            and yes
            and len(text.split()) <= 6
            and not (reading.target.match or reading.current.match)
        )

    @staticmethod
    def _no_limits_answer(reading: TurnReading, tracker: Tracker) -> bool:
        """ "no limits" in answer to the limits question: nothing to change, nothing to repeat."""
        u = reading.understanding
        return (
            tracker.get_slot("asked") == "constraints"
            and u.facts.no_budget_limit
            and not (reading.current.match or reading.target.match or reading.credentials)
            and not u.is_question
        )

    def _follow_up(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, asked: str | None, said: str = ""
    ) -> list[dict[str, Any]]:
        """At most one question; never what is known, never the same as last turn."""
        last = tracker.get_slot("asked")
        if asked is None:
            if not tracker.get_slot("target_field"):
                asked = "target"
            else:
                return [SlotSet("asked", None)]
        if asked in ("constraints", "target_from_moves"):
            return [SlotSet("asked", asked)]
        if asked.endswith("!"):  # the question was part of the answer already
            return [SlotSet("asked", asked.rstrip("!"))]
        if asked == last:
            words = said.strip().rstrip(".!?")
            if asked in ("target", "current") and words and len(words.split()) <= 16 and not VAGUE_REPLY.match(words):
                # their answer named work Pivot has no name for: say so in their words, never just "pick one"
                dispatcher.utter_message(
                    text=f"{_couldnt_match(words)} A job title close to it {_CLOSE_TITLES} works best; or pick one of "
                    "these, or ask for a person:",
                    buttons=EXAMPLE_BUTTONS,
                )
                return [SlotSet("asked", None)]
            dispatcher.utter_message(
                text="If it's easier, pick one of these, or ask for a person:", buttons=EXAMPLE_BUTTONS
            )
            return [SlotSet("asked", None)]
        question = {
            "target": ASK_TARGET,
            "current": ASK_CURRENT,
            "hours": "How many hours a week could you study?",
        }
        dispatcher.utter_message(text=question[asked])
        return [SlotSet("asked", asked)]

    def _not_understood(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, reading: TurnReading
    ) -> list[dict[str, Any]]:
        count = float(tracker.get_slot("misunderstood") or 0) + 1
        if count >= 2:
            dispatcher.utter_message(
                text="I'm still not sure what you need. People usually tell me what they do now and where they'd "
                "like to go — or ask me about a certificate by name. Pick an example, or a person can help:",
                buttons=EXAMPLE_BUTTONS,
            )
        elif (
            reading.target.unresolved
            and reading.answered_question is None
            and tracker.get_slot("asked") == "target"
        ):
            dispatcher.utter_message(
                text=f'I don\'t know "{reading.target.phrase}" as a field or job yet. Could you put it another way — '
                'a job title such as "radiation therapist" or "data analyst" works best.'
            )
        elif reading.current.unresolved:
            dispatcher.utter_message(
                text=f'I don\'t know "{reading.current.phrase}" as a job title yet. What kind of work is it — '
                "or where would you like to move?"
            )
        elif (phrase := _short_phrase(reading, tracker.get_slot("asked"))) is not None:
            dispatcher.utter_message(
                text=f'I don\'t know "{phrase}" as a field or job yet. Could you put it another way — a job title '
                'such as "radiation therapist" or "data analyst" works best — or ask for a person?',
                buttons=[{"title": "Talk to a person", "payload": "/request_human"}],
            )
        elif (
            tracker.get_slot("asked") in ("target", "current")
            and len(reading.understanding.text.split()) <= 16
            and not VAGUE_REPLY.match(reading.understanding.text)
        ):
            # a reply to Pivot's own question that names work Pivot has no name for: say so in their words
            words = reading.understanding.text.strip().rstrip(".!")
            side = "where you'd like to go" if tracker.get_slot("asked") == "target" else "what you do now"
            dispatcher.utter_message(
                text=f"{_couldnt_match(words)} Could you name {side} with a job title close to it {_CLOSE_TITLES}? "
                "A counselor can also help you put a name to it.",
                buttons=[{"title": "Talk to a person", "payload": "/request_human"}],
            )
        else:
            dispatcher.utter_message(
                text="Sorry, I didn't catch that. Tell me what you do now and where you'd like to go — for example "
                '"I\'m a nurse and want to move into health informatics" — or ask about a certificate by name.'
            )
        return [SlotSet("misunderstood", count), SlotSet("asked", None)]

    def _other_language(
        self, dispatcher: CollectingDispatcher, language: str, kind: str, tracker: Tracker
    ) -> list[dict[str, Any]]:
        reply = other_language_reply(language, kind)
        if reply is None:
            dispatcher.utter_message(
                text=reply_for(language),
                buttons=[{"title": human_button_title(language), "payload": "/request_human"}],
            )
            return []
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
        return [SlotSet("question_type", kind)]


_CLOSE_TITLES = '(for example "dietitian", "health educator" or "bookkeeper")'

# An advice topic as a counselor reads it in the summary ("sourced advice on getting hired").
_TOPIC_WORDS = {
    "worth_it": "whether it is worth it", "move_worth_it": "whether the move is worth it",
    "compare_options": "choosing between options", "compare_paths": "choosing between two paths",
    "compare_programmes": "choosing between programmes", "which_first": "which step comes first",
    "need_credential": "whether a credential is needed", "too_old": "age and changing careers",
    "quit_or_study": "quitting or studying part-time", "get_experience": "getting experience",
    "get_hired": "getting hired", "online_counts": "whether online credentials count",
    "employer_recognition": "how employers see credentials", "quality_assurance": "quality and accreditation",
    "stacking_degree": "stacking credentials with a degree", "linkedin_badges": "showing credentials on a CV or LinkedIn",
    "cost_vs_degree": "cost against a degree", "where_start": "where to start", "job_market": "the job market",
    "what_is": "what micro-credentials are", "cover_letter_change": "a career-change cover letter",
    "interview_explain_change": "explaining the change in interviews", "return_after_gap": "returning after a break",
    "no_experience_entry": "getting in without experience", "apprenticeship_age": "apprenticeships and age",
    "overqualified": "being told they are overqualified", "leave_academia": "finishing a PhD or leaving academia",
    "pay_for_study": "paying for study",
}  # fmt: skip


def answer_topic(topic: str | None) -> str:
    return _TOPIC_WORDS.get(topic or "", "their question")


def _goal_offer() -> str:
    """After an answer that stands on its own: how to get a list, offered rather than demanded (the phrase Pivot
    could not place is often a fragment, "after" or "USA", so it is never said back here)."""
    return (
        "If you'd like credentials for a particular move, tell me where you'd like to go — a job title is enough — "
        "and I'll list the ones that lead there."
    )


def _couldnt_match(words: str) -> str:
    """The person's own words for work Pivot has no name for, said back."""
    return f'I couldn\'t match "{words[:80]}" to a job or field in my data.'


def _already_in(current: Match | None, target: Match | None, said_now: str | None, said_goal: str | None) -> bool:
    """The person's background is the goal itself (a nurse asking about a more critical area of nursing): the same
    field or job, and the goal in their words names what they are ("nurse" in "a more critical area of nursing");
    an LPN becoming an RN is a move within one field, with its list."""
    if current is None or target is None or current.id != target.id or not said_now or not said_goal:
        return False
    return _same_role(said_now, said_goal)


def _same_role(said_now: str | None, said_goal: str | None) -> bool:
    """ "registered nurse" and "nurse", "nurse" and "a more critical area of nursing": one role; "LPN" and "RN" two."""
    mine, goal = stems(said_now or ""), stems(said_goal or "") - _GOAL_FILLER
    return bool(mine and goal) and (mine <= goal or goal <= mine)


# "another area of nursing", "a different specialty in nursing": words around the field that name no other role
_GOAL_FILLER = stems("another area different specialty new part side kind type branch setting first job role position")


def _short_phrase(reading: TurnReading, asked: str | None) -> str | None:
    """A short reply to Pivot's question that reads like a name ("a trade"), to be said back."""
    u = reading.understanding
    if asked not in ("current", "target", "target_confirm"):
        return None
    if u.is_question or len(u.text.split()) > 10 or u.text.startswith("/") or VAGUE_REPLY.match(u.text):
        return None
    return clean(u.text.rstrip(".!"))


def _role_named(tracker: Tracker) -> str | None:
    """The target as a role the person named ("nurse"), which picks a field's main job for its route."""
    phrase = tracker.get_slot("target_phrase")
    return phrase if phrase and _is_role(_singular(phrase)) else None


def _where(tracker: Tracker) -> str | None:
    """Where the person lives, in their words ("UK", "London"), for credentials that apply there."""
    return (tracker.get_slot("person_facts") or {}).get("location")


async def _match(kb: KnowledgeBase, value: str | None) -> Match | None:
    if not value or value == "any":
        return None
    hits = await kb.resolve(value, limit=1)
    return hits[0] if hits else None


def _say(dispatcher: CollectingDispatcher, answer: answers.Answer) -> None:
    if answer.lines:
        dispatcher.utter_message(text="\n\n".join(answer.lines))

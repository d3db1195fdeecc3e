"""Constraints and circumstances stated in passing.

Money, durations, hours a week and format arrive already parsed as Rasa entities (the `nlu/`
quantity extractor puts normalised values in them; see docs/ARCHITECTURE.md, Contract 2), so they are
taken from there, not parsed again. What Rasa does not tag is read here: no degree, age, family and
job load, location, "no budget limit", and the worries people name (burned out, too old, money).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from knowledge.query.region import country
from understanding.types import Facts

_NO_DEGREE = re.compile(
    r"\b(?:no|without(?:\s+a)?|don'?t\s+have(?:\s+a)?|do\s+not\s+have(?:\s+a)?|never\s+(?:got|finished|completed)(?:\s+a|\s+my)?|"
    r"lack(?:ing)?\s+a|dropped\s+out\s+of)\s+(?:college\s+|university\s+|4[- ]year\s+|four[- ]year\s+|bachelor'?s?\s+|uni\s+)?"
    r"(?:degree|diploma|college|university|uni)\b"
    r"|\bhigh\s+school\s+(?:diploma|education)\s+only\b|\bonly\s+(?:have\s+)?(?:a\s+)?(?:high\s+school|ged|hs\s+diploma)\b"
    r"|\bcollege\s+dropout\b|\bno\s+formal\s+education\b",
    re.IGNORECASE,
)
_HAS_DEGREE = re.compile(
    r"\b(?:i\s+have|i've\s+got|i\s+hold|with|got|earned|finished|completed)\s+(?:a|an|my)\s+"
    r"(?:bachelor'?s?|master'?s?|ba|bs|bsc|ma|msc|mba|phd|doctorate|degree|associate'?s?)\b"
    r"|\b(?:bachelor'?s?|master'?s?|ba|bs|bsc|msc|phd)\s+(?:degree\s+)?in\b"
    # "my first degree in Computer Science", "a straight M.A. in English", "when I went to grad school", "my BA"
    r"|\bmy\s+(?:first\s+|undergrad(?:uate)?\s+|college\s+|university\s+)?(?:degree|ba|bs|bsc|ma|msc|mba|phd|diploma)\b"
    r"|\b(?:M\.A\.|B\.A\.|B\.S\.|M\.S\.|Ph\.D\.?)(?=\s|,|$)|(?<!never\s)\bwent\s+to\s+grad(?:uate)?\s+school\b"
    r"|(?<!never\s)(?<!not\s)\bgraduated\s+(?:from\s+)?(?:college|university|uni)\b|\b(?:college|university)\s+graduate\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b(?:i'?m|i\s+am|im|age[d]?|turning|turned|now)\s+(?:almost\s+|nearly\s+)?(?P<n>[2-7]\d)\b(?!\s*(?:%|k\b|hours|hrs|h\b|years?\s+(?:of|in|into|as|at|with|on|doing|working|since|ago|later|experience)|"
    r"dollars|\$|minutes|weeks|months))"
    r"|\b(?P<m>[2-7]\d)\s*(?:-|\s)?(?:years?|yrs?|y/?o)(?:-|\s)?old\b"
    r"|\b(?P<m2>[2-7]\d)\s*(?:yo|y\.o\.)\b"
    r"|(?<!was\s)(?<!were\s)\bin\s+my\s+(?P<d>[2-7]0)'?s\b"
    r"|\((?:almost|nearly)\s+(?P<al>[2-7]\d)\b(?=\s*[,)])"
    r"|\bat\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?(?P<a>[2-7]\d)\b(?=\s*[,?!]|\s+(?:is|am|i|would|will|can|could|should|with|"
    r"too|it|years?\s+old|yrs?\s+old)\b|\s+to\s+(?!\d))"
    r"|\b(?:[2-7]\d)\s*\(?\s*[mf]\s*\)?\s*(?=[,.]|\s)"
    # "is 27 too old to start over?", "I'll be 26 by the time I start" (the age the move starts at)
    r"|\bis\s+(?P<q>[2-7]\d)\s+too\s+(?:old|late)\b"
    r"|\bi(?:'ll|\s+will)\s+be\s+(?P<w>[2-7]\d)\b(?!\s*(?:%|k\b|hours|minutes|dollars|years?\s+(?:of|in|into)))",
    re.IGNORECASE,
)
# "my son is 20 years old", "a 25 year old daughter": an age, not the person's
_SOMEONE_ELSE = re.compile(
    r"\b(?:son|daughter|kids?|child|children|husband|wife|partner|boyfriend|girlfriend|friend|brother|sister|mother|"
    r"father|mom|mum|dad|he|she|they|boss|colleague|coworker|student|patient)(?:'s)?\s+(?:is|was|turned|turns|aged|of)?\s*(?:a\s+|an\s+)?$"
    r"|\b(?:have|has|had|with|our|his|her|their)\s+(?:a\s+|an\s+)?$",
    re.IGNORECASE,
)
_PAST_OR_PLAN = re.compile(
    r"\b(?:became|become|started|start|began|dropped|left|graduated|got|was|were|had|married|moved|quit|"
    r"retire\w*|finished|joined|enlisted|stopped)\b[^.!?]*$",
    re.IGNORECASE,
)
_THEN_AFTER = re.compile(
    r"^[\s,-]*(?:years?\s+old|yrs?\s+old)?[\s,]*(?:i\s+|we\s+)?(?:joined|started|left|got|had|became|moved|dropped|enlisted|"
    r"married|graduated|was|went|began|quit|finished|decided|realised|realized)\b",
    re.IGNORECASE,
)
_KIN_AFTER = re.compile(
    r"^[\s-]*(?:years?|yrs?|y/?o)?[\s-]*(?:old)?\s+(?:son|daughter|kid|child|boy|girl|brother|sister|husband|wife|partner)\b",
    re.IGNORECASE,
)
_FAMILY = (
    (
        re.compile(
            r"\b(?:my|our)\s+(?:\w+\s+)?(?:kids?|children|child|toddlers?|baby|newborn|sons?|daughters?)\b|"
            r"\b(?:i|we)\s+(?:have|'ve\s+got|got)\s+(?:(?!no\b|not\b|never\b)\w+\s+){0,2}(?:kids|children|a\s+baby|a\s+toddler)\b|"
            r"\b(?:mother|mom|mum|father|dad|parent)\s+of\s+(?:\w+\s+)?(?:kids|children|boys|girls|\w+)\b|"
            r"\b(?:two|three|four|five|\d)\s+(?:young\s+|small\s+)?(?:kids|children)\b",
            re.I,
        ),
        "children",
    ),
    (re.compile(r"\bsingle\s+(?:mom|mum|mother|dad|father|parent)\b", re.I), "single parent"),
    (
        re.compile(
            r"\b(?:(?:i\s+(?:have|work|hold)|with|my|and)\s+(?:a\s+)?full[- ]time\s+(?:job|work)|(?:i'?m|i\s+am|currently)\s+working\s+full[- ]time|"
            r"i\s+work\s+(?:40\+?\s*hours?\s+a\s+week|full[- ]time)|(?:my|i\s+work\s+a|i\s+have\s+a)\s+9\s*-\s*5)\b",
            re.I,
        ),
        "full-time job",
    ),
    (
        re.compile(
            r"\b(?:i\s+(?:currently\s+|now\s+|also\s+|still\s+)?(?:have|hold|do|work)\s+(?:a\s+)?part[- ]time|"
            r"(?:i'?m|i\s+am)\s+(?:currently\s+|now\s+|still\s+)?working\s+part[- ]time|my\s+part[- ]time\s+(?:job|work))\b",
            re.I,
        ),
        "part-time job",
    ),
    (
        re.compile(
            r"\b(?:mortgage|bills|rent(?![- ]free)|support\s+my\s+family|sole\s+(?:earner|income|provider)|breadwinner)\b",
            re.I,
        ),
        "financial obligations",
    ),
    (re.compile(r"\b(?:caregiver|caring\s+for|take\s+care\s+of\s+my)\b", re.I), "caring duties"),
    (
        re.compile(r"\b(?:night\s+shifts?|shift\s+work|rotating\s+shifts|12[- ]hour\s+shifts)\b", re.I),
        "shift work",
    ),
)
# "my kids are grown", "now that the children have left home": no children at home to study around
_GROWN = re.compile(
    r"\b(?:kids|children|sons|daughters|son|daughter)\s+(?:are|is|have|has)\s+(?:\w+\s+)?(?:grown|adults?|out\s+of\s+the\s+house|"
    r"moved\s+out|left\s+home|in\s+college|at\s+university|off\s+to\s+college)|\bempty\s+nest|\bgrown(?:-up)?\s+(?:kids|children)\b",
    re.I,
)
# "I could work part-time", "looking for a full-time job": a job wished for, not one held
_WISHED_JOB = re.compile(
    r"\b(?:could|would|can|might|want|wanted|hope|hoping|plan|planning|looking\s+for|find|finding|get|getting|land|"
    r"need|seeking|apply(?:ing)?\s+for|if)\b[^.!?]{0,25}$",
    re.I,
)
_JOB_FACTS = frozenset({"full-time job", "part-time job"})


def _said_of_now(pattern: re.Pattern[str], text: str) -> bool:
    label_is_job = any(lab in _JOB_FACTS for pat, lab in _FAMILY if pat is pattern)
    for m in pattern.finditer(text):
        if not (label_is_job and _WISHED_JOB.search(text[max(0, m.start() - 40) : m.start()])):
            return True
    return False


_WORRIES = (
    (re.compile(r"\bburn(?:ed|t|ing)?\s*out\b|\bexhausted\b|\bstressed\b", re.I), "burned out"),
    (
        re.compile(
            r"\btoo\s+old\b|\bat\s+my\s+age\b|\btoo\s+late\b|\bold\s+to\s+(?:start|switch|change)\b", re.I
        ),
        "age",
    ),
    (
        re.compile(
            r"\bno\s+(?:prior\s+|real\s+|relevant\s+)?experience\b|\bwithout\s+experience\b|\bzero\s+experience\b",
            re.I,
        ),
        "no experience",
    ),
    (
        re.compile(r"\b(?:pay\s+cut|salary|afford|money|debt|loans?|underpaid|low\s+pay|paid)\b", re.I),
        "money",
    ),
    (
        re.compile(
            r"\b(?:saturated|no\s+jobs|job\s+market|hard\s+to\s+find\s+a\s+job|layoffs?|laid\s+off|ai\s+(?:will|is)\s+(?:replace|taking))\b",
            re.I,
        ),
        "job market",
    ),
    (re.compile(r"\b(?:scared|afraid|nervous|worried|anxious|fear)\b", re.I), "anxious"),
)
_NO_BUDGET_LIMIT = re.compile(
    r"\b(?:no\s+budget\s+(?:limit|constraints?)|money\s+(?:is\s+)?(?:not|isn'?t)\s+(?:an\s+)?(?:issue|problem|object)|"
    r"budget\s+(?:is\s+)?(?:not|isn'?t)\s+(?:an\s+)?(?:issue|problem)|cost\s+doesn'?t\s+matter|any\s+budget|"
    r"no\s+(?:particular\s+|real\s+|specific\s+|special\s+)?(?:limits?|constraints?|preferences?|restrictions?))\b",
    re.IGNORECASE,
)
_COUNTRIES = (
    "united states|usa|us|america|canada|uk|united kingdom|england|scotland|wales|ireland|australia|new zealand|"
    "india|germany|france|spain|portugal|italy|netherlands|belgium|sweden|norway|denmark|finland|poland|"
    "brazil|brasil|mexico|méxico|argentina|colombia|chile|peru|perú|philippines|singapore|malaysia|nigeria|"
    "kenya|south africa|egypt|pakistan|bangladesh|uae|dubai|saudi arabia|japan|korea|china|hong kong|taiwan|"
    "jamaica|trinidad|barbados|ghana|uganda|zimbabwe|sri lanka|vietnam|thailand|indonesia|"
    "switzerland|austria|europe|the eu|eu|latin america|texas|california|new york|florida|ontario|quebec|"
    "london|toronto|sydney|melbourne|berlin|madrid|lisbon|são paulo|sao paulo|bristol|manchester|birmingham|leeds|"
    "glasgow|edinburgh|cardiff|liverpool|belfast|sheffield|newcastle|nottingham|northern ireland"
)
# What only someone in the UK writes: "£", a PGCE, the NHS, GCSEs, A-levels (said when no place is named).
_UK_SIGNS = re.compile(
    r"£|\b(?:PGCE|NHS|GCSEs?|A[- ]levels?|QTS|NQT|UCAS|NVQ|BTEC|SCITT|HMRC|Ofsted|CIPD|CSCS|Jobcentre|sixth\s+form|"
    r"council\s+tax|City\s+(?:&|and)\s+Guilds|Open\s+University|bursary|bursaries|PGDE|HNDs?|HNCs?|Russell\s+Group|"
    r"national\s+insurance|DBS\s+check|Access\s+to\s+HE|access\s+course|School\s+Direct|Teach\s+First|"
    # "retraining as a solicitor", "my headteacher", "the SRA", "a training contract": England's legal and school words
    r"solicitors?|barristers?|SQE|LPC|training\s+contract|headteacher|head\s+teacher|[Yy]ear\s+(?:1[0-3]|[7-9])\s+(?:pupils|students|class)|"
    r"Universal\s+Credit|redundancy|made\s+redundant)\b"
)
# What only someone in Canada or Australia writes (said when no place is named)
_OTHER_SIGNS = (
    # "a library technician diploma (Canada)": a country named in brackets is where the person is
    (re.compile(r"\((?:in\s+)?Canada\)"), "Canada"),
    (re.compile(r"\((?:in\s+)?Australia\)"), "Australia"),
    (re.compile(r"\((?:in\s+)?Ireland\)"), "Ireland"),
    (re.compile(r"\((?:in\s+)?(?:New\s+Zealand|NZ)\)"), "New Zealand"),
    (re.compile(r"\((?:in\s+)?India\)"), "India"),
    (re.compile(r"\b(?:Alberta|Ontario|British\s+Columbia|Quebec|Manitoba|Saskatchewan|Nova\s+Scotia|CEGEP|OSAP)\b"), "Canada"),
    # "a Cert IV in Disability", "regional Victoria", "in NSW": Australian qualifications and places
    (re.compile(r"\b(?:TAFE|Centrelink|HECS|HELP\s+debt|Cert(?:ificate)?\s+(?:III|IV)|regional\s+(?:Victoria|NSW|Queensland)|NSW|"
                r"Queensland|Tasmania|Western\s+Australia|South\s+Australia|Brisbane|Adelaide|Perth,?\s+WA|AHPRA)\b"), "Australia"),
)
_LOCATION = re.compile(
    rf"\b(?:based\s+in|live\s+in|living\s+in|i'?m\s+in|i\s+am\s+in|located\s+in|from|here\s+in|moved\s+to|move\s+to|back\s+in|"
    rf"moved\s+back\s+to|returned\s+to|home\s+in|"
    rf"work\s+in|working\s+in|jobs?\s+in)\s+(?:the\s+)?(?P<c>{_COUNTRIES})\b",
    re.IGNORECASE,
)
# "a software developer in Manchester, UK", "teaching in Ontario": a place after a bare "in" (not "us" or "eu",
# which are pronouns or vague far more often), and a country said on its own ("Manchester, UK", "(UK)")
_IN_PLACE = re.compile(
    rf"\bin\s+(?:the\s+)?(?P<c>{'|'.join(c for c in _COUNTRIES.split('|') if c not in ('us', 'eu', 'america'))})\b(?!\s+(?:time|style|mind|way|law))",
    re.IGNORECASE,
)
_COUNTRY_ALONE = re.compile(r"\b(?:UK|U\.K\.|United\s+Kingdom|England|Scotland|Wales)\b")
_FORMATS = {"online", "in_person", "hybrid"}
MAX_PLAIN_BUDGET = 15000  # above this a sum is a budget only when the word "budget" says so
MAX_DEADLINE_WEEKS = 260  # five years; a longer "limit" is a story ("in 25 years of nursing"), not a deadline
# A duration is a deadline only with a cue ("within a year", "in 6 months", "by next summer"); "15 years in
# restaurants" or "another 3-4 years of college" are not limits.
_DEADLINE = re.compile(
    r"\b(?:within|in\s+(?:the\s+)?(?:next|less\s+than|under)|in\s+(?:about\s+|around\s+)?\d+\s*(?:weeks?|months?)|by\s+(?:next|the\s+end)|"
    r"deadline|no\s+more\s+than|at\s+most|max(?:imum)?|quickly|fast|asap|before\s+(?:next|the\s+end))\b",
    re.IGNORECASE,
)
# A format is a preference only when said as one ("online only", "has to be online", "prefer in person").
_FORMAT_WISH = re.compile(
    r"\b(?:online|remote(?:ly)?|in[- ]person|hybrid|evenings?|weekends?|self[- ]paced)\s+(?:only|preferred|is\s+(?:best|better|fine))\b|"
    r"\b(?:only|prefer|preferably|has\s+to\s+be|must\s+be|needs?\s+to\s+be|want|would\s+like|looking\s+for)\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:online|remote|in[- ]person|hybrid|self[- ]paced)\b|^\s*(?:online|in[- ]person|hybrid|remote)\b",
    re.IGNORECASE,
)


def _entity_value(entities: Iterable[Mapping[str, Any]], name: str) -> str | None:
    values = [
        str(e.get("value")) for e in entities if e.get("entity") == name and e.get("value") not in (None, "")
    ]
    return values[-1] if values else None


# "the accelerated programs were eight hours a day", "I work 50 hours a week", "12-hour shifts": hours that belong to
# a programme, a job or a shift, not the time the person has to study ("Noted: about 56 hours a week" was said back)
_NOT_STUDY_TIME = re.compile(
    r"\b(?:programs?|programmes?|classes|courses?|school|clinicals?|shifts?|rotations?|work|works|working|worked|job|"
    r"jobs|employer|hospital|they|it|which)\b[^.!?;]{0,40}$",
    re.IGNORECASE,
)
_STUDY_TIME = re.compile(
    r"\b(?:study|studying|learn|learning|spare|free|devote|commit|dedicate|give|available|have|got|can|could)\b"
    r"[^.!?;]{0,30}$",
    re.IGNORECASE,
)


def _study_hours(text: str, entities: list[Mapping[str, Any]]) -> float | None:
    """Hours a week the person has to study: the NLU's hours, unless the words before them say they are a
    programme's, a job's or a shift's."""
    for e in reversed(entities):
        if e.get("entity") != "hours_per_week" or e.get("value") in (None, ""):
            continue
        start = e.get("start")
        before = text[max(0, start - 60) : start] if isinstance(start, int) else ""
        if before and _NOT_STUDY_TIME.search(before) and not _STUDY_TIME.search(before):
            continue
        return _number(str(e.get("value")))
    return None


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number >= 0 else None


_BUDGET_CUE = re.compile(
    r"\b(?:budget(?:\s+(?:is|of))?|afford|spend|spending|under|below|up\s+to|less\s+than|at\s+most|max(?:imum)?|"
    r"no\s+more\s+than|cheaper\s+than|cheap)\b[^.!?]{0,10}$|[<≤]\s*$",
    re.IGNORECASE,
)
_FREE = re.compile(
    r"\bfree\s+(?:only|options?|courses?|certificates?|certifications?|training|resources|stuff)\b|\bonly\s+free\b|^\s*free\b|"
    r"\b(?:learn|learning|study|studying|train|training|courses?|classes|it|one|ones|options?)\s+for\s+free\b",
    re.I,
)
_SALARY = re.compile(
    r"\b(?:salary|salaries|earn|earning|make|making|paid|pays?|income|wage|wages|raise|k\s+a\s+year|per\s+year|/yr|a\s+year|an\s+hour|/hr|per\s+hour|loans?|debt|mortgage)\b",
    re.I,
)


_LIMIT_WORDS = re.compile(
    r"\b(?:hours?|hrs?|a\s+week|per\s+week|budget|spend|afford|under|evenings?|weekends?|part[- ]time)\b|\$",
    re.I,
)
_FORMAT_WORD = re.compile(r"\b(?:online|remote(?:ly)?|in[- ]person|hybrid)\b", re.I)


def _format_is_a_limit(text: str) -> bool:
    """ "online only", "has to be online", or "online" listed among other limits ("10 hours a week, online, under
    $500"); not a mention in passing ("I read about online courses")."""
    if _FORMAT_WISH.search(text):
        return True
    for sentence in re.split(r"[.!?\n]", text):
        # a list of limits is short; a story's sentence that mentions "online" and "$" is not one
        if len(sentence.split()) <= 14 and _FORMAT_WORD.search(sentence) and _LIMIT_WORDS.search(sentence):
            return True
    return False


def _budget(text: str, entities: list[Mapping[str, Any]], answering: bool = False) -> float | None:
    """A sum said as a budget ("budget ~$500", "under $300", "free courses only"); a salary or a debt is not one."""
    for e in entities:
        if e.get("entity") != "money" or e.get("value") in (None, ""):
            continue
        value = _number(str(e["value"]))
        start, end = e.get("start"), e.get("end")
        if not isinstance(start, int):
            continue
        before = text[max(0, start - 30) : start]
        after = text[end : end + 25] if isinstance(end, int) else ""
        if value == 0:
            if _FREE.search(text):
                return 0.0
            continue
        if _SALARY.search(before[-18:]) or _SALARY.search(after):
            continue
        if value > MAX_PLAIN_BUDGET and not re.search(r"\bbudget\b", before, re.I):
            continue  # "$45k" in a story is a salary or a debt far more often than what they would spend
        if _BUDGET_CUE.search(before) or answering:
            return value
    return None


def says_no_degree(text: str) -> bool:
    """The person says they have no (college) degree."""
    return bool(_NO_DEGREE.search(text))


def _deadline_weeks(text: str, entities: list[Mapping[str, Any]], answering: bool = False) -> float | None:
    """A duration said as a limit: a deadline cue in the 30 characters before it ("within 6 months")."""
    for e in entities:
        if e.get("entity") != "duration" or e.get("value") in (None, ""):
            continue
        start = e.get("start")
        window = text[max(0, start - 30) : start] if isinstance(start, int) else text
        weeks = _number(str(e["value"]))
        if (_DEADLINE.search(window) or answering) and weeks is not None and 1 <= weeks <= MAX_DEADLINE_WEEKS:
            return weeks
    return None


def read_facts(
    text: str, entities: Iterable[Mapping[str, Any]] = (), answering_limits: bool = False
) -> Facts:
    """Facts from one message; `entities` are Rasa's (money/duration/hours_per_week/format values).

    `answering_limits`: the message answers Pivot's question about limits, so a bare "$500" or "online" is one.
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'")  # "I’m 41": phones type curly apostrophes
    entities = list(entities)
    fmt = _entity_value(entities, "format")
    age = None
    own = [
        m
        for m in _AGE.finditer(text)
        if not _SOMEONE_ELSE.search(text[max(0, m.start() - 40) : m.start()])
        # "I don't want to be a 50-year-old waitress": an age imagined, not theirs
        and not re.search(r"\b(?:want|wanna|like|going|end\s+up|turn\s+into)\s+(?:to\s+)?(?:be|become)\s+(?:a|an|the)\s+$",
                          text[max(0, m.start() - 30) : m.start()], re.I)
        and not (
            _KIN_AFTER.match(text[m.end() : m.end() + 30])
            # "I am the 40-year-old wife of a ...": still the person's own age
            and not re.search(r"\bi(?:'m|\s+am)\s+(?:a|an|the)\s+$", text[max(0, m.start() - 12) : m.start()], re.I)
        )
    ]
    # "I'm 45" says the age now; "at 22, I got my degree" may be the past, so it counts only alone, and never
    # after a verb of the past or of a plan ("became a nurse at 25", "dropped out at 20", "retire at 60")
    own_now = [
        m
        for m in own
        if not (m.group("a") and _PAST_OR_PLAN.search(text[max(0, m.start() - 40) : m.start()]))
        # "At 20 years old I joined the army", "at 22, I got my degree": an age then, not now
        and not (
            (m.group("a") or re.search(r"\bat\s+(?:the\s+age\s+of\s+)?$", text[max(0, m.start() - 16) : m.start()], re.I))
            and _THEN_AFTER.match(text[m.end() : m.end() + 40])
        )
    ]
    # "I am 38" (or "I'm a 38-year-old") said outright beats any other age in the story ("an article featured a
    # 36-year-old chemistry graduate ... I am 38")
    def later(m: re.Match[str]) -> bool:
        """ "I'll be 40 in a couple of years", "I'd graduate when I'm 32": an age to come, not the age now."""
        return bool(
            m.group("w")
            or m.group("n")
            and re.search(r"\b(?:when|by\s+the\s+time|until|till|before|after|once|if)\s+$", text[max(0, m.start() - 16) : m.start()], re.I)
        )

    stated = [
        m
        for m in own_now
        if m.group("n") and re.match(r"(?:i'?m|i\s+am|im)\b", m.group(0), re.I) and not later(m)
        or m.group("m") and re.search(r"\bi(?:'m|’m|\s+am|m)\s+(?:a|an|the)\s+$", text[max(0, m.start() - 12) : m.start()], re.I)
    ]
    now = [m for m in own_now if not later(m)]
    m = (
        next(iter(stated), None)
        or next((m for m in now if not m.group("a")), None)
        or next((m for m in own_now if not m.group("a")), own_now[-1] if own_now else None)
    )
    age_later = bool(m and later(m))
    if m:
        raw = (
            m.group("n") or m.group("m") or m.group("m2") or m.group("d") or m.group("a") or m.group("q")
            or m.group("w") or m.group("al")
        )
        if raw is None:
            digits = re.match(r"\D*(\d+)", m.group(0))
            raw = digits.group(1) if digits else None
        age = int(raw) if raw else None
    no_degree: bool | None = None
    if _NO_DEGREE.search(text):
        no_degree = True
    elif _HAS_DEGREE.search(text):
        no_degree = False
    loc = _LOCATION.search(text)
    location = loc.group("c") if loc else ("UK" if _UK_SIGNS.search(text) or _COUNTRY_ALONE.search(text) else None)
    if location is None:
        location = next((place for sign, place in _OTHER_SIGNS if sign.search(text)), None)
    if location == "UK" and not loc and (there := _IN_PLACE.search(text)) and country(there.group("c")) not in (None, "UK"):
        # "a nurse in Texas who was made redundant": a place said outright beats the signs of British words
        location = there.group("c")
    if location is None and (loc := _IN_PLACE.search(text)):
        location = loc.group("c")
    if location and location.lower() == "us" and not re.search(r"\bthe\s+us\b|\bin\s+us\b", text, re.I):
        location = None  # "from us" is a pronoun far more often than a country
    return Facts(
        budget_max=_budget(text, entities, answering_limits),
        no_budget_limit=bool(_NO_BUDGET_LIMIT.search(text)),
        hours_per_week=_study_hours(text, entities),
        weeks_max=_deadline_weeks(text, entities, answering_limits),
        format=fmt if fmt in _FORMATS and (_format_is_a_limit(text) or answering_limits) else None,
        level=_entity_value(entities, "level"),
        no_degree=no_degree,
        age=age if age and 16 <= age <= 80 else None,
        age_later=age_later and bool(age and 16 <= age <= 80),
        age_decade=bool(m and m.group("d") and age and 16 <= age <= 80),
        family_or_job=tuple(
            label
            for pattern, label in _FAMILY
            if _said_of_now(pattern, text) and not (label == "children" and _GROWN.search(text))
        ),
        location=location,
        worries=tuple(label for pattern, label in _WORRIES if pattern.search(text)),
    )

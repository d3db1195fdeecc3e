"""Rule-based parsing of the numbers and categories people give as constraints.

Every parser returns `Span`s with a normalised `value` (a string, as Rasa entity values are):

- `money` ("$500", "500 bucks", "€300", "1.5k", "free"): the amount ("500"); the currency goes in
  `extra["currency"]` (USD when none is written; amounts are never converted).
- `duration` ("3 months", "6 weeks", "a year"): calendar weeks ("13"; a month is 52/12 weeks).
- `hours_per_week` ("10 hrs/week", "5 hours a week", "2h per day"): hours a week ("14" for 2 h a day;
  a range gives its upper end).
- `format`: `online` / `in_person` / `hybrid`; `level`: `beginner` / `intermediate` / `advanced`.
- `ordinal` ("second", "#2", "number 3", "the last one"): 1-based position; "last" is `-1`.
- `refinement` (cheaper, shorter, online only, show more): `cheaper` / `shorter` / `online` / `more`.

Span conventions (the training and held-out data are annotated the same way): the span covers the amount
and its unit or currency ("$500", "200 dollars", "3 months", "10 hrs/week") but not hedges ("under",
"~", "about"); ordinals cover the ordinal word or number ("second", "#2", "number 3", "last").
Durations of experience ("10 yrs in accounting", "for 8 years") are not constraints and are skipped.
"""

from __future__ import annotations

import re

from nlu.spans import Span, non_overlapping

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
}  # fmt: skip
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "c$": "CAD", "a$": "AUD"}
CURRENCY_WORDS = {
    "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD", "buck": "USD", "eur": "EUR",
    "euro": "EUR", "euros": "EUR", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP",
    "cad": "CAD", "aud": "AUD", "inr": "INR", "rupees": "INR",
}  # fmt: skip
WEEKS_PER_UNIT = {"day": 1 / 7, "week": 1.0, "month": 52 / 12, "year": 52.0}
DAYS_PER_PERIOD = {"day": 7, "night": 7, "evening": 7, "weekday": 5, "weeknight": 5, "weekend": 1}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMWORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_AMOUNT = rf"(?:{_NUM})\s?[kK]?"
_CUR_WORDS = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))

MONEY_PATTERNS = [
    re.compile(rf"(?P<cur>us\$|c\$|a\$|[$€£₹])\s?(?P<amt>{_NUM})(?:\s?(?P<k>[kK])\b)?", re.I),
    re.compile(rf"(?<![\w.])(?P<amt>{_NUM})\s?(?P<k>[kK])?\s?(?P<curw>{_CUR_WORDS})\b", re.I),
    re.compile(rf"(?<![\w.$€£])(?P<amt>{_NUM})(?P<k>[kK])\b(?!\s?(?:steps|miles|km|followers|words))", re.I),
    re.compile(
        rf"(?<=budget)(?:\s*(?:is|of|around|about|at|max|maximum|up\s+to|under|~|:|=))*\s*~?"
        rf"(?P<amt>{_NUM})(?P<k>[kK])?\b(?!\s?(?:%|hours?|hrs?|h\b|weeks?|months?|years?))",
        re.I,
    ),
]
FREE_PATTERN = re.compile(
    r"(?<!feel )(?<!for the )\b(?P<free>free(?:\s+of\s+charge)?"
    r"(?!\s+(?:time|trial|weekends?|evenings?|hours?|days?|to\s+\w+))|no\s+money|zero\s+budget|no\s+budget|nothing\s+to\s+spend|can'?t\s+pay\s+anything|"
    r"cannot\s+pay\s+anything|broke)\b",
    re.I,
)
DURATION_PATTERN = re.compile(
    rf"(?<![\w$€£])(?P<num>{_NUM}|{_NUMWORD})(?:\s*(?:-|to)\s*(?P<num2>{_NUM}))?\s?"
    r"(?P<unit>days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)\b"
    r"(?!\s*(?:/|per|a|an|each|every)\s*(?:week|wk|day|month)\b)",
    re.I,
)
EXPERIENCE_AFTER = re.compile(
    r"^\s*(?:of\s+(?:experience|exp|work)|in\b|as\b|at\b|with\b|experience|exp\b|working|teaching|ago|old|"
    r"doing|behind|under\s+my\s+belt|now|already|so\s+far|in\s+the\s+(?:field|industry))",
    re.I,
)
EXPERIENCE_BEFORE = re.compile(
    r"(?:\bbeen\b|\bspent\b|\bpast\b|\blast\b|\bworked\b|\bworking\b|\bexperience\b)[^,.;!?]{0,30}$",
    re.I,
)
HOURS_PATTERN = re.compile(
    rf"(?<![\w.])(?:(?P<num>{_NUM}|{_NUMWORD})\s*(?:-|to|or)\s*)?(?P<num2>{_NUM}|{_NUMWORD})\s?"
    r"(?P<unit>h|hr|hrs|hours?)\b\s*(?:(?:/|per|a|an|each|every)\s*(?P<per>week|wk|w|day|night|evening|weekday|"
    r"weeknight|weekend)s?\b|(?P<weekly>weekly|a\s+week|pw|p/w)\b|(?P<daily>daily)\b)",
    re.I,
)
FORMAT_PATTERNS = [
    (re.compile(r"\b(?:online|remote(?:ly)?|virtual(?:ly)?(?!\s+assistant)|self[- ]paced|e-?learning|"
                r"distance\s+learning)\b", re.I), "online"),
    (re.compile(r"\b(?:in[- ]person|on[- ]campus|classroom|face[- ]to[- ]face|f2f|on[- ]?site|"
                r"in\s+a\s+classroom)\b", re.I), "in_person"),
    (re.compile(r"\b(?:hybrid|blended)\b", re.I), "hybrid"),
]  # fmt: skip
LEVEL_PATTERNS = [
    (re.compile(r"\b(?:beginners?|entry[- ]level|no\s+(?:prior\s+)?experience|newbie|novice|introductory|"
                r"starter|foundational)\b", re.I), "beginner"),
    (re.compile(r"\b(?:intermediate|mid[- ]level|some\s+experience)\b", re.I), "intermediate"),
    (re.compile(r"\b(?:advanced|expert[- ]level|senior[- ]level|experienced\s+level)\b", re.I), "advanced"),
]  # fmt: skip
REFINEMENT_PATTERNS = [
    (re.compile(r"\b(?:cheaper|cheapest|less\s+expensive|more\s+affordable|lower\s+(?:cost|price)|"
                r"less\s+money|lower\s+priced|budget\s+friendly|inexpensive)\b", re.I), "cheaper"),
    (re.compile(r"\b(?:shorter|shortest|faster|fastest|quicker|quickest|less\s+time|"
                r"takes?\s+less\s+time)\b", re.I), "shorter"),
    (re.compile(r"\b(?:(?:only|just)\s+(?P<on>online)|(?P<on2>online)\s+(?:only|ones?))\b", re.I), "online"),
    (re.compile(r"(?:\b(?:show|see|give|list|get|any|got|have|want)\s+(?:me\s+)?(?P<more>more)\b(?!\s+(?:about|on|info|"
                r"details|affordable|expensive))|^\s*(?P<more2>more)\b(?!\s+(?:about|on|info|details|affordable|expensive|options|results|suggestions|"
                r"ideas|choices))|"
                r"\b(?P<alt>other\s+(?:options|ones|courses|choices|suggestions|certs?|certifications?)|"
                r"(?:any|anything|something)\s+else|different\s+ones|alternatives|more\s+options|more\s+results|"
                r"more\s+suggestions|more\s+ideas|more\s+choices))", re.I), "more"),
]  # fmt: skip
ORDINAL_PATTERN = re.compile(
    r"(?:(?P<hash>#\s?(?P<hn>\d{1,2}))|\b(?P<numbered>(?:number|no\.?|option|item|choice)\s?(?P<nn>\d{1,2}))\b|"
    r"\b(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th)\b|"
    r"\b(?P<last>last)\b(?=\s+(?:one|option|course|cert|certificate|credential|item|thing|choice|program|link)\b|\s*$|\s*[.?!])|"
    r"^\s*(?P<bare>\d{1,2})\s*[.)!]?\s*(?:please|pls|plz)?\s*$)",
    re.I,
)
ORDINAL_NOUN_AFTER = re.compile(
    r"^\s*(?:one|ones|option|course|cert|certificate|certification|credential|item|choice|program|link|"
    r"on\s+the\s+list|in\s+the\s+list|you\s+(?:mentioned|listed|showed|suggested)|suggestion|recommendation|bootcamp|pick)\b",
    re.I,
)
PICK_INTENTS = frozenset({"pick_item", "compare_credentials", "ask_credential"})


def _number(text: str) -> float:
    low = text.lower().strip()
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    return float(low.replace(",", ""))


def _fmt(value: float) -> str:
    """Numbers as compact strings: 500.0 -> "500", 4.333 -> "4.3"."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def parse_money(text: str) -> list[Span]:
    spans: list[Span] = []
    for rx in MONEY_PATTERNS:
        for m in rx.finditer(text):
            amount = _number(m.group("amt"))
            if m.groupdict().get("k"):
                amount *= 1000
            groups = m.groupdict()
            currency = "USD"
            if groups.get("cur"):
                currency = CURRENCY_SYMBOLS[groups["cur"].lower()]
            elif groups.get("curw"):
                currency = CURRENCY_WORDS[groups["curw"].lower()]
            start = m.start("cur") if groups.get("cur") else m.start("amt")
            spans.append(
                Span(
                    start, m.end(), "money", _fmt(amount), text[start : m.end()], extra={"currency": currency}
                )
            )
    for m in FREE_PATTERN.finditer(text):
        spans.append(
            Span(m.start("free"), m.end("free"), "money", "0", m.group("free"), extra={"currency": "USD"})
        )
    return non_overlapping(spans)


def parse_duration(text: str) -> list[Span]:
    spans = []
    for m in DURATION_PATTERN.finditer(text):
        if EXPERIENCE_AFTER.match(text[m.end() :]) or EXPERIENCE_BEFORE.search(text[: m.start()]):
            continue
        if re.search(r"\b(?:hours?|hrs?|h)\s*$", text[: m.start()], re.I):
            continue  # "how many hours a week": a rate, not a deadline
        unit = m.group("unit").lower()
        unit = {"wk": "week", "wks": "week", "mo": "month", "mos": "month", "mth": "month", "mths": "month",
                "yr": "year", "yrs": "year"}.get(unit, unit.rstrip("s"))  # fmt: skip
        number = _number(m.group("num2") or m.group("num"))
        spans.append(Span(m.start(), m.end(), "duration", _fmt(number * WEEKS_PER_UNIT[unit]), m.group(0)))
    return spans


def parse_hours(text: str) -> list[Span]:
    spans = []
    for m in HOURS_PATTERN.finditer(text):
        hours = _number(m.group("num2"))
        per = (m.group("per") or "").lower()
        if m.group("daily"):
            per = "day"
        days = DAYS_PER_PERIOD.get(per, 1) if per not in ("week", "wk", "w", "") else 1
        spans.append(Span(m.start(), m.end(), "hours_per_week", _fmt(hours * days), m.group(0)))
    return spans


def _categories(text: str, label: str, patterns: list[tuple[re.Pattern[str], str]]) -> list[Span]:
    spans = []
    for rx, value in patterns:
        for m in rx.finditer(text):
            group = next((g for g in ("more", "more2", "alt", "on", "on2") if m.groupdict().get(g)), None)
            start, end = (m.start(group), m.end(group)) if group else (m.start(), m.end())
            spans.append(Span(start, end, label, value, text[start:end]))
    return spans


def parse_ordinals(text: str, intent: str | None = None) -> list[Span]:
    spans = []
    for m in ORDINAL_PATTERN.finditer(text):
        if m.group("hash"):
            spans.append(Span(m.start("hash"), m.end("hash"), "ordinal", m.group("hn"), m.group("hash")))
        elif m.group("numbered"):
            spans.append(
                Span(m.start("numbered"), m.end("numbered"), "ordinal", m.group("nn"), m.group("numbered"))
            )
        elif m.group("word"):
            # "first" is also "what should I do first" / "which first?": require "the first one/option", or a
            # picking intent and no adverb reading (clause-final "first" without "the").
            after, before = text[m.end() :], text[: m.start()]
            adverb = re.match(r"\s*(?:[?.!,]|$)", after) and not re.search(
                r"\b(?:the|my|your|that|this)\s+$", before, re.I
            )
            if (
                ORDINAL_NOUN_AFTER.match(after)
                or intent == "pick_item"
                or (intent in PICK_INTENTS and not adverb)
            ):
                value = str(ORDINAL_WORDS[m.group("word").lower()])
                spans.append(Span(m.start("word"), m.end("word"), "ordinal", value, m.group("word")))
        elif m.group("last"):
            spans.append(Span(m.start("last"), m.end("last"), "ordinal", "-1", m.group("last")))
        elif m.group("bare") and intent in PICK_INTENTS:
            spans.append(Span(m.start("bare"), m.end("bare"), "ordinal", m.group("bare"), m.group("bare")))
    return spans


# Which label wins when two parsers claim overlapping text ("10 hours a week" is not "a week").
PRIORITY = {"hours_per_week": 5, "money": 4, "refinement": 3, "duration": 2, "ordinal": 1}


# Intents in which a person states no constraints: "are online certificates respected?" asks a question
# about online learning, it does not set a format preference.
NO_CONSTRAINT_INTENTS = frozenset(
    "faq chitchat bot_challenge out_of_scope greet goodbye thanks ask_privacy forget_me restart "
    "request_human".split()
)
# Refinements only make sense about a shown list, or as a stated constraint ("something cheaper").
REFINEMENT_INTENTS = frozenset({"refine", "inform_constraints", None})


def parse_all(text: str, intent: str | None = None) -> list[Span]:
    """All quantity/category entities in `text`, non-overlapping, given the message's intent (if known)."""
    if intent in NO_CONSTRAINT_INTENTS or (intent or "").startswith("faq/"):
        return []
    spans = parse_money(text) + parse_hours(text) + parse_ordinals(text, intent)
    if intent != "inform_current":
        spans += parse_duration(text)  # "nurse, 5 years" tells experience, not a deadline
    spans += _categories(text, "format", FORMAT_PATTERNS)
    spans += _categories(text, "level", LEVEL_PATTERNS)
    if intent in REFINEMENT_INTENTS:
        refinements = _categories(text, "refinement", REFINEMENT_PATTERNS)
        if intent != "refine":
            # "online only" is a refinement of a shown list; elsewhere it is a format preference.
            refinements = [s for s in refinements if s.value != "online"]
        spans += refinements
    return non_overlapping(spans, PRIORITY)


def normalise(label: str, text: str, intent: str | None = None) -> Span | None:
    """Parse a span another extractor found; `None` when no rule recognises it.

    The extractor already decided the label, so context rules tied to the intent ("first" needs a picking
    intent, "online only" a refine) are satisfied by that label.
    """
    context = {"ordinal": "pick_item", "refinement": "refine"}.get(label, intent)
    for span in parse_all(text, context):
        if span.label == label:
            return span
    return None

"""Credentials and programmes a person names, whether or not the knowledge base has them.

The NLU's gazetteer tags credentials the knowledge base knows (as `credential` entities with ids);
people also name things it does not hold — an MBA, a nursing doctorate, "a bootcamp", "the AWS cert",
"Coursera". Those are found here so the reply can say honestly what is known and what is not,
instead of pretending the question was not asked.
"""

from __future__ import annotations

import re

from understanding.types import Mention

# (pattern, kind, canonical name). Order matters: the more specific pattern first.
_KNOWN: tuple[tuple[str, str, str], ...] = (
    (
        r"\baws\s+(?:certified\s+)?cloud\s+practitioner\b|\bclf-?c0\d\b",
        "credential",
        "AWS Certified Cloud Practitioner",
    ),
    (
        r"\baws\s+(?:certified\s+)?solutions?\s+architect\b|\bsaa-?c0\d\b",
        "credential",
        "AWS Certified Solutions Architect – Associate",
    ),
    (r"\baws\s+(?:cert\w*|exam)s?\b|\baws\s+certified\b", "credential", "AWS certification"),
    (r"\baz-?900\b|\bazure\s+fundamentals\b", "credential", "Microsoft Azure Fundamentals (AZ-900)"),
    (r"\baz-?104\b|\bazure\s+administrator\b", "credential", "Microsoft Azure Administrator (AZ-104)"),
    (r"\bazure\s+(?:cert\w*|exam)s?\b", "credential", "Microsoft Azure certification"),
    (
        r"\b(?:gcp|google\s+cloud)\s+(?:associate\s+cloud\s+engineer|ace)\b",
        "credential",
        "Google Cloud Associate Cloud Engineer",
    ),
    (r"\b(?:gcp|google\s+cloud)\s+(?:cert\w*|exam)s?\b", "credential", "Google Cloud certification"),
    (
        r"\bpl-?300\b|\bpower\s+bi\s+(?:data\s+analyst\s+)?(?:cert\w*|exam)\b",
        "credential",
        "Microsoft Power BI Data Analyst (PL-300)",
    ),
    (
        r"\bgoogle\s+(?:data\s+analytics|da)\b(?:\s+(?:professional\s+)?(?:cert\w*|course|program))?",
        "credential",
        "Google Data Analytics Professional Certificate",
    ),
    (
        r"\bgoogle\s+(?:ux|user\s+experience)(?:\s+design)?\b(?:\s+(?:professional\s+)?(?:cert\w*|course))?",
        "credential",
        "Google UX Design Professional Certificate",
    ),
    (
        r"\bgoogle\s+(?:it\s+support)\b(?:\s+(?:professional\s+)?(?:cert\w*|course))?",
        "credential",
        "Google IT Support Professional Certificate",
    ),
    (
        r"\bgoogle\s+(?:project\s+management|pm)\b(?:\s+(?:professional\s+)?(?:cert\w*|course))?",
        "credential",
        "Google Project Management Professional Certificate",
    ),
    (
        r"\bgoogle\s+cyber\s*security\b(?:\s+(?:professional\s+)?(?:cert\w*|course))?",
        "credential",
        "Google Cybersecurity Professional Certificate",
    ),
    (r"\bgoogle\s+(?:career\s+)?(?:cert\w*|courses?)\b", "credential", "Google Career Certificates"),
    (
        r"\bibm\s+data\s+(?:science|analyst)\b(?:\s+(?:professional\s+)?(?:cert\w*|course))?",
        "credential",
        "IBM Data Science Professional Certificate",
    ),
    (r"\bcomptia\s+a\+|\ba\+\s*(?:cert\w*|exam)?(?=\W|$)", "credential", "CompTIA A+"),
    (r"\bnetwork\+|\bnet\+", "credential", "CompTIA Network+"),
    (r"\bsecurity\+|\bsec\+", "credential", "CompTIA Security+"),
    (r"\bcysa\+", "credential", "CompTIA CySA+"),
    (r"\bpentest\+", "credential", "CompTIA PenTest+"),
    (r"\bceh\b|\bcertified\s+ethical\s+hacker\b", "credential", "Certified Ethical Hacker (CEH)"),
    (r"\bcissp\b", "credential", "CISSP"),
    (
        r"\bisc2\s+cc\b|\bcertified\s+in\s+cybersecurity\b",
        "credential",
        "ISC2 Certified in Cybersecurity (CC)",
    ),
    (r"\bccna\b", "credential", "Cisco CCNA"),
    (r"\boscp\b", "credential", "OSCP"),
    (r"\bpmp\b", "credential", "Project Management Professional (PMP)"),
    (r"\bcapm\b", "credential", "Certified Associate in Project Management (CAPM)"),
    (r"\bprince\s?2\b", "credential", "PRINCE2"),
    (r"\b(?:csm|psm\s?i?|scrum\s+master)\b(?:\s+cert\w*)?", "credential", "Scrum Master certification"),
    (r"\bsix\s+sigma\b(?:\s+(?:green|yellow|black)\s+belt)?", "credential", "Six Sigma certification"),
    (r"\bitil\b", "credential", "ITIL 4 Foundation"),
    (r"\bcpa\b", "credential", "CPA licence"),
    (r"\bcfa\b", "credential", "CFA charter"),
    (r"\bcma\b", "credential", "CMA"),
    (r"\bcfe\b|\bcertified\s+fraud\s+examiner\b", "credential", "Certified Fraud Examiner (CFE)"),
    (r"\bshrm[- ]?(?:cp|scp)?\b", "credential", "SHRM certification"),
    (r"\baphr\b|\bphr\b", "credential", "HRCI certification"),
    (r"\bcipd\b", "credential", "CIPD qualification"),
    (r"\bsalesforce\s+(?:admin\w*|cert\w*)\b", "credential", "Salesforce Certified Administrator"),
    (r"\btableau\s+(?:cert\w*|desktop\s+specialist)\b", "credential", "Tableau certification"),
    (
        r"\bcpc\b|\bcertified\s+professional\s+coder\b",
        "credential",
        "AAPC Certified Professional Coder (CPC)",
    ),
    (r"\brhit\b", "credential", "RHIT"),
    (r"\bcompt?ia\b", "credential", "CompTIA certification"),
    (r"\bmba\b", "programme", "MBA"),
    (
        r"\b(?:dnp|doctor\s+of\s+nursing\s+practice|nursing\s+doctorate)\b",
        "programme",
        "nursing doctorate (DNP)",
    ),
    (r"\bphd\b|\bdoctorate\b", "programme", "doctorate"),
    (r"\bmaster'?s(?:\s+degree)?\b|\bmsc\b|\bm\.s\.\b", "programme", "master's degree"),
    (
        r"\bbachelor'?s(?:\s+degree)?\b|\bbsc\b|\bb\.s\.\b|\b4[- ]year\s+degree\b",
        "programme",
        "bachelor's degree",
    ),
    (r"\bbsn\b|\badn\b|\bnursing\s+(?:degree|school|program)\b", "programme", "nursing programme"),
    (
        r"\bassociate'?s?\s+degree\b|\bcommunity\s+college\b",
        "programme",
        "associate degree / community college",
    ),
    (
        r"\b(?:coding|code|web\s+dev(?:elopment)?|data\s+(?:science|analytics)|ux|ui/ux|cyber\s*security|software\s+engineering)?\s*boot\s*camps?\b",
        "programme",
        "bootcamp",
    ),
    (r"\bcoursera\b", "programme", "Coursera course or certificate"),
    (r"\bedx\b", "programme", "edX course or certificate"),
    (r"\budemy\b", "programme", "Udemy course"),
    (r"\budacity\b|\bnanodegree\b", "programme", "Udacity nanodegree"),
    (r"\blinkedin\s+learning\b", "programme", "LinkedIn Learning course"),
    (r"\bmooc\b", "programme", "MOOC"),
    (r"\bapprenticeship\b", "programme", "apprenticeship"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), kind, name) for p, kind, name in _KNOWN)


# "my PhD", "I have a master's", "finishing my doctorate": a programme the person holds or is completing is part of
# their story, not one they ask about ("A doctorate is a multi-year research degree ..." said to a physics PhD)
_HELD = re.compile(
    r"\b(?:my|our|have\s+an?|hold\s+an?|with\s+an?|finished|finishing|completed|completing|earned|got\s+my|"
    r"graduated\s+with\s+an?|just\s+got\s+an?|already\s+have\s+an?|did\s+an?|doing\s+an?|during\s+my|after\s+my)\s+"
    r"(?:[\w'-]+\s+){0,2}$",
    re.IGNORECASE,
)


def read_mentions(text: str) -> tuple[Mention, ...]:
    """Named credentials and programmes, in message order, each once; a programme the person holds or is
    completing is not one they ask about."""
    found: list[tuple[int, int, Mention]] = []
    for pattern, kind, canonical in _COMPILED:
        for m in pattern.finditer(text):
            if not m.group(0).strip():
                continue
            if kind == "programme" and _HELD.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            span = (m.start(), m.end())
            if any(s < span[1] and span[0] < e for s, e, _ in found):
                continue  # a more specific pattern already took these words
            found.append((span[0], span[1], Mention(m.group(0).strip(), kind, canonical)))
    found.sort(key=lambda t: t[0])
    seen: set[str] = set()
    out = []
    for _, _, mention in found:
        if mention.canonical not in seen:
            seen.add(mention.canonical)
            out.append(mention)
    return tuple(out)

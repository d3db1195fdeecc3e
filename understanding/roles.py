"""Which side of the move a name found in the text belongs to, from the words just before it.

"...8 years as an accountant" → current; "...curious about UX" → target; "from retail to HR" → both.
Used for names the knowledge base finds anywhere in a long message (`KnowledgeBase.find_mentions`)
when the phrase patterns (`understanding/phrases.py`) found nothing that resolves.
"""

from __future__ import annotations

import re

_WINDOW = 60
_CURRENT = re.compile(
    r"(?:\bi'?m|\bi\s+am|\bim|\bi\s+was|\bas|\bwork(?:ed|ing)?\s+(?:as|in|at)|\bbeen(?:\s+an?)?|\byears?\s+(?:as|in|of|at)|"
    r"\byrs?\s+(?:as|in)|\bformer|\bex-?|\bfrom|\bcurrently(?:\s+an?)?|\bleav(?:e|ing)|\bquit(?:ting)?|\bmy\s+job\s+(?:as|in)|"
    r"\bbackground\s+in|\bexperience\s+(?:as|in)|\bdegree\s+in|\bretired|\bserved\s+in|\bleft|\bwas\s+an?|"
    r"\bexperienced|\btrained|\blicensed|\bworking|\bi\s+became|\band\s+became|\bi\s+(?:picked|chose))"
    r"(?:\s+(?:a|an|the|my|as|in|at|currently|still|now|full[- ]time|part[- ]time|senior|junior|registered|certified|[\w-]+ly))*\s*$",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"(?:\binto|\bto|\btowards?|\bbecome|\bbecoming|\bwant(?:ing)?|\binterested\s+in|\bcurious\s+about|\bconsider(?:ing)?|"
    r"\bpursu(?:e|ing)|\bcareers?\s+in|\bswitch(?:ing)?\s+to|\bmove\s+to|\btransition\s+to|\bjobs?\s+in|\broles?\s+in|"
    r"(?<!the\s)(?<!my\s)(?<!our\s)\bstud(?:y|ying)|\blearn(?:ing)?|->|→|\bthinking\s+(?:about|of)|\blooking\s+(?:at|into)|\bexplor(?:e|ing)|\bin\s+a\s+new|"
    r"\btrain(?:ing)?\s+(?:as|for|in)|\bqualify\s+as|\baspiring|\bdream\s+of|\bpassion(?:ate)?\s+(?:for|about)|\bfor|"
    r"\bsomething\s+like|\bor\s+even|\blike\s+a|\bmaybe|\bperhaps|\bor\s+(?:an?\s+)?|\bfocus\s+is\s+(?:now\s+)?on|\bgo\s+back\s+to|"
    # "apply for the state's alternative teacher certification program", "enrolled in a nursing program"
    r"\bappl(?:y|ying|ied)\s+(?:for|to)(?:\s+(?:the|a|an|my)\s+[\w'-]+(?:\s+[\w'-]+)?)?|\benrol+(?:ing|ed)?\s+(?:in|on)|\bsign(?:ing)?\s+up\s+for)"
    r"(?:\s+(?:a|an|the|some|something|in|with|of|be|get|go|work|working|being|career|job|as|more|become|into))*\s*$",
    re.IGNORECASE,
)


_WISH = re.compile(
    r"\b(?:want|wanna|like|love|hope|hoping|plan|planning|going|trying|aim|aiming|able)\s+to\s+(?:[\w-]+\s+){0,2}"
    r"(?:a|an|the)?\s*$|\b(?:goal|dream|aim|ambition|plan)\s+is\s+(?:to\s+[\w-]+\s+)?(?:a|an|the)?\s*$|"
    # "I am pretty set on working as an obgyn nurse"
    r"\b(?:set|intent|keen|focused|bent|fixated)\s+on\s+(?:working\s+(?:as|in)|being|becoming)\s+(?:a|an|the)?\s*$",
    re.IGNORECASE,
)


_HYPOTHETICAL = re.compile(
    r"\b(?:something\s+like|or\s+even|such\s+as|maybe|perhaps|focus\s+is\s+(?:now\s+)?on|"
    r"or\s+(?:working|becoming|training|retraining|studying))\b[^,]*$",
    re.IGNORECASE,
)


# "My friend Maria ... has been working as an accounts payable clerk", "my husband is a teacher": another person's job
_OTHER_PERSON = re.compile(
    r"\b(?:she|he|they|my\s+(?:best\s+|good\s+|very\s+good\s+|close\s+)?(?:friend|wife|husband|partner|sister|brother|"
    r"mother|mom|mum|father|dad|son|daughter|boyfriend|girlfriend|fianc[ée]e?|cousin|aunt|uncle|colleague|co-?worker|"
    r"boss|manager|neighbou?r|sibling|spouse|parents?|kids?|children))\b",
    re.IGNORECASE,
)
# "... and Maria has been working as a clerk": a name mid-sentence. At a sentence's start the capital proves
# nothing ("Nursing has been my life"), unless the word works ("Maria works as a clerk").
_NAMED = re.compile(r"\b(?-i:[A-Z][a-z]+)\s+(?:is|has|was|works|worked)\b")
_SELF = re.compile(r"\b(?:i|i'm|i’m|im|i've|i’ve|i'd|me|myself)\b", re.IGNORECASE)


# "I would also like to open a boutique for kids [and] work as an advice columnist": a wish joined by "and"
_WISH_AND = re.compile(
    r"\b(?:would\s+(?:also\s+)?(?:like|love)|want|hope|plan)\s+to\b[^,]*\band\]?\s+(?:to\s+)?(?:work|working)\s+"
    r"(?:as|in)\s+(?:a\s+|an\s+)?$",
    re.IGNORECASE,
)


def about_someone_else(text: str, start: int) -> bool:
    """True when, in the sentence before `start`, the last person spoken of is somebody else ("My friend Maria
    ... has been working as a clerk", "my husband is a teacher"): their job, not the person's."""
    before = re.split(r"[.!?;\n]", text[max(0, start - 160) : start])[-1]
    other = [m.end() for m in _OTHER_PERSON.finditer(before)]
    other += [
        m.end()
        for m in _NAMED.finditer(before)
        if m.group(0).split()[0] not in ("I", "If", "It")
        and (before[: m.start()].strip() or m.group(0).split()[1] in ("works", "worked"))
    ]
    if not other:
        return False
    own = [m.end() for m in _SELF.finditer(before)]
    return max(other) > max(own, default=-1)


def wished(text: str, start: int) -> bool:
    """True when the words before `start` make it a wish or a maybe ("I'd like to work as a", "or even
    something like working as a"): never where the person is now."""
    before = re.split(r"[.!?;\n]", text[max(0, start - 2 * _WINDOW) : start])[-1]
    near = before[-_WINDOW:]
    return bool(_WISH.search(near) or _HYPOTHETICAL.search(near) or _WISH_AND.search(before))


# the words just before a job that is sought, not held: "I applied online for a job as a", "a job offer as a"
SOUGHT_AS = re.compile(
    r"\b(?:appl(?:y|ied|ying)\s+(?:online\s+)?(?:for|to)|offered|get|getting|got|find|land|seeking|looking\s+for|"
    r"interview(?:ed|ing)?\s+for|hired\s+for)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:job|position|role|post)(?:\s+offer)?\s+as\s+"
    r"(?:a|an)\s+$|\b(?:job\s+)?offer\s+(?:to\s+work\s+)?as\s+(?:a|an)\s+$",
    re.IGNORECASE,
)


def role_of(text: str, start: int) -> str | None:
    """'current', 'target' or None for a name that starts at `start` in `text`."""
    before = text[max(0, start - _WINDOW) : start]
    before = re.split(r"[.!?;\n]", before)[-1]
    if re.search(
        r"\b(?:from|leaving|leave|quit|escape|escaping|out\s+of|hate|hated|sick\s+of|tired\s+of|done\s+with)\s+"
        r"(?:the\s+|my\s+|a\s+|an\s+)?(?:working\s+in\s+)?$",
        before,
        re.I,
    ):
        return "current"
    # "talk to a counselor", "burden you with career counseling": someone who helps them, not a job they want
    if re.search(r"\b(?:talk|speak|chat|meet|consult|see|contact|reach|burden\s+you)\s+(?:to|with)?\s*(?:a|an|the|my|some)?\s*"
                 r"(?:career\s+)?$", before, re.I):
        return None
    # "I don't want to be a bartender for the rest of my life": a wish refused is no goal
    if re.search(r"\b(?:don'?t|do\s+not|never|no\s+longer)\s+(?:\w+\s+)?(?:want|wanna|wish|plan)\s+to\s+(?:be|become|stay|remain|work\s+as)"
                 r"\s+(?:a|an|the)?\s*(?:[\w-]+\s+){0,2}$", before, re.I):
        return None
    # "I applied online for a job as a flight attendant", "offered a position as": sought, not held
    if SOUGHT_AS.search(before):
        return "target"
    # a wish or a maybe before "as a": "Or even something like working as a tree surgeon" is a target
    if _WISH.search(before) or _HYPOTHETICAL.search(before):
        return "target"
    if re.search(r"\b(?:as\s+an?|i'?m\s+an?|i\s+am\s+an?)\s+(?:the\s+|my\s+)?$", before, re.I):
        return "current"
    current = _CURRENT.search(before)
    target = _TARGET.search(before)
    if current and target:
        return "current" if current.start() > target.start() else "target"
    if current:
        return "current"
    if target:
        return "target"
    return None

"""Role filling for occupation mentions: is it where the person comes `from` or wants to go `to`?

People signal direction with a handful of phrasings ("I'm a ...", "10 yrs in ...", "want to move into ...",
"X to Y"). The nearest cue to the left of a mention decides; without a cue, a pair "X ... Y" reads as
from/to, then the role a statistical model predicted, then the intent's usual direction.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.spans import Span

_FROM = [
    r"\bi\s*'?\s*a?m\s+(?:an?\s+|currently\s+(?:an?\s+)?)?",
    r"\bim\s+(?:an?\s+)?",
    r"\bi\s+(?:currently\s+)?do\b",
    r"\bat\s+(?:an?|the)\b",
    r"\bi\s+(?:currently\s+)?(?:work|worked)\b(?:\s+(?:in|as|at|for|with))?(?:\s+an?)?",
    r"\b(?:work|working|worked)\s+(?:in|as|at|for)\b(?:\s+an?|\s+the)?",
    r"\b(?:years?|yrs?|decades?|months?)\s+(?:of\s+experience\s+)?(?:in|as|of|doing|at)\b(?:\s+an?|\s+the)?",
    r"\bfrom\b(?:\s+an?|\s+the)?",
    r"\bcurrently\b(?:\s+(?:in|an?|doing|working\s+in))?",
    r"\bbackground\s+(?:in|is)\b",
    r"\bexperience\s+(?:in|as|with)\b(?:\s+an?)?",
    r"\b(?:used\s+to\s+be|been|was|ex-?|former|formerly|retired|left)\b(?:\s+(?:an?|in|doing))?",
    r"\bmy\s+(?:job|role|career|field|background|work)\s+(?:is|was|in)\b(?:\s+an?|\s+in)?",
    r"\bleav(?:e|ing)\b",
    r"\bstuck\s+in\b",
    r"\bdegree\s+in\b",
    r"\bcame\s+from\b",
    r"\bout\s+of\b",
]
_TO = [
    r"\b(?:want|wants|wanted|wanna|hope|hoping|plan|planning|trying|try|like|love|aim|aiming|need)"
    r"(?:\s+to)?(?:\s+(?:work|be|become|get|move|go|do|switch|pivot|transition|break|land|start|try|pursue"
    r"|explore|change))?(?:\s+(?:as|in|into|to|a|an|career|job|role|some|something|with))*",
    r"\binterested\s+in\b",
    r"\b(?:move|moving|moved|switch|switching|transition|transitioning|pivot|pivoting|change|changing"
    r"|shift|shifting|jump|jumping|go|going|get|getting|break|breaking|head|heading)\s+(?:in)?to\b(?:\s+an?)?",
    r"\bbecom(?:e|ing)\b(?:\s+an?)?",
    r"\binto\b(?:\s+an?)?",
    r"\btowards?\b",
    r"\bto\b(?:\s+an?)?",
    r"->|→|=>",
    r"\b(?:career|job|jobs|role|roles|position|positions|work)\s+in\b",
    r"\blooking\s+(?:for|at|into)\b(?:\s+an?)?",
    r"\b(?:consider|considering|thinking\s+(?:of|about)|dream|goal|target|learn|learning|study|studying)\b",
    r"\bsomething\s+(?:in|with|like)\b",
    r"\bto\s+(?:work|be|become|get|move|go|do|start)\b(?:\s+(?:as|in|into|with))?(?:\s+an?)?",
    r"\bfor\s+(?:an?\s+)?(?:entry\s+level\s+)?(?:job|role|career|position)\s+(?:in|as)\b(?:\s+an?)?",
]
_FROM_RE = [re.compile(p, re.I) for p in _FROM]
_TO_RE = [re.compile(p, re.I) for p in _TO]
_BOUNDARY = re.compile(r"[.;!?]|\bbut\b|\band\b|\bso\b|,", re.I)
# In these intents every occupation is where the person is ("what jobs are close to X", "ideas for a X").
FROM_ONLY_INTENTS = frozenset({"ask_related_moves"})
INTENT_DEFAULT = {
    "inform_current": "from",
    "ask_related_moves": "from",
    "inform_target": "to",
    "ask_transition": "to",
    "ask_skill_gap": "to",
    "ask_first_steps": "to",
}


def _cue_role(window: str) -> str | None:
    """Role of the cue ending nearest the mention (ties: the longer cue, "want to work as" over "work as")."""
    best: tuple[int, int, str] | None = None
    for role, regexes in (("from", _FROM_RE), ("to", _TO_RE)):
        for rx in regexes:
            for m in rx.finditer(window):
                trailing = window[m.end() :].strip()
                if len(trailing.split()) > 3:
                    continue
                key = (m.end() - len(trailing.split()) * 100, m.end() - m.start(), role)
                if best is None or key[:2] > best[:2]:
                    best = key
    return best[2] if best else None


def assign_roles(
    text: str,
    spans: list[Span],
    intent: str | None = None,
    model_roles: dict[tuple[int, int], str] | None = None,
) -> list[Span]:
    """Return `spans` with `role` set on every occupation span."""
    occupations = [s for s in spans if s.label == "occupation"]
    if intent in FROM_ONLY_INTENTS:
        return [replace(s, role="from") if s.label == "occupation" else s for s in spans]
    roles: dict[int, str | None] = {}
    previous_end = 0
    for i, span in enumerate(occupations):
        window = text[previous_end : span.start]
        # Cues before a clause boundary belong to the previous clause, except when the window holds only a
        # boundary ("accounting, want ... data"): then the cue after it still counts.
        roles[i] = _cue_role(window)
        if roles[i] is None:
            parts = _BOUNDARY.split(window)
            if len(parts) > 1:
                roles[i] = _cue_role(parts[-1])
        previous_end = span.end
    for i in range(len(occupations)):
        if roles[i] is not None:
            continue
        others = [roles[j] for j in roles if j != i and roles[j] is not None]
        if len(occupations) >= 2 and others:
            roles[i] = "to" if "from" in others else "from"
        elif len(occupations) >= 2:
            roles[i] = "from" if i == 0 else "to"
    for i, span in enumerate(occupations):
        if roles[i] is None and model_roles:
            for (start, end), role in model_roles.items():
                if span.overlaps(start, end):
                    roles[i] = role
                    break
        if roles[i] is None:
            roles[i] = INTENT_DEFAULT.get(intent or "", "to")
    out = []
    it = iter(range(len(occupations)))
    for span in spans:
        out.append(replace(span, role=roles[next(it)]) if span.label == "occupation" else span)
    return out

"""Which O*NET skills, knowledge areas and technologies a credential covers.

Technology names are matched as phrases in the credential's stated skills and name (and, for
CareerOneStop certifications, keywords). O*NET skill and knowledge areas are broad ("Programming",
"Economics and Accounting"), so they are matched through a small table of trigger words below, read
against the same text. This is a lexical heuristic, documented as such in the README; it feeds the
"covers" part of a recommendation, never a displayed fact.
"""

from __future__ import annotations

import re

from knowledge.text import norm

# O*NET element id -> trigger words/phrases (normalised). Element names themselves also trigger.
TRIGGERS: dict[str, tuple[str, ...]] = {
    # skills
    "2.A.1.c": ("writing", "copywriting", "technical writing", "ux writing", "content writing"),
    "2.A.1.d": ("communication", "public speaking", "presentation"),
    "2.A.1.e": ("mathematics", "statistics", "statistical"),
    "2.A.2.a": ("critical thinking", "analytical"),
    "2.A.2.d": ("monitoring",),
    "2.B.1.b": ("coordination", "agile", "scrum", "stakeholder management", "project management"),
    "2.B.1.c": ("persuasion", "sales"),
    "2.B.1.d": ("negotiation",),
    "2.B.1.e": ("instructing", "teaching", "instructional design", "facilitation"),
    "2.B.1.f": ("customer service", "service orientation", "customer success"),
    "2.B.2.i": ("problem solving",),
    "2.B.3.a": ("operations analysis", "process improvement", "lean", "six sigma", "requirements analysis"),
    "2.B.3.b": ("technology design", "ux design", "user experience", "solution architecture"),
    # not "coding": medical coding ("coding diagnoses") is not programming
    "2.B.3.e": (
        "programming",
        "python",
        "java",
        "javascript",
        "software development",
        "sql",
        "web development",
    ),
    "2.B.3.k": ("troubleshooting", "technical support", "help desk"),
    "2.B.3.m": ("quality control", "quality assurance", "software testing"),
    "2.B.4.e": ("decision making",),
    "2.B.4.g": ("systems analysis", "data analysis", "business analysis"),
    "2.B.4.h": ("systems evaluation", "auditing", "risk assessment", "evaluation"),
    "2.B.5.a": ("time management", "scheduling", "project management"),
    "2.B.5.b": ("budgeting", "financial management", "cost management"),
    "2.B.5.c": ("procurement", "supply chain", "inventory", "logistics"),
    "2.B.5.d": ("people management", "team leadership", "leadership", "talent management"),
    # knowledge
    "2.C.1.a": (
        "management",
        "leadership",
        "strategy",
        "project management",
        "product management",
        "business administration",
        "operations management",
    ),
    "2.C.1.b": (
        "administrative",
        "clerical",
        "office administration",
        "records management",
        "medical coding",
    ),
    "2.C.1.c": (
        "accounting",
        "bookkeeping",
        "finance",
        "financial",
        "economics",
        "fintech",
        "blockchain",
        "banking",
        "investment",
        "tax",
    ),
    "2.C.1.d": (
        "marketing",
        "sales",
        "seo",
        "advertising",
        "social media marketing",
        "digital marketing",
        "e commerce",
        "google ads",
    ),
    "2.C.1.e": ("customer service", "customer success", "customer experience", "client relations"),
    "2.C.1.f": (
        "human resources",
        "recruiting",
        "recruitment",
        "talent acquisition",
        "hr",
        "payroll",
        "people analytics",
        "compensation",
    ),
    "2.C.3.a": (
        "computer",
        "computers",
        "software",
        "networking",
        "network",
        "cloud",
        "cybersecurity",
        "information security",
        "it support",
        "operating systems",
        "hardware",
        "database",
    ),
    "2.C.3.b": ("engineering",),
    # not bare "design": "design of experiments" (Six Sigma) is not design knowledge
    "2.C.3.c": (
        "ux",
        "ui",
        "user experience",
        "graphic design",
        "visual design",
        "figma",
        "prototyping",
    ),
    "2.C.3.e": ("mechanical", "cad"),
    "2.C.4.a": ("mathematics", "statistics", "statistical", "data science", "machine learning"),
    "2.C.4.e": ("psychology",),
    "2.C.5.a": ("clinical", "healthcare", "nursing", "medical", "health informatics"),
    "2.C.6": ("education", "training", "instructional design", "e learning", "curriculum", "learning design"),
    "2.C.7.a": ("english", "grammar", "editing", "writing"),
    "2.C.7.b": ("foreign language", "spanish", "french", "german", "chinese", "japanese", "mandarin"),
    "2.C.8.a": ("public safety", "cybersecurity", "information security", "security operations"),
    "2.C.8.b": (
        "law",
        "legal",
        "compliance",
        "regulation",
        "regulatory",
        "privacy",
        "gdpr",
        "anti money laundering",
        "aml",
    ),
    "2.C.9.a": ("telecommunications",),
    "2.C.9.b": ("journalism", "media", "content strategy", "content design", "social media"),
}


# elements whose own name is too ambiguous to trigger them: "design" (of experiments, of a study)
NO_SELF_TRIGGER = frozenset({"2.C.3.c"})


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(term) + r"(?![a-z0-9+#])")


class ElementMatcher:
    """Finds element ids mentioned in a text. Built once per import (compiles a few thousand patterns)."""

    def __init__(self, elements: dict[str, dict]) -> None:
        self._terms: dict[str, set[str]] = {}
        for eid, el in elements.items():
            if el["kind"] == "technology" and not el.get("hot"):
                continue  # 8,000+ long-tail product names add noise and import time; hot ones matter here
            name = norm(el["name"])
            if len(name) < 2 or eid in NO_SELF_TRIGGER:
                continue
            self._terms.setdefault(name, set()).add(eid)
            if el["kind"] == "technology" and name.endswith(" software"):
                self._terms.setdefault(name[: -len(" software")], set()).add(eid)
        for eid, words in TRIGGERS.items():
            if eid in elements:
                for w in words:
                    self._terms.setdefault(norm(w), set()).add(eid)
        # one alternation per first letter keeps matching fast without a regex per term
        self._by_word: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for term in self._terms:
            self._by_word.setdefault(term.split()[0], []).append((_pattern(term), term))

    def match(self, text: str) -> set[str]:
        n = norm(text)
        words = set(n.split())
        found: set[str] = set()
        for w in words:
            for pattern, term in self._by_word.get(w, ()):
                if pattern.search(n):
                    found |= self._terms[term]
        return found

    def match_one(self, skill: str) -> str | None:
        """Best single element for one stated skill (exact name first, then the first trigger hit)."""
        n = norm(skill)
        if n in self._terms:
            return sorted(self._terms[n])[0]
        hits = self.match(skill)
        return sorted(hits)[0] if hits else None

"""Text normalisation shared by the importer, the linker and the resolver (one definition, same results)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9+#]+")

STOPWORDS = frozenset(
    "a an and are as at be by for from has have i im i'm in into is it its me my of on or our the to "
    "was were with work worked working do does did doing am been being currently years year yrs "
    "experience job role career want would like move moving into as an".split()
)


def fold(text: str) -> str:
    """Lowercase and strip accents ("Café" -> "cafe")."""
    if text.isascii():  # nearly every string here; the Unicode path is 20× slower
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def norm(text: str) -> str:
    """Normalised form used as a lookup key: folded, punctuation to spaces (keeps + and # for C++/C#)."""
    return " ".join(_NON_ALNUM.sub(" ", fold(text)).split())


@lru_cache(maxsize=65536)  # element names repeat on every rating row
def slugify(text: str) -> str:
    """Stable slug for ids (`skill:<slug>`, `tech:<slug>`, `cur:<slug>`)."""
    s = fold(text).replace("+", " plus ").replace("#", " sharp ")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def tokens(text: str) -> list[str]:
    """Content tokens: normalised words without stopwords, crude singular ("nurses" -> "nurse")."""
    out = []
    for tok in norm(text).split():
        if tok in STOPWORDS:
            continue
        if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss"):
            tok = tok[:-1]
        out.append(tok)
    return out


def is_useful_alias(text: str) -> bool:
    """False for 1-character and pure-stopword strings (useless as gazetteer entries or aliases)."""
    n = norm(text)
    return len(n) > 1 and any(t not in STOPWORDS for t in n.split())


# How a record was researched ("the certificate-specific duration is Coursera text copied in a learner
# README", "the reviewer took two years", "(per source)") is for maintainers: the source link says where a fact
# is from.
_PROVENANCE = re.compile(
    r"\b(?:readme|reviewers?|learner'?s?|copied|per\s+the\s+source|in\s+the\s+source|"
    r"the\s+page\s+read|in\s+the\s+part\s+of\s+the\s+page|in\s+the\s+excerpt|elsewhere)\b",
    re.IGNORECASE,
)


def public_note(text: str | None) -> str | None:
    """A curated note as a person reads it: clauses (between ";" or in brackets) that describe how the record
    was researched are left out; None when nothing else remains."""
    if not text:
        return text
    text = re.sub(r"\s*\(per\s+sources?\)|\s+per\s+sources?\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\(([^()]*)\)", lambda m: "" if _PROVENANCE.search(m.group(1)) else m.group(0), text)
    clauses = [c.strip() for c in text.split(";")]
    kept = [c for c in clauses if c and not _PROVENANCE.search(c)]
    out = "; ".join(kept).strip(" ,;")
    return out or None

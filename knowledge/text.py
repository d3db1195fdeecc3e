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

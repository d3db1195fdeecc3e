"""Link certifications to occupations by weighted token overlap (tf-idf cosine over words and bigrams).

Why this design: the CareerOneStop flat file has no occupation links, only a name, acronym, keywords, a
description and the issuer. Occupations are described by their O*NET title, every alternate/reported/ESCO
title and their technology skills. Words that appear in many occupations ("manager", "specialist") get a
low idf and barely count; rare shared words and bigrams ("welding", "medical coding", "aws") decide.
The certificate side weights its name and keywords above its description. Pure Python with an inverted
index (numpy is not a dependency); ~6,400 certifications link in a few seconds.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.text import tokens

# Field weights. Titles say what the job is; aliases are many and noisy; technology names catch IT certs.
OCC_WEIGHTS = {"title": 3.0, "alias": 1.0, "tech": 0.6}
CERT_WEIGHTS = {"name": 3.0, "acronym": 1.5, "keywords": 2.0, "provider": 0.5, "description": 1.0}
MAX_DF_SHARE = 0.05  # features in more than 5% of occupations barely discriminate (chosen on the dev split)
DESCRIPTION_TOKENS = 80


@dataclass(frozen=True)
class LinkParams:
    """Selection rule: keep up to `top_k` occupations scoring ≥ `min_score` and ≥ `ratio` × best score."""

    min_score: float = 0.12
    ratio: float = 0.6
    top_k: int = 3


def features(text: str) -> list[str]:
    toks = tokens(text)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


class OccupationIndex:
    def __init__(self, docs: dict[str, dict[str, list[str]]]) -> None:
        """`docs[code] = {"title": [...], "alias": [...], "tech": [...]}` (lists of texts)."""
        raw: dict[str, Counter] = {}
        for code, parts in docs.items():
            c: Counter = Counter()
            for part, texts in parts.items():
                w = OCC_WEIGHTS[part]
                local: Counter = Counter()
                for text in texts:
                    local.update(set(features(text)))
                for feat, n in local.items():
                    c[feat] += w * (1 + math.log(n))  # sublinear: 40 "nurse" aliases ≠ 40× evidence
            raw[code] = c
        n_docs = max(len(raw), 1)
        df: Counter = Counter()
        for c in raw.values():
            df.update(c.keys())
        max_df = max(2, int(MAX_DF_SHARE * n_docs))
        self.idf = {f: math.log(n_docs / d) for f, d in df.items() if d <= max_df}
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for code, c in raw.items():
            vec = {f: v * self.idf[f] for f, v in c.items() if f in self.idf}
            length = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for f, v in vec.items():
                self.postings[f].append((code, v / length))

    def score(self, parts: dict[str, str]) -> list[tuple[str, float]]:
        """Cosine scores of a certificate (`parts` keyed like CERT_WEIGHTS) vs occupations, best first."""
        q: Counter = Counter()
        for part, text in parts.items():
            if not text:
                continue
            feats = features(text)
            if part == "description":
                feats = feats[: DESCRIPTION_TOKENS * 2]
            for f in set(feats):
                if f in self.idf:
                    q[f] += CERT_WEIGHTS[part] * self.idf[f]
        length = math.sqrt(sum(v * v for v in q.values())) or 1.0
        acc: dict[str, float] = defaultdict(float)
        for f, v in q.items():
            w = v / length
            for code, dv in self.postings.get(f, ()):
                acc[code] += w * dv
        return sorted(acc.items(), key=lambda kv: -kv[1])


def select(scored: Iterable[tuple[str, float]], params: LinkParams) -> list[tuple[str, float]]:
    scored = list(scored)
    if not scored or scored[0][1] < params.min_score:
        return []
    best = scored[0][1]
    return [(c, s) for c, s in scored[: params.top_k] if s >= params.min_score and s >= params.ratio * best]


def cert_parts(cert: dict) -> dict[str, str]:
    provider = " ".join(x for x in (cert.get("provider"), cert.get("org_acronym")) if x)
    return {
        "name": cert.get("name") or "",
        "acronym": cert.get("acronym") or "",
        "keywords": cert.get("keywords") or "",
        "provider": provider,
        "description": cert.get("description") or "",
    }

"""Top-1 accuracy of `KnowledgeBase.resolve` on labelled free-text phrasings (`resolve-accuracy`).

`tests/knowledge/resolve_gold.csv` (phrase, accepted, category) was written by a counselor before the
resolver was tuned: `accepted` lists, `;`-separated, every O*NET code or `field:<id>` a counselor would
accept as the reading of the phrase. The rows are split once into dev and test halves by a seeded hash of
the phrase, so the split never changes when rows are added; thresholds are tuned on dev only and the
figure that counts is the one on test. Each figure is shown next to plain fuzzy matching (the best
rapidfuzz WRatio over every name the KB knows), the baseline any smarter resolver has to beat.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.api import KnowledgeBase
from knowledge.query.resolver import Resolver
from knowledge.text import norm

GOLD = Path(__file__).resolve().parents[1] / "tests" / "knowledge" / "resolve_gold.csv"
SPLIT_SEED = "pivot-resolve-gold-1"


@dataclass(frozen=True)
class GoldRow:
    phrase: str
    accepted: frozenset[str]
    category: str
    split: str  # dev | test


def split_of(phrase: str) -> str:
    """dev or test, from a seeded hash of the phrase: stable across edits of the other rows."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{phrase.strip().lower()}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def read_gold(path: Path = GOLD) -> list[GoldRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            GoldRow(
                r["phrase"].strip(),
                frozenset(a.strip() for a in r["accepted"].split(";") if a.strip()),
                r["category"].strip(),
                split_of(r["phrase"]),
            )
            for r in csv.DictReader(fh)
            if r["phrase"].strip()
        ]


def plain_fuzzy(resolver: Resolver):  # noqa: ANN201 - returns a phrase -> id function
    """Baseline: the single KB name closest to the phrase by rapidfuzz WRatio, fields first on ties."""
    owner: dict[str, str] = {}
    for entries in resolver.keys.values():
        for e in sorted(entries, key=lambda e: e.kind != "field"):
            owner.setdefault(norm(e.alias), e.id)
    names = list(owner)

    def top(phrase: str) -> str | None:
        hit = process.extractOne(norm(phrase), names, scorer=fuzz.WRatio)
        return owner[hit[0]] if hit else None

    return top


def _accuracy(tops: list[str | None], rows: list[GoldRow]) -> dict[str, float]:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for top, row in zip(tops, rows, strict=True):
        for key in (f"{row.split}/all", f"{row.split}/{row.category}"):
            totals[key] += 1
            hits[key] += top in row.accepted
    return {key: round(hits[key] / n, 3) for key, n in sorted(totals.items())}


async def measure(kb: KnowledgeBase, rows: list[GoldRow], baseline: bool = True) -> dict:
    """Accuracy per split and category (resolver and plain fuzzy), misses, resolve latency."""
    await kb.warm_up()
    tops: list[str | None] = []
    times: list[float] = []
    for row in rows:
        started = time.perf_counter()
        found = await kb.resolve(row.phrase, limit=1)
        times.append((time.perf_counter() - started) * 1000)
        tops.append(found[0].id if found else None)
    times.sort()
    result = {
        "rows": len(rows),
        "resolver": _accuracy(tops, rows),
        "misses": [
            {"split": r.split, "phrase": r.phrase, "got": t, "accepted": sorted(r.accepted)}
            for t, r in zip(tops, rows, strict=True)
            if t not in r.accepted
        ],
        "latency_ms": {
            "p50": round(times[len(times) // 2], 3),
            "p95": round(times[int(len(times) * 0.95)], 3),
            "max": round(times[-1], 3),
        },
    }
    if baseline:
        fuzzy = plain_fuzzy((await kb._load()).resolver)
        result["plain_fuzzy"] = _accuracy([fuzzy(r.phrase) for r in rows], rows)
    return result


def render(result: dict) -> str:
    plain = result.get("plain_fuzzy", {})
    lines = [f"resolve top-1 accuracy on {result['rows']} labelled phrasings (resolver | plain fuzzy)"]
    for key, value in result["resolver"].items():
        base = f" | {plain[key]:.3f}" if key in plain else ""
        lines.append(f"  {key:<18} {value:.3f}{base}")
    lat = result["latency_ms"]
    lines.append(f"resolve latency ms: p50 {lat['p50']}, p95 {lat['p95']}, max {lat['max']}")
    lines += [
        f"  miss [{m['split']}] {m['phrase']!r} -> {m['got']} (accepted {m['accepted']})"
        for m in result["misses"]
    ]
    return "\n".join(lines)

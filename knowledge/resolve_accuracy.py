"""Top-1 accuracy of `KnowledgeBase.resolve` on labelled free-text phrasings (`resolve-accuracy`).

`tests/knowledge/resolve_gold.csv` (phrase, accepted, category) was written by a counselor before the
resolver was tuned: `accepted` lists, `;`-separated, every O*NET code or `field:<id>` a counselor would
accept as the reading of the phrase. The rows are split once into dev and test halves by a seeded hash of
the phrase, so the split never changes when rows are added; thresholds are tuned on dev only and the
figure that counts is the one on test.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from knowledge.api import KnowledgeBase

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


async def measure(kb: KnowledgeBase, rows: list[GoldRow]) -> dict:
    """Accuracy per split and category, the misses, and resolve latency (the index is built first)."""
    await kb.resolve(rows[0].phrase)
    hits: Counter[tuple[str, str]] = Counter()
    totals: Counter[tuple[str, str]] = Counter()
    misses: list[dict] = []
    times: list[float] = []
    for row in rows:
        started = time.perf_counter()
        found = await kb.resolve(row.phrase, limit=1)
        times.append((time.perf_counter() - started) * 1000)
        top = found[0].id if found else None
        ok = top in row.accepted
        for key in ((row.split, "all"), (row.split, row.category)):
            totals[key] += 1
            hits[key] += ok
        if not ok:
            misses.append(
                {"split": row.split, "phrase": row.phrase, "got": top, "accepted": sorted(row.accepted)}
            )
    times.sort()
    return {
        "accuracy": {
            f"{split}/{cat}": round(hits[split, cat] / n, 3) for (split, cat), n in sorted(totals.items())
        },
        "counts": {f"{split}/{cat}": n for (split, cat), n in sorted(totals.items())},
        "misses": misses,
        "latency_ms": {
            "p50": round(times[len(times) // 2], 3),
            "p95": round(times[int(len(times) * 0.95)], 3),
            "max": round(times[-1], 3),
        },
    }

"""Latency of resolve + recommend on a built knowledge base (`python -m knowledge bench --json`).

The first query builds the in-memory index; that one-off cost is reported separately as `warmup_ms`.
Then ~200 mixed queries (free text with typos, field ids, occupation titles, with and without
constraints) are timed one by one; p50/p95 are over resolve+recommend pairs (wall clock), plus the p95 of
the process's CPU time, which stays meaningful on a loaded machine.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time

from knowledge.api import KnowledgeBase
from knowledge.types import Constraints

FROM = [
    "bank teller",
    "I do bookkeeping",
    "nurse",
    "10 years in accounting",
    "teacher",
    "software developer",
    "retail store manager",
    "marketing",
    "journalist",
    "graphic designer",
    "lawyer",
    "help desk",
    "soldier",
    "sales rep",
    "office administrator",
    "mechanical engineer",
    "cashier",
    "registered nurse",
    "accountant",
]
TO = [
    "fintech",
    "cyber securty",
    "data analytics",
    "project management",
    "ux design",
    "health informatics",
    "instructional design",
    "customer success",
    "web development",
    "product manager",
    "data scientist",
    "cloud devops",
    "human resources",
    "compliance",
    "technical writer",
    "information security analyst",
]
CONSTRAINTS = [
    Constraints(),
    Constraints(max_cost=500),
    Constraints(format="online"),
    Constraints(max_cost=300, format="online"),
    Constraints(free_only=True),
    Constraints(max_weeks=12, hours_per_week=10),
    Constraints(level="beginner", no_degree=True),
]


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def run(url: str, n: int = 200, seed: int = 7) -> dict:
    rng = random.Random(seed)
    kb = KnowledgeBase.from_url(url)
    try:
        t0 = time.perf_counter()
        await kb.resolve("warm up")
        warmup = (time.perf_counter() - t0) * 1000
        pairs, resolves, recs, cpu = [], [], [], []
        for _ in range(n):
            src, dst, k = rng.choice(FROM), rng.choice(TO), rng.choice(CONSTRAINTS)
            c1 = time.process_time()
            t1 = time.perf_counter()
            await kb.resolve(src)
            t2 = time.perf_counter()
            await kb.recommend(src, dst, k, limit=5)
            t3 = time.perf_counter()
            cpu.append((time.process_time() - c1) * 1000)
            resolves.append((t2 - t1) * 1000)
            recs.append((t3 - t2) * 1000)
            pairs.append((t3 - t1) * 1000)
    finally:
        await kb.close()
    return {
        "queries": n,
        "warmup_ms": round(warmup, 1),
        "resolve_recommend_p50_ms": round(statistics.median(pairs), 2),
        "resolve_recommend_p95_ms": round(_pct(pairs, 95), 2),
        "resolve_p95_ms": round(_pct(resolves, 95), 2),
        "recommend_p95_ms": round(_pct(recs, 95), 2),
        "max_ms": round(max(pairs), 2),
        # CPU time of this process: what the code costs, without waits for a busy machine's scheduler
        "resolve_recommend_cpu_p95_ms": round(_pct(cpu, 95), 2),
    }


def bench(url: str, n: int = 200) -> dict:
    return asyncio.run(run(url, n))

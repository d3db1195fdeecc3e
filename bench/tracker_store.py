"""Tracker store read and write per turn, early and late in a long conversation: Rasa's SQL store vs Pivot's.

    .venv-rasa/bin/python -m bench.tracker_store [--turns 200] [--runs 3] [--json]

Each store gets its own SQLite file (as `make run` uses) and one conversation of `--turns` turns, each turn
written as Rasa writes a Pivot turn (the message with its parse data, `action_respond`, nine slots, two
replies, `action_listen`: 14 events, about what `bench.profile rasa` finds per turn). For each turn the
bench times what the processor does with the store: `retrieve` (read the conversation), then `save` after
the turn's events are added. Figures: CPU ms per read and per write over turns 1–10 and the last ten,
medians of `--runs`, and the full tracker read the gateway's summary rebuild asks for
(`retrieve_full_tracker`) at the end. Both stores must give back equal trackers (checked on every turn).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def turn_events(n: int) -> list[Any]:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    t = time.time()
    ranking = [{"name": f"intent_{i}", "confidence": 0.1} for i in range(10)]
    return [
        UserUttered(
            f"I work in finance and want to move into fintech, message {n}",
            intent={"name": "share_profile", "confidence": 0.9},
            entities=[
                {"entity": "occupation", "value": "field:fintech", "start": 33, "end": 40, "role": "to"}
            ],
            parse_data={
                "intent_ranking": ranking,
                "response_selector": {"all_retrieval_intents": ["faq"], "default": {"ranking": ranking[:5]}},
            },
            timestamp=t,
        ),
        ActionExecuted("action_respond", policy="RulePolicy", confidence=1.0, timestamp=t),
        *[SlotSet(name, f"value {n}", timestamp=t) for name in SLOTS],
        BotUttered(
            f"Here are three credentials for turn {n} ...", data={"buttons": [{"title": "More"}]}, timestamp=t
        ),
        BotUttered("Anything else?", timestamp=t),
        ActionExecuted("action_listen", timestamp=t),
    ]


SLOTS = [
    "current_field",
    "target_field",
    "current_field_title",
    "target_field_title",
    "current_phrase",
    "target_phrase",
    "question_type",
    "main_question",
    "listed_target",
]


async def play(store: Any, reference: Any, turns: int) -> dict[str, list[float]]:
    from rasa.shared.core.trackers import EventVerbosity

    sender = "api:bench-tracker-store"
    reads: list[float] = []
    writes: list[float] = []
    await store.get_or_create_tracker(sender)
    for n in range(turns):
        cpu = time.process_time()
        tracker = await store.retrieve(sender)
        reads.append((time.process_time() - cpu) * 1000)
        if reference is not None and n % 50 == 0:
            assert tracker.current_state(EventVerbosity.ALL) == (
                await reference.retrieve(sender)
            ).current_state(EventVerbosity.ALL)
        for event in turn_events(n):
            tracker.update(event)
        cpu = time.process_time()
        await store.save(tracker)
        writes.append((time.process_time() - cpu) * 1000)
    cpu = time.process_time()
    await store.retrieve_full_tracker(sender)
    full = (time.process_time() - cpu) * 1000
    return {"reads": reads, "writes": writes, "full": [full]}


async def measure(turns: int, runs: int) -> dict[str, Any]:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    from pivot_rasa.tracker_store import CachedSQLTrackerStore

    domain = Domain.load(str(ROOT / "domain.yml"))
    window = min(10, turns // 2)
    out: dict[str, Any] = {"turns": turns, "window": window, "runs": runs, "stores": {}}
    samples: dict[str, list[dict[str, float]]] = {
        "rasa SQLTrackerStore": [],
        "pivot CachedSQLTrackerStore": [],
    }
    for _ in range(runs):
        for name in samples:
            with tempfile.TemporaryDirectory(prefix="pivot-bench-ts-") as tmp:
                db = str(Path(tmp) / "tracker.db")
                cls = SQLTrackerStore if name.startswith("rasa") else CachedSQLTrackerStore
                store = cls(domain=domain, db=db)
                reference = SQLTrackerStore(domain=domain, db=db) if cls is not SQLTrackerStore else None
                r = await play(store, reference, turns)
            samples[name].append(
                {
                    "read_first": statistics.fmean(r["reads"][1 : window + 1]),
                    "read_last": statistics.fmean(r["reads"][-window:]),
                    "write_first": statistics.fmean(r["writes"][1 : window + 1]),
                    "write_last": statistics.fmean(r["writes"][-window:]),
                    "full_tracker_read_at_end": r["full"][0],
                }
            )
    for name, rows in samples.items():
        out["stores"][name] = {k: round(statistics.median(row[k] for row in rows), 2) for k in rows[0]}
    return out


def markdown(result: dict[str, Any]) -> str:
    w, t = result["window"], result["turns"]
    lines = [
        f"Tracker store CPU ms per turn, one {t}-turn conversation (median of {result['runs']} runs):",
        "",
        f"| store | read, turns 2–{w + 1} | read, last {w} | write, turns 2–{w + 1} | write, last {w} | "
        f"full tracker read at turn {t} |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in result["stores"].items():
        lines.append(
            f"| {name} | {row['read_first']} | {row['read_last']} | {row['write_first']} | "
            f"{row['write_last']} | {row['full_tracker_read_at_end']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tracker_store")
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.turns, args.runs))
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

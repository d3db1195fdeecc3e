"""How well Pivot understands real people: the real-question set scored offline.

    .venv-app/bin/python -m bench.understanding [--split dev|test] [--db sqlite:///var/knowledge.db] [--errors]

For each question of the chosen half (tests/real_questions/questions.jsonl) the message is read and
resolved exactly as the action server does (`actions.understand.read_text`, without the NLU's entities),
then compared with the labels:

- current / target understood: among questions that state one the knowledge base can represent (gold
  `kb` ids not empty), the share whose resolved id is one of the gold ids — or a curated field that
  contains a gold O*NET occupation, or an occupation inside a gold field;
- question type: the main type equals the labelled main type (strict), or is one of the types the person
  asked (lenient);
- p50/p95 CPU milliseconds to read and resolve one message (the understanding cost per turn);
- `right_when_found_by`: for each side and how it was found (a phrase after a cue, a name found in passing,
  the first title of a story, a degree subject), how many of the sides found that way were right: the
  reason only a side after a cue is said back as fact (`Side.sure`).

`--errors` lists the misses (only for the dev half: the test half is scored, never read for tuning).
The full-stack figures (first-reply fallback, internal ids, loops, blind grading) come from
`bench/transcripts.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from pathlib import Path

import yaml

from actions.understand import read_text
from knowledge.api import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "real_questions" / "questions.jsonl"
FIELDS = ROOT / "knowledge" / "curated" / "fields.yaml"


def load(split: str, batch: int | None = 1) -> list[dict]:
    """The questions of one half (or "all") of one collection batch (None: every batch). Batch 1 is the set of
    2026-12-01 the README's figures are on; batch 2 (2026-12-03) was collected by other people and graded before
    anyone tuning the system read it (see tests/real_questions/SOURCE.md)."""
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        r
        for r in rows
        if (split == "all" or r["split"] == split) and (batch is None or r.get("batch", 1) == batch)
    ]


def field_codes() -> dict[str, set[str]]:
    fields = yaml.safe_load(FIELDS.read_text(encoding="utf-8"))["fields"]
    return {f"field:{f['id']}": set(f.get("onet_codes") or []) for f in fields}


def accepted(predicted: str | None, gold: list[str], codes: dict[str, set[str]]) -> bool:
    if not predicted:
        return False
    if predicted in gold:
        return True
    gold_codes = {g for g in gold if not g.startswith("field:")}
    if predicted.startswith("field:") and codes.get(predicted, set()) & gold_codes:
        return True
    return any(predicted in codes.get(g, set()) for g in gold if g.startswith("field:"))


async def evaluate(split: str, db: str, show_errors: bool, batch: int | None = 1) -> dict:
    kb = KnowledgeBase.from_url(db)
    await kb.warm_up()
    codes = field_codes()
    rows = load(split, batch)
    scores = {"current": [0, 0], "target": [0, 0], "type_strict": [0, 0], "type_lenient": [0, 0]}
    times: list[float] = []
    errors: list[str] = []
    # how often a side is right, by how it was found (`Side.source`): what decides what is said back as fact
    by_source: dict[str, list[int]] = {}
    for row in rows:
        if row.get("language", "en") != "en":
            continue
        start = time.process_time()  # CPU time: wall time on a shared 2-core machine measures the neighbours
        reading = await read_text(kb, row["text"])
        times.append((time.process_time() - start) * 1000)
        for side in ("current", "target"):
            gold = row.get(side) or {}
            found = getattr(reading, side)
            if found.match is not None:
                right = bool(gold.get("kb")) and accepted(found.match.id, gold["kb"], codes)
                tally = by_source.setdefault(f"{side}:{found.source or 'other'}", [0, 0])
                tally[0] += right
                tally[1] += 1
            if gold.get("kb"):
                match = getattr(reading, side).match
                ok = accepted(match.id if match else None, gold["kb"], codes)
                scores[side][0] += ok
                scores[side][1] += 1
                if not ok:
                    got = f"{getattr(reading, side).phrase!r}->{match.id if match else None}"
                    errors.append(f"[{row['id']}] {side}: gold {gold.get('text')!r} {gold['kb']} got {got}")
        kind = reading.understanding.question_type
        scores["type_strict"][0] += kind == row["question_type"]
        scores["type_strict"][1] += 1
        scores["type_lenient"][0] += kind in (row.get("question_types") or [row["question_type"]])
        scores["type_lenient"][1] += 1
        if kind != row["question_type"]:
            errors.append(
                f"[{row['id']}] type: gold {row['question_type']} {row.get('question_types')} got {kind}"
                f" | {row['main_question']}"
            )
    await kb.close()
    result = {
        "split": split,
        "batch": batch or "all",
        "questions": len(rows),
        "english": scores["type_strict"][1],
        **{f"{k}_accuracy": round(v[0] / v[1], 3) if v[1] else None for k, v in scores.items()},
        **{f"{k}_n": v[1] for k, v in scores.items()},
        "right_when_found_by": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_source.items())},
        "read_cpu_ms_p50": round(statistics.median(times), 2) if times else None,
        "read_cpu_ms_p95": round(sorted(times)[int(0.95 * (len(times) - 1))], 2) if times else None,
    }
    if show_errors and split == "dev" and batch in (1, 2, 3):  # only dev halves, and only of graded batches, are read
        result["errors"] = errors
    return result


def main() -> None:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the action server runs (actions/__main__.py)
    parser = argparse.ArgumentParser(prog="python -m bench.understanding")
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    parser.add_argument("--batch", type=int, default=1, help="collection batch (1, 2, 3); 0 for every batch")
    parser.add_argument("--db", default="sqlite:///var/knowledge.db")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(evaluate(args.split, args.db, args.errors, args.batch or None))
    errors = result.pop("errors", [])
    print(json.dumps(result, indent=2))
    for line in errors:
        print(line)


if __name__ == "__main__":
    main()

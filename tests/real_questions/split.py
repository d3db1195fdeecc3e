"""Merge the collected real questions into `questions.jsonl` and give each its half, once.

    .venv-app/bin/python -m tests.real_questions.split

The half is drawn per item from a seeded hash of its id (SEED below), so the draw never changes when
items are added or relabelled: `dev` may be read and tuned on, `test` is only scored
(`python -m bench.understanding --split test`). Items are de-duplicated by URL + text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).parent
SEED = "pivot-real-questions-2026-12-01"
REQUIRED = ("id", "url", "text", "language", "current", "target", "question_type", "main_question")


def half(item_id: str) -> str:
    digest = hashlib.sha256(f"{SEED}:{item_id}".encode()).digest()
    return "test" if digest[0] % 2 else "dev"


def load_collected() -> list[dict]:
    items: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(HERE.glob("collected_*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            item = json.loads(line)
            missing = [k for k in REQUIRED if k not in item]
            if missing:
                raise ValueError(f"{path.name}:{number}: missing {', '.join(missing)}")
            key = (item["url"], item["text"][:200])
            if key in seen or "github.com" in item["url"]:
                continue
            seen.add(key)
            items.append(item)
    return items


def main() -> None:
    items = load_collected()
    with (HERE / "questions.jsonl").open("w", encoding="utf-8") as out:
        for item in items:
            item["split"] = half(item["id"])
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    counts = {s: sum(1 for i in items if i["split"] == s) for s in ("dev", "test")}
    print(f"{len(items)} questions: {counts['dev']} dev, {counts['test']} test")


if __name__ == "__main__":
    main()

"""Real questions through the real stack: transcripts for blind grading, and the figures a person sees.

    .venv-app/bin/python -m bench.transcripts --split test [--model PATH] [--out var/transcripts-test.jsonl]

Starts Rasa, the action server and the gateway (bench/stack.py), then plays each question of the chosen
half of tests/real_questions/questions.jsonl as a conversation: the person's message, and when Pivot
asks something the labels can answer (where they want to go, what they do now, their limits) one
short reply in the labels' words — at most three turns. Writes one JSON line per conversation
(`{"id", "question", "turns": [{"user", "bot"}]}`: what a blind grader sees) and prints:

- `first_reply_fallback`: share of first replies that say Pivot did not understand;
- `internal_ids`: replies that show an O*NET code, a `field:`/`cur:`/`cos:` id or a field name after the
  gateway's guard; `guard_removals`: replies in which the guard had to strip one (the leaks at their source);
- `loops`: conversations where Pivot sent the same text twice in a row or re-asked what it was told.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import uuid
from pathlib import Path

from bench.stack import ROOT, Stack, test_model
from bench.understanding import load
from bot.guard import REMOVED

INTERNAL = re.compile(
    r"\b\d{2}-\d{4}\.\d{2}\b|\b(?:field|cur|cos|skill|tech):[\w-]+|\b(?:cost_source_url|source_url|as_of|"
    r"transition_id|credential_id|nlu_fallback|utter_\w+|action_\w+|Primary-(?:Short|Long)|Supplemental)\b"
)
FALLBACK = re.compile(
    r"didn't catch that|still not sure what you need|I'm still not following|not sure what you meant"
)
ASKS_TARGET = re.compile(
    r"Where would you like to move|Which field do you want|where you'd like to go|where you're heading", re.I
)
ASKS_CURRENT = re.compile(r"What do you do now|what field or job are you in|What kind of work is it", re.I)
ASKS_LIMITS = re.compile(r"Any limits on budget|How many hours a week", re.I)


def bot_text(reply: dict) -> str:
    parts = []
    for m in reply.get("messages", []):
        line = m.get("text") or ""
        if m.get("buttons"):
            line += "\n[buttons: " + " | ".join(b["title"] for b in m["buttons"]) + "]"
        parts.append(line.strip())
    return "\n".join(p for p in parts if p)


def follow_up(row: dict, text: str, said: set[str]) -> str | None:
    """What the person would answer, from the labels, to the question Pivot just asked."""
    if ASKS_TARGET.search(text) and (row.get("target") or {}).get("text") and "target" not in said:
        said.add("target")
        return row["target"]["text"]
    if ASKS_CURRENT.search(text) and (row.get("current") or {}).get("text") and "current" not in said:
        said.add("current")
        return row["current"]["text"]
    if ASKS_LIMITS.search(text) and "limits" not in said:
        said.add("limits")
        hours = (row.get("constraints") or {}).get("hours_per_week")
        return f"about {hours} hours a week" if hours else "no particular limits"
    return None


def run(split: str, model: Path, out: Path, batch: int | None = 1) -> dict:
    rows = load(split, batch)
    counts = {"conversations": 0, "first_reply_fallback": 0, "internal_ids": 0, "loops": 0, "replies": 0}
    counts["guard_removals"] = 0
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(workdir=Path(tmp), model=model)
        stack.start()
        try:
            stack.wait_healthy()
            with out.open("w", encoding="utf-8") as sink:
                for row in rows:
                    sender = f"api:rq-{uuid.uuid4()}"
                    turns = []
                    said: set[str] = set()
                    message: str | None = row["text"]
                    while message is not None and len(turns) < 3:
                        text = bot_text(stack.send(sender, message))
                        turns.append({"user": message, "bot": text})
                        message = follow_up(row, text, said)
                    counts["conversations"] += 1
                    counts["replies"] += len(turns)
                    counts["first_reply_fallback"] += bool(FALLBACK.search(turns[0]["bot"]))
                    counts["internal_ids"] += sum(bool(INTERNAL.search(t["bot"])) for t in turns)
                    bots = [t["bot"] for t in turns]
                    counts["loops"] += any(a == b for a, b in zip(bots, bots[1:], strict=False))
                    sink.write(json.dumps({"id": row["id"], "question": row["text"], "turns": turns}) + "\n")
            # The replies above come through the gateway's guard (bot/guard.py), which strips ids before they
            # leave; what it had to strip is in its log, and that is the figure that can catch a leak.
            log = stack.workdir / "gateway.log"
            lines = log.read_text(errors="replace").splitlines() if log.exists() else []
            removed = [line.split(REMOVED + ": ", 1)[1] for line in lines if REMOVED + ": " in line]
            counts["guard_removals"] = len(removed)
            counts["guard_removed"] = sorted(set(", ".join(removed).split(", ")) - {""})
        finally:
            stack.stop()
    n = max(1, counts["conversations"])
    return {
        "split": split,
        **counts,
        "first_reply_fallback_share": round(counts["first_reply_fallback"] / n, 3),
        "transcripts": str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.transcripts")
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    parser.add_argument("--batch", type=int, default=1, help="collection batch (1, 2, 3); 0 for every batch")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or ROOT / "var" / f"transcripts-{args.split}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(args.split, args.model or test_model(), out, args.batch or None), indent=2))


if __name__ == "__main__":
    main()

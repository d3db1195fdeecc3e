"""CPU of each NLU component on fixed messages: the shipped pipeline, loaded with Rasa's Agent (issue 14).

    .venv-rasa/bin/python -m bench.components [--model M] [--runs 3] [--json] [--cprofile FILE]

The model is loaded in this process the way `rasa run` loads it (`rasa.core.agent.load_agent`, INFO logging,
Rasa's TensorFlow thread settings from the environment), and every graph node the NLU runs (tokenizer,
featurizers, DIET, ResponseSelector, the custom components of nlu/, EntitySynonymMapper, FallbackClassifier)
is wrapped, for the measurement only, with a CPU timer. Each run parses two fixed sets of messages one at a
time:

- `real questions`: the texts of the **dev half** of tests/real_questions/questions.jsonl (150 real posts,
  ~130 words each; the test half is only scored, never used here), the long messages that exercise the
  knowledge-base matcher's gazetteer, the char n-gram featurizer and the language detector the most;
- `short replies`: the short turns of a conversation (`SHORT` below: "yes", "nurse",
  "show me cheaper ones"...).

Figures per set: CPU ms per message of each component (mean over the set), medians over `--runs` runs, and
p50/p95 of the whole parse. CPU time (`time.process_time`, every thread of this process) is the figure to
trust on a shared machine; wall time also counts other sessions' work. Nothing is written to a tracker
store: `Agent.parse_message` runs the NLU graph only.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import logging
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "real_questions" / "questions.jsonl"

SHORT = [
    "yes",
    "no",
    "nurse",
    "show me cheaper ones",
    "tell me more about the first one",
    "only online please",
    "under $500",
    "evenings only, 10 hours a week",
    "compare the first and second",
    "what skills am I missing?",
    "the second one",
    "I don't have a degree",
    "thanks",
    "bye",
    "can I talk to a person?",
    "hola, quiero cambiar de carrera",
]


def dev_texts() -> list[str]:
    """The dev half of the real-question set (tests/real_questions/split.py draws the halves)."""
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows if r["split"] == "dev" and r.get("batch", 1) == 1]


def component_name(node_name: str) -> str:
    """`run_nlu.kb_entities.KBEntityMatcher6` → `nlu.kb_entities.KBEntityMatcher`; the char_wb featurizer
    keeps its index so the two CountVectorsFeaturizers stay apart."""
    name = node_name.removeprefix("run_")
    base = name.rstrip("0123456789")
    return name if base == "CountVectorsFeaturizer" else base


class NodeTimer:
    """CPU ms of every graph node call, by component, for the message being parsed."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)

    def install(self) -> None:
        from rasa.engine.graph import GraphNode

        node_call = GraphNode.__call__
        timer = self

        def timed(node: GraphNode, *inputs: Any) -> Any:
            start = time.process_time()
            try:
                return node_call(node, *inputs)
            finally:
                timer.current[component_name(node._node_name)] += (time.process_time() - start) * 1000

        GraphNode.__call__ = timed  # type: ignore[method-assign]

    def take(self) -> dict[str, float]:
        out, self.current = dict(self.current), defaultdict(float)
        return out


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    from rasa.core.agent import load_agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    from rasa.utils.tensorflow.environment import setup_tf_environment

    # what `rasa run` does first: INFO logging (debug logs would dominate) and TF threads from the environment
    configure_logging_and_warnings(logging.INFO, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(logging.INFO)
    setup_tf_environment()
    agent = await load_agent(model_path=str(args.model))
    sets = {"real questions": dev_texts(), "short replies": SHORT}
    for text in ("hi", "I work in finance and want to move into fintech"):  # warm-up: first-call costs
        await agent.parse_message(text)

    timer = NodeTimer()
    timer.install()
    profiler = cProfile.Profile() if args.cprofile else None
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in sets}
    totals: dict[str, list[float]] = {name: [] for name in sets}
    for _ in range(args.runs):
        for name, texts in sets.items():
            per_component: dict[str, float] = defaultdict(float)
            for text in texts:
                if profiler:
                    profiler.enable()
                start = time.process_time()
                await agent.parse_message(text)
                totals[name].append((time.process_time() - start) * 1000)
                if profiler:
                    profiler.disable()
                for component, ms in timer.take().items():
                    per_component[component] += ms
            runs[name].append({c: ms / len(texts) for c, ms in per_component.items()})
    if profiler:
        profiler.dump_stats(args.cprofile)

    result: dict[str, Any] = {"model": str(args.model), "runs": args.runs, "sets": {}}
    for name, texts in sets.items():
        components = sorted(
            runs[name][0], key=lambda c: -statistics.median(r.get(c, 0.0) for r in runs[name])
        )
        parse = sorted(totals[name])
        result["sets"][name] = {
            "messages": len(texts),
            "words_per_message_mean": round(statistics.fmean(len(t.split()) for t in texts), 1),
            "parse_cpu_ms_p50": round(statistics.median(parse), 2),
            "parse_cpu_ms_p95": round(parse[int(0.95 * (len(parse) - 1))], 2),
            "cpu_ms_per_message": {
                c: round(statistics.median(r.get(c, 0.0) for r in runs[name]), 3) for c in components
            },
        }
    result["env"] = {
        k: os.environ.get(k)
        for k in ("TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS", "OMP_NUM_THREADS")
    }
    result["loadavg"] = os.getloadavg()
    return result


def markdown(result: dict[str, Any]) -> str:
    names = list(result["sets"])
    lines = [
        f"NLU CPU ms per message by component (median of {result['runs']} runs):",
        "",
        "| component | " + " | ".join(f"{n} ({result['sets'][n]['messages']})" for n in names) + " |",
        "|---" * (1 + len(names)) + "|",
    ]
    components = list(result["sets"][names[0]]["cpu_ms_per_message"])
    for c in components:
        lines.append(
            f"| {c} | "
            + " | ".join(str(result["sets"][n]["cpu_ms_per_message"].get(c, "")) for n in names)
            + " |"
        )
    lines.append(
        "| **whole parse, p50 / p95** | "
        + " | ".join(
            f"{result['sets'][n]['parse_cpu_ms_p50']} / {result['sets'][n]['parse_cpu_ms_p95']}"
            for n in names
        )
        + " |"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.components")
    parser.add_argument("--model", type=Path, default=None, help="default: bench/stack.py's test model")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the JSON result (for make bench)")
    parser.add_argument("--cprofile", type=Path, help="also write cProfile stats of the measured parses")
    args = parser.parse_args(argv)
    if args.model is None:
        from bench.stack import test_model

        args.model = test_model()
    result = asyncio.run(measure(args))
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

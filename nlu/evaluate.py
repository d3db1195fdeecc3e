"""Evaluate a trained model on a labelled NLU set (the held-out set in `tests/nlu_holdout/`).

    python -m nlu.evaluate --model models/nlu.tar.gz \
        --data tests/nlu_holdout/holdout.yml --out var/nlu-eval.json

Figures: intent macro-F1 (retrieval intents scored by their sub-intent, e.g. `faq/cost_vs_degree`, and
also with `faq` collapsed), per-intent F1, entity precision/recall/F1 (exact character span and label,
micro-averaged; occupation roles count as separate labels such as `occupation:from`; the `language` entity
is not scored), out-of-scope recall (strict: predicted `out_of_scope`; lenient: also `nlu_fallback`),
and the most frequent confusions. Runs in the Rasa environment.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

IGNORED_ENTITIES = frozenset({"language"})


def f1_table(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """Per-label precision/recall/F1/support from (gold, predicted) label pairs."""
    pairs = list(pairs)
    labels = sorted({g for g, _ in pairs})
    table = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        table[label] = _prf(tp, fp, fn) | {"support": tp + fn}
    return table


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def entity_key(entity: dict[str, Any]) -> tuple[int, int, str]:
    label = entity["entity"] + (f":{entity['role']}" if entity.get("role") else "")
    return int(entity["start"]), int(entity["end"]), label


def entity_scores(
    gold: list[set[tuple[int, int, str]]], pred: list[set[tuple[int, int, str]]]
) -> dict[str, Any]:
    """Micro P/R/F1 over exact (start, end, label) triples, overall and per label."""
    labels = sorted({k[2] for s in gold + pred for k in s})
    per_label = {}
    totals = Counter()
    for label in labels:
        tp = sum(
            len({k for k in g if k[2] == label} & {k for k in p if k[2] == label})
            for g, p in zip(gold, pred, strict=True)
        )
        n_gold = sum(1 for g in gold for k in g if k[2] == label)
        n_pred = sum(1 for p in pred for k in p if k[2] == label)
        per_label[label] = _prf(tp, n_pred - tp, n_gold - tp) | {"support": n_gold}
        totals.update(tp=tp, fp=n_pred - tp, fn=n_gold - tp)
    return {"micro": _prf(totals["tp"], totals["fp"], totals["fn"]), "per_label": per_label}


def predicted_intent(result: dict[str, Any]) -> str:
    """Intent name, with the retrieval sub-intent when the intent is a retrieval intent (`faq/...`)."""
    name = (result.get("intent") or {}).get("name") or "None"
    selector = (result.get("response_selector") or {}).get(name)
    if selector:
        key = (selector.get("response") or {}).get("intent_response_key")
        if key:
            return key
    return name


def score(examples: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """All figures from gold examples (text, intent, entities) and parse results, in the same order."""
    pairs = [(ex["intent"], predicted_intent(res)) for ex, res in zip(examples, results, strict=True)]
    per_intent = f1_table(pairs)
    base_pairs = [(g.split("/")[0], p.split("/")[0]) for g, p in pairs]
    per_base = f1_table(base_pairs)
    gold_entities = [
        {entity_key(e) for e in ex["entities"] if e["entity"] not in IGNORED_ENTITIES} for ex in examples
    ]
    pred_entities = [
        {entity_key(e) for e in res.get("entities", []) if e["entity"] not in IGNORED_ENTITIES}
        for res in results
    ]
    oos = [p for g, p in pairs if g == "out_of_scope"]
    confusions = Counter((g, p) for g, p in pairs if g != p)
    errors = []
    for ex, res, (gold, pred), ge, pe in zip(
        examples, results, pairs, gold_entities, pred_entities, strict=True
    ):
        if gold != pred or ge != pe:
            errors.append({
                "text": ex["text"], "intent": gold, "predicted": pred,
                "confidence": round(float((res.get("intent") or {}).get("confidence") or 0.0), 3),
                "missing_entities": sorted(ge - pe), "extra_entities": sorted(pe - ge),
            })  # fmt: skip
    return {
        "n": len(examples),
        "intent_accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0,
        "intent_macro_f1": round(sum(v["f1"] for v in per_intent.values()) / len(per_intent), 4),
        "intent_macro_f1_base": round(sum(v["f1"] for v in per_base.values()) / len(per_base), 4),
        "per_intent": per_intent,
        "entity": entity_scores(gold_entities, pred_entities),
        "oos_recall": round(sum(p == "out_of_scope" for p in oos) / len(oos), 4) if oos else None,
        "oos_recall_incl_fallback": (
            round(sum(p in ("out_of_scope", "nlu_fallback") for p in oos) / len(oos), 4) if oos else None
        ),
        "top_confusions": [
            {"gold": g, "predicted": p, "count": c} for (g, p), c in confusions.most_common(15)
        ],
        "errors": errors,
    }


def load_examples(path: str) -> list[dict[str, Any]]:
    """Gold examples from a Rasa NLU YAML file."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(path)
    examples = []
    for msg in data.intent_examples:
        examples.append({
            "text": msg.get("text"), "intent": msg.get_full_intent(),
            "entities": [dict(e) for e in msg.get("entities", [])],
        })  # fmt: skip
    return examples


async def parse_all(model: str, texts: list[str]) -> tuple[list[dict[str, Any]], float]:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # one debug line per parsed message otherwise

    agent = Agent.load(model)
    start = time.perf_counter()
    results = [await agent.parse_message(text) for text in texts]
    return results, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="trained model (.tar.gz)")
    parser.add_argument("--data", default="tests/nlu_holdout/holdout.yml")
    parser.add_argument("--out", default="var/nlu-eval.json")
    args = parser.parse_args(argv)
    examples = load_examples(args.data)
    results, seconds = asyncio.run(parse_all(args.model, [ex["text"] for ex in examples]))
    report = score(examples, results)
    report["model"] = args.model
    report["data"] = args.data
    report["parse_ms_per_message"] = round(1000 * seconds / max(1, len(examples)), 2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    ent = report["entity"]["micro"]
    print(
        f"n={report['n']} intent macro-F1={report['intent_macro_f1']} "
        f"(base {report['intent_macro_f1_base']}) "
        f"accuracy={report['intent_accuracy']} entity F1={ent['f1']} "
        f"(P {ent['precision']} R {ent['recall']}) "
        f"OOS recall={report['oos_recall']} (incl. fallback {report['oos_recall_incl_fallback']})"
    )
    for c in report["top_confusions"][:10]:
        print(f"  {c['gold']} -> {c['predicted']}: {c['count']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

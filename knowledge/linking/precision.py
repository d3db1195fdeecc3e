"""Precision and recall of the automatic certification → occupation links against a labelled sample.

`knowledge/curated/link_gold.csv` (cert_id, cert_name, onet_codes `;`-separated, note, split) lists the
correct occupations for certifications chosen by a counselor. Rows marked `split=dev` may be used to tune
`LinkParams` (`--tune`); the figure reported in the README is on `split=test`, which tuning never sees.
Only automatic links are measured: overrides would make the figure meaningless.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import asdict
from pathlib import Path

from knowledge.importers.careeronestop import load_certifications
from knowledge.importers.esco import load_esco_aliases
from knowledge.importers.onet import load_onet
from knowledge.importers.report import ImportReport
from knowledge.linking.occupations import LinkParams, OccupationIndex, cert_parts, select


def read_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {
                "cert_id": r["cert_id"].strip(),
                "codes": {c.strip() for c in r["onet_codes"].split(";") if c.strip()},
                "split": (r.get("split") or "test").strip() or "test",
            }
            for r in csv.DictReader(fh)
            if r.get("cert_id")
        ]


def evaluate(scored: dict[str, list[tuple[str, float]]], gold: list[dict], params: LinkParams) -> dict:
    predicted = correct = gold_total = found = 0
    for g in gold:
        links = [c for c, _ in select(scored.get(g["cert_id"], []), params)]
        predicted += len(links)
        correct += sum(1 for c in links if c in g["codes"])
        gold_total += len(g["codes"])
        found += len(g["codes"] & set(links))
    return {
        "certs": len(gold),
        "predicted_links": predicted,
        "correct_links": correct,
        "precision": round(correct / predicted, 3) if predicted else None,
        "recall": round(found / gold_total, 3) if gold_total else None,
    }


def measure(sources: Path, gold_path: Path, params: LinkParams, tune: bool = False) -> dict:
    from knowledge.build import occupation_index  # late import: build imports this package

    report = ImportReport()
    onet = load_onet(sources / "onet_29_3", report)
    load_esco_aliases(sources, onet, report)
    certs = {
        c["id"]: c
        for c in load_certifications(
            sources / "careeronestop_certifications" / "certification_finder.csv.gz", report
        )
    }
    gold = read_gold(gold_path)
    missing = [g["cert_id"] for g in gold if g["cert_id"] not in certs]
    gold = [g for g in gold if g["cert_id"] in certs]
    index: OccupationIndex = occupation_index(onet)
    scored = {g["cert_id"]: index.score(cert_parts(certs[g["cert_id"]])) for g in gold}
    dev = [g for g in gold if g["split"] == "dev"]
    test = [g for g in gold if g["split"] != "dev"]
    tuned = None
    if tune and dev:
        best = None
        for min_score, ratio, top_k in itertools.product(
            (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25), (0.5, 0.6, 0.7, 0.8, 0.9), (1, 2, 3)
        ):
            p = LinkParams(min_score, ratio, top_k)
            r = evaluate(scored, dev, p)
            if r["precision"] is None or r["recall"] is None:
                continue
            # F0.5: a wrong link shows a person an irrelevant credential, a missing one only hides one
            p_, r_ = r["precision"], r["recall"]
            f = 1.25 * p_ * r_ / ((0.25 * p_ + r_) or 1)
            if best is None or f > best[0]:
                best = (f, p)
        tuned = best[1] if best else None
    used = tuned or params
    return {
        "params": asdict(used),
        "tuned_on_dev": tuned is not None,
        "unknown_cert_ids": missing,
        "dev": evaluate(scored, dev, used),
        "test": evaluate(scored, test, used),
        "all": evaluate(scored, gold, used),
    }

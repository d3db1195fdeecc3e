"""Do the CareerOneStop certifications Pivot recommends most say what they cost, how long they take and how
they are taken? (`python -m knowledge cos-coverage`, issue 11: "Add cost, duration and format to the 150
CareerOneStop certifications that Pivot recommends most".)

CareerOneStop's file has no cost, duration or format; a certification gets them from a curated record of the
same credential (`same_as`, the issuer's quote), which the recommender then shows in its place. What "Pivot
recommends most" means here: the top five of `recommend` over a fixed set of requests —

- every curated transition (its from-field, or no background for `any`, to its to-field),
- every labelled move of `tests/knowledge/moves_gold.yaml` as the person said it,
- every field and every labelled phrasing of `tests/knowledge/resolve_gold.csv` as a target with no
  background (people often say only where they want to go);

each shown item counts once for every CareerOneStop record it stands for (a CareerOneStop item for itself, a
curated item for the CareerOneStop ids in its `same_as`). The CareerOneStop ids are ranked by that count (ties
by id) and the first 150 are checked: an id is *covered* when the record a person reads for it (its curated
twin where there is one, else itself) states a cost, a time and a format.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import yaml

from knowledge.api import KnowledgeBase
from knowledge.evaluate import DEFAULT_GOLD
from knowledge.resolve_accuracy import read_gold
from knowledge.types import Credential

TOP = 5
WANTED = 150


def has_cost(c: Credential) -> bool:
    return c.cost_amount is not None or c.cost_max is not None


def has_time(c: Credential) -> bool:
    return bool(c.hours or c.weeks or c.duration_text)


def has_format(c: Credential) -> bool:
    return bool(c.format)


async def requests(kb: KnowledgeBase, moves: list[dict]) -> list[tuple[str | None, str]]:
    data = await kb._load()  # noqa: SLF001 - the measure reads the same loaded tables the API uses
    out: list[tuple[str | None, str]] = []
    for frm, to, _ in data.transitions.values():
        out.append((f"field:{frm}" if frm else None, f"field:{to}"))
    out += [(move["from"], move["to"]) for move in moves]
    out += [(None, f"field:{fid}") for fid in sorted(data.fields)]
    out += [(None, row.phrase) for row in read_gold()]
    return out


def load_moves(gold: Path = DEFAULT_GOLD) -> list[dict]:
    return yaml.safe_load(gold.read_text(encoding="utf-8"))["moves"]


async def measure(kb: KnowledgeBase, wanted: int = WANTED, moves: list[dict] | None = None) -> dict:
    counts: Counter[str] = Counter()
    reads: dict[str, Credential] = {}  # CareerOneStop id -> the record shown for it
    asked = await requests(kb, load_moves() if moves is None else moves)
    for frm, to in asked:
        result = await kb.recommend(frm, to, limit=TOP)
        for rec in result.recommendations:
            c = rec.credential
            ids = [c.id] if c.id.startswith("cos:") else [t for t in c.same_as if t.startswith("cos:")]
            for cid in ids:
                counts[cid] += 1
                reads.setdefault(cid, c)
    ranked = sorted(counts, key=lambda cid: (-counts[cid], cid))[:wanted]
    rows = []
    for cid in ranked:
        shown = reads[cid]
        own = await kb.get_credential(cid)
        rows.append(
            {
                "id": cid,
                "name": own.name if own else shown.name,
                "times_shown": counts[cid],
                "shown_as": shown.id,
                "cost": has_cost(shown),
                "time": has_time(shown),
                "format": has_format(shown),
            }
        )
    covered = [r for r in rows if r["cost"] and r["time"] and r["format"]]
    return {
        "requests": len(asked),
        "cos_ids_recommended": len(counts),
        "checked": len(rows),
        "covered": len(covered),
        "with_cost": sum(r["cost"] for r in rows),
        "with_time": sum(r["time"] for r in rows),
        "with_format": sum(r["format"] for r in rows),
        "rows": rows,
    }


def render(result: dict) -> str:
    n = result["checked"]
    return (
        f"{result['requests']} requests; {result['cos_ids_recommended']} CareerOneStop certifications "
        f"shown in a top five; of the {n} shown most: cost, time and format {result['covered']}/{n} "
        f"(cost {result['with_cost']}, time {result['with_time']}, format {result['with_format']})"
    )


def write(result: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

"""Precision of recommendations on labelled career moves (`python -m knowledge precision`).

Why: the ranking is judged by what a counselor would sign, so it is measured on moves labelled with the
credentials a counselor expects (`tests/knowledge/moves_gold.yaml`), not on the ranking's own signals.
Each move is asked twice: as the person said it (free text, so resolution errors count) and with the
labelled ids (ranking alone). For each, over the top five of `recommend`:

- precision@k = relevant items in the top k ÷ min(k, number of expected credentials): a move with two
  suitable credentials in the knowledge base is perfect with those two on top;
- a shown item is relevant when it is an expected credential or the same credential under another id
  (a curated record and its CareerOneStop twin: same name and issuer, `ranking.same_credential`);
- absurd: an item listed as absurd for the move, or one that is not relevant, whose occupations (those
  of all its records: a curated record and its `same_as` twins) share no SOC major group (first two
  digits) with the labelled target's occupations, and whose name shares no content word (stemmed:
  "welder" ~ "welding") with the move as said or the target's title (plain word overlap, not the
  ranking's idf-weighted name matching).

Figures are given overall and split by whether a curated transition was used for the move.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.api import KnowledgeBase
from knowledge.linking.names import words
from knowledge.query.ranking import same_credential
from knowledge.types import Credential

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "moves_gold.yaml"
TOP = 5


@dataclass(frozen=True)
class MoveScore:
    """How one move's top five fared."""

    label: str
    curated: bool  # a curated transition was used
    p3: float
    p5: float
    absurd: tuple[str, ...]  # names of absurd items shown
    shown: tuple[str, ...]


def load_gold(path: Path) -> list[dict]:
    moves = yaml.safe_load(path.read_text(encoding="utf-8"))["moves"]
    for m in moves:
        m.setdefault("absurd", [])
    return moves


def _precision(shown: list[Credential], expected: list[Credential], k: int) -> float:
    if not expected:
        return 0.0
    hits = sum(1 for c in shown[:k] if any(same_credential(c, e) for e in expected))
    return hits / min(k, len(expected))


async def _target_groups(kb: KnowledgeBase, to_id: str) -> set[str]:
    codes = await kb.side_codes(to_id)
    return {c[:2] for c in codes}


async def score_move(kb: KnowledgeBase, move: dict, use_ids: bool) -> MoveScore:
    frm, to = (move["from_id"], move["to_id"]) if use_ids else (move["from"], move["to"])
    result = await kb.recommend(frm, to, limit=TOP)
    shown = [r.credential for r in result.recommendations]
    expected = [c for cid in move["expected"] if (c := await kb.get_credential(cid)) is not None]
    absurd_ids = set(move["absurd"])
    groups = await _target_groups(kb, move["to_id"])
    said = set(words(f"{move['to']} {result.target.title if result.target else ''}"))
    absurd = []
    for c in shown:
        if any(same_credential(c, e) for e in expected):
            continue
        # one credential under several records (a curated record and its CareerOneStop twins) is linked to
        # the occupations of all of them
        occupations = [o for cid in (c.id, *c.same_as) for o in await kb.credential_occupations(cid)]
        unrelated = not any(code[:2] in groups for code in occupations) and not (set(words(c.name)) & said)
        if c.id in absurd_ids or unrelated:
            absurd.append(c.name)
    return MoveScore(
        f"{move['from']} -> {move['to']}",
        result.transition_id is not None,
        _precision(shown, expected, 3),
        _precision(shown, expected, 5),
        tuple(absurd),
        tuple(c.name for c in shown),
    )


def summarise(scores: list[MoveScore]) -> dict:
    def part(rows: list[MoveScore]) -> dict:
        n = len(rows)
        return {
            "moves": n,
            "precision_at_3": round(sum(r.p3 for r in rows) / n, 3) if n else None,
            "precision_at_5": round(sum(r.p5 for r in rows) / n, 3) if n else None,
            "absurd_share": round(sum(1 for r in rows if r.absurd) / n, 3) if n else None,
        }

    return {
        "all": part(scores),
        "with_curated_transition": part([s for s in scores if s.curated]),
        "without_curated_transition": part([s for s in scores if not s.curated]),
    }


async def measure(url: str, gold: Path, split: str | None) -> dict:
    moves = [m for m in load_gold(gold) if split in (None, m["split"])]
    kb = KnowledgeBase.from_url(url)
    try:
        out: dict = {"split": split or "all", "moves": len(moves)}
        for mode, use_ids in (("as_said", False), ("labelled_ids", True)):
            scores = [await score_move(kb, m, use_ids) for m in moves]
            out[mode] = summarise(scores)
            out[f"{mode}_moves"] = [
                {
                    "move": s.label,
                    "p3": round(s.p3, 2),
                    "p5": round(s.p5, 2),
                    "absurd": list(s.absurd),
                    "shown": list(s.shown),
                    "curated": s.curated,
                }
                for s in scores
            ]
        return out
    finally:
        await kb.close()


def render(result: dict) -> str:
    lines = [f"{result['moves']} labelled moves (split: {result['split']})"]
    for mode, title in (("as_said", "as the person said it"), ("labelled_ids", "with the labelled ids")):
        lines.append(f"{title}:")
        for part, figures in result[mode].items():
            if figures["moves"]:
                lines.append(
                    f"  {part.replace('_', ' '):<28} n={figures['moves']:<3} "
                    f"P@3 {figures['precision_at_3']:.3f}  P@5 {figures['precision_at_5']:.3f}  "
                    f"absurd in top 5 {figures['absurd_share']:.3f}"
                )
    return "\n".join(lines)


def write(result: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

"""Collects rejected rows by reason so an import can explain what it left out and why."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MAX_EXAMPLES = 5


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows written
    rejected: Counter = field(default_factory=Counter)  # "file: reason" -> rows
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def reject(self, source: str, reason: str, detail: str) -> None:
        key = f"{source}: {reason}"
        self.rejected[key] += 1
        if len(self.examples[key]) < MAX_EXAMPLES:
            self.examples[key].append(detail[:200])

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def total_rejected(self) -> int:
        return sum(self.rejected.values())

    def as_dict(self) -> dict:
        return {
            "counts": dict(sorted(self.counts.items())),
            "rejected_total": self.total_rejected,
            "rejected": {
                k: {"rows": v, "examples": self.examples[k]} for k, v in sorted(self.rejected.items())
            },
            "warnings": self.warnings,
            "seconds": round(self.seconds, 2),
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def render(self) -> str:
        lines = [f"Imported in {self.seconds:.1f} s:"]
        lines += [f"  {table:<28} {n:>7}" for table, n in sorted(self.counts.items())]
        lines.append(f"Rejected rows: {self.total_rejected}")
        for key, n in sorted(self.rejected.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {n:>6}  {key}   e.g. {self.examples[key][0]}")
        lines += [f"Warning: {w}" for w in self.warnings]
        return "\n".join(lines)

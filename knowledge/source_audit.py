"""Which curated prices and times are still quoted from a secondary page (`python -m knowledge source-audit`).

Issue 11 asks that every price and duration Pivot shows come from the issuer's own page wherever one exists.
`knowledge/curated/SOURCE_audit.md` lists the curated records whose *shown* price (`cost_min`/`cost_max`,
quoted in `evidence`) or *shown* time (`hours`/`weeks`, quoted in `evidence` or `duration_evidence`) rests on
a page of `source_kind` / `duration_source_kind` `secondary`. This module computes those lists (the rule the
file has stated since it was written) and rewrites the file's generated part, everything from the line
"- records: ..." on; the hand-written introduction above it is kept as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

CURATED = Path(__file__).resolve().parent / "curated"
AUDIT = CURATED / "SOURCE_audit.md"
MARKER = "- records: "


# the order the files were added in, as the audit has always listed them; any newer file after them
ORDER = ("credentials.jsonl", "credentials_tech.jsonl", "credentials_sector.jsonl")


def _files(curated: Path) -> list[Path]:
    known = [curated / name for name in ORDER if (curated / name).exists()]
    return known + sorted(p for p in curated.glob("credentials_*.jsonl") if p.name not in ORDER)


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _site(url: str | None) -> str:
    host = urlparse(url or "").netloc.lower()
    return host[4:] if host.startswith("www.") else host


def secondary_price(rec: dict) -> bool:
    return rec.get("source_kind") == "secondary" and rec.get("cost_min") is not None


def time_source(rec: dict) -> tuple[str | None, str | None]:
    """(kind, url) of the page the shown time is quoted from: the duration page when the record has one."""
    if rec.get("duration_source_url"):
        return rec.get("duration_source_kind") or rec.get("source_kind"), rec["duration_source_url"]
    return rec.get("source_kind"), rec.get("source_url")


def secondary_time(rec: dict) -> bool:
    return bool(rec.get("hours") or rec.get("weeks")) and time_source(rec)[0] == "secondary"


def audit(curated: Path = CURATED) -> dict:
    """{'records': n, 'price': {file: [(slug, site)]}, 'time': {...}}, files in the audit's order."""
    out: dict = {"records": 0, "price": {}, "time": {}}
    for path in _files(curated):
        recs = _records(path)
        out["records"] += len(recs)
        slug = lambda r: r["id"].removeprefix("cur:")  # noqa: E731
        out["price"][path.name] = [(slug(r), _site(r.get("source_url"))) for r in recs if secondary_price(r)]
        out["time"][path.name] = [(slug(r), _site(time_source(r)[1])) for r in recs if secondary_time(r)]
    return out


def render(result: dict) -> str:
    """The generated part of SOURCE_audit.md."""
    n_price = sum(len(v) for v in result["price"].values())
    n_time = sum(len(v) for v in result["time"].values())
    lines = [
        f"{MARKER}{result['records']}; price shown from a secondary page: {n_price}; "
        f"time shown from a secondary page: {n_time}",
        "",
    ]
    for key, title, total in (("price", "Price", n_price), ("time", "Time", n_time)):
        lines.append(f"**{title} from a secondary page** ({total}):")
        for name, rows in result[key].items():
            items = ", ".join(f"`{slug}` ({site})" for slug, site in rows)
            lines.append(f"- `{name}` ({len(rows)}): {items}")
        lines.append("")
    return "\n".join(lines[:-1]) + "\n"


def rewrite(path: Path = AUDIT, curated: Path = CURATED) -> str:
    """Rewrite the generated part of `path` from the curated files; returns the new text."""
    text = path.read_text(encoding="utf-8")
    head, sep, _ = text.partition(MARKER)
    if not sep:
        raise ValueError(f"{path}: no line starting with {MARKER!r}")
    new = head + render(audit(curated))
    path.write_text(new, encoding="utf-8")
    return new


def is_current(path: Path = AUDIT, curated: Path = CURATED) -> bool:
    text = path.read_text(encoding="utf-8")
    head, sep, _ = text.partition(MARKER)
    return bool(sep) and text == head + render(audit(curated))

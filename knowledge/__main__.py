"""Command line: `python -m knowledge import|migrate|stats|export|link-precision|precision|bench|...`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from knowledge.db import DEFAULT_URL

VAR = Path("var")


def _cmd_import(a: argparse.Namespace) -> int:
    from knowledge.build import build_kb

    report = build_kb(
        a.db, Path(a.sources), Path(a.curated), progress=not a.quiet, report_path=Path(a.report)
    )
    print(report.render())
    print(f"Report written to {a.report}")
    return 0


def _cmd_migrate(a: argparse.Namespace) -> int:
    from knowledge.db import migrate

    migrate(a.db)
    print(f"{a.db}: schema at head")
    return 0


def _cmd_stats(a: argparse.Namespace) -> int:
    from knowledge.api import KnowledgeBase

    async def go() -> dict:
        kb = KnowledgeBase.from_url(a.db)
        try:
            return await kb.stats()
        finally:
            await kb.close()

    counts = asyncio.run(go())
    print(json.dumps(counts, indent=2) if a.json else "\n".join(f"{k:<22}{v:>8}" for k, v in counts.items()))
    return 0


def _cmd_export(a: argparse.Namespace) -> int:
    from knowledge.export import export_curated

    for path in export_curated(a.db, Path(a.out)):
        print(path)
    return 0


def _cmd_export_nlu(a: argparse.Namespace) -> int:
    from knowledge.export import write_gazetteer

    n = write_gazetteer(a.db, Path(a.out))
    print(f"{a.out}: {n} entries")
    return 0


def _cmd_link_precision(a: argparse.Namespace) -> int:
    from knowledge.build import DEFAULT_LINK_PARAMS
    from knowledge.linking.precision import measure

    gold = Path(a.gold)
    if not gold.exists():
        print(f"{gold} not found: nothing to measure", file=sys.stderr)
        return 1
    result = measure(Path(a.sources), gold, DEFAULT_LINK_PARAMS, tune=a.tune)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    t = result["test"]
    print(
        f"automatic links, test split ({t['certs']} certifications): precision {t['precision']}, "
        f"recall {t['recall']} ({t['correct_links']}/{t['predicted_links']} links correct)"
    )
    d = result["dev"]
    print(
        f"dev split ({d['certs']}): precision {d['precision']}, recall {d['recall']}; "
        f"params {result['params']}"
        f"{' (tuned on dev)' if result['tuned_on_dev'] else ''}"
    )
    print(f"written to {out}")
    return 0


def _cmd_precision(a: argparse.Namespace) -> int:
    from knowledge.evaluate import measure, render, write

    gold = Path(a.gold)
    if not gold.exists():
        print(f"{gold} not found: nothing to measure", file=sys.stderr)
        return 1
    result = asyncio.run(measure(a.db, gold, a.split))
    write(result, Path(a.out))
    print(render(result))
    print(f"written to {a.out}")
    return 0


def _cmd_resolve_accuracy(a: argparse.Namespace) -> int:
    from knowledge.api import KnowledgeBase
    from knowledge.resolve_accuracy import measure, read_gold, render

    async def go() -> dict:
        kb = KnowledgeBase.from_url(a.db)
        try:
            rows = [r for r in read_gold() if a.split in (None, r.split)]
            return await measure(kb, rows)
        finally:
            await kb.close()

    result = asyncio.run(go())
    print(json.dumps(result, indent=2) if a.json else render(result))
    return 0


def _cmd_bench(a: argparse.Namespace) -> int:
    from knowledge.bench import bench

    result = bench(a.db, a.n)
    print(json.dumps(result) if a.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0


def _cmd_attribution(a: argparse.Namespace) -> int:
    from knowledge.attribution import TEXT

    print(TEXT)
    return 0


def _cmd_cos_coverage(a: argparse.Namespace) -> int:
    from knowledge.api import KnowledgeBase
    from knowledge.cos_coverage import measure, render, write

    async def go() -> dict:
        kb = KnowledgeBase.from_url(a.db)
        try:
            return await measure(kb)
        finally:
            await kb.close()

    result = asyncio.run(go())
    write(result, Path(a.out))
    print(render(result))
    print(f"written to {a.out}")
    return 0


def _cmd_source_audit(a: argparse.Namespace) -> int:
    from knowledge.source_audit import AUDIT, audit, rewrite

    rewrite(AUDIT)
    result = audit()
    n_price = sum(len(v) for v in result["price"].values())
    n_time = sum(len(v) for v in result["time"].values())
    print(f"{AUDIT}: {result['records']} records; price from a secondary page {n_price}, time {n_time}")
    return 0


def _cmd_vendor(a: argparse.Namespace) -> int:
    from knowledge.importers.vendor import vendor

    print("\n".join(vendor(Path(a.source), Path(a.out))))
    return 0


def main(argv: list[str] | None = None) -> int:
    from knowledge.build import DEFAULT_CURATED, DEFAULT_SOURCES
    from knowledge.evaluate import DEFAULT_GOLD

    p = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    def cmd(name: str, fn, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_)
        sp.add_argument("--db", default=DEFAULT_URL, help=f"database URL (default {DEFAULT_URL})")
        sp.set_defaults(fn=fn)
        return sp

    sp = cmd("import", _cmd_import, "build the knowledge base from sources and curated data (idempotent)")
    sp.add_argument("--sources", default=str(DEFAULT_SOURCES))
    sp.add_argument("--curated", default=str(DEFAULT_CURATED))
    sp.add_argument("--report", default=str(VAR / "import-report.json"))
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    cmd("migrate", _cmd_migrate, "alembic upgrade head")
    cmd("stats", _cmd_stats, "counts").add_argument("--json", action="store_true")
    cmd("export", _cmd_export, "export curated data for review").add_argument(
        "--out", default=str(VAR / "export")
    )
    cmd("export-nlu", _cmd_export_nlu, "write the NLU gazetteer").add_argument(
        "--out", default=str(VAR / "nlu" / "gazetteer.json")
    )
    sp = cmd("link-precision", _cmd_link_precision, "precision of automatic certification links")
    sp.add_argument("--sources", default=str(DEFAULT_SOURCES))
    sp.add_argument("--gold", default=str(DEFAULT_CURATED / "link_gold.csv"))
    sp.add_argument("--out", default=str(VAR / "link-precision.json"))
    sp.add_argument("--tune", action="store_true", help="tune thresholds on the dev split, report on test")
    sp = cmd("precision", _cmd_precision, "precision@3/@5 of recommendations on labelled moves")
    sp.add_argument("--gold", default=str(DEFAULT_GOLD))
    sp.add_argument("--split", choices=("dev", "test"), default=None, help="default: every move")
    sp.add_argument("--out", default=str(VAR / "moves-precision.json"))
    sp = cmd("resolve-accuracy", _cmd_resolve_accuracy, "top-1 accuracy of resolve on labelled phrasings")
    sp.add_argument("--split", choices=("dev", "test"), default=None, help="default: both halves")
    sp.add_argument("--json", action="store_true")
    sp = cmd("bench", _cmd_bench, "p50/p95 of resolve+recommend")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("-n", type=int, default=200)
    cmd("attribution", _cmd_attribution, "print the data attribution text")
    sp = cmd("cos-coverage", _cmd_cos_coverage, "facts of the CareerOneStop certs recommended most")
    sp.add_argument("--out", default=str(VAR / "cos-coverage.json"))
    cmd("source-audit", _cmd_source_audit, "rewrite curated/SOURCE_audit.md (facts from secondary pages)")
    sp = cmd("vendor", _cmd_vendor, "maintainers: copy and compact open data into knowledge/sources")
    sp.add_argument("--source", required=True)
    sp.add_argument("--out", default=str(DEFAULT_SOURCES))
    a = p.parse_args(argv)
    return a.fn(a)


if __name__ == "__main__":
    raise SystemExit(main())

"""Readers for the compacted source files (gzip TSV/CSV with a header row)."""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterator
from pathlib import Path

ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")

csv.field_size_limit(10_000_000)


def read_rows(path: Path, delimiter: str | None = None) -> Iterator[dict[str, str]]:
    """Yield rows as dicts; `.tsv(.gz)` files are tab-separated without quoting (O*NET's format)."""
    tab = ".tsv" in path.name if delimiter is None else delimiter == "\t"
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        if tab:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        else:
            reader = csv.DictReader(fh, delimiter=delimiter or ",")
        for row in reader:
            yield {k: (v or "").strip() for k, v in row.items() if k is not None}


def parse_float(value: str | float | int | None) -> float | None:
    """Float or None for empty; raises ValueError on garbage so callers can reject the row."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def flag(value: str) -> bool | None:
    """CareerOneStop/O*NET flags: 1/Y -> True, 0/N -> False, blank -> None."""
    v = value.strip().upper()
    if v in ("1", "Y", "YES", "TRUE"):
        return True
    if v in ("0", "N", "NO", "FALSE"):
        return False
    return None

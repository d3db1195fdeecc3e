"""`bench/` stands on its own: no module of it imports the test suite (issue 13). The tests may import
`bench.stack`; the other way round, a test refactor would break `make bench`."""

from __future__ import annotations

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def imported_modules(path: Path) -> list[str]:
    """Every module `path` imports by name, at any depth (functions included)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module":
            names.extend(
                a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )
    return names


def test_the_scanner_sees_an_import_of_tests(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\ndef f():\n    from tests.stack import Stack\n"
        "import importlib\nimportlib.import_module('tests.bot.fakes')\n",
        encoding="utf-8",
    )
    assert imported_modules(sample) == ["os", "importlib", "tests.stack", "tests.bot.fakes"]


def test_bench_never_imports_tests():
    files = sorted(BENCH.rglob("*.py"))
    assert len(files) >= 5  # the bench's modules are where this test looks
    offenders = {
        str(path.relative_to(BENCH.parent)): name
        for path in files
        for name in imported_modules(path)
        if name == "tests" or name.startswith("tests.")
    }
    assert offenders == {}

"""Bundle the widget's modules (`bot/static/src/*.js`) into the one file sites embed (`bot/static/widget.js`).

Why a 100-line bundler instead of esbuild: the widget has no dependencies, the project's CI and every
developer machine already have Python, and a readable bundle is easy to review in a diff. The modules are
plain ES modules restricted to two forms the bundler understands:

    import { a, b } from "./other.js";            (relative, named imports only)
    export function a() {}  /  export const b = …   (named exports only)

Each module becomes a function scope returning its exports, ordered so a module runs after the ones it
imports (a cycle is an error), inside one strict IIFE. `main.js` is the entry point. Comments that fill
whole lines (`// …` lines, `/* … */` blocks) stay in the sources and are left out of the bundle, which is
otherwise the sources as written (so a line inside a template literal must not start with `//` or `/*`).

It also writes the gzip copy of each text file the gateway serves from `bot/static/` (`widget.js.gz`,
`index.html.gz`; git ignores them), which the gateway sends to clients that accept gzip
(`bot/views/assets.py`, which checks that a copy matches its file before using it).

    python scripts/build_widget.py            # write bot/static/widget.js and the .gz copies
    python scripts/build_widget.py --check    # exit 1 if widget.js is not what the sources give
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "bot" / "static" / "src"
OUT = ROOT / "bot" / "static" / "widget.js"
ENTRY = "main.js"
GZIP_SUFFIXES = (".js", ".css", ".html", ".svg", ".json")  # what the gateway serves from bot/static/

IMPORT = re.compile(r'^import \{([^}]*)\} from "\./([\w-]+\.js)";\n', re.M)
EXPORT = re.compile(r"^export (?:async )?(?:function\*? |const |let |class )([A-Za-z_$][\w$]*)", re.M)
WHOLE_LINE_COMMENT = re.compile(r"^[ \t]*(?://[^\n]*|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/[ \t]*)\n", re.M)
BANNER = """/*!
 * Pivot chat widget — built from bot/static/src/ by scripts/build_widget.py; edit the sources, not this file.
 *
 *   <script src="https://HOST/widget.js" data-title="Pivot" data-color="#4f46e5"
 *           data-greeting="Hi!" data-position="right" data-lang="en" data-site="college-x" async></script>
 */
"""


class BundleError(Exception):
    pass


def _var(name: str) -> str:
    return "m_" + re.sub(r"\W", "_", name.removesuffix(".js"))


def _order(modules: dict[str, str]) -> list[str]:
    """Modules in dependency order from the entry point (depth first)."""
    done: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            raise BundleError(f"import cycle through {name}")
        if name not in modules:
            raise BundleError(f"{name} is imported but does not exist in {SRC}")
        visiting.add(name)
        for _, dep in IMPORT.findall(modules[name]):
            visit(dep)
        visiting.discard(name)
        done.append(name)

    visit(ENTRY)
    return done


def bundle(src: Path = SRC) -> str:
    modules = {p.name: p.read_text(encoding="utf-8") for p in sorted(src.glob("*.js"))}
    parts = [BANNER, '(function () {\n"use strict";\nif (window.PivotWidget) return;\n']
    exports: dict[str, set[str]] = {}
    for name in _order(modules):
        code = modules[name]
        exports[name] = set(EXPORT.findall(code))
        header = []
        for names, dep in IMPORT.findall(code):
            wanted = [n.strip() for n in names.split(",") if n.strip()]
            missing = [n for n in wanted if n not in exports[dep]]
            if missing:
                raise BundleError(f"{name} imports {', '.join(missing)} which {dep} does not export")
            header.append(f"const {{ {', '.join(wanted)} }} = {_var(dep)};")
        body = EXPORT.sub(lambda m: m.group(0).removeprefix("export "), IMPORT.sub("", code))
        body = WHOLE_LINE_COMMENT.sub("", body).strip("\n")
        if re.search(r"^(import|export)\b", body, re.M):
            raise BundleError(f"{name}: only named imports from ./x.js and `export function|const` bundle")
        returned = ", ".join(sorted(exports[name]))
        parts.append(
            f"// ---- {name}\nconst {_var(name)} = (function () {{\n"
            + "".join(h + "\n" for h in header)
            + body
            + f"\nreturn {{ {returned} }};\n}})();\n"
        )
    parts.append("})();\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail if widget.js is out of date")
    args = parser.parse_args(argv)
    try:
        text = bundle()
    except BundleError as exc:
        print(f"build_widget: {exc}", file=sys.stderr)
        return 2
    size, packed = len(text.encode()), len(gzip_bytes(text.encode()))
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print("build_widget: bot/static/widget.js is out of date; run `make widget`", file=sys.stderr)
            return 1
        return 0
    if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
        OUT.write_text(text, encoding="utf-8")
    write_gzip_copies(OUT.parent)
    print(f"widget.js: {size:,} bytes, {packed:,} gzipped")
    return 0


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no time stamp or name in the header), at the highest level."""
    return gzip.compress(data, 9, mtime=0)


def write_gzip_copies(folder: Path) -> list[Path]:
    """`<file>.gz` next to each text file of `folder` the gateway serves, rewritten only when it changes."""
    written = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix not in GZIP_SUFFIXES:
            continue
        gz = path.with_name(path.name + ".gz")
        packed = gzip_bytes(path.read_bytes())
        if not gz.exists() or gz.read_bytes() != packed:
            gz.write_bytes(packed)
        written.append(gz)
    return written


if __name__ == "__main__":
    sys.exit(main())

"""The widget's bundle (`scripts/build_widget.py`): up to date with its sources, modules kept apart,
import mistakes refused."""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_widget", ROOT / "scripts" / "build_widget.py")
assert _spec and _spec.loader
build_widget = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_widget)


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, code in files.items():
        (folder / name).write_text(code, encoding="utf-8")
    return folder


def test_committed_bundle_is_what_the_sources_give():
    assert build_widget.main(["--check"]) == 0, "run `make widget` and commit bot/static/widget.js"
    size = len(gzip.compress((ROOT / "bot" / "static" / "widget.js").read_bytes(), 9))
    assert size < 25_000  # the README states the size; a jump means something heavy came in


def test_modules_keep_their_own_names_and_run_in_order(tmp_path):
    src = write(
        tmp_path / "src",
        {
            "a.js": 'const secret = "a";\nexport function greet(who) { return secret + ":" + who; }\n',
            "b.js": 'import { greet } from "./a.js";\nconst secret = "b";\n'
            "export const twice = (w) => greet(w) + secret;\n",
            "main.js": 'import { twice } from "./b.js";\nglobalThis.out = twice("x");\n',
        },
    )
    code = build_widget.bundle(src)
    assert code.index("// ---- a.js") < code.index("// ---- b.js") < code.index("// ---- main.js")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the bundle's order was checked, not its run")
    script = "globalThis.window = {};\n" + code + "\nconsole.log(globalThis.out);\n"
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "a:xb"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {
                "main.js": 'import { x } from "./a.js";\n',
                "a.js": 'import { y } from "./main.js";\nexport const x = 1;\n',
            },
            "cycle",
        ),
        ({"main.js": 'import { nope } from "./a.js";\n', "a.js": "export const x = 1;\n"}, "does not export"),
        ({"main.js": 'import { x } from "./missing.js";\n'}, "does not exist"),
        ({"main.js": 'import x from "./a.js";\n', "a.js": "export default 1;\n"}, "only"),
    ],
)
def test_import_mistakes_are_refused(tmp_path, files, message):
    src = write(tmp_path / "src", files)
    with pytest.raises(build_widget.BundleError, match=message):
        build_widget.bundle(src)


def test_whole_line_comments_are_left_out_and_code_is_kept(tmp_path):
    src = write(
        tmp_path / "src",
        {
            "main.js": "/**\n * Why this module exists.\n */\n"
            "// a line comment\n"
            "  /* an indented block */\n"
            "/* a block */ globalThis.a = 1; /* and code after it */\n"
            'globalThis.b = "// not a comment"; // a trailing comment stays\n'
            "globalThis.c = `/* kept: inside a string on one line */`;\n"
            "globalThis.d = /\\/\\*x/.test('/*x');\n",
        },
    )
    code = build_widget.bundle(src)
    assert "Why this module" not in code and "a line comment" not in code and "indented" not in code
    assert "/* a block */ globalThis.a = 1;" in code and "a trailing comment stays" in code
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the comments were checked, not the run")
    script = "globalThis.window = {};\n" + code + "\nconsole.log(JSON.stringify([a, b, c, d]));\n"
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == '[1,"// not a comment","/* kept: inside a string on one line */",true]'


def test_the_bundle_parses():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    subprocess.run([node, "--check", str(ROOT / "bot" / "static" / "widget.js")], check=True)

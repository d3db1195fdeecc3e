"""The widget's size: the one file sites embed, raw and as the gateway sends it gzipped.

    python -m bench.widget [--json]

Bundles `bot/static/src/` in memory as `make widget` does (`scripts/build_widget.py`), then starts the real
gateway (`python -m bot serve`, Rasa not running: serving the widget needs no other part) on this checkout's
`bot/static/` and reads `/widget.js` twice on a loopback socket, once accepting gzip and once not: the
figures are the bytes on the wire. `served_is_current` says whether the committed bundle (and its gzip
copy) is what the sources give; when it is not, run `make widget` first.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from bench.dashboard import free_port, start_gateway, wait_listening

ROOT = Path(__file__).resolve().parents[1]


def build_module() -> Any:
    spec = importlib.util.spec_from_file_location("build_widget", ROOT / "scripts" / "build_widget.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fetch(url: str, accept_gzip: bool) -> tuple[bytes, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if accept_gzip else "identity"})
    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - a loopback URL we built
        return resp.read(), dict(resp.headers)


def run() -> dict[str, Any]:
    build = build_module()
    bundle = build.bundle().encode()
    modules = sorted(p.name for p in build.SRC.glob("*.js"))
    workdir = Path(tempfile.mkdtemp(prefix="pivot-bench-widget-"))
    port = free_port()
    proc = start_gateway(f"sqlite:///{workdir}/app.db", workdir, port)
    try:
        wait_listening(port, proc)
        url = f"http://127.0.0.1:{port}/widget.js"
        packed, packed_headers = fetch(url, accept_gzip=True)
        plain, plain_headers = fetch(url, accept_gzip=False)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    gzipped = packed_headers.get("Content-Encoding") == "gzip"
    return {
        "raw_bytes": len(plain),
        "gzip_bytes": len(packed),
        "served_gzipped": gzipped,
        "served_is_current": plain == bundle and (not gzipped or gzip.decompress(packed) == bundle),
        "bundle_raw_bytes": len(bundle),
        "bundle_gzip_bytes": len(build.gzip_bytes(bundle)),
        "modules": len(modules),
        "module_names": modules,
        "vary": packed_headers.get("Vary"),
        "identity_content_encoding": plain_headers.get("Content-Encoding"),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.widget")
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args(argv)
    figures = run()
    if not args.json:
        print(
            f"widget.js: {figures['raw_bytes']:,} bytes, {figures['gzip_bytes']:,} gzipped on the wire "
            f"({figures['modules']} modules; current: {figures['served_is_current']})"
        )
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

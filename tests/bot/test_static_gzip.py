"""The widget and the demo page go out gzipped to clients that accept it, as they are to others.

The real gateway (`init_app`) on a copy of `bot/static/` with the gzip copies the build writes
(`scripts/build_widget.py`, as `make widget` does); responses are read raw (`auto_decompress=False`), so
what is checked is the bytes on the wire.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
from pathlib import Path

import pytest

from bot.app import init_app
from bot.views.assets import accepts_gzip

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_widget", ROOT / "scripts" / "build_widget.py")
assert _spec and _spec.loader
build_widget = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_widget)

RAW = {"auto_decompress": False}


@pytest.fixture
def static(tmp_path) -> Path:
    folder = tmp_path / "static"
    folder.mkdir()
    for name in ("widget.js", "index.html"):
        shutil.copy(ROOT / "bot" / "static" / name, folder / name)
    assert {p.name for p in build_widget.write_gzip_copies(folder)} == {"widget.js.gz", "index.html.gz"}
    return folder


@pytest.fixture
async def client(aiohttp_client, gateway_settings, static):
    return await aiohttp_client(await init_app(gateway_settings.replace(static_dir=str(static))))


async def test_widget_is_sent_gzipped_to_a_browser_that_accepts_it(client, static):
    widget = (static / "widget.js").read_bytes()
    resp = await client.get("/widget.js", headers={"Accept-Encoding": "gzip, deflate, br"}, **RAW)
    body = await resp.read()
    assert resp.status == 200
    assert resp.headers["Content-Encoding"] == "gzip"
    assert resp.headers["Vary"] == "Accept-Encoding"
    assert resp.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert resp.headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert resp.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert body == (static / "widget.js.gz").read_bytes()  # the build's copy, not compressed again
    assert int(resp.headers["Content-Length"]) == len(body) < len(widget) / 2
    assert gzip.decompress(body) == widget
    etag = resp.headers["ETag"]
    again = await client.get("/widget.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}, **RAW)
    assert again.status == 304 and await again.read() == b""
    assert again.headers["ETag"] == etag and again.headers["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0, deflate", "br"])
async def test_widget_is_sent_as_is_to_a_client_that_does_not_accept_gzip(client, static, accept):
    headers = {"Accept-Encoding": accept} if accept else {}
    no_header = {} if accept else {"skip_auto_headers": ["Accept-Encoding"]}  # none sent at all
    resp = await client.get("/widget.js", headers=headers, **no_header, **RAW)
    assert resp.status == 200
    assert "Content-Encoding" not in resp.headers
    assert resp.headers["Vary"] == "Accept-Encoding"  # a shared cache must not hand this to everyone
    assert await resp.read() == (static / "widget.js").read_bytes()
    gz = await client.get("/widget.js", headers={"Accept-Encoding": "gzip"}, **RAW)
    assert resp.headers["ETag"] != gz.headers["ETag"]  # one validator per representation
    # The gzip version's tag does not validate the plain one (and the other way round).
    cross = await client.get(
        "/widget.js", headers={**headers, "If-None-Match": gz.headers["ETag"]}, **no_header, **RAW
    )
    assert cross.status == 200
    same = await client.get(
        "/widget.js", headers={**headers, "If-None-Match": resp.headers["ETag"]}, **no_header, **RAW
    )
    assert same.status == 304


async def test_a_stale_gzip_copy_is_never_served(client, static):
    """widget.js rebuilt (or pulled) without `make widget`: its old .gz no longer matches it."""
    (static / "widget.js").write_text("console.log('new build');\n" * 40, encoding="utf-8")
    (static / "widget.js.gz").write_bytes(gzip.compress(b"console.log('old build');\n"))
    resp = await client.get("/widget.js", headers={"Accept-Encoding": "gzip"}, **RAW)
    assert resp.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(await resp.read()) == (static / "widget.js").read_bytes()
    (static / "widget.js.gz").write_bytes(b"not gzip at all")
    (static / "widget.js").write_text("console.log('third build');\n" * 40, encoding="utf-8")
    resp = await client.get("/widget.js", headers={"Accept-Encoding": "gzip"}, **RAW)
    assert gzip.decompress(await resp.read()).startswith(b"console.log('third build')")


async def test_a_rebuilt_widget_gets_a_new_etag(client, static):
    first = await client.get("/widget.js", headers={"Accept-Encoding": "gzip"}, **RAW)
    (static / "widget.js").write_text("console.log('next');\n" * 40, encoding="utf-8")
    build_widget.write_gzip_copies(static)
    headers = {"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    second = await client.get("/widget.js", headers=headers, **RAW)
    assert second.status == 200 and second.headers["ETag"] != first.headers["ETag"]
    assert gzip.decompress(await second.read()).startswith(b"console.log('next')")


async def test_demo_page_is_gzipped_and_keeps_its_csp(client, static):
    resp = await client.get("/", headers={"Accept-Encoding": "gzip"}, **RAW)
    assert resp.headers["Content-Encoding"] == "gzip"
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["Cache-Control"] == "no-cache"
    assert gzip.decompress(await resp.read()) == (static / "index.html").read_bytes()
    plain = await client.get("/", skip_auto_headers=["Accept-Encoding"], **RAW)
    assert "Content-Encoding" not in plain.headers
    assert await plain.read() == (static / "index.html").read_bytes()


async def test_gzip_copies_are_not_files_of_their_own(client):
    assert (await client.get("/static/widget.js.gz")).status == 404
    assert (await client.get("/static/widget.js")).status == 200


@pytest.mark.parametrize(
    ("header", "gzip_ok"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("deflate, gzip;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("*;q=0", False),
        ("gzip;q=0", False),
        ("gzip;q=0.0, *", False),
        ("br, deflate", False),
        ("identity", False),
        ("", False),
        ("gzip;q=oops", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, gzip_ok):
    assert accepts_gzip(header) is gzip_ok


DASHBOARD_STATIC = ROOT / "bot" / "counselor" / "static"


@pytest.mark.parametrize(
    ("name", "ctype"), [("dashboard.css", "text/css"), ("dashboard.js", "application/javascript")]
)
async def test_dashboard_css_and_js_go_out_gzipped_like_the_widget(client, caplog, name, ctype):
    """No build step compresses the dashboard's files: the gateway does, once, without a warning."""
    plain = (DASHBOARD_STATIC / name).read_bytes()
    url = f"/counselor/static/{name}"
    resp = await client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"}, **RAW)  # not logged in
    body = await resp.read()
    assert resp.status == 200
    assert resp.headers["Content-Encoding"] == "gzip" and resp.headers["Vary"] == "Accept-Encoding"
    assert resp.headers["Content-Type"] == f"{ctype}; charset=utf-8"
    assert gzip.decompress(body) == plain
    assert int(resp.headers["Content-Length"]) == len(body) < len(plain)
    assert resp.headers["Cache-Control"] == "no-cache"  # kept by the browser, revalidated by ETag
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]  # the dashboard's headers
    assert "missing or stale" not in caplog.text
    again = await client.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": resp.headers["ETag"]}, **RAW
    )
    assert again.status == 304 and await again.read() == b""
    assert again.headers["Cache-Control"] == "no-cache" and again.headers["ETag"] == resp.headers["ETag"]
    identity = await client.get(url, skip_auto_headers=["Accept-Encoding"], **RAW)
    assert "Content-Encoding" not in identity.headers and identity.headers["Vary"] == "Accept-Encoding"
    assert await identity.read() == plain and identity.headers["ETag"] != resp.headers["ETag"]


def test_the_dashboard_css_is_worth_compressing():
    """The figure the test above relies on: the stylesheet more than halves on the wire."""
    css = (DASHBOARD_STATIC / "dashboard.css").read_bytes()
    assert len(build_widget.gzip_bytes(css)) < len(css) / 2


@pytest.mark.parametrize(
    "path",
    ["dashboard.css.gz", ".hidden", "nope.css", "..%2F__init__.py", "..%5C__init__.py"],
)
async def test_the_dashboard_serves_only_its_own_files(client, path):
    resp = await client.get(f"/counselor/static/{path}", headers={"Accept-Encoding": "gzip"})
    assert resp.status == 404
    assert resp.headers["Cache-Control"] == "no-store"  # an error page keeps the dashboard's rule

"""GET /healthz, the demo page, /widget.js, /static/ and the security headers."""

from __future__ import annotations

from pathlib import Path

from bot.app import init_app


async def test_healthz_ok(gateway_client):
    resp = await gateway_client.get("/healthz")
    assert resp.status == 200
    assert await resp.json() == {
        "status": "ok",
        "parts": {
            "rasa": "ok",
            "actions": "ok",
            "app_db": "ok",
            "kb_db": "ok",
            "notifications": "off (no destinations in SITES_CONFIG)",  # advisory, never a 503
            "handback": "ok",  # releases waiting for Rasa (bot.handback), advisory too
            "widget": "ok: 0 replies sent, 0 acknowledged, 0 re-sent, 0 old buttons answered, "
            "0 kept while Rasa was down",
        },
        "counts": {"widget": {}},  # the channels' delivery counters since start
    }


async def test_healthz_names_the_failing_parts(aiohttp_client, gateway_settings, fake_actions, tmp_path):
    fake_actions.healthy = False
    settings = gateway_settings.replace(
        rasa_urls=(*gateway_settings.rasa_urls, "http://127.0.0.1:9"),
        kb_database_url=f"sqlite:///{tmp_path / 'missing' / 'kb.db'}",
    )
    client = await aiohttp_client(await init_app(settings))
    resp = await client.get("/healthz")
    assert resp.status == 503
    body = await resp.json()
    assert body["failing"] == ["rasa", "actions", "kb_db"]
    assert body["parts"]["rasa"].startswith("http://127.0.0.1:9: unreachable")
    assert body["parts"]["actions"] == "HTTP 503"
    assert body["parts"]["kb_db"].startswith("missing file")
    assert not (tmp_path / "missing").exists()


async def test_healthz_rejects_a_wrong_rasa_token(aiohttp_client, gateway_settings):
    client = await aiohttp_client(await init_app(gateway_settings.replace(rasa_token="wrong")))
    body = await (await client.get("/healthz")).json()
    assert body["parts"]["rasa"].endswith("HTTP 401")


async def test_demo_page_has_the_widget_and_a_csp(gateway_client):
    resp = await gateway_client.get("/")
    assert resp.status == 200
    html = await resp.text()
    assert '<script src="/widget.js"' in html
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


async def test_placeholder_page_when_no_static_folder(aiohttp_client, gateway_settings, tmp_path):
    empty = tmp_path / "static"
    empty.mkdir()
    client = await aiohttp_client(await init_app(gateway_settings.replace(static_dir=str(empty))))
    resp = await client.get("/")
    assert '<script src="/widget.js" data-title="Pivot" async></script>' in await resp.text()
    assert (await client.get("/widget.js")).status == 404


async def test_widget_js_content_type_and_caching(aiohttp_client, gateway_settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "widget.js").write_text("console.log('pivot');\n")
    (static / "style.css").write_text("body{}\n")
    client = await aiohttp_client(await init_app(gateway_settings.replace(static_dir=str(static))))
    resp = await client.get("/widget.js")
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert resp.headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert resp.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    etag = resp.headers["ETag"]
    again = await client.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status == 304
    css = await client.get("/static/style.css")
    assert css.status == 200 and css.headers["X-Content-Type-Options"] == "nosniff"
    assert (await client.get("/static/../../etc/passwd")).status in (403, 404)


WIDGET_PRESENT = (Path(__file__).resolve().parents[2] / "bot" / "static" / "widget.js").is_file()


async def test_real_widget_is_served_when_present(gateway_client):
    resp = await gateway_client.get("/widget.js")
    assert resp.status == (200 if WIDGET_PRESENT else 404)

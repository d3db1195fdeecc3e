"""Headers on every response, no second copy of the demo page, owner-only SQLite files and a refused
non-HTTPS Telegram webhook URL (issue 12); the Telegram part of /healthz is in telegram/test_health.py."""

from __future__ import annotations

import stat

import pytest

from bot.app import init_app
from bot.db import Database, migrate
from bot.keys import WIDGET_SESSIONS_KEY
from bot.settings import Settings, SettingsError


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/nowhere", {}, 404),
        ("put", "/api/v1/messages", {}, 405),
        ("post", "/api/v1/messages", {"data": "not json"}, 400),
        ("post", "/api/v1/messages", {"json": {"sender_id": "tg:1", "text": "hi"}}, 400),
        ("get", "/ws?sender_id=web:abcdefgh", {"headers": {"Origin": "https://evil.example"}}, 403),
        ("get", "/counselor/", {"allow_redirects": False}, 303),
        ("get", "/healthz", {}, 200),
        ("get", "/", {}, 200),
    ],
)
async def test_every_response_has_nosniff_and_no_versions(gateway_client, method, path, kwargs, status):
    resp = await getattr(gateway_client, method)(path, **kwargs)

    assert resp.status == status
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Server"] == "Pivot"


async def test_websocket_handshake_has_nosniff(gateway_client):
    sender_id, token = gateway_client.app[WIDGET_SESSIONS_KEY].issue()
    ws = await gateway_client.ws_connect(
        f"/ws?sender_id={sender_id}&token={token}", headers={"Origin": "https://college.example"}
    )
    try:
        assert ws._response.headers["X-Content-Type-Options"] == "nosniff"  # noqa: SLF001
        assert ws._response.headers["Server"] == "Pivot"  # noqa: SLF001
    finally:
        await ws.close()


async def test_no_second_copy_of_the_demo_page(aiohttp_client, gateway_settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<button>Delete my data</button>")
    (static / "README.md").write_text("notes")
    (static / "icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    client = await aiohttp_client(await init_app(gateway_settings.replace(static_dir=str(static))))

    for path in ("/static/index.html", "/static/README.md", "/static/.hidden", "/static/../app.db"):
        assert (await client.get(path)).status == 404, path
    page = await client.get("/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert (await client.get("/static/icon.svg")).status == 200


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_sqlite_files_are_owner_only(tmp_path):
    app_db = tmp_path / "app.db"
    migrate(f"sqlite:///{app_db}")
    older = tmp_path / "tracker.db"
    older.touch(mode=0o644)
    older.chmod(0o644)
    fresh = tmp_path / "fresh.db"

    for path in (older, fresh):
        db = Database.from_url(f"sqlite:///{path}")
        await db.ping()
        await db.dispose()

    assert {p.name: _mode(p) for p in (app_db, older, fresh)} == {
        n: 0o600 for n in ("app.db", "tracker.db", "fresh.db")
    }


@pytest.mark.parametrize(
    "url", ["http://pivot.example/telegram/webhook", "pivot.example/telegram/webhook", "ftp://x.example/"]
)
def test_a_webhook_url_telegram_would_refuse_is_refused_at_start(url):
    env = {
        "TELEGRAM_BOT_TOKEN": "1:x",
        "TELEGRAM_WEBHOOK_URL": url,
        "TELEGRAM_SECRET_TOKEN": "abcdefghijklmnop",
    }
    with pytest.raises(SettingsError, match="must be an https:// URL"):
        Settings.from_env(env)

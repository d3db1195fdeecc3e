"""Security of the dashboard: login required, CSRF, roles, lockout, cookie flags, headers."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from bot.counselor.models import AuditEntry, Counselor
from bot.keys import DB_KEY

from .conftest import PASSWORD, add_counselor, csrf_of, login, seed

PAGES = [
    "/counselor/",
    "/counselor/handoffs",
    "/counselor/c/web:abc",
    "/counselor/export.csv",
    "/counselor/admin/audit",
    "/counselor/admin/counselors",
    "/counselor/admin/person",
]


async def test_pages_without_session_redirect_to_login(client) -> None:
    for path in PAGES:
        resp = await client.get(path, allow_redirects=False)
        assert resp.status == 303, path
        assert resp.headers["Location"].startswith("/counselor/login?next=/counselor/"), path


async def test_post_without_session_is_refused(client) -> None:
    await seed(client, "web:p1", [("hi", "hello")])
    token = await csrf_of(client, "/counselor/login")  # a valid token, but nobody is logged in
    resp = await client.post("/counselor/c/web:p1/note", data={"text": "x", "csrf_token": token})
    assert resp.status == 401


async def test_login_sets_strict_httponly_cookie_and_headers(client) -> None:
    await add_counselor(client, "c@example.org")
    resp = await login(client, "c@example.org")
    assert resp.status == 303 and resp.headers["Location"] == "/counselor/"
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/counselor/" in cookie
    page = await client.get("/counselor/")
    assert page.status == 200
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"


async def test_wrong_password_is_refused_and_audited(client) -> None:
    await add_counselor(client, "c@example.org")
    resp = await login(client, "c@example.org", "wrong password!!")
    assert resp.status == 401
    assert "Wrong email or password" in await resp.text()
    assert (await client.get("/counselor/", allow_redirects=False)).status == 303
    async with client.app[DB_KEY].sessionmaker() as db:
        actions = list(await db.scalars(select(AuditEntry.action)))
    assert actions == ["login_failed"]


async def test_forged_csrf_token_is_refused(client, login_as) -> None:
    await login_as("counselor")
    await seed(client, "web:p1", [("hi", "hello")])
    resp = await client.post("/counselor/c/web:p1/note", data={"text": "x", "csrf_token": "forged"})
    assert resp.status == 403
    resp = await client.post("/counselor/c/web:p1/note", data={"text": "x"})
    assert resp.status == 403
    resp = await client.post("/counselor/logout", data={})
    assert resp.status == 403


async def test_login_form_needs_csrf(client) -> None:
    await add_counselor(client, "c@example.org")
    resp = await client.post("/counselor/login", data={"email": "c@example.org", "password": PASSWORD})
    assert resp.status == 403


async def test_counselor_cannot_reach_admin_pages(client, login_as) -> None:
    await login_as("counselor")
    await seed(client, "web:p1", [("hi", "hello")])
    for path in (
        "/counselor/admin/audit",
        "/counselor/admin/counselors",
        "/counselor/admin/person",
        "/counselor/admin/person/web:p1/delete",
        "/counselor/admin/person/web:p1/export.json",
    ):
        assert (await client.get(path)).status == 403, path
    token = await csrf_of(client, "/counselor/")
    resp = await client.post(
        "/counselor/admin/person/web:p1/delete", data={"csrf_token": token, "confirm": "web:p1"}
    )
    assert resp.status == 403
    resp = await client.post("/counselor/admin/purge", data={"csrf_token": token, "days": "1"})
    assert resp.status == 403
    page = await client.get("/counselor/")
    assert "Audit log" not in await page.text()


async def test_admin_reaches_admin_pages(client, login_as) -> None:
    await login_as("admin")
    for path in ("/counselor/admin/audit", "/counselor/admin/counselors", "/counselor/admin/person"):
        assert (await client.get(path)).status == 200, path


async def test_lockout_after_five_failures(client) -> None:
    await add_counselor(client, "c@example.org")
    for _ in range(5):
        assert (await login(client, "c@example.org", "nope nope nope")).status == 401
    resp = await login(client, "c@example.org")  # right password, but locked
    assert resp.status == 401
    assert "locked for 15 minutes" in await resp.text()
    async with client.app[DB_KEY].sessionmaker() as db:
        c = await db.scalar(select(Counselor).where(Counselor.email == "c@example.org"))
        until = (
            c.locked_until.replace(tzinfo=timezone.utc) if c.locked_until.tzinfo is None else c.locked_until
        )
        assert 14 * 60 < (until - datetime.now(timezone.utc)).total_seconds() <= 15 * 60
        c.locked_until = datetime(2000, 1, 1, tzinfo=timezone.utc)  # the 15 minutes are over
        await db.commit()
    assert (await login(client, "c@example.org")).status == 303


async def test_unknown_email_locks_like_a_known_one(client) -> None:
    """Guesses at an unknown email are throttled too, and the answers match a real account's."""
    await add_counselor(client, "real@example.org")
    answers = {}
    for email in ("real@example.org", "ghost@example.org"):
        answers[email] = [(await login(client, email, "nope nope nope")).status for _ in range(5)]
        answers[email].append((await login(client, email)).status)  # right password (for the real one)
        assert "locked for 15 minutes" in await (await login(client, email)).text()
    assert answers["real@example.org"] == answers["ghost@example.org"] == [401] * 6


async def test_password_spraying_from_one_address_is_throttled(client) -> None:
    await add_counselor(client, "real@example.org")
    statuses = [(await login(client, f"guess{i}@example.org", "nope nope nope")).status for i in range(20)]
    resp = await login(client, "real@example.org")  # even the right password waits

    assert statuses == [401] * 20
    assert resp.status == 429 and "try again in 15 minutes" in await resp.text()


async def test_logout_ends_session(client, login_as) -> None:
    await login_as("counselor")
    token = await csrf_of(client, "/counselor/")
    resp = await client.post("/counselor/logout", data={"csrf_token": token}, allow_redirects=False)
    assert resp.status == 303
    assert (await client.get("/counselor/", allow_redirects=False)).status == 303


async def test_next_cannot_redirect_off_site(client) -> None:
    await add_counselor(client, "c@example.org")
    token = await csrf_of(client, "/counselor/login")
    resp = await client.post(
        "/counselor/login",
        data={"email": "c@example.org", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
        allow_redirects=False,
    )
    assert resp.headers["Location"] == "/counselor/"


async def test_cookie_is_secure_behind_https(aiohttp_client, settings) -> None:
    from bot.app import init_app

    client = await aiohttp_client(await init_app(settings.replace(public_url="https://pivot.example.org")))
    resp = await client.get("/counselor/login")  # the login form starts a session (for its CSRF token)
    cookie = resp.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


async def test_other_routes_get_no_session_cookie(client) -> None:
    resp = await client.get("/healthz")
    assert "Set-Cookie" not in resp.headers

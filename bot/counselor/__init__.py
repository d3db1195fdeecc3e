"""Counselor dashboard (`/counselor/`): summaries, review, hand-off replies, exports, data requests.

`init_counselor(app, settings)` is called by the gateway's app factory. It adds the session
middleware (encrypted cookie), the dashboard's own guard middleware (login, CSRF, roles), the
security headers, the templates (their own jinja2 environment, autoescaped) and the routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp import web
from aiohttp_session import get_session, session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.counselor import gateway, turn_summaries
from bot.counselor.auth import (
    COOKIE_NAME,
    COUNSELOR_EMAIL,
    COUNSELOR_ROLE,
    LOGIN_THROTTLE,
    SESSION_MAX_AGE,
    LoginThrottle,
    check_csrf,
    derive_cookie_key,
)
from bot.counselor.queries import AGGREGATES, Aggregates
from bot.counselor.templating import setup_templates
from bot.counselor.views import routes
from bot.settings import Settings
from bot.views import assets

PREFIX = "/counselor"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STATIC = Path(__file__).with_name("static")
PUBLIC_PATHS = frozenset({PREFIX + "/login"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
STATIC_CACHE = "no-cache"  # the dashboard's CSS/JS: stored, but revalidated (304) on every page
# Development only: Settings.check() refuses a missing or short SESSION_SECRET in production.
DEV_SECRET = "pivot-development-session-secret-not-for-production"  # noqa: S105


def _is_dashboard(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


@web.middleware
async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
    """Login required (except the login page and static files), CSRF on every POST, fresh role."""
    path = request.path
    if not _is_dashboard(path) or path.startswith(PREFIX + "/static/"):
        return await handler(request)
    if path == PREFIX:
        raise web.HTTPPermanentRedirect(PREFIX + "/")
    if request.method == "POST":
        await check_csrf(request)
    if path in PUBLIC_PATHS:
        return await handler(request)
    session = await get_session(request)
    counselor_id = session.get("counselor_id")
    counselor = None
    if counselor_id is not None:
        from bot.counselor.models import Counselor

        async with gateway.reader(request.app)() as db:
            counselor = await db.get(Counselor, counselor_id)
    if counselor is None:
        session.invalidate()
        if request.method == "GET":
            raise web.HTTPSeeOther(f"{PREFIX}/login?next={quote(request.rel_url.path_qs, safe='/')}")
        raise web.HTTPUnauthorized(text="Log in first.")
    request[COUNSELOR_EMAIL] = counselor.email
    request[COUNSELOR_ROLE] = counselor.role  # read from the DB each time: a demotion applies at once
    return await handler(request)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if _is_dashboard(request.path):
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        if request.path.startswith(PREFIX + "/static/") and response.status in (200, 304):
            response.headers["Cache-Control"] = STATIC_CACHE  # no person's data: kept, checked by ETag


async def _static(request: web.Request) -> web.StreamResponse:
    """The dashboard's CSS and JS as the widget goes out (`bot.views.assets`): from memory, gzipped when
    the browser accepts it, with a content ETag and `Vary: Accept-Encoding`."""
    path = assets.asset_path(STATIC, request.match_info["name"])
    return await assets.serve(request, path, prebuilt=False)


def _http_client(app: web.Application) -> Any:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        app[gateway.HTTP] = aiohttp.ClientSession()
        yield
        await app[gateway.HTTP].close()

    return ctx


def init_counselor(app: web.Application, settings: Settings) -> None:
    """Register the dashboard on the gateway's app (before it starts)."""
    secret = settings.session_secret or DEV_SECRET  # Settings.check() refuses this in production
    sessions = session_middleware(
        EncryptedCookieStorage(
            derive_cookie_key(secret),
            cookie_name=COOKIE_NAME,
            path=PREFIX + "/",
            httponly=True,
            samesite="Strict",
            secure=settings.public_url.lower().startswith("https://"),
            max_age=SESSION_MAX_AGE,
        )
    )

    @web.middleware
    async def dashboard_sessions(request: web.Request, handler: Any) -> web.StreamResponse:
        """Sessions only under /counselor/: the widget, API and WebSocket never see the cookie code."""
        if _is_dashboard(request.path):
            return await sessions(request, handler)
        return await handler(request)

    app.middlewares.append(dashboard_sessions)
    app.middlewares.append(guard)
    app.on_response_prepare.append(_security_headers)
    setup_templates(app, TEMPLATES)
    app[gateway.SETTINGS] = settings
    app[LOGIN_THROTTLE] = LoginThrottle()
    app[AGGREGATES] = Aggregates()
    app.cleanup_ctx.append(_http_client(app))
    app.cleanup_ctx.append(turn_summaries.ctx)  # after the HTTP client: rebuilds read Rasa's tracker
    app.router.add_routes(routes)
    assets.setup_cache(app)
    app.router.add_get(PREFIX + r"/static/{name:[A-Za-z0-9_.-]+}", _static, name="counselor_static")


__all__ = ["init_counselor"]

"""The demo page (`/`), the widget script (`/widget.js`) and other assets of `bot/static/` (`/static/`).

The widget files are the widget owner's; until `bot/static/index.html` exists a minimal demo page is
served from here so `/` always shows the widget. Files go out through `bot.views.assets`: from memory,
gzipped when the client accepts it (the build's `.gz`), with content ETags and `Vary: Accept-Encoding`.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.keys import SETTINGS_KEY
from bot.views.assets import asset_path, serve, setup_cache

DEFAULT_STATIC = Path(__file__).resolve().parent.parent / "static"
WIDGET_CACHE = "public, max-age=300, must-revalidate"
NOT_ASSETS = frozenset({".html", ".htm", ".md"})
PLACEHOLDER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pivot: career-transition advisor</title>
</head>
<body>
<main>
<h1>Pivot</h1>
<p>Tell Pivot where you work now and where you want to go; it suggests credentials that bridge the move.</p>
</main>
<script src="/widget.js" data-title="Pivot" async></script>
</body>
</html>
"""


def static_dir(app: web.Application) -> Path:
    configured = app[SETTINGS_KEY].static_dir
    return Path(configured) if configured else DEFAULT_STATIC


def demo_csp(request: web.Request) -> str:
    host = request.host
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        f"connect-src 'self' ws://{host} wss://{host}; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'; object-src 'none'"
    )


async def index(request: web.Request) -> web.StreamResponse:
    page = static_dir(request.app) / "index.html"
    headers = {"Content-Security-Policy": demo_csp(request), "Cache-Control": "no-cache"}
    if page.is_file():
        return await serve(request, page, headers)
    return web.Response(text=PLACEHOLDER, content_type="text/html", charset="utf-8", headers=headers)


async def widget(request: web.Request) -> web.StreamResponse:
    return await serve(
        request,
        static_dir(request.app) / "widget.js",
        {
            "Cache-Control": WIDGET_CACHE,
            "Cross-Origin-Resource-Policy": "cross-origin",  # embeddable on other origins
        },
    )


async def asset(request: web.Request) -> web.StreamResponse:
    """A file of `bot/static/` other than pages: the demo page is served only at `/`, with its CSP, so
    no second copy of it (without CSP, frameable) exists at `/static/index.html`."""
    path = asset_path(static_dir(request.app), request.match_info["name"])
    if path.suffix.lower() in NOT_ASSETS:
        raise web.HTTPNotFound()
    return await serve(request, path, {"Cache-Control": WIDGET_CACHE})


def setup(app: web.Application) -> None:
    setup_cache(app)
    app.router.add_get("/", index)
    app.router.add_get("/widget.js", widget)
    app.router.add_get(r"/static/{name:[A-Za-z0-9_.-]+}", asset)

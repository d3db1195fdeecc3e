"""Error, security-header and CORS middlewares.

- Errors: `ApiError` → its status; HTTP errors on our JSON paths (and unmatched routes) → `{"error": ...}`;
  anything unexpected → 500 `{"error": "internal error"}` with the traceback in the log, never the body.
- Security headers on every response (an `on_response_prepare` hook); the demo page sets its own CSP.
- CORS for `/api/` from `ALLOWED_ORIGINS` only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.keys import SETTINGS_KEY
from bot.validation import ApiError

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UNAVAILABLE = "Pivot is temporarily unavailable. Please try again in a minute."
JSON_PREFIXES = ("/api/", "/healthz", "/ws", "/telegram/")
_REASONS = {
    400: "bad request",
    401: "unauthorized",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request body too large (at most 64 KB)",
    415: "unsupported media type",
    429: "too many requests",
}


def json_error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers)


def origin_allowed(request: web.Request, origin: str | None) -> bool:
    """Allowed only when listed in ALLOWED_ORIGINS (which by default holds PUBLIC_URL's origin and
    localhost). Never compared with the request's own `Host`: a script sets both headers at will."""
    if not origin:
        return False
    return origin.rstrip("/").lower() in request.app[SETTINGS_KEY].allowed_origins


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return json_error(exc.status, exc.message, exc.headers)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        unmatched = request.match_info.http_exception is not None
        if unmatched or request.path.startswith(JSON_PREFIXES):
            message = _REASONS.get(exc.status, exc.reason.lower())
            if exc.status == 413 and not unmatched:
                message = _REASONS[413]
            headers = {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after")}
            return json_error(exc.status, message, headers)
        raise
    except (SQLAlchemyError, OSError) as exc:  # database (or another backing service) down: retryable
        log.error("backing service failed on %s %s: %r", request.method, request.path, exc)
        return json_error(503, UNAVAILABLE, {"Retry-After": "30"})
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return json_error(500, "internal error")


SERVER_NAME = "Pivot"  # instead of aiohttp's "Python/3.x aiohttp/3.x"


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """`on_response_prepare` hook, so it reaches every response — errors, redirects, files, the
    WebSocket handshake — not only those a handler returns."""
    response.headers["Server"] = SERVER_NAME
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.content_type == "text/html":
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")


@web.middleware
async def cors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/"):
        return await handler(request)
    origin = request.headers.get("Origin")
    allowed = origin_allowed(request, origin)
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        if not allowed:
            return json_error(403, "origin not allowed")
        response: web.StreamResponse = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-API-Key, Authorization"
        response.headers["Access-Control-Max-Age"] = "600"
    else:
        try:
            response = await handler(request)
        except ApiError as exc:  # keep CORS headers on errors so the browser can read them
            response = json_error(exc.status, exc.message, exc.headers)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            response = json_error(exc.status, _REASONS.get(exc.status, exc.reason.lower()))
    response.headers["Vary"] = "Origin"
    if allowed and origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "Retry-After"
    return response

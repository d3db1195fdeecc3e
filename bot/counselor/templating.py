"""Dashboard templates: their own Jinja2 environment (autoescaped, strict), the page context every
page gets (CSRF token, who is logged in, the hand-off badge), filters for dates and constraints, and
the geometry of the inline SVG bar charts (no chart library, no CDN).

The environment lives under its own app key and no context-processor middleware is installed, so
the dashboard adds nothing to requests outside `/counselor/`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import get_session

from bot.counselor.auth import COUNSELOR_EMAIL, COUNSELOR_ROLE, CSRF_FIELD, csrf_token
from bot.counselor.queries import open_handoffs

JINJA = web.AppKey("counselor_jinja", jinja2.Environment)

BAR_HEIGHT = 22
BAR_GAP = 6


def fmt_dt(value: datetime | str | None, with_seconds: bool = False) -> str:
    """UTC, short and sortable: `2026-11-29 14:05`."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def hbars(items: list[tuple[str, int]], width: int = 420, label_width: int = 230) -> dict[str, Any]:
    """Geometry for a horizontal bar chart (moves asked about): one row per item."""
    peak = max((n for _, n in items), default=0) or 1
    span = width - label_width - 40
    rows = []
    for i, (label, n) in enumerate(items):
        rows.append(
            {
                "label": label if len(label) <= 34 else label[:33] + "…",
                "full": label,
                "n": n,
                "y": i * (BAR_HEIGHT + BAR_GAP),
                "w": max(2, round(span * n / peak)),
            }
        )
    return {
        "rows": rows,
        "width": width,
        "label_width": label_width,
        "height": max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP),
        "bar": BAR_HEIGHT,
    }


def vbars(days: list[tuple[str, int]], width: int = 420, height: int = 150) -> dict[str, Any]:
    """Geometry for a vertical bar chart (conversations per day), bars at most 28 px wide."""
    peak = max((n for _, n in days), default=0) or 1
    plot_top, plot_h = 16, height - 38  # room for value labels above and dates below
    step = width / max(1, len(days))
    bar_w = max(1.0, min(step - 3, 28.0))
    bars = []
    for i, (day, n) in enumerate(days):
        h = round(plot_h * n / peak)
        x = i * step + (step - bar_w) / 2
        bars.append(
            {"day": day, "n": n, "x": round(x, 1), "w": round(bar_w, 1), "y": plot_top + plot_h - h, "h": h,
             "cx": round(x + bar_w / 2, 1)}
        )  # fmt: skip
    ticks = []
    if days:
        ticks = [{"x": 0, "label": days[0][0][5:], "anchor": "start"}]
        if len(days) > 1:
            ticks.append({"x": width, "label": days[-1][0][5:], "anchor": "end"})
    return {
        "bars": bars, "width": width, "height": height, "peak": peak, "ticks": ticks,
        "base": plot_top + plot_h, "labels": len(days) <= 31,
    }  # fmt: skip


def constraint_labels(constraints: dict[str, Any]) -> list[str]:
    """Readable constraint chips: `budget up to $500`, `10 h/week`, `online`."""
    out = []
    for key, value in constraints.items():
        if key == "budget":
            out.append(f"budget up to ${float(value):,.0f}")
        elif key == "weeks":
            out.append(f"at most {float(value):g} weeks")
        elif key == "hours_per_week":
            out.append(f"{float(value):g} h/week")
        elif key == "no_degree":
            out.append("no degree")
        else:
            out.append(str(value).replace("_", " "))
    return out


def register_filters(env: jinja2.Environment) -> None:
    env.filters["dt"] = fmt_dt
    env.filters["constraints"] = constraint_labels
    env.globals["hbars"] = hbars
    env.globals["vbars"] = vbars


def setup_templates(app: web.Application, folder: Path) -> jinja2.Environment:
    env = aiohttp_jinja2.setup(
        app,
        app_key=JINJA,
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
    register_filters(env)
    return env


async def page_context(request: web.Request) -> dict[str, Any]:
    """What the layout needs on every page."""
    session = await get_session(request)
    logged_in = request.get(COUNSELOR_EMAIL)
    return {
        "handoff_open": await open_handoffs(request.app) if logged_in else 0,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(session),
        "me": logged_in,
        "is_admin": request.get(COUNSELOR_ROLE) == "admin",
        "path": request.path,
    }


async def render(
    request: web.Request, name: str, context: Mapping[str, Any], status: int = 200
) -> web.Response:
    response = aiohttp_jinja2.render_template(
        name, request, {**await page_context(request), **context}, app_key=JINJA
    )
    response.set_status(status)
    return response


def template(name: str) -> Callable[..., Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """`@template("counselor/x.html")` on a handler that returns the page's context."""

    def wrap(
        handler: Callable[[web.Request], Awaitable[Mapping[str, Any]]],
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        @functools.wraps(handler)
        async def page(request: web.Request) -> web.StreamResponse:
            return await render(request, name, await handler(request))

        return page

    return wrap

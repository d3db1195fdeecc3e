"""Dashboard pages under `/counselor/`. Every handler that changes or reveals data writes an
audit entry; every POST has passed the CSRF check in the middleware before it gets here."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from aiohttp_session import get_session
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.counselor import gateway, handoff_panel, queries
from bot.counselor.auth import (
    COUNSELOR_EMAIL,
    LOCKOUT,
    LOGIN_THROTTLE,
    LockedOut,
    authenticate,
    hash_password_async,
    login_session,
    require_admin,
)
from bot.counselor.models import ROLES, AuditEntry, ConversationTag, Counselor, Note
from bot.counselor.templating import render, template
from bot.db import Conversation
from bot.rate_limits import request_address

routes = web.RouteTableDef()
PREFIX = "/counselor"
MAX_NOTE_CHARS = 5000
MAX_REPLY_CHARS = 2000
MIN_PASSWORD_CHARS = 12


def _actor(request: web.Request) -> str:
    return request[COUNSELOR_EMAIL]


def _safe_next(target: str | None) -> str:
    """Only same-site dashboard paths: no open redirect through `?next=`."""
    if target and target.startswith(PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX + "/"


async def _form(request: web.Request) -> dict[str, str]:
    data = await request.post()
    return {k: v for k, v in data.items() if isinstance(v, str)}


async def _audit(request: web.Request, action: str, target: str | None = None, **detail: Any) -> None:
    async with gateway.database(request.app).sessionmaker() as db:
        await queries.audit(db, _actor(request), action, target, **detail)


def _conv_url(sender_id: str) -> str:
    return f"{PREFIX}/c/{sender_id}"


async def _conversation_or_404(request: web.Request) -> Conversation:
    sender_id = request.match_info["sender_id"]
    async with gateway.reader(request.app)() as db:
        conv = await db.get(Conversation, sender_id)
    if conv is None:
        raise web.HTTPNotFound(text="No such conversation.")
    return conv


# ------------------------------------------------------------------ login / logout
@routes.get(PREFIX + "/login", name="counselor_login")
@template("counselor/login.html")
async def login_form(request: web.Request) -> dict[str, Any]:
    return {"next": _safe_next(request.query.get("next")), "error": None}


@routes.post(PREFIX + "/login")
async def login_submit(request: web.Request) -> web.StreamResponse:
    form = await _form(request)
    email, password = form.get("email", "").strip().lower(), form.get("password", "")
    nxt = _safe_next(form.get("next"))
    error = "Wrong email or password."
    throttle, address = request.app[LOGIN_THROTTLE], request_address(request)
    async with gateway.database(request.app).sessionmaker() as db:
        try:
            blocked = throttle.blocked(email, address)
            if blocked == "address":
                await queries.audit(db, email or "?", "login_throttled", email, address=address)
                error = "Too many failed attempts from your network. Please try again in 15 minutes."
                return await render(request, "counselor/login.html", {"next": nxt, "error": error}, 429)
            if blocked == "email":
                raise LockedOut(datetime.now(timezone.utc) + LOCKOUT)
            counselor = await authenticate(db, email, password)
        except LockedOut as exc:
            await queries.audit(db, email or "?", "login_locked", email, until=exc.until.isoformat())
            error = "Too many failed attempts. This account is locked for 15 minutes."
        except PermissionError:
            throttle.failed(email, address)
            await queries.audit(db, email or "?", "login_failed", email)
            if throttle.blocked(email, address) == "email":  # the attempt a known account locks on
                error = "Too many failed attempts. This account is locked for 15 minutes."
        else:
            throttle.succeeded(email)
            await login_session(request, counselor)
            await queries.audit(db, counselor.email, "login", counselor.email)
            raise web.HTTPSeeOther(nxt)
    return await render(request, "counselor/login.html", {"next": nxt, "error": error, "email": email}, 401)


@routes.post(PREFIX + "/logout", name="counselor_logout")
async def logout(request: web.Request) -> web.StreamResponse:
    await _audit(request, "logout", _actor(request))
    session = await get_session(request)
    session.invalidate()
    raise web.HTTPSeeOther(PREFIX + "/login")


# ------------------------------------------------------------------ inbox and hand-offs
def _page_links(query: dict[str, str], page: queries.Page) -> dict[str, str | None]:
    def link(n: int) -> str:
        return "?" + urlencode({**query, "page": str(n)} if n > 1 else query)

    return {
        "first": link(1) if page.number > 1 else None,
        "prev": link(page.number - 1) if page.number > 1 else None,
        "next": link(page.number + 1) if page.number < page.pages else None,
        "last": link(page.pages) if page.number < page.pages else None,
    }


@routes.get(PREFIX + "/", name="counselor_inbox")
@template("counselor/inbox.html")
async def inbox(request: web.Request) -> dict[str, Any]:
    filters = queries.Filters.from_query(request.query)
    page = await queries.inbox_page(request.app, filters, queries.page_number(request.query))
    query = filters.as_query()
    return {
        "filters": filters,
        "page": page,
        "rows": page.rows,
        "links": _page_links(query, page),
        "chart": await queries.chart_data(request.app, filters),
        "counts": await queries.counts(request.app),
        "facets": await queries.facets(request.app),
        "export_query": urlencode(query),
        "max_export": queries.MAX_EXPORT,
    }


@routes.get(PREFIX + "/handoffs", name="counselor_handoffs")
@template("counselor/handoffs.html")
async def handoffs(request: web.Request) -> dict[str, Any]:
    filters = queries.Filters(handoff="yes", reviewed="no")
    page = await queries.inbox_page(request.app, filters, queries.page_number(request.query), order="waiting")
    senders = [r.conv.sender_id for r in page.rows]
    notices = await handoff_panel.notice_states(gateway.database(request.app), senders)
    return {
        "page": page,
        "rows": page.rows,
        "links": _page_links({}, page),
        "counts": await queries.counts(request.app),
        "notices": notices,
    }


@routes.get(PREFIX + "/export.{fmt:(json|csv)}", name="counselor_export_list")
async def export_list(request: web.Request) -> web.StreamResponse:
    """The filtered list (newest first, at most MAX_EXPORT rows) from the cached summaries."""
    filters = queries.Filters.from_query(request.query)
    rows = [queries.list_row(r) for r in await queries.inbox(request.app, filters)]
    await _audit(
        request,
        "export_list",
        None,
        filters=filters.as_query(),
        rows=len(rows),
        format=request.match_info["fmt"],
    )
    if request.match_info["fmt"] == "json":
        body, ctype = json.dumps({"conversations": rows}, ensure_ascii=False, indent=1), "application/json"
    else:
        body, ctype = queries.to_csv(rows, queries.LIST_COLUMNS), "text/csv"
    return web.Response(
        text=body,
        content_type=ctype,
        headers={
            "Content-Disposition": f'attachment; filename="pivot-conversations.{request.match_info["fmt"]}"'
        },
    )


# ------------------------------------------------------------------ one conversation
@routes.get(PREFIX + "/c/{sender_id}", name="counselor_conversation")
@template("counselor/conversation.html")
async def conversation(request: web.Request) -> dict[str, Any]:
    """The summary as of the last message: a cached one that is missing or older (a turn still in its
    quiet period, a message under hold) is rebuilt at once and waited for (at most `FRESH_WAIT_S`; if
    Rasa is that slow the older one is shown with a notice and the rebuild goes on)."""
    conv = await _conversation_or_404(request)
    if queries.is_stale(conv):
        await request.app[queries.SUMMARIES].fresh([conv.sender_id], timeout=queries.FRESH_WAIT_S)
        conv = await _conversation_or_404(request)
    summary = queries.cached_summary(conv) or queries.pending_summary(conv)
    updating = queries.is_stale(conv)
    async with gateway.reader(request.app)() as db:
        messages = await queries.messages_of(db, conv.sender_id)
        notes = list(await db.scalars(select(Note).where(Note.sender_id == conv.sender_id).order_by(Note.id)))
        tags = sorted(
            await db.scalars(select(ConversationTag.tag).where(ConversationTag.sender_id == conv.sender_id))
        )
    await _audit(request, "view_conversation", conv.sender_id)
    return {
        "handoff": await handoff_panel.panel(gateway.database(request.app), conv.sender_id),
        "conv": conv,
        "s": summary,
        "names": summary.names,
        "rasa_ok": summary.source not in ("gateway", "pending"),
        "updating": updating,
        "messages": messages,
        "notes": notes,
        "tags": tags,
        "me": _actor(request),
    }


@routes.post(PREFIX + "/c/{sender_id}/note")
async def add_note(request: web.Request) -> web.StreamResponse:
    conv = await _conversation_or_404(request)
    text = (await _form(request)).get("text", "").strip()[:MAX_NOTE_CHARS]
    if text:
        async with gateway.database(request.app).sessionmaker() as db:
            db.add(Note(sender_id=conv.sender_id, author=_actor(request), text=text))
            await db.commit()
            await queries.audit(db, _actor(request), "add_note", conv.sender_id, chars=len(text))
    raise web.HTTPSeeOther(_conv_url(conv.sender_id) + "#notes")


@routes.post(PREFIX + "/c/{sender_id}/tags")
async def change_tags(request: web.Request) -> web.StreamResponse:
    conv = await _conversation_or_404(request)
    form = await _form(request)
    add = form.get("add", "").strip().lower()[:64]
    remove = form.get("remove", "").strip()
    async with gateway.database(request.app).sessionmaker() as db:
        if add:
            db.add(ConversationTag(sender_id=conv.sender_id, tag=add))
            try:
                await db.commit()
                await queries.audit(db, _actor(request), "add_tag", conv.sender_id, tag=add)
            except IntegrityError:
                await db.rollback()  # already tagged
        if remove:
            await db.execute(
                delete(ConversationTag).where(
                    ConversationTag.sender_id == conv.sender_id, ConversationTag.tag == remove
                )
            )
            await db.commit()
            await queries.audit(db, _actor(request), "remove_tag", conv.sender_id, tag=remove)
    raise web.HTTPSeeOther(_conv_url(conv.sender_id) + "#tags")


@routes.post(PREFIX + "/c/{sender_id}/review")
async def mark_reviewed(request: web.Request) -> web.StreamResponse:
    conv = await _conversation_or_404(request)
    reviewed = (await _form(request)).get("reviewed", "yes") == "yes"
    await gateway.set_reviewed(request.app, conv.sender_id, reviewed)
    await _audit(request, "mark_reviewed" if reviewed else "mark_unreviewed", conv.sender_id)
    raise web.HTTPSeeOther(_conv_url(conv.sender_id))


@routes.post(PREFIX + "/c/{sender_id}/hold")
async def hold(request: web.Request) -> web.StreamResponse:
    conv = await _conversation_or_404(request)
    release = (await _form(request)).get("release") == "yes"
    await gateway.set_hold(request.app, conv.sender_id, None if release else _actor(request))
    await _audit(request, "release" if release else "hold", conv.sender_id)
    raise web.HTTPSeeOther(_conv_url(conv.sender_id))


@routes.post(PREFIX + "/c/{sender_id}/reply")
async def reply(request: web.Request) -> web.StreamResponse:
    conv = await _conversation_or_404(request)
    text = (await _form(request)).get("text", "").strip()
    if not text or len(text) > MAX_REPLY_CHARS:
        raise web.HTTPBadRequest(text=f"A reply needs 1 to {MAX_REPLY_CHARS} characters.")
    if not conv.held_by:
        # Replying takes the conversation: the bot stays quiet until a counselor releases it.
        await gateway.set_hold(request.app, conv.sender_id, _actor(request))
        await _audit(request, "hold", conv.sender_id, reason="reply")
    live = await gateway.deliver(request.app, conv.sender_id, text, _actor(request))
    await _audit(request, "reply", conv.sender_id, chars=len(text), live=live)
    raise web.HTTPSeeOther(_conv_url(conv.sender_id) + "#reply")


@routes.get(PREFIX + "/c/{sender_id}/export.{fmt:(json|csv)}", name="counselor_export_conversation")
async def export_conversation(request: web.Request) -> web.StreamResponse:
    conv = await _conversation_or_404(request)
    fmt = request.match_info["fmt"]
    data = await queries.person_export(request.app, conv.sender_id, with_tracker=False)
    assert data is not None
    await _audit(request, "export_conversation", conv.sender_id, format=fmt)
    filename = "pivot-" + "".join(ch if ch.isalnum() else "-" for ch in conv.sender_id)
    if fmt == "json":
        body, ctype = json.dumps(data, ensure_ascii=False, indent=1), "application/json"
    else:
        rows = [{"sender_id": conv.sender_id, **m} for m in data["messages"]]
        body, ctype = queries.to_csv(rows, ("sender_id", "ts", "from", "text", "buttons")), "text/csv"
    return web.Response(
        text=body,
        content_type=ctype,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )


# ------------------------------------------------------------------ admin: data requests
@routes.get(PREFIX + "/admin/person", name="counselor_person_lookup")
@template("counselor/person.html")
async def person_page(request: web.Request) -> dict[str, Any]:
    require_admin(request)
    sender_id = request.query.get("sender_id", "").strip()
    found = None
    if sender_id:
        async with gateway.reader(request.app)() as db:
            found = await db.get(Conversation, sender_id)
    return {
        "sender_id": sender_id,
        "conv": found,
        "done": request.query.get("deleted"),
        "purged": request.query.get("purged"),
        "retention_days": request.app[gateway.SETTINGS].retention_days,
    }


@routes.get(PREFIX + "/admin/person/{sender_id}/export.json")
async def person_export(request: web.Request) -> web.StreamResponse:
    require_admin(request)
    sender_id = request.match_info["sender_id"]
    data = await queries.person_export(request.app, sender_id)
    if data is None:
        raise web.HTTPNotFound(text="No such person.")
    await _audit(request, "export_person", sender_id)
    return web.json_response(
        data,
        dumps=lambda d: json.dumps(d, ensure_ascii=False, indent=1),
        headers={"Content-Disposition": 'attachment; filename="pivot-person.json"'},
    )


@routes.get(PREFIX + "/admin/person/{sender_id}/delete", name="counselor_person_delete")
@template("counselor/person_delete.html")
async def person_delete_confirm(request: web.Request) -> dict[str, Any]:
    require_admin(request)
    conv = await _conversation_or_404(request)
    async with gateway.reader(request.app)() as db:
        n_messages = len(await queries.messages_of(db, conv.sender_id))
    return {"conv": conv, "n_messages": n_messages, "error": None}


@routes.post(PREFIX + "/admin/person/{sender_id}/delete")
async def person_delete(request: web.Request) -> web.StreamResponse:
    require_admin(request)
    conv = await _conversation_or_404(request)
    if (await _form(request)).get("confirm", "").strip() != conv.sender_id:
        context = {"conv": conv, "n_messages": None, "error": "Type the exact id to confirm."}
        return await render(request, "counselor/person_delete.html", context, 400)
    result = await gateway.delete_person(request.app, conv.sender_id)
    await _audit(request, "delete_person", conv.sender_id, **result)
    raise web.HTTPSeeOther(f"{PREFIX}/admin/person?" + urlencode({"deleted": conv.sender_id}))


@routes.post(PREFIX + "/admin/purge")
async def purge(request: web.Request) -> web.StreamResponse:
    require_admin(request)
    settings = request.app[gateway.SETTINGS]
    try:
        days = int((await _form(request)).get("days") or settings.retention_days)
    except ValueError:
        raise web.HTTPBadRequest(text="days must be a whole number") from None
    if days < 1:
        raise web.HTTPBadRequest(text="days must be at least 1")
    purged = await gateway.purge(request.app, days)
    await _audit(request, "purge", None, days=days, conversations=purged)
    raise web.HTTPSeeOther(f"{PREFIX}/admin/person?" + urlencode({"purged": purged}))


# ------------------------------------------------------------------ admin: counselors and audit
@routes.get(PREFIX + "/admin/counselors", name="counselor_admin_counselors")
@template("counselor/counselors.html")
async def counselors(request: web.Request) -> dict[str, Any]:
    require_admin(request)
    async with gateway.reader(request.app)() as db:
        people = list(await db.scalars(select(Counselor).order_by(Counselor.email)))
    return {
        "people": people,
        "roles": ROLES,
        "error": request.query.get("error"),
        "added": request.query.get("added"),
    }


@routes.post(PREFIX + "/admin/counselors")
async def add_counselor(request: web.Request) -> web.StreamResponse:
    require_admin(request)
    form = await _form(request)
    email, role = form.get("email", "").strip().lower(), form.get("role", "counselor")
    password = form.get("password", "")
    error = None
    if "@" not in email or len(email) > 254:
        error = "Enter a valid email."
    elif role not in ROLES:
        error = "Unknown role."
    elif len(password) < MIN_PASSWORD_CHARS:
        error = f"Passwords need at least {MIN_PASSWORD_CHARS} characters."
    if error:
        raise web.HTTPSeeOther(f"{PREFIX}/admin/counselors?" + urlencode({"error": error}))
    password_hash = await hash_password_async(password)  # off the event loop, before any transaction
    async with gateway.database(request.app).sessionmaker() as db:
        db.add(Counselor(email=email, role=role, password_hash=password_hash, failed_attempts=0))
        try:
            await db.commit()
        except IntegrityError:
            raise web.HTTPSeeOther(
                f"{PREFIX}/admin/counselors?" + urlencode({"error": "That email already has an account."})
            ) from None
        await queries.audit(db, _actor(request), "add_counselor", email, role=role)
    raise web.HTTPSeeOther(f"{PREFIX}/admin/counselors?" + urlencode({"added": email}))


@routes.get(PREFIX + "/admin/audit", name="counselor_admin_audit")
@template("counselor/audit.html")
async def audit_log(request: web.Request) -> dict[str, Any]:
    require_admin(request)
    async with gateway.reader(request.app)() as db:
        entries = list(await db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)))
    return {"entries": entries}

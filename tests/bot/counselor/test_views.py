"""Dashboard pages on the real gateway app: summaries, escaping, notes, hand-off reply, exports, deletion."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from sqlalchemy import func, select, text, update

from bot import store, tracker_store
from bot.app import init_app
from bot.counselor.models import AuditEntry, ConversationTag, Note
from bot.db import Conversation, Message, utcnow
from bot.keys import DB_KEY, TRACKER_DB_KEY

from .conftest import add_counselor, csrf_of, login, recorded_tracker, seed

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


async def audit_actions(client) -> list[str]:
    async with client.app[DB_KEY].sessionmaker() as db:
        return list(await db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def test_conversation_page_shows_summary_from_tracker(client, login_as, trackers) -> None:
    await login_as("counselor")
    sid = "web:8f0c2d6e"
    trackers[sid] = recorded_tracker(sid)
    await seed(
        client, sid, [("I'm a bank teller and want to get into fintech", "Here are three credentials")]
    )
    page = await (await client.get(f"/counselor/c/{sid}")).text()
    assert "wants to move from bank teller to fintech" in page
    # From the recorded structured answers: their question, and what was recommended with its reason.
    assert "In their words: “Where do I even start?”" in page
    assert "Certified Bitcoin Professional (CBP)" in page and "linked to Fintech in my sources" in page
    assert "Rasa was not reachable" not in page
    async with client.app[DB_KEY].sessionmaker() as db:
        conv = await db.get(Conversation, sid)
        assert json.loads(conv.summary_json)["target_field"]["id"] == "field:fintech"
        assert conv.summary_updated_at is not None
    assert "view_conversation" in await audit_actions(client)


async def test_rasa_unreachable_summary_says_so(aiohttp_client, settings) -> None:
    client = await aiohttp_client(await init_app(settings.replace(rasa_urls=("http://127.0.0.1:9",))))
    await add_counselor(client, "c@example.org")
    await login(client, "c@example.org")
    await seed(client, "web:down", [("hello", "hi")])
    page = await (await client.get("/counselor/c/web:down")).text()
    assert "Rasa was not reachable" in page
    assert "sent 1 message" in page


async def test_user_html_is_shown_as_text(client, login_as) -> None:
    await login_as("counselor")
    await seed(client, "web:xss", [(XSS, "ok")], site=XSS)
    token = await csrf_of(client, "/counselor/c/web:xss")
    await client.post("/counselor/c/web:xss/note", data={"csrf_token": token, "text": XSS})
    await client.post("/counselor/c/web:xss/tags", data={"csrf_token": token, "add": "<b>x</b>"})
    for path in ("/counselor/c/web:xss", "/counselor/?q=script", "/counselor/handoffs"):
        body = await (await client.get(path)).text()
        assert "<script>alert" not in body and "<img src=x" not in body and "<b>x</b>" not in body, path
    body = await (await client.get("/counselor/c/web:xss")).text()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body


async def test_inbox_filters_search_and_chart(client, login_as, trackers) -> None:
    await login_as("counselor")
    trackers["web:fin"] = recorded_tracker("web:fin")
    await seed(client, "web:fin", [("bank teller to fintech", "ok")], site="cc-north")
    trackers["tg:77"] = {  # one message Rasa could not read (the recorded conversation has none)
        "sender_id": "tg:77",
        "events": [
            {"event": "user", "timestamp": 1.0, "text": "I teach and like design",
             "parse_data": {"intent": {"name": "nlu_fallback"}}},
            {"event": "action", "timestamp": 1.1, "name": "action_default_fallback"},
            {"event": "action", "timestamp": 1.2, "name": "action_listen"},
        ],
    }  # fmt: skip
    await seed(client, "tg:77", [("I teach and like design", "ok")])
    async with client.app[DB_KEY].sessionmaker() as db:
        await db.execute(update(Conversation).where(Conversation.sender_id == "tg:77").values(reviewed=True))
        await db.commit()

    async def shown(query: str) -> set[str]:
        body = await (await client.get("/counselor/?" + query)).text()
        return {sid for sid in ("web:fin", "tg:77") if f">{sid}</a>" in body}

    assert await shown("") == {"web:fin", "tg:77"}
    assert await shown("channel=telegram") == {"tg:77"}
    assert await shown("site=cc-north") == {"web:fin"}
    assert await shown("target=fintech") == {"web:fin"}
    assert await shown("fallbacks=yes") == {"tg:77"}
    assert await shown("reviewed=yes") == {"tg:77"}
    assert await shown("reviewed=no") == {"web:fin"}
    assert await shown("q=DESIGN") == {"tg:77"}
    today = utcnow().date()
    assert await shown(f"from={today}&to={today}") == {"web:fin", "tg:77"}
    assert await shown(f"to={today - timedelta(days=3)}") == set()
    body = await (await client.get("/counselor/")).text()
    assert "Banking → Fintech" in body and "<svg" in body


async def test_note_tag_review_hold_release(client, login_as) -> None:
    await login_as("counselor")
    await seed(client, "web:n", [("hi", "hello")])
    token = await csrf_of(client, "/counselor/c/web:n")
    url = "/counselor/c/web:n"
    assert (
        await client.post(url + "/note", data={"csrf_token": token, "text": "call back Tuesday"})
    ).status == 200
    await client.post(url + "/tags", data={"csrf_token": token, "add": "Fintech"})
    await client.post(url + "/tags", data={"csrf_token": token, "add": "fintech"})  # duplicate: ignored
    await client.post(url + "/review", data={"csrf_token": token, "reviewed": "yes"})
    await client.post(url + "/hold", data={"csrf_token": token})
    flags = await store.get_flags(client.app[DB_KEY], "web:n")
    assert flags.reviewed and flags.held_by == "counselor@example.org"
    await client.post(url + "/hold", data={"csrf_token": token, "release": "yes"})
    assert (await store.get_flags(client.app[DB_KEY], "web:n")).held_by is None
    async with client.app[DB_KEY].sessionmaker() as db:
        assert [n.text for n in await db.scalars(select(Note))] == ["call back Tuesday"]
        assert list(await db.scalars(select(ConversationTag.tag))) == ["fintech"]
    assert "call back Tuesday" in await (await client.get(url)).text()
    changes = [a for a in await audit_actions(client) if a != "view_conversation"]
    assert changes[-5:] == ["add_note", "add_tag", "mark_reviewed", "hold", "release"]


async def test_reply_holds_and_reaches_history(client, login_as) -> None:
    await login_as("counselor")
    await seed(client, "web:h", [("can I talk to a human?", "I've asked a counselor to join.")])
    await store.mark_handoff(client.app[DB_KEY], "web:h")
    queue = await (await client.get("/counselor/handoffs")).text()
    assert ">web:h</a>" in queue
    token = await csrf_of(client, "/counselor/c/web:h")
    resp = await client.post("/counselor/c/web:h/reply", data={"csrf_token": token, "text": "Hi, I'm Sam."})
    assert resp.status == 200
    history = await store.get_history(client.app[DB_KEY], "web:h")
    assert history[-1].text == "Hi, I'm Sam." and history[-1].from_ == "counselor"
    assert (await store.get_flags(client.app[DB_KEY], "web:h")).held_by == "counselor@example.org"
    bad = await client.post("/counselor/c/web:h/reply", data={"csrf_token": token, "text": "  "})
    assert bad.status == 400


async def test_exports(client, login_as, trackers) -> None:
    await login_as("counselor")
    trackers["web:e"] = recorded_tracker("web:e")
    await seed(client, "web:e", [('=HYPERLINK("http://x")', 'hello, "friend"\nnew line')])
    await client.get("/counselor/c/web:e")  # caches the summary
    one = await (await client.get("/counselor/c/web:e/export.json")).json()
    assert one["conversation"]["sender_id"] == "web:e"
    assert [m["from"] for m in one["messages"]] == ["user", "bot"]
    assert one["summary"]["target_field"]["id"] == "field:fintech"
    resp = await client.get("/counselor/c/web:e/export.csv")
    assert resp.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(await resp.text())))
    assert rows[0]["text"] == '\'=HYPERLINK("http://x")'  # formula injection neutralised
    assert rows[1]["text"] == 'hello, "friend"\nnew line'
    listing = await (await client.get("/counselor/export.json?target=fintech")).json()
    assert [c["sender_id"] for c in listing["conversations"]] == ["web:e"]
    assert listing["conversations"][0]["fallbacks"] == 0  # the recorded conversation: all answered
    table = list(csv.DictReader(io.StringIO(await (await client.get("/counselor/export.csv")).text())))
    assert table[0]["sender_id"] == "web:e" and table[0]["target_field"] == "fintech"
    assert {"export_conversation", "export_list"} <= set(await audit_actions(client))


async def test_admin_exports_and_deletes_a_person(client, login_as) -> None:
    await login_as("admin")
    await seed(client, "web:gone", [("hi", "hello"), ("my email is a@b.c", "noted")])
    await seed(client, "web:stays", [("hi", "hello")])
    tracker = client.app[TRACKER_DB_KEY]
    await tracker_store.create_table(tracker)
    await tracker_store.add_events(tracker, ["web:gone", "web:stays"])
    token = await csrf_of(client, "/counselor/c/web:gone")
    await client.post("/counselor/c/web:gone/note", data={"csrf_token": token, "text": "private"})
    await client.post("/counselor/c/web:gone/tags", data={"csrf_token": token, "add": "x"})
    export = await (await client.get("/counselor/admin/person/web:gone/export.json")).json()
    assert (
        len(export["messages"]) == 4 and export["notes"][0]["text"] == "private" and export["tags"] == ["x"]
    )
    confirm = await client.get("/counselor/admin/person/web:gone/delete")
    assert "cannot be undone" in await confirm.text()
    wrong = await client.post(
        "/counselor/admin/person/web:gone/delete", data={"csrf_token": token, "confirm": "no"}
    )
    assert wrong.status == 400
    done = await client.post(
        "/counselor/admin/person/web:gone/delete", data={"csrf_token": token, "confirm": "web:gone"}
    )
    assert done.status == 200 and "was deleted" in await done.text()
    async with client.app[DB_KEY].sessionmaker() as db:
        for model in (Conversation, Message, Note, ConversationTag):
            n = await db.scalar(select(func.count()).select_from(model).where(model.sender_id == "web:gone"))
            assert n == 0, model
        assert await db.get(Conversation, "web:stays") is not None
        entry = await db.scalar(select(AuditEntry).where(AuditEntry.action == "delete_person"))
        assert (
            entry.target == "web:gone"
            and entry.detail["messages"] == 4
            and entry.detail["tracker_events"] == 1
        )
    async with tracker.engine.connect() as conn:
        assert [r[0] for r in await conn.execute(text("SELECT sender_id FROM events"))] == ["web:stays"]


async def test_admin_adds_counselor_and_purges(client, login_as) -> None:
    await login_as("admin")
    token = await csrf_of(client, "/counselor/admin/counselors")
    resp = await client.post(
        "/counselor/admin/counselors",
        data={
            "csrf_token": token,
            "email": "New@Example.org",
            "role": "counselor",
            "password": "a long password 1",
        },
    )
    assert "Added new@example.org" in await resp.text()
    short = await client.post(
        "/counselor/admin/counselors",
        data={"csrf_token": token, "email": "x@example.org", "role": "counselor", "password": "short"},
    )
    assert "at least 12" in await short.text()
    await seed(client, "web:old", [("hi", "hello")])
    await seed(client, "web:new", [("hi", "hello")])
    async with client.app[DB_KEY].sessionmaker() as db:
        await db.execute(
            update(Conversation)
            .where(Conversation.sender_id == "web:old")
            .values(last_message_at=utcnow() - timedelta(days=40))
        )
        await db.commit()
    resp = await client.post("/counselor/admin/purge", data={"csrf_token": token, "days": "30"})
    assert "removed 1 conversation" in await resp.text()
    async with client.app[DB_KEY].sessionmaker() as db:
        assert await db.get(Conversation, "web:old") is None and await db.get(Conversation, "web:new")
    audit = await (await client.get("/counselor/admin/audit")).text()
    assert "add_counselor" in audit and "purge" in audit

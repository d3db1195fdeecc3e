"""Shared machinery for the reliability suite: where Rasa lives, an event loop in a thread, app DB audits.

`Backend` says which Rasa and action server a gateway under test talks to: the real ones of the session's
`pivot_stack` (end-to-end, `live`), or the REST-contract doubles of tests/bot/fakes.py (`fake`), which let a
test count exactly what reached Rasa. `LoopThread` runs aiohttp servers (the gateway, the doubles, the TCP
proxies) on their own event loop, so synchronous drivers such as Schemathesis and Hypothesis can call them
over real sockets, and a test can stop one part while others keep running.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import socket
import tempfile
import threading
import unicodedata
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy import create_engine, text

from bot.db import sync_url
from bot.settings import Settings
from tests.reliability.doors import API_KEY, WIDGET_SECRET

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Backend:
    """Where the gateway under test sends messages; `fake_rasa` is set only for the doubles."""

    name: str
    rasa_url: str
    rasa_token: str
    actions_url: str
    kb_database_url: str
    tracker_database_url: str
    fake_rasa: Any = None
    fake_actions: Any = None

    @property
    def live(self) -> bool:
        return self.fake_rasa is None

    def settings(self, workdir: Path, **changes: Any) -> Settings:
        """Gateway settings with a fresh app DB under `workdir`; a high rate limit unless a test sets one.

        The app DB is a copy of one migrated once per run (Alembic takes about a second per database)."""
        app_db = workdir / "app.db"
        if "app_database_url" not in changes and not app_db.exists():
            shutil.copyfile(migrated_template(), app_db)
        base = Settings(
            port=8080,
            host="127.0.0.1",
            rasa_urls=(self.rasa_url,),
            rasa_token=self.rasa_token,
            rasa_timeout_s=60.0,
            actions_url=self.actions_url,
            app_database_url=f"sqlite:///{workdir / 'app.db'}",
            kb_database_url=self.kb_database_url,
            tracker_database_url=self.tracker_database_url,
            allowed_origins=("https://college.example",),
            rate_limit_per_minute=100_000,
            rate_limit_per_address_per_minute=0,  # every test client is 127.0.0.1
            rate_limit_global_per_minute=0,
            widget_secret=WIDGET_SECRET,
            api_keys=(API_KEY,),
            migrate_on_start="app_database_url" in changes,
        )
        return base.replace(**changes)


@functools.cache
def migrated_template() -> Path:
    """An empty app DB at Alembic head, made once per test process."""
    from bot.db import migrate

    path = Path(tempfile.mkdtemp(prefix="pivot-reliability-")) / "app-template.db"
    migrate(f"sqlite:///{path}")
    return path


def live_backend(stack: Any) -> Backend:
    env = stack.env()
    return Backend(
        name="live",
        rasa_url=stack.rasa_url,
        rasa_token=stack.token,
        actions_url=f"http://127.0.0.1:{stack.actions_port}",
        kb_database_url=env["KB_DATABASE_URL"],
        tracker_database_url=env["TRACKER_DATABASE_URL"],
    )


async def start_fake_backend(workdir: Path) -> tuple[Backend, list[web.AppRunner]]:
    """FakeRasa + FakeActions on free ports of the running loop; returns the runners to clean up."""
    import sqlite3

    from tests.bot.fakes import FakeActions, FakeRasa

    rasa, actions = FakeRasa(), FakeActions()
    runners = []
    urls = []
    for app in (rasa.app(), actions.app()):
        runner, port = await serve(app)
        runners.append(runner)
        urls.append(f"http://127.0.0.1:{port}")
    rasa.url, actions.url = urls
    kb = workdir / "knowledge.db"
    sqlite3.connect(kb).close()  # health only checks that the file exists and answers
    backend = Backend(
        name="fake",
        rasa_url=rasa.url,
        rasa_token=rasa.token,
        actions_url=actions.url,
        kb_database_url=f"sqlite:///{kb}",
        tracker_database_url=f"sqlite:///{workdir / 'tracker.db'}",
        fake_rasa=rasa,
        fake_actions=actions,
    )
    return backend, runners


async def serve(app: web.Application, port: int = 0) -> tuple[web.AppRunner, int]:
    """Run `app` on 127.0.0.1 (a free port unless given) in the current loop."""
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=15)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port or free_port())
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - the bound port


class LoopThread:
    """An asyncio loop in a daemon thread; `run(coro)` waits for the result from synchronous code."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="reliability-loop", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 120) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self.loop.close()


@dataclass
class ThreadedGateway:
    """The real gateway (`init_app(settings)`) served from a `LoopThread`, plus the fakes when used."""

    settings: Settings
    loop: LoopThread
    backend: Backend
    runners: list[web.AppRunner] = field(default_factory=list)
    port: int = 0
    app: web.Application | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ThreadedGateway:
        from bot.app import init_app

        async def go() -> None:
            self.app = await init_app(self.settings)
            runner, self.port = await serve(self.app, self.port)
            self.runners.append(runner)

        self.loop.run(go())
        return self

    def stop(self) -> None:
        async def go() -> None:
            while self.runners:
                await self.runners.pop().cleanup()

        self.loop.run(go())


# --------------------------------------------------------------------------- app DB audit
def expected_text(raw: str) -> str:
    """What the gateway promises to store for a typed message: control characters dropped, NFC, trimmed,
    and leading slashes dropped (a `/payload` is honoured only for a button the bot offered; the widget
    menu's `/restart` is kept).

    Written out here rather than imported from bot.validation so the check is independent of the code."""
    kept = "".join(ch for ch in raw if ch in "\t\n\r" or not (ord(ch) < 32 or ord(ch) == 0x7F))
    text = unicodedata.normalize("NFC", kept).strip()
    return text.lstrip("/").strip() if text.startswith("/") and text != "/restart" else text


@dataclass(frozen=True)
class Exchange:
    inbound: str
    replies: list[str]
    client_id: str | None


def audit(url: str, sender_id: str | None = None) -> dict[str, list[Exchange]]:
    """Read the app DB (sync driver, its own connection) and check it is whole, per conversation:

    - every message belongs to a stored conversation;
    - a conversation's rows, in id order, are exchanges: one `in` row followed by the `out` rows written in
      the same transaction (same `created_at`, same `client_id`), or `counselor` rows;
    - no text holds a NUL or another control character the gateway promises to drop;
    - an inbound `client_id` appears at most once per conversation.
    Returns the exchanges per sender so tests can compare them with what they sent.
    """
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            senders = {r[0] for r in conn.execute(text("SELECT sender_id FROM conversations"))}
            q = "SELECT id, sender_id, direction, text, client_id, created_at FROM messages"
            params: dict[str, Any] = {}
            if sender_id is not None:
                q += " WHERE sender_id = :s"
                params["s"] = sender_id
            rows = conn.execute(text(q + " ORDER BY sender_id, id"), params).all()
    finally:
        engine.dispose()
    out: dict[str, list[Exchange]] = {}
    current: dict[str, tuple[Exchange, Any]] = {}
    seen_client_ids: set[tuple[str, str]] = set()
    for _id, sender, direction, body, client_id, created in rows:
        assert sender in senders, f"message {_id} of {sender} has no conversation row"
        assert expected_text(body) == body.strip() or direction != "in", f"uncleaned text stored: {body!r}"
        assert "\x00" not in body, f"NUL stored in message {_id}"
        exchanges = out.setdefault(sender, [])
        if direction == "in":
            if client_id is not None:
                assert (sender, client_id) not in seen_client_ids, f"client_id {client_id} stored twice"
                seen_client_ids.add((sender, client_id))
            ex = Exchange(body, [], client_id)
            exchanges.append(ex)
            current[sender] = (ex, created)
        elif direction == "out":
            assert sender in current, f"reply {_id} of {sender} has no message before it"
            ex, in_created = current[sender]
            assert created == in_created and client_id == ex.client_id, (
                f"reply {_id} of {sender} was not written with its message"
            )
            ex.replies.append(body)
        else:
            assert direction == "counselor", f"unknown direction {direction!r}"
    return out

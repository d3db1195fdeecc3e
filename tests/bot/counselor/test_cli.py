"""`python -m bot counselor add|list|purge` against a real SQLite app DB."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot import store
from bot.counselor.auth import _verify_sync
from bot.counselor.cli import main
from bot.counselor.models import AuditEntry, Counselor
from bot.db import Conversation, Database, utcnow
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def cli_settings(tmp_path: Path) -> Settings:
    return Settings(
        app_database_url=f"sqlite:///{tmp_path}/app.db", tracker_database_url=f"sqlite:///{tmp_path}/t.db"
    )


def rows(settings: Settings, stmt):  # noqa: ANN001, ANN201
    async def go():  # noqa: ANN202
        db = Database.from_url(settings.app_database_url)
        try:
            async with db.sessionmaker() as s:
                return list(await s.scalars(stmt))
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_add_with_password_stdin(cli_settings: Settings, capsys) -> None:
    pw = io.StringIO("a very good password\n")
    assert (
        main(["add", "Sam@Example.org", "--role", "admin", "--password-stdin"], cli_settings, stdin=pw) == 0
    )
    assert "added admin sam@example.org" in capsys.readouterr().out
    [c] = rows(cli_settings, select(Counselor))
    assert c.email == "sam@example.org" and c.role == "admin"
    assert c.password_hash.startswith("$argon2id$") and _verify_sync(c.password_hash, "a very good password")
    [a] = rows(cli_settings, select(AuditEntry))
    assert (a.actor, a.action, a.target) == ("cli", "add_counselor", "sam@example.org")
    again = io.StringIO("a very good password\n")
    assert main(["add", "sam@example.org", "--password-stdin"], cli_settings, stdin=again) == 1


def test_add_refuses_short_password(cli_settings: Settings) -> None:
    with pytest.raises(SystemExit, match="at least 12"):
        main(["add", "a@example.org", "--password-stdin"], cli_settings, stdin=io.StringIO("short\n"))


def test_purge_deletes_old_conversations(cli_settings: Settings, capsys) -> None:
    async def seed() -> None:
        db = Database.from_url(cli_settings.app_database_url)
        for sid in ("web:old", "web:new"):
            await store.record_exchange(db, sid, "hi", [{"text": "hello", "buttons": []}])
        async with db.sessionmaker() as s:
            old = utcnow() - timedelta(days=10)
            await s.execute(
                update(Conversation).where(Conversation.sender_id == "web:old").values(last_message_at=old)
            )
            await s.commit()
        await db.dispose()

    main(["list"], cli_settings)  # migrates
    asyncio.run(seed())
    assert main(["purge", "--days", "7"], cli_settings) == 0
    assert "deleted 1 conversations" in capsys.readouterr().out
    assert rows(cli_settings, select(Conversation.sender_id)) == ["web:new"]


def test_module_entry_point(tmp_path: Path) -> None:
    """The real command line: `python -m bot counselor add … --password-stdin`."""
    env = {
        "APP_DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "counselor", "add", "x@example.org", "--password-stdin"],
        input="another good password\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "added counselor x@example.org" in proc.stdout

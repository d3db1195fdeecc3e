"""`python -m bot counselor …`: accounts and retention, for operators at a shell.

    python -m bot counselor add EMAIL [--role admin|counselor] [--password-stdin]
    python -m bot counselor list
    python -m bot counselor purge [--days N]      # default RETENTION_DAYS; safe to run daily

Passwords come from an interactive prompt (asked twice) or, for scripts, one line on stdin.
Every change is written to the audit log with actor `cli`.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import store
from bot.counselor.auth import hash_password_async
from bot.counselor.models import ROLES, Counselor
from bot.counselor.queries import audit
from bot.db import Database, migrate
from bot.settings import Settings

MIN_PASSWORD_CHARS = 12


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot counselor", description="Counselor dashboard admin.")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create a counselor account")
    add.add_argument("email")
    add.add_argument("--role", choices=ROLES, default="counselor")
    add.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    sub.add_parser("list", help="list counselor accounts")
    purge = sub.add_parser("purge", help="delete conversations idle longer than N days, everywhere")
    purge.add_argument("--days", type=int, default=None, help="default: RETENTION_DAYS")
    return parser


def _read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise SystemExit("passwords differ")
    return first


async def _add(db: Database, email: str, role: str, password: str) -> int:
    password_hash = await hash_password_async(password)
    async with db.sessionmaker() as session:
        session.add(Counselor(email=email, role=role, password_hash=password_hash, failed_attempts=0))
        try:
            await session.commit()
        except IntegrityError:
            print(f"{email} already has an account", file=sys.stderr)
            return 1
        await audit(session, "cli", "add_counselor", email, role=role)
    print(f"added {role} {email}")
    return 0


async def _list(db: Database) -> int:
    async with db.sessionmaker() as session:
        for c in await session.scalars(select(Counselor).order_by(Counselor.email)):
            print(f"{c.email}\t{c.role}\tcreated {c.created_at:%Y-%m-%d}")
    return 0


async def _purge(db: Database, tracker: Database, days: int) -> int:
    """The gateway's own retention sweep (`store.purge_expired`), on demand."""
    deleted = await store.purge_expired(db, days, tracker)
    async with db.sessionmaker() as session:
        await audit(session, "cli", "purge", None, days=days, conversations=deleted)
    print(f"deleted {deleted} conversations idle for more than {days} days")
    return 0


async def _run(args: argparse.Namespace, settings: Settings, password: str | None) -> int:
    db = Database.from_url(settings.app_database_url)
    tracker = Database.from_url(settings.tracker_database_url)
    try:
        if args.command == "add":
            assert password is not None
            return await _add(db, args.email.strip().lower(), args.role, password)
        if args.command == "list":
            return await _list(db)
        return await _purge(db, tracker, args.days or settings.retention_days)
    finally:
        await db.dispose()
        await tracker.dispose()


def main(argv: Sequence[str], settings: Settings, stdin: TextIO | None = None) -> int:
    args = _parser().parse_args(list(argv))
    password = None
    if args.command == "add":
        if "@" not in args.email:
            raise SystemExit(f"not an email address: {args.email!r}")
        password = _read_password(args.password_stdin, stdin or sys.stdin)
        if len(password) < MIN_PASSWORD_CHARS:
            raise SystemExit(f"passwords need at least {MIN_PASSWORD_CHARS} characters")
    if args.command == "purge" and args.days is not None and args.days < 1:
        raise SystemExit("--days must be at least 1")
    migrate(settings.app_database_url)  # idempotent; the dashboard tables may be new
    return asyncio.run(_run(args, settings, password))

"""The counselor dashboard with 10,000 conversations: p50/p95 time of each page, through the real gateway.

    python -m bench.dashboard [--conversations 10000] [--requests 40] [--postgres] [--json]

Fills a fresh app DB (SQLite file, or a throw-away PostgreSQL database with `--postgres`) with
conversations that carry cached summaries as the after-turn rebuild leaves them (30 moves, limits,
recommendations, a synopsis) and 8 messages each, starts `python -m bot serve` on it (Rasa not running:
no page may need it), logs in and requests each page `--requests` times in turn, one at a time. The figures
are the wall-clock time of the whole response, seen by the client on a loopback socket, and the gateway
process's CPU time per request (psutil), which moves less when other work shares the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench password 1"  # noqa: S105 - a throw-away account in a temporary database
EMAIL = "bench@example.org"
BATCH = 1000
MESSAGES_EACH = 8
MOVES = [
    ("bank teller", "fintech"), ("accountant", "data analytics"), ("teacher", "instructional design"),
    ("nurse", "health informatics"), ("retail manager", "project management"), ("chef", "food safety"),
    ("truck driver", "logistics"), ("paralegal", "compliance"), ("graphic designer", "ux design"),
    ("call center agent", "it support"), ("soldier", "cybersecurity"), ("pharmacist", "clinical research"),
    ("librarian", "data science"), ("journalist", "content marketing"), ("electrician", "solar energy"),
]  # fmt: skip
PAGES = {  # name -> path (page 100 of 200, the last page, filters over summary facts and messages)
    "inbox_first_page": "/counselor/",
    "inbox_page_100": "/counselor/?page=100",
    "inbox_last_page": "/counselor/?page=200",
    "inbox_target_filter": "/counselor/?target=data&reviewed=no",
    "inbox_fallbacks_page_2": "/counselor/?fallbacks=yes&page=2",
    "inbox_text_search": "/counselor/?q=evenings",
    "handoffs": "/counselor/handoffs",
    "conversation": "/counselor/c/web:bench-00042",
}
SLOW_PAGES = {"export_csv_all": "/counselor/export.csv"}  # every conversation in one file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fake_summary(i: int, sender_id: str) -> dict[str, Any]:
    from bot.counselor.summary import FieldRef, Recommended, Summary, synopsis

    current, target = MOVES[i % len(MOVES)]
    s = Summary(sender_id=sender_id, source="tracker+gateway", channel="web", site="college.example")
    s.current_field = FieldRef(f"occ:{i % 97}", current, current.title())
    s.target_field = FieldRef(f"field:{target.replace(' ', '_')}", target, target.title())
    s.user_turns, s.bot_turns = MESSAGES_EACH // 2, MESSAGES_EACH // 2
    s.constraints = {"budget": 500 + 100 * (i % 5), "format": "online"} if i % 2 else {}
    s.asked = f"I've been a {current} for {5 + i % 20} years; can I get into {target} studying evenings?"
    s.recommendations = [
        Recommended(f"cur:cert-{i % 40}-{k}", f"Certificate {k} in {target}", "Issuer", "closes 3 skills", k)
        for k in range(1, 6)
    ]
    s.recommended = [r.id for r in s.recommendations]
    s.names = {r.id: r.name for r in s.recommendations}
    s.fallback_count = 1 if i % 7 == 0 else 0
    s.handoff_requested = i % 25 == 0
    s.synopsis = synopsis(s)
    return s.to_json()


async def fill(url: str, n: int) -> None:
    from bot.counselor.auth import hash_password
    from bot.counselor.models import Counselor
    from bot.db import Conversation, Database, Message, migrate, utcnow

    await asyncio.to_thread(migrate, url)
    db = Database.from_url(url)
    now = utcnow()
    try:
        for start in range(0, n, BATCH):
            convs, msgs = [], []
            for i in range(start, min(n, start + BATCH)):
                sid = f"web:bench-{i:05d}"
                last = now - timedelta(minutes=8 * i)  # 10,000 conversations over ~8 weeks
                summary = fake_summary(i, sid)
                convs.append(
                    {
                        "sender_id": sid, "channel": "web", "site": "college.example", "created_at": last,
                        "last_message_at": last, "handoff_requested": summary["handoff_requested"],
                        "handoff_at": last if summary["handoff_requested"] else None,
                        "reviewed": i % 3 == 0, "summary_json": json.dumps(summary),
                        "summary_updated_at": last,
                    }
                )  # fmt: skip
                for k in range(MESSAGES_EACH):
                    text = summary["asked"] if k == 0 else f"message {k} of conversation {i}"
                    msgs.append(
                        {"sender_id": sid, "direction": "in" if k % 2 == 0 else "out", "text": text,
                         "created_at": last - timedelta(seconds=MESSAGES_EACH - k)}
                    )  # fmt: skip
            async with db.sessionmaker() as session:
                await session.execute(insert(Conversation), convs)
                await session.execute(insert(Message), msgs)
                await session.commit()
        async with db.sessionmaker() as session:
            session.add(Counselor(email=EMAIL, role="admin", password_hash=hash_password(PASSWORD)))
            await session.commit()
    finally:
        await db.dispose()


def cpu_s(pid: int) -> float:
    import psutil

    t = psutil.Process(pid).cpu_times()
    return float(t.user + t.system)


async def measure(base: str, requests: int, pid: int) -> dict[str, Any]:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/counselor/login") as resp:
            page = await resp.text()
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        async with http.post(
            f"{base}/counselor/login",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": token, "next": "/counselor/"},
            allow_redirects=False,
        ) as resp:
            if resp.status != 303:
                raise RuntimeError(f"login failed: HTTP {resp.status}")
        out: dict[str, Any] = {}
        for pages, reps in ((PAGES, requests), (SLOW_PAGES, max(3, requests // 10))):
            for name, path in pages.items():
                times, size = [], 0
                cpu_before = cpu_s(pid)
                for _ in range(reps):
                    start = time.perf_counter()
                    async with http.get(base + path) as resp:
                        body = await resp.read()
                        if resp.status != 200:
                            raise RuntimeError(f"{path}: HTTP {resp.status}")
                    times.append((time.perf_counter() - start) * 1000)
                    size = len(body)
                cpu_ms = (cpu_s(pid) - cpu_before) * 1000 / reps
                times.sort()
                out[name] = {
                    "path": path,
                    "requests": reps,
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                    "gateway_cpu_ms_mean": round(cpu_ms, 1),  # less sensitive to other load than wall time
                    "bytes": size,
                }
        return out


def start_gateway(url: str, workdir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "APP_DATABASE_URL": url,
        "KB_DATABASE_URL": f"sqlite:///{workdir}/kb.db",
        "TRACKER_DATABASE_URL": f"sqlite:///{workdir}/tracker.db",
        "RASA_URLS": "http://127.0.0.1:9",  # nothing listens: no dashboard page may need Rasa
        "ACTIONS_URL": "http://127.0.0.1:9",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "SESSION_SECRET": secrets.token_urlsafe(32),
        "LOG_LEVEL": "WARNING",
    }
    log = open(workdir / "gateway.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", "serve"], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def wait_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gateway exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gateway did not start")


def pg_database() -> tuple[str, str]:
    import psycopg

    name = f"pivot_bench_dash_{secrets.token_hex(4)}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(conversations: int, requests: int, postgres: bool) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="pivot-bench-dashboard-"))
    pg_name = None
    if postgres:
        pg_name, url = pg_database()
    else:
        url = f"sqlite:///{workdir}/app.db"
    try:
        start = time.perf_counter()
        asyncio.run(fill(url, conversations))
        fill_s = round(time.perf_counter() - start, 1)
        port = free_port()
        proc = start_gateway(url, workdir, port)
        try:
            wait_listening(port, proc)
            pages = asyncio.run(measure(f"http://127.0.0.1:{port}", requests, proc.pid))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        if pg_name:
            drop_pg(pg_name)
    listing = [v for k, v in pages.items() if k.startswith("inbox")]
    return {
        "database": "postgresql" if postgres else "sqlite",
        "conversations": conversations,
        "messages": conversations * MESSAGES_EACH,
        "fill_seconds": fill_s,
        "inbox_p95_ms_worst": max(v["p95_ms"] for v in listing),
        "pages": pages,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard")
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40, help="requests per page")
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL at 127.0.0.1:5432 instead of SQLite"
    )
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args(argv)
    if args.conversations < 1 or args.requests < 1:
        parser.error("--conversations and --requests must be at least 1")
    figures = run(args.conversations, args.requests, args.postgres)
    if not args.json:
        print(f"{figures['conversations']} conversations on {figures['database']}:")
        for name, row in figures["pages"].items():
            print(
                f"  {name:24} p50 {row['p50_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms"
                f"   CPU {row['gateway_cpu_ms_mean']:7.1f} ms   {row['bytes']:,} bytes"
            )
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Several gateway processes against this machine's Redis (issue 14): real `python -m bot serve` processes,
a fake Rasa that records how many turns of one sender overlap (tests/bot/fakes.py), SQLite app DB shared
by the processes.

- Two processes on two ports sharing Redis: one sender's messages sent to both, each while the earlier ones
  wait, reach Rasa in the order sent, one at a time; the per-sender rate limit holds across both.
- `GATEWAY_WORKERS=2` on one port: both processes listen on it (SO_REUSEPORT) and answer, only worker 0
  long-polls Telegram (a fake Bot API counts the calls) and an update is answered once; stopping one
  worker stops the set.
Skipped when Redis is not on 127.0.0.1:6379.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.bot.fakes import FakeActions, FakeRasa
from tests.services import REDIS_URL, needs_redis

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "test-integration-key-0123456789"
HEADERS = {"X-API-Key": API_KEY}
PER_SENDER = 6


pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    needs_redis(),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SlowRasa(FakeRasa):
    """Takes 0.25 s a turn, so turns that were let through together would overlap."""

    delay_s: float = 0.25


@pytest.fixture(scope="session")
def app_db_template(tmp_path_factory) -> Path:
    from bot.db import migrate

    path = tmp_path_factory.mktemp("gw_template") / "app.db"
    migrate(f"sqlite:///{path}")
    return path


async def _start(server_factory, obj):
    server = await server_factory(obj.app())
    obj.url = str(server.make_url("")).rstrip("/")
    return obj


@pytest.fixture
async def base_env(tmp_path, aiohttp_server, app_db_template):
    rasa = await _start(aiohttp_server, SlowRasa(delay_s=0.25))
    actions = await _start(aiohttp_server, FakeActions())
    shutil.copy(app_db_template, tmp_path / "app.db")
    sqlite3.connect(tmp_path / "knowledge.db").close()
    prefix = f"test:gw:{secrets.token_hex(4)}:"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "HOST": "127.0.0.1",
        "RASA_URLS": rasa.url,
        "RASA_TOKEN": rasa.token,
        "ACTIONS_URL": actions.url,
        "APP_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "KB_DATABASE_URL": f"sqlite:///{tmp_path / 'knowledge.db'}",
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "API_KEYS": API_KEY,
        "REDIS_URL": REDIS_URL,
        "REDIS_PREFIX": prefix,
        "RATE_LIMIT_PER_MINUTE": str(PER_SENDER),
        "MIGRATE_ON_START": "0",
        "LOG_LEVEL": "WARNING",
    }
    yield env, rasa, prefix
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(REDIS_URL)
    keys = [k async for k in client.scan_iter(f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


class Procs:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.procs: list[subprocess.Popen] = []

    def start(self, env: dict[str, str], name: str) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def procs(tmp_path):
    p = Procs(tmp_path)
    yield p
    p.stop()


async def _wait_up(
    http: aiohttp.ClientSession, port: int, proc: subprocess.Popen, timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the gateway exited"
        try:
            async with http.get(f"http://127.0.0.1:{port}/api/v1/openapi.json") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"gateway on {port} never answered")


async def _send(http: aiohttp.ClientSession, port: int, sender: str, text: str) -> tuple[int, dict]:
    async with http.post(
        f"http://127.0.0.1:{port}/api/v1/messages", json={"sender_id": sender, "text": text}, headers=HEADERS
    ) as resp:
        return resp.status, await resp.json()


async def test_one_sender_across_two_processes_in_order_one_at_a_time_within_one_budget(base_env, procs):
    env, rasa, prefix = base_env
    ports = [free_port(), free_port()]
    started = [
        procs.start({**env, "PORT": str(port), "GATEWAY_WORKER_INDEX": str(i)}, f"gw{i}")
        for i, port in enumerate(ports)
    ]
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(REDIS_URL)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
        for port, proc in zip(ports, started, strict=True):
            await _wait_up(http, port, proc)

        # ordering: each message is sent while the earlier ones are running or waiting (its ticket is in
        # Redis before the next goes), alternating processes and twice the same one in a row
        sender = f"api:order-{secrets.token_hex(4)}"
        queue = f"{prefix}turn:{{{sender}}}:q"
        targets = [0, 1, 0, 0, 1, 1]
        texts = [f"message {i}" for i in range(len(targets))]
        tasks = []
        for i, (target, text) in enumerate(zip(targets, texts, strict=True)):
            tasks.append(asyncio.create_task(_send(http, ports[target], sender, text)))
            for _ in range(400):
                if await client.zcard(queue) >= i + 1 or len([t for t in rasa.texts() if t in texts]) > i:
                    break
                await asyncio.sleep(0.005)
            else:
                raise AssertionError(f"message {i} never queued: {procs.log(f'gw{target}')}")
        results = await asyncio.gather(*tasks)
        assert [status for status, _ in results] == [200] * len(texts), results
        assert [body["messages"][0]["text"] for _, body in results] == [f"You said: {t}" for t in texts]
        got = [c["message"] for c in rasa.calls if c["sender"] == sender]
        assert got == texts  # in the order sent, across both processes
        assert rasa.max_in_flight_per_sender[sender] == 1  # never two turns of one sender at once
        assert await client.zcard(queue) == 0  # every ticket released by its owner

        # rate limit: PER_SENDER a minute, whichever process is asked
        limited = f"api:rate-{secrets.token_hex(4)}"
        statuses = []
        for i in range(PER_SENDER + 4):
            status, _ = await _send(http, ports[i % 2], limited, f"hello {i}")
            statuses.append(status)
        assert statuses.count(200) == PER_SENDER and statuses.count(429) == 4, statuses
        assert len([c for c in rasa.calls if c["sender"] == limited]) == PER_SENDER
    await client.aclose()


async def test_gateway_workers_share_one_port_and_poll_telegram_once(base_env, procs, aiohttp_server):
    psutil = pytest.importorskip("psutil")
    from tests.bot.telegram.fake_bot_api import FakeBotApi
    from tests.bot.telegram.updates import text_message

    env, rasa, _prefix = base_env
    bot_api = FakeBotApi()
    server = await aiohttp_server(bot_api.app())
    port = free_port()
    supervisor = procs.start(
        {
            **env,
            "PORT": str(port),
            "GATEWAY_WORKERS": "2",
            "TELEGRAM_BOT_TOKEN": bot_api.token,
            "TELEGRAM_API_BASE_URL": str(server.make_url("")).rstrip("/") + "/bot",
        },
        "workers",
    )
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
        await _wait_up(http, port, supervisor)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            workers = psutil.Process(supervisor.pid).children()
            listening = [
                w
                for w in workers
                if any(c.status == "LISTEN" and c.laddr.port == port for c in w.net_connections("tcp"))
            ]
            if len(listening) == 2 and len(bot_api.named("getMe")) == 2 and bot_api.named("deleteWebhook"):
                break
            await asyncio.sleep(0.2)
        assert len(workers) == 2 and len(listening) == 2, procs.log("workers")  # both bound the port
        assert len(bot_api.named("getMe")) == 2  # both can send (counselor replies, the outbox)
        await asyncio.sleep(1.0)  # time for a second poller to show itself, if there were one
        assert len(bot_api.named("deleteWebhook")) == 1  # PTB's start_polling: worker 0 only
        assert len(bot_api.named("setMyCommands")) == 1
        bot_api.add_update(bot_api.incoming(text_message(1001, "hello from telegram")))
        for _ in range(100):
            if any("hello from telegram" in t for t in bot_api.sent_texts()):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        assert [t for t in bot_api.sent_texts() if "hello from telegram" in t] == [
            "You said: hello from telegram"
        ]
        assert rasa.texts().count("hello from telegram") == 1
        # many new connections: every one answered, whichever worker the kernel gave it to
        for _ in range(10):
            async with aiohttp.ClientSession() as fresh:
                async with fresh.get(f"http://127.0.0.1:{port}/api/v1/openapi.json") as resp:
                    assert resp.status == 200
        await bot_api._wake_pollers(None)  # long polls answer at once, so worker 0 stops quickly
        workers[1].send_signal(signal.SIGTERM)  # one worker goes: the set stops
        supervisor.wait(timeout=20)
        assert not any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers)
